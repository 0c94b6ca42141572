#!/bin/bash
# SPDX-License-Identifier: MIT
# The directive table (sandboxctl directives), the man page's directive list, the fuzz corpus's
# directives.unit and the README's status table must name the same directives (systemd's
# tools/check-directives.sh, plus the man page and the README). Regenerate the README table with
#   SANDBOXCTL_REGENERATE=1 meson test -C build test-check-directives
set -eu
src=${SANDBOXCTL_SOURCE_ROOT:?}
bin=${SANDBOXCTL:?}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
rc=0
fail() { echo "FAIL: $*"; rc=1; }

"$bin" directives >"$tmp/all" || { echo "FAIL: sandboxctl directives"; exit 1; }
awk '$4 != "ignored" {print $1}' "$tmp/all" | sort -u >"$tmp/table"
[ -s "$tmp/table" ] || { echo "FAIL: empty directive table"; exit 1; }

# Man page: every directive entry is a line "*Name=*" (optionally followed by more text) in DIRECTIVES.
sed -n '/^# DIRECTIVES/,/^# EXEC STEPS/p' "$src/man/sandboxctl.unit.5.scd" |
    grep -oE '^\*[A-Za-z0-9]+=\*' | tr -d '*' | sed 's/=$//' | sort -u >"$tmp/man"
if ! diff -u "$tmp/table" "$tmp/man" >"$tmp/d"; then
    fail "directive table (-) and man/sandboxctl.unit.5.scd DIRECTIVES (+) differ:"; cat "$tmp/d"
fi

# Man page: each entry ends with "_Takes effect:_ WHERE. _Status:_ STATUS." matching the table.
python3 - "$src/man/sandboxctl.unit.5.scd" "$tmp/all" "${SANDBOXCTL_REGENERATE:-}" >"$tmp/manstatus" <<'PY' || { fail "man page status lines:"; cat "$tmp/manstatus"; }
import re, sys
path, table, regen = sys.argv[1], sys.argv[2], sys.argv[3] == "1"
rows = {}
for line in open(table):
    name, section, where, status = line.split()
    if status != "ignored":
        rows[name] = (where, {"enforced": "enforced", "parsed-only": "parsed only (start refuses the unit)"}[status])
lines = open(path).read().split("\n")
out, bad, cur, have = [], [], None, None
start = lines.index("# DIRECTIVES"); end = lines.index("# EXEC STEPS")
for i, l in enumerate(lines):
    if start < i < end:
        m = re.match(r"^\*([A-Za-z0-9]+)=\*$", l)
        if m:
            cur, have = m.group(1), None
        elif l.startswith("\t_Takes effect:_"):
            have = l
            continue
        elif l == "" and cur:
            want = "\t_Takes effect:_ %s. _Status:_ %s." % rows.get(cur, ("?", "?"))
            out.append(want)
            if have != want:
                bad.append("%s: want '%s'" % (cur, want.strip()))
            cur = None
    out.append(l)
if regen:
    open(path, "w").write("\n".join(out))
for b in bad:
    print(b)
sys.exit(1 if bad else 0)
PY

# Fuzz corpus: directives.unit assigns every directive.
grep -hoE '^[A-Za-z0-9]+=' "$src/tests/fuzz/corpus/fuzz-unit-file/directives.unit" | sed 's/=$//' | sort -u >"$tmp/corpus"
if ! diff -u "$tmp/table" "$tmp/corpus" >"$tmp/d"; then
    fail "directive table (-) and tests/fuzz/corpus/fuzz-unit-file/directives.unit (+) differ:"; cat "$tmp/d"
fi

# README: the table between the markers is exactly what the directive table says.
gen_readme() {
    echo '| Directive | Takes effect | Status |'
    echo '|---|---|---|'
    awk '$4 != "ignored" {
        st = $4 == "enforced" ? "enforced" : "parsed only (start refuses)"
        if ($4 == "enforced" && $3 == "cgroup") st = "enforced (systemd scope, cgroupfs)"
        printf "| `%s=` | %s | %s |\n", $1, $3, st }' "$tmp/all"
}
gen_readme >"$tmp/readme-want"
sed -n '/<!-- directives:begin -->/,/<!-- directives:end -->/p' "$src/README.md" | sed '1d;$d' >"$tmp/readme-have"
if [ "${SANDBOXCTL_REGENERATE:-}" = 1 ]; then
    python3 - "$src/README.md" "$tmp/readme-want" <<'PY'
import sys
p, w = sys.argv[1], open(sys.argv[2]).read()
s = open(p).read()
a = s.index('<!-- directives:begin -->\n') + len('<!-- directives:begin -->\n')
b = s.index('<!-- directives:end -->')
open(p, 'w').write(s[:a] + w + s[b:])
PY
    echo "regenerated the README directive table"
elif ! diff -u "$tmp/readme-want" "$tmp/readme-have" >"$tmp/d"; then
    fail "README.md directive table is stale (- wanted, + README); regenerate with SANDBOXCTL_REGENERATE=1:"; cat "$tmp/d"
fi

[ $rc = 0 ] && echo "ok: $(wc -l <"$tmp/table") directives agree in table, man page, corpus and README"
exit $rc
