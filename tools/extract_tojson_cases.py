#!/usr/bin/env python3
"""Extracts the toJSON cases of GitHub's expression suites into tests/data/value/tojson_cases.json.

Each output case is {"source", "input", "expected"}: `input` is the JSON value toJSON is
applied to (a JSON text for fromJSON('...') arguments, the resolved context value for context
paths, the literal otherwise) and `expected` is GitHub's output. Standard library only.

usage: tools/extract_tojson_cases.py SHARED_CONFORMANCE_DIR --output tests/data/value/tojson_cases.json
"""
import argparse
import json
import os
import re
import sys

CALL = re.compile(r"^\s*tojson\s*\((.*)\)\s*$", re.IGNORECASE | re.DOTALL)
FROMJSON = re.compile(r"^\s*fromjson\s*\(\s*'((?:[^']|'')*)'\s*\)\s*$", re.IGNORECASE | re.DOTALL)
PATH = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]*(\.[A-Za-z_][A-Za-z0-9_-]*)*$")


def literal(arg):
    """The value of a literal argument, or raises ValueError."""
    a = arg.strip()
    if a == "null":
        return None
    if a in ("true", "false"):
        return a == "true"
    if len(a) >= 2 and a[0] == "'" and a[-1] == "'" and "'" not in a[1:-1].replace("''", ""):
        return a[1:-1].replace("''", "'")
    if re.fullmatch(r"[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?", a):
        return float(a)
    raise ValueError(a)


def resolve(path, contexts):
    cur = contexts
    for part in path.split("."):
        if not isinstance(cur, dict):
            return None
        match = [k for k in cur if k.lower() == part.lower()]
        if not match:
            return None
        cur = cur[match[0]]
    return cur


def convert(expr, contexts):
    m = CALL.match(expr)
    if not m:
        return None
    arg = m.group(1)
    f = FROMJSON.match(arg)
    if f:
        return {"json": f.group(1).replace("''", "'")}
    if PATH.match(arg.strip()) and arg.strip() not in ("null", "true", "false"):
        value = resolve(arg.strip(), contexts or {})
        return {"json": json.dumps(value, ensure_ascii=False)}
    try:
        value = literal(arg)
    except ValueError:
        return None
    if isinstance(value, float):
        # keep the literal's own text so -0 and exponents survive
        return {"json": arg.strip().lstrip("+")}
    return {"json": json.dumps(value, ensure_ascii=False)}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("conformance")
    ap.add_argument("--output", required=True)
    args = ap.parse_args()
    cases, skipped = [], []
    with open(os.path.join(args.conformance, "expressions/languageservices/tojson.json"), encoding="utf-8") as f:
        suite = json.load(f)
    for group, items in suite.items():
        for i, c in enumerate(items):
            if "result" not in c:
                continue
            src = f"languageservices/tojson.json:{group}:{i}"
            conv = convert(c["expr"], c.get("contexts"))
            if conv is None:
                skipped.append(src)
                continue
            cases.append({"source": src, "expr": c["expr"], "input": conv["json"], "expected": c["result"]["value"]})
    with open(os.path.join(args.conformance, "expressions/differential.jsonl"), encoding="utf-8") as f:
        for line in f:
            c = json.loads(line)
            if not re.match(r"^\s*tojson\s*\(", c["expr"], re.IGNORECASE):
                continue
            exp = c["expected"]
            if not exp.get("ok") or not isinstance(exp.get("value"), str):
                continue
            conv = convert(c["expr"], c.get("contexts"))
            if conv is None:
                skipped.append(c["id"])
                continue
            cases.append({"source": "differential.jsonl:" + c["id"], "expr": c["expr"], "input": conv["json"], "expected": exp["value"]})
    with open(args.output, "w", encoding="utf-8", newline="\n") as f:
        json.dump({"provenance": "toJSON cases of GitHub's expression suites (actions/languageservices "
                   "expressions/testdata tojson.json, commit 4043eda) and of the differential vectors, "
                   "extracted by tools/extract_tojson_cases.py",
                   "skipped_need_evaluator": skipped, "cases": cases}, f, ensure_ascii=False, indent=1)
        f.write("\n")
    print(f"{len(cases)} cases, {len(skipped)} need the evaluator: {skipped}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
