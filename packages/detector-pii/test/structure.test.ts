/** Structure awareness: DataFrame renders, CSV heads, dict/JSON prints, tracebacks, other tables. */
import { notebookSource, textSource } from "@watchtower/tester";
import type { SourceRange } from "@watchtower/types";
import { describe, expect, it } from "vitest";

import { grouped, luhnCard, mail, renderHtml, renderPlain, scan, ssn, texts } from "./helpers.js";

const people = (): { headers: string[]; rows: string[][] } => ({
  headers: ["name", "email", "ssn", "dob", "score"],
  rows: [
    ["John Smith", mail("john.smith", "example.com"), ssn("512", "38", "4097"), "1985-03-12", "0.50"],
    ["Maria Garcia", mail("maria.g", "gmail.com"), ssn("623", "41", "8850"), "1990-11-02", "12.25"],
    ["Li Wei", mail("li", "corp.cn"), ssn("731", "05", "2648"), "1978-07-23", "3.00"],
  ],
});

describe("one DataFrame rendered as text/plain and text/html in the same output cell", () => {
  it("reports each value once per render with equal identity, so core merges them into one finding with two locations", async () => {
    const { headers, rows } = people();
    const nb = notebookSource("nb.ipynb", [
      {
        source: "df",
        outputs: [
          { text: renderPlain(headers, rows), mimeType: "text/plain", outputType: "execute_result" },
          { text: renderHtml(headers, rows), mimeType: "text/html", outputType: "execute_result" },
        ],
      },
    ]);
    const { found } = await scan(nb);
    const byIdentity = new Map<string, { outputs: number[]; texts: string[]; rules: Set<string>; secrets: Set<string> }>();
    for (const f of found) {
      const at = f.report.at as Extract<SourceRange, { kind: "cell" }>;
      const e = byIdentity.get(f.identity!) ?? { outputs: [], texts: [], rules: new Set(), secrets: new Set() };
      e.outputs.push(at.outputIndex!);
      e.texts.push(f.text);
      e.rules.add(f.ruleId);
      e.secrets.add(f.report.secret!);
      byIdentity.set(f.identity!, e);
    }
    // 3 rows × (name, email, ssn, dob) = 12 distinct values, each found in output 0 and output 1.
    expect(byIdentity.size).toBe(12);
    for (const [identity, e] of byIdentity) {
      expect(e.outputs.sort(), identity).toEqual([0, 1]);
      expect(e.rules.size).toBe(1);
      // the `at` range covers exactly the value in both renders, and secret is that raw text
      expect(new Set(e.texts).size, identity).toBe(1);
      expect([...e.secrets]).toEqual([e.texts[0]]);
    }
    expect(found.filter((f) => f.ruleId === "pii/us-ssn").every((f) => f.severity === "high")).toBe(true);
  });

  it("points into the HTML at the value, not at the tag, and decodes entities for the identity", async () => {
    const nb = notebookSource("nb.ipynb", [
      { source: "df", outputs: [{ text: renderHtml(["name", "email"], [["Seán O'Brien", mail("sean.obrien", "eircom.net")]]).replace("O'Brien", "O&#x27;Brien"), mimeType: "text/html" }] },
    ]);
    const { found } = await scan(nb);
    expect(found.map((f) => [f.ruleId, f.text, f.identity])).toEqual([
      ["pii/person-name", "Seán O&#x27;Brien", "person-name:seán o'brien"],
      ["pii/email", mail("sean.obrien", "eircom.net"), `email:${mail("sean.obrien", "eircom.net")}`],
    ]);
  });
});

describe("pandas text/plain layouts", () => {
  it("handles a named index line, single-space column gaps (datetime) and values with spaces", async () => {
    const e1 = mail("jsmith", "yahoo.com");
    const e2 = mail("mgarcia", "gmail.com");
    const w = Math.max(e1.length, e2.length);
    const text = [
      `${"".padEnd(12)}  ${"email".padStart(w)}  ${"ssn".padStart(11)} ${"dob".padStart(10)}`,
      `${"name".padEnd(12 + 2 + w + 2 + 11 + 1 + 10)}`,
      `${"John Smith".padEnd(12)}  ${e1.padStart(w)}  ${ssn("512", "38", "4097")} 1985-03-12`,
      `${"Maria Garcia".padEnd(12)}  ${e2.padStart(w)}  ${ssn("623", "41", "8850")} 1990-11-02`,
    ].join("\n");
    const { found } = await scan(notebookSource("nb.ipynb", [{ source: "df.set_index('name')", outputs: [{ text }] }]));
    expect(texts(found, "pii/person-name")).toEqual(["John Smith", "Maria Garcia"]);
    expect(texts(found, "pii/date-of-birth")).toEqual(["1985-03-12", "1990-11-02"]);
    expect(texts(found, "pii/us-ssn")).toHaveLength(2);
  });

  it("reads a Series render through its `Name:` footer and skips elided rows", async () => {
    const text = ["0      1985-03-12", "1      1990-11-02", "          ...    ", "998    1978-07-23", "Name: birth_date, Length: 999, dtype: object"].join("\n");
    const { found } = await scan(notebookSource("nb.ipynb", [{ source: "df.birth_date", outputs: [{ text }] }]));
    expect(texts(found, "pii/date-of-birth")).toEqual(["1985-03-12", "1990-11-02", "1978-07-23"]);
    // The footer itself is not a person called "birth_date".
    expect(texts(found, "pii/person-name")).toEqual([]);
  });

  it("reads a wide frame wrapped into blocks with `...` elision", async () => {
    const text = [
      "   col_0  col_1  ...  passport_number",
      "0      0      0  ...        P83920174",
      "1      1      1  ...        Q20938475",
      "",
      "[2 rows x 31 columns]",
    ].join("\n");
    const { found } = await scan(notebookSource("nb.ipynb", [{ source: "df", outputs: [{ text }] }]));
    expect(texts(found, "pii/passport-number")).toEqual(["P83920174", "Q20938475"]);
  });
});

describe("CSV heads, dict/JSON prints, tracebacks and other tables", () => {
  it("reads a CSV head printed by `!head`", async () => {
    const card = luhnCard("4485", 16);
    const text = ["customer_id,full_name,phone,dob,card_number", `1001,Ana Souza,(415) 555-0132,04/12/1988,${card}`, `1002,Kofi Mensah,+233 24 123 4567,1979-01-30,${luhnCard("5500", 16)}`].join("\n");
    const { found } = await scan(notebookSource("nb.ipynb", [{ source: "!head -3 customers.csv", outputs: [text] }]));
    expect(found.map((f) => [f.ruleId, f.text])).toEqual([
      ["pii/person-name", "Ana Souza"],
      ["pii/phone", "(415) 555-0132"],
      ["pii/date-of-birth", "04/12/1988"],
      ["pii/credit-card", card],
      ["pii/person-name", "Kofi Mensah"],
      ["pii/phone", "+233 24 123 4567"],
      ["pii/date-of-birth", "1979-01-30"],
      ["pii/credit-card", luhnCard("5500", 16)],
    ]);
    // customer ids are not phone numbers, SSNs or cards
    expect(texts(found).some((t) => t.startsWith("100"))).toBe(false);
  });

  it("reads dict prints (to_dict records) and pandas to_json column layout", async () => {
    const records = `[{'patient_name': 'Olga Ivanova', 'date_of_birth': Timestamp('1962-08-14 00:00:00'), 'passport': 'C5X28T471'}]`;
    const epoch = Date.UTC(1962, 7, 14);
    const json = `{"patient_name":{"0":"Olga Ivanova"},"date_of_birth":{"0":${epoch}},"passport":{"0":"C5X28T471"}}`;
    const { found } = await scan(notebookSource("nb.ipynb", [{ source: "x", outputs: [records, json] }]));
    expect(found.map((f) => [f.ruleId, f.text, f.identity])).toEqual([
      ["pii/person-name", "Olga Ivanova", "person-name:olga ivanova"],
      ["pii/date-of-birth", "1962-08-14 00:00:00", "date-of-birth:1962-08-14"],
      ["pii/passport-number", "C5X28T471", "passport-number:C5X28T471"],
      ["pii/person-name", "Olga Ivanova", "person-name:olga ivanova"],
      ["pii/date-of-birth", String(epoch), "date-of-birth:1962-08-14"],
      ["pii/passport-number", "C5X28T471", "passport-number:C5X28T471"],
    ]);
  });

  it("finds PII in an error traceback (exception message and the code line shown in the frame)", async () => {
    const address = mail("k.tanaka", "docomo.ne.jp");
    const value = ssn("587", "22", "1093");
    const tb = [
      "---------------------------------------------------------------------------",
      "KeyError                                  Traceback (most recent call last)",
      "Cell In[7], line 3",
      "      1 lookup = {r.email: r for r in rows}",
      `----> 3 lookup["${address}"]`,
      "",
      `KeyError: 'customer ${value} not found'`,
    ].join("\n");
    const nb = notebookSource("nb.ipynb", [{ source: "lookup[...]", outputs: [{ text: tb, outputType: "error" }] }]);
    const { found } = await scan(nb);
    expect(found.map((f) => [f.ruleId, f.severity, f.text])).toEqual([
      ["pii/email", "low", address],
      ["pii/us-ssn", "high", value],
    ]);
  });

  it("reads polars and Markdown tables", async () => {
    const polars = [
      "shape: (1, 2)",
      "┌──────────────┬─────────────┐",
      "│ cardholder   ┆ card        │",
      "│ ---          ┆ ---         │",
      "│ str          ┆ str         │",
      "╞══════════════╪═════════════╡",
      `│ Kenji Sato   ┆ ${grouped(luhnCard("3530", 16), [4, 4, 4, 4])} │`,
      "└──────────────┴─────────────┘",
    ].join("\n");
    const md = ["| Name | Phone |", "|---|---|", "| Zoe Quinn | 202-555-0147 |"].join("\n");
    const nb = notebookSource("nb.ipynb", [
      { source: "pl_df", outputs: [polars] },
      { cellType: "markdown", source: md },
    ]);
    const { found } = await scan(nb);
    expect(found.map((f) => [f.ruleId, f.text])).toEqual([
      ["pii/person-name", "Kenji Sato"],
      ["pii/credit-card", grouped(luhnCard("3530", 16), [4, 4, 4, 4])],
      ["pii/person-name", "Zoe Quinn"],
      ["pii/phone", "202-555-0147"],
    ]);
  });

  it("never reads notebook metadata", async () => {
    const nb = { ...notebookSource("nb.ipynb", [{ source: "1" }]), metadataText: `{"authors": [{"name": "Jane Roe", "email": "${mail("jane.roe", "gmail.com")}"}]}` };
    const { found } = await scan(nb);
    expect(found).toEqual([]);
  });
});

describe("large data files", () => {
  it("scans a CSV with hundreds of thousands of cells (field lists are not spread into call arguments)", async () => {
    const header = ["email", ...Array.from({ length: 19 }, (_, i) => `f${i}`)].join(",");
    const rows = Array.from({ length: 12_000 }, (_, r) => [r === 5_000 ? mail("ana.souza", "gmail.com") : "", ...Array.from({ length: 19 }, (_, c) => String((r * 31 + c) % 997))].join(","));
    const { found } = await scan(textSource("data/big.csv", [header, ...rows].join("\n")));
    expect(texts(found, "pii/email")).toEqual([mail("ana.souza", "gmail.com")]);
  }, 30_000);
});

describe("pandas table-schema output (application/vnd.dataresource+json)", () => {
  it("is read like a DataFrame render: values under ssn/email/name keys are found", async () => {
    const person = ["Maria", "Gonzalez"].join(" ");
    const email = mail("maria.gonzalez", "gmail.com");
    const number = ssn("512", "38", "4097");
    const rows = {
      schema: { fields: [{ name: "index" }, { name: "name" }, { name: "email" }, { name: "ssn" }], primaryKey: ["index"] },
      data: [{ index: 0, name: person, email, ssn: number }],
    };
    const source = notebookSource("nb.ipynb", [{ source: "df", outputs: [{ text: JSON.stringify(rows, null, 1), mimeType: "application/vnd.dataresource+json" }] }]);
    const { found } = await scan(source);
    expect(found.map((f) => [f.ruleId, f.severity, f.text]).sort()).toEqual(
      [
        ["pii/email", "low", email],
        ["pii/person-name", "low", person],
        ["pii/us-ssn", "high", number],
      ].sort(),
    );
  });

  it("other vendor JSON outputs (plotly figures, widget state) are still skipped", async () => {
    const number = ssn("512", "38", "4097");
    const source = notebookSource("nb.ipynb", [
      { source: "fig", outputs: [{ text: JSON.stringify({ data: [{ text: [`ssn ${number}`] }] }), mimeType: "application/vnd.plotly.v1+json" }] },
    ]);
    expect((await scan(source)).found).toEqual([]);
  });
});
