#!/usr/bin/env node
// Recipe for the example model files (run: node examples/models/build-examples.mjs).
// classifier.pkl is a *malicious* protocol-2 pickle: loading it would call os.system("echo pwned").
// It is never loaded by anything here; watchtower-hook parses it and reports the global.
import { writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const ascii = (s) => [...Buffer.from(s, "latin1")];
const shortUnicode = (s) => [0x8c, s.length, ...ascii(s)]; // SHORT_BINUNICODE

// PROTO 2, GLOBAL posix system, BINUNICODE arg, TUPLE1, REDUCE, STOP
const command = "echo pwned";
const malicious = [
  0x80, 0x02,
  ...ascii("cposix\nsystem\n"),
  0x58, command.length, 0, 0, 0, ...ascii(command),
  0x85, 0x52, 0x2e,
];
writeFileSync(join(here, "classifier.pkl"), Uint8Array.from(malicious));

// A benign pickle: {"weights": [0.5, 1.5], "classes": ("cat", "dog")} at protocol 4.
const f64 = (x) => { const b = Buffer.alloc(8); b.writeDoubleBE(x); return [0x47, ...b]; }; // BINFLOAT
const benign = [
  0x80, 0x04, 0x7d, 0x28, // PROTO 4, EMPTY_DICT, MARK
  ...shortUnicode("weights"), 0x5d, 0x28, ...f64(0.5), ...f64(1.5), 0x65, // EMPTY_LIST MARK … APPENDS
  ...shortUnicode("classes"), ...shortUnicode("cat"), ...shortUnicode("dog"), 0x86, // TUPLE2
  0x75, 0x2e, // SETITEMS, STOP
];
writeFileSync(join(here, "tokenizer-config.pkl"), Uint8Array.from(benign));
console.log("wrote classifier.pkl and tokenizer-config.pkl");
