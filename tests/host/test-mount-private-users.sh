#!/bin/bash
# SPDX-License-Identifier: MIT
# The mount list inside a user namespace (PrivateUsers=yes): the no-CAP_MKNOD fallbacks.
. "$(dirname "$0")/mount-lib.sh"

cleanup() {
        rm -f /usr/sandboxctl-mount-test
        fixture_cleanup
}
trap cleanup EXIT
mkdir -p "$FIX/rw"
echo content > "$FIX/secret"
mknod -m 0666 "$FIX/chr" c 1 3 || skip "cannot create a device node"

expect pass mount-private-users.unit "PrivateUsers= + PrivateDevices=, ProtectSystem=strict, InaccessiblePaths="
if [ -e "$FIX/rw/written" ]; then ok "the hole is writable from the user namespace"; else not_ok "write through the hole lost"; fi
expect fail mount-private-users-off.unit "PrivateUsers= alone (negative twin)"
finish
