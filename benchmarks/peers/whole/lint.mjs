// GitHub's TypeScript workflow parser (@actions/workflow-parser) doing the work of
// `pipewright lint FILE`: parse and validate one workflow file (parseWorkflow +
// convertWorkflowTemplate, as ../workflow-parser/bench.mjs calls them), print its errors one
// a line, exit 1 when there is one. run.py runs it beside the pipewright CLI; the package
// comes from ../workflow-parser (`npm ci` there).
import { readFileSync } from "node:fs";
import { register } from "node:module";
import { basename, dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const peer = join(here, "..", "workflow-parser");
// The package imports its JSON schema without an import attribute (see json_hooks.mjs).
register(pathToFileURL(join(peer, "json_hooks.mjs")).href);
const entry = join(peer, "node_modules", "@actions", "workflow-parser", "dist", "index.js");
let parser;
try {
  parser = await import(pathToFileURL(entry).href);
} catch (e) {
  process.stderr.write(`lint.mjs: run 'npm ci' in benchmarks/peers/workflow-parser: ${e.message}\n`);
  process.exit(3);
}
const { parseWorkflow, convertWorkflowTemplate, NoOperationTraceWriter } = parser;

const path = process.argv[2];
if (!path) {
  process.stderr.write("usage: node lint.mjs FILE\n");
  process.exit(2);
}
const content = readFileSync(path, "utf8");
const result = parseWorkflow({ name: basename(path), content }, new NoOperationTraceWriter());
const errors = result.context.errors.getErrors().map((e) => e.message);
let jobs = -1;
if (result.value !== undefined) {
  const template = await convertWorkflowTemplate(result.context, result.value);
  for (const e of template.errors ?? []) errors.push(e.Message ?? e.message ?? String(e));
  jobs = template.jobs?.length ?? -1;
}
process.stdout.write(errors.map((m) => m + "\n").join(""));
process.stderr.write(`jobs: ${jobs}\n`);
process.exit(errors.length ? 1 : 0);
