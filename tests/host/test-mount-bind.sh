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
finish
