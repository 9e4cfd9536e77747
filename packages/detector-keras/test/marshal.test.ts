import { describe, expect, it } from "vitest";

import { decodeBase64 } from "../src/base64.js";
import { MarshalError, parseMarshalledCode, summarizeCode } from "../src/marshal.js";
import type { Layout } from "./fixtures/marshal.js";
import { lambdaBase64, MALICIOUS_LAMBDA, marshalCode } from "./fixtures/marshal.js";

const LAYOUTS: Layout[] = ["py311", "py38", "py30", "py2"];

describe("marshal reader", () => {
  it.each(LAYOUTS)("reads a %s code object: names, string constants, function name", (layout) => {
    const parsed = parseMarshalledCode(marshalCode(MALICIOUS_LAMBDA, layout));
    expect(parsed.layout).toBe(layout);
    expect(parsed.trailing).toBe(0);
    const s = summarizeCode(parsed.code);
    expect(s.functionNames).toEqual(["<lambda>"]);
    expect(s.names.sort()).toEqual(["__import__", "system"]);
    expect(s.strings).toEqual(expect.arrayContaining(["os", "id"]));
  });

  it("follows nested code objects (a def or comprehension inside the lambda)", () => {
    const inner = { name: "helper", names: ["subprocess", "check_output"], consts: [null, "whoami"] };
    const outer = { name: "<lambda>", names: ["helper"], consts: [null, { code: inner }, "helper"] };
    const s = summarizeCode(parseMarshalledCode(marshalCode(outer, "py38")).code);
    expect(s.functionNames.sort()).toEqual(["<lambda>", "helper"]);
    expect(s.names).toEqual(expect.arrayContaining(["subprocess", "check_output"]));
    expect(s.strings).toContain("whoami");
  });

  it("decodes the base64 that Keras' func_dump writes (newline every 76 characters)", () => {
    const b64 = lambdaBase64({ names: ["a".repeat(120)] });
    expect(b64).toContain("\n");
    const bytes = decodeBase64(b64);
    expect(bytes).toBeDefined();
    expect(summarizeCode(parseMarshalledCode(bytes ?? new Uint8Array()).code).names).toEqual(["a".repeat(120)]);
  });

  it("rejects truncated and non-code input instead of guessing", () => {
    const full = marshalCode(MALICIOUS_LAMBDA);
    expect(() => parseMarshalledCode(full.subarray(0, full.length - 10))).toThrow(MarshalError);
    expect(() => parseMarshalledCode(new TextEncoder().encode("this is not marshal data"))).toThrow(MarshalError);
    const garbage = Uint8Array.from(full);
    garbage[21] = 0x3f; // unknown type code where co_code should start
    expect(() => parseMarshalledCode(garbage)).toThrow(MarshalError);
  });

  it("rejects a back-reference to a slot that does not exist", () => {
    const bytes = marshalCode({ names: ["x"] }, "py311");
    const out = [...bytes];
    // The qualname is written as 'r' + index; point it far away.
    const r = out.lastIndexOf(0x72, out.length - 10);
    out[r + 1] = 0x7f;
    expect(() => parseMarshalledCode(Uint8Array.from(out))).toThrow(/reference|layout/);
  });
});
