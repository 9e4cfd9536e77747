/**
 * TensorFlow Lite: a FlatBuffer ("TFL3") whose Model.operator_codes name every op the interpreter
 * must resolve. Builtin ops are compiled into the runtime; custom ops need an op resolver with
 * native code, and "Flex" ops (custom_code "Flex<TensorFlowOp>") run full TensorFlow kernels through
 * the Select-TF-ops delegate — including ReadFile, WriteFile and PyFunc. Only the operator codes are
 * read, with every offset bounds-checked.
 *
 * FlatBuffer layout facts (tensorflow/lite/schema/schema.fbs): Model fields version=0,
 * operator_codes=1, subgraphs=2, description=3, buffers=4; OperatorCode fields
 * deprecated_builtin_code=0, custom_code=1, version=2, builtin_code=3; BuiltinOperator CUSTOM = 32.
 */
import type { Severity } from "@watchtower/types";

import type { Ctx } from "./report.js";
import { excerpt, Reporter } from "./report.js";

const RULE = "weights/tflite-custom-op" as const;
const BUILTIN_CUSTOM = 32;
const MAX_OPERATOR_CODES = 100_000;

/** TensorFlow ops reachable through the Flex delegate that touch files or run Python. */
const FLEX_DANGEROUS: Readonly<Record<string, [Severity, string]>> = {
  ReadFile: ["high", "reads any file the process can read"],
  WriteFile: ["high", "writes attacker-chosen bytes to a path"],
  MatchingFiles: ["medium", "lists files matching a glob"],
  PyFunc: ["critical", "calls back into Python"],
  PyFuncStateless: ["critical", "calls back into Python"],
  EagerPyFunc: ["critical", "calls back into Python"],
  ShellExecute: ["critical", "custom shell-execution kernel used in model attacks"],
};

/** Custom ops shipped with the TFLite runtime or MediaPipe: they need no third-party library. */
const KNOWN_CUSTOM_OPS = new Set([
  "TFLite_Detection_PostProcess", "AudioSpectrogram", "Mfcc", "MaxPoolingWithArgmax2D", "MaxUnpooling2D",
  "Convolution2DTransposeBias", "TransformTensorBilinear", "TransformLandmarks", "Landmarks2TransformMatrix",
  "RandomStandardNormal", "RandomUniform", "Multinomial", "IRFFT2D", "SentencepieceTokenizeOp",
]);

class OutOfBounds extends Error {}

class Fb {
  private readonly view: DataView;
  constructor(readonly bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
  private check(pos: number, n: number): void {
    if (!Number.isInteger(pos) || pos < 0 || pos + n > this.bytes.length) throw new OutOfBounds(`offset ${pos} outside the file`);
  }
  u8(pos: number): number {
    this.check(pos, 1);
    return this.view.getUint8(pos);
  }
  u16(pos: number): number {
    this.check(pos, 2);
    return this.view.getUint16(pos, true);
  }
  u32(pos: number): number {
    this.check(pos, 4);
    return this.view.getUint32(pos, true);
  }
  i32(pos: number): number {
    this.check(pos, 4);
    return this.view.getInt32(pos, true);
  }
  /** Position of field `index` of the table at `table`, or undefined when absent. */
  field(table: number, index: number): number | undefined {
    const vtable = table - this.i32(table);
    const vtSize = this.u16(vtable);
    const slot = 4 + 2 * index;
    if (slot + 2 > vtSize) return undefined;
    const off = this.u16(vtable + slot);
    return off === 0 ? undefined : table + off;
  }
  deref(pos: number): number {
    return pos + this.u32(pos);
  }
  string(pos: number): string {
    const s = this.deref(pos);
    const len = this.u32(s);
    this.check(s + 4, len);
    return new TextDecoder("utf-8", { fatal: false }).decode(this.bytes.subarray(s + 4, s + 4 + len));
  }
}

export function scanTflite(bytes: Uint8Array, path: string, ctx: Ctx): void {
  const rep = new Reporter(ctx, path);
  try {
    const fb = new Fb(bytes);
    const model = fb.deref(0);
    const codesField = fb.field(model, 1);
    if (codesField === undefined) {
      ctx.note(`${path}: TensorFlow Lite model without operator codes`);
      return;
    }
    const vec = fb.deref(codesField);
    const count = fb.u32(vec);
    if (count > MAX_OPERATOR_CODES || vec + 4 + 4 * count > bytes.length) {
      ctx.incomplete(`TensorFlow Lite operator_codes claims ${count} entries, more than the file holds`);
      return;
    }
    for (let i = 0; i < count; i++) {
      const code = fb.deref(vec + 4 + 4 * i);
      const builtinPos = fb.field(code, 3);
      const deprecatedPos = fb.field(code, 0);
      const builtin = builtinPos !== undefined ? fb.i32(builtinPos) : deprecatedPos !== undefined ? fb.u8(deprecatedPos) : 0;
      const customPos = fb.field(code, 1);
      if (builtin !== BUILTIN_CUSTOM && customPos === undefined) continue;
      const custom = customPos === undefined ? "" : fb.string(customPos);
      reportCustom(custom, i, rep);
    }
  } catch (err) {
    if (!(err instanceof OutOfBounds)) throw err;
    ctx.incomplete(`TensorFlow Lite flatbuffer is truncated or corrupt (${err.message})`);
  } finally {
    rep.flush();
  }
}

function reportCustom(custom: string, index: number, rep: Reporter): void {
  const member = `operator_codes[${index}]`;
  if (custom.startsWith("Flex")) {
    const tfOp = custom.slice(4);
    const danger = FLEX_DANGEROUS[tfOp];
    rep.report({
      ruleId: RULE,
      severity: danger ? danger[0] : "low",
      message: danger
        ? `Flex op ${excerpt(custom, 80)} runs the TensorFlow ${tfOp} kernel through the Select-TF-ops delegate, which ${danger[1]}.`
        : `Flex op ${excerpt(custom, 80)} runs a TensorFlow kernel through the Select-TF-ops delegate (needs the Flex library).`,
      evidence: excerpt(custom, 120),
      identity: custom,
      member,
    });
    return;
  }
  const known = KNOWN_CUSTOM_OPS.has(custom);
  rep.report({
    ruleId: RULE,
    severity: known ? "low" : "medium",
    message: known
      ? `Custom op ${custom} ships with the TFLite runtime or MediaPipe.`
      : `Custom op ${excerpt(custom, 80) || "(unnamed)"} must be registered with a custom op resolver (native code shipped with the model).`,
    evidence: excerpt(custom, 120) || "(unnamed custom op)",
    identity: custom,
    member,
  });
}
