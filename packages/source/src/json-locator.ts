/**
 * Finds where each cell's source and each output start in the raw .ipynb text, as 1-based lines, so
 * SARIF viewers (which only understand file + line) can point into the JSON. One pass, no values are
 * built: strings are skipped with indexOf, so a 10 MB base64 image costs one native scan.
 */
export interface CellJsonLines {
  /** Line of the cell object. */
  cell: number;
  /** Line where the source value starts. */
  source?: number;
  /** Line of each output object, by output index. */
  outputs: number[];
  /** [start, end) offsets of the cell's `outputs` array value in the JSON text (for --fix). */
  outputsSpan?: [number, number];
}

const MAX_DEPTH = 256;

export function locateCells(text: string): CellJsonLines[] {
  const cells: CellJsonLines[] = [];
  let pos = 0;
  let line = 1;
  let lineCountedTo = 0;
  const lineAt = (p: number): number => {
    // Lines are only ever asked for increasing positions.
    for (let i = text.indexOf("\n", lineCountedTo); i !== -1 && i < p; i = text.indexOf("\n", i + 1)) line++;
    lineCountedTo = Math.max(lineCountedTo, p);
    return line;
  };
  const ws = (): void => {
    while (pos < text.length) {
      const c = text.charCodeAt(pos);
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) pos++;
      else break;
    }
  };
  const readString = (): string => {
    // pos at opening quote
    const start = pos + 1;
    let i = start;
    for (;;) {
      const q = text.indexOf('"', i);
      if (q === -1) throw new Error("unterminated string");
      let backslashes = 0;
      for (let b = q - 1; b >= start && text.charCodeAt(b) === 0x5c; b--) backslashes++;
      if (backslashes % 2 === 0) {
        pos = q + 1;
        return q - start < 64 ? text.slice(start, q) : "";
      }
      i = q + 1;
    }
  };
  // path: the keys/indexes leading to the current value, kept only as deep as we care about.
  const value = (path: (string | number)[], depth: number): void => {
    ws();
    const key = cellChildKey(path);
    if (key?.key !== "outputs") return parseValue(path, depth);
    const start = pos;
    parseValue(path, depth);
    const entry = cells[key.index];
    if (entry) entry.outputsSpan = [start, pos];
  };
  const parseValue = (path: (string | number)[], depth: number): void => {
    if (depth > MAX_DEPTH) throw new Error("too deep");
    ws();
    const c = text[pos];
    const inCells = isCellsPath(path);
    if (inCells !== undefined && typeof path[path.length - 1] === "number") {
      cells[inCells] = { cell: lineAt(pos), outputs: [] };
    }
    const cellKey = cellChildKey(path);
    if (cellKey && (cellKey.key === "source" || cellKey.key === "input")) {
      const entry = cells[cellKey.index];
      if (entry) entry.source = lineAt(pos);
    }
    const outputIndex = outputPath(path);
    if (outputIndex) {
      const entry = cells[outputIndex.cell];
      if (entry) entry.outputs[outputIndex.output] = lineAt(pos);
    }
    if (c === "{") {
      pos++;
      ws();
      if (text[pos] === "}") {
        pos++;
        return;
      }
      for (;;) {
        ws();
        const key = readString();
        ws();
        pos++; // colon
        value(depth < 8 ? [...path, key] : path, depth + 1);
        ws();
        if (text[pos] === ",") pos++;
        else {
          pos++;
          return;
        }
      }
    } else if (c === "[") {
      pos++;
      ws();
      if (text[pos] === "]") {
        pos++;
        return;
      }
      for (let i = 0; ; i++) {
        value(depth < 8 ? [...path, i] : path, depth + 1);
        ws();
        if (text[pos] === ",") pos++;
        else {
          pos++;
          return;
        }
      }
    } else if (c === '"') {
      readString();
    } else {
      while (pos < text.length && !",]} \n\r\t".includes(text[pos]!)) pos++;
    }
  };
  value([], 0);
  return cells;
}

/** Index of the cell when `path` is `cells[i]` or `worksheets[0].cells[i]` (nbformat 3). */
function isCellsPath(path: (string | number)[]): number | undefined {
  if (path.length === 2 && path[0] === "cells" && typeof path[1] === "number") return path[1];
  if (path.length === 4 && path[0] === "worksheets" && path[2] === "cells" && typeof path[3] === "number") {
    return path[3];
  }
  return undefined;
}

function cellChildKey(path: (string | number)[]): { index: number; key: string } | undefined {
  const prefix = path.length - 1;
  const key = path[prefix];
  if (typeof key !== "string") return undefined;
  const index = isCellsPath(path.slice(0, prefix));
  return index === undefined ? undefined : { index, key };
}

function outputPath(path: (string | number)[]): { cell: number; output: number } | undefined {
  const output = path[path.length - 1];
  if (typeof output !== "number" || path[path.length - 2] !== "outputs") return undefined;
  const cell = isCellsPath(path.slice(0, -2));
  return cell === undefined ? undefined : { cell, output };
}
