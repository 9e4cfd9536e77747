/** Street addresses: house number + street name + street type, optionally unit and city/state/ZIP. */
import type { Field } from "../model.js";
import { collapseSpaces, trimEndChars } from "../text.js";
import type { Scan } from "./common.js";
import { columnAt } from "./common.js";

/** Street types (USPS Publication 28 suffixes and common UK ones); Faker draws from the same list. */
const SUFFIXES = [
  "Street", "St", "Avenue", "Ave", "Av", "Road", "Rd", "Boulevard", "Blvd", "Lane", "Ln", "Drive", "Dr", "Court", "Ct",
  "Place", "Pl", "Terrace", "Ter", "Way", "Parkway", "Pkwy", "Highway", "Hwy", "Circle", "Cir", "Square", "Sq", "Trail",
  "Trl", "Crescent", "Cres", "Close", "Loop", "Alley", "Plaza", "Plz", "Row", "Path", "Pike", "Ridge", "Run", "Walk",
  "Crossing", "Expressway", "Expy", "Freeway", "Fwy", "Turnpike", "Heights", "Hts", "Hills", "Manor", "Commons",
  "Grove", "Gardens", "Estates", "Meadows", "Creek", "Glen", "Hollow", "Landing", "Cove", "Bend", "Harbor", "Harbour",
  "Junction", "Mews", "Oval", "Pass", "Pointe", "Route", "Rte", "Springs", "Summit", "Track", "Trace", "Tunnel",
  "Valley", "Vista", "Via", "Village", "Villages", "Ville", "Wells", "Shores", "Causeway", "Throughway", "Trafficway",
  "Underpass", "Stravenue", "Radial", "Ramp", "Mission", "Ports", "Port", "Forge", "Forges", "Fork", "Forks", "Ford",
  "Fords", "Falls", "Ferry", "Field", "Fields", "Flat", "Flats", "Haven", "Inlet", "Island", "Isle", "Key", "Keys",
  "Knoll", "Knolls", "Lake", "Lakes", "Light", "Lights", "Lock", "Locks", "Lodge", "Mall", "Mill", "Mills", "Motorway",
  "Mount", "Mountain", "Orchard", "Overpass", "Park", "Parks", "Plain", "Plains", "Prairie", "Ranch", "Rapid",
  "Rapids", "Rest", "River", "Roads", "Shoal", "Shoals", "Shore", "Skyway", "Spring", "Spur", "Spurs", "Station",
  "Stream", "Union", "Unions", "View", "Views", "Walks", "Wall", "Ways", "Burg", "Burgs", "Bypass", "Camp", "Canyon",
  "Cape", "Center", "Centre", "Centers", "Cliff", "Cliffs", "Club", "Common", "Corner", "Corners", "Courts", "Coves",
  "Crest", "Curve", "Dale", "Dam", "Divide", "Drives", "Estate", "Extension", "Extensions", "Gateway", "Green",
  "Greens", "Harbors", "Heights", "Hill", "Lane", "Meadow", "Neck", "Points", "Point", "Squares", "Streets", "Terrace",
  "Trailer", "Crossroad", "Glens", "Garden", "Gate", "Embankment", "Parade", "Quay", "Rise", "Wharf", "Wynd",
].filter((s, i, all) => all.indexOf(s) === i);

const WORD = "(?:[A-Z][A-Za-z'.-]{0,24}|\\d{1,3}(?:st|nd|rd|th))";
const DIRECTION = "(?:(?:[NSEW]|NE|NW|SE|SW|North|South|East|West)\\.? )?";
const UNIT = "(?:,? (?:Apt|Apartment|Suite|Ste|Unit|Fl|Floor|Room|Rm|#)\\.? ?#?[A-Za-z0-9-]{1,6})?";
const CITY_STATE_ZIP = "(?:, ?|\\\\n|\\n| )[A-Z][A-Za-z.' -]{1,30}, ?[A-Z]{2} \\d{5}(?:-\\d{4})?";

/** "123 Main St", "0487 Hopkins Track Apt. 418\nEast Brian, PA 04452". Sticky: tried at candidate starts only. */
const US_STREET = new RegExp(`(?<![\\w.,/-])\\d{1,6}[A-Za-z]? ${DIRECTION}(?:${WORD} ){1,4}(?:${SUFFIXES.join("|")})\\b\\.?${UNIT}(?:${CITY_STATE_ZIP})?`, "y");
/** Any street type, as long as city, state and ZIP follow. */
const US_FULL = new RegExp(`(?<![\\w.,/-])\\d{1,6}[A-Za-z]? ${DIRECTION}(?:${WORD} ){0,4}${WORD}${UNIT}${CITY_STATE_ZIP}`, "y");
/**
 * Where a US address can start: a house number (a word of at most six digits and a letter) followed
 * by a space and a capital or a digit. Every match of the two patterns above starts at one of these,
 * so they are tried there only (the same matches as a scan of the whole text, in a fraction of the time).
 */
const US_START = /\d{1,6}[A-Za-z]? (?=[A-Z\d])/g;
/** A street type as US_STREET has it (after a space, then a word boundary). */
const US_SUFFIX = new RegExp(` (?:${SUFFIXES.join("|")})\\b`);
/** The state and ZIP that CITY_STATE_ZIP ends with. */
const STATE_ZIP = /[A-Z]{2} \d{5}/;
const NOT_BEFORE_US = /[\w.,/-]/;
/** "Hauptstraße 12", "Musterstr. 5a", "Bahnhofplatz 3". */
const DE_STREET = /(?<![\p{L}\w-])\p{Lu}\p{Ll}{2,30}(?:straße|strasse|str\.|weg|gasse|platz|allee|ring|damm|ufer|chaussee) \d{1,4}[a-z]?(?![\w-])/gu;
/** A line can hold a German address only if it has a street suffix, a space and a digit. */
const DE_GATE = /(?:straße|strasse|str\.|weg|gasse|platz|allee|ring|damm|ufer|chaussee) \d/g;
/** "12 rue de la Paix", "3 avenue des Champs-Élysées". */
const FR_STREET = /(?<![\w-])\d{1,4}(?: ?(?:bis|ter))?,? (?:rue|avenue|boulevard|bd|place|allée|impasse|chemin|quai|cours) (?:de la |de l'|du |des |de |d'|la |le )?\p{Lu}[\p{L}'-]{1,30}(?: \p{Lu}[\p{L}'-]{1,30}){0,3}/gu;
/** A line can hold a French address only if it has one of these words between spaces. */
const FR_GATE = / (?:rue|avenue|boulevard|bd|place|allée|impasse|chemin|quai|cours) /g;

function add(scan: Scan, offset: number, raw: string, basis: string, f?: Field): void {
  scan.add({
    entity: "street-address",
    offset,
    length: f ? f.length : raw.length,
    normalized: collapseSpaces(raw.replace(/\\n/g, " ")).toLowerCase(),
    severity: "low",
    basis,
    ...(f ? { key: f.key, ...(f.column === undefined ? {} : { column: f.column }) } : columnAt(scan, offset, raw.length)),
  });
}

/** Starts of possible US addresses, in text order. */
function usStarts(text: string): number[] {
  const starts: number[] = [];
  US_START.lastIndex = 0;
  for (let m = US_START.exec(text); m !== null; m = US_START.exec(text)) {
    if (m.index !== 0 && NOT_BEFORE_US.test(text[m.index - 1]!)) continue;
    // After the space both patterns need a direction or a word: a capital, or an ordinal (`42nd`).
    const next = m.index + m[0].length;
    if (text.charCodeAt(next) <= 57 && !ORDINAL.test(text.slice(next, next + 6))) continue;
    starts.push(m.index);
  }
  return starts;
}
const ORDINAL = /^\d{1,3}(?:st|nd|rd|th)/;

interface PatternMatch {
  index: number;
  raw: string;
}

/** The matches a global scan of `text` with `sticky` would find, trying only `starts` (sorted). */
function stickyMatches(text: string, sticky: RegExp, starts: readonly number[], out: PatternMatch[]): void {
  let from = 0;
  for (const at of starts) {
    if (at < from) continue;
    sticky.lastIndex = at;
    const m = sticky.exec(text);
    if (m === null) continue;
    from = at + m[0].length;
    out.push({ index: at, raw: trimEndChars(m[0], " \t\n,") });
  }
}

/**
 * Matches of a global pattern that never spans lines (and treats a line break like the start or end
 * of the text), run only on the lines where `gate` matches.
 */
function lineMatches(text: string, re: RegExp, gate: RegExp, out: PatternMatch[]): void {
  gate.lastIndex = 0;
  let done = -1;
  for (let g = gate.exec(text); g !== null; g = gate.exec(text)) {
    if (g.index < done) continue;
    const start = text.lastIndexOf("\n", g.index) + 1;
    const nl = text.indexOf("\n", g.index);
    const end = nl === -1 ? text.length : nl;
    done = end;
    gate.lastIndex = end;
    for (const m of text.slice(start, end).matchAll(re)) out.push({ index: start + m.index, raw: trimEndChars(m[0], " \t\n,") });
  }
}

let lastPatterns: { text: string; strongOnly: boolean; matches: PatternMatch[] } | undefined;

/** Address-pattern matches of a text, in the order they are reported (the last result is kept: triage and finder share it). */
export function addressPatterns(text: string, strongOnly: boolean): readonly PatternMatch[] {
  if (lastPatterns !== undefined && lastPatterns.text === text && lastPatterns.strongOnly === strongOnly) return lastPatterns.matches;
  const matches: PatternMatch[] = [];
  // US_STREET needs a street type after a space, US_FULL a state and ZIP: without either, no US address.
  const starts = (!strongOnly && US_SUFFIX.test(text)) || STATE_ZIP.test(text) ? usStarts(text) : [];
  if (starts.length > 0) {
    if (!strongOnly) stickyMatches(text, US_STREET, starts, matches);
    stickyMatches(text, US_FULL, starts, matches);
  }
  if (!strongOnly) {
    lineMatches(text, DE_STREET, DE_GATE, matches);
    lineMatches(text, FR_STREET, FR_GATE, matches);
  }
  lastPatterns = { text, strongOnly, matches };
  return matches;
}

export function findAddresses(scan: Scan): void {
  for (const m of addressPatterns(scan.text, scan.seg.mode === "code")) add(scan, m.index, m.raw, "address pattern");
}

/** A value under an address column/key: a number and words. */
export function addressFromField(scan: Scan, f: Field): void {
  const v = f.value.trim();
  if (v.length < 6 || v.length > 200 || !/\d/.test(v) || !/\p{L}{2,}/u.test(v)) return;
  if (!/\s/.test(v) || /^[\d\s.,:/-]+$/.test(v) || /^[0-9a-f:.]+$/i.test(v)) return;
  add(scan, f.offset, v, "column or key", f);
}
