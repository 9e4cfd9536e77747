export { maskAnsi } from "./ansi.js";
export { locateCells, type CellJsonLines } from "./json-locator.js";
export { LineIndex } from "./lines.js";
export { NotebookParseError, parseNotebook, type ParsedNotebook } from "./notebook.js";
export { fileKindOf, isManifestPath, isModelLikePath, isMostlyText, sniff, type Sniffed } from "./sniff.js";
export { decodeText, type DecodedText } from "./text.js";
export { LfsObjectMissing, parseLfsPointer, type LfsPointer } from "./lfs.js";
