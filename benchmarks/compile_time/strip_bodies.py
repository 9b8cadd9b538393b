#!/usr/bin/env python3
"""Copies an include tree and removes the bodies of the non-template, non-constexpr functions
defined in the headers whose path matches a pattern: an estimate of what a compiled-library
mode (bodies compiled once, in one source file) could take out of every TU that includes
them. The copy is for measuring only; it does not link.

Usage: strip_bodies.py AST_JSON SRC_INCLUDE DST_INCLUDE PATTERN
AST_JSON is clang's dump of a TU that includes the headers
(clang++ -fsyntax-only -Xclang -ast-dump=json -Xclang -ast-dump-filter=pipewright).
A function keeps its body when it is a template or a member of one (or is in a function
body), constexpr or consteval, has a deduced return type, is a constructor with member
initialisers, or its body is spelled by a macro. An in-class body becomes ';'; an
out-of-line member definition is deleted (the class keeps its declaration). bodies_bound.sh
runs it."""
import json, os, re, shutil, sys

dump, src_inc, dst_inc, pattern = sys.argv[1:5]
pat = re.compile(pattern)
edits = {}  # file -> set of (begin, end)
# why a function with a body kept it; "template" also counts lambdas and local classes
skipped = {"ctor-init": 0, "constexpr": 0, "deduced": 0, "template": 0}
cur = [None]

def track(loc):
    """Resolves one printed location, keeping the elided file name current (print order)."""
    if not isinstance(loc, dict):
        return None
    if "spellingLoc" in loc:
        sp = track(loc["spellingLoc"]); ex = track(loc["expansionLoc"])
        return ("macro", sp, ex)
    if "file" in loc:
        cur[0] = loc["file"]
    if "offset" in loc:
        return (cur[0], loc["offset"], loc.get("tokLen", 0))
    return None

FUNCS = {"FunctionDecl", "CXXMethodDecl", "CXXConstructorDecl", "CXXDestructorDecl",
         "CXXConversionDecl"}
DESCEND = {"NamespaceDecl", "CXXRecordDecl", "LinkageSpecDecl", "FriendDecl"}
TEMPLATES = {"FunctionTemplateDecl", "ClassTemplateDecl", "ClassTemplatePartialSpecializationDecl",
             "ClassTemplateSpecializationDecl"}
# STRIP_TEMPLATES=1: templates' bodies go too (a floor: what would be left if every template
# were instantiated explicitly in the library); constexpr and deduced ones stay.
strip_templates = os.environ.get("STRIP_TEMPLATES") == "1"

def walk(node, ctx, tbegin=None):
    """ctx: 'scope' (namespace/class scope outside templates) or 'other'. Returns resolved
    locations of the node: (loc, begin, end)."""
    if isinstance(node, list):
        for x in node:
            walk(x, ctx, tbegin)
        return None
    if not isinstance(node, dict):
        return None
    kind = node.get("kind")
    res = {}
    if ctx in ("scope", "tscope") and kind in DESCEND and not node.get("isImplicit"):
        child_ctx = ctx
    elif ctx in ("scope", "tscope") and kind in TEMPLATES and not node.get("isImplicit"):
        child_ctx = "tscope"
    else:
        child_ctx = "other"
    for k, v in node.items():
        if k == "loc":
            res["loc"] = track(v)
        elif k == "range":
            res["begin"] = track(v.get("begin")); res["end"] = track(v.get("end"))
        elif k == "inner":
            tb = res.get("begin") if kind == "FunctionTemplateDecl" else None
            kids = []
            pattern_seen = False
            for c in v:
                kctx = child_ctx
                if kind == "FunctionTemplateDecl" and isinstance(c, dict) and c.get("kind") in FUNCS:
                    # the first function is the template itself; the others are its
                    # specializations, whose bodies are the template's (found there)
                    kctx = "other" if pattern_seen else child_ctx
                    pattern_seen = True
                kids.append(walk(c, kctx, tb))
            res["kids"] = kids
        elif isinstance(v, (dict, list)):
            walk(v, "other")
    if kind in FUNCS and (ctx == "scope" or (ctx == "tscope" and strip_templates)):
        inner = [c for c in node.get("inner", []) if c.get("kind") != "FullComment"]
        kidres = [r for c, r in zip(node.get("inner", []), res.get("kids", [])) if c.get("kind") != "FullComment"]
        loc = res.get("loc")
        if inner and inner[-1].get("kind") in ("CompoundStmt", "CXXTryStmt") and \
                not node.get("isImplicit") and loc and loc[0] != "macro" and pat.search(loc[0] or ""):
            qt = node.get("type", {}).get("qualType", "")
            why = None
            if node.get("constexpr") or node.get("consteval"): why = "constexpr"
            elif (qt.startswith("auto") or qt.startswith("decltype(auto)")) and "->" not in qt: why = "deduced"
            elif any(c.get("kind") == "CXXCtorInitializer" for c in inner): why = "ctor-init"
            b = kidres[-1]["begin"]; e = kidres[-1]["end"]
            if why is None and (not b or not e or b[0] == "macro" or e[0] == "macro" or b[0] != e[0]):
                why = "macro"
            if why:
                skipped[why] = skipped.get(why, 0) + 1
            else:
                if "parentDeclContextId" in node:  # an out-of-line member: drop it whole
                    rb = tbegin or res.get("begin")  # from "template <...>" on
                    if rb and rb[0] == b[0]:
                        edits.setdefault(b[0], set()).add((rb[1], e[1] + e[2], "whole"))
                    else:
                        skipped["macro"] = skipped.get("macro", 0) + 1
                else:
                    edits.setdefault(b[0], set()).add((b[1], e[1] + e[2]))
    elif kind in FUNCS and any(c.get("kind") == "CompoundStmt" for c in node.get("inner", [])):
        loc = res.get("loc")
        if loc and loc[0] != "macro" and pat.search(loc[0] or ""):
            skipped["template"] += 1
    return res

def tops(path):
    dec = json.JSONDecoder()
    with open(path) as f:
        text = f.read()
    i = 0
    n = len(text)
    while i < n:
        while i < n and text[i].isspace():
            i += 1
        if i >= n:
            break
        if text[i] != "{":  # "Dumping ...:" lines, if any
            i = text.index("\n", i) + 1
            continue
        obj, i = dec.raw_decode(text, i)
        yield obj

for top in tops(dump):
    walk(top, "scope" if top.get("kind") in DESCEND else "other")

if os.path.exists(dst_inc):
    shutil.rmtree(dst_inc)
shutil.copytree(src_inc, dst_inc)
src_inc = os.path.realpath(src_inc)
total = 0
for f, spans in sorted(edits.items()):
    rf = os.path.realpath(f)
    if not rf.startswith(src_inc + "/"):
        continue
    out = os.path.join(dst_inc, rf[len(src_inc) + 1:])
    data = open(rf, "rb").read()
    # drop spans nested in other spans (none expected), apply from the end
    spans = sorted(spans)
    keep = []
    for s in spans:
        if keep and s[0] < keep[-1][1]:
            continue
        keep.append(s)
    removed = 0
    for sp in reversed(keep):
        bgn, end = sp[0], sp[1]
        assert len(sp) == 3 or data[bgn:bgn+1] in (b"{", b"t"), (f, bgn, data[bgn:bgn+20])
        removed += end - bgn
        data = data[:bgn] + (b"" if len(sp) == 3 else b";") + data[end:]
    total += len(keep)
    open(out, "wb").write(data)
    print(f"{len(keep):5d} bodies {removed:8d} bytes  {rf[len(src_inc)+1:]}")
print("bodies removed:", total, "kept:", skipped)
