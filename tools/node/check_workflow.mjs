// Checks workflow YAML with GitHub's own parser (@actions/workflow-parser, pinned in
// package.json): parse, validate against GitHub's schema, convert to a workflow template.
//
//   node check_workflow.mjs [--jobs N] (--program PATH | FILE)...
//
// --program runs PATH and checks its standard output; --jobs N also requires N jobs.
// Exits 0 when every workflow is accepted, 1 when one is not, 77 (a skip for ctest) when
// the package is not installed (run `npm ci` here, or tools/bootstrap.sh).
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { register } from "node:module";

register("./json_hooks.mjs", import.meta.url);

let parser;
try {
  parser = await import("@actions/workflow-parser");
} catch (e) {
  console.log(`SKIP: @actions/workflow-parser is not installed (run 'npm ci' in tools/node): ${e.message}`);
  process.exit(77);
}
const { parseWorkflow, convertWorkflowTemplate, NoOperationTraceWriter } = parser;

const args = process.argv.slice(2);
let wantJobs = -1;
const inputs = [];
for (let i = 0; i < args.length; ++i) {
  if (args[i] === "--jobs") {
    wantJobs = Number(args[++i]);
  } else if (args[i] === "--program") {
    const program = args[++i];
    inputs.push({ name: program, content: execFileSync(program, { encoding: "utf8" }) });
  } else {
    inputs.push({ name: args[i], content: readFileSync(args[i], "utf8") });
  }
}
if (inputs.length === 0) {
  console.log("usage: node check_workflow.mjs [--jobs N] (--program PATH | FILE)...");
  process.exit(1);
}

let failed = false;
for (const input of inputs) {
  const result = parseWorkflow({ name: "workflow.yml", content: input.content }, new NoOperationTraceWriter());
  const errors = result.context.errors.getErrors().map((e) => e.message);
  let jobs = -1;
  if (errors.length === 0 && result.value !== undefined) {
    const template = await convertWorkflowTemplate(result.context, result.value);
    for (const e of template.errors ?? []) errors.push(e.Message ?? e.message ?? String(e));
    jobs = template.jobs?.length ?? -1;
  } else if (result.value === undefined) {
    errors.push("the parser returned no workflow");
  }
  if (wantJobs >= 0 && jobs !== wantJobs) errors.push(`expected ${wantJobs} jobs, the parser found ${jobs}`);
  if (errors.length > 0) {
    failed = true;
    console.log(`${input.name}: rejected by @actions/workflow-parser`);
    for (const e of errors) console.log(`  ${e}`);
  } else {
    console.log(`${input.name}: accepted by @actions/workflow-parser (${jobs} jobs)`);
  }
}
process.exit(failed ? 1 : 0);
