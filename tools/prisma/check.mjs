// Validate, format and lint Prisma schemas with Prisma's own engine (@prisma/prisma-schema-wasm).
//
// Input (stdin): JSON [{"name": "...", "text": "..."}]. Output (stdout): JSON
// [{"name", "error": null | "message", "formatted": "...", "lint": [...]}], one per input.
// codegen's Rust tests run it; `node check.mjs < request.json` runs it by hand.
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";

// The wasm module reports panics through this global; it must exist before loading.
globalThis.PRISMA_WASM_PANIC_REGISTRY = { set_message() {} };
const require = createRequire(import.meta.url);
const wasm = require("@prisma/prisma-schema-wasm");

function errorMessage(e) {
  try {
    return JSON.parse(e.message).message;
  } catch {
    return String(e && e.message ? e.message : e);
  }
}

const request = JSON.parse(readFileSync(0, "utf8"));
const results = request.map(({ name, text }) => {
  const files = [[name, text]];
  let error = null;
  try {
    wasm.validate(JSON.stringify({ prismaSchema: files, noColor: true }));
  } catch (e) {
    error = errorMessage(e);
  }
  let formatted = null;
  try {
    // It returns the files as JSON [[path, text]].
    const out = wasm.format(
      JSON.stringify(files),
      JSON.stringify({ textDocument: { uri: "file:/dev/null" }, options: { tabSize: 2, insertSpaces: true } }),
    );
    formatted = JSON.parse(out)[0][1];
  } catch (e) {
    error = error ?? errorMessage(e);
  }
  const lint = JSON.parse(wasm.lint(JSON.stringify(files)));
  return { name, error, formatted, lint };
});
process.stdout.write(JSON.stringify(results));
