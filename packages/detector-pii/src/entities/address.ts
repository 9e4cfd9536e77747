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

/** "123 Main St", "0487 Hopkins Track Apt. 418\nEast Brian, PA 04452". */
const US_STREET = new RegExp(`(?<![\\w.,/-])\\d{1,6}[A-Za-z]? ${DIRECTION}(?:${WORD} ){1,4}(?:${SUFFIXES.join("|")})\\b\\.?${UNIT}(?:${CITY_STATE_ZIP})?`, "g");
/** Any street type, as long as city, state and ZIP follow. */
const US_FULL = new RegExp(`(?<![\\w.,/-])\\d{1,6}[A-Za-z]? ${DIRECTION}(?:${WORD} ){0,4}${WORD}${UNIT}${CITY_STATE_ZIP}`, "g");
/** "Hauptstraße 12", "Musterstr. 5a", "Bahnhofplatz 3". */
const DE_STREET = /(?<![\p{L}\w-])\p{Lu}\p{Ll}{2,30}(?:straße|strasse|str\.|weg|gasse|platz|allee|ring|damm|ufer|chaussee) \d{1,4}[a-z]?(?![\w-])/gu;
/** "12 rue de la Paix", "3 avenue des Champs-Élysées". */
const FR_STREET = /(?<![\w-])\d{1,4}(?: ?(?:bis|ter))?,? (?:rue|avenue|boulevard|bd|place|allée|impasse|chemin|quai|cours) (?:de la |de l'|du |des |de |d'|la |le )?\p{Lu}[\p{L}'-]{1,30}(?: \p{Lu}[\p{L}'-]{1,30}){0,3}/gu;

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

export function findAddresses(scan: Scan): void {
  const text = scan.text;
  const strongOnly = scan.seg.mode === "code";
  const patterns = strongOnly ? [US_FULL] : [US_STREET, US_FULL, DE_STREET, FR_STREET];
  for (const re of patterns) {
    for (const m of text.matchAll(re)) {
      const raw = trimEndChars(m[0], " \t\n,");
      add(scan, m.index, raw, "address pattern");
    }
  }
}

/** A value under an address column/key: a number and words. */
export function addressFromField(scan: Scan, f: Field): void {
  const v = f.value.trim();
  if (v.length < 6 || v.length > 200 || !/\d/.test(v) || !/\p{L}{2,}/u.test(v)) return;
  if (!/\s/.test(v) || /^[\d\s.,:/-]+$/.test(v) || /^[0-9a-f:.]+$/i.test(v)) return;
  add(scan, f.offset, v, "column or key", f);
}
