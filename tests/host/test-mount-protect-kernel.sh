#!/bin/bash
# SPDX-License-Identifier: MIT
# The mount part of ProtectKernelTunables=, ProtectKernelModules=, ProtectKernelLogs=, ProtectControlGroups=.
. "$(dirname "$0")/mount-lib.sh"

made_modules=
cleanup() {
        rm -f /sys/fs/cgroup/sandboxctl-mount-test
        rm -f /usr/lib/modules/sandboxctl-mount-test
        [ -n "$made_modules" ] && rmdir /usr/lib/modules
        fixture_cleanup
}
trap cleanup EXIT

expect pass mount-protect-kernel-tunables.unit ProtectKernelTunables=yes
expect fail mount-protect-kernel-tunables-off.unit "ProtectKernelTunables= (negative twin)"
expect pass mount-protect-kernel-logs.unit ProtectKernelLogs=yes
expect fail mount-protect-kernel-logs-off.unit "ProtectKernelLogs= (negative twin)"
if [ ! -e /usr/lib/modules ]; then
        mkdir /usr/lib/modules && made_modules=1
fi
touch /usr/lib/modules/sandboxctl-mount-test
expect pass mount-protect-kernel-modules.unit ProtectKernelModules=yes
expect fail mount-protect-kernel-modules-off.unit "ProtectKernelModules= (negative twin)"
if [ -d /sys/fs/cgroup ]; then
        expect pass mount-protect-control-groups.unit ProtectControlGroups=yes
        expect fail mount-protect-control-groups-off.unit "ProtectControlGroups= (negative twin)"
fi
finish
