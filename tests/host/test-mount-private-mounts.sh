#!/bin/bash
# SPDX-License-Identifier: MIT
# PrivateMounts=: the payload's own mounts never reach the host (checked from the host side; there is no
# negative twin: without a mount namespace the payload's mount would land on the host).
. "$(dirname "$0")/mount-lib.sh"

mkdir -p "$FIX/rw"
expect pass mount-private-mounts.unit PrivateMounts=yes
if grep -q " $FIX/rw " /proc/self/mountinfo || [ -e "$FIX/rw/inside" ]; then
        not_ok "the payload's mount reached the host"
        umount "$FIX/rw" 2>/dev/null
else
        ok "the payload's mount stayed inside"
fi
finish
