#!/bin/bash
# SPDX-License-Identifier: MIT
# The man pages render without a single warning (man --warnings, i.e. groff -ww), and every page the build
# lists was built.
set -u
build=${SANDBOXCTL_BUILD_ROOT:?}
skip() {
    echo "SKIP: $*"
    [ "${SANDBOXCTL_MUST_WORK:-}" = 1 ] && exit 1
    exit 77
}
command -v man >/dev/null || skip "no man (Debian package man-db)"
rc=0 n=0
for p in sandboxctl.1 sandboxctl.unit.5 sandboxctl.security.7; do
    f=$build/man/$p
    [ -f "$f" ] || skip "$p was not built (scdoc missing? meson -Dman=enabled makes that an error)"
    n=$((n + 1))
    warn=$(MANWIDTH=80 man --warnings -l "$f" 2>&1 >/dev/null)
    if [ -n "$warn" ]; then
        echo "FAIL: $p renders with warnings:"; echo "$warn" | head -20
        rc=1
    fi
    MANWIDTH=80 man -l "$f" 2>/dev/null | grep -q . || { echo "FAIL: $p renders empty"; rc=1; }
done
[ $rc = 0 ] && echo "ok: $n man pages render without warnings"
exit $rc
