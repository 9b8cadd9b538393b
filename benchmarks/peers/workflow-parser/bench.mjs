// GitHub's TypeScript workflow parser (@actions/workflow-parser) on the sets of
// benchmarks/load_bench.cpp: parseWorkflow + convertWorkflowTemplate (as
// tools/node/check_workflow.mjs calls them) on every file of a set, one pass at a time.
//
//   seeds      tests/data/schedule/seeds/*.yml without fragment-* and *branch-protection*
//   corpus     tests/data/model/corpus/real/*.yml
//   generated  the 1,000-job workflow that `load_bench --write_generated=PATH` writes
//
// Usage (Node 20, after `npm ci` in this folder):
//
//   node bench.mjs [--generated PATH] [--rounds N] [--round-ms MS] [--warmup-ms MS]
//                  [--sets seeds,corpus,generated]
//
// Without --generated the generated set is left out. Output, one JSON object per line:
//   {"type":"meta", "node", "package", "version", "rounds", "round_ms", "warmup_ms"}
//   {"type":"result", "set", "files", "bytes", "files_with_errors", "jobs", "median_ns",
//    "min_ns", "max_ns", "median_cpu_ns", "rounds", "passes"}
// median_ns is the median over the timed rounds of the mean wall-clock time of one pass over
// the set; median_cpu_ns the same with the process's CPU time (user + system, so V8's
// helper threads count too). Exit status 3 when the package is not installed.
import { readdirSync, readFileSync } from "node:fs";
import { register } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const testsData = resolve(here, "..", "..", "..", "tests", "data");

function die(message) {
  process.stderr.write(`bench.mjs: ${message}\n`);
  process.exit(1);
}

const options = {
  generated: null,
  rounds: 5,
  roundMs: 1000,
  warmupMs: 2000,
  sets: ["seeds", "corpus", "generated"],
};
{
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length; ++i) {
    const a = argv[i];
    const next = () => {
      if (i + 1 >= argv.length) die(`${a} needs a value`);
      return argv[++i];
    };
    if (a === "--generated") options.generated = next();
    else if (a === "--rounds") options.rounds = Number(next());
    else if (a === "--round-ms") options.roundMs = Number(next());
    else if (a === "--warmup-ms") options.warmupMs = Number(next());
    else if (a === "--sets") options.sets = next().split(",");
    else die(`unknown argument '${a}'`);
  }
  if (!(options.rounds >= 1) || !(options.roundMs > 0) || !(options.warmupMs >= 0)) {
    die("--rounds, --round-ms and --warmup-ms must be positive numbers");
  }
}

// The package imports its JSON schema without an import attribute; json_hooks.mjs (a copy of
// tools/node/json_hooks.mjs) lets Node load it.
register("./json_hooks.mjs", import.meta.url);
let parser;
let version = "unknown";
try {
  parser = await import("@actions/workflow-parser");
  const entry = fileURLToPath(import.meta.resolve("@actions/workflow-parser"));
  let dir = dirname(entry);
  while (dir !== dirname(dir)) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
      if (pkg.name === "@actions/workflow-parser") {
        version = pkg.version;
        break;
      }
    } catch {
      // not the package's root yet
    }
    dir = dirname(dir);
  }
} catch (e) {
  process.stderr.write(
    `bench.mjs: @actions/workflow-parser is not installed (run 'npm ci' in ${here}): ${e.message}\n`,
  );
  process.exit(3);
}
const { parseWorkflow, convertWorkflowTemplate, NoOperationTraceWriter } = parser;

// --- the sets ------------------------------------------------------------------------------------

function readDir(dir, keep) {
  return readdirSync(dir)
    .filter((name) => name.endsWith(".yml") && keep(name))
    .sort()
    .map((name) => ({ name, content: readFileSync(join(dir, name), "utf8") }));
}

const sets = [];
for (const set of options.sets) {
  let files;
  if (set === "seeds") {
    files = readDir(join(testsData, "schedule", "seeds"),
                    (n) => !n.startsWith("fragment-") && !n.includes("branch-protection"));
  } else if (set === "corpus") {
    files = readDir(join(testsData, "model", "corpus", "real"), () => true);
  } else if (set === "generated") {
    if (!options.generated) continue;
    files = [{ name: "generated-1000-jobs.yml", content: readFileSync(options.generated, "utf8") }];
  } else {
    die(`unknown set '${set}'`);
  }
  if (files.length === 0) die(`the ${set} set has no file`);
  sets.push({ set, files });
}
if (sets.length === 0) die("no set to run");

// --- one pass --------------------------------------------------------------------------------------

const trace = new NoOperationTraceWriter();

/** Parses and converts one file: its errors (messages) and job count. */
async function load(file) {
  const result = parseWorkflow({ name: file.name, content: file.content }, trace);
  const errors = result.context.errors.getErrors().length;
  if (result.value === undefined) return { errors: errors + 1, jobs: -1 };
  const template = await convertWorkflowTemplate(result.context, result.value);
  return { errors: errors + (template.errors?.length ?? 0), jobs: template.jobs?.length ?? -1 };
}

let sink = 0;
async function pass(files) {
  for (const f of files) sink += (await load(f)).jobs;
}

process.stdout.write(
  JSON.stringify({
    type: "meta",
    node: process.version,
    package: "@actions/workflow-parser",
    version,
    rounds: options.rounds,
    round_ms: options.roundMs,
    warmup_ms: options.warmupMs,
  }) + "\n",
);

const median = (sorted) => {
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

for (const { set, files } of sets) {
  // The work each pass does: files with an error, and the jobs of the generated workflow.
  let withErrors = 0;
  let jobs = 0;
  for (const f of files) {
    const r = await load(f);
    if (r.errors > 0) ++withErrors;
    jobs += Math.max(r.jobs, 0);
  }
  const bytes = files.reduce((n, f) => n + Buffer.byteLength(f.content, "utf8"), 0);

  // Warm up (at least two passes), then rounds of about roundMs, each a whole number of passes.
  let passMs = 0;
  let warm = 0;
  const warmupEnd = performance.now() + options.warmupMs;
  while (warm < 2 || performance.now() < warmupEnd) {
    const t = performance.now();
    await pass(files);
    passMs = performance.now() - t;
    ++warm;
  }
  const passes = Math.max(1, Math.round(options.roundMs / passMs));
  const wall = [];
  const cpu = [];
  for (let r = 0; r < options.rounds; ++r) {
    const cpuStart = process.cpuUsage();
    const start = process.hrtime.bigint();
    for (let p = 0; p < passes; ++p) await pass(files);
    wall.push(Number(process.hrtime.bigint() - start) / passes);
    const used = process.cpuUsage(cpuStart);
    cpu.push(((used.user + used.system) * 1000) / passes);
  }
  wall.sort((a, b) => a - b);
  cpu.sort((a, b) => a - b);
  process.stdout.write(
    JSON.stringify({
      type: "result",
      set,
      files: files.length,
      bytes,
      files_with_errors: withErrors,
      jobs,
      median_ns: Math.round(median(wall)),
      min_ns: Math.round(wall[0]),
      max_ns: Math.round(wall[wall.length - 1]),
      median_cpu_ns: Math.round(median(cpu)),
      rounds: options.rounds,
      passes,
    }) + "\n",
  );
}
if (sink === -1) process.stderr.write("\n");
