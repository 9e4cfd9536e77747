/**
 * What the shell rules treat as a downloader, an interpreter and a command prefix. Each entry says
 * why it is there.
 */

/** Programs that fetch a URL; their output is untrusted code when it reaches an interpreter. */
export const DOWNLOADERS: ReadonlyMap<string, string> = new Map([
  ["curl", "fetches a URL; `-o`/`-O` write it to a file, otherwise to stdout"],
  ["wget", "fetches a URL; writes to the URL's file name, `-O file`, or stdout with `-O -`"],
]);

/**
 * Programs that execute the script given on stdin, as a file argument, or through `<(...)`.
 * Python-like names are matched by {@link isInterpreter} (python3.11, pypy3 …).
 */
export const INTERPRETERS: ReadonlyMap<string, string> = new Map([
  ["sh", "POSIX shell: runs stdin when no script is given"],
  ["bash", "runs stdin (`bash`, `bash -s`, `bash -`) or a script file"],
  ["zsh", "shell, same as bash"],
  ["dash", "shell, same as sh"],
  ["ksh", "shell, same as sh"],
  ["fish", "shell, runs stdin"],
  ["perl", "runs a script from stdin or a file"],
  ["ruby", "runs a script from stdin or a file"],
  ["node", "runs a script from stdin or a file"],
  ["php", "runs a script from stdin or a file"],
  ["pwsh", "PowerShell, runs a script from stdin or a file"],
  ["powershell", "PowerShell, runs a script from stdin or a file"],
]);

/** `python`, `python3`, `python3.11`, `pypy3`: run stdin when given `-` or no script. */
export function isInterpreter(name: string): boolean {
  return INTERPRETERS.has(name) || /^(?:python|pypy)[0-9.]{0,6}$/.test(name);
}

/** Builtins that run their argument as shell code (`eval "$(curl …)"`, `source <(curl …)`). */
export const SOURCERS: ReadonlyMap<string, string> = new Map([
  ["eval", "runs its arguments as shell code"],
  ["source", "runs a file (or process substitution) in the current shell"],
  [".", "same as source"],
]);

/**
 * Words that run the next word as the command: skipped to find the real program name. `value` is the
 * set of short options that take an argument (so that argument is skipped too).
 */
export const COMMAND_PREFIXES: ReadonlyMap<string, string> = new Map([
  ["sudo", "ugpChDRrTU"],
  ["doas", "uC"],
  ["env", "uCS"],
  ["time", "fo"],
  ["nohup", ""],
  ["exec", "a"],
  ["command", ""],
  ["builtin", ""],
  ["nice", "n"],
  ["stdbuf", "ioe"],
  ["timeout", "ks"],
]);

/** Programs that elevate privileges (reported by code/shell-sudo). */
export const ELEVATORS: ReadonlyMap<string, string> = new Map([
  ["sudo", "runs the rest of the line as root"],
  ["doas", "runs the rest of the line as root"],
]);

/**
 * Package installers: these lines belong to the dependency detector and are never reported here
 * (not even their sudo).
 */
export const PACKAGE_INSTALLERS: ReadonlySet<string> = new Set(["pip", "pip3", "conda", "mamba", "micromamba", "uv", "poetry", "pipx"]);

/** Short options of curl that take an argument (so the next word is not a URL or a file). */
export const CURL_ARG_OPTIONS = "oHdXuAeEFTbcKwxmrCYyzQ";
/** Short options of wget that take an argument. */
export const WGET_ARG_OPTIONS = "OPoatTwUeiQ";
