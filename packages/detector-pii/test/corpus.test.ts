/**
 * A generated benchmark in the spirit of the held-out corpus: seeded synthetic people rendered the
 * ways notebooks print them (pandas text/plain + text/html, CSV heads, dict prints, JSON lines,
 * sentences), plus a lookalike corpus. Asserts the issue's targets: >= 90 % of PII found at or above
 * its expected severity, <= 3 % of lookalikes at medium or above; and bounded time on large outputs.
 */
import { notebookSource } from "@watchtower/tester";
import type { NotebookSource, Severity } from "@watchtower/types";
import { severityRank } from "@watchtower/types";
import { describe, expect, it } from "vitest";

import { grouped, iban, ibanBroken, luhnBroken, luhnCard, mail, renderHtml, renderPlain, scan } from "./helpers.js";

function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FIRST = ["Priya", "Chidi", "Olga", "Mateo", "Yuki", "Fatima", "Sven", "Aisha", "Liam", "Emma", "Noah", "Sofia", "Wei", "Hiroshi", "Carlos", "Ana", "Kwame", "Ingrid", "Ravi", "Mei", "Omar", "Elena", "Lucas", "Zara", "Tomasz", "Amara", "Diego", "Hannah", "Arjun", "Leila"];
const LAST = ["Natarajan", "Okeke", "Ivanova", "Rossi", "Tanaka", "Zahra", "Olsen", "Bello", "Murphy", "Johansson", "Chen", "Sato", "Garcia", "Souza", "Mensah", "Berg", "Patel", "Wong", "Haddad", "Petrova", "Silva", "Ahmed", "Kowalski", "Nwosu", "Rivera", "Fischer", "Reddy", "Kim", "Larsen", "Moreau"];
const DOMAINS = ["gmail.com", "outlook.com", "yahoo.co.uk", "example.com", "proton.me", "web.de", "hotmail.fr"];
const STREETS = ["Maple", "Oak", "Cedar", "Elm", "Washington", "Lakeview", "Hillcrest", "Sunset", "Park", "Willow"];
const SUFFIX = ["Street", "Ave", "Road", "Lane", "Drive", "Blvd", "Court", "Way", "St.", "Terrace"];
const CITIES = [["Springfield", "IL", "62704"], ["Austin", "TX", "78701"], ["Portland", "OR", "97205"], ["Denver", "CO", "80202"]] as const;
const AREAS = ["212", "415", "312", "617", "206", "303", "646", "404"];
const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

interface Person {
  name: string;
  email: string;
  phone: string;
  ssn: string;
  card: string;
  iban: string;
  passport: string;
  dob: string;
  address: string;
  ip: string;
}

type Field = keyof Person;
const EXPECTED: Readonly<Record<Field, [string, Severity]>> = {
  name: ["pii/person-name", "low"],
  email: ["pii/email", "low"],
  phone: ["pii/phone", "low"],
  ssn: ["pii/us-ssn", "high"],
  card: ["pii/credit-card", "high"],
  iban: ["pii/iban", "medium"],
  passport: ["pii/passport-number", "medium"],
  dob: ["pii/date-of-birth", "low"],
  address: ["pii/street-address", "low"],
  ip: ["pii/ip-address", "low"],
};
const HEADERS: Readonly<Record<Field, readonly string[]>> = {
  name: ["name", "full_name", "Customer Name", "patient_name", "Name"],
  email: ["email", "Email Address", "e-mail", "contact_email"],
  phone: ["phone", "Phone Number", "mobile", "tel"],
  ssn: ["ssn", "SSN", "social_security_number"],
  card: ["credit_card", "card_number", "cc_num", "Card"],
  iban: ["iban", "IBAN", "bank_account"],
  passport: ["passport_no", "Passport Number", "passport"],
  dob: ["dob", "date_of_birth", "DOB", "birth_date", "Birthday"],
  address: ["address", "street_address", "Home Address"],
  ip: ["ip_address", "ip", "client_ip", "last_login_ip"],
};

function person(r: () => number): Person {
  const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const digits = (n: number): string => Array.from({ length: n }, () => String(Math.floor(r() * 10))).join("");
  const first = pick(FIRST);
  const last = pick(LAST);
  let area = String(1 + Math.floor(r() * 898)).padStart(3, "0");
  if (area === "666") area = "667";
  const group = String(1 + Math.floor(r() * 98)).padStart(2, "0");
  const serial = String(1 + Math.floor(r() * 9998)).padStart(4, "0");
  const cardKind = Math.floor(r() * 4);
  const cardDigits = [luhnCard(`4${digits(3)}`, 16, digits(1)), luhnCard(`5${1 + Math.floor(r() * 5)}${digits(2)}`, 16, digits(1)), luhnCard(`37${digits(2)}`, 15, digits(1)), luhnCard("6011", 16, digits(1))][cardKind]!;
  const card = r() < 0.5 ? cardDigits : cardKind === 2 ? grouped(cardDigits, [4, 6, 5]) : grouped(cardDigits, [4, 4, 4, 4], r() < 0.5 ? " " : "-");
  const ibanKind = Math.floor(r() * 4);
  const ib = [iban("DE", digits(18)), iban("GB", `WEST${digits(14)}`), iban("NL", `ABNA${digits(10)}`), iban("IE", `AIBK${digits(14)}`)][ibanKind]!;
  const y = 1940 + Math.floor(r() * 65);
  const mo = 1 + Math.floor(r() * 12);
  const d = 1 + Math.floor(r() * 28);
  const dobKind = Math.floor(r() * 3);
  const dob = dobKind === 0 ? `${y}-${String(mo).padStart(2, "0")}-${String(d).padStart(2, "0")}` : dobKind === 1 ? `${String(mo).padStart(2, "0")}/${String(d).padStart(2, "0")}/${y}` : `${MONTHS[mo - 1]} ${d}, ${y}`;
  const [city, st, zip] = pick(CITIES);
  const street = `${1 + Math.floor(r() * 9800)} ${pick(STREETS)} ${pick(SUFFIX)}`;
  const phoneKind = Math.floor(r() * 3);
  const phone = phoneKind === 0 ? `(${pick(AREAS)}) 555-01${digits(2)}` : phoneKind === 1 ? `${pick(AREAS)}-555-01${digits(2)}` : pick(["+44 20 7946 0", "+49 30 90182", "+33 1 42 68 5"]) + digits(3);
  return {
    name: `${first} ${last}`,
    email: mail(`${first}.${last}`.toLowerCase(), pick(DOMAINS)),
    phone,
    ssn: `${area}-${group}-${serial}`,
    card,
    iban: ibanKind === 1 && r() < 0.5 ? ib.replace(/(.{4})(?!$)/g, "$1 ") : ib,
    passport: r() < 0.5 ? `${String.fromCharCode(65 + Math.floor(r() * 26))}${digits(8)}` : `${1 + Math.floor(r() * 8)}${digits(8)}`,
    dob,
    address: r() < 0.5 ? street : `${street}, ${city}, ${st} ${zip}`,
    ip: `${pick([23, 34, 45, 52, 63, 81, 91, 104, 142, 151, 185])}.${Math.floor(r() * 256)}.${Math.floor(r() * 256)}.${1 + Math.floor(r() * 254)}`,
  };
}

const FIELDS = Object.keys(EXPECTED) as Field[];

function sentence(p: Person, r: () => number): string {
  const forms = [
    `Customer ${p.name} <${p.email}> called from ${p.phone}.`,
    `SSN: ${p.ssn} | card number ${p.card} | IBAN ${p.iban}`,
    `passport no. ${p.passport}, date of birth: ${p.dob}`,
    `Ship to ${p.address}; last login from ${p.ip}`,
  ];
  return r() < 0.5 ? forms.join("\n") : forms.join(" ");
}

interface Expectation {
  value: string;
  ruleId: string;
  severity: Severity;
  cell: number;
}

function buildCorpus(seed: number, groups: number): { nb: NotebookSource; expected: Expectation[] } {
  const r = rng(seed);
  const cells: Parameters<typeof notebookSource>[1] = [];
  const expected: Expectation[] = [];
  for (let g = 0; g < groups; g++) {
    const people = Array.from({ length: 4 }, () => person(r));
    const fields = FIELDS.filter(() => r() < 0.6);
    if (fields.length === 0) fields.push("email");
    const headers = fields.map((f) => HEADERS[f][Math.floor(r() * HEADERS[f].length)]!);
    const rows = people.map((p) => fields.map((f) => p[f]));
    const layout = g % 6;
    const cell = cells.length;
    if (layout === 0) cells.push({ source: "df.head()", outputs: [{ text: renderPlain(headers, rows) }, { text: renderHtml(headers, rows), mimeType: "text/html" }] });
    else if (layout === 1) cells.push({ source: "df", outputs: [{ text: renderPlain(headers, rows) }] });
    else if (layout === 2) cells.push({ source: "!head data.csv", outputs: [[headers.join(","), ...rows.map((row) => row.map((v) => (v.includes(",") ? `"${v}"` : v)).join(","))].join("\n")] });
    else if (layout === 3) cells.push({ source: "print(records)", outputs: [`[${rows.map((row) => `{${row.map((v, i) => `'${headers[i]}': '${v}'`).join(", ")}}`).join(", ")}]`] });
    else if (layout === 4) cells.push({ source: "for r in rows: print(json.dumps(r))", outputs: [rows.map((row) => `{${row.map((v, i) => `"${headers[i]}": "${v}"`).join(", ")}}`).join("\n")] });
    else {
      cells.push({ source: "for p in people: print(...)", outputs: [people.map((p) => sentence(p, r)).join("\n")] });
      for (const p of people) for (const f of FIELDS) expected.push({ value: p[f], ruleId: EXPECTED[f][0], severity: EXPECTED[f][1], cell });
      continue;
    }
    for (const row of rows) row.forEach((v, i) => expected.push({ value: v, ruleId: EXPECTED[fields[i]!][0], severity: EXPECTED[fields[i]!][1], cell }));
  }
  return { nb: notebookSource("corpus.ipynb", cells), expected };
}

function lookalikeCorpus(seed: number): { nb: NotebookSource; values: string[] } {
  const r = rng(seed);
  const digits = (n: number): string => Array.from({ length: n }, () => String(Math.floor(r() * 10))).join("");
  const values: string[] = [];
  const lines: string[] = [];
  const rows: string[][] = [];
  for (let i = 0; i < 40; i++) {
    const bad = [
      `${["000", "666", "9" + digits(2)][i % 3]}-${digits(2).replace("00", "01")}-${digits(4).replace("0000", "0001")}`,
      `${100 + i}-00-${digits(4)}`,
      luhnBroken(luhnCard(`4${digits(3)}`, 16, digits(1))),
      luhnBroken(luhnCard(`5${1 + (i % 5)}${digits(2)}`, 16, digits(1))),
      ibanBroken(iban("DE", digits(18))),
      `XXXX XXXX XXXX ${digits(4)}`,
      `***-**-${digits(4)}`,
      `${["10.0", "192.168", "172.16", "127.0"][i % 4]}.${i % 200}.${1 + (i % 250)}`,
      `1.${i % 20}.${i % 7}.${i % 9}`,
      `Chrome/${100 + i}.0.${6000 + i}.${i + 10}`,
      `17${digits(8)}`,
      `17${digits(11)}`,
      `179${digits(16)}`,
      `(1, ${i + 2}, ${i + 2})`,
      `2024-0${1 + (i % 9)}-1${i % 9} 12:${10 + i}:05`,
    ];
    values.push(...bad);
    lines.push(`id ${bad[2]} ssn? ${bad[0]} acct ${bad[4]} card ${bad[5]} / ${bad[6]} host ${bad[7]} torch==${bad[8]} UA ${bad[9]} ts ${bad[10]} ${bad[11]} tweet ${bad[12]} shape ${bad[13]} at ${bad[14]}`);
    rows.push([bad[3]!, bad[1]!, `${(r() * 100).toFixed(4)}`, bad[10]!]);
  }
  const nb = notebookSource("lookalikes.ipynb", [
    { source: "print(log)", outputs: [lines.join("\n")] },
    { source: "orders", outputs: [{ text: renderPlain(["order_id", "ref_code", "score", "created"], rows) }, { text: renderHtml(["order_id", "ref_code", "score", "created"], rows), mimeType: "text/html" }] },
    { source: "print(opt)", outputs: ["Adam Optimizer, Xavier Uniform init, Pearson Correlation 0.91, Naive Bayes, Markov Chain, Gaussian Process"] },
  ]);
  return { nb, values };
}

describe("generated corpus", () => {
  it("finds >= 90 % of PII at or above its expected severity", { timeout: 60_000 }, async () => {
    const { nb, expected } = buildCorpus(20240501, 36);
    const { found } = await scan(nb);
    const missed: string[] = [];
    for (const e of expected) {
      const hit = found.some(
        (f) => f.ruleId === e.ruleId && (f.report.at as { cellIndex: number }).cellIndex === e.cell && f.text === e.value && severityRank(f.severity as Severity) >= severityRank(e.severity),
      );
      if (!hit) missed.push(`${e.ruleId} ${e.value}`);
    }
    const recall = 1 - missed.length / expected.length;
    const perRule = new Map<string, [number, number]>();
    for (const e of expected) {
      const c = perRule.get(e.ruleId) ?? [0, 0];
      c[1]++;
      if (!missed.includes(`${e.ruleId} ${e.value}`)) c[0]++;
      perRule.set(e.ruleId, c);
    }
    console.info(`PII corpus: ${expected.length} values, recall ${(recall * 100).toFixed(1)} %`, Object.fromEntries([...perRule].map(([k, [a, b]]) => [k, `${a}/${b}`])));
    expect(recall, missed.slice(0, 20).join("\n")).toBeGreaterThanOrEqual(0.9);
  });

  it("reports <= 3 % of lookalikes at medium or above", async () => {
    const { nb, values } = lookalikeCorpus(7);
    const { found } = await scan(nb);
    const loud = found.filter((f) => severityRank(f.severity as Severity) >= severityRank("medium"));
    const hitValues = values.filter((v) => loud.some((f) => v.includes(f.text) || f.text.includes(v)));
    const rate = hitValues.length / values.length;
    console.info(`lookalike corpus: ${values.length} values, ${hitValues.length} at medium+ (${(rate * 100).toFixed(1)} %), ${found.length} reports in all`);
    expect(rate, hitValues.join("\n")).toBeLessThanOrEqual(0.03);
  });
});

describe("limits and throughput", () => {
  it("caps an output at limits.maxOutputChars and says so", async () => {
    const big = `${"x".repeat(5000)} ${mail("late", "gmail.com")}`;
    const nb = notebookSource("nb.ipynb", [{ source: "x", outputs: [big] }]);
    const { found, notes } = await scan(nb, {}, { limits: { ...(await import("@watchtower/types")).DEFAULT_LIMITS, maxOutputChars: 1000 } });
    expect(found).toEqual([]);
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatch(/cell 0 output 0 .*5\d{3} characters; scanned the first 1000/);
  });

  it("scans 1 MB of mixed output in bounded time, including adversarial runs", async () => {
    const r = rng(3);
    const parts: string[] = [];
    let size = 0;
    while (size < 1_000_000) {
      const p = person(r);
      const chunk = [
        `Epoch ${Math.floor(r() * 100)}/100 - loss: ${r().toFixed(4)} - acc: ${r().toFixed(4)}`,
        `[${Array.from({ length: 12 }, () => (r() * 1e6).toFixed(0)).join(", ")}]`,
        `user ${p.email} from ${p.ip} at 2024-05-01 12:00:00`,
        "9".repeat(40) + " " + "1 ".repeat(30) + "@".repeat(20) + "a@b".repeat(10),
      ].join("\n");
      parts.push(chunk);
      size += chunk.length + 1;
    }
    const text = parts.join("\n");
    const nb = notebookSource("nb.ipynb", [{ source: "x", outputs: [text] }]);
    await scan(notebookSource("warm.ipynb", [{ source: "x", outputs: ["warm up"] }]));
    const t0 = performance.now();
    const { found } = await scan(nb);
    const secs = (performance.now() - t0) / 1000;
    console.info(`throughput: ${(text.length / 1e6 / secs).toFixed(2)} MB/s (${(text.length / 1e6).toFixed(1)} MB in ${secs.toFixed(2)} s, ${found.length} reports)`);
    expect(secs).toBeLessThan(20);
  }, 120_000);
});
