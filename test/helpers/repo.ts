/** Temporary git repositories and the bundled bin, for end-to-end tests. */
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const PROJECT_ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const BIN = join(PROJECT_ROOT, "bin", "watchtower-hook.js");

const created: string[] = [];

export function tempDir(prefix = "wt-e2e-"): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  created.push(dir);
  return dir;
}

export function cleanupTemp(): void {
  for (const d of created.splice(0)) rmSync(d, { recursive: true, force: true });
}

export function git(cwd: string, ...args: string[]): string {
  return execFileSync("git", args, { cwd, encoding: "utf8", env: { ...process.env, GIT_CONFIG_NOSYSTEM: "1" } });
}

export function makeRepo(): string {
  const dir = tempDir("wt-repo-");
  git(dir, "init", "-q", "-b", "main");
  git(dir, "config", "user.email", "test@example.invalid");
  git(dir, "config", "user.name", "Test");
  git(dir, "config", "commit.gpgsign", "false");
  return dir;
}

export function write(dir: string, path: string, content: string | Uint8Array): void {
  const file = join(dir, path);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, content);
}

export interface BinResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function runBin(cwd: string, args: string[], env: Record<string, string> = {}): BinResult {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd,
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1", ...env },
    maxBuffer: 64 * 1024 * 1024,
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

export interface CellSpec {
  source: string;
  id?: string;
  outputs?: string[];
}

/** A small nbformat 4.5 notebook whose outputs are stdout streams. */
export function notebook(cells: CellSpec[]): string {
  return (
    JSON.stringify(
      {
        nbformat: 4,
        nbformat_minor: 5,
        metadata: { kernelspec: { name: "python3", language: "python", display_name: "Python 3" } },
        cells: cells.map((c, i) => ({
          cell_type: "code",
          id: c.id ?? `cell-${i}`,
          execution_count: i + 1,
          metadata: {},
          source: c.source.split(/(?<=\n)/),
          outputs: (c.outputs ?? []).map((text) => ({ output_type: "stream", name: "stdout", text: text.split(/(?<=\n)/) })),
        })),
      },
      null,
      1,
    ) + "\n"
  );
}

/** Like runBin, but does not block the event loop (needed when the test itself serves HTTP). */
export function runBinAsync(cwd: string, args: string[], env: Record<string, string> = {}): Promise<BinResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd, env: { ...process.env, NO_COLOR: "1", ...env } });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
    child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    child.on("error", reject);
    child.on("close", (code) => resolvePromise({ code: code ?? -1, stdout, stderr }));
  });
}
