#!/bin/bash
# SPDX-License-Identifier: MIT
# Every service unit the machine ships must load: `sandboxctl verify` accepts each *.service under
# /lib/systemd/system (warnings allowed, masked units too) and never crashes.
set -u
bin=${SANDBOXCTL:?}
dir=/lib/systemd/system
if ! compgen -G "$dir/*.service" >/dev/null; then
    echo "SKIP: no $dir/*.service on this machine"
    [ "${SANDBOXCTL_MUST_WORK:-}" = 1 ] && exit 1
    exit 77
fi
n=0 bad=0
for f in "$dir"/*.service; do
    n=$((n + 1))
    "$bin" verify "$f" >/dev/null 2>"${TMPDIR:-/tmp}/sbx-sysunit.$$"
    rc=$?
    if [ $rc -ne 0 ]; then
        bad=$((bad + 1))
        echo "FAIL ($rc): $f"
        grep -v ': warning: ' "${TMPDIR:-/tmp}/sbx-sysunit.$$" | head -3
    fi
done
rm -f "${TMPDIR:-/tmp}/sbx-sysunit.$$"
echo "$((n - bad))/$n units under $dir verify"
[ $bad = 0 ]
