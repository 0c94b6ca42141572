#!/bin/bash
# SPDX-License-Identifier: MIT
# ProtectHome=yes/read-only/tmpfs on /home, /root, /run/user.
. "$(dirname "$0")/mount-lib.sh"

cleanup() {
        rm -f /root/sandboxctl-mount-test-host /home/sandboxctl-mount-test-host \
              /root/sandboxctl-mount-test-x /home/sandboxctl-mount-test-x /root/x /home/x
        rmdir /home/exposed 2>/dev/null
        fixture_cleanup
}
trap cleanup EXIT
[ -d /home ] && [ -d /root ] && [ -d /run/user ] || skip "needs /home, /root and /run/user"
[ -e /home/exposed ] && skip "/home/exposed exists on this host"
touch /root/sandboxctl-mount-test-host /home/sandboxctl-mount-test-host
mkdir -p "$FIX/src" && echo content > "$FIX/src/file"

expect pass mount-protect-home.unit ProtectHome=yes
expect pass mount-protect-home-read-only.unit ProtectHome=read-only
expect pass mount-protect-home-tmpfs.unit "ProtectHome=tmpfs + BindPaths= below it"
expect fail mount-protect-home-off.unit "ProtectHome=no (negative twin)"
finish
