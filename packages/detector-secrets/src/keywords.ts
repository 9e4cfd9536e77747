/**
 * The keyword prefilter: an Aho-Corasick automaton over the lower-cased keywords of every table
 * entry, compiled to a dense DFA over the characters the keywords use. One pass over a segment costs one table lookup per
 * character (no backtracking, independent of the number of keywords), which is several times
 * faster than a regex alternation of ~100 literals in V8 and keeps the hook's cost flat as rules
 * are added. Characters outside ASCII never occur in keywords and reset the automaton.
 */

/** Keywords ending at one automaton state, split by the kind of entry they trigger. */
export interface KeywordHits {
  /** Line entries (patterns and line scanners) to run on the line of the hit. */
  lineEntries: readonly number[];
  /** Block scanners, with the length of the keyword (to find where it starts). */
  blocks: ReadonlyArray<{ entry: number; length: number }>;
}

export interface KeywordAutomaton {
  /**
   * Next state: delta[(state << shift) | symbol[code]]; HIT is set when the next state ends a
   * keyword. 16-bit entries and a compressed alphabet keep the table small (cache-friendly) and
   * cheap to build on the first scan of a commit.
   */
  delta: Uint16Array;
  /** UTF-16 code unit → symbol: the characters that occur in keywords (case-folded), others 0. */
  symbol: Uint8Array;
  /** log2 of the row width (the alphabet size rounded up to a power of two). */
  shift: number;
  /** Index into `hits` for states that end at least one keyword, else -1. */
  out: Int32Array;
  hits: readonly KeywordHits[];
}

/** Flag bit in `delta` entries: the target state ends at least one keyword. */
export const HIT = 0x8000;

/** `keywords`: lower-case keyword → entry ids; `isBlock` tells block scanners from line entries. */
export function compileKeywords(keywords: ReadonlyMap<string, readonly number[]>, isBlock: (entry: number) => boolean): KeywordAutomaton {
  // 0. alphabet: one symbol per character used in a keyword (upper-case letters fold onto lower-case)
  const symbol = new Uint8Array(65536);
  let symbols = 1;
  for (const keyword of keywords.keys()) {
    for (let i = 0; i < keyword.length; i++) {
      const c = keyword.charCodeAt(i);
      if (c >= 128 || (c >= 65 && c <= 90)) throw new Error(`keyword ${JSON.stringify(keyword)} must be lower-case ASCII`);
      if (symbol[c] === 0) {
        symbol[c] = symbols;
        if (c >= 97 && c <= 122) symbol[c - 32] = symbols;
        symbols++;
      }
    }
  }
  let shift = 1;
  while (1 << shift < symbols) shift++;
  const width = 1 << shift;
  // 1. trie, in a growable flat table (-1 = no edge)
  let goto = new Int32Array(64 * width).fill(-1);
  let states = 1;
  const own: Array<Array<{ keyword: string; entries: readonly number[] }>> = [[]];
  for (const [keyword, entries] of keywords) {
    let s = 0;
    for (let i = 0; i < keyword.length; i++) {
      const c = symbol[keyword.charCodeAt(i)] ?? 0;
      let next = goto[s * width + c] ?? -1;
      if (next === -1) {
        next = states++;
        if (states * width > goto.length) {
          const bigger = new Int32Array(goto.length * 2).fill(-1);
          bigger.set(goto);
          goto = bigger;
        }
        goto[s * width + c] = next;
        own.push([]);
      }
      s = next;
    }
    own[s]?.push({ keyword, entries });
  }
  // 2. failure links (BFS) and the dense DFA
  if (states >= HIT) throw new Error(`keyword automaton too large (${states} states)`);
  const delta = new Int32Array(states * width);
  const fail = new Int32Array(states);
  const order: number[] = [];
  for (let c = 0; c < width; c++) {
    const next = goto[c] ?? -1;
    if (next !== -1) {
      delta[c] = next;
      order.push(next);
    }
  }
  for (let q = 0; q < order.length; q++) {
    const s = order[q] ?? 0;
    const f = (fail[s] ?? 0) * width;
    const row = s * width;
    for (let c = 0; c < width; c++) {
      const next = goto[row + c] ?? -1;
      const viaFail = delta[f + c] ?? 0;
      if (next !== -1) {
        delta[row + c] = next;
        fail[next] = viaFail;
        order.push(next);
      } else delta[row + c] = viaFail;
    }
  }
  // 3. outputs: own keywords plus those of the failure chain
  const out = new Int32Array(states).fill(-1);
  const hits: KeywordHits[] = [];
  for (let s = 1; s < states; s++) {
    const line = new Set<number>();
    const blocks: Array<{ entry: number; length: number }> = [];
    for (let t = s; t !== 0; t = fail[t] ?? 0) {
      for (const { keyword, entries } of own[t] ?? []) {
        for (const e of entries) {
          if (isBlock(e)) blocks.push({ entry: e, length: keyword.length });
          else line.add(e);
        }
      }
    }
    if (line.size > 0 || blocks.length > 0) {
      out[s] = hits.length;
      hits.push({ lineEntries: [...line].sort((a, b) => a - b), blocks });
    }
  }
  const packed = new Uint16Array(delta.length);
  for (let i = 0; i < delta.length; i++) {
    const t = delta[i] ?? 0;
    packed[i] = t | ((out[t] ?? -1) >= 0 ? HIT : 0);
  }
  return { delta: packed, symbol, shift, out, hits };
}
