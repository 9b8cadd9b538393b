#!/usr/bin/env python3
"""Measure pipewright lint's security checks against actionlint's test data.

Reproduces the figures of docs/compatibility.md ("Security checks compared with actionlint"):

1. actionlint's expected "potentially untrusted" findings (its `.out` files under err/,
   examples/; ok/ and projects/ expect none) and how many pipewright reports as PW0901 at the
   same line and column (or, for a `|` block scalar where actionlint's column runs past the
   key's line, further down inside the scalar) with the same input paths; then every PW0901
   that actionlint does not expect.
2. PW0901 on actionlint's realworld/dataset (no expectations: listed for review).
3. Every PW09xx finding on the real-world corpus: counts, and the warnings other than PW0904
   (permissions missing) listed one by one.

With --recall, instead: recall of `pipewright lint` against every finding actionlint expects
in its test data (the `.out` files of err/, examples/ and projects/; docs/compatibility.md
"Lint findings compared with actionlint's test data"). An expected finding counts as found
when pipewright reports any diagnostic, of any code and level, on the same line of the same
file. Prints the recall per actionlint rule kind (`[expression]`, `[matrix]`, ...) and
overall, then the missed findings grouped by kind; --expect FOUND/TOTAL exits 1 unless the
overall figures are exactly these (a test pins them).

usage: tools/compare_actionlint.py [--pipewright build/dev/cli/pipewright]
           [--testdata ../shared/workflows/corpus/actionlint/testdata]
           [--real ../shared/workflows/corpus/real]
           [--recall [--expect FOUND/TOTAL]]
"""
import argparse
import collections
import json
import os
import re
import subprocess
import sys

import compare_actionlint_model

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
EXPECTED = re.compile(r'^test\.yaml:(\d+):(\d+): (.*potentially untrusted.*) \[expression\]$')


def lint(pipewright, files):
    """Every diagnostic of `pipewright lint --format json` for `files` (batched)."""
    out = []
    for i in range(0, len(files), 200):
        batch = files[i:i + 200]
        r = subprocess.run([pipewright, 'lint', '--format', 'json'] + batch,
                           capture_output=True, text=True)
        if r.returncode not in (0, 1):
            sys.exit('pipewright failed (%d) on %s\n%s' % (r.returncode, batch, r.stderr))
        for line in r.stdout.splitlines():
            if line.startswith('{'):
                out.append(json.loads(line))
    return out


def yaml_files(top):
    found = []
    for dirpath, _, names in os.walk(top):
        for n in names:
            if n.endswith(('.yaml', '.yml')):
                found.append(os.path.join(dirpath, n))
    return sorted(found)


def expected_findings(out_path):
    result = []
    with open(out_path, encoding='utf-8') as f:
        for line in f:
            m = EXPECTED.match(line.rstrip('\n'))
            if m:
                paths = re.findall(r'"(github[^"]*)"', m.group(3))
                result.append((int(m.group(1)), int(m.group(2)), paths))
    return result


def line_length(path, line):
    with open(path, encoding='utf-8', errors='replace') as f:
        lines = f.read().split('\n')
    return len(lines[line - 1]) if 0 < line <= len(lines) else 0


def compare(pipewright, testdata):
    files = []
    expected = {}
    for sub in ('err', 'examples'):
        for path in yaml_files(os.path.join(testdata, sub)):
            out = os.path.splitext(path)[0] + '.out'
            if os.path.exists(out):
                files.append(path)
                expected[path] = expected_findings(out)
    for sub in ('ok', 'projects'):
        for path in yaml_files(os.path.join(testdata, sub)):
            files.append(path)
            expected[path] = []
    # projects/*.out never expect an untrusted-input finding; check rather than assume.
    for name in sorted(os.listdir(os.path.join(testdata, 'projects'))):
        if name.endswith('.out'):
            with open(os.path.join(testdata, 'projects', name), encoding='utf-8') as f:
                if 'untrusted' in f.read():
                    sys.exit('projects/%s expects an untrusted-input finding' % name)
    found = collections.defaultdict(list)
    for d in lint(pipewright, files):
        if d['code'] == 'PW0901':
            found[d['file']].append(d)
    total = matched = exact = block = 0
    missed, extra = [], []
    for path in files:
        mine = found.get(path, [])
        used = [False] * len(mine)
        for line, col, paths in expected[path]:
            total += 1
            in_block = col > line_length(path, line)
            hit = None
            for k, d in enumerate(mine):
                place = d['line'] > line if in_block else (d['line'], d['column']) == (line, col)
                if not used[k] and place and all("'%s'" % p in d['message'] for p in paths):
                    hit = k
                    break
            if hit is None:
                missed.append('%s:%d:%d %s' % (os.path.relpath(path, testdata), line, col, paths))
                continue
            used[hit] = True
            matched += 1
            if in_block:
                block += 1
            else:
                exact += 1
        for k, d in enumerate(mine):
            if not used[k]:
                extra.append('%s:%d:%d %s' % (os.path.relpath(path, testdata), d['line'],
                                              d['column'], d['message']))
    print('## actionlint test data with expectations (%d files: err/ and examples/ with .out, '
          'ok/, projects/)' % len(files))
    print('actionlint untrusted-input findings: %d' % total)
    print('  also reported by pipewright (PW0901): %d (same line and column: %d; inside a block '
          'scalar whose position actionlint gives on the key line: %d)' % (matched, exact, block))
    print('  missed: %d' % len(missed))
    for m in missed:
        print('    ' + m)
    print('PW0901 findings actionlint does not expect: %d' % len(extra))
    for e in extra:
        print('    ' + e)


def realworld(pipewright, testdata):
    files = yaml_files(os.path.join(testdata, 'realworld'))
    diags = [d for d in lint(pipewright, files) if d['code'] == 'PW0901']
    print('\n## actionlint realworld/dataset (%d files, no expectations)' % len(files))
    print('PW0901 findings: %d in %d files' % (len(diags), len({d['file'] for d in diags})))
    for d in diags:
        print('    %s:%d:%d %s' % (os.path.basename(d['file']), d['line'], d['column'],
                                  d['message']))


def real(pipewright, corpus):
    files = yaml_files(corpus)
    diags = [d for d in lint(pipewright, files) if d['code'].startswith('PW09')]
    counts = collections.Counter(d['code'] for d in diags)
    in_files = collections.defaultdict(set)
    for d in diags:
        in_files[d['code']].add(d['file'])
    print('\n## real-world corpus (%d files)' % len(files))
    for code in ('PW0901', 'PW0902', 'PW0903', 'PW0904', 'PW0905', 'PW0906', 'PW0907'):
        print('%s: %d findings in %d files' % (code, counts[code], len(in_files[code])))
    for d in diags:
        if d['code'] not in ('PW0904', 'PW0906'):
            print('    %s:%d:%d %s %s' % (os.path.basename(d['file']), d['line'], d['column'],
                                        d['code'], d['message']))


# One line of an actionlint .out file: `test.yaml:L:C: message [kind]`, or the same as a
# regular expression between slashes (`/test\.yaml:L:C: .+ \[kind\]/`); in projects/ the
# file is `workflows/NAME.yaml`. The rule name and the kinds of the missed findings are those
# of compare_actionlint_model.py (RULE, classify).
EXPECTED_ANY = re.compile(r'^/?((?:[\w.-]|\\.)+(?:/(?:[\w.-]|\\.)+)*):(\d+):(\d+): (.*?)/?$')


def all_expected(testdata):
    """(file, line, column, kind) of every finding actionlint's err/, examples/ and projects/
    expect, and the workflow files they are about."""
    expected = []
    files = []
    for sub in ('err', 'examples'):
        for path in yaml_files(os.path.join(testdata, sub)):
            out = os.path.splitext(path)[0] + '.out'
            if not os.path.exists(out):
                continue
            files.append(path)
            for line, col, message, _ in parse_out(out):
                expected.append((path, line, col, message))
    projects = os.path.join(testdata, 'projects')
    for name in sorted(os.listdir(projects)):
        if not name.endswith('.out'):
            continue
        top = os.path.join(projects, name[:-4])
        files.extend(yaml_files(os.path.join(top, 'workflows')))
        for line, col, message, rel in parse_out(os.path.join(projects, name)):
            expected.append((os.path.join(top, rel), line, col, message))
    return expected, files


def parse_out(out_path):
    result = []
    with open(out_path, encoding='utf-8') as f:
        for text in f:
            text = text.rstrip('\n')
            if not text:
                continue
            m = EXPECTED_ANY.match(text)
            if not m:  # a pattern with no position (err/outputs_map_object.out): not counted
                print('no position, not counted: %s: %s' % (os.path.basename(out_path), text))
                continue
            rel = m.group(1).replace('\\', '')
            result.append((int(m.group(2)), int(m.group(3)), m.group(4), rel))
    return result


def recall(pipewright, testdata, expect):
    expected, files = all_expected(testdata)
    lines = collections.defaultdict(set)
    for d in lint(pipewright, files):
        lines[os.path.normpath(d['file'])].add(d['line'])
    per_kind = collections.defaultdict(lambda: [0, 0])
    missed = collections.defaultdict(list)
    for path, line, col, message in expected:
        # The rule name (classify() infers it for the 3 patterns that leave it out).
        sub, in_scope = compare_actionlint_model.classify(message)
        kind = re.split(r'[: ]', sub)[0]
        hit = line in lines.get(os.path.normpath(path), ())
        per_kind[kind][0] += 1
        per_kind[kind][1] += hit
        if not hit:
            missed['%s; GitHub %s the file' % (sub, 'rejects' if in_scope else 'accepts')].append(
                '%s:%d:%d %s' % (os.path.relpath(path, testdata), line, col, message[:100]))
    total = sum(v[0] for v in per_kind.values())
    found = sum(v[1] for v in per_kind.values())
    print('## recall against actionlint\'s expected findings (%d files of err/, examples/, '
          'projects/)' % len(files))
    print('found = pipewright reports a diagnostic (any code) on the same line of the file')
    print('| actionlint rule kind | expected | found by pipewright | recall |')
    print('|---|---:|---:|---:|')
    for kind in sorted(per_kind, key=lambda k: (-per_kind[k][0], k)):
        n, f = per_kind[kind]
        print('| `%s` | %d | %d | %.0f%% |' % (kind, n, f, 100.0 * f / n))
    print('| **all** | %d | %d | %.1f%% |' % (total, found, 100.0 * found / total if total else 0))
    print('\nmissed, by kind (compare_actionlint_model.classify):')
    for kind in sorted(missed, key=lambda k: (-len(missed[k]), k)):
        print('  [%s] %d' % (kind, len(missed[kind])))
        for m in missed[kind]:
            print('    ' + m)
    if expect and expect != '%d/%d' % (found, total):
        sys.exit('recall %d/%d, expected %s' % (found, total, expect))


def main():
    shared = os.path.join(os.path.dirname(ROOT), 'shared', 'workflows', 'corpus')
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('--pipewright', default=os.path.join(ROOT, 'build', 'dev', 'cli', 'pipewright'))
    p.add_argument('--testdata', default=os.path.join(shared, 'actionlint', 'testdata'))
    p.add_argument('--real', default=os.path.join(shared, 'real'))
    p.add_argument('--recall', action='store_true',
                   help="recall against every finding of actionlint's .out files")
    p.add_argument('--expect', help='with --recall: FOUND/TOTAL that must be measured')
    a = p.parse_args()
    if not os.access(a.pipewright, os.X_OK):
        sys.exit('no pipewright at %s (build target pipewright_cli, or pass --pipewright)'
                 % a.pipewright)
    if a.recall:
        recall(a.pipewright, a.testdata, a.expect)
        return
    compare(a.pipewright, a.testdata)
    realworld(a.pipewright, a.testdata)
    real(a.pipewright, a.real)


if __name__ == '__main__':
    main()
