/**
 * .ipynb JSON → NotebookSource: cells with their joined source and every output reduced to the text a
 * user sees. Base64 payloads (images, widget state, application/vnd.*) are dropped: they are binary
 * data, and text rules over them only produce noise.
 */
import type { NotebookCell, NotebookOutput, NotebookSource } from "@watchtower/types";

import { maskAnsi } from "./ansi.js";
import { locateCells, type CellJsonLines } from "./json-locator.js";

export class NotebookParseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "NotebookParseError";
  }
}

export interface ParsedNotebook {
  source: NotebookSource;
  /** 1-based lines in the JSON text, by cell index (for SARIF); computed on first call. */
  locateJsonLines(): { lines: CellJsonLines[]; note?: string };
  /** Scan-log notes (old nbformat, missing outputs …). */
  notes: string[];
}

/** MIME types whose payload is text a person reads; everything else is treated as binary. */
const TEXT_MIME = new Set([
  "text/plain",
  "text/html",
  "text/markdown",
  "text/latex",
  "text/csv",
  "text/x-python",
  "application/json",
  // pandas' table-schema display (pd.set_option("display.html.table_schema", True)): DataFrame rows as JSON.
  "application/vnd.dataresource+json",
  "application/x-ipynb+json",
  "application/javascript",
]);

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function joinText(value: Json | undefined): string | undefined {
  if (typeof value === "string") return value;
  if (Array.isArray(value) && value.every((v) => typeof v === "string")) return (value as string[]).join("");
  return undefined;
}

function isObject(value: Json | undefined): value is { [key: string]: Json } {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function outputsOf(raw: Json | undefined, notes: string[], cellIndex: number): NotebookOutput[] {
  if (!Array.isArray(raw)) return [];
  const result: NotebookOutput[] = [];
  raw.forEach((output, index) => {
    if (!isObject(output)) {
      notes.push(`cell ${cellIndex} output ${index}: not an object, ignored`);
      return;
    }
    const outputType = typeof output.output_type === "string" ? output.output_type : "unknown";
    if (outputType === "stream") {
      const text = joinText(output.text);
      if (text !== undefined) result.push({ index: result.length, outputIndex: index, outputType, mimeType: "text/plain", text: maskAnsi(text) });
      return;
    }
    if (outputType === "error" || outputType === "pyerr") {
      const traceback = Array.isArray(output.traceback) ? output.traceback.filter((t) => typeof t === "string") : [];
      const head = [output.ename, output.evalue].filter((v) => typeof v === "string").join(": ");
      const text = [head, ...(traceback as string[])].join("\n");
      result.push({ index: result.length, outputIndex: index, outputType, mimeType: "text/plain", text: maskAnsi(text) });
      return;
    }
    // execute_result / display_data (nbformat 4: data bundle; nbformat 3: keys on the output itself).
    const bundle = isObject(output.data) ? output.data : output;
    for (const [mime, payload] of Object.entries(bundle)) {
      const mimeType = mime === "text" ? "text/plain" : mime === "html" ? "text/html" : mime;
      if (!TEXT_MIME.has(mimeType)) continue;
      // JSON bundles hold the value itself (nbformat), not lines of text.
      const text = mimeType.endsWith("json") && typeof payload !== "string" ? JSON.stringify(payload, null, 1) : joinText(payload);
      if (text !== undefined) result.push({ index: result.length, outputIndex: index, outputType, mimeType, text: maskAnsi(text) });
    }
  });
  return result;
}

export function parseNotebook(path: string, text: string): ParsedNotebook {
  let nb: Json;
  try {
    nb = JSON.parse(text) as Json;
  } catch (error) {
    throw new NotebookParseError(`not valid JSON (${(error as Error).message})`);
  }
  if (!isObject(nb)) throw new NotebookParseError("the top-level JSON value is not an object");
  const notes: string[] = [];
  let rawCells: Json[];
  const major = typeof nb.nbformat === "number" ? nb.nbformat : undefined;
  if (Array.isArray(nb.cells)) {
    rawCells = nb.cells;
    if (major !== undefined && major < 4) notes.push(`nbformat ${major} declared but cells are at the top level`);
  } else if (Array.isArray(nb.worksheets)) {
    notes.push(`nbformat ${major ?? 3} notebook read through the nbformat 3 layout (worksheets)`);
    rawCells = nb.worksheets.flatMap((ws) => (isObject(ws) && Array.isArray(ws.cells) ? ws.cells : []));
  } else {
    throw new NotebookParseError("no `cells` array (is this a Jupyter notebook?)");
  }

  const cells: NotebookCell[] = [];
  rawCells.forEach((raw, index) => {
    if (!isObject(raw)) {
      notes.push(`cell ${index}: not an object, ignored`);
      return;
    }
    const type = raw.cell_type;
    const cellType: NotebookCell["cellType"] = type === "markdown" || type === "raw" ? type : "code";
    if (type === "heading") notes.push(`cell ${index}: nbformat 3 heading cell read as markdown`);
    const source = joinText(raw.source ?? raw.input) ?? "";
    if (raw.source === undefined && raw.input === undefined) notes.push(`cell ${index}: no source`);
    if (cellType === "code" && raw.outputs === undefined) notes.push(`cell ${index}: code cell without outputs`);
    const metadata = isObject(raw.metadata) ? raw.metadata : {};
    const tags = Array.isArray(metadata.tags) ? metadata.tags.filter((t): t is string => typeof t === "string") : [];
    cells.push({
      index,
      ...(typeof raw.id === "string" ? { id: raw.id } : {}),
      cellType: type === "heading" ? "markdown" : cellType,
      source,
      outputs: outputsOf(raw.outputs, notes, index),
      ...(tags.length > 0 ? { tags } : {}),
    });
  });

  const metadata = isObject(nb.metadata) ? nb.metadata : undefined;
  let language: string | undefined;
  if (metadata) {
    const kernel = isObject(metadata.kernelspec) ? metadata.kernelspec : {};
    const info = isObject(metadata.language_info) ? metadata.language_info : {};
    const lang = kernel.language ?? info.name;
    if (typeof lang === "string") language = lang.toLowerCase();
  }

  // Mapping cells to lines of the JSON text costs a second pass over the whole file (~5 % of a scan
  // of output-heavy notebooks); only files with findings need it, so it runs on first call.
  let located: { lines: CellJsonLines[]; note?: string } | undefined;
  const locateJsonLines = (): { lines: CellJsonLines[]; note?: string } => {
    if (!located) {
      try {
        located = { lines: locateCells(text) };
      } catch {
        located = { lines: [], note: "could not map cells to JSON lines; SARIF locations fall back to line 1" };
      }
    }
    return located;
  };

  return {
    source: {
      kind: "notebook",
      path,
      cells,
      ...(metadata ? { metadataText: JSON.stringify(metadata, null, 1) } : {}),
      ...(language ? { language } : {}),
    },
    locateJsonLines,
    notes,
  };
}
