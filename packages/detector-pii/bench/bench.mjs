// Micro-benchmark of the PII detector (not a test). Measures, in one run:
//   (a) cold first scan: a fresh `node` process imports the detector and scans a tiny notebook
//       (import + lazy library loading + first scan), wall and CPU time, median of N processes;
//   (b) throughput in MB/s on realistic notebook outputs (pandas text/plain and text/html tables,
//       training logs, tracebacks, model summaries, numpy prints, a few customer tables), on a large
//       Python module, on a trivial 120 KB Python file and on CSV files;
//   (c) the floor: read the same bytes from disk and run one regex over them, in the same run.
// CPU time (process.cpuUsage) is reported next to wall time because the dev machine is shared.
// Several builds can be compared in the same run (`--compare <dist dir>`), and the findings of each
// are compared with those of the first build (same rule, range and severity), so a speed-up that
// changes results shows up here as well as in the tests.
//
//   npx tsc -b packages/detector-pii && node packages/detector-pii/bench/bench.mjs [--mb 6] [--cold 5] [--compare /path/to/other/dist]
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

import { csvFile, customersCsv, notebook, notebookFiles, pythonFile } from "./corpus.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const flag = (name, dflt) => {
  const i = args.indexOf(name);
  return i === -1 ? dflt : args[i + 1];
};

// ------------------------------------------------------------------------- cold child process
if (args[0] === "--cold-child") {
  const dist = args[1];
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const { DEFAULT_LIMITS } = await import("@watchtower/types");
  const c1 = process.cpuUsage();
  const t1 = performance.now();
  const { detector } = await import(pathToFileURL(join(dist, "index.js")).href);
  const c2 = process.cpuUsage();
  const t2 = performance.now();
  const src = tinyNotebook();
  let n = 0;
  await detector.scan(src, ctxFor(DEFAULT_LIMITS, () => n++));
  const c3 = process.cpuUsage();
  const t3 = performance.now();
  await detector.scan(src, ctxFor(DEFAULT_LIMITS, () => n++));
  const c4 = process.cpuUsage();
  const t4 = performance.now();
  const cpu = (a, b) => (b.user - a.user + b.system - a.system) / 1000;
  process.stdout.write(
    JSON.stringify({
      boot: t0,
      typesWall: t1 - t0,
      typesCpu: cpu(c0, c1),
      importWall: t2 - t1,
      importCpu: cpu(c1, c2),
      firstWall: t3 - t2,
      firstCpu: cpu(c2, c3),
      secondWall: t4 - t3,
      secondCpu: cpu(c3, c4),
      findings: n,
    }),
  );
  process.exit(0);
}

function ctxFor(limits, onReport) {
  return {
    options: {},
    settings: { strictModels: false, online: false, limits },
    project: { paths: () => [], readText: () => Promise.resolve(undefined) },
    signal: new AbortController().signal,
    report: onReport,
    skip() {},
    incomplete() {},
    note() {},
  };
}

function tinyNotebook() {
  return notebook("tiny.ipynb", [
    { cellType: "markdown", source: "# Churn model\nLoad the data and train a baseline." },
    {
      source: "import pandas as pd\ndf = pd.read_csv('data/churn.csv')\ndf.head()",
      outputs: [
        { text: "   customer_id  tenure  monthly_charges  churn\n0         1001      12            70.35      0\n1         1002      48            99.10      1\n2         1003       3            20.05      0" },
      ],
    },
    { source: "model.fit(X_train, y_train)", outputs: [{ outputType: "stream", text: "epoch 1: loss=0.6931 acc=0.5120\nepoch 2: loss=0.4812 acc=0.7710\n" }] },
  ]);
}

// ---------------------------------------------------------------------------------- measuring
const cpuMs = (a, b) => (b.user - a.user + b.system - a.system) / 1000;

/** Runs `fn` until at least `minMs` of CPU have been spent (at least once); per-pass wall and CPU ms. */
async function timed(fn, minMs) {
  let passes = 0;
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  let c1;
  do {
    await fn();
    passes++;
    c1 = process.cpuUsage();
  } while (cpuMs(c0, c1) < minMs);
  return { wall: (performance.now() - t0) / passes, cpu: cpuMs(c0, c1) / passes };
}

function digestOf(list) {
  const h = createHash("sha256");
  for (const r of list) h.update(`${r.path}|${r.ruleId}|${r.severity}|${JSON.stringify(r.at)}\n`);
  return h.digest("hex").slice(0, 12);
}

async function scanAll(detector, sources, limits, collect) {
  for (const s of sources) {
    await detector.scan(
      s,
      ctxFor(limits, collect ? (d) => collect.push({ path: s.path, ruleId: d.ruleId, severity: d.severity, at: d.at }) : () => {}),
    );
  }
}

/** Time per component (structure parsers, finders) in ms per MB, over the segments of each corpus. */
async function components(dist, corpora, minMs) {
  const imp = (m) => import(pathToFileURL(join(dist, m)).href);
  const [scanMod, text, libsMod, kv, lit, del, plainT, htmlT] = await Promise.all(["scan.js", "text.js", "libs.js", "structure/key-value.js", "structure/literal.js", "structure/delimited.js", "structure/plain-table.js", "structure/html-table.js"].map(imp));
  const ents = await Promise.all(["iban", "card", "ssn", "email", "passport", "phone", "ip", "dob", "address", "name"].map((e) => imp(`entities/${e}.js`)));
  for (const l of ["phone", "iban", "ip", "card", "tlds", "names", "html"]) await libsMod.ensureLibrary(l);
  const libs = libsMod.libs;
  const finders = Object.entries(Object.assign({}, ...ents)).filter(([k]) => k.startsWith("find") && k !== "findDate");
  for (const c of corpora) {
    const segs = c.sources.flatMap((s) => scanMod.segmentsOf(s));
    const prepared = segs.map((seg) => {
      const t = seg.html ? text.maskHtml(seg.text) : seg.text;
      return { seg, text: t, lines: text.splitLines(t) };
    });
    const fieldsOf = (p) => {
      const f = [];
      if (p.seg.html) f.push(...htmlT.htmlTableFields(p.seg.text, () => libs.html));
      else for (const x of [plainT.plainTableFields(p.lines), del.pipeTableFields(p.lines), del.delimitedFields(p.lines, p.seg.delimiter)]) for (const y of x) f.push(y);
      for (const x of [lit.literalFields(p.text, p.seg.mode), kv.keyValueFields(p.lines)]) for (const y of x) f.push(y);
      return f;
    };
    const scans = prepared.map((p) => {
      const fields = fieldsOf(p);
      return { seg: p.seg, text: p.text, libs, fields, fieldsAt: scanMod.fieldIndex(fields), add() {} };
    });
    const parts = [
      ["splitLines", () => prepared.forEach((p) => text.splitLines(p.text))],
      ["maskHtml", () => segs.forEach((s) => s.html && text.maskHtml(s.text))],
      ["htmlTableFields", () => prepared.forEach((p) => p.seg.html && htmlT.htmlTableFields(p.seg.text, () => libs.html))],
      ["plainTableFields", () => prepared.forEach((p) => !p.seg.html && plainT.plainTableFields(p.lines))],
      ["pipeTableFields", () => prepared.forEach((p) => !p.seg.html && del.pipeTableFields(p.lines))],
      ["delimitedFields", () => prepared.forEach((p) => !p.seg.html && del.delimitedFields(p.lines, p.seg.delimiter))],
      ["literalFields", () => prepared.forEach((p) => lit.literalFields(p.text, p.seg.mode))],
      ["keyValueFields", () => prepared.forEach((p) => kv.keyValueFields(p.lines))],
      ["fieldIndex", () => scans.forEach((s) => scanMod.fieldIndex(s.fields))],
      ...finders.map(([name, fn]) => [name, () => scans.forEach((s) => fn(s))]),
      ["scanSegment (all)", () => segs.forEach((s) => scanMod.scanSegment(s, libs, new Set()))],
    ];
    console.log(`  ${c.name} (${(c.bytes / 1e6).toFixed(2)} MB, ${segs.length} segments, ${scans.reduce((n, s) => n + s.fields.length, 0)} fields): cpu ms per MB`);
    const row = [];
    for (const [name, fn] of parts) {
      const t = await timed(fn, minMs);
      row.push(`${name} ${(t.cpu / (c.bytes / 1e6)).toFixed(1)}`);
    }
    console.log(`    ${row.join(", ")}`);
  }
}

const main = async () => {
  const mb = Number(flag("--mb", "6"));
  const coldRuns = Number(flag("--cold", "5"));
  const minMs = Number(flag("--min-ms", "1500"));
  const dists = [resolve(here, "../dist")];
  for (let i = 0; i < args.length; i++) if (args[i] === "--compare") dists.push(resolve(args[i + 1]));

  const only = flag("--only", "");
  const { DEFAULT_LIMITS } = await import("@watchtower/types");
  const all = [
    { name: "notebook outputs without PII", sources: notebookFiles(mb * 1e6, false) },
    { name: "notebooks, 2% customer tables", sources: notebookFiles(mb * 1e6) },
    { name: "python 1 MB", sources: [{ kind: "text", path: "src/train.py", text: pythonFile(1e6) }] },
    { name: "python x=1 120 KB", sources: [{ kind: "text", path: "gen.py", text: "x = 1\n".repeat(20000) }] },
    { name: "numeric CSV 4 MB", sources: [{ kind: "text", path: "data/train.csv", text: csvFile(4e6) }] },
    { name: "customers CSV 1 MB", sources: [{ kind: "text", path: "data/customers.csv", text: customersCsv(1e6) }] },
  ];
  const corpora = all.filter((c) => c.name.startsWith(only));

  // The floor: the same bytes as files on disk, read and searched with one regex.
  const dir = join(tmpdir(), `wt-pii-bench-${process.pid}`);
  mkdirSync(dir, { recursive: true });
  for (const c of corpora) {
    c.files = [];
    c.bytes = 0;
    c.sources.forEach((s, k) => {
      const texts = s.kind === "text" ? [s.text] : s.cells.flatMap((cell) => [cell.source, ...cell.outputs.map((o) => o.text)]);
      const text = texts.join("\n");
      c.bytes += Buffer.byteLength(text);
      const file = join(dir, `${c.name.replace(/\W+/g, "_")}_${k}.txt`);
      writeFileSync(file, text);
      c.files.push(file);
    });
  }
  if (flag("--dump", "") !== "") {
    // The segments as JSON lines ({mode, html, text}), for experiments outside this script.
    const { segmentsOf } = await import(pathToFileURL(join(dists[0], "scan.js")).href);
    for (const c of corpora) {
      const segs = c.sources.flatMap((s) => segmentsOf(s)).map((g) => JSON.stringify({ mode: g.mode, html: g.html, path: g.path, text: g.text }));
      writeFileSync(join(flag("--dump", ""), `${c.name.replace(/\W+/g, "_")}.jsonl`), `${segs.join("\n")}\n`);
    }
    rmSync(dir, { recursive: true, force: true });
    return;
  }
  if (args.includes("--components")) {
    for (const dist of dists) {
      console.log(`components of ${label(dist)}`);
      await components(dist, corpora, Math.min(minMs, 300));
    }
    rmSync(dir, { recursive: true, force: true });
    return;
  }

  const KEY = /AKIA[0-9A-Z]{16}/g;
  let sink = 0;
  const floor = (c) => () => {
    for (const f of c.files) sink += (readFileSync(f).toString("utf8").match(KEY) ?? []).length;
  };

  console.log(`node ${process.version}, ${process.platform}; load average ${(await import("node:os")).loadavg().map((x) => x.toFixed(1)).join(" ")}`);
  console.log(`corpora: ${corpora.map((c) => `${c.name} ${(c.bytes / 1e6).toFixed(2)} MB`).join(", ")}\n`);

  // (a) cold first scan, in fresh processes
  if (coldRuns > 0) console.log("(a) cold first scan of a tiny notebook (fresh process; median of", coldRuns, "runs; ms)");
  if (coldRuns > 0) console.log("    build                      import wall/cpu   first scan wall/cpu   total wall/cpu   warm 2nd scan cpu");
  for (const dist of coldRuns > 0 ? dists : []) {
    const runs = [];
    for (let i = 0; i < coldRuns; i++) {
      const r = spawnSync(process.execPath, [fileURLToPath(import.meta.url), "--cold-child", dist], { encoding: "utf8", cwd: here });
      if (r.status !== 0) throw new Error(r.stderr);
      runs.push(JSON.parse(r.stdout));
    }
    const med = (k) => {
      const v = runs.map((r) => r[k]).sort((a, b) => a - b);
      return v[Math.floor(v.length / 2)];
    };
    const tot = (k) => {
      const v = runs.map((r) => r[`import${k}`] + r[`first${k}`]).sort((a, b) => a - b);
      return v[Math.floor(v.length / 2)];
    };
    console.log(
      `    ${label(dist).padEnd(26)} ${f1(med("importWall"))}/${f1(med("importCpu"))}`.padEnd(48) +
        `${f1(med("firstWall"))}/${f1(med("firstCpu"))}`.padEnd(22) +
        `${f1(tot("Wall"))}/${f1(tot("Cpu"))}`.padEnd(17) +
        `${f1(med("secondCpu"))}`,
    );
  }

  // (b, c) throughput against the floor
  console.log("\n(b) throughput (MB/s, wall | cpu) and (c) ratio to the read + one regex floor (cpu time)");
  const detectors = [];
  for (const dist of dists) detectors.push({ dist, detector: (await import(pathToFileURL(join(dist, "index.js")).href)).detector });
  const results = new Map();
  for (const c of corpora) {
    const fl = await timed(floor(c), Math.min(minMs, 400));
    console.log(`  ${c.name} (${(c.bytes / 1e6).toFixed(2)} MB)`);
    console.log(`    ${"floor (read + 1 regex)".padEnd(26)} ${mbs(c.bytes, fl.wall)} | ${mbs(c.bytes, fl.cpu)}`);
    for (const d of detectors) {
      const found = [];
      try {
        await scanAll(d.detector, c.sources, DEFAULT_LIMITS, found); // warm-up, and the findings
      } catch (e) {
        console.log(`    ${label(d.dist).padEnd(26)} failed: ${String(e).slice(0, 80)}`);
        continue;
      }
      const t = await timed(() => scanAll(d.detector, c.sources, DEFAULT_LIMITS), minMs);
      const digest = digestOf(found);
      const first = results.get(c.name);
      if (!first) results.set(c.name, { digest, t });
      const same = first ? (first.digest === digest ? "same findings" : "FINDINGS DIFFER") : "";
      const speed = first ? `  (the first build is ${(t.cpu / first.t.cpu).toFixed(1)}x faster)` : "";
      console.log(`    ${label(d.dist).padEnd(26)} ${mbs(c.bytes, t.wall)} | ${mbs(c.bytes, t.cpu)}   ${(t.cpu / fl.cpu).toFixed(1).padStart(6)}x floor   ${String(found.length).padStart(5)} findings ${digest} ${same}${speed}`);
    }
  }
  rmSync(dir, { recursive: true, force: true });
  if (sink < 0) console.log(sink);
};

const label = (dist) => (dist === resolve(here, "../dist") ? "this build (dist)" : dist.length > 26 ? `…${dist.slice(-25)}` : dist);
const f1 = (x) => x.toFixed(0).padStart(5);
const mbs = (bytes, ms) => (bytes / 1e6 / (ms / 1000)).toFixed(2).padStart(8);

await main();
