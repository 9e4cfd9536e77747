/**
 * The Keras detector's scan, loaded lazily by index.ts so that a commit without HDF5 or zip files
 * never loads the tables, the parsers or h5wasm.
 */
import type { BinarySource, ScanContext } from "@watchtower/types";

import { scanHdf5 } from "./hdf5.js";
import type { ZipFinding } from "./keras-zip.js";
import { scanKerasZip, torchPickleStreams } from "./keras-zip.js";

const MAX_NOTES = 20;
const MAX_INCOMPLETE_DETAILS = 5;

function emit(
  ctx: ScanContext<Record<string, never>>,
  out: { findings: ZipFinding[]; incomplete: string[]; notes: string[] },
): void {
  for (const f of out.findings) {
    ctx.report({
      ruleId: f.rule.id,
      message: f.message,
      at: { kind: "binary", member: f.member },
      evidence: f.evidence,
      severity: f.severity,
      identity: f.identity,
      ...(f.data ? { data: f.data } : {}),
    });
  }
  if (out.incomplete.length > 0) {
    const shown = out.incomplete.slice(0, MAX_INCOMPLETE_DETAILS).join("; ");
    const more = out.incomplete.length > MAX_INCOMPLETE_DETAILS ? ` (+${out.incomplete.length - MAX_INCOMPLETE_DETAILS} more)` : "";
    ctx.incomplete(`keras: ${shown}${more}`);
  }
  for (const n of out.notes.slice(0, MAX_NOTES)) ctx.note(`keras: ${n}`);
  if (out.notes.length > MAX_NOTES) ctx.note(`keras: ${out.notes.length - MAX_NOTES} more notes`);
}

export async function scanKerasSource(source: BinarySource, ctx: ScanContext<Record<string, never>>): Promise<void> {
  const { strictModels, limits } = ctx.settings;
  if (source.format === "hdf5") {
    const result = await scanHdf5(source.bytes, {
      strictModels,
      limits,
      torchPickles: (payload) => torchPickleStreams(payload, limits),
    });
    emit(ctx, result);
    return;
  }
  if (source.format === "zip") {
    const result = await scanKerasZip(source.bytes, { strictModels, limits, signal: ctx.signal });
    if (result.keras) emit(ctx, result);
  }
}
