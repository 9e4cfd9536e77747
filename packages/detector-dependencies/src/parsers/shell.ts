/**
 * Install commands in shell syntax (`pip install …`, `python -m pip install …`, `uv pip install …`,
 * `conda install …`, `poetry add …`), as found in notebook `!`/`%pip` lines and `%%bash` cells.
 * Words keep their offsets so findings point at the package argument itself.
 */
import type { Requirement } from "../model.js";
import { normalizeName } from "../names.js";
import type { Locate } from "../requirement.js";
import { isTemplated, requirementFromString } from "../requirement.js";
import { convertPoetry } from "../spec-convert.js";
import { condaRequirement } from "./conda-spec.js";

export interface Word {
  /** Unquoted value. */
  value: string;
  /** Raw span in the text. */
  start: number;
  end: number;
  /** Offset of `value`'s first character when the word is one quoted or unquoted run (else start). */
  valueStart: number;
  /** True when `value` maps 1:1 onto text[valueStart, valueStart + value.length). */
  exact: boolean;
  /** Separator (`;`, `&&`, `||`, `|`, `&`, newline) instead of a word. */
  sep?: boolean;
  /** Redirection operator (`>`, `2>&1`, `<` …). */
  redirect?: boolean;
}

/** Splits shell text into words and separators (quotes, escapes, comments, `\`-newline continuations). */
export function shellWords(text: string, from = 0, to = text.length): Word[] {
  const words: Word[] = [];
  let i = from;
  while (i < to) {
    const ch = text[i] ?? "";
    if (ch === "\\" && (text[i + 1] === "\n" || (text[i + 1] === "\r" && text[i + 2] === "\n"))) {
      i += text[i + 1] === "\r" ? 3 : 2;
      continue;
    }
    if (ch === " " || ch === "\t" || ch === "\r") {
      i++;
      continue;
    }
    if (ch === "\n" || ch === ";") {
      words.push({ value: ch, start: i, end: i + 1, valueStart: i, exact: true, sep: true });
      i++;
      continue;
    }
    if (ch === "&" || ch === "|") {
      const two = text.slice(i, i + 2);
      if (two === "&&" || two === "||") {
        words.push({ value: two, start: i, end: i + 2, valueStart: i, exact: true, sep: true });
        i += 2;
        continue;
      }
      if (two === "&>") {
        words.push({ value: two, start: i, end: i + 2, valueStart: i, exact: true, redirect: true });
        i += 2;
        continue;
      }
      words.push({ value: ch, start: i, end: i + 1, valueStart: i, exact: true, sep: true });
      i++;
      continue;
    }
    if (ch === "#") {
      const nl = text.indexOf("\n", i);
      i = nl < 0 || nl > to ? to : nl;
      continue;
    }
    // A word: runs of unquoted / quoted parts.
    const start = i;
    let value = "";
    let quotedRuns = 0;
    let plainRuns = 0;
    let valueStart = i;
    while (i < to) {
      const c = text[i] ?? "";
      if (c === " " || c === "\t" || c === "\n" || c === "\r" || c === ";" || c === "&" || c === "|") break;
      if (c === '"' || c === "'") {
        const close = text.indexOf(c, i + 1);
        const end = close < 0 || close >= to ? to : close;
        let inner = text.slice(i + 1, end);
        if (c === '"') inner = inner.replace(/\\(["\\$`])/g, "$1");
        if (quotedRuns === 0 && plainRuns === 0) valueStart = i + 1;
        value += inner;
        quotedRuns++;
        i = end + 1;
        continue;
      }
      if (c === "\\") {
        value += text[i + 1] ?? "";
        plainRuns += 2;
        i += 2;
        continue;
      }
      value += c;
      plainRuns++;
      i++;
    }
    const end = Math.min(i, to);
    const exact = text.slice(valueStart, valueStart + value.length) === value;
    const redirect = /^(?:\d?>|<|&>)/.test(value) && quotedRuns === 0;
    words.push({ value, start, end, valueStart: exact ? valueStart : start, exact, ...(redirect ? { redirect: true } : {}) });
  }
  return words;
}

/** Commands: word lists between separators. */
export function splitCommands(words: readonly Word[]): Word[][] {
  const out: Word[][] = [];
  let cur: Word[] = [];
  for (const w of words) {
    if (w.sep) {
      if (cur.length > 0) out.push(cur);
      cur = [];
    } else cur.push(w);
  }
  if (cur.length > 0) out.push(cur);
  return out;
}

const PIP_VALUE_OPTIONS = new Set([
  "-r", "--requirement", "-c", "--constraint", "-t", "--target", "--platform", "--python-version",
  "--implementation", "--abi", "--root", "--prefix", "--src", "-i", "--index-url", "--extra-index-url", "-f",
  "--find-links", "--upgrade-strategy", "--no-binary", "--only-binary", "--progress-bar", "--global-option",
  "--install-option", "-C", "--config-settings", "--trusted-host", "--log", "--proxy", "--retries", "--timeout",
  "--exists-action", "--cache-dir", "--report", "--python", "-p", "--root-user-action", "--keyring-provider",
  "--cert", "--client-cert", "--use-feature", "--use-deprecated", "--index-strategy", "--resolution",
  "--prerelease", "--extra", "--group", "--optional", "--python-platform", "--link-mode", "--torch-backend",
  "--default-index", "--index", "--source", "-G", "--dev-group", "--tag", "--branch", "--rev", "--category",
]);
const CONDA_VALUE_OPTIONS = new Set([
  "-c", "--channel", "-n", "--name", "-p", "--prefix", "--file", "--solver", "--repodata-fn", "--platform",
  "--subdir", "--override-channels-from", "--revision", "--clone",
]);

type Installer = "pip" | "conda" | "poetry" | "uv-add" | "pipenv" | "pdm";

const PYTHON = /(?:^|[/\\])(?:python(?:\d(?:\.\d{1,2})?)?|py)(?:\.exe)?$|^\{sys\.executable\}$|^\$\{?PYTHON\}?$/i;
const PIP = /(?:^|[/\\])pip(?:\d(?:\.\d{1,2})?)?(?:\.exe)?$/i;
const WRAPPERS = new Set(["sudo", "time", "exec", "nohup", "command", "env", "xargs", "yes"]);

/** Finds the installer and the index of its first argument (after the install subcommand). */
function installerOf(cmd: readonly Word[]): { kind: Installer; args: number } | undefined {
  let i = 0;
  while (i < cmd.length) {
    const w = cmd[i]?.value ?? "";
    if (WRAPPERS.has(w) || /^[A-Z_]\w{0,100}=/i.test(w) || (w.startsWith("-") && i > 0 && WRAPPERS.has(cmd[i - 1]?.value ?? ""))) {
      i++;
      continue;
    }
    break;
  }
  const first = cmd[i]?.value ?? "";
  let kind: Installer | undefined;
  let j = i + 1;
  if (PIP.test(first)) kind = "pip";
  else if (PYTHON.test(first)) {
    // python [-u|-I…] -m pip
    while (j < cmd.length && /^-[A-Z]{1,4}$/i.test(cmd[j]?.value ?? "") && cmd[j]?.value !== "-m") j++;
    if (cmd[j]?.value === "-m" && PIP.test(cmd[j + 1]?.value ?? "")) {
      kind = "pip";
      j += 2;
    }
  } else if (first === "uv" || first === "uvx") {
    if (cmd[j]?.value === "pip") {
      kind = "pip";
      j++;
    } else if (cmd[j]?.value === "add") {
      return { kind: "uv-add", args: j + 1 };
    }
  } else if (/^(?:conda|mamba|micromamba)$/.test(first)) kind = "conda";
  else if (first === "poetry") kind = "poetry";
  else if (first === "pipenv") kind = "pipenv";
  else if (first === "pdm") kind = "pdm";
  if (!kind) return undefined;
  // Global options before the subcommand (pip -q install …).
  while (j < cmd.length && (cmd[j]?.value ?? "").startsWith("-")) {
    const opt = cmd[j]?.value ?? "";
    j += PIP_VALUE_OPTIONS.has(opt) && !opt.includes("=") ? 2 : 1;
  }
  const sub = cmd[j]?.value;
  const ok =
    (kind === "pip" && sub === "install") ||
    (kind === "conda" && (sub === "install" || sub === "create")) ||
    ((kind === "poetry" || kind === "pdm") && sub === "add") ||
    (kind === "pipenv" && sub === "install");
  return ok ? { kind, args: j + 1 } : undefined;
}

function isUpgradeFlag(w: string): boolean {
  return w === "--upgrade" || (/^-[a-z]{1,8}$/i.test(w) && w.includes("U"));
}

/** Requirements named by the install commands in `text[from, to)`. */
export function installRequirements(text: string, locate: Locate, from = 0, to = text.length): Requirement[] {
  const out: Requirement[] = [];
  for (const cmd of splitCommands(shellWords(text, from, to))) out.push(...commandRequirements(cmd, locate));
  return out;
}

/** Requirements of one command given as words (shell words, or the items of a subprocess argv list). */
export function commandRequirements(cmd: readonly Word[], locate: Locate): Requirement[] {
  const out: Requirement[] = [];
  const inst = installerOf(cmd);
  if (!inst) return out;
  const upgrade = cmd.slice(inst.args).some((w) => isUpgradeFlag(w.value));
  const valueOptions = inst.kind === "conda" ? CONDA_VALUE_OPTIONS : PIP_VALUE_OPTIONS;
  let endOfOptions = false;
  for (let k = inst.args; k < cmd.length; k++) {
    const w = cmd[k];
    if (!w) continue;
    if (w.redirect) {
      if (/^(?:\d?>>?|<|&>)$/.test(w.value)) k++;
      continue;
    }
    if (!endOfOptions && w.value === "--") {
      endOfOptions = true;
      continue;
    }
    if (!endOfOptions && w.value.startsWith("-")) {
      if (inst.kind !== "conda" && (w.value === "-e" || w.value === "--editable")) {
        const target = cmd[k + 1];
        k++;
        if (target) pushReq(out, target, "pip-command", locate, upgrade);
        continue;
      }
      if (valueOptions.has(w.value)) k++;
      continue;
    }
    if (inst.kind === "conda") {
      const req = w.exact ? condaRequirement(w.value, w.valueStart, locate, "conda-command") : undefined;
      if (req) out.push(upgrade ? { ...req, upgrade } : req);
      continue;
    }
    if (inst.kind === "poetry" || inst.kind === "pdm") {
      const req = poetryAddRequirement(w, locate);
      if (req) out.push(req);
      continue;
    }
    pushReq(out, w, inst.kind === "pip" ? "pip-command" : "tool-command", locate, upgrade);
  }
  return out;
}

function pushReq(out: Requirement[], w: Word, origin: "pip-command" | "tool-command", locate: Locate, upgrade: boolean): void {
  if (isTemplated(w.value) || w.value === "") return;
  const req = w.exact
    ? requirementFromString(w.value, w.valueStart, origin, locate)
    : requirementFromString(w.value, 0, origin, () => locate(w.start, w.end - w.start));
  if (!req) return;
  out.push(upgrade ? { ...req, upgrade } : req);
}

/** `poetry add name@^1.2` / `name==1.2` / `name` / URLs. */
function poetryAddRequirement(w: Word, locate: Locate): Requirement | undefined {
  const v = w.value;
  const at = v.indexOf("@");
  if (at > 0 && !/^[a-z+]{2,20}:\/\//i.test(v) && !v.slice(at + 1).includes("://") && !v.startsWith("git")) {
    const name = v.slice(0, at).replace(/\[.{0,200}\]$/, "");
    const constraint = v.slice(at + 1);
    const base: Requirement = {
      name: normalizeName(name),
      displayName: name,
      text: v,
      at: locate(w.exact ? w.valueStart : w.start, w.exact ? v.length : w.end - w.start),
      origin: "tool-command",
    };
    if (constraint === "latest" || constraint === "*") return { ...base, star: true };
    const conv = convertPoetry(constraint);
    return conv?.spec ? { ...base, spec: conv.spec } : base;
  }
  const out: Requirement[] = [];
  pushReq(out, w, "tool-command", locate, false);
  return out[0];
}
