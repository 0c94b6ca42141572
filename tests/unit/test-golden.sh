#!/bin/sh
# SPDX-License-Identifier: MIT
# Golden outputs of `sandboxctl show --json`: for each tests/data/plan/NAME.unit the output must equal
# NAME.json byte for byte, except the "enforced" flags of "origins": those flip as directives get enforced
# and are checked against the directive table elsewhere (test-check-directives). After an intended
# change, regenerate the files and review the diff:
#     SANDBOXCTL_REGENERATE=1 meson test -C BUILD test-golden
set -eu
src=${SANDBOXCTL_SOURCE_ROOT:?}
bin=${SANDBOXCTL:?}
dir=$src/tests/data/plan
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Run from the data directory with "./NAME.unit" so that paths in the output do not depend on the
# checkout location; no user search path may interfere.
cd "$dir"
export SANDBOXCTL_UNIT_PATH="$dir"
rc=0
n=0
for unit in *.unit; do
        name=${unit%.unit}
        n=$((n + 1))
        if ! "$bin" show --json "./$unit" >"$tmp/$name.json" 2>"$tmp/$name.err"; then
                echo "FAIL: sandboxctl show --json ./$unit failed:"
                cat "$tmp/$name.err"
                rc=1
                continue
        fi
        if [ "${SANDBOXCTL_REGENERATE:-}" = 1 ]; then
                cp "$tmp/$name.json" "$dir/$name.json"
                echo "regenerated $name.json"
        elif [ ! -f "$dir/$name.json" ]; then
                echo "FAIL: $name.json missing; create it with SANDBOXCTL_REGENERATE=1"
                rc=1
        else
                sed -E 's/"enforced": (true|false)/"enforced": …/' "$dir/$name.json" >"$tmp/$name.want"
                sed -E 's/"enforced": (true|false)/"enforced": …/' "$tmp/$name.json" >"$tmp/$name.have"
                if ! diff -u "$tmp/$name.want" "$tmp/$name.have"; then
                        echo "FAIL: show --json ./$unit differs from $name.json (- expected, + actual)"
                        rc=1
                fi
        fi
done
[ "$n" -gt 0 ] || { echo "FAIL: no units in $dir"; exit 1; }
[ $rc = 0 ] && echo "ok: $n golden plans match"
exit $rc
