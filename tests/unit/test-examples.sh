#!/bin/bash
# SPDX-License-Identifier: MIT
# Every units/examples/*.unit: loads cleanly with --strict, is listed in units/README.md, and scores
# exactly what the README says — which must agree (±0.1) with systemd-analyze's recorded score in
# tests/data/security/expected.txt. untrusted.unit must stay at or below 2.0.
set -u

: "${SANDBOXCTL:?}" "${SANDBOXCTL_SOURCE_ROOT:?}"
root=$SANDBOXCTL_SOURCE_ROOT
readme="$root/units/README.md"
expected="$root/tests/data/security/expected.txt"
export LC_ALL=C.UTF-8 SYSTEMD_COLORS=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

n=0
failed=0
ok() { n=$((n + 1)); echo "ok $n - $*"; }
not_ok() { n=$((n + 1)); failed=1; echo "not ok $n - $*"; }
# Tenths as an integer without spawning anything: "4.7" -> 47, "0.8" -> 8.
tenths() { local t=${1/./}; echo $((10#${t:-0})); }

if ! "$SANDBOXCTL" security "$root/units/examples/hello.unit" > /dev/null 2> "$tmp/probe.err"; then
        if [ "${SANDBOXCTL_MUST_WORK:-0}" = 1 ]; then
                echo "Bail out! sandboxctl security cannot score hello.unit: $(cat "$tmp/probe.err")"
                exit 1
        fi
        echo "1..0 # SKIP sandboxctl security does not work yet: $(head -n1 "$tmp/probe.err")"
        exit 77
fi

count=0
for u in "$root"/units/examples/*.unit; do
        name=$(basename "$u")
        count=$((count + 1))

        if "$SANDBOXCTL" verify --strict "$u" > "$tmp/verify.out" 2>&1; then
                ok "$name: verify --strict"
        else
                not_ok "$name: verify --strict"
                sed 's/^/# /' "$tmp/verify.out"
        fi

        "$SANDBOXCTL" security "$u" > "$tmp/sec.out" 2> "$tmp/sec.err"
        line=$(sed -n 's/^→ Overall exposure level for .*: \([0-9]*\.[0-9] [A-Z]*\) .*/\1/p' "$tmp/sec.out")
        if [ -z "$line" ]; then
                not_ok "$name: no score ($(head -n1 "$tmp/sec.err"))"
                continue
        fi

        documented=$(grep -F "(examples/$name)" "$readme" | grep -o '[0-9]\.[0-9] [A-Z]*' | tail -n1)
        if [ "$documented" = "$line" ]; then
                ok "$name: scores $line as units/README.md says"
        else
                not_ok "$name: scores '$line', units/README.md says '${documented:-nothing}'"
        fi

        recorded=$(awk -v p="units/examples/$name" '$1 == p { print $2 }' "$expected")
        if [ -z "$recorded" ]; then
                not_ok "$name: not recorded in tests/data/security/expected.txt (run record.sh)"
        else
                d=$(( $(tenths "${line% *}") - $(tenths "$recorded") ))
                if [ "${d#-}" -le 1 ]; then
                        ok "$name: systemd-analyze agrees ($recorded)"
                else
                        not_ok "$name: systemd-analyze says $recorded"
                fi
        fi
done

listed=$(grep -o '(examples/[^)]*\.unit)' "$readme" | sort -u | wc -l)
if [ "$listed" = "$count" ] && [ "$count" -ge 4 ]; then
        ok "units/README.md lists all $count examples"
else
        not_ok "units/README.md lists $listed examples, units/examples has $count"
fi

if "$SANDBOXCTL" security --threshold=2.0 "$root/units/examples/untrusted.unit" > /dev/null 2>&1; then
        ok "untrusted.unit: exposure at most 2.0"
else
        not_ok "untrusted.unit: exposure above 2.0"
fi

echo "1..$n"
exit $failed
