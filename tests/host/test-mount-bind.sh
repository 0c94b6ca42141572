#!/bin/bash
# SPDX-License-Identifier: MIT
# BindPaths=/BindReadOnlyPaths= and TemporaryFileSystem=.
. "$(dirname "$0")/mount-lib.sh"

mkdir -p "$FIX/src" "$FIX/rw" "$FIX/sub"
echo content > "$FIX/src/file"

expect pass mount-bind.unit "BindPaths=/BindReadOnlyPaths="
if [ -e "$FIX/src/written" ]; then ok "write through BindPaths= reached the source"; else not_ok "write through BindPaths= lost"; fi
rm -f "$FIX/src/written"
expect fail mount-bind-off.unit "BindPaths= (negative twin)"
expect pass mount-tmpfs.unit "TemporaryFileSystem= (+ :ro, + a bind inside)"
if [ -e "$FIX/src/x" ] || [ -e "$FIX/sub/deep" ]; then not_ok "TemporaryFileSystem= wrote to the host"; else ok "TemporaryFileSystem= left the host alone"; fi
expect fail mount-tmpfs-off.unit "TemporaryFileSystem= (negative twin)"

# No twin for the interplay: each part has its own twin above.
echo content > "$FIX/secret"
expect pass mount-combined.unit "strict + PrivateTmp= + read-only tmpfs over a bind source"
if [ -e "$FIX/rw/written" ]; then ok "write through the bind under strict reached the host"; else not_ok "write through the bind lost"; fi
if [ -e /tmp/sandboxctl-mount-test-inside ]; then not_ok "PrivateTmp= leaked"; rm -f /tmp/sandboxctl-mount-test-inside; else ok "PrivateTmp= stayed inside"; fi
finish
