#!/bin/bash
# SPDX-License-Identifier: MIT
# ProtectSystem=strict/full and ReadWritePaths= holes.
. "$(dirname "$0")/mount-lib.sh"

cleanup() {
        rm -f /usr/sandboxctl-mount-test /etc/sandboxctl-mount-test
        fixture_cleanup
}
trap cleanup EXIT
mkdir -p "$FIX/rw"

expect pass mount-protect-system-strict.unit "ProtectSystem=strict + ReadWritePaths= hole"
if [ -e "$FIX/rw/written" ]; then ok "write through the hole reached the host"; else not_ok "write through the hole missing"; fi
rm -f "$FIX/rw/written"
expect pass mount-protect-system-full.unit ProtectSystem=full
expect fail mount-protect-system-off.unit "ProtectSystem=no (negative twin)"
for f in /usr/sandboxctl-mount-test /etc/sandboxctl-mount-test; do
        if [ -e "$f" ]; then not_ok "$f was written"; else ok "$f not written"; fi
done
finish
