// Generates src/generated/person-names.ts from the lexicon of `compromise` (a devDependency), so the
// detector gets the library's first-name and surname data without loading the NLP model (~0.6 s) on
// every commit. Run: node scripts/gen-person-names.mjs   (test/generated.test.ts checks it is current)
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

import nlp from "compromise";

export function buildNameTables() {
  const lexicon = nlp.model().one.lexicon;
  const first = new Set();
  const last = new Set();
  for (const [word, tag] of Object.entries(lexicon)) {
    if (!/^[a-z][a-z'-]{1,20}$/.test(word)) continue;
    const tags = Array.isArray(tag) ? tag : [tag];
    if (tags.some((t) => t === "MaleName" || t === "FemaleName" || t === "FirstName")) first.add(word);
    if (tags.includes("LastName")) last.add(word);
  }
  return { first: [...first].sort(), last: [...last].sort() };
}

export function renderNameTables() {
  const { first, last } = buildNameTables();
  const version = nlp.version ?? "?";
  return [
    `// generated — do not edit; run \`node scripts/gen-person-names.mjs\` (source: compromise ${version} lexicon)`,
    `/** Lower-case first names tagged MaleName, FemaleName or FirstName in the compromise lexicon, "|"-joined. */`,
    `export const FIRST_NAMES = ${JSON.stringify(first.join("|"))};`,
    `/** Lower-case surnames tagged LastName in the compromise lexicon, "|"-joined. */`,
    `export const LAST_NAMES = ${JSON.stringify(last.join("|"))};`,
    "",
  ].join("\n");
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(new URL("../src/generated/person-names.ts", import.meta.url), renderNameTables());
}
