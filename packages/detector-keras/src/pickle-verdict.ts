/**
 * Severity of a pickle found inside an HDF5 or Keras file, from the globals it imports.
 * Allowlist first: dangerous globals are critical; inside a Keras model any other pickle is high
 * (Keras never writes pickles there); in a plain HDF5 data file unknown globals are medium and
 * pure data or known-safe globals are low (PyTables/pandas store pickled attribute values).
 */
import type { Severity } from "@watchtower/types";

import type { PickleScan } from "./pickle.js";
import { DANGEROUS_BUILTINS, DANGEROUS_MODULE_ROOTS, SAFE_PICKLE_GLOBALS } from "./tables.js";

export interface PickleVerdict {
  severity: Severity;
  /** Appended to a message: " that imports os.system" … */
  summary: string;
  evidence: string;
  dangerous: string[];
}

/** Module components that are dangerous even when smuggled behind a benign root ("pathlib" + "os.system"). */
const STRONG_COMPONENTS = new Set(["os", "posix", "nt", "subprocess", "sys", "builtins", "__builtin__", "pty", "socket", "pickle", "marshal", "ctypes", "importlib", "runpy", "shutil"]);

/** Classes in dangerous modules that only hold data (paths, ids); unknown, not dangerous. */
const DATA_CLASSES = new Set(["pathlib.Path", "pathlib.PosixPath", "pathlib.WindowsPath", "pathlib.PurePath", "pathlib.PurePosixPath", "pathlib.PureWindowsPath", "uuid.UUID"]);

function isDangerousGlobal(g: string): boolean {
  if (g === "?") return true;
  if (DATA_CLASSES.has(g)) return false;
  const parts = g.split(".");
  const root = parts[0] ?? "";
  if (root === "builtins" || root === "__builtin__" || root === "__builtins__") {
    return parts.length !== 2 || DANGEROUS_BUILTINS.has(parts[1] ?? "");
  }
  if (DANGEROUS_MODULE_ROOTS.has(root) || DANGEROUS_MODULE_ROOTS.has(parts.slice(0, 2).join("."))) return true;
  return parts.slice(1).some((c) => STRONG_COMPONENTS.has(c));
}

export function classifyPickle(p: PickleScan, kerasContext: boolean): PickleVerdict {
  const dangerous = p.globals.filter(isDangerousGlobal);
  if (p.unresolved > 0) dangerous.push(`${p.unresolved} unresolved import(s)`);
  const unknown = p.globals.filter((g) => !isDangerousGlobal(g) && !SAFE_PICKLE_GLOBALS.has(g));
  const broken = p.complete ? "" : ` (broken after ${p.error ?? "an error"})`;
  if (dangerous.length > 0) {
    return {
      severity: "critical",
      summary: ` that imports ${dangerous.slice(0, 8).join(", ")}${broken}`,
      evidence: dangerous.slice(0, 8).join(", "),
      dangerous,
    };
  }
  if (unknown.length > 0) {
    return {
      severity: kerasContext ? "high" : "medium",
      summary: ` that imports ${unknown.slice(0, 8).join(", ")}${broken}`,
      evidence: unknown.slice(0, 8).join(", "),
      dangerous,
    };
  }
  const what = p.globals.length > 0 ? ` that rebuilds only ${p.globals.slice(0, 4).join(", ")}` : " of plain data";
  const why = kerasContext ? "; Keras never writes pickles into a model, so something else put it there for a loader to unpickle" : "";
  return { severity: kerasContext ? "high" : "low", summary: `${what}${broken}${why}`, evidence: p.globals.length > 0 ? p.globals.slice(0, 4).join(", ") : `pickle protocol ${p.protocol}`, dangerous };
}
