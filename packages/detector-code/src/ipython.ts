/**
 * Separates IPython syntax from Python in a notebook cell (or an .ipy file). Magic, shell and help
 * lines are replaced by placeholders of the same length, so the Python parser sees valid code and
 * every offset into the masked text is an offset into the cell. Only lines that start a logical
 * Python line are candidates: a `!` or `?` inside a string, a bracket or a continued line is Python.
 */

/** Shell text taken from the cell: a `!cmd` line, `%sx cmd`, `var = !cmd` or a `%%bash` body. */
export interface ShellFragment {
  text: string;
  /** Offset of `text` in the cell source. */
  offset: number;
}

/** `files = !ls` style assignment: the names bound to the output of a shell command. */
export interface MagicAssignment {
  names: string[];
  shell?: string;
}

export interface SplitCell {
  /** Same length as the input; IPython syntax replaced by blanks and `0` placeholders. */
  python: string;
  shell: ShellFragment[];
  assignments: MagicAssignment[];
  /** Name of a cell magic whose body is neither Python nor shell (`%%html`, `%%R` …). */
  foreignCellMagic?: string;
}

/** Cell magics whose body is shell. `script` counts when its interpreter argument is a shell. */
const SHELL_CELL_MAGICS: ReadonlySet<string> = new Set(["bash", "sh", "zsh", "sx", "system"]);
/** Cell magics whose body is Python (timing, capturing, profiling, running in a sub-process). */
const PYTHON_CELL_MAGICS: ReadonlySet<string> = new Set([
  "time",
  "timeit",
  "capture",
  "prun",
  "memit",
  "mprun",
  "debug",
  "python",
  "python2",
  "python3",
  "pypy",
  "px",
  "cython",
  "tensorflow_version",
]);
/** Line magics whose argument is a shell command. */
const SHELL_LINE_MAGICS: ReadonlySet<string> = new Set(["sx", "system", "sc"]);
/** Line magics whose argument is a Python statement (after options). */
const PYTHON_LINE_MAGICS: ReadonlySet<string> = new Set(["time", "timeit", "prun", "memit", "mprun", "debug"]);
/** Option letters of those magics that take a value (`%timeit -n 10 f()`, `%prun -s cumulative f()`). */
const PYTHON_LINE_MAGIC_ARG_OPTIONS = "nrpslTDfm";
/** Automagic commands that appear without `%` in real notebooks and are never valid Python. */
const AUTOMAGIC = /^(?:pip3?|conda|mamba|uv|cd)[ \t]+[\w"'$~./-]/;

const COMPOUND = /^(?:for|while|if|with|def|class|try|async)\b/;
const ASSIGN_MAGIC = /^([A-Z_][\w.]{0,100}(?:[ \t]{0,10},[ \t]{0,10}[A-Z_][\w.]{0,100}){0,10})[ \t]{0,10}=[ \t]{0,10}(?=[!%])/i;
const HELP_PREFIX = /^\?{1,2}[ \t]{0,10}[\w.*]/;
const HELP_SUFFIX = /^[\w.*]{1,300}\?{1,2}[ \t]*$/;

interface LexState {
  triple: '"""' | "'''" | undefined;
  depth: number;
  continued: boolean;
}

/** Updates the Python lexical state with one line (strings, brackets, backslash continuation). */
function lexLine(line: string, state: LexState): void {
  let i = 0;
  state.continued = false;
  while (i < line.length) {
    if (state.triple) {
      const close = findClose(line, i, state.triple);
      if (close < 0) return;
      i = close + 3;
      state.triple = undefined;
      continue;
    }
    const c = line[i] as string;
    if (c === "#") return;
    if (c === '"' || c === "'") {
      const triple = line.startsWith(c.repeat(3), i) ? (c.repeat(3) as '"""' | "'''") : undefined;
      if (triple) {
        const close = findClose(line, i + 3, triple);
        if (close < 0) {
          state.triple = triple;
          return;
        }
        i = close + 3;
        continue;
      }
      const close = findClose(line, i + 1, c);
      i = close < 0 ? line.length : close + 1;
      continue;
    }
    if (c === "(" || c === "[" || c === "{") state.depth++;
    else if (c === ")" || c === "]" || c === "}") state.depth = Math.max(0, state.depth - 1);
    else if (c === "\\" && line.slice(i + 1).trim() === "") {
      state.continued = true;
      return;
    }
    i++;
  }
}

/** Index of the closing quote `quote` at or after `from`, honouring backslash escapes; -1 if none. */
function findClose(line: string, from: number, quote: string): number {
  let i = from;
  while (i < line.length) {
    const c = line[i];
    if (c === "\\") {
      i += 2;
      continue;
    }
    if (line.startsWith(quote, i)) return i;
    i++;
  }
  return -1;
}

/** Splits a cell into masked Python, shell fragments and magic assignments. */
export function splitIPython(source: string): SplitCell {
  const lines = source.split("\n");
  const starts: number[] = [];
  let acc = 0;
  for (const l of lines) {
    starts.push(acc);
    acc += l.length + 1;
  }
  const out = lines.slice();
  const shell: ShellFragment[] = [];
  const assignments: MagicAssignment[] = [];
  const blank = (s: string): string => s.replace(/[^\r]/g, " ");
  /** Keeps `keep` characters, puts a `0` placeholder statement, blanks the rest. */
  const placeholder = (line: string, keep: number, text = "0"): string => {
    const rest = line.slice(keep);
    return line.slice(0, keep) + (rest.length >= text.length ? text + blank(rest.slice(text.length)) : blank(rest));
  };
  /** Marks continuation lines (after a trailing backslash) as blank; returns the last line index. */
  const continuation = (from: number): number => {
    let k = from;
    while (k + 1 < lines.length && /\\\r?$/.test(lines[k] as string)) {
      k++;
      out[k] = blank(lines[k] as string);
    }
    return k;
  };
  const shellFrom = (lineIdx: number, col: number, lastIdx: number): void => {
    const offset = (starts[lineIdx] as number) + col;
    const end = (starts[lastIdx] as number) + (lines[lastIdx] as string).length;
    shell.push({ text: source.slice(offset, end), offset });
  };

  // Colab form lines (`#@title …`) and other comments may precede a cell magic.
  let first = 0;
  while (first < lines.length && /^\s*(?:#.*)?$/.test(lines[first] as string)) first++;
  const head = lines[first];
  let startLine = 0;
  let foreignCellMagic: string | undefined;
  if (head !== undefined && head.trimStart().startsWith("%%")) {
    const args = head.trim().slice(2).split(/[ \t]+/);
    const name = args[0] ?? "";
    const operands = args.slice(1).filter((a) => !a.startsWith("-"));
    const script = name === "script" ? (operands[0] ?? "").replace(/^.*\//, "") : "";
    const target = name === "writefile" || name === "file" ? (operands[operands.length - 1] ?? "") : "";
    out[first] = blank(head);
    startLine = first + 1;
    const bodyOffset = first + 1 < lines.length ? (starts[first + 1] as number) : source.length;
    if (SHELL_CELL_MAGICS.has(name) || /^(?:ba|z|da|k)?sh$/.test(script) || /\.(?:sh|bash)$/.test(target)) {
      if (!(name === "writefile" || name === "file")) shell.push({ text: source.slice(bodyOffset), offset: bodyOffset });
      for (let k = startLine; k < lines.length; k++) out[k] = blank(lines[k] as string);
      return { python: out.join("\n"), shell, assignments };
    }
    const pythonBody = PYTHON_CELL_MAGICS.has(name) || /^(?:python|pypy)[0-9.]{0,6}$/.test(script) || /\.pyw?$/.test(target);
    if (!pythonBody) {
      foreignCellMagic = name;
      for (let k = startLine; k < lines.length; k++) out[k] = blank(lines[k] as string);
      return { python: out.join("\n"), shell, assignments, foreignCellMagic };
    }
  }

  const state: LexState = { triple: undefined, depth: 0, continued: false };
  for (let idx = startLine; idx < lines.length; idx++) {
    const line = lines[idx] as string;
    const atStart = state.triple === undefined && state.depth === 0 && !state.continued;
    if (atStart) {
      const indent = line.length - line.trimStart().length;
      const trimmed = line.slice(indent);
      if (trimmed.startsWith("!")) {
        const bang = trimmed.startsWith("!!") ? 2 : 1;
        const last = continuation(idx);
        shellFrom(idx, indent + bang, last);
        out[idx] = placeholder(line, indent);
        idx = last;
        continue;
      }
      if (trimmed.startsWith("%")) {
        const m = /^%{1,2}([A-Z_][\w.]{0,60})/i.exec(trimmed);
        const name = m?.[1] ?? "";
        const afterName = indent + (m?.[0].length ?? 1);
        if (!trimmed.startsWith("%%") && PYTHON_LINE_MAGICS.has(name)) {
          const stmt = afterName + optionsLength(line.slice(afterName));
          // A compound statement cannot follow `0;`: such a line is masked like other magics.
          if (line.slice(stmt).trim() !== "" && !COMPOUND.test(line.slice(stmt).trimStart())) {
            // `%time x = f()` → `0;    x = f()`: the statement stays in place and parses.
            out[idx] = line.slice(0, indent) + "0;" + blank(line.slice(indent + 2, stmt)) + line.slice(stmt);
            lexLine(out[idx] as string, state);
            continue;
          }
        }
        const last = continuation(idx);
        if (SHELL_LINE_MAGICS.has(name)) shellFrom(idx, afterName, last);
        out[idx] = placeholder(line, indent);
        idx = last;
        continue;
      }
      const assign = ASSIGN_MAGIC.exec(trimmed);
      if (assign) {
        const magicCol = indent + assign[0].length;
        const names = (assign[1] ?? "").split(",").map((s) => s.trim());
        const last = continuation(idx);
        const rest = line.slice(magicCol);
        let shellText: string | undefined;
        if (rest.startsWith("!")) {
          shellFrom(idx, magicCol + 1, last);
          shellText = shell[shell.length - 1]?.text;
        } else {
          const mm = /^%([A-Z_]\w{0,60})/i.exec(rest);
          if (mm && SHELL_LINE_MAGICS.has(mm[1] ?? "")) {
            shellFrom(idx, magicCol + mm[0].length, last);
            shellText = shell[shell.length - 1]?.text;
          }
        }
        assignments.push(shellText === undefined ? { names } : { names, shell: shellText });
        out[idx] = placeholder(line, magicCol);
        idx = last;
        continue;
      }
      if (HELP_PREFIX.test(trimmed) || HELP_SUFFIX.test(trimmed) || AUTOMAGIC.test(trimmed)) {
        out[idx] = placeholder(line, indent);
        continue;
      }
    }
    lexLine(line, state);
  }
  return { python: out.join("\n"), shell, assignments, ...(foreignCellMagic ? { foreignCellMagic } : {}) };
}

/** Length of the option prefix of `%timeit -n 10 -r 3 stmt` (including surrounding blanks). */
function optionsLength(text: string): number {
  let i = 0;
  for (let guard = 0; guard < 16; guard++) {
    const ws = /^[ \t]*/.exec(text.slice(i))?.[0].length ?? 0;
    const rest = text.slice(i + ws);
    const opt = /^-([a-z])([^\s(]{0,40})/i.exec(rest);
    if (!opt) return i + ws;
    i += ws + opt[0].length;
    if ((opt[2] ?? "") === "" && PYTHON_LINE_MAGIC_ARG_OPTIONS.includes(opt[1] ?? "")) {
      const arg = /^[ \t]+[\w.:/-]{1,80}(?=[ \t])/.exec(text.slice(i));
      if (arg) i += arg[0].length;
    }
  }
  return i;
}
