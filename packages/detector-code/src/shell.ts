/**
 * Shell rules for notebook `!` lines, `%%bash` cells and constant command strings in Python.
 * A small quote-aware lexer splits the text into pipelines of simple commands; the rules look at
 * command names, never at raw substrings, so `echo "curl x | sh"` is not a finding.
 */
import type { Emit } from "./finding.js";
import { evidenceOf } from "./finding.js";
import {
  COMMAND_PREFIXES,
  CURL_ARG_OPTIONS,
  DOWNLOADERS,
  ELEVATORS,
  PACKAGE_INSTALLERS,
  SOURCERS,
  WGET_ARG_OPTIONS,
  isInterpreter,
} from "./shell-tables.js";

export interface Word {
  /** Text with quotes removed and escapes applied; substitutions kept verbatim. */
  text: string;
  /** Offsets of the word in the scanned text. */
  start: number;
  end: number;
  /** The word contains a `$(…)`, `<(…)` or backtick substitution. */
  substitution: boolean;
}

export interface SimpleCommand {
  words: Word[];
  start: number;
  end: number;
}

/** Commands joined by `|`; pipelines are separated by `;`, `&&`, `||`, `&` and newlines. */
export type Pipeline = SimpleCommand[];

/** Shared across the lines and cells of one file, so `chmod +x` sees an earlier `wget`. */
export interface ShellState {
  /** Base names of files downloaded so far. */
  downloaded: Set<string>;
}

export function newShellState(): ShellState {
  return { downloaded: new Set() };
}

/** Longest shell text looked at (one cell or one string); the rest is ignored. */
const MAX_SHELL_CHARS = 256 * 1024;

/** Reads a balanced `(…)` starting at `open` (the index of `(`); returns the index after `)`. */
function skipBalanced(text: string, open: number): number {
  let depth = 0;
  let i = open;
  while (i < text.length) {
    const c = text[i];
    if (c === "\\") {
      i += 2;
      continue;
    }
    if (c === "'") {
      const close = text.indexOf("'", i + 1);
      i = close < 0 ? text.length : close + 1;
      continue;
    }
    if (c === "(") depth++;
    else if (c === ")") {
      depth--;
      if (depth === 0) return i + 1;
    }
    i++;
  }
  return text.length;
}

/** Splits shell text into pipelines of simple commands (quote-, escape- and substitution-aware). */
export function lexShell(input: string): Pipeline[] {
  const text = input.length > MAX_SHELL_CHARS ? input.slice(0, MAX_SHELL_CHARS) : input;
  const pipelines: Pipeline[] = [];
  let pipeline: Pipeline = [];
  let words: Word[] = [];
  let cur: Word | undefined;
  let skipNextWord = false; // redirection target

  const endWord = (at: number): void => {
    if (cur) {
      cur.end = at;
      if (skipNextWord) skipNextWord = false;
      else words.push(cur);
      cur = undefined;
    }
  };
  const endCommand = (at: number): void => {
    endWord(at);
    const first = words[0];
    const last = words[words.length - 1];
    if (first && last) pipeline.push({ words, start: first.start, end: last.end });
    words = [];
  };
  const endPipeline = (at: number): void => {
    endCommand(at);
    if (pipeline.length > 0) pipelines.push(pipeline);
    pipeline = [];
  };
  const word = (at: number): Word => {
    cur ??= { text: "", start: at, end: at, substitution: false };
    return cur;
  };

  let i = 0;
  while (i < text.length) {
    const c = text[i] as string;
    const next = text[i + 1];
    if (c === "\\") {
      if (next === "\n") {
        i += 2;
        continue;
      }
      if (next === "\r" && text[i + 2] === "\n") {
        i += 3;
        continue;
      }
      if (next !== undefined) word(i).text += next;
      i += 2;
      continue;
    }
    if (c === "'") {
      const w = word(i);
      const close = text.indexOf("'", i + 1);
      const end = close < 0 ? text.length : close;
      w.text += text.slice(i + 1, end);
      i = end + 1;
      continue;
    }
    if (c === '"') {
      const w = word(i);
      let j = i + 1;
      while (j < text.length && text[j] !== '"') {
        const d = text[j] as string;
        if (d === "\\" && j + 1 < text.length) {
          const e = text[j + 1] as string;
          w.text += '"\\$`'.includes(e) ? e : e === "\n" ? "" : d + e;
          j += 2;
          continue;
        }
        if ((d === "$" && text[j + 1] === "(") || d === "`") w.substitution = true;
        w.text += d;
        j++;
      }
      i = j + 1;
      continue;
    }
    if ((c === "$" || c === "<") && next === "(") {
      if (c === "<" && cur) endWord(i);
      const w = word(i);
      const end = skipBalanced(text, i + 1);
      w.text += text.slice(i, end);
      w.substitution = true;
      i = end;
      continue;
    }
    if (c === "`") {
      const w = word(i);
      const close = text.indexOf("`", i + 1);
      const end = close < 0 ? text.length : close + 1;
      w.text += text.slice(i, end);
      w.substitution = true;
      i = end;
      continue;
    }
    if (c === "#" && !cur) {
      const nl = text.indexOf("\n", i);
      i = nl < 0 ? text.length : nl;
      continue;
    }
    if (c === " " || c === "\t" || c === "\r") {
      endWord(i);
      i++;
      continue;
    }
    if (c === "\n" || c === ";" || c === "(" || c === ")") {
      endPipeline(i);
      i++;
      continue;
    }
    if (c === "&") {
      if (next === "&") {
        endPipeline(i);
        i += 2;
        continue;
      }
      if (next === ">") {
        // &> file
        endWord(i);
        i += 2;
        skipNextWord = true;
        continue;
      }
      endPipeline(i);
      i++;
      continue;
    }
    if (c === "|") {
      if (next === "|") {
        endPipeline(i);
        i += 2;
        continue;
      }
      endCommand(i);
      i += next === "&" ? 2 : 1;
      continue;
    }
    if (c === ">" || c === "<") {
      // An fd number right before a redirection (2>/dev/null) is not a word.
      if (cur && /^\d{1,2}$/.test(cur.text)) cur = undefined;
      endWord(i);
      let j = i + 1;
      while (j < text.length && (text[j] === ">" || text[j] === "<" || text[j] === "&" || text[j] === "|")) j++;
      if (text[j - 1] === "&") {
        // 2>&1: the target is an fd, consume it here.
        while (j < text.length && /[0-9-]/.test(text[j] as string)) j++;
      } else {
        skipNextWord = true;
      }
      i = j;
      continue;
    }
    word(i).text += c;
    i++;
  }
  endPipeline(text.length);
  return pipelines;
}

function basename(path: string): string {
  let end = path.length;
  for (const stop of ["?", "#"]) {
    const k = path.indexOf(stop);
    if (k >= 0 && k < end) end = k;
  }
  while (end > 0 && path[end - 1] === "/") end--;
  const trimmed = path.slice(0, end);
  return trimmed.slice(trimmed.lastIndexOf("/") + 1);
}

function isUrl(word: string): boolean {
  return /^(?:https?|ftp):\/\//i.test(word);
}

/** Index of the program word after env assignments and prefixes such as sudo, env, time. */
export function programIndex(words: readonly Word[]): number {
  let i = 0;
  while (i < words.length && /^[A-Z_]\w*=/i.test((words[i] as Word).text)) i++;
  for (let guard = 0; guard < 8 && i < words.length; guard++) {
    const name = basename((words[i] as Word).text);
    const argOptions = COMMAND_PREFIXES.get(name);
    if (argOptions === undefined) break;
    i++;
    while (i < words.length) {
      const w = (words[i] as Word).text;
      if (w === "--") {
        i++;
        break;
      }
      if (/^[A-Z_]\w*=/i.test(w)) {
        i++;
        continue;
      }
      if (!w.startsWith("-") || w === "-") break;
      const letter = w.length === 2 ? (w[1] as string) : "";
      i += letter !== "" && argOptions.includes(letter) ? 2 : 1;
    }
  }
  return i;
}

function programName(words: readonly Word[]): { name: string; index: number; word?: Word } {
  const index = programIndex(words);
  const word = words[index];
  return word ? { name: basename(word.text), index, word } : { name: "", index };
}

/** Options of an interpreter call that mean "stdin is data, not the script" (`python -c …`, `-m`). */
function runsOwnCode(words: readonly Word[], from: number): boolean {
  for (let i = from; i < words.length; i++) {
    const w = (words[i] as Word).text;
    if (!w.startsWith("-") || w === "-" || w === "--") return false;
    if (w === "-c" || w === "-m" || /^-[a-zA-Z]{0,4}[cm]$/.test(w)) return true;
  }
  return false;
}

/**
 * Does an interpreter called with these arguments run the script it reads on stdin? Not with
 * `-c`/`-m` or a script operand (`curl … | python process.py` feeds data); yes with none, `-`, or
 * a shell's `-s`.
 */
function readsStdin(words: readonly Word[], from: number): boolean {
  if (runsOwnCode(words, from)) return false;
  for (let i = from; i < words.length; i++) {
    const w = (words[i] as Word).text;
    if (w === "-" || w === "--" || /^-[a-z]{0,4}s[a-z]{0,4}$/i.test(w)) return true;
    if (!w.startsWith("-")) return false;
  }
  return true;
}

/** First non-option argument after the program (the script file of an interpreter call). */
function firstOperand(words: readonly Word[], from: number): Word | undefined {
  for (let i = from; i < words.length; i++) {
    const w = words[i] as Word;
    if (w.text === "--") return words[i + 1];
    if (!w.text.startsWith("-")) return w;
  }
  return undefined;
}

/** Files a curl/wget command writes (base names). */
function downloadedFiles(name: string, words: readonly Word[], from: number): string[] {
  const out: string[] = [];
  const urls: string[] = [];
  let remoteName = name === "wget";
  const argOptions = name === "curl" ? CURL_ARG_OPTIONS : WGET_ARG_OPTIONS;
  const outputLetter = name === "curl" ? "o" : "O";
  const addOutput = (value: string): void => {
    if (value !== "-" && value !== "" && value !== "/dev/null") out.push(basename(value));
    remoteName = false;
  };
  for (let i = from; i < words.length; i++) {
    const w = (words[i] as Word).text;
    if (w.startsWith("--")) {
      const eq = w.indexOf("=");
      const opt = eq < 0 ? w : w.slice(0, eq);
      const value = eq < 0 ? undefined : w.slice(eq + 1);
      if (opt === "--output" || opt === "--output-document") {
        addOutput(value ?? (words[i + 1]?.text ?? ""));
        if (value === undefined) i++;
      } else if (opt === "--remote-name" || opt === "--remote-name-all") {
        remoteName = true;
      }
      continue;
    }
    if (w.startsWith("-") && w.length > 1) {
      // A cluster of short options: -fsSLo file, -qO-, -O.
      for (let k = 1; k < w.length; k++) {
        const letter = w[k] as string;
        if (name === "curl" && letter === "O") remoteName = true;
        if (argOptions.includes(letter)) {
          const rest = w.slice(k + 1);
          const value = rest !== "" ? rest : (words[i + 1]?.text ?? "");
          if (rest === "") i++;
          if (letter === outputLetter) addOutput(value);
          break;
        }
      }
      continue;
    }
    if (isUrl(w)) urls.push(w);
  }
  if (remoteName) for (const u of urls) out.push(basename(u));
  return out.filter((b) => b !== "" && b !== "." && b !== "..");
}

function isExecutableMode(mode: string): boolean {
  if (/^[0-7]{3,4}$/.test(mode)) return [...mode.slice(-3)].some((d) => Number(d) % 2 === 1);
  return /^[ugoa]{0,4}[+=][rwxXst]{0,6}$/.test(mode) && /[+=][rwXst]{0,5}x/.test(mode);
}

const SUBSTITUTED_DOWNLOAD = /(?:\$\(|<\(|`)\s{0,8}(?:sudo\s{1,8})?(?:curl|wget)\b/;

/** Nesting depth for `bash -c "…"` strings scanned as shell again. */
const MAX_DEPTH = 2;

/**
 * Runs the shell rules over `text`; hits are reported with offsets `base + offset in text`.
 * `state` carries downloaded file names across calls.
 */
export function scanShell(text: string, base: number, state: ShellState, emit: Emit, depth = 0): void {
  for (const pipeline of lexShell(text)) {
    scanPipeline(text, pipeline, base, state, emit, depth);
  }
}

function scanPipeline(text: string, pipeline: Pipeline, base: number, state: ShellState, emit: Emit, depth: number): void {
  const first = pipeline[0];
  const last = pipeline[pipeline.length - 1];
  if (!first || !last) return;
  const names = pipeline.map((cmd) => programName(cmd.words));
  if (names.some((n) => PACKAGE_INSTALLERS.has(n.name))) return;

  // curl … | sh
  const dl = names.findIndex((n) => DOWNLOADERS.has(n.name));
  if (dl >= 0) {
    for (let j = dl + 1; j < pipeline.length; j++) {
      const n = names[j];
      const cmd = pipeline[j];
      if (!n || !cmd || !isInterpreter(n.name) || !readsStdin(cmd.words, n.index + 1)) continue;
      const start = (pipeline[dl] as SimpleCommand).start;
      emit({
        ruleId: "code/shell-pipe-to-interpreter",
        severity: "critical",
        message: `Output of ${names[dl]?.name} is piped into ${n.name}: whatever the server (or anyone on the way) sends is executed.`,
        from: base + start,
        to: base + cmd.end,
        evidence: evidenceOf(text.slice(start, cmd.end)),
      });
      break;
    }
  }

  pipeline.forEach((cmd, idx) => {
    const n = names[idx];
    if (!n) return;
    const words = cmd.words;
    const range = { from: base + cmd.start, to: base + cmd.end, evidence: evidenceOf(text.slice(cmd.start, cmd.end)) };

    // sudo / doas (first word after env assignments).
    const lead = words.find((w) => !/^[A-Z_]\w*=/i.test(w.text));
    // `sudo --version` runs nothing as root; only a program after the options counts.
    if (lead && ELEVATORS.has(basename(lead.text)) && n.word !== undefined && n.word !== lead) {
      emit({
        ruleId: "code/shell-sudo",
        severity: "low",
        message: `${basename(lead.text)} runs \`${n.name || "a command"}\` as root from a notebook or script.`,
        ...range,
      });
    }

    // bash <(curl …), sh -c "$(curl …)", eval "$(wget -O- …)", source <(curl …)
    if (isInterpreter(n.name) || SOURCERS.has(n.name)) {
      const sub = words.slice(n.index + 1).find((w) => w.substitution && SUBSTITUTED_DOWNLOAD.test(w.text));
      if (sub) {
        emit({
          ruleId: "code/shell-pipe-to-interpreter",
          severity: "critical",
          message: `${n.name} runs the output of a download through command or process substitution.`,
          ...range,
        });
      } else if (depth < MAX_DEPTH && !SOURCERS.has(n.name) && /^(?:ba|z|da|k)?sh$/.test(n.name)) {
        // bash -c "curl … | sh": the -c string is shell again.
        const c = words.findIndex((w, k) => k > n.index && /^-[a-zA-Z]{0,4}c$/.test(w.text));
        const script = c >= 0 ? words[c + 1] : undefined;
        if (script) {
          const inner: Emit = (hit) => emit({ ...hit, ...range });
          scanShell(script.text, 0, state, inner, depth + 1);
        }
      }
    }

    if (DOWNLOADERS.has(n.name)) {
      for (const f of downloadedFiles(n.name, words, n.index + 1)) state.downloaded.add(f);
    }

    if (n.name === "chmod") {
      const args = words.slice(n.index + 1).filter((w) => !/^-[a-z]{1,4}$/i.test(w.text));
      const mode = args[0];
      if (mode && isExecutableMode(mode.text)) {
        const target = args.slice(1).find((w) => state.downloaded.has(basename(w.text)));
        if (target) {
          emit({
            ruleId: "code/chmod-downloaded",
            severity: "medium",
            message: `chmod makes the downloaded file ${basename(target.text)} executable without verifying it.`,
            ...range,
          });
        }
      }
    }

    // ./downloaded, bash downloaded.sh, python downloaded.py
    const program = n.word;
    let ran: string | undefined;
    if (program && program.text.includes("/") && state.downloaded.has(basename(program.text))) {
      ran = basename(program.text);
    } else if (isInterpreter(n.name) && !runsOwnCode(words, n.index + 1)) {
      const operand = firstOperand(words, n.index + 1);
      if (operand && state.downloaded.has(basename(operand.text))) ran = basename(operand.text);
    }
    if (ran !== undefined) {
      emit({
        ruleId: "code/shell-run-downloaded",
        severity: "medium",
        message: `The downloaded file ${ran} is executed without verifying its checksum or signature.`,
        ...range,
      });
    }
  });
}
