#!/bin/bash
# SPDX-License-Identifier: MIT
# SystemCallFilter=, SystemCallErrorNumber=, SystemCallArchitectures=: the configured errno, or death by
# SIGSYS: exit status 159, reported on stderr when a supervisor stays (cgroupfs, several commands).
. "$(dirname "$0")/lib.sh"

# Deny-list with SystemCallErrorNumber=.
expect_probe "SystemCallFilter=~uname + SystemCallErrorNumber=EACCES" syscall-filter-deny.unit EACCES uname
expect_probe "deny-list: an unlisted call works" syscall-filter-deny.unit ok adjtimex
expect_probe_not "twin: uname() works" empty.unit EACCES uname

# Deny-list, default action: kill with SIGSYS.
start "$UNITS/syscall-filter-deny-kill.unit" -- "$PROBE" uname
expect_rc "SystemCallFilter=~uname: killed" 159
expect_no_out "the payload never got to report" "^uname:"
start --backend=none "$UNITS/syscall-filter-deny-kill.unit" -- "$PROBE" uname
expect_rc "--backend=none: exec'd in place, killed" 159
expect_no_out "--backend=none: the payload never got to report" "^uname:"
# With a supervisor (two commands), the death is also reported on stderr.
start --backend=none "$UNITS/syscall-filter-deny-kill-two.unit"
expect_rc "two commands: the first is killed, the second never runs" 159
expect_out "a supervisor reports SIGSYS on stderr" "killed by SIGSYS"
expect_no_out "the second command did not run" "second-ran"

# Per-item errno and :kill.
expect_probe "uname:ENOTTY overrides SystemCallErrorNumber=" syscall-filter-item-errno.unit ENOTTY uname
start "$UNITS/syscall-filter-item-errno.unit" -- "$PROBE" adjtimex
expect_rc "adjtimex:kill kills" 159

# Allow-list: @default implied, unlisted calls get SystemCallErrorNumber=; '~' removes from the list.
expect_probe "allow-list @system-service: uname() allowed" syscall-filter-allow.unit ok uname
expect_probe "allow-list @system-service: iopl() denied with EPERM" syscall-filter-allow.unit EPERM iopl
expect_probe "allow-list minus ~@keyring: keyctl() denied" syscall-filter-allow.unit EPERM keyctl
expect_probe "twin: keyctl() works" empty.unit ok keyctl
start "$UNITS/syscall-filter-allow.unit" -- "$PYTHON" -c 'import os, json; print(json.dumps(list(os.uname())))'
expect_rc "a real program (python3) runs under @system-service" 0
start "$UNITS/syscall-filter-allow-kill.unit" -- "$PROBE" iopl
expect_rc "allow-list without SystemCallErrorNumber=: killed" 159
start -p SystemCallErrorNumber=EPERM "$UNITS/syscall-filter-allow-kill.unit" -- "$PROBE" iopl
expect_rc "-p SystemCallErrorNumber=EPERM turns the kill into an errno" 1

# SystemCallArchitectures=native: a call through another ABI (x32: getpid with __X32_SYSCALL_BIT) kills.
start "$UNITS/syscall-architectures.unit" -- "$PROBE" x32-getpid
expect_rc "SystemCallArchitectures=native: x32 syscall killed" 159
start "$UNITS/empty.unit" -- "$PROBE" x32-getpid
if [ "$RC" != 159 ] && [ -n "$(verdict x32-getpid)" ]; then
    ok "twin: x32 syscall reaches the kernel: $(verdict x32-getpid)"
else
    fail "twin: x32 syscall rc=$RC: $OUT"
fi
expect_probe "SystemCallArchitectures=native: native calls work" syscall-architectures.unit ok uname

# Everything is compiled before anything changes: a filter problem leaves nothing behind, nothing runs.
start -p SystemCallFilter=~uname "$UNITS/empty.unit" --dry-run -- "$PROBE" uname
expect_rc "--dry-run with a filter exits 0" 0
expect_out "--dry-run lists the compiled program" "seccomp SystemCallFilter: [0-9]+ rules"
expect_no_out "--dry-run runs nothing" "^uname:"
