/** One or more positive fixtures per entity, in the places PII really shows up. */
import { notebookSource, textSource } from "@watchtower/tester";
import { describe, expect, it } from "vitest";

import { grouped, iban, luhnCard, mail, renderPlain, scan, ssn, texts } from "./helpers.js";

const out = (text: string, mimeType = "text/plain") => notebookSource("nb.ipynb", [{ source: "x", outputs: [{ text, mimeType }] }]);
const stream = (text: string) => notebookSource("nb.ipynb", [{ source: "print(x)", outputs: [text] }]);

describe("pii/email", () => {
  it("finds an address printed in an output, lower-cases its identity, and covers exactly the address", async () => {
    const address = mail("Maria.Garcia", "gmail.com");
    const { found } = await scan(stream(`sending report to ${address} ...`));
    expect(texts(found, "pii/email")).toEqual([address]);
    expect(found[0]!.identity).toBe("email:maria.garcia@gmail.com");
    expect(found[0]!.severity).toBe("low");
    expect(found[0]!.report.message).not.toContain(address);
    expect(found[0]!.report.data?.["entity"]).toBe("email");
  });

  it("keeps reserved example domains when they sit in printed data", async () => {
    const { found } = await scan(out(renderPlain(["email"], [[mail("jane", "example.com")], [mail("bob.lee", "example.org")]])));
    expect(texts(found, "pii/email")).toEqual([mail("jane", "example.com"), mail("bob.lee", "example.org")]);
  });

  it("finds a personal address in a repr of a Python string", async () => {
    const { found } = await scan(out(`'${mail("li.wei", "corp.cn")}'`));
    expect(texts(found, "pii/email")).toEqual([mail("li.wei", "corp.cn")]);
  });
});

describe("pii/phone", () => {
  it("finds NANP and international formats in outputs", async () => {
    const a = "(212) 555-0198";
    const b = "+44 20 7946 0958";
    const c = "+49 30 901820";
    const { found } = await scan(stream(`Call ${a} or ${b}; Berlin office ${c}`));
    expect(texts(found, "pii/phone")).toEqual([a, b, c]);
    expect(found.find((f) => f.text === a)!.identity).toBe("phone:+12125550198");
  });

  it("accepts unformatted and fictional 555 numbers under a phone column", async () => {
    const { found } = await scan(out(renderPlain(["name", "phone"], [["Ann Lee", "5551234567"], ["Bo Chen", "555-123-4567"]])));
    expect(texts(found, "pii/phone")).toEqual(["5551234567", "555-123-4567"]);
  });

  it("accepts a national number labelled as a phone", async () => {
    const { found } = await scan(stream("Tel: 020 7946 0958"));
    expect(texts(found, "pii/phone")).toEqual(["020 7946 0958"]);
  });
});

describe("pii/us-ssn", () => {
  it("reports a formatted valid SSN in an output at high", async () => {
    const value = ssn("512", "38", "4097");
    const { found } = await scan(stream(`customer ssn on file: ${value}`));
    expect(found.map((f) => [f.ruleId, f.severity, f.text])).toEqual([["pii/us-ssn", "high", value]]);
    expect(found[0]!.identity).toBe("us-ssn:512384097");
  });

  it("reports unformatted digits under an ssn column", async () => {
    const { found } = await scan(out(renderPlain(["SSN", "age"], [["512384097", "41"], ["623418850", "37"]])));
    expect(texts(found, "pii/us-ssn")).toEqual(["512384097", "623418850"]);
    expect(found.every((f) => f.severity === "high")).toBe(true);
  });

  it("reports a space-separated SSN after the words 'social security number'", async () => {
    const value = ssn("471", "82", "9035", " ");
    const { found } = await scan(stream(`Social Security Number: ${value}`));
    expect(texts(found, "pii/us-ssn")).toEqual([value]);
  });
});

describe("pii/credit-card", () => {
  it("reports grouped Visa and Amex numbers at high with their brand", async () => {
    const visa = grouped(luhnCard("4539", 16), [4, 4, 4, 4]);
    const amex = grouped(luhnCard("3714", 15), [4, 6, 5]);
    const { found } = await scan(stream(`paid with ${visa}; refund to ${amex}`));
    expect(found.map((f) => [f.ruleId, f.severity, f.text])).toEqual([
      ["pii/credit-card", "high", visa],
      ["pii/credit-card", "high", amex],
    ]);
    expect(found.map((f) => f.report.data?.["brand"])).toEqual(["visa", "american-express"]);
  });

  it("reports a bare 16-digit Mastercard in a card column", async () => {
    const mc = luhnCard("5425", 16);
    const { found } = await scan(out(renderPlain(["cc_num", "amount"], [[mc, "12.50"]])));
    expect(found.map((f) => [f.ruleId, f.severity, f.text])).toEqual([["pii/credit-card", "high", mc]]);
  });

  it("reports a dashed number in a CSV file", async () => {
    const card = grouped(luhnCard("6011", 16), [4, 4, 4, 4], "-");
    const { found } = await scan(textSource("data/payments.csv", `id,card,amount\n1,${card},9.99\n`));
    expect(texts(found, "pii/credit-card")).toEqual([card]);
  });
});

describe("pii/iban", () => {
  it("validates mod-97 and reports electronic and grouped forms at medium", async () => {
    const de = iban("DE", "500105175407324931");
    const gb = iban("GB", "WEST12345698765432");
    const gbGrouped = gb.replace(/(.{4})(?!$)/g, "$1 ");
    const { found } = await scan(stream(`from ${de} to ${gbGrouped} EUR 100`));
    expect(found.map((f) => [f.ruleId, f.severity, f.text])).toEqual([
      ["pii/iban", "medium", de],
      ["pii/iban", "medium", gbGrouped],
    ]);
    expect(found[1]!.identity).toBe(`iban:${gb}`);
  });
});

describe("pii/passport-number", () => {
  it("reports values under a passport column at medium", async () => {
    const { found } = await scan(out(renderPlain(["name", "passport_no"], [["Ann Lee", "563892741"], ["Bo Chen", "X83920174"]])));
    expect(found.filter((f) => f.ruleId === "pii/passport-number").map((f) => [f.severity, f.text])).toEqual([
      ["medium", "563892741"],
      ["medium", "X83920174"],
    ]);
  });

  it("reports a value after the word passport", async () => {
    const { found } = await scan(stream("Passport No.: K8392017 issued 2019"));
    expect(texts(found, "pii/passport-number")).toEqual(["K8392017"]);
  });
});

describe("pii/date-of-birth", () => {
  it("reports dates under a dob column and after 'born on'", async () => {
    const { found } = await scan(out(renderPlain(["date_of_birth"], [["1985-03-12"], ["11/02/1990"]])));
    expect(texts(found, "pii/date-of-birth")).toEqual(["1985-03-12", "11/02/1990"]);
    const r2 = await scan(stream("She was born on March 3, 1985 in Ohio."));
    expect(texts(r2.found, "pii/date-of-birth")).toEqual(["March 3, 1985"]);
    expect(r2.found[0]!.identity).toBe("date-of-birth:1985-03-03");
  });

  it("ignores dates without birth context", async () => {
    const { found } = await scan(stream("run started 2023-05-01, finished 2023-05-02"));
    expect(texts(found, "pii/date-of-birth")).toEqual([]);
  });
});

describe("pii/street-address", () => {
  it("finds US street addresses with and without city/state/ZIP", async () => {
    const { found } = await scan(stream("Ship to 1600 Pennsylvania Ave NW, Washington, DC 20500 today; old: 742 Evergreen Terrace"));
    expect(texts(found, "pii/street-address")).toEqual(["1600 Pennsylvania Ave NW, Washington, DC 20500", "742 Evergreen Terrace"]);
  });

  it("finds a Faker-style address with an escaped newline and an unusual street type", async () => {
    const value = "0487 Hopkins Track Apt. 418\\nEast Brian, PA 04452";
    const { found } = await scan(out(`0    ${value}\nName: location, dtype: object`));
    expect(texts(found, "pii/street-address")).toEqual([value]);
  });

  it("finds German street addresses and values under an address column", async () => {
    const { found } = await scan(stream("Lieferadresse: Hauptstraße 12, 10115 Berlin"));
    expect(texts(found, "pii/street-address")).toEqual(["Hauptstraße 12"]);
    const r2 = await scan(out(renderPlain(["home_address"], [["Flat 3, 12 Baker Row"]])));
    expect(texts(r2.found, "pii/street-address")).toEqual(["Flat 3, 12 Baker Row"]);
  });
});

describe("pii/person-name", () => {
  it("reads name columns, salutations, signatures, titles and first-name + surname pairs", async () => {
    const { found } = await scan(out(renderPlain(["first_name", "last_name"], [["Priya", "Raman"]])));
    expect(texts(found, "pii/person-name")).toEqual(["Priya", "Raman"]);
    const r2 = await scan(stream("Dear Maria,\nyour order shipped.\nKind regards,\nTom Becker"));
    expect(texts(r2.found, "pii/person-name")).toEqual(["Maria", "Tom Becker"]);
    const r3 = await scan(stream("Patient John Kowalski was admitted; seen by Dr. Okafor."));
    expect(texts(r3.found, "pii/person-name")).toEqual(["John Kowalski", "Okafor"]);
  });

  it("reads Titanic-style 'Surname, Title. Given' values in a Name column", async () => {
    const { found } = await scan(out(renderPlain(["Name", "Age"], [["Braund, Mr. Owen Harris", "22.0"]])));
    expect(texts(found, "pii/person-name")).toEqual(["Braund, Mr. Owen Harris"]);
  });

  it("reads `Name: value` fields", async () => {
    const { found } = await scan(stream(`Name: Grace Hopper, Email: ${mail("grace", "navy.mil")}`));
    expect(found.map((f) => [f.ruleId, f.text])).toEqual([
      ["pii/person-name", "Grace Hopper"],
      ["pii/email", mail("grace", "navy.mil")],
    ]);
  });
});

describe("pii/ip-address", () => {
  it("reports public IPv4 and IPv6 addresses at low", async () => {
    const { found } = await scan(stream("client 52.14.22.1 connected via 2a03:2880:f12f:83:face:b00c:0:25de"));
    expect(found.map((f) => [f.ruleId, f.severity, f.text])).toEqual([
      ["pii/ip-address", "low", "52.14.22.1"],
      ["pii/ip-address", "low", "2a03:2880:f12f:83:face:b00c:0:25de"],
    ]);
  });

  it("reports documentation-range addresses only as values of an IP column in data", async () => {
    const { found } = await scan(out(renderPlain(["client_ip"], [["203.0.113.7"]])));
    expect(texts(found, "pii/ip-address")).toEqual(["203.0.113.7"]);
    const r2 = await scan(stream("see 203.0.113.7 in RFC 5737"));
    expect(r2.found).toEqual([]);
  });
});

describe("code and docs", () => {
  it("reports labelled records written as literals in code", async () => {
    const value = ssn("387", "16", "2294");
    const src = `customers = [\n    {"name": "Ana Souza", "email": "${mail("ana.souza", "uol.com.br")}", "ssn": "${value}"},\n]`;
    const { found } = await scan(notebookSource("nb.ipynb", [{ source: src }]));
    expect(found.map((f) => [f.ruleId, f.severity, f.text])).toEqual([
      ["pii/person-name", "low", "Ana Souza"],
      ["pii/email", "low", mail("ana.souza", "uol.com.br")],
      ["pii/us-ssn", "high", value],
    ]);
  });

  it("reports placeholder-looking values when a literal holds several records", async () => {
    const src = `df = pd.DataFrame({"name": ["John Smith", "Maria Garcia"], "email": ["${mail("john", "gmail.com")}", "${mail("maria", "yahoo.com")}"]})`;
    const { found } = await scan(notebookSource("nb.ipynb", [{ source: src }]));
    expect(found.map((f) => f.text)).toEqual(["John Smith", "Maria Garcia", mail("john", "gmail.com"), mail("maria", "yahoo.com")]);
  });

  it("scans .py files and reports the key-labelled value exactly", async () => {
    const card = luhnCard("4916", 16);
    const { found } = await scan(textSource("etl/load.py", `TEST_CARD_NUMBER = "${card}"\n`));
    expect(found.map((f) => [f.ruleId, f.severity, f.text])).toEqual([["pii/credit-card", "high", card]]);
  });
});

describe("pii/person-name after a role word", () => {
  it("reads names the lexicon does not know when a role word introduces them", async () => {
    const { found } = await scan(stream("Customer Priya Natarajan paid 12.50; patient: Chidi Okeke; user Bo logged in"));
    expect(texts(found, "pii/person-name")).toEqual(["Priya Natarajan", "Chidi Okeke"]);
  });
});
