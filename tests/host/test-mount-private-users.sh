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

# A protection that cannot be applied stops the run before the payload (fail closed).
for runner in start driver; do
        rm -f "$FIX/ran"
        run "$runner" mount-fail-closed.unit
        if [ "$rc" -ne 0 ] && [ ! -e "$FIX/ran" ] && echo "$out" | grep -q "MOUNTS.*/proc"; then
                ok "ProtectProc= without a PID namespace fails closed at MOUNTS ($runner)"
        else
                not_ok "ProtectProc= in a user namespace ($runner): exit $rc, payload ran: $([ -e "$FIX/ran" ] && echo yes || echo no)"
                echo "$out" | sed 's/^/# /'
        fi
done
finish
