#!/usr/bin/env python3
"""Deletes, from a copy of the headers whose bodies strip_bodies.py removed, the declarations
in `namespace detail` that nothing left needs: a stand-in for a compiled-library mode that
also moves the implementation-only declarations (detail classes, functions, constants) into
headers only its source file includes. The copy is for measuring only; it does not link.

Usage: drop_unused_detail.py INCLUDE_DIR [SECONDS]
INCLUDE_DIR is the stripped copy, edited in place. A unit is one top-level declaration in a
`detail` namespace of a pipewright header (class, struct, union, enum, function, variable,
alias, using-declaration, template, static_assert; inside a namespace nested in `detail`, its
declarations one by one), its range from clang's JSON AST dump of the umbrella TU, with a
following ';' and preceding `[[...]]` attributes. "Nothing left needs it" is decided by
compiling: the units of one header are deleted together and the umbrella TU compiled with
`g++ -std=c++20 -fsyntax-only` (-fpermissive with STRIP_TEMPLATES=1, as bodies_bound.sh
measures); if that fails, the later half, then the earlier half, and so on down to single
units; a deletion that does not compile is undone. Headers go from the last included to
the first, so a detail declaration only another header's detail code used can go too. The
result is checked once with clang++ 14 (-fsyntax-only); deletions clang rejects are undone
(the ones it names first, then whole headers). SECONDS (default: none) stops the search
when exceeded; the headers not reached keep their detail code, which the summary says.
bodies_bound.sh runs it with DROP_DETAIL=1.
A deletion that still compiles may change which overload or specialization a kept body
would pick; the copy is only compiled, never run."""
import atexit, json, os, re, shutil, subprocess, sys, tempfile, time

inc = os.path.realpath(sys.argv[1])
budget = float(sys.argv[2]) if len(sys.argv) > 2 else None
start = time.time()
permissive = ["-fpermissive"] if os.environ.get("STRIP_TEMPLATES") == "1" else []
work = tempfile.mkdtemp()
atexit.register(shutil.rmtree, work, True)
tu = os.path.join(work, "umbrella.cpp")
with open(tu, "w") as f:
    f.write("#include <pipewright/pipewright.hpp>\n")

GXX = ["g++", "-std=c++20", "-O0", "-fsyntax-only", "-fmax-errors=1", *permissive, "-I" + inc, tu]
CLANG = ["clang++", "-std=c++20", "-O0", "-fsyntax-only", "-fconstexpr-steps=16000000",
         "-I" + inc, tu]

def compiles(cmd):
    r = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    return r.returncode == 0, r.stderr

ok, err = compiles(GXX)
assert ok, "the stripped copy does not compile with g++:\n" + err[-2000:]

# ---- units from clang's AST dump
dump = os.path.join(work, "ast.json")
with open(dump, "w") as out:
    subprocess.run(CLANG[:-1] + ["-Xclang", "-ast-dump=json", "-Xclang",
                                 "-ast-dump-filter=pipewright", tu], stdout=out,
                   stderr=subprocess.DEVNULL, check=True)
cur = [None]
order = []  # files in first-printed order (an included header before its includer)

def track(loc):
    if not isinstance(loc, dict):
        return None
    if "spellingLoc" in loc:
        track(loc["spellingLoc"]); track(loc["expansionLoc"])
        return "macro"
    if "file" in loc:
        cur[0] = loc["file"]
        if cur[0] not in order:
            order.append(cur[0])
    if "offset" in loc:
        return (cur[0], loc["offset"], loc.get("tokLen", 0))
    return None

raw = {}  # file -> list of (begin, end, name)

def walk(node, mode):
    """mode: 'ns' (namespace scope outside detail), 'detail' (direct child of a detail
    namespace), 'other'."""
    if isinstance(node, list):
        for x in node:
            walk(x, mode)
        return
    if not isinstance(node, dict):
        return
    kind = node.get("kind")
    b = e = None
    for k, v in node.items():
        if k == "loc":
            track(v)
        elif k == "range":
            b = track(v.get("begin")); e = track(v.get("end"))
        elif k == "inner":
            if kind == "NamespaceDecl" and mode in ("ns", "detail"):
                child = "detail" if (mode == "detail" or node.get("name") == "detail") else "ns"
            elif kind == "LinkageSpecDecl" and mode == "ns":
                child = "ns"
            else:
                child = "other"
            walk(v, child)
        elif isinstance(v, (dict, list)):
            walk(v, "other")
    if mode == "detail" and kind != "NamespaceDecl" and not node.get("isImplicit") and \
            b and e and b != "macro" and e != "macro" and b[0] == e[0]:
        raw.setdefault(b[0], []).append((b[1], e[1] + e[2], node.get("name", "")))

def tops(path):
    dec = json.JSONDecoder()
    text = open(path).read()
    i, n = 0, len(text)
    while i < n:
        while i < n and text[i].isspace():
            i += 1
        if i >= n:
            break
        if text[i] != "{":
            i = text.index("\n", i) + 1
            continue
        obj, i = dec.raw_decode(text, i)
        yield obj

for top in tops(dump):
    walk(top, "ns" if top.get("kind") in ("NamespaceDecl", "LinkageSpecDecl") else "other")
os.remove(dump)

files = {}  # path in the copy -> {"text": original bytes, "units": [(b, e, names)]}
for f, spans in raw.items():
    rf = os.path.realpath(f)
    if not rf.startswith(inc + "/"):
        continue
    text = open(rf, "rb").read()
    ext = []
    for b, e, name in spans:
        j = e
        while j < len(text) and text[j:j + 1].isspace():
            j += 1
        if text[j:j + 1] == b";":
            e = j + 1
        while True:  # [[nodiscard]] and the like, which the range leaves out
            j = b
            while j > 0 and text[j - 1:j].isspace():
                j -= 1
            if text[j - 2:j] != b"]]":
                break
            k = text.rfind(b"[[", 0, j)
            if k < 0:
                break
            b = k
        ext.append((b, e, name))
    ext.sort()
    units = []  # merged where ranges overlap (int a, b; and nested records)
    for b, e, name in ext:
        if units and b < units[-1][1]:
            pb, pe, names = units[-1]
            units[-1] = (pb, max(pe, e), names | {name})
        else:
            units.append((b, e, {name}))
    files[rf] = {"text": text, "units": units, "deleted": set()}

def write(rf, deleted):
    d = files[rf]
    text, out, pos = d["text"], [], 0
    for i, (b, e, _) in enumerate(d["units"]):
        if i in deleted:
            out.append(text[pos:b])
            pos = e
    out.append(text[pos:])
    open(rf, "wb").write(b"".join(out))

compiles_run = [0]

def try_delete(rf, idx):
    """Deletes units idx of rf (on top of those already deleted) if the TU still compiles."""
    d = files[rf]
    write(rf, d["deleted"] | set(idx))
    compiles_run[0] += 1
    ok, _ = compiles(GXX)
    if ok:
        d["deleted"] |= set(idx)
    else:
        write(rf, d["deleted"])
    return ok

def bisect(rf, idx):
    if not idx or (budget and time.time() - start > budget):
        return
    if try_delete(rf, idx) or len(idx) == 1:
        return
    half = len(idx) // 2
    bisect(rf, idx[half:])  # later declarations first: they may use the earlier ones
    bisect(rf, idx[:half])

ordered = [os.path.realpath(f) for f in order if os.path.realpath(f) in files]
not_reached = []
for rf in reversed(ordered):
    if budget and time.time() - start > budget:
        not_reached.append(rf)
        continue
    bisect(rf, list(range(len(files[rf]["units"]))))

# ---- clang once; undo what it rejects
restored = 0
for attempt in range(50):
    ok, err = compiles(CLANG + ["-ferror-limit=0"])
    if ok:
        break
    names = set(re.findall(r"error: [^\n]*?'(?:[\w:]*::)?(\w+)'", err))
    hit = False
    for rf, d in files.items():
        back = {i for i in d["deleted"] if d["units"][i][2] & names}
        if back:
            d["deleted"] -= back; write(rf, d["deleted"]); restored += len(back); hit = True
    if not hit:  # restore whole headers named in the errors
        for m in set(re.findall(r"^(\S+?\.hpp):\d+:\d+: error", err, re.M)):
            rf = os.path.realpath(m)
            if rf in files and files[rf]["deleted"]:
                restored += len(files[rf]["deleted"]); files[rf]["deleted"] = set()
                write(rf, set()); hit = True
    if not hit:
        sys.exit("clang++ rejects the copy and no deletion could be matched:\n" + err[-3000:])
assert compiles(GXX)[0], "g++ rejects the copy after clang's restorations"

rel = lambda rf: rf[len(inc) + 1:]
n_units = sum(len(d["units"]) for d in files.values())
n_del = sum(len(d["deleted"]) for d in files.values())
size = lambda d, which: sum(e - b for i, (b, e, _) in enumerate(d["units"]) if (i in d["deleted"]) == which)
b_del = sum(size(d, True) for d in files.values())
b_kept = sum(size(d, False) for d in files.values())
print(f"detail units in {len(files)} headers: {n_units} ({sum(size(d, True) + size(d, False) for d in files.values())} bytes)")
print(f"deleted: {n_del} units, {b_del} bytes; kept: {n_units - n_del} units, {b_kept} bytes")
print(f"g++ compiles: {compiles_run[0]}; restored for clang: {restored}; seconds: {time.time() - start:.0f}")
if not_reached:
    print("not reached (time budget): " + " ".join(rel(r) for r in not_reached))
print("detail code kept, largest first (bytes, units kept/all, header):")
for rf, d in sorted(files.items(), key=lambda x: -size(x[1], False))[:10]:
    print(f"{size(d, False):8d} {len(d['units']) - len(d['deleted']):4d}/{len(d['units']):<4d} {rel(rf)}")
