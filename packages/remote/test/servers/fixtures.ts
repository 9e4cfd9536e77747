/**
 * The files every test server plants: a notebook whose output leaks a fake AWS key pair, and a
 * protocol-2 pickle whose REDUCE calls posix.system. Both are assembled here at run time so the
 * repository itself stays clean under secret and model scanners.
 */

/** A syntactically valid, fake AWS access key id (AKIA + 16 of [A-Z2-7]); never a real key. */
export function fakeAwsAccessKeyId(): string {
  return ["AK", "IA", "Q7XW", "3MZP", "5RTN", "2B6K"].join("");
}

/** A fake 40-character secret access key that goes with `fakeAwsAccessKeyId`. */
export function fakeAwsSecretAccessKey(): string {
  return ["wJal", "rXUt", "nFEM", "I/K7", "MDEN", "G/bP", "xRfi", "CYzQ", "8rTs", "Lk3d"].join("");
}

/** An nbformat 4 notebook: the second cell printed the credentials into its output. */
export function leakyNotebook(): string {
  const id = fakeAwsAccessKeyId();
  const secret = fakeAwsSecretAccessKey();
  const notebook = {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: {
      kernelspec: { name: "python3", display_name: "Python 3", language: "python" },
      language_info: { name: "python" },
    },
    cells: [
      { cell_type: "markdown", id: "intro", metadata: {}, source: ["# Training run\n"] },
      {
        cell_type: "code",
        id: "creds",
        metadata: {},
        execution_count: 1,
        source: ["import boto3\n", "session = boto3.Session()\n", "print(session.get_credentials().__dict__)\n"],
        outputs: [
          {
            output_type: "stream",
            name: "stdout",
            text: [`aws_access_key_id = ${id}\n`, `aws_secret_access_key = ${secret}\n`],
          },
        ],
      },
    ],
  };
  return `${JSON.stringify(notebook, null, 1)}\n`;
}

/**
 * A protocol-2 pickle equivalent to `os.system("echo pwned")` on load:
 * PROTO 2, GLOBAL 'posix system', BINUNICODE 'echo pwned', TUPLE1, REDUCE, STOP.
 * Built byte by byte; nothing here ever unpickles it.
 */
export function maliciousPickle(command = "echo pwned"): Uint8Array {
  const text = new TextEncoder();
  const arg = text.encode(command);
  const len = new Uint8Array(4);
  new DataView(len.buffer).setUint32(0, arg.length, true);
  const parts: Uint8Array[] = [
    Uint8Array.of(0x80, 0x02), // PROTO 2
    Uint8Array.of(0x63), // GLOBAL
    text.encode("posix\nsystem\n"),
    Uint8Array.of(0x71, 0x00), // BINPUT 0
    Uint8Array.of(0x58), // BINUNICODE
    len,
    arg,
    Uint8Array.of(0x85), // TUPLE1
    Uint8Array.of(0x52), // REDUCE
    Uint8Array.of(0x2e), // STOP
  ];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Path → content of the planted files, shared by the git, S3 and Hub test servers. */
export function plantedFiles(): Record<string, string | Uint8Array> {
  return {
    "README.md": "# demo model\n\nA tiny repository for watchtower-hook's remote-source tests.\n",
    "notebooks/train.ipynb": leakyNotebook(),
    "models/model.pkl": maliciousPickle(),
  };
}

export function toBytes(content: string | Uint8Array): Uint8Array {
  return typeof content === "string" ? new TextEncoder().encode(content) : content;
}
