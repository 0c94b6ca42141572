#!/bin/bash
# SPDX-License-Identifier: MIT
# RootDirectory= (+ MountAPIVFS=, '+' paths, symlinks resolved inside the root).
. "$(dirname "$0")/mount-lib.sh"

cleanup() {
        [ -d /etc/sub ] && [ -n "$made_etc_sub" ] && rmdir /etc/sub
        fixture_cleanup
}
made_etc_sub=
trap cleanup EXIT
[ -e /etc/sub ] && skip "/etc/sub exists on this host"
[ -x /usr/bin/sh ] || skip "needs a merged /usr (/usr/bin/sh)"

# A minimal root: the host's /usr bound in by the unit, merged-/usr symlinks, a marker, and an absolute
# symlink that must not lead out of the root.
R="$FIX/root"
mkdir -p "$R/usr" "$R/etc" "$R/tmp"
for d in bin sbin lib lib64; do ln -s "usr/$d" "$R/$d"; done
ln -s /etc "$R/escape"
touch "$R/etc/sandboxctl-root-marker"

expect pass mount-root-directory.unit RootDirectory=
if [ -e /etc/sub ]; then made_etc_sub=1; not_ok "a mount point was created on the host's /etc"; else ok "the symlink stayed inside the root"; fi
if [ -d "$R/etc/sub" ] && [ ! -e "$R/etc/sub/x" ] && [ ! -e "$R/tmp/x" ] && [ ! -e "$R/var/tmp/x" ]; then
        ok "mount points in the root, files only in the tmpfs"
else
        not_ok "unexpected content in the root: $(ls -R "$R/etc" "$R/tmp" | tr '\n' ' ')"
fi
expect fail mount-root-directory-off.unit "RootDirectory= (negative twin)"

for runner in start driver; do
        run "$runner" mount-root-directory-missing.unit
        if [ "$rc" -ne 0 ] && echo "$out" | grep -q "mount-root-directory-missing.unit:3: RootDirectory=.*no-such-root"; then
                ok "missing RootDirectory= refused with FILE:LINE ($runner)"
        else
                not_ok "missing RootDirectory= ($runner): exit $rc"
                echo "$out" | sed 's/^/# /'
        fi
done
finish
