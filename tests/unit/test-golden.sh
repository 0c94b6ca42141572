#!/bin/sh
# SPDX-License-Identifier: MIT
# Golden outputs of `sandboxctl show`: for each tests/data/plan/NAME.unit, `show --json` must equal NAME.json
# and `show` must equal NAME.txt, byte for byte, except the enforced/parsed-only status of each directive:
# that flips as directives get enforced and is checked against the directive table elsewhere
# (test-check-directives). After an intended change, regenerate the files and review the diff:
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

normalize() {
        sed -E -e 's/"enforced": (true|false)/"enforced": …/' -e 's/(# [^ ]+:[0-9]+), (enforced|parsed only)$/\1, …/' "$1"
}

rc=0
n=0
for unit in *.unit; do
        name=${unit%.unit}
        n=$((n + 1))
        for kind in json txt; do
                if [ $kind = json ]; then
                        set -- show --json "./$unit"
                else
                        set -- show --backend=none "./$unit"
                fi
                if ! "$bin" "$@" >"$tmp/$name.$kind" 2>"$tmp/$name.err"; then
                        echo "FAIL: sandboxctl $* failed:"
                        cat "$tmp/$name.err"
                        rc=1
                        continue
                fi
                if [ "${SANDBOXCTL_REGENERATE:-}" = 1 ]; then
                        cp "$tmp/$name.$kind" "$dir/$name.$kind"
                        echo "regenerated $name.$kind"
                elif [ ! -f "$dir/$name.$kind" ]; then
                        echo "FAIL: $name.$kind missing; create it with SANDBOXCTL_REGENERATE=1"
                        rc=1
                else
                        normalize "$dir/$name.$kind" >"$tmp/want"
                        normalize "$tmp/$name.$kind" >"$tmp/have"
                        if ! diff -u "$tmp/want" "$tmp/have"; then
                                echo "FAIL: sandboxctl $* differs from $name.$kind (- expected, + actual)"
                                rc=1
                        fi
                fi
        done
done
[ "$n" -gt 0 ] || { echo "FAIL: no units in $dir"; exit 1; }
[ $rc = 0 ] && echo "ok: $n golden plans match (JSON and text)"
exit $rc
