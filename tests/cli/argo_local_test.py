#!/usr/bin/env python3
"""Runs an exported Argo Workflow on this machine, the way the controller would (a restatement of
dag.go and the steps/withParam rules, not the controller): each pod's command runs here with its
parameters substituted, `/pw/` mapped to a directory per pod, output parameters read from files
(with their defaults). The jobs' results must be `pipewright run`'s, and the needs' outputs must
reach the dependents.

usage: argo_local_test.py PIPEWRIGHT WORKFLOW.yml EXPECTED_LINE...
Each EXPECTED_LINE must appear in some pod's output (e.g. what a step echoes).
"""
import base64
import json
import pathlib
import re
import subprocess
import sys
import tempfile

PHASE_RESULT = {"Succeeded": "success", "Failed": "failure", "Error": "failure",
                "Skipped": "skipped", "Omitted": "skipped"}


def eval_depends(text, phases):
    """argoexpr over the named tasks' phases (bare name: Succeeded || Skipped || Daemoned)."""
    def repl(m):
        name, result = m.group(1), m.group(2)
        ph = phases[name]
        if result is None:
            return str(ph in ("Succeeded", "Skipped"))
        if result == "Errored":
            return str(ph == "Error")
        return str(ph == result)
    py = re.sub(r"([A-Za-z0-9][-A-Za-z0-9]*)(?:\.([A-Za-z]+))?", repl, text)
    py = py.replace("&&", " and ").replace("||", " or ").replace("!", " not ")
    return eval(py)  # noqa: S307 - only True/False/and/or/not/parentheses remain


class Emulator:
    def __init__(self, program, manifest, root):
        self.program = program
        self.m = manifest
        self.root = pathlib.Path(root)
        self.templates = {t["name"]: t for t in manifest["spec"]["templates"]}
        self.globals = {p["name"]: p["value"] for p in
                        manifest["spec"].get("arguments", {}).get("parameters", [])}
        self.pods = 0
        self.logs = []

    def subst(self, text, scope):
        def repl(m):
            key = m.group(1)
            if key not in scope:
                raise KeyError(f"unresolved {{{{{key}}}}}")
            return scope[key]
        return re.sub(r"\{\{([^}]*)\}\}", repl, text)

    def run_template(self, name, args):
        """Returns (phase, outputs)."""
        t = self.templates[name]
        scope = {f"inputs.parameters.{k}": v for k, v in args.items()}
        scope.update({f"workflow.parameters.{k}": v for k, v in self.globals.items()})
        if "container" in t:
            return self.run_pod(t, scope)
        if "steps" in t:
            return self.run_steps(t, scope)
        raise ValueError(f"template {name} has no type this emulator runs")

    def run_pod(self, t, scope):
        self.pods += 1
        pw = self.root / f"pod{self.pods}"
        pw.mkdir()
        for a in t.get("inputs", {}).get("artifacts", []):
            data = self.subst(a["raw"]["data"], scope)
            target = pw / pathlib.Path(a["path"]).relative_to("/pw")
            # What the pod's `sh -c` does before exec.
            target.with_suffix(".yml" if a["name"] == "workflow" else ".json").write_bytes(
                base64.b64decode(data))
        command = [self.subst(c, scope) for c in t["container"]["command"]]
        if command[:2] == ["sh", "-c"]:
            command = command[3:]
        command = [c.replace("/pw/", f"{pw}/") for c in command]
        command[0] = self.program
        r = subprocess.run(command + ["--workdir", str(pw / "work")], capture_output=True,
                           text=True)
        self.logs.append(r.stdout + r.stderr)
        outputs = {}
        for p in t.get("outputs", {}).get("parameters", []):
            f = pathlib.Path(p["valueFrom"]["path"].replace("/pw/", f"{pw}/"))
            if f.exists():
                outputs[p["name"]] = f.read_text()
            elif "default" in p["valueFrom"]:
                outputs[p["name"]] = p["valueFrom"]["default"]
            else:
                return "Error", {}
        return ("Succeeded" if r.returncode == 0 else "Failed"), outputs

    def run_steps(self, t, scope):
        step_scope = dict(scope)
        failed = False
        for group in t["steps"]:
            for s in group:
                items = [None]
                if "withParam" in s:
                    items = json.loads(self.subst(s["withParam"], step_scope))
                gathered = {}
                for item in items:
                    local = dict(step_scope)
                    if item is not None:
                        local["item"] = item
                    args = {p["name"]: self.subst(p["value"], local)
                            for p in s.get("arguments", {}).get("parameters", [])}
                    phase, outs = self.run_template(s["template"], args)
                    failed = failed or phase != "Succeeded"
                    for k, v in outs.items():
                        step_scope[f"steps.{s['name']}.outputs.parameters.{k}"] = v
                        gathered.setdefault(k, []).append(v)
                if "withParam" in s:  # Argo aggregates the outputs of expanded steps
                    for k, v in gathered.items():
                        step_scope[f"steps.{s['name']}.outputs.parameters.{k}"] = json.dumps(v)
            if failed:
                break
        outputs = {}
        for p in t.get("outputs", {}).get("parameters", []):
            try:
                outputs[p["name"]] = self.subst(p["valueFrom"]["parameter"], step_scope)
            except KeyError:
                outputs[p["name"]] = p["valueFrom"].get("default", "")
        return ("Failed" if failed else "Succeeded"), outputs

    def when(self, task, scope):
        """A task's `when` after the controller's substitution: a gate's pw-if, or "false"."""
        when = self.subst(task["when"], scope) if "when" in task else "true"
        if when not in ("true", "false"):
            raise ValueError(f"task {task['name']}: when {task['when']!r} gave {when!r}")
        return when

    def run(self):
        dag = self.templates[self.m["spec"]["entrypoint"]]["dag"]
        phases, scope = {}, {}
        pending = list(dag["tasks"])
        while pending:
            progressed = False
            for task in list(pending):
                depends = task.get("depends", "")
                named = re.findall(r"([A-Za-z0-9][-A-Za-z0-9]*)(?:\.[A-Za-z]+)?", depends)
                if any(n not in phases for n in named):
                    continue
                pending.remove(task)
                progressed = True
                name = task["name"]
                if depends and not eval_depends(depends, phases):
                    phases[name] = "Omitted"
                elif self.when(task, scope) == "false":
                    phases[name] = "Skipped"
                else:
                    args = {p["name"]: self.subst(p["value"], scope)
                            for p in task.get("arguments", {}).get("parameters", [])}
                    phase, outs = self.run_template(task["template"], args)
                    phases[name] = phase
                    for k, v in outs.items():
                        scope[f"tasks.{name}.outputs.parameters.{k}"] = v
                scope[f"tasks.{name}.status"] = phases[name]
                for t in self.templates[task["template"]].get("outputs", {}).get("parameters", []):
                    key = f"tasks.{name}.outputs.parameters.{t['name']}"
                    if key not in scope and "default" in t.get("valueFrom", {}):
                        scope[key] = t["valueFrom"]["default"]
            if not progressed:
                raise RuntimeError("the DAG is stuck")
        return phases

    def run_exit_handler(self, phases, quoted):
        """The onExit pod with {{workflow.failures}} as the controller builds it (a JSON list of
        the failed nodes, `null` for none; `quoted`: wrapped by strconv.Quote). Returns its exit
        status."""
        failed = [{"displayName": n, "phase": p} for n, p in phases.items()
                  if p in ("Failed", "Error")]
        value = json.dumps(failed if failed else None)
        if quoted:
            value = json.dumps(value)
        t = self.templates[self.m["spec"]["onExit"]]
        env = {e["name"]: e["value"].replace("{{workflow.failures}}", value)
               for e in t["container"].get("env", [])}
        return subprocess.run(t["container"]["command"], env=env, capture_output=True).returncode


def main():
    program, workflow, expected = sys.argv[1], sys.argv[2], sys.argv[3:]
    r = subprocess.run([program, "export", workflow, "--to", "argo", "--format", "json"],
                       capture_output=True, text=True, check=True)
    manifest = json.loads(r.stdout)
    with tempfile.TemporaryDirectory() as tmp:
        emulator = Emulator(program, manifest, tmp)
        phases = emulator.run()
        whole = subprocess.run([program, "run", workflow, "--format", "json",
                                "--workdir", f"{tmp}/whole"], capture_output=True, text=True)
    report = json.loads(whole.stdout)
    want = {j["id"]: j["status"] for j in report["jobs"]}
    tasks = manifest["spec"]["templates"][0]["dag"]["tasks"]
    failures = []
    for job_id, task in zip(want, tasks):
        got = PHASE_RESULT[phases[task["name"]]]
        if got != want[job_id]:
            failures.append(f"job {job_id}: pipewright run {want[job_id]}, on the emulated Argo {got}")
    conclusion = report["run"]["conclusion"]
    for quoted in (False, True):
        rc = emulator.run_exit_handler(phases, quoted)
        if (rc != 0) != (conclusion == "failure"):
            failures.append(f"exit handler (quoted={quoted}) exits {rc}; the run's conclusion is "
                            f"{conclusion}")
    logs = "\n".join(emulator.logs)
    for line in expected:
        if line not in logs:
            failures.append(f"no pod printed {line!r}")
    print(f"{emulator.pods} pods; phases: {phases}")
    for f in failures:
        print("FAIL", f)
    if failures:
        print(logs)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
