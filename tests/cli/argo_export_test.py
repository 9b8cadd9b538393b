#!/usr/bin/env python3
"""`pipewright export --to argo` on every seed workflow (examples/workflows) and the corpus
sample (tests/data/export/argo/corpus): each manifest must validate against Argo's JSON schema
(tests/data/export/argo/schema.json, Python jsonschema) and pass the controller's rules
restated in ../shared/engines/argo/MAPPING.md section 4 (check_controller_rules below), and
the YAML output must read back as the JSON output.

usage: argo_export_test.py PIPEWRIGHT SOURCE_DIR    (exit 77: jsonschema or PyYAML missing)
"""
import json
import pathlib
import re
import subprocess
import sys

try:
    import jsonschema
    import yaml
except ImportError as e:  # pragma: no cover
    print(f"skipped: {e}")
    sys.exit(77)

TEMPLATE_TYPES = ("container", "script", "dag", "steps", "resource", "suspend", "containerSet",
                  "data", "http", "plugin")
NAME = re.compile(r"^[a-zA-Z0-9][-a-zA-Z0-9]*$")
PARAM_NAME = re.compile(r"^[-a-zA-Z0-9_]+$")
RESULTS = {"Succeeded", "Failed", "Errored", "Skipped", "Omitted", "Daemoned", "AnySucceeded",
           "AllFailed"}
TOKEN = re.compile(r"\s*(\|\||&&|!|\(|\)|[A-Za-z0-9_-]+(?:\.[A-Za-z]+)?)")


def parse_depends(text):
    """The task names of a `depends` expression; raises ValueError when the grammar of
    MAPPING.md section 4 does not accept it."""
    tokens, at = [], 0
    while at < len(text):
        m = TOKEN.match(text, at)
        if not m:
            if text[at:].strip() == "":
                break
            raise ValueError(f"bad character at {at}: {text!r}")
        tokens.append(m.group(1))
        at = m.end()
    pos, names = 0, []

    def term():
        nonlocal pos
        if pos >= len(tokens):
            raise ValueError(f"expression ends early: {text!r}")
        t = tokens[pos]
        pos += 1
        if t == "!":
            return term()
        if t == "(":
            expr()
            if pos >= len(tokens) or tokens[pos] != ")":
                raise ValueError(f"missing ')': {text!r}")
            pos += 1
            return
        if t in ("||", "&&", ")"):
            raise ValueError(f"unexpected {t!r}: {text!r}")
        name, _, result = t.partition(".")
        if result and result not in RESULTS:
            raise ValueError(f"unknown result {result!r}: {text!r}")
        names.append((name, result))

    def expr():
        nonlocal pos
        term()
        while pos < len(tokens) and tokens[pos] in ("||", "&&"):
            pos += 1
            term()

    expr()
    if pos != len(tokens):
        raise ValueError(f"trailing tokens: {text!r}")
    return names


def check_controller_rules(wf):
    """The rules of workflow/validate/validate.go that MAPPING.md section 4 lists; returns the
    broken ones as messages."""
    errors = []
    spec = wf["spec"]
    templates = {t["name"]: t for t in spec["templates"]}
    if len(templates) != len(spec["templates"]):
        errors.append("template names are not unique")
    for key in ("entrypoint", "onExit"):  # rule 1
        if key in spec and spec[key] not in templates:
            errors.append(f"spec.{key} names no template")
    # Every {{…}} is a variable the controller resolves (validate.go fails on the others, so a
    # GitHub `${{ }}` must never reach the manifest).
    globals_ = {p["name"] for p in spec.get("arguments", {}).get("parameters", [])}
    for tag in re.findall(r"\{\{([^}]*)\}\}", json.dumps(wf)):
        ok = (re.fullmatch(r"(inputs\.parameters|tasks\.[-A-Za-z0-9]+\.outputs\.parameters|"
                           r"steps\.[-A-Za-z0-9]+\.outputs\.parameters)\.[-A-Za-z0-9_]+", tag)
              or re.fullmatch(r"tasks\.[-A-Za-z0-9]+\.status", tag)
              or tag in ("workflow.failures", "workflow.status", "item")
              or (tag.startswith("workflow.parameters.") and
                  tag[len("workflow.parameters."):] in globals_))
        if not ok:
            errors.append(f"unresolvable variable {{{{{tag}}}}}")
    for name, t in templates.items():
        if not NAME.match(name) or len(name) > 128:
            errors.append(f"template name {name!r}")
        types = [k for k in TEMPLATE_TYPES if k in t]
        if len(types) != 1:  # rule 2
            errors.append(f"templates.{name} has {len(types)} types")
        leaf = not ("dag" in t or "steps" in t)
        if "parallelism" in t and leaf:  # rule 3
            errors.append(f"templates.{name}.parallelism is only valid for steps and dag")
        if "activeDeadlineSeconds" in t and not leaf:  # rule 4
            errors.append(f"templates.{name}.activeDeadlineSeconds is only valid for leaves")
        for k in ("timeout", "pendingTimeout"):  # rule 5
            if k in t and (not leaf or re.fullmatch(r"\d+", str(t[k]))):
                errors.append(f"templates.{name}.{k}")
        inputs = {p["name"] for p in t.get("inputs", {}).get("parameters", [])}
        for section in ("inputs", "outputs"):  # rule 15
            for kind in ("parameters", "artifacts"):
                for p in t.get(section, {}).get(kind, []):
                    if not PARAM_NAME.match(p["name"]):
                        errors.append(f"templates.{name}.{section}.{kind} name {p['name']!r}")
        # Every {{inputs.parameters.X}} names a declared input.
        for ref in re.findall(r"\{\{inputs\.parameters\.([^}]*)\}\}", json.dumps(t)):
            if ref not in inputs:
                errors.append(f"templates.{name} reads undeclared input {ref!r}")
        if "steps" in t:
            seen = set()
            for group in t["steps"]:
                for s in group:
                    if not NAME.match(s["name"]):
                        errors.append(f"templates.{name}.steps name {s['name']!r}")
                    if s.get("template") not in templates:
                        errors.append(f"templates.{name}.steps.{s['name']} template undefined")
                    seen.add(s["name"])
            for ref in re.findall(r"\{\{steps\.([^.}]*)\.", json.dumps(t.get("outputs", {}))):
                if ref not in seen:
                    errors.append(f"templates.{name} output reads unknown step {ref!r}")
        if "dag" in t:
            errors += check_dag(name, t["dag"], templates)
    return errors


def check_dag(name, dag, templates):
    errors = []
    tasks = dag["tasks"]
    names = [x["name"] for x in tasks]
    if len(set(names)) != len(names):  # rule 6
        errors.append(f"templates.{name}: task names are not unique")
    uses_depends = any("depends" in x for x in tasks)
    uses_dependencies = any("dependencies" in x for x in tasks)
    if uses_depends and uses_dependencies:  # rule 8
        errors.append(f"templates.{name} mixes depends and dependencies")
    edges = {}
    for x in tasks:
        n = x["name"]
        if not NAME.match(n) or len(n) > 128:  # rule 6
            errors.append(f"task name {n!r}")
        if (uses_depends or uses_dependencies) and n[0].isdigit():  # rule 7
            errors.append(f"task name {n!r} starts with a digit")
        if uses_depends and "continueOn" in x:  # rule 9
            errors.append(f"task {n}: continueOn with depends")
        if x.get("template") not in templates:  # rule 10
            errors.append(f"task {n}: template {x.get('template')!r} undefined")
        deps = set(x.get("dependencies", []))
        if "depends" in x:
            try:
                for dep, result in parse_depends(x["depends"]):
                    deps.add(dep)
                    items = any(k in by_name(tasks, dep) for k in
                                ("withItems", "withParam", "withSequence")) if dep in names else True
                    if result in ("AnySucceeded", "AllFailed") and not items:  # rule 12
                        errors.append(f"task {n}: .{result} on {dep}, which has no items")
            except ValueError as e:
                errors.append(f"task {n}: depends: {e}")
        for d in deps:
            if d not in names:  # rule 11
                errors.append(f"task {n}: depends on unknown task {d!r}")
        edges[n] = deps
    # rule 13: no cycles
    state = {}

    def visit(v):
        if state.get(v) == 1:
            raise ValueError(v)
        if state.get(v) == 2:
            return
        state[v] = 1
        for w in edges.get(v, ()):
            visit(w)
        state[v] = 2

    try:
        for v in names:
            visit(v)
    except ValueError as e:
        errors.append(f"templates.{name}: cycle through {e}")
        return errors

    def ancestors(v, acc):
        for w in edges.get(v, ()):
            if w not in acc:
                acc.add(w)
                ancestors(w, acc)
        return acc

    for x in tasks:  # rule 14
        refs = re.findall(r"\{\{tasks\.([^.}]*)\.", json.dumps(x.get("arguments", {})) +
                          json.dumps(x.get("when", "")) + json.dumps(x.get("withParam", "")))
        anc = ancestors(x["name"], set())
        for r in refs:
            if r not in anc:
                errors.append(f"task {x['name']}: missing dependency {r!r} for parameter")
    return errors


def by_name(tasks, n):
    for x in tasks:
        if x["name"] == n:
            return x
    return {}


def self_test():
    """The checker rejects manifests that break the rules (negative controls)."""
    good = {"spec": {"entrypoint": "main", "templates": [
        {"name": "main", "dag": {"failFast": False, "tasks": [
            {"name": "a", "template": "leaf"},
            {"name": "b", "template": "leaf", "depends": "a.Succeeded",
             "arguments": {"parameters": [{"name": "x", "value": "{{tasks.a.outputs.parameters.y}}"}]}}]}},
        {"name": "leaf", "container": {"image": "x"}, "activeDeadlineSeconds": "60"}]}}
    assert check_controller_rules(good) == [], check_controller_rules(good)
    broken = [
        ("spec", "entrypoint", "nope"),
        ("task", "depends", "a.Succeded"),
        ("task", "depends", "c.Succeeded"),
        ("task", "depends", "a.Succeeded &&"),
        ("task", "name", "b_1"),
        ("task", "continueOn", {"failed": True}),
        ("dag", "parallelism", None),
        ("arg", None, None),
        ("cycle", None, None),
        ("task", "when", "${{ github.ref }} == x"),
    ]
    for kind, key, v in broken:
        wf = json.loads(json.dumps(good))
        dag_t = wf["spec"]["templates"][0]
        b = dag_t["dag"]["tasks"][1]
        if kind == "spec":
            wf["spec"][key] = v
        elif kind == "task":
            b[key] = v
        elif kind == "dag":
            wf["spec"]["templates"][1]["parallelism"] = 2
        elif kind == "arg":
            del b["depends"]
        elif kind == "cycle":
            dag_t["dag"]["tasks"][0]["depends"] = "b.Succeeded"
        assert check_controller_rules(wf), f"the checker accepts a broken manifest ({kind} {key})"


def main():
    program, source = sys.argv[1], pathlib.Path(sys.argv[2])
    data = source / "tests" / "data" / "export" / "argo"
    schema = json.loads((data / "schema.json").read_text())
    validator = jsonschema.Draft7Validator(
        {"$ref": "#/definitions/io.argoproj.workflow.v1alpha1.Workflow",
         "definitions": schema["definitions"]})
    self_test()
    bad_manifest = {"apiVersion": "argoproj.io/v1alpha1", "kind": "Workflow",
                    "spec": {"templates": [{"name": "x", "parallelism": "two"}]}}
    assert list(validator.iter_errors(bad_manifest)), "the schema accepts a wrong type"

    cases = []
    seed_events = (["--event", "push"], ["--event", "pull_request"],
                   ["--event", "workflow_run", "--payload", str(data / "workflow_run.json")],
                   ["--event", "workflow_dispatch"])
    for f in sorted((source / "examples" / "workflows").glob("*.yml")):
        cases.append((f, None))
    for line in (data / "corpus" / "events.tsv").read_text().splitlines():
        name, event = line.split("\t")
        # The repository is known to whoever exports (a job guarded by github.repository is
        # not decided on a guess: PW1118 without it): OWNER__REPO__FILE.yml.
        owner, repo = name.split("__")[:2]
        cases.append((data / "corpus" / name, event.split() + ["--repo", f"{owner}/{repo}"]))

    failures, exported, warnings = [], 0, 0
    for path, event in cases:
        out = None
        for ev in ([event] if event else seed_events):
            r = subprocess.run([program, "export", str(path), "--to", "argo", "--format", "json",
                                *ev], capture_output=True, text=True)
            if r.returncode == 0:
                out = (r, ev)
                break
        if out is None:
            # Seed files that are not workflows (fragments, branch protection) cannot export.
            if event is None and ("fragment" in path.name or "protection" in path.name):
                continue
            failures.append(f"{path.name}: not exported: {r.stderr[:300]}")
            continue
        r, ev = out
        exported += 1
        warnings += r.stderr.count("warning[PW11")
        manifest = json.loads(r.stdout)
        for e in validator.iter_errors(manifest):
            failures.append(f"{path.name}: schema: {'/'.join(map(str, e.path))}: {e.message[:200]}")
        for e in check_controller_rules(manifest):
            failures.append(f"{path.name}: controller rule: {e}")
        y = subprocess.run([program, "export", str(path), "--to", "argo", *ev],
                           capture_output=True, text=True)
        if yaml.safe_load(y.stdout) != manifest:
            failures.append(f"{path.name}: the YAML output does not read back as the JSON output")
    print(f"{exported} manifests exported ({warnings} PW11xx warnings)")
    for f in failures:
        print("FAIL", f)
    if exported < 8 + 25:
        print(f"FAIL expected 8 seeds and 25 corpus workflows, exported {exported}")
        return 1
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
