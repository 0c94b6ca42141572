#!/bin/sh
# SPDX-License-Identifier: MIT
# Records systemd-analyze's verdict on every unit the security tests use, so that the tests run
# without systemd-analyze. Run from anywhere after changing a unit; commit the result.
#
#   tests/data/security/record.sh
#
# Writes expected.txt ("PATH EXPOSURE", PATH relative to the source root) and checks/NAME.checks
# (one "✓ ID" or "✗ ID EXPOSURE" line per check that applies, sorted). Needs systemd-analyze from systemd 252
# (Debian 12): the weights, ranges and rules differ in other versions. Each unit is copied to a
# temporary directory as NAME.service with [Sandbox] renamed to [Service], because systemd-analyze
# only scores services.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
version=$(systemd-analyze --version | sed -n '1s/^systemd \([0-9]*\).*/\1/p')
if [ "$version" != 252 ]; then
        echo "record.sh: need systemd-analyze 252, found '$version'" >&2
        exit 1
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$here/checks"
rm -f "$here"/checks/*.checks
: > "$tmp/expected.txt"
cd "$root"
for u in tests/data/security/*.unit units/examples/*.unit; do
        name=$(basename "$u" .unit)
        if [ -e "$here/checks/$name.checks" ]; then
                echo "record.sh: two units named $name" >&2
                exit 1
        fi
        sed 's/^\[Sandbox\]/[Service]/' "$u" > "$tmp/$name.service"
        (cd "$tmp" && SYSTEMD_COLORS=0 systemd-analyze security --offline=true --no-pager "./$name.service") \
                > "$tmp/$name.out" 2> "$tmp/$name.err" || { cat "$tmp/$name.err" >&2; exit 1; }
        score=$(sed -n 's/^→ Overall exposure level for .*: \([0-9]*\.[0-9]\) .*/\1/p' "$tmp/$name.out")
        [ -n "$score" ] || { echo "record.sh: no score for $u" >&2; exit 1; }
        echo "$u $score" >> "$tmp/expected.txt"
        awk '$1 == "✓" { print $1, $2 } $1 == "✗" { print $1, $2, $NF }' "$tmp/$name.out" | LC_ALL=C sort > "$here/checks/$name.checks"
done
{
        echo "# Overall exposure of each unit according to systemd-analyze security --offline=true"
        echo "# ($(systemd-analyze --version | head -n1)). Regenerate with tests/data/security/record.sh."
        cat "$tmp/expected.txt"
} > "$here/expected.txt"
cat "$here/expected.txt"
