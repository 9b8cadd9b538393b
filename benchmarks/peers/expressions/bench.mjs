// GitHub's TypeScript expression evaluator (@actions/expressions) on the cases of
// benchmarks/expr_bench.cpp: the same expressions (benchmarks/data/expr_cases.json) on the
// same contexts (benchmarks/data/expr_contexts.json with benchmarks/data/push_event.json as
// github.event), in the same two modes:
//
//   compile_evaluate  lex + parse + evaluate, every time
//   evaluate          parsed once, evaluate only
//
// Usage (Node 20, after `npm install` in this folder):
//
//   node bench.mjs [--cases FILE] [--pipewright PATH] [--rounds N] [--round-ms MS] [--warmup-ms MS]
//                  [--filter REGEX] [--check-only]
//
// Start-up check: every case must lex, parse and evaluate without error. With
// --pipewright PATH (the `pipewright` CLI), every result is also compared with what
// `pipewright eval --jsonl` gives for the same case (kind and value, and the string form of
// scalars); any difference is fatal, so the two engines are known to do the same work.
//
// Output, one JSON object per line on stdout:
//   {"type":"meta", "node", "package", "version", "rounds", "round_ms", "warmup_ms", "checked"}
//   {"type":"result", "name", "mode", "median_ns", "min_ns", "max_ns", "median_cpu_ns",
//    "rounds", "iterations"}
// median_ns is the median over the timed rounds of the mean wall-clock time per operation in
// a round (min_ns, max_ns: the fastest and slowest round); median_cpu_ns the same with the
// process's CPU time (user + system, so V8's helper threads count too).

import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const dataDir = resolve(here, "..", "..", "data");

function die(message) {
  process.stderr.write(`bench.mjs: ${message}\n`);
  process.exit(1);
}

// --- options ---------------------------------------------------------------------------------

const options = {
  cases: join(dataDir, "expr_cases.json"),
  pipewright: null,
  rounds: 11,
  roundMs: 40,
  warmupMs: 300,
  filter: null,
  checkOnly: false,
};
{
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length; ++i) {
    const a = argv[i];
    const next = () => {
      if (i + 1 >= argv.length) die(`${a} needs a value`);
      return argv[++i];
    };
    if (a === "--pipewright") options.pipewright = next();
    else if (a === "--cases") options.cases = next();
    else if (a === "--rounds") options.rounds = Number(next());
    else if (a === "--round-ms") options.roundMs = Number(next());
    else if (a === "--warmup-ms") options.warmupMs = Number(next());
    else if (a === "--filter") options.filter = new RegExp(next());
    else if (a === "--check-only") options.checkOnly = true;
    else die(`unknown argument '${a}'`);
  }
  if (!(options.rounds >= 1) || !(options.roundMs > 0) || !(options.warmupMs >= 0)) {
    die("--rounds, --round-ms and --warmup-ms must be positive numbers");
  }
}

let expressions;
let version = "unknown";
try {
  expressions = await import("@actions/expressions");
  const entry = fileURLToPath(import.meta.resolve("@actions/expressions"));
  version = JSON.parse(readFileSync(join(dirname(entry), "..", "package.json"), "utf8")).version;
} catch (e) {
  process.stderr.write(
    `bench.mjs: @actions/expressions is not installed (run 'npm install' in ${here}): ${e.message}\n`,
  );
  process.exit(3);
}
const { Lexer, Parser, Evaluator, data } = expressions;

// --- the cases and the contexts -----------------------------------------------------------------

const readJson = (name) => JSON.parse(readFileSync(join(dataDir, name), "utf8"));

let cases = JSON.parse(readFileSync(options.cases, "utf8"));
if (options.filter) cases = cases.filter((c) => options.filter.test(c.name));
if (cases.length === 0) die("no case to run");
for (const [i, c] of cases.entries()) {
  if (typeof c.name !== "string" || typeof c.expr !== "string") die(`case ${i} needs a string name and expr`);
  if (cases.findIndex((d) => d.name === c.name) !== i) die(`two cases are named ${c.name}`);
}

// Plain JSON first (for the pipewright check), then the evaluator's data via its reviver.
const plainContexts = readJson("expr_contexts.json");
plainContexts.github.event = readJson("push_event.json");
const contextsText = JSON.stringify(plainContexts);
const contexts = JSON.parse(contextsText, data.reviver);
const contextNames = Object.keys(plainContexts);

// The status functions are not built into @actions/expressions (the workflow parser adds
// them): declare them to the parser and implement them as the default step-level policy
// of pipewright (job status success).
const statusFunctions = [
  ["success", true],
  ["failure", false],
  ["cancelled", false],
  ["always", true],
].map(([name, result]) => ({
  name,
  minArgs: 0,
  maxArgs: 0,
  call: () => new data.BooleanData(result),
}));
const functionInfos = statusFunctions.map(({ name, minArgs, maxArgs }) => ({ name, minArgs, maxArgs }));
const functionMap = new Map(statusFunctions.map((f) => [f.name, f]));

const parse = (expr) => new Parser(new Lexer(expr).lex().tokens, contextNames, functionInfos).parse();
const evaluate = (ast) => new Evaluator(ast, contexts, functionMap).evaluate();

// --- start-up check ------------------------------------------------------------------------------

const kindNames = new Map([
  [data.Kind.Null, "null"],
  [data.Kind.Boolean, "boolean"],
  [data.Kind.Number, "number"],
  [data.Kind.String, "string"],
  [data.Kind.Array, "array"],
  [data.Kind.Dictionary, "object"],
  [data.Kind.CaseSensitiveDictionary, "object"],
]);

const parsed = cases.map((c) => {
  let ast;
  let result;
  try {
    ast = parse(c.expr);
  } catch (e) {
    die(`case ${c.name}: cannot parse ${JSON.stringify(c.expr)}: ${e.message}`);
  }
  try {
    result = evaluate(ast);
  } catch (e) {
    die(`case ${c.name}: cannot evaluate ${JSON.stringify(c.expr)}: ${e.message}`);
  }
  const kind = kindNames.get(result.kind) ?? "unknown";
  return {
    ...c,
    ast,
    kind,
    value: JSON.parse(JSON.stringify(result, data.replacer) ?? "null"),
    str: result.primitive ? result.coerceString() : null,
  };
});

let checked = false;
if (options.pipewright) {
  const input = parsed
    .map((c) => `{"id":${JSON.stringify(c.name)},"expr":${JSON.stringify(c.expr)},"contexts":${contextsText}}`)
    .join("\n");
  const run = spawnSync(options.pipewright, ["eval", "--jsonl"], {
    input: input + "\n",
    encoding: "utf8",
    maxBuffer: 64 << 20,
  });
  if (run.error) die(`cannot run ${options.pipewright}: ${run.error.message}`);
  const lines = run.stdout.split("\n").filter((l) => l.trim() !== "");
  if (lines.length !== parsed.length) {
    die(`${options.pipewright} eval --jsonl gave ${lines.length} lines for ${parsed.length} cases: ${run.stderr}`);
  }
  const canonical = (v) => JSON.stringify(v);
  lines.forEach((line, i) => {
    const pw = JSON.parse(line);
    const ts = parsed[i];
    if (pw.id !== ts.name) die(`pipewright answered ${pw.id} where ${ts.name} was expected`);
    if (!pw.ok) die(`case ${ts.name}: pipewright fails: ${pw.error}`);
    const problems = [];
    if (pw.kind !== ts.kind) problems.push(`kind ${pw.kind} vs ${ts.kind}`);
    if (canonical(pw.value) !== canonical(ts.value)) {
      problems.push(`value ${canonical(pw.value)} vs ${canonical(ts.value)}`);
    }
    if (ts.str !== null && pw.str !== ts.str) {
      problems.push(`string form ${JSON.stringify(pw.str)} vs ${JSON.stringify(ts.str)}`);
    }
    if (problems.length > 0) {
      die(`case ${ts.name} (${ts.expr}): pipewright and @actions/expressions differ: ${problems.join("; ")}`);
    }
  });
  checked = true;
  process.stderr.write(`bench.mjs: ${parsed.length} cases give the same results in both engines\n`);
} else {
  process.stderr.write("bench.mjs: no --pipewright CLI given, results not compared with pipewright\n");
}

process.stdout.write(
  JSON.stringify({
    type: "meta",
    node: process.version,
    package: "@actions/expressions",
    version,
    rounds: options.rounds,
    round_ms: options.roundMs,
    warmup_ms: options.warmupMs,
    checked,
  }) + "\n",
);
if (options.checkOnly) process.exit(0);

// --- timing ------------------------------------------------------------------------------------

// Every result feeds this, so no call can be dropped as dead code.
let sink = 0;

/** Mean wall-clock ns per call of `fn` over `iterations` calls (and the process CPU time). */
function timeRound(fn, iterations, cpu) {
  const cpuStart = process.cpuUsage();
  const start = process.hrtime.bigint();
  for (let i = 0; i < iterations; ++i) sink += fn().kind;
  const ns = Number(process.hrtime.bigint() - start) / iterations;
  if (cpu) {
    const used = process.cpuUsage(cpuStart);
    cpu.push(((used.user + used.system) * 1000) / iterations);
  }
  return ns;
}

const median = (sorted) => {
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

/** Warms `fn` up for about warmupMs, then times `rounds` rounds of about roundMs each. */
function measure(fn) {
  let iterations = 1;
  const warmupEnd = performance.now() + options.warmupMs;
  // Grow the batch until one takes a tenth of a round, warming up on the way.
  for (;;) {
    const ns = timeRound(fn, iterations);
    if (ns * iterations >= options.roundMs * 1e5 || iterations >= 1 << 30) break;
    iterations *= 2;
  }
  while (performance.now() < warmupEnd) timeRound(fn, iterations);
  const perRound = Math.max(1, Math.round((iterations * options.roundMs * 1e6) / (timeRound(fn, iterations) * iterations)));
  const samples = [];
  const cpu = [];
  for (let r = 0; r < options.rounds; ++r) samples.push(timeRound(fn, perRound, cpu));
  samples.sort((a, b) => a - b);
  cpu.sort((a, b) => a - b);
  return {
    median: median(samples),
    min: samples[0],
    max: samples[samples.length - 1],
    cpu: median(cpu),
    iterations: perRound,
  };
}

for (const c of parsed) {
  const modes = [
    ["compile_evaluate", () => evaluate(parse(c.expr))],
    ["evaluate", () => evaluate(c.ast)],
  ];
  for (const [mode, fn] of modes) {
    const m = measure(fn);
    process.stdout.write(
      JSON.stringify({
        type: "result",
        name: c.name,
        mode,
        median_ns: Number(m.median.toFixed(1)),
        min_ns: Number(m.min.toFixed(1)),
        max_ns: Number(m.max.toFixed(1)),
        median_cpu_ns: Number(m.cpu.toFixed(1)),
        rounds: options.rounds,
        iterations: m.iterations,
      }) + "\n",
    );
  }
}
if (sink === -1) process.stderr.write("\n");
