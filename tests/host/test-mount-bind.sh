#!/bin/bash
# SPDX-License-Identifier: MIT
# BindPaths=/BindReadOnlyPaths= and TemporaryFileSystem=.
. "$(dirname "$0")/mount-lib.sh"

cleanup() {
        umount "$FIX/src/sub" 2>/dev/null
        fixture_cleanup
}
trap cleanup EXIT

mkdir -p "$FIX/src" "$FIX/rw" "$FIX/sub"
echo content > "$FIX/src/file"

expect pass mount-bind.unit "BindPaths=/BindReadOnlyPaths="
if [ -e "$FIX/src/written" ]; then ok "write through BindPaths= reached the source"; else not_ok "write through BindPaths= lost"; fi
rm -f "$FIX/src/written"
expect fail mount-bind-off.unit "BindPaths= (negative twin)"
expect pass mount-tmpfs.unit "TemporaryFileSystem= (+ :ro, + a bind inside)"
if [ -e "$FIX/src/x" ] || [ -e "$FIX/sub/deep" ]; then not_ok "TemporaryFileSystem= wrote to the host"; else ok "TemporaryFileSystem= left the host alone"; fi
expect fail mount-tmpfs-off.unit "TemporaryFileSystem= (negative twin)"

# rbind vs norbind: a submount below the source.
mkdir -p "$FIX/src/sub"
if mount -t tmpfs sandboxctl-mount-test "$FIX/src/sub"; then
        touch "$FIX/src/sub/marker"
        expect pass mount-bind-norbind.unit "BindPaths= :norbind"
        expect fail mount-bind-norbind-off.unit "BindPaths= rbind (negative twin)"
        umount "$FIX/src/sub"
else
        skip "cannot mount a tmpfs"
fi
rm -rf "$FIX/src/sub" "$FIX/dst-r" "$FIX/dst-n"

# No twin for the interplay: each part has its own twin above.
echo content > "$FIX/secret"
expect pass mount-combined.unit "strict + PrivateTmp= + read-only tmpfs over a bind source"
if [ -e "$FIX/rw/written" ]; then ok "write through the bind under strict reached the host"; else not_ok "write through the bind lost"; fi
if [ -e /tmp/sandboxctl-mount-test-inside ]; then not_ok "PrivateTmp= leaked"; rm -f /tmp/sandboxctl-mount-test-inside; else ok "PrivateTmp= stayed inside"; fi
finish
