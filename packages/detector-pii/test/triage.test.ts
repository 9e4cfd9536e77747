/**
 * The triage (src/triage.ts) lets texts that cannot hold a finding skip the full scan. It must never
 * say "no" where the full scan finds something (checked on every fixture shape below and on mutated
 * variants), and it must say "no" for the common outputs it exists for.
 */
import { beforeAll, describe, expect, it } from "vitest";

import { ensureLibrary, libs } from "../src/libs.js";
import type { Mode, Segment } from "../src/model.js";
import { scanSegment } from "../src/scan.js";
import { compressHtml } from "../src/text.js";
import { mayHoldPii } from "../src/triage.js";
import { iban, luhnCard, mail, renderHtml, renderPlain, ssn } from "./helpers.js";

function segment(text: string, mode: Mode = "data", html = false, path = "nb.ipynb"): Segment {
  return { text, mode, html, path, where: `${path} cell 0 output 0`, at: (offset, length) => ({ kind: "text", offset, length }) };
}

/** Full scan (no triage) of a segment, loading libraries as the detector does. */
async function fullScan(seg: Segment): Promise<number> {
  for (;;) {
    try {
      return scanSegment(seg, libs, new Set(), false).length;
    } catch (e) {
      const lib = (e as { library?: Parameters<typeof ensureLibrary>[0] }).library;
      if (lib === undefined) throw e;
      await ensureLibrary(lib);
    }
  }
}

function triage(seg: Segment): boolean {
  // as scanSegment does: HTML reaches the triage with its markup compressed
  const text = seg.html ? compressHtml(seg.text) : seg.text;
  return mayHoldPii(seg, text, libs);
}

beforeAll(async () => {
  for (const lib of ["phone", "iban", "ip", "card", "tlds", "names", "html"] as const) await ensureLibrary(lib);
});

const card = luhnCard("4539", 16, "3");
const POSITIVES: readonly [string, Segment][] = [
  ["e-mail", segment(`sent to ${mail("maria.garcia", "gmail.com")}`)],
  ["formatted SSN", segment(`id ${ssn("512", "38", "4097")}`)],
  ["bare SSN under a spaced key", segment(`S.S.N: 512384097`)],
  ["card", segment(`paid with ${card.replace(/(\d{4})(?=\d)/g, "$1 ")}`)],
  ["card under a card column", segment(renderPlain(["cc"], [[card.replace(/(\d{4})(?=\d)/g, "$1  ")]]))],
  ["IBAN", segment(`to ${iban("DE", "500105175407324931")}`)],
  ["IPv4", segment("client 52.14.22.1 connected")],
  ["IPv6", segment("from 2a00:1450:4001:82a::200e")],
  ["IP under a camel-case key", segment('{"clientIp": "1.5"}')],
  ["IP under IPAddress", segment("IPAddress: 16777300")],
  ["NANP phone", segment("Call (212) 555-0198")],
  ["international phone", segment("+44 20 7946 0958")],
  ["phone under a mobile column", segment(renderPlain(["mobile"], [["-0.770974"], ["-9.376824"]]))],
  ["phone key glued to a number", segment("[27.208phone=8588644280\n32678]")],
  ["phone keyword", segment("tel 5551234567")],
  ["passport", segment("Passport No.: K8392017")],
  ["date of birth key", segment(renderPlain(["D.O.B"], [["1985-03-12"], ["1990-11-02"]]))],
  ["born on", segment("She was born on March 3, 1985 in Ohio.")],
  ["US address", segment("ship to 742 Evergreen Terrace")],
  ["German address", segment("Hauptstraße 12")],
  ["French address", segment("au 12 rue de la Paix")],
  ["address column", segment(renderPlain(["addr"], [["12 Oak Lane"], ["9 Elm Row"]]))],
  ["name column", segment(renderPlain(["name", "score"], [["Maria Garcia", "0.91"], ["John Becker", "0.88"]]))],
  ["name column in HTML", segment(renderHtml(["nom"], [["Zoë Müller"], ["Seán O'Brien"]]), "data", true)],
  ["salutation", segment("Dear Maria,\nthanks")],
  ["first name and surname", segment("printed by Maria Garcia today")],
  ["name in code", segment('first_name = "Olga"', "code", false, "app.py")],
];

describe("triage", () => {
  it.each(POSITIVES)("lets %s through to the full scan", async (_label, seg) => {
    expect(await fullScan(seg)).toBeGreaterThan(0);
    expect(triage(seg)).toBe(true);
  });

  const logs = Array.from({ length: 30 }, (_, i) => `Epoch ${i + 1}/30 - loss: 0.${4000 - i * 7} - accuracy: 0.${8000 + i * 3} - val_loss: 0.${3900 - i}`).join("\n");
  const hf = Array.from({ length: 10 }, (_, i) => `{'loss': 0.69${i}1, 'grad_norm': 1.23${i}, 'learning_rate': 4.5e-05, 'epoch': 0.${i}}`).join("\n");
  const table = renderPlain(["age", "income", "score", "timestamp"], Array.from({ length: 20 }, (_, i) => [String(20 + i), `${(1000 + i * 37.5).toFixed(2)}`, `0.${(9000 - i * 13).toString()}`, `2023-0${1 + (i % 9)}-1${i % 9} 12:3${i % 6}:00`]));
  const traceback = [
    "---------------------------------------------------------------------------",
    "RuntimeError                              Traceback (most recent call last)",
    "Cell In[12], line 3",
    "      1 x = torch.randn(3, 4)",
    "----> 3 y = model(x)",
    "File /usr/local/lib/python3.10/dist-packages/torch/nn/modules/module.py:1501, in Module._call_impl(self, *args, **kwargs)",
    "   1496 # If we don't have any hooks, we want to skip the rest of the logic in",
    "RuntimeError: mat1 and mat2 shapes cannot be multiplied (3x4 and 784x128)",
  ].join("\n");
  const array = `array([[ 0.12345678, -0.56781234,  1.23456789],\n       [-2.34567891,  0.00012345, 12.3456789 ]])`;
  it.each([
    ["a Keras training log", logs],
    ["a Hugging Face trainer log", hf],
    ["a numeric DataFrame", table],
    ["a traceback", traceback],
    ["a numpy array", array],
  ])("skips %s", async (_label, text) => {
    const seg = segment(text);
    expect(triage(seg)).toBe(false);
    expect(await fullScan(seg)).toBe(0);
  });

  it("never skips a text the full scan finds something in (mutated fixtures)", async () => {
    let seed = 99;
    const rnd = (): number => {
      seed = (seed + 0x6d2b79f5) >>> 0;
      let t = seed;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
    const bits = [" ", "  ", "\n", ":", "=", "-", ".", "(", ")", "+", "0", "5", "x", "é", "_", "|", ",", "'", "Mr ", "ip", "tel", "@"];
    const misses: string[] = [];
    const bases = [...POSITIVES.map(([, s]) => s), segment(logs), segment(table), segment(traceback), segment(array)];
    for (let k = 0; k < 600; k++) {
      const base = bases[Math.floor(rnd() * bases.length)]!;
      let t = base.text;
      for (let e = 1 + Math.floor(rnd() * 4); e > 0; e--) {
        const at = Math.floor(rnd() * (t.length + 1));
        t = rnd() < 0.6 ? t.slice(0, at) + bits[Math.floor(rnd() * bits.length)]! + t.slice(at) : t.slice(0, at) + t.slice(at + 1 + Math.floor(rnd() * 3));
      }
      const seg = { ...base, text: t };
      if (!triage(seg) && (await fullScan(seg)) > 0) misses.push(t);
    }
    expect(misses).toEqual([]);
  });
});
