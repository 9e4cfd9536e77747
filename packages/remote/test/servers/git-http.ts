/**
 * A git smart-HTTP server for tests: node:http in front of `git http-backend` (CGI), listening on
 * 127.0.0.1 with a random port. Optional Basic auth (any user name, the token as password) and an
 * `intercept` hook to answer some requests with a status of the test's choosing (429, 500…).
 *
 *   const repo = await createBareRepo(root, "demo", plantedFiles());
 *   const server = await startGitServer({ root, token: "s3cret" });
 *   // clone `${server.url}/demo.git`, then
 *   await server.close();
 *
 * Needs the system `git` (any 2.x with http-backend).
 */
import { spawn, execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { promisify } from "node:util";
import { createGunzip } from "node:zlib";

import { toBytes } from "./fixtures.js";

const run = promisify(execFile);

/** Environment that keeps the machine's git configuration out of the tests. */
function gitEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH ?? "/usr/bin:/bin",
    HOME: tmpdir(),
    GIT_CONFIG_NOSYSTEM: "1",
    GIT_CONFIG_GLOBAL: "/dev/null",
    GIT_AUTHOR_NAME: "Watchtower Test",
    GIT_AUTHOR_EMAIL: "test@example.invalid",
    GIT_COMMITTER_NAME: "Watchtower Test",
    GIT_COMMITTER_EMAIL: "test@example.invalid",
    GIT_AUTHOR_DATE: "2024-01-01T00:00:00Z",
    GIT_COMMITTER_DATE: "2024-01-01T00:00:00Z",
    ...extra,
  };
}

async function git(cwd: string, ...args: string[]): Promise<string> {
  const { stdout } = await run("git", args, { cwd, env: gitEnv(), maxBuffer: 16 << 20 });
  return stdout.trim();
}

export interface BareRepo {
  /** Absolute path of `<root>/<name>.git`. */
  path: string;
  /** Commit of the default branch (main). */
  commit: string;
  /** Commits of the extra branches, by name. */
  branches: Record<string, string>;
}

/**
 * Creates `<root>/<name>.git` (bare) whose `main` holds `files`. `history` commits come first
 * (older content, so a shallow clone can be told apart from a full one); `branches` adds branches
 * with their own files on top of main; `tags` are lightweight tags on main's tip.
 */
export async function createBareRepo(
  root: string,
  name: string,
  files: Record<string, string | Uint8Array>,
  options: { branches?: Record<string, Record<string, string | Uint8Array>>; tags?: string[]; annotatedTags?: string[]; history?: number } = {},
): Promise<BareRepo> {
  const work = await mkdtemp(join(tmpdir(), "wt-git-work-"));
  try {
    await git(work, "init", "-q", "-b", "main");
    const write = async (set: Record<string, string | Uint8Array>) => {
      for (const [path, content] of Object.entries(set)) {
        const target = join(work, ...path.split("/"));
        await mkdir(dirname(target), { recursive: true });
        await writeFile(target, toBytes(content));
      }
    };
    for (let i = 0; i < (options.history ?? 0); i++) {
      await writeFile(join(work, "HISTORY.txt"), `older revision ${i}\n`);
      await git(work, "add", "-A");
      await git(work, "commit", "-q", "-m", `older ${i}`);
    }
    if (options.history) await git(work, "rm", "-q", "HISTORY.txt");
    await write(files);
    await git(work, "add", "-A");
    await git(work, "commit", "-q", "-m", "planted files");
    const commit = await git(work, "rev-parse", "HEAD");
    for (const tag of options.tags ?? []) await git(work, "tag", tag);
    for (const tag of options.annotatedTags ?? []) await git(work, "tag", "-a", "-m", `release ${tag}`, tag);
    const branches: Record<string, string> = {};
    for (const [branch, set] of Object.entries(options.branches ?? {})) {
      await git(work, "checkout", "-q", "-b", branch, "main");
      await write(set);
      await git(work, "add", "-A");
      await git(work, "commit", "-q", "-m", `branch ${branch}`);
      branches[branch] = await git(work, "rev-parse", "HEAD");
    }
    if (options.branches) await git(work, "checkout", "-q", "main");
    const path = join(root, `${name}.git`);
    await git(root, "clone", "-q", "--bare", work, path);
    return { path, commit, branches };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/**
 * Creates `<root>/<name>.git` (bare) with one commit on main whose root tree is written with
 * `git mktree`, which accepts entry names that `git add` never would (`..`, `.git`): for testing
 * that such repositories are refused. `entries` maps a top-level name to a file's content or to a
 * folder of files.
 */
export async function createRawRepo(root: string, name: string, entries: Record<string, string | Record<string, string>>): Promise<string> {
  const path = join(root, `${name}.git`);
  const plumb = (args: string[], input: string) =>
    new Promise<string>((resolve, reject) => {
      const child = execFile("git", ["--git-dir", path, ...args], { env: gitEnv() }, (error, stdout) =>
        error ? reject(error) : resolve(stdout.trim()),
      );
      // Commands that read no input may exit before the write lands: ignore EPIPE there.
      child.stdin!.on("error", () => undefined);
      child.stdin!.end(input);
    });
  await git(root, "init", "-q", "--bare", "-b", "main", path);
  const blob = (content: string) => plumb(["hash-object", "-w", "--stdin"], content);
  const lines: string[] = [];
  for (const [entry, value] of Object.entries(entries)) {
    if (typeof value === "string") {
      lines.push(`100644 blob ${await blob(value)}\t${entry}`);
    } else {
      const inner: string[] = [];
      for (const [file, content] of Object.entries(value)) inner.push(`100644 blob ${await blob(content)}\t${file}`);
      lines.push(`040000 tree ${await plumb(["mktree"], `${inner.join("\n")}\n`)}\t${entry}`);
    }
  }
  const tree = await plumb(["mktree"], `${lines.join("\n")}\n`);
  const commit = await plumb(["commit-tree", tree, "-m", "raw tree"], "");
  await plumb(["update-ref", "refs/heads/main", commit], "");
  return commit;
}

/** The Git LFS pointer text for `content`, and its oid (commit the pointer, serve the content). */
export function lfsPointer(content: string | Uint8Array): { pointer: string; oid: string; size: number } {
  const bytes = toBytes(content);
  const oid = createHash("sha256").update(bytes).digest("hex");
  return { pointer: `version https://git-lfs.github.com/spec/v1\noid sha256:${oid}\nsize ${bytes.length}\n`, oid, size: bytes.length };
}

export interface GitServerOptions {
  /** GIT_PROJECT_ROOT: the folder holding the bare repositories. */
  root: string;
  /**
   * Git LFS: objects this server's batch API (`/<repo>.git/info/lfs/objects/batch`) knows, by oid
   * (see `lfsPointer`). Downloads are served by a second server on another port (another origin),
   * which wants the `x-lfs-ticket` header the batch answer hands out, like real LFS storage.
   */
  lfsObjects?: Record<string, string | Uint8Array>;
  /** When set, every request needs Basic auth whose password is this token (user name ignored). */
  token?: string;
  /** Answer a request before git sees it: return a status (and headers) to short-circuit. */
  intercept?(req: IncomingMessage): { status: number; headers?: Record<string, string>; body?: string } | undefined;
}

export interface RecordedGitRequest {
  method: string;
  url: string;
  authorization?: string;
  status: number;
}

export interface GitServer {
  /** `http://127.0.0.1:<port>`; repositories are at `${url}/<name>.git`. */
  url: string;
  /** Requests to the LFS storage server (downloads), when `lfsObjects` is set. */
  lfsRequests: RecordedGitRequest[];
  /** Every request seen, for assertions (e.g. that a token was or was not sent). */
  requests: RecordedGitRequest[];
  close(): Promise<void>;
}

function checkAuth(req: IncomingMessage, token: string): boolean {
  const header = req.headers.authorization ?? "";
  if (!header.startsWith("Basic ")) return false;
  const decoded = Buffer.from(header.slice(6), "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  return colon >= 0 && decoded.slice(colon + 1) === token;
}

/** Splits a CGI response's header block from its body; returns undefined until the block is complete. */
function splitCgiHeaders(buf: Buffer): { headers: [string, string][]; status: number; rest: Buffer } | undefined {
  let end = buf.indexOf("\r\n\r\n");
  let sep = 4;
  const lf = buf.indexOf("\n\n");
  if (lf >= 0 && (end < 0 || lf < end)) {
    end = lf;
    sep = 2;
  }
  if (end < 0) return undefined;
  const headers: [string, string][] = [];
  let status = 200;
  for (const line of buf.subarray(0, end).toString("latin1").split(/\r?\n/)) {
    const colon = line.indexOf(":");
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim();
    const value = line.slice(colon + 1).trim();
    if (name.toLowerCase() === "status") status = Number.parseInt(value, 10) || 500;
    else headers.push([name, value]);
  }
  return { headers, status, rest: buf.subarray(end + sep) };
}

function bridge(req: IncomingMessage, res: ServerResponse, root: string, user: string | undefined, done: (status: number) => void): void {
  const url = new URL(req.url ?? "/", "http://127.0.0.1");
  const gzip = /gzip/i.test(req.headers["content-encoding"] ?? "");
  const env: NodeJS.ProcessEnv = {
    ...gitEnv(),
    GIT_PROJECT_ROOT: root,
    GIT_HTTP_EXPORT_ALL: "1",
    REQUEST_METHOD: req.method ?? "GET",
    PATH_INFO: decodeURIComponent(url.pathname),
    QUERY_STRING: url.search.slice(1),
    CONTENT_TYPE: req.headers["content-type"] ?? "",
    REMOTE_ADDR: req.socket.remoteAddress ?? "127.0.0.1",
    ...(user ? { REMOTE_USER: user } : {}),
    // Without CONTENT_LENGTH http-backend reads the body until EOF, which is what a gunzipped body needs.
    ...(!gzip && req.headers["content-length"] ? { CONTENT_LENGTH: req.headers["content-length"] } : {}),
    ...(req.headers["git-protocol"] ? { GIT_PROTOCOL: String(req.headers["git-protocol"]) } : {}),
  };
  const child = spawn("git", ["http-backend"], { env, stdio: ["pipe", "pipe", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  child.on("error", (error) => {
    if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain" });
    res.end(`git http-backend failed: ${error.message}`);
    done(500);
  });
  (gzip ? req.pipe(createGunzip()) : req).pipe(child.stdin);
  child.stdin.on("error", () => undefined);

  let head: Buffer | undefined = Buffer.alloc(0);
  let status = 200;
  child.stdout.on("data", (chunk: Buffer) => {
    if (head === undefined) {
      res.write(chunk);
      return;
    }
    head = Buffer.concat([head, chunk]);
    const parsed = splitCgiHeaders(head);
    if (!parsed) return;
    head = undefined;
    status = parsed.status;
    res.writeHead(parsed.status, parsed.headers.flat());
    if (parsed.rest.length) res.write(parsed.rest);
  });
  child.on("close", (code) => {
    if (head !== undefined) {
      status = 500;
      if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain" });
      res.end(`git http-backend exited ${code}: ${stderr}`);
    } else {
      res.end();
    }
    done(status);
  });
}

const LFS_TICKET = "ticket-7f3a";

async function startLfsStorage(objects: Record<string, string | Uint8Array>, requests: RecordedGitRequest[]): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    const record: RecordedGitRequest = {
      method: req.method ?? "GET",
      url: req.url ?? "/",
      ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}),
      status: 200,
    };
    requests.push(record);
    const oid = (req.url ?? "").split("/").pop() ?? "";
    const content = objects[oid];
    if (req.headers["x-lfs-ticket"] !== LFS_TICKET) record.status = 403;
    else if (content === undefined) record.status = 404;
    res.writeHead(record.status, { "content-type": "application/octet-stream" });
    res.end(record.status === 200 ? toBytes(content!) : "");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

/** The LFS batch API: a download action per known object, an error entry for the others. */
function lfsBatch(req: IncomingMessage, res: ServerResponse, objects: Record<string, string | Uint8Array>, storage: string, done: (status: number) => void): void {
  let body = "";
  req.on("data", (d: Buffer) => (body += d.toString()));
  req.on("end", () => {
    let wanted: { oid: string; size: number }[] = [];
    try {
      wanted = (JSON.parse(body) as { objects: { oid: string; size: number }[] }).objects;
    } catch {
      res.writeHead(422, { "content-type": "application/vnd.git-lfs+json" });
      res.end(JSON.stringify({ message: "bad request" }));
      return done(422);
    }
    const answer = wanted.map(({ oid, size }) =>
      objects[oid] === undefined
        ? { oid, size, error: { code: 404, message: "Object does not exist" } }
        : { oid, size, authenticated: true, actions: { download: { href: `${storage}/objects/${oid}`, header: { "x-lfs-ticket": LFS_TICKET } } } },
    );
    res.writeHead(200, { "content-type": "application/vnd.git-lfs+json" });
    res.end(JSON.stringify({ transfer: "basic", objects: answer }));
    done(200);
  });
}

export async function startGitServer(options: GitServerOptions): Promise<GitServer> {
  const requests: RecordedGitRequest[] = [];
  const lfsRequests: RecordedGitRequest[] = [];
  const storage = options.lfsObjects ? await startLfsStorage(options.lfsObjects, lfsRequests) : undefined;
  const server = createServer((req, res) => {
    const record: RecordedGitRequest = {
      method: req.method ?? "GET",
      url: req.url ?? "/",
      ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}),
      status: 0,
    };
    requests.push(record);
    const reply = (status: number, headers: Record<string, string> = {}, body = "") => {
      record.status = status;
      req.resume();
      res.writeHead(status, { "content-type": "text/plain", ...headers });
      res.end(body);
    };
    const short = options.intercept?.(req);
    if (short) return reply(short.status, short.headers, short.body ?? "");
    let user: string | undefined;
    if (options.token !== undefined) {
      if (!checkAuth(req, options.token)) {
        return reply(401, { "www-authenticate": 'Basic realm="watchtower-test"' }, "authentication required\n");
      }
      user = "token-user";
    }
    if (req.method === "POST" && /\.git\/info\/lfs\/objects\/batch$/.test(req.url ?? "")) {
      if (!storage) return reply(404, {}, "no LFS here\n");
      return lfsBatch(req, res, options.lfsObjects!, storage.url, (status) => (record.status = status));
    }
    bridge(req, res, options.root, user, (status) => (record.status = status));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const stop = (s: Server) =>
    new Promise<void>((resolve) => {
      s.closeAllConnections();
      s.close(() => resolve());
    });
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    lfsRequests,
    close: async () => {
      await stop(server);
      if (storage) await stop(storage.server);
    },
  };
}
