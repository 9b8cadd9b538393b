// Module hooks for bench.mjs (a copy of tools/node/json_hooks.mjs): @actions/workflow-parser
// imports its JSON schema without an import attribute (it targets bundlers), which Node
// refuses; this loads such JSON files as ES modules whose default export is the parsed JSON.
import { readFile } from "node:fs/promises";

export async function load(url, context, nextLoad) {
  if (url.startsWith("file:") && url.endsWith(".json") && url.includes("/node_modules/@actions/")) {
    const source = await readFile(new URL(url), "utf8");
    return { format: "module", source: `export default ${source};`, shortCircuit: true };
  }
  return nextLoad(url, context);
}
