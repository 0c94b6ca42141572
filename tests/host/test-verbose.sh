#!/bin/bash
# SPDX-License-Identifier: MIT
# `start -v` says, directive by directive with FILE:LINE, what applied it (namespace, seccomp, capability,
# cgroup file or BPF program of the chosen backend), and `show` names the backend start would use.
. "$(dirname "$0")/lib.sh"

u=$TESTDIR/verbose.unit
printf '[Sandbox]\nExecStart=/bin/true\nPrivateNetwork=yes\nSystemCallFilter=~@mount\nCapabilityBoundingSet=~CAP_SYS_ADMIN\nDevicePolicy=strict\nDeviceAllow=/dev/null rw\n' >"$u"

start -v --backend=none "$u"
expect_rc "--backend=none refuses the device directives" 1
start -v --backend=cgroupfs "$u"
if [ "$RC" != 0 ] && printf '%s\n' "$OUT" | grep -q "libbpf\|BPF"; then
    skip "no BPF device programs on this machine: $(echo "$OUT" | tr '\n' '|')"
fi
expect_rc "start -v runs" 0
expect_out "names the backend" '^sandboxctl: Backend: cgroupfs'
expect_out "PrivateNetwork= by a network namespace, at its line" "PrivateNetwork= \\($u:3\\): network namespace"
expect_out "SystemCallFilter= by seccomp" "SystemCallFilter= \\($u:4\\): .*seccomp"
expect_out "CapabilityBoundingSet= by the bounding set" "CapabilityBoundingSet= \\($u:5\\): .*capabilit"
expect_out "DeviceAllow= by the BPF device program" "DeviceAllow= \\($u:7\\): BPF device program"

OUT=$("$SANDBOXCTL" show --backend=cgroupfs "$u" 2>&1)
expect_out "show names the backend" '^Backend: cgroupfs'
OUT=$("$SANDBOXCTL" show --backend=none "$u" 2>&1)
expect_out "show names backend none" '^Backend: none$'
