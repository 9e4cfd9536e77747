/**
 * `watchtower-hook ui [--port N]`: the local web UI (packages/ui) on 127.0.0.1 with a one-time
 * token, scanning through the same code path as the command line. Runs until Ctrl-C.
 */
import { resolve } from "node:path";

import { formatHtml, formatSarif } from "@watchtower/report";

import type { Args, Io, RunResult } from "./cli.js";
import { scanToReport } from "./cli.js";
import { UsageError } from "./config.js";

export async function uiCommand(argv: readonly string[], io: Io): Promise<RunResult> {
  let port = 0;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === "--port" || a.startsWith("--port=")) {
      const value = a.includes("=") ? a.slice(a.indexOf("=") + 1) : argv[++i];
      port = Number(value);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be a port number (got "${value}")`);
    } else {
      throw new UsageError(`unknown ui option "${a}" (usage: watchtower-hook ui [--port N])`);
    }
  }
  // Loaded only for this command: the hook never pays for the UI.
  const { startUi } = await import("@watchtower/ui");
  const log = io.log ?? (() => undefined);
  const ui = await startUi({
    port,
    host: "127.0.0.1",
    log,
    scan: async (request, onProgress, signal) => {
      const args: Args & { _: string[] } = {
        _: request.kind === "folder" ? [resolve(io.cwd, request.target)] : [],
        all: true,
        paths: [],
        format: "json",
        quiet: true,
        debug: false,
        listRules: false,
        updateBaseline: false,
        fix: false,
        ...(request.kind === "git" ? { repo: request.target, ...(request.ref ? { ref: request.ref } : {}) } : {}),
        ...(request.kind === "s3" ? { s3: request.target } : {}),
        ...(request.kind === "hf" ? { hf: request.target, ...(request.ref ? { revision: request.ref } : {}) } : {}),
      };
      let files = 0;
      let bytes = 0;
      let total: number | undefined;
      if (request.kind !== "folder") onProgress({ files, bytes, findings: 0, stage: `fetching from ${request.kind}` });
      const { report, rules } = await scanToReport(args, io, {
        signal,
        onStart: (n) => {
          total = n;
          onProgress({ files, bytes, findings: 0, total: n, stage: "scanning" });
        },
        onFile: (_path, b, findings) => {
          files++;
          bytes += b;
          onProgress({ files, bytes, findings, ...(total === undefined ? {} : { total }) });
        },
      });
      if (signal.aborted) throw new Error("scan cancelled");
      return { reportJson: report, sarif: formatSarif(report, rules), html: formatHtml(report, rules) };
    },
  });
  log(`watchtower-hook UI: open ${ui.url}`);
  log("(listening on 127.0.0.1 only; the token in the URL is required on every request; Ctrl-C stops it)");
  await new Promise<void>((done) => {
    const stop = (): void => {
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
      void ui.close().then(done, done);
    };
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
  return { exitCode: 0, stdout: "", stderr: "watchtower-hook UI stopped\n" };
}
