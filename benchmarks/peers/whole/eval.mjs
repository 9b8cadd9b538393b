// GitHub's TypeScript expression evaluator (@actions/expressions) doing the work of
// `pipewright eval --jsonl`: read each line of standard input ({"id", "expr", "contexts"}),
// evaluate the expression on the contexts, write one line
// {"id", "ok": true, "kind", "value", "str"} or {"id", "ok": false, "error"}.
// run.py runs it beside the pipewright CLI; the package comes from ../expressions
// (`npm ci` there).
import { readSync, writeSync } from "node:fs";
import { StringDecoder } from "node:string_decoder";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const entry = join(here, "..", "expressions", "node_modules", "@actions", "expressions", "dist", "index.js");
let expressions;
try {
  expressions = await import(pathToFileURL(entry).href);
} catch (e) {
  process.stderr.write(`eval.mjs: run 'npm ci' in benchmarks/peers/expressions: ${e.message}\n`);
  process.exit(3);
}
const { Lexer, Parser, Evaluator, data } = expressions;

const kindNames = new Map([
  [data.Kind.Null, "null"],
  [data.Kind.Boolean, "boolean"],
  [data.Kind.Number, "number"],
  [data.Kind.String, "string"],
  [data.Kind.Array, "array"],
  [data.Kind.Dictionary, "object"],
  [data.Kind.CaseSensitiveDictionary, "object"],
]);

/** Plain JSON to the evaluator's data (what data.reviver does inside JSON.parse). */
function toData(v) {
  if (v === null) return new data.Null();
  switch (typeof v) {
    case "string": return new data.StringData(v);
    case "number": return new data.NumberData(v);
    case "boolean": return new data.BooleanData(v);
    default: break;
  }
  if (Array.isArray(v)) return new data.Array(...v.map(toData));
  const d = new data.Dictionary();
  for (const k of Object.keys(v)) d.add(k, toData(v[k]));
  return d;
}

function evaluate(c) {
  const contexts = toData(c.contexts ?? {});
  const names = Object.keys(c.contexts ?? {});
  const ast = new Parser(new Lexer(c.expr).lex().tokens, names, []).parse();
  const r = new Evaluator(ast, contexts, new Map()).evaluate();
  return {
    id: c.id,
    ok: true,
    kind: kindNames.get(r.kind) ?? "unknown",
    value: JSON.parse(JSON.stringify(r, data.replacer) ?? "null"),
    str: r.primitive ? r.coerceString() : JSON.stringify(r, data.replacer),
  };
}

function answer(line) {
  let c;
  try {
    c = JSON.parse(line);
  } catch (e) {
    return { id: null, ok: false, error: e.message };
  }
  try {
    return evaluate(c);
  } catch (e) {
    return { id: c.id, ok: false, error: e.message };
  }
}

// Read standard input in blocks, split lines, write the answers in blocks.
const buf = Buffer.alloc(1 << 20);
const decoder = new StringDecoder("utf8");
let rest = "";
let out = [];
let outBytes = 0;
const flush = () => {
  if (out.length) writeSync(1, out.join(""));
  out = [];
  outBytes = 0;
};
const handle = (line) => {
  if (line.trim() === "") return;
  const s = JSON.stringify(answer(line)) + "\n";
  out.push(s);
  outBytes += s.length;
  if (outBytes >= 1 << 16) flush();
};
for (;;) {
  let n;
  try {
    n = readSync(0, buf, 0, buf.length, null);
  } catch (e) {
    if (e.code === "EAGAIN") continue;
    if (e.code === "EOF") break;
    throw e;
  }
  if (n === 0) break;
  const text = rest + decoder.write(buf.subarray(0, n));
  const lines = text.split("\n");
  rest = lines.pop();
  for (const line of lines) handle(line);
}
handle(rest);
flush();
