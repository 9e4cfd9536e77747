/**
 * Licence facts from installed-package metadata committed to the repository (`*.dist-info/METADATA`,
 * `*.egg-info/PKG-INFO`): License-Expression (PEP 639), License, and licence trove classifiers.
 */
import { normalizeName } from "../names.js";

/** Trove classifiers → SPDX. Each entry is the classifier's own meaning; unversioned GPL means "any version". */
export const CLASSIFIER_SPDX: Readonly<Record<string, string>> = {
  "GNU Affero General Public License v3": "AGPL-3.0-only",
  "GNU Affero General Public License v3 or later (AGPLv3+)": "AGPL-3.0-or-later",
  "GNU General Public License (GPL)": "GPL-1.0-or-later",
  "GNU General Public License v2 (GPLv2)": "GPL-2.0-only",
  "GNU General Public License v2 or later (GPLv2+)": "GPL-2.0-or-later",
  "GNU General Public License v3 (GPLv3)": "GPL-3.0-only",
  "GNU General Public License v3 or later (GPLv3+)": "GPL-3.0-or-later",
  "GNU Lesser General Public License v2 (LGPLv2)": "LGPL-2.0-only",
  "GNU Lesser General Public License v2 or later (LGPLv2+)": "LGPL-2.0-or-later",
  "GNU Lesser General Public License v3 (LGPLv3)": "LGPL-3.0-only",
  "GNU Lesser General Public License v3 or later (LGPLv3+)": "LGPL-3.0-or-later",
  "GNU Library or Lesser General Public License (LGPL)": "LGPL-2.0-or-later",
  "MIT License": "MIT",
  "MIT No Attribution License (MIT-0)": "MIT-0",
  "BSD License": "BSD-3-Clause",
  "Apache Software License": "Apache-2.0",
  "ISC License (ISCL)": "ISC",
  "Mozilla Public License 2.0 (MPL 2.0)": "MPL-2.0",
  "Mozilla Public License 1.1 (MPL 1.1)": "MPL-1.1",
  "Python Software Foundation License": "PSF-2.0",
  "The Unlicense (Unlicense)": "Unlicense",
  "Eclipse Public License 2.0 (EPL-2.0)": "EPL-2.0",
  "Eclipse Public License 1.0 (EPL-1.0)": "EPL-1.0",
  "European Union Public Licence 1.2 (EUPL 1.2)": "EUPL-1.2",
  "Artistic License": "Artistic-2.0",
  "zlib/libpng License": "Zlib",
  "Boost Software License 1.0 (BSL-1.0)": "BSL-1.0",
  "Academic Free License (AFL)": "AFL-3.0",
  "Historical Permission Notice and Disclaimer (HPND)": "HPND",
  "Universal Permissive License (UPL)": "UPL-1.0",
  "CeCILL-2.1": "CECILL-2.1",
};

/** Full licence texts pasted into the License field, recognised by their title. */
const LICENSE_TITLES: readonly [RegExp, string][] = [
  [/GNU AFFERO GENERAL PUBLIC LICENSE[\s\S]{0,200}Version 3/i, "AGPL-3.0-only"],
  [/GNU LESSER GENERAL PUBLIC LICENSE[\s\S]{0,200}Version 3/i, "LGPL-3.0-only"],
  [/GNU LESSER GENERAL PUBLIC LICENSE[\s\S]{0,200}Version 2\.1/i, "LGPL-2.1-only"],
  [/GNU GENERAL PUBLIC LICENSE[\s\S]{0,200}Version 3/i, "GPL-3.0-only"],
  [/GNU GENERAL PUBLIC LICENSE[\s\S]{0,200}Version 2/i, "GPL-2.0-only"],
  [/^\s{0,10}MIT License/i, "MIT"],
  [/^\s{0,10}Apache License[\s\S]{0,100}Version 2\.0/i, "Apache-2.0"],
];

export interface PackageMetadata {
  name: string;
  licenseExpression?: string;
  license?: string;
  classifiers: string[];
}

/** Header fields of a METADATA / PKG-INFO file (RFC 822 style, stops at the first blank line). */
export function parseMetadata(text: string): PackageMetadata | undefined {
  const meta: PackageMetadata = { name: "", classifiers: [] };
  let last: string | undefined;
  for (const line of text.split("\n")) {
    const l = line.replace(/\r$/, "");
    if (l === "") break;
    if (/^[ \t]/.test(l)) {
      if (last === "License" && meta.license !== undefined) meta.license += `\n${l.trim()}`;
      continue;
    }
    const m = /^([A-Z-]{1,60}):\s?(.{0,2000})$/i.exec(l);
    if (!m?.[1]) continue;
    last = m[1];
    const value = (m[2] ?? "").trim();
    switch (m[1].toLowerCase()) {
      case "name":
        meta.name = normalizeName(value);
        break;
      case "license-expression":
        meta.licenseExpression = value;
        break;
      case "license":
        meta.license = value;
        break;
      case "classifier":
        if (value.startsWith("License ::")) meta.classifiers.push(value);
        break;
    }
  }
  return meta.name === "" ? undefined : meta;
}

/** The best licence statement of a metadata file, as an SPDX-ish string (may be an OR of classifiers). */
export function licenseOf(meta: PackageMetadata): string | undefined {
  if (meta.licenseExpression) return meta.licenseExpression;
  const lic = meta.license?.trim();
  if (lic && lic.length <= 100 && !lic.includes("\n") && !/^(?:unknown|none|n\/a|other)?$/i.test(lic)) {
    if (!/^see\b|^(?:dual|custom|proprietary)\b/i.test(lic)) return lic;
  }
  if (lic && (lic.includes("\n") || lic.length > 100)) {
    for (const [re, id] of LICENSE_TITLES) if (re.test(lic.slice(0, 600))) return id;
  }
  const fromClassifiers = meta.classifiers
    .map((c) => CLASSIFIER_SPDX[c.replace(/^License ::\s*(?:OSI Approved ::\s*)?/, "").trim()])
    .filter((s): s is string => s !== undefined);
  if (fromClassifiers.length > 0) return [...new Set(fromClassifiers)].join(" OR ");
  return undefined;
}

const DIST_INFO = /(?:^|\/)([A-Za-z0-9][\w.]{0,200})-[^/]{1,100}\.(?:dist-info\/METADATA|egg-info\/PKG-INFO)$/;

/** PEP 503 name → metadata path, for every installed-package metadata file in the scan. */
export function metadataPaths(paths: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const p of paths) {
    const m = DIST_INFO.exec(p);
    if (m?.[1] && !out.has(normalizeName(m[1]))) out.set(normalizeName(m[1]), p);
  }
  return out;
}
