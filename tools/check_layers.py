#!/usr/bin/env python3
"""Checks that every public header includes only headers of its own stage or a lower one.

Usage: check_layers.py [INCLUDE_DIR]   (default: include/ next to this script's folder)

Prints one line per violation, naming the file, the line and the include, and exits 1 when
there is any. Run by ctest as `headers.layering` (label core). The order is also written in
DEVELOPERS.md; keep the two the same.
"""
import os
import re
import sys

# The stages, lowest first. A header may include headers of its own stage and of any stage
# listed before it. Each entry: a name and the paths (relative to include/pipewright/) it
# covers; a path ending in "/" is a folder (with its detail/), otherwise one file.
STAGES = [
    # The base: configuration, private helpers, the diagnostic type and codes, and render.hpp
    # (line/column and the caret renderer need only diagnostic.hpp).
    ("base", ["config.hpp", "fwd.hpp", "version.hpp", "detail/", "diagnostic.hpp",
              "diagnostic_codes.hpp", "render.hpp"]),
    ("semantics", ["semantics/"]),  # constexpr GitHub facts and kernels, no value/
    ("value", ["value/"]),
    ("expr", ["expr/"]),
    ("graph", ["graph/"]),
    ("matrix", ["matrix/"]),
    ("trigger", ["trigger/"]),
    ("model", ["model/"]),  # data, builder and schema reader
    ("check", ["check/"]),  # the checks across model, trigger, matrix and graph, and lint's
    # The YAML adapter sits above check/: yaml/workflow.hpp is loader + reader + checks in one
    # call (yaml/yaml.hpp alone needs only value/).
    ("yaml", ["yaml/"]),
    # The optional file-system layer (hashFiles(), a directory workspace): like yaml/, only
    # tools include it, never a core header or the umbrella (see OPTIONAL below).
    ("host", ["host/"]),
    ("schedule", ["schedule/"]),
    # Branch protections, rulesets and required checks against the planned check runs.
    ("repository", ["repository/"]),
    ("export", ["export/"]),
    ("static_", ["static_/"]),
    ("engine", ["engine/"]),
    ("umbrella", ["pipewright.hpp"]),
]

# Includes the order allows but the design does not (ENGINE.md 8.1): model/ is data, the
# builder and the schema reader, so it stands beside graph/, matrix/ and trigger/ rather than
# on them, and leaves rendering to the tools. Their checks are check/'s.
FORBIDDEN = {
    "model/": ["graph/", "matrix/", "trigger/", "render.hpp"],
}

# The optional layers: headers there (file I/O, libyaml) are included only by their own folder,
# so the core headers and the umbrella stay free of them.
OPTIONAL = ["yaml/", "host/"]

# ENGINE.md 8.1: static_ includes no runtime-only rule code. Its compile-time headers (all but
# the bridges to the runtime model) include only these, besides their own stage's headers and
# the base.
STATIC_BRIDGES = {"static_/convert.hpp", "static_/expression.hpp", "static_/static.hpp"}
STATIC_ALLOWED = ["semantics/", "expr/lexer.hpp", "expr/parser.hpp",
                  "graph/", "matrix/count.hpp"]

INCLUDE_RE = re.compile(r'^\s*#\s*include\s*"pipewright/([^"]+)"')


def covers(path, rel):
    return rel.startswith(path) if path.endswith("/") else rel == path


def stage_of(rel):
    for rank, (name, paths) in enumerate(STAGES):
        if any(covers(p, rel) for p in paths):
            return rank, name
    return None, None


def check_compiled(include_dir, root):
    """The compiled library (README, "Compiled once"): each X_impl.hpp is included at the end
    of X.hpp for the header-only mode, and by src/compiled.cpp (next to include/) for the
    separate mode, so that no converted function is left undefined in either."""
    problems = []
    impls = []
    for folder, _, files in os.walk(root):
        for f in sorted(files):
            if f.endswith("_impl.hpp"):
                impls.append(os.path.relpath(os.path.join(folder, f), include_dir)
                             .replace(os.sep, "/"))
    compiled = os.path.join(include_dir, "..", "src", "compiled.cpp")
    listed = set()
    if os.path.exists(compiled):
        with open(compiled, encoding="utf-8") as fh:
            listed = set(re.findall(r'^#include "([^"]+_impl\.hpp)"', fh.read(), re.M))
    elif impls:
        problems.append("src/compiled.cpp: missing (it compiles every _impl.hpp)")
    for impl in sorted(impls):
        header = impl[: -len("_impl.hpp")] + ".hpp"
        text = ""
        if os.path.exists(os.path.join(include_dir, header)):
            with open(os.path.join(include_dir, header), encoding="utf-8") as fh:
                text = fh.read()
        if f'#include "{impl}"' not in text:
            problems.append(f"include/{header}: does not include {impl} (header-only mode)")
        if os.path.exists(compiled) and impl not in listed:
            problems.append(f"src/compiled.cpp: does not include {impl}")
    for impl in sorted(listed - set(impls)):
        problems.append(f"src/compiled.cpp: includes {impl}, which does not exist")
    return problems


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    include_dir = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "..", "include")
    root = os.path.join(include_dir, "pipewright")
    problems = []
    headers = 0
    for folder, _, files in os.walk(root):
        for f in sorted(files):
            if not f.endswith(".hpp"):
                continue
            headers += 1
            full = os.path.join(folder, f)
            rel = os.path.relpath(full, root).replace(os.sep, "/")
            shown = "include/pipewright/" + rel
            rank, name = stage_of(rel)
            if rank is None:
                problems.append(f"{shown}: in no stage; add its folder to STAGES in "
                                f"tools/check_layers.py and to DEVELOPERS.md")
                continue
            with open(full, encoding="utf-8") as fh:
                for number, line in enumerate(fh, 1):
                    m = INCLUDE_RE.match(line)
                    if not m:
                        continue
                    target = m.group(1)
                    trank, tname = stage_of(target)
                    if trank is None:
                        problems.append(f"{shown}:{number}: includes pipewright/{target}, "
                                        f"which is in no stage")
                    elif trank > rank:
                        problems.append(f"{shown}:{number}: includes pipewright/{target}: "
                                        f"stage {name} may not include stage {tname}, which "
                                        f"is above it")
                    elif any(covers(o, target) and not covers(o, rel) for o in OPTIONAL):
                        problems.append(f"{shown}:{number}: includes pipewright/{target}: "
                                        f"the optional layers ({', '.join(OPTIONAL)}) are "
                                        f"included only by their own headers and by tools")
                    elif any(covers(src, rel) and any(covers(t, target) for t in targets)
                             for src, targets in FORBIDDEN.items()):
                        problems.append(f"{shown}:{number}: includes pipewright/{target}: "
                                        f"model/ includes nothing from graph/, matrix/, "
                                        f"trigger/ or render.hpp (their checks are check/'s)")
                    elif (name == "static_" and rel not in STATIC_BRIDGES and tname not in
                          ("base", "static_") and
                          not any(covers(p, target) for p in STATIC_ALLOWED)):
                        problems.append(f"{shown}:{number}: includes pipewright/{target}: "
                                        f"static_'s compile-time headers include no runtime "
                                        f"rule code (allowed: {', '.join(STATIC_ALLOWED)})")
    problems += check_compiled(include_dir, root)
    for p in problems:
        print(p)
    if problems:
        print(f"{len(problems)} layering problem(s) in {headers} headers")
        return 1
    print(f"layering: {headers} headers, {len(STAGES)} stages, no header includes a stage "
          f"above its own")
    return 0


if __name__ == "__main__":
    sys.exit(main())
