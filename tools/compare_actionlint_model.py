#!/usr/bin/env python3
"""Measure pipewright's workflow reader (lint without the security checks) on actionlint's test data.

Reproduces the figures of docs/compatibility.md ("Workflow reader compared with actionlint's
test data"):

1. ok/: every workflow actionlint accepts; each file where `pipewright lint --no-security`
   reports an error is listed (a false positive unless the file is one GitHub rejects).
2. err/ and examples/: each line of actionlint's `.out` files is one expected finding
   (`test.yaml:LINE:COL: message [rule]`, or the same as a /regular expression/). Findings are
   grouped by kind -- actionlint's rule name, with [expression], [action], [events] split by
   message into what GitHub's own parser rejects and what it accepts -- and counted as found
   when pipewright reports any diagnostic on the same line of the same file (further columns:
   error-level ones only; any diagnostic within NEAR lines, as the two tools sometimes anchor
   one problem on different keys, e.g. `branches` vs `branches-ignore`). Kinds GitHub itself does not reject (shellcheck, pyflakes,
   type checks of expressions, runner labels, action inputs that need the action's metadata,
   style rules) are shown in a separate table as out of scope.

usage: tools/compare_actionlint_model.py [--pipewright build/dev/cli/pipewright]
           [--old-scope]
           [--testdata ../shared/workflows/corpus/actionlint/testdata] [--missed]
"""
import argparse
import collections
import json
import os
import re
import subprocess
import sys

NEAR = 2  # lines either side for the looser 'nearby' column
HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
# `test.yaml:12:3: message [rule]`, possibly written as a regular expression `/test\.yaml:.../`.
LOCATED = re.compile(r'^/?test(?:\\?)\.yaml:(\d+):(\d+): (.*?)/?$')
RULE = re.compile(r'\\?\[([a-z-]+)\\?\]$')

# (kind, in scope?) for every finding. In scope: GitHub rejects the workflow (its parser or
# the run's start-up validation). Out of scope: GitHub accepts the file.
EXPRESSION_SUBKINDS = [
    # GitHub: "Unrecognized named-value", "Unexpected symbol", "Unrecognized function", ...
    (re.compile(r'while lexing|while parsing|unexpected end of input|undefined variable|'
                r'undefined function|number of arguments is wrong'),
     'expression: syntax, unknown context or function', True),
    (re.compile(r'is not allowed here'), 'expression: context/function availability', True),
    (re.compile(r'potentially untrusted'),
     'expression: untrusted input (security; see compare_actionlint.py)', False),
]
EXPRESSION_OTHER = ('expression: type checks (unknown property, operand types, format/fromJSON '
                    'arguments)', False)
ACTION_IN_SCOPE = re.compile(r'in invalid format|tag of Docker action should not be empty')
EVENTS_OUT_OF_SCOPE = re.compile(r'runs too frequently')
# GitHub rejects an exclude key that names no vector; an exclude value that matches no
# combination, or a value listed twice, is accepted.
MATRIX_IN_SCOPE = re.compile(r'section does not exist in matrix')
IN_SCOPE_RULES = {'syntax-check', 'events', 'glob', 'permissions', 'id', 'job-needs',
                  'workflow-call'}
OUT_OF_SCOPE_RULES = {
    'shellcheck': 'shellcheck (script contents)',
    'pyflakes': 'pyflakes (script contents)',
    'runner-label': 'runner-label (unknown labels are valid for self-hosted runners)',
    'if-cond': 'if-cond (constant or always-true conditions: style)',
    'credentials': 'credentials (hard-coded passwords: style/security)',
    'deprecated-commands': 'deprecated-commands (script contents)',
    'shell-name': 'shell-name (GitHub accepts the file; the step fails when it runs)',
    'env-var': 'env-var (GitHub accepts the file)',
}


OLD_SCOPE = False  # --old-scope: every matrix, shell-name and env-var finding in scope


def classify(message):
    """(kind, in_scope) of one expected finding from its message (and rule name)."""
    m = RULE.search(message)
    rule = m.group(1) if m else None
    if OLD_SCOPE and rule in ('matrix', 'shell-name', 'env-var'):
        return (rule, True)
    if rule is None:  # three regex lines in actionlint's data leave the rule name out
        if 'label' in message and 'is unknown' in message:
            rule = 'runner-label'
        elif 'is not defined in object type' in message or message.startswith('{'):
            rule = 'expression'
        else:
            return ('unclassified', False)
    if rule == 'expression':
        for pattern, kind, scope in EXPRESSION_SUBKINDS:
            if pattern.search(message):
                return (kind, scope)
        return EXPRESSION_OTHER
    if rule == 'action':
        if ACTION_IN_SCOPE.search(message):
            return ('action: reference format', True)
        return ('action: inputs/metadata (needs the action\'s action.yml)', False)
    if rule == 'events':
        if EVENTS_OUT_OF_SCOPE.search(message):
            return ('events: cron more often than every 5 minutes (GitHub accepts, runs '
                    'less often)', False)
        return ('events', True)
    if rule == 'matrix':
        if MATRIX_IN_SCOPE.search(message):
            return ('matrix: exclude key that is not a vector', True)
        return ('matrix: exclude value matching no combination, duplicate values (GitHub '
                'accepts)', False)
    if rule in OUT_OF_SCOPE_RULES:
        return (OUT_OF_SCOPE_RULES[rule], False)
    if rule in IN_SCOPE_RULES:
        return (rule, True)
    if rule in OUT_OF_SCOPE_RULES:
        return (OUT_OF_SCOPE_RULES[rule], False)
    return (rule, False)


def lint(pipewright, files):
    """Every diagnostic of `pipewright lint --no-security --format json` for `files`."""
    out = []
    for i in range(0, len(files), 200):
        batch = files[i:i + 200]
        r = subprocess.run([pipewright, 'lint', '--no-security', '--format', 'json'] + batch,
                           capture_output=True, text=True)
        if r.returncode not in (0, 1):
            sys.exit('pipewright failed (%d) on %s\n%s' % (r.returncode, batch, r.stderr))
        for line in r.stdout.splitlines():
            if line.startswith('{'):
                out.append(json.loads(line))
    return out


def top_level_yaml(directory):
    """The workflows directly in `directory` (not its .github/ helpers)."""
    return sorted(os.path.join(directory, n) for n in os.listdir(directory)
                  if n.endswith(('.yaml', '.yml')))


def expected_findings(out_path):
    """[(line or None, message)] of one .out file."""
    result = []
    with open(out_path, encoding='utf-8') as f:
        for raw in f:
            text = raw.rstrip('\n')
            if not text.strip():
                continue
            m = LOCATED.match(text)
            if m:
                result.append((int(m.group(1)), m.group(3)))
            else:  # e.g. /{string => string}/: a regex on the message with no position
                result.append((None, text.strip('/')))
    return result


def by_file(diags):
    result = collections.defaultdict(list)
    for d in diags:
        result[os.path.abspath(d['file'])].append(d)
    return result


def check_ok(pipewright, testdata):
    files = top_level_yaml(os.path.join(testdata, 'ok'))
    diags = lint(pipewright, files)
    errors = [d for d in diags if d['severity'] == 'error']
    print('## ok/ (%d workflows actionlint accepts)' % len(files))
    print('files with a pipewright error: %d; diagnostics of any severity: %d'
          % (len({d['file'] for d in errors}), len(diags)))
    for d in diags:
        print('    %s:%d:%d %s[%s] %s' % (os.path.relpath(d['file'], testdata), d['line'],
                                         d['column'], d['severity'], d['code'], d['message']))


def compare(pipewright, testdata, show_missed):
    files, expected = [], {}
    for sub in ('err', 'examples'):
        for path in top_level_yaml(os.path.join(testdata, sub)):
            out = os.path.splitext(path)[0] + '.out'
            if os.path.exists(out):
                files.append(path)
                expected[os.path.abspath(path)] = expected_findings(out)
    found = by_file(lint(pipewright, files))
    rows = collections.OrderedDict()  # kind -> [scope, total, any-line, error-line, near]
    missed = collections.defaultdict(list)
    rejected_files = [0, 0]  # files with an in-scope expectation; of them, with a pw error
    accepted = []  # ... and those where pipewright reports no error
    for path in files:
        key = os.path.abspath(path)
        lines_any = {d['line'] for d in found.get(key, [])}
        lines_err = {d['line'] for d in found.get(key, []) if d['severity'] == 'error'}
        if any(classify(m)[1] for _, m in expected[key]):
            rejected_files[0] += 1
            rejected_files[1] += 1 if lines_err else 0
            if not lines_err:
                accepted.append(os.path.relpath(path, testdata))
        for line, message in expected[key]:
            kind, scope = classify(message)
            row = rows.setdefault(kind, [scope, 0, 0, 0, 0])
            row[1] += 1
            if line is not None and line in lines_any:
                row[2] += 1
            else:
                missed[kind].append('%s:%s %s' % (os.path.relpath(path, testdata), line,
                                                 message))
            if line is not None and line in lines_err:
                row[3] += 1
            if line is not None and any(abs(line - n) <= NEAR for n in lines_any):
                row[4] += 1
    print('\n## err/ and examples/ (%d workflows with a .out file)' % len(files))
    print('workflows with at least one in-scope expected finding: %d; pipewright reports an '
          'error in %d of them; no error in:' % tuple(rejected_files))
    for name in accepted:
        print('    ' + name)
    for scope, title in ((True, 'GitHub rejects these: in scope'),
                         (False, 'GitHub accepts these: out of scope')):
        selected = sorted(((k, r) for k, r in rows.items() if r[0] == scope),
                          key=lambda kr: (-kr[1][1], kr[0]))
        print('\n### %s\n' % title)
        print('| kind (actionlint rule) | expected | pipewright, same line | of which errors '
              '| within %d lines |' % NEAR)
        print('|---|---:|---:|---:|---:|')
        total = [0, 0, 0, 0]
        for kind, r in selected:
            print('| %s | %d | %d (%d%%) | %d | %d |'
                  % (kind, r[1], r[2], round(100 * r[2] / r[1]), r[3], r[4]))
            total = [t + v for t, v in zip(total, r[1:])]
        if total[0]:
            print('| **total** | **%d** | **%d (%d%%)** | **%d** | **%d** |'
                  % (total[0], total[1], round(100 * total[1] / total[0]), total[2], total[3]))
    if show_missed:
        print('\n## expected findings pipewright does not report on the same line')
        for kind in sorted(missed):
            print('\n### %s (%d)' % (kind, len(missed[kind])))
            for m in missed[kind]:
                print('    ' + m)


def main():
    shared = os.path.join(os.path.dirname(ROOT), 'shared', 'workflows', 'corpus')
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('--pipewright', default=os.path.join(ROOT, 'build', 'dev', 'cli', 'pipewright'))
    p.add_argument('--testdata', default=os.path.join(shared, 'actionlint', 'testdata'))
    p.add_argument('--missed', action='store_true',
                   help='list every expected finding pipewright does not report')
    p.add_argument('--old-scope', action='store_true',
                   help='count every matrix, shell-name and env-var finding as in scope (the '
                        'classification of the figures before 2026-11-23)')
    a = p.parse_args()
    global OLD_SCOPE
    OLD_SCOPE = a.old_scope
    if not os.access(a.pipewright, os.X_OK):
        sys.exit('no pipewright at %s (build target pipewright_cli, or pass --pipewright)'
                 % a.pipewright)
    check_ok(a.pipewright, a.testdata)
    compare(a.pipewright, a.testdata, a.missed)


if __name__ == '__main__':
    main()
