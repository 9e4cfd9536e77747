/**
 * watchtower-hook command line. `run(argv, io)` does everything and returns what to print and the
 * exit code, so it is tested in-process; the bin only prints and exits.
 *
 * Exit codes: 0 nothing at or above --fail-on (and every file scanned fully, unless
 * --allow-incomplete); 1 findings at or above --fail-on, or an incomplete scan; 2 usage or
 * configuration error, or an internal failure.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";

import { applyBaseline, CORE_RULES, createBaseline } from "@watchtower/core";
import { loadAllDetectors, recommendedDetectors } from "@watchtower/preset-recommended";
import type { Report } from "@watchtower/report";
import { buildReport, formatHtml, formatSarif, formatText } from "@watchtower/report";
import type { Baseline, RuleMeta, ScanSettings, Severity } from "@watchtower/types";
import { DEFAULT_LIMITS, SEVERITIES } from "@watchtower/types";
import yargs from "yargs";

import { advisoriesCommand, advisoryInfo, detectorOptionsFor } from "./advisories.js";
import { loadConfig, UsageError } from "./config.js";
import { fixNotebooks } from "./fix.js";
import { mergeCommand } from "./merge-command.js";
import { defaultJobs } from "./pool.js";
import { Progress } from "./progress.js";
import { findGitRoot, scanStaged, scanTree, type ScanOutcome } from "./scan.js";
import { uiCommand } from "./ui-command.js";
import { VERSION } from "./version.js";

export interface Io {
  cwd: string;
  env: Record<string, string | undefined>;
  /** stderr is a terminal (progress bar, colours). */
  isTTY?: boolean;
  /** The terminal stream a progress bar may draw on (only given when stderr is a TTY). */
  tty?: NodeJS.WritableStream;
  /** Writes one line to stderr immediately (CI progress lines). */
  log?(line: string): void;
}

export interface RunResult {
  exitCode: 0 | 1 | 2;
  stdout: string;
  stderr: string;
}

const FORMATS = ["text", "json", "sarif", "html"] as const;
type Format = (typeof FORMATS)[number];

export interface Args {
  all: boolean;
  paths: string[];
  format: string;
  output?: string;
  reportDir?: string;
  failOn?: Severity;
  allowIncomplete?: boolean;
  strictModels?: boolean;
  config?: string;
  quiet: boolean;
  color?: boolean;
  debug: boolean;
  listRules: boolean;
  explain?: string;
  shard?: string;
  jobs?: number;
  repo?: string;
  ref?: string;
  s3?: string;
  hf?: string;
  revision?: string;
  baseline?: string;
  updateBaseline: boolean;
  fix: boolean;
}

function parseFormats(value: string): Format[] {
  const list = value.split(",").map((s) => s.trim()).filter(Boolean);
  for (const f of list) {
    if (!(FORMATS as readonly string[]).includes(f)) throw new UsageError(`unknown --format "${f}" (choose from ${FORMATS.join(", ")})`);
  }
  return list as Format[];
}

function parseShard(value: string | undefined): { index: number; count: number } | undefined {
  if (value === undefined) return undefined;
  const m = /^(\d{1,4})\/(\d{1,4})$/.exec(value);
  const index = Number(m?.[1]);
  const count = Number(m?.[2]);
  if (!m || count < 1 || index < 1 || index > count) throw new UsageError(`--shard must look like i/n with 1 <= i <= n (got "${value}")`);
  return { index, count };
}

async function allRules(): Promise<RuleMeta[]> {
  const detectors = await loadAllDetectors();
  return [...CORE_RULES, ...detectors.flatMap((d) => d.meta.rules)].sort((a, b) => (a.id < b.id ? -1 : 1));
}

function explainRule(rule: RuleMeta): string {
  const s = rule.standards;
  const lines = [
    `${rule.id}  (${rule.defaultSeverity}, ${rule.category}${rule.heuristic ? ", heuristic" : ""})`,
    `  ${rule.title}`,
    `  ${rule.description}`,
    `  Fix: ${rule.fix}`,
  ];
  const mapping = [
    s.cwe?.length ? `CWE ${s.cwe.join(", ")}` : "",
    s.owaspTop10?.length ? `OWASP ${s.owaspTop10.join(", ")}` : "",
    s.owaspMlTop10?.length ? `OWASP ML ${s.owaspMlTop10.join(", ")}` : "",
    s.mitreAtlas?.length ? `MITRE ATLAS ${s.mitreAtlas.join(", ")}` : "",
    s.nistAiRmf?.length ? `NIST AI RMF ${s.nistAiRmf.join(", ")}` : "",
  ].filter(Boolean);
  if (mapping.length) lines.push(`  Standards: ${mapping.join("; ")}`);
  lines.push(`  Docs: ${rule.docsUrl}`);
  return lines.join("\n") + "\n";
}

export async function run(argv: readonly string[], io: Io): Promise<RunResult> {
  if (argv[0] === "merge-reports") return runSubcommand(() => mergeReportsArgs(argv.slice(1), io));
  if (argv[0] === "advisories") return runSubcommand(() => advisoriesCommand(argv.slice(1), io));
  if (argv[0] === "ui") return runSubcommand(() => uiCommand(argv.slice(1), io));
  let helpText = "";
  const parser = yargs([...argv])
    .scriptName("watchtower-hook")
    .usage("Usage:\n  watchtower-hook [paths..]     scan what is staged in git (the pre-commit hook)\n  watchtower-hook --all [path]  scan a whole repository or folder (CI)")
    .option("all", { type: "boolean", default: false, describe: "Scan a whole tree instead of the git index" })
    .option("format", { type: "string", default: "text", describe: `Output format(s), comma-separated: ${FORMATS.join(", ")}` })
    .option("output", { alias: "o", type: "string", describe: "Write the report to FILE instead of stdout" })
    .option("report-dir", { type: "string", describe: "Write one report per format into DIR (report.json …)" })
    .option("fail-on", { choices: SEVERITIES, describe: "Lowest severity that fails the run (default high)" })
    .option("allow-incomplete", { type: "boolean", describe: "Do not fail on files that could not be scanned fully" })
    .option("strict-models", { type: "boolean", describe: "Unknown pickle globals and Keras modules are high" })
    .option("config", { type: "string", describe: "Config file (default .watchtower.json)" })
    .option("shard", { type: "string", describe: "Scan only shard i/n of the files (CI matrix)" })
    .option("repo", { type: "string", describe: "Scan a git repository URL (shallow clone; token from GIT_TOKEN)" })
    .option("ref", { type: "string", describe: "Branch or tag for --repo" })
    .option("s3", { type: "string", describe: "Scan s3://bucket/prefix (AWS credential chain)" })
    .option("hf", { type: "string", describe: "Scan a Hugging Face repo owner/name or datasets/owner/name (token from HF_TOKEN)" })
    .option("revision", { type: "string", describe: "Revision for --hf (default main)" })
    .option("jobs", { alias: "j", type: "number", describe: "Worker threads for --all (default: one per core, up to 8)" })
    .option("baseline", { type: "string", describe: "Ignore findings recorded in this baseline file" })
    .option("update-baseline", { type: "boolean", default: false, describe: "Write the current findings to the baseline file" })
    .option("fix", { type: "boolean", default: false, describe: "Clear notebook outputs that leak secrets or PII (on disk)" })
    .option("quiet", { alias: "q", type: "boolean", default: false, describe: "Only blocking findings and the verdict" })
    .option("color", { type: "boolean", describe: "Colour output (default: on a TTY unless NO_COLOR)" })
    .option("debug", { type: "boolean", default: false, describe: "Show stack traces of internal errors" })
    .option("list-rules", { type: "boolean", default: false, describe: "List every rule and exit" })
    .option("explain", { type: "string", describe: "Explain one rule and exit" })
    .strictOptions()
    .exitProcess(false)
    .version(VERSION)
    .help()
    .wrap(null)
    .fail((msg, err) => {
      throw err ?? new UsageError(msg);
    });

  let parsed: Args & { _: (string | number)[] };
  try {
    parsed = (await parser.parseAsync([...argv], {}, (_err, _argv, output) => {
      if (output) helpText = output;
    })) as unknown as Args & { _: (string | number)[] };
  } catch (error) {
    return { exitCode: 2, stdout: "", stderr: `watchtower-hook: ${(error as Error).message}\nRun watchtower-hook --help for usage.\n` };
  }
  if (helpText) return { exitCode: 0, stdout: helpText + "\n", stderr: "" };

  try {
    return await main(parsed, io);
  } catch (error) {
    if (error instanceof UsageError) return { exitCode: 2, stdout: "", stderr: `watchtower-hook: ${error.message}\n` };
    const detail = parsed.debug ? `\n${(error as Error).stack ?? ""}` : " (run with --debug for details)";
    return { exitCode: 2, stdout: "", stderr: `watchtower-hook: internal error: ${(error as Error).message}${detail}\n` };
  }
}

export interface ScanHooks {
  signal?: AbortSignal;
  onStart?(total: number): void;
  onFile?(path: string, bytes: number, findings: number): void;
}

export interface ScannedReport {
  report: Report;
  /** Every rule of the detectors that ran (for SARIF rule metadata and HTML explanations). */
  rules: RuleMeta[];
  outcome: ScanOutcome;
  baselinePath?: string;
  previousBaseline?: Baseline;
}

/** Scans what the arguments select and builds the report; shared by the command line and the UI. */
export async function scanToReport(args: Args & { _: (string | number)[] }, io: Io, hooks: ScanHooks = {}): Promise<ScannedReport> {
  const remotes = [args.repo, args.s3, args.hf].filter((x) => x !== undefined);
  if (remotes.length > 1) throw new UsageError("use one of --repo, --s3 and --hf at a time");
  if (remotes.length === 1) args.all = true;
  if (args.ref && !args.repo) throw new UsageError("--ref goes with --repo");
  if (args.revision && !args.hf) throw new UsageError("--revision goes with --hf");
  const positional = args._.map(String);
  if (remotes.length === 1 && positional.length > 0) throw new UsageError("a remote source takes no path");
  const shard = parseShard(args.shard);
  const target = args.all ? resolve(io.cwd, positional[0] ?? ".") : io.cwd;
  if (args.all && positional.length > 1) throw new UsageError("--all takes one path");
  const configRoot = args.all ? target : (findGitRoot(io.cwd) ?? io.cwd);
  const { config } = await loadConfig(configRoot, args.config ? resolve(io.cwd, args.config) : undefined);

  const failOn: Severity = args.failOn ?? config.failOn ?? "high";
  const allowIncomplete = args.allowIncomplete ?? config.allowIncomplete ?? false;
  const strictModels = args.strictModels ?? config.models?.strict ?? false;
  const settings: ScanSettings = { strictModels, online: false, limits: { ...DEFAULT_LIMITS, ...config.limits } };
  const enabled = config.detectors ?? {};
  const detectors = recommendedDetectors.filter((d) => enabled[d.id] !== false);
  const detectorOptions = detectorOptionsFor(io.env, config.licenses);

  const started = new Date();
  const t0 = performance.now();
  const request = {
    detectors,
    settings,
    ...(config.severity ? { severityOverrides: config.severity } : {}),
    detectorOptions,
    ...(config.ignorePaths ? { ignorePaths: config.ignorePaths } : {}),
    ...(shard ? { shard } : {}),
    jobs: args.jobs ?? defaultJobs(),
    ...(config.licenses ? { licenses: config.licenses } : {}),
    detectorIds: detectors.map((d) => d.id),
    ...(hooks.signal ? { signal: hooks.signal } : {}),
    ...(hooks.onStart ? { onStart: hooks.onStart } : {}),
    ...(hooks.onFile ? { onFile: hooks.onFile } : {}),
  };

  let outcome: ScanOutcome;
  if (remotes.length === 1) {
    // A downloaded tree's .gitignore is the source's, not ours: it must not hide files from the scan.
    // The remote package (isomorphic-git's HTTP clone, the S3 SDK) loads only for remote scans.
    const { scanRemote } = await import("./remote.js");
    outcome = await scanRemote(args, io, settings.limits.maxFileBytes, (dir, origin) =>
      scanTree(dir, request, origin, { trustGitignore: false }),
      hooks.signal,
    );
  } else if (args.all) {
    outcome = await scanTree(target, request, { type: "directory", location: relative(io.cwd, target) || "." });
  } else {
    outcome = await scanStaged(io.cwd, positional, request);
  }
  const { result } = outcome;

  const baselineFile = args.baseline ?? config.baseline;
  let baselineSummary: Report["baseline"];
  let previousBaseline: Baseline | undefined;
  const baselinePath = baselineFile ? resolve(configRoot, baselineFile) : undefined;
  if (baselinePath && existsSync(baselinePath)) {
    previousBaseline = await readBaseline(baselinePath);
    if (!args.updateBaseline) {
      const { matched, stale } = applyBaseline(result.findings, previousBaseline);
      baselineSummary = { path: relative(io.cwd, baselinePath) || baselinePath, matched, stale };
    }
  } else if (baselinePath && !args.updateBaseline) {
    throw new UsageError(`baseline file ${baselineFile} does not exist (create it with --update-baseline)`);
  }
  if (args.updateBaseline && !baselinePath) throw new UsageError('--update-baseline needs --baseline FILE (or "baseline" in the config)');

  const report: Report = buildReport({
    version: VERSION,
    mode: args.all ? "all" : "staged",
    origin: outcome.origin,
    startedAt: started,
    durationMs: performance.now() - t0,
    failOn,
    allowIncomplete,
    strictModels,
    ...(args.shard ? { shard: args.shard } : {}),
    findings: result.findings,
    files: result.files,
    notScanned: outcome.notScanned.map((f) => ({ path: f.path, fileKind: "other" as const })),
    skipped: result.skipped,
    errors: result.errors,
    incomplete: result.incomplete,
    notes: [...outcome.notes.map((message) => ({ message })), ...result.notes],
    timings: result.timings,
    ...(result.timings.dependencies !== undefined ? { advisories: await advisoryInfo(io.env) } : {}),
    ...(baselineSummary ? { baseline: baselineSummary } : {}),
  });

  return {
    report,
    rules: [...result.rules.values()],
    outcome,
    ...(baselinePath ? { baselinePath } : {}),
    ...(previousBaseline ? { previousBaseline } : {}),
  };
}

async function main(args: Args & { _: (string | number)[] }, io: Io): Promise<RunResult> {
  if (args.listRules) {
    const rules = await allRules();
    const width = Math.max(...rules.map((r) => r.id.length));
    const out = rules.map((r) => `${r.id.padEnd(width)}  ${r.defaultSeverity.padEnd(8)}  ${r.title}`).join("\n");
    return { exitCode: 0, stdout: out + "\n", stderr: "" };
  }
  if (args.explain !== undefined) {
    const rule = (await allRules()).find((r) => r.id === args.explain);
    if (!rule) throw new UsageError(`no rule named "${args.explain}" (see --list-rules)`);
    return { exitCode: 0, stdout: explainRule(rule), stderr: "" };
  }

  const formats = parseFormats(args.format);
  const progress = await Progress.create(io, args.all || [args.repo, args.s3, args.hf].some((x) => x !== undefined));
  const scanned = await scanToReport(args, io, {
    onStart: (total) => progress.start(total),
    onFile: (_path, bytes, findings) => progress.file(bytes, findings),
  }).finally(() => progress.stop());
  const { report, rules, outcome, baselinePath, previousBaseline } = scanned;
  const result = outcome.result;

  let stderr = "";
  if (args.updateBaseline && baselinePath) {
    const baseline = createBaseline(result.findings, previousBaseline);
    mkdirSync(dirname(baselinePath), { recursive: true });
    writeFileSync(baselinePath, JSON.stringify(baseline, null, 2) + "\n");
    stderr += `watchtower-hook: baseline with ${baseline.entries.length} entries written to ${relative(io.cwd, baselinePath)}; findings in it no longer fail a run\n`;
    return { exitCode: 0, stdout: "", stderr };
  }
  if (args.fix) {
    const fixed = fixNotebooks(outcome.root, result.findings);
    for (const [path, cells] of fixed.cleared) {
      stderr += `watchtower-hook: cleared the outputs of cell${cells.length === 1 ? "" : "s"} ${cells.join(", ")} in ${path}\n`;
    }
    for (const p of fixed.problems) stderr += `watchtower-hook: --fix: ${p}\n`;
    if (fixed.cleared.size > 0) {
      stderr += args.all
        ? "watchtower-hook: rotate any exposed credential; outputs are cleared on disk.\n"
        : `watchtower-hook: re-stage the fixed notebook(s): git add ${[...fixed.cleared.keys()].map(shellQuote).join(" ")}\n`;
    }
  }

  const color = args.color ?? (io.isTTY === true && io.env.NO_COLOR === undefined);
  // SARIF paths must be relative to the repository root for GitHub to resolve them.
  const scanRoot = outcome.root;
  const gitRoot = args.all ? findGitRoot(scanRoot) : undefined;
  const sarifPrefix = gitRoot && gitRoot !== scanRoot ? relative(gitRoot, scanRoot).split("\\").join("/") : "";
  const render = (format: Format): string => {
    switch (format) {
      case "json":
        return JSON.stringify(report, null, 2) + "\n";
      case "sarif":
        return formatSarif(report, rules, sarifPrefix ? { pathPrefix: sarifPrefix } : {});
      case "html":
        return formatHtml(report, rules);
      case "text":
        return formatText(report, { color: false, quiet: args.quiet });
    }
  };

  let stdout = "";
  if (args.reportDir) {
    const dir = resolve(io.cwd, args.reportDir);
    mkdirSync(dir, { recursive: true });
    for (const f of formats) writeFileSync(join(dir, `report.${f === "text" ? "txt" : f}`), render(f));
    stderr += `watchtower-hook: reports written to ${relative(io.cwd, dir) || "."}\n`;
  } else if (args.output) {
    if (formats.length > 1) throw new UsageError("--output takes one format; use --report-dir for several");
    const file = resolve(io.cwd, args.output);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, render(formats[0]!));
  } else {
    if (formats.length > 1) throw new UsageError("several formats need --report-dir");
    stdout = formats[0] === "text" ? formatText(report, { color, quiet: args.quiet }) : render(formats[0]!);
  }
  // Machine formats on stdout keep the verdict on stderr so pipes stay valid JSON.
  if (formats[0] !== "text" || args.reportDir || args.output) {
    stderr += formatText(report, { color, quiet: true }).split("\n").filter(Boolean).slice(-1)[0] + "\n";
  }
  return { exitCode: report.summary.exitCode, stdout, stderr };
}

async function readBaseline(path: string): Promise<Baseline> {
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    throw new UsageError(`baseline ${path}: not valid JSON (${(error as Error).message})`);
  }
  const { validate } = await import("@watchtower/report/validate");
  const result = validate("baseline", value);
  if (!result.valid) throw new UsageError(`baseline ${path} is invalid:\n  ${result.errors.join("\n  ")}`);
  return value as Baseline;
}

/** Quotes a path for the "git add …" hint when it has shell-special characters. */
function shellQuote(path: string): string {
  return /^[\w@%+=:,./-]+$/.test(path) ? path : `'${path.replace(/'/g, "'\\''")}'`;
}

async function runSubcommand(body: () => RunResult | Promise<RunResult>): Promise<RunResult> {
  try {
    return await body();
  } catch (error) {
    if (error instanceof UsageError) return { exitCode: 2, stdout: "", stderr: `watchtower-hook: ${error.message}\n` };
    return { exitCode: 2, stdout: "", stderr: `watchtower-hook: internal error: ${(error as Error).message}\n` };
  }
}

async function mergeReportsArgs(argv: readonly string[], io: Io): Promise<RunResult> {
  const parser = yargs([...argv])
    .scriptName("watchtower-hook merge-reports")
    .usage("$0 <report.json..> [-o merged.json]")
    .option("output", { alias: "o", type: "string", describe: "Write the merged report to FILE instead of stdout" })
    .option("format", { type: "string", default: "json", describe: "json or text" })
    .strictOptions()
    .exitProcess(false)
    .fail((msg, err) => {
      throw err ?? new UsageError(msg);
    });
  // Help goes to stdout through the returned result (yargs would print it and carry on).
  if (argv.includes("--help") || argv.includes("-h")) return { exitCode: 0, stdout: `${await parser.getHelp()}\n`, stderr: "" };
  const parsed = (await parser.parseAsync()) as { _: (string | number)[]; output?: string; format: string };
  return mergeCommand(parsed._.map(String), parsed.output, parsed.format, io);
}
