#!/bin/bash
# SPDX-License-Identifier: MIT
# ReadOnlyPaths=, InaccessiblePaths=, NoExecPaths=/ExecPaths=, and missing paths with and without '-'.
. "$(dirname "$0")/mount-lib.sh"

cleanup() {
        umount "$FIX/sub" 2>/dev/null
        fixture_cleanup
}
trap cleanup EXIT
mkdir -p "$FIX/src" "$FIX/rw" "$FIX/sub"
echo content > "$FIX/src/file"
echo content > "$FIX/secret"
# A submount, so read-only and noexec must reach below the path's own mount.
mount -t tmpfs sandboxctl-mount-test "$FIX/sub" || skip "cannot mount a tmpfs"
cp /bin/true "$FIX/sub/true"
cp /bin/true "$FIX/rw/true"

expect pass mount-read-only.unit ReadOnlyPaths=
expect fail mount-read-only-off.unit "ReadOnlyPaths= (negative twin)"
rm -f "$FIX/x" "$FIX/sub/x"
expect pass mount-inaccessible.unit InaccessiblePaths=
expect fail mount-inaccessible-off.unit "InaccessiblePaths= (negative twin)"
expect pass mount-no-exec.unit NoExecPaths=/ExecPaths=
expect fail mount-no-exec-off.unit "NoExecPaths= (negative twin)"

# A missing path without '-': refused before anything runs, with FILE:LINE naming the directive.
for runner in start driver; do
        rm -f "$FIX/ran"
        run "$runner" mount-missing.unit
        if [ "$rc" -ne 0 ] && [ ! -e "$FIX/ran" ] &&
           echo "$out" | grep -q "mount-missing.unit:3: ReadWritePaths=.*does-not-exist"; then
                ok "missing path refused with FILE:LINE ($runner)"
        else
                not_ok "missing path ($runner): exit $rc"
                echo "$out" | sed 's/^/# /'
        fi
        rm -f "$FIX/ran"
        run "$runner" mount-missing-dash.unit
        if [ "$rc" -eq 0 ] && [ -e "$FIX/ran" ] && [ ! -e "$FIX/no-dest" ]; then
                ok "missing paths with '-' ignored ($runner)"
        else
                not_ok "missing paths with '-' ($runner): exit $rc"
                echo "$out" | sed 's/^/# /'
        fi
done
finish
