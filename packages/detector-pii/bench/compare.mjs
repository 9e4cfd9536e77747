// Differential check (not a test; PII_COMPARE_DUMP=dir writes the differing inputs there): scans thousands of generated, PII-dense inputs with two builds of
// the detector and prints every input where their reports differ (rule, message, range, severity,
// identity, data). Used to show that a speed-up left the results unchanged:
//
//   cp -r packages/detector-pii/dist /tmp/pii-old/dist   # before the change (plus package.json and a node_modules link)
//   npx tsc -b packages/detector-pii && node packages/detector-pii/bench/compare.mjs /tmp/pii-old/dist [count] [seed] [sparse]
import { writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

import { output as boringOutput, reseed } from "./corpus.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const other = resolve(process.argv[2] ?? "");
const count = Number(process.argv[3] ?? 3000);
let seed = Number(process.argv[4] ?? 7) >>> 0;
reseed(seed);
// `sparse`: realistic outputs (logs, numeric tables, tracebacks …) with at most a few personal values
// or keys slipped in, where the cheap triage decides most; otherwise dense generated PII.
const sparse = process.argv[5] === "sparse";

const rnd = () => {
  seed = (seed + 0x6d2b79f5) >>> 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const pick = (a) => a[Math.floor(rnd() * a.length)];
const int = (lo, hi) => lo + Math.floor(rnd() * (hi - lo + 1));
const digits = (n) => Array.from({ length: n }, () => String(int(0, 9))).join("");
const luhn = (body) => {
  for (let d = 0; d <= 9; d++) {
    const s = body + d;
    let sum = 0;
    for (let i = s.length - 1, dbl = false; i >= 0; i--, dbl = !dbl) {
      let v = s.charCodeAt(i) - 48;
      if (dbl && (v *= 2) > 9) v -= 9;
      sum += v;
    }
    if (sum % 10 === 0) return s;
  }
  return body + "0";
};
const iban = (country, bban) => {
  const numeric = (s) => s.replace(/[A-Z]/g, (c) => String(c.charCodeAt(0) - 55));
  let rem = 0;
  for (const ch of numeric(bban + country + "00")) rem = (rem * 10 + Number(ch)) % 97;
  return country + String(98 - rem).padStart(2, "0") + bban;
};
const group = (d, sizes, sep) => {
  const out = [];
  let i = 0;
  for (const s of sizes) {
    out.push(d.slice(i, i + s));
    i += s;
  }
  return out.join(sep);
};

const FIRST = ["Priya", "Chidi", "Olga", "Mateo", "Yuki", "Adam", "Xavier", "Max", "Iris", "John", "Jane", "María", "Seán", "Zoë", "Li", "Kofi", "Emma", "Noah"];
const LAST = ["Natarajan", "Okeke", "Ivanova", "Rossi", "Smith", "Doe", "Pearson", "O'Brien", "van der Berg", "Müller", "Wei", "Mensah", "Optimizer", "Uniform"];
const STREET = ["Main", "Evergreen", "Pennsylvania", "Maple", "Oak", "1st", "42nd", "Hopkins", "Sunset"];
const SUFFIX = ["St", "Street", "Ave", "Ave.", "Avenue", "Rd", "Road", "Blvd", "Terrace", "Track", "Way", "Lane", "Run", "Path", "Key", "Park", "Ct"];
const CITY = ["Springfield, IL 62704", "Austin, TX 78701", "East Brian, PA 04452", "New York, NY 10001-1234"];
const KEYS = ["name", "first_name", "Last Name", "full_name", "customer", "email", "e-mail", "phone", "Phone Number", "tel", "mobile", "ssn", "SSN", "social_security_number", "card", "card_number", "cc_num", "credit_card", "iban", "bank_account", "passport", "passport_no", "dob", "date_of_birth", "birthday", "address", "street_address", "ip", "ip_address", "client_ip", "order_id", "id", "timestamp", "score", "loss", "user", "model_name", "file_name", "author", "value", "zip", "version"];

function value() {
  const k = int(0, 27);
  switch (k) {
    case 0: return `${pick(FIRST)} ${pick(LAST)}`;
    case 1: return `${pick(FIRST).toLowerCase()}.${pick(LAST).toLowerCase().replace(/\W/g, "")}@${pick(["gmail.com", "example.com", "acme.io", "users.noreply.github.com", "x.local", "corp.internal", "2x.png", "web.de"])}`;
    case 2: return pick([`(${pick(["212", "415", "312"])}) 555-01${digits(2)}`, `${pick(["212", "646"])}-555-${digits(4)}`, `+44 20 7946 0${digits(3)}`, `+49 30 ${digits(8)}`, `${pick(["212", "415"])}.555.${digits(4)}`, `555${digits(7)}`, `+1 ${digits(3)} ${digits(3)} ${digits(4)} ext. ${digits(3)}`, `0${digits(10)}`]);
    case 3: return `${pick(["512", "078", "219", "000", "666", "912", String(int(1, 899)).padStart(3, "0")])}${pick(["-", " ", ""])}${pick(["38", "05", "00", digits(2)])}${pick(["-", " ", ""])}${pick(["4097", "1120", "0000", digits(4)])}`;
    case 4: {
      const d = luhn(pick(["4", "51", "37", "6011", "35", "62"]) + digits(pick([12, 13, 14])));
      return pick([d, group(d, [4, 4, 4, 4], " "), group(d, [4, 4, 4, 4], "-"), group(d, [4, 6, 5], " "), d.slice(0, -1) + ((Number(d.at(-1)) + 1) % 10), `XXXX XXXX XXXX ${digits(4)}`]);
    }
    case 5: {
      const ib = pick([iban("DE", digits(18)), iban("GB", `WEST${digits(14)}`), iban("NL", `ABNA${digits(10)}`), "DE89370400440532013000", `DE${digits(20)}`]);
      return rnd() < 0.4 ? ib.replace(/(.{4})(?!$)/g, "$1 ") : ib;
    }
    case 6: return pick([`${String.fromCharCode(65 + int(0, 25))}${digits(8)}`, digits(9), "A1234567", `${digits(2)}AB${digits(5)}`]);
    case 7: return pick([`${int(1940, 2005)}-${String(int(1, 12)).padStart(2, "0")}-${String(int(1, 28)).padStart(2, "0")}`, `${int(1, 12)}/${int(1, 28)}/${int(1940, 2005)}`, `${int(13, 28)}.${int(1, 12)}.${int(1940, 2005)}`, `March ${int(1, 28)}, ${int(1940, 2005)}`, `${int(1, 28)} June ${int(1940, 2005)}`, `Timestamp('${int(1950, 2000)}-0${int(1, 9)}-1${int(0, 9)} 00:00:00')`, `${int(-800000000, 900000000)}000`]);
    case 8: return pick([`${int(1, 9800)} ${pick(STREET)} ${pick(SUFFIX)}`, `${int(1, 9800)} ${pick(["N", "SW", "North"])} ${pick(STREET)} ${pick(SUFFIX)} Apt. ${int(1, 900)}`, `${int(1, 9800)} ${pick(STREET)} ${pick(SUFFIX)}, ${pick(CITY)}`, `${int(1, 999)} ${pick(STREET)} ${pick(["Hollow", "Green", "Knoll"])}\\n${pick(CITY)}`, `Hauptstraße ${int(1, 200)}`, `Musterstr. ${int(1, 99)}a`, `${int(1, 99)} rue de la Paix`, `${int(1, 99)} avenue des Champs-Élysées`]);
    case 9: return pick([`${pick([23, 52, 81, 104, 151, 10, 192, 127, 8])}.${int(0, 255)}.${int(0, 255)}.${int(0, 255)}`, "8.8.8.8", "1.2.3.4", `203.0.113.${int(1, 254)}`, `2001:db8::${int(1, 9)}`, `2a00:1450:4001:${digits(3)}::200e`, `fe80::1`, `1:2:3:4:5:6:7:8`, `${int(1, 20)}.${int(0, 9)}.${int(0, 9)}.${int(0, 9)}`]);
    case 10: return (rnd() * 1000 - 500).toFixed(int(1, 8));
    case 11: return String(int(0, 99999999999));
    case 12: return digits(int(9, 19));
    case 13: return pick(["NaN", "None", "...", "", "N/A", "True", "<NA>"]);
    case 14: return `${pick(["Adam", "Xavier", "Max", "Naive"])} ${pick(["Optimizer", "Uniform", "Pooling", "Bayes", "Smith", "Okeke"])}`;
    case 15: return `v${int(0, 9)}.${int(0, 20)}.${int(0, 9)}.${int(0, 9)}`;
    case 16: return `Chrome/${int(90, 130)}.0.${int(1000, 7000)}.${int(10, 99)}`;
    case 17: return `${int(0, 23)}:${String(int(0, 59)).padStart(2, "0")}:${String(int(0, 59)).padStart(2, "0")}`;
    case 18: return pick(["Dear", "Hi", "Mr.", "Dr", "Kind regards,\n", "Thanks,\\n", "Customer", "patient:", "named"]) + " " + `${pick(FIRST)} ${pick(LAST)}`;
    case 19: return `${pick(["SSN", "ssn:", "social security number", "card number", "Visa", "passport no.", "Passport Number:", "DOB", "date of birth:", "born on", "Tel:", "call me at", "IBAN", "ip", "from", "order id", "version", "torch=="])} `;
    case 20: return `[${Array.from({ length: int(2, 8) }, () => String(int(0, 9999999999))).join(", ")}]`;
    case 21: return pick(["Author: Jane Doe <jane.doe@gmail.com>", "Signed-off-by: Priya Natarajan <priya@acme.io>", "commit 3f2a", "__email__ = 'dev@acme.io'"]);
    case 22: return "@".repeat(int(1, 70)) + pick(["a@b.com", "", "x"]) + "9".repeat(int(0, 30));
    case 23: return `${pick(["a", "ab", "x.y"])}@${pick(["b.c-d@e.com", "gmail.com.", "-x.com", "x..com"])}`;
    case 24: return pick(["::", ":::", "a:b:c:d:e:f:1:2", "12:34:56:78:9a:bc:de:f0", "dead:beef::"]);
    case 25: return pick(["  ", "\t", " | ", ";", ",", ": ", " = ", "\n", "\r\n", "│", "┆"]);
    case 26: return `${pick(["Epoch", "epoch", "step"])} ${int(1, 99)}: loss=${rnd().toFixed(4)} acc=${rnd().toFixed(4)}`;
    default: return pick(KEYS);
  }
}

function plainTable(keys, rows) {
  const w = keys.map((k, j) => Math.max(k.length, ...rows.map((r) => r[j].length)));
  const iw = String(rows.length).length;
  return [" ".repeat(iw) + keys.map((k, j) => "  " + k.padStart(w[j])).join(""), ...rows.map((r, i) => String(i).padEnd(iw) + r.map((v, j) => "  " + v.padStart(w[j])).join(""))].join("\n");
}
const esc = (s) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
function htmlTable(keys, rows) {
  return `<div><style>td{}</style><table border="1" class="dataframe">\n<thead><tr><th></th>${keys.map((k) => `<th>${esc(k)}</th>`).join("")}</tr></thead>\n<tbody>\n${rows.map((r, i) => `<tr><th>${i}</th>${r.map((v) => `<td>${esc(v)}</td>`).join("")}</tr>`).join("\n")}\n</tbody></table><!-- c --></div>`;
}

function tableParts() {
  const keys = Array.from({ length: int(1, 5) }, () => pick(KEYS));
  const rows = Array.from({ length: int(1, 8) }, () => keys.map(() => value().replace(/\n/g, " ")));
  return { keys, rows };
}

function segment() {
  const k = int(0, 9);
  const { keys, rows } = tableParts();
  switch (k) {
    case 0: return plainTable(keys, rows) + (rnd() < 0.3 ? `\n\n[${rows.length} rows x ${keys.length} columns]` : "");
    case 1: return [keys.join(","), ...rows.map((r) => r.map((v) => (v.includes(",") ? `"${v}"` : v)).join(","))].join("\n");
    case 2: return `[${rows.map((r) => `{${r.map((v, i) => `'${keys[i]}': '${v}'`).join(", ")}}`).join(", ")}]`;
    case 3: return rows.map((r) => `{${r.map((v, i) => `"${keys[i]}": "${v}"`).join(", ")}}`).join("\n");
    case 4: return rows.map((r) => r.map((v, i) => `${keys[i]}: ${v}`).join(pick([", ", " | ", "; ", "  "]))).join("\n");
    case 5: return [`| ${keys.join(" | ")} |`, `|${keys.map(() => "---").join("|")}|`, ...rows.map((r) => `| ${r.join(" | ")} |`)].join("\n");
    case 6: return rows.map((r) => `${keys[0].replace(/\W/g, "_")} = ${pick(['"', "'", ""])}${r[0]}${pick(['"', "'", ""])}`).join("\n");
    case 7: return `${rows.map((r) => r[0]).join("\n")}\nName: ${keys[0]}, dtype: object`;
    default: return Array.from({ length: int(3, 40) }, () => value()).join(pick([" ", " ", "", "\n", ", ", "  "]));
  }
}

/** Random edits with characters that sit on the patterns' edges (accents, astral letters, quotes, separators). */
const EDGE = ["é", "Ž", "ß", "İ", "\u{1D400}", "\u{1D44E}", "’", "'", "-", ".", ",", "@", "@@", "+", "%", "_", "/", " ", "  ", "\t", "\n", "\r\n", "\\n", ":", "=", "(", ")", "[", "]", "{", "}", "|", "0", "7", "x", "ext. 12", "Mr. ", "Dear ", "Str. 4", " rue ", " F. ", "<td>", "</td>", "<tr>", "<!--", "<script>", "&amp;", '"', "#"];
function mutate(text) {
  let t = text;
  for (let k = int(1, 6); k > 0; k--) {
    const at = int(0, t.length);
    const op = int(0, 2);
    if (op === 0) t = t.slice(0, at) + pick(EDGE) + t.slice(at);
    else if (op === 1) t = t.slice(0, at) + t.slice(at + int(1, 4));
    else t = t.slice(0, at) + t.slice(at, at + int(2, 30)).repeat(int(2, 4)) + t.slice(at + 1);
  }
  return t;
}
const maybeMutated = (text) => (rnd() < 0.35 ? mutate(text) : text);

/** A realistic output with a value, a key or a keyword slipped in (or nothing). */
function sparseText() {
  let t = boringOutput()[0].text;
  for (let k = int(0, 2); k > 0; k--) {
    const at = int(0, t.length);
    const kind = int(0, 5);
    let piece;
    if (kind === 0) piece = value();
    else if (kind === 1) piece = `${pick(KEYS)}: ${value()}`;
    else if (kind === 2) piece = ` ${pick(KEYS)} `;
    else if (kind === 3) piece = `${pick(KEYS)}=${value()}\n`;
    else if (kind === 4) piece = `'${pick(KEYS)}': '${value()}', `;
    else piece = value() + " ";
    t = t.slice(0, at) + piece + t.slice(at);
  }
  // rename a table column now and then
  if (rnd() < 0.3) t = t.replace(/\b(?:age|income|score|user_id|category|label|loss|accuracy)\b/, pick(KEYS));
  return maybeMutated(t);
}

function sparseSource(i) {
  const cells = Array.from({ length: int(1, 3) }, () => ({
    source: rnd() < 0.2 ? sparseText() : "df.head()",
    outputs: Array.from({ length: int(1, 2) }, () => {
      const html = rnd() < 0.3;
      let text = sparseText();
      if (html) text = `<table border="1" class="dataframe"><thead><tr><th></th><th>${pick(KEYS)}</th></tr></thead><tbody>${text.split("\n").map((l, r) => `<tr><th>${r}</th><td>${esc(l)}</td></tr>`).join("\n")}</tbody></table>`;
      return { mimeType: html ? "text/html" : "text/plain", text };
    }),
  }));
  return {
    kind: "notebook",
    path: `nb${i}.ipynb`,
    language: "python",
    cells: cells.map((c, index) => ({ index, cellType: "code", source: c.source, outputs: c.outputs.map((o, j) => ({ index: j, outputIndex: j, outputType: "execute_result", mimeType: o.mimeType, text: o.text })) })),
  };
}

function source(i) {
  if (sparse) return sparseSource(i);
  const kind = int(0, 9);
  if (kind < 7) {
    const cells = Array.from({ length: int(1, 4) }, () => {
      const type = pick(["code", "code", "markdown"]);
      const outputs = type === "code" ? Array.from({ length: int(0, 3) }, () => {
        if (rnd() < 0.25) {
          const { keys, rows } = tableParts();
          return { mimeType: "text/html", text: maybeMutated(htmlTable(keys, rows)) };
        }
        return { mimeType: pick(["text/plain", "text/plain", "text/markdown", "application/json"]), text: maybeMutated(segment()) };
      }) : [];
      return { cellType: type, source: maybeMutated(segment()), outputs };
    });
    return {
      kind: "notebook",
      path: `nb${i}.ipynb`,
      language: "python",
      cells: cells.map((c, index) => ({ index, cellType: c.cellType, source: c.source, outputs: c.outputs.map((o, j) => ({ index: j, outputIndex: j, outputType: "execute_result", mimeType: o.mimeType, text: o.text })) })),
    };
  }
  const path = pick(["data/people.csv", "data/x.tsv", "README.md", "notes.txt", "src/app.py", "out.json", "page.html", "AUTHORS", "requirements.txt", "log.log"]);
  let text = Array.from({ length: int(1, 4) }, segment).join("\n\n");
  if (path.endsWith(".tsv")) text = text.replace(/,/g, "\t");
  if (path.endsWith(".html")) {
    const { keys, rows } = tableParts();
    text = htmlTable(keys, rows);
  }
  return { kind: "text", path, text: maybeMutated(text) };
}

async function run(detector, src, DEFAULT_LIMITS) {
  const out = [];
  await detector.scan(src, {
    options: {},
    settings: { strictModels: false, online: false, limits: DEFAULT_LIMITS },
    project: { paths: () => [], readText: () => Promise.resolve(undefined) },
    signal: new AbortController().signal,
    report: (d) => out.push(JSON.stringify(d)),
    skip() {},
    incomplete() {},
    note: (m) => out.push(`note ${m}`),
  });
  return out;
}

const { DEFAULT_LIMITS } = await import("@watchtower/types");
const a = (await import(pathToFileURL(join(here, "../dist/index.js")).href)).detector;
const b = (await import(pathToFileURL(join(other, "index.js")).href)).detector;
let differ = 0;
let reports = 0;
const byRule = new Map();
for (let i = 0; i < count; i++) {
  const src = source(i);
  let ra;
  let rb;
  let err = "";
  try {
    ra = await run(a, src, DEFAULT_LIMITS);
  } catch (e) {
    err += `this build threw ${e}\n`;
  }
  try {
    rb = await run(b, src, DEFAULT_LIMITS);
  } catch (e) {
    err += `other build threw ${e}\n`;
  }
  reports += ra?.length ?? 0;
  for (const r of ra ?? []) {
    const rule = /"ruleId":"([^"]+)"/.exec(r)?.[1] ?? "note";
    byRule.set(rule, (byRule.get(rule) ?? 0) + 1);
  }
  const same = !err && ra.length === rb.length && ra.every((r, k) => r === rb[k]);
  if (!same) {
    differ++;
    if (process.env.PII_COMPARE_DUMP) writeFileSync(`${process.env.PII_COMPARE_DUMP}/diff-${i}.json`, JSON.stringify(src, null, 1));
    if (differ <= 5) {
      console.log(`--- input ${i} differs\n${err}${JSON.stringify(src).slice(0, 1500)}`);
      const sa = new Set(ra ?? []);
      const sb = new Set(rb ?? []);
      for (const r of ra ?? []) if (!sb.has(r)) console.log(`  only this build: ${r}`);
      for (const r of rb ?? []) if (!sa.has(r)) console.log(`  only other build: ${r}`);
      if (ra && rb && sa.size === sb.size && [...sa].every((r) => sb.has(r))) console.log("  same reports, different order");
    }
  }
}
console.log(`${count} inputs, ${reports} reports from this build (${[...byRule].map(([k, v]) => `${k} ${v}`).join(", ")}), ${differ} inputs with different reports`);
process.exit(differ === 0 ? 0 : 1);
