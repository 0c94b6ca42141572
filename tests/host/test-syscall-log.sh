#!/bin/bash
# SPDX-License-Identifier: MIT
# SystemCallLog=: logged calls still run, and the kernel writes an audit record (type 1326, SECCOMP_RET_LOG =
# code 0x7ffc0000) for them. Read back from the kernel log.
. "$(dirname "$0")/lib.sh"

grep -qw log /proc/sys/kernel/seccomp/actions_logged 2>/dev/null || skip "the kernel does not log SECCOMP_RET_LOG actions"
dmesg >/dev/null 2>&1 || skip "cannot read the kernel log"

records() { # records PID: audit lines of SECCOMP_RET_LOG for that pid
    dmesg | grep "type=1326" | grep " pid=$1 " | grep "code=0x7ffc0000"
}
uname_nr=63 # x86-64
[ "$(uname -m)" = x86_64 ] || skip "the syscall numbers here are x86-64's"

start "$UNITS/syscall-log.unit" -- "$PROBE" uname-pid
P=$(echo "$OUT" | sed -n 's/^pid: //p')
expect_out "SystemCallLog=uname: the call still runs" "^uname-pid: ok"
sleep 0.2
records "$P" | grep -q " syscall=$uname_nr " && ok "SystemCallLog=uname: uname() logged for pid $P" \
    || fail "SystemCallLog=uname: no audit record for pid $P"
records "$P" | grep -qv " syscall=$uname_nr " && fail "SystemCallLog=uname: other calls logged too" \
    || ok "SystemCallLog=uname: nothing else logged"

start "$UNITS/syscall-log-inverted.unit" -- "$PROBE" uname-pid
P=$(echo "$OUT" | sed -n 's/^pid: //p')
sleep 0.2
records "$P" | grep -qv " syscall=$uname_nr " && ok "SystemCallLog=~uname write: other calls logged" \
    || fail "SystemCallLog=~uname write: nothing logged for pid $P"
records "$P" | grep -q " syscall=$uname_nr " && fail "SystemCallLog=~uname write: uname() logged" \
    || ok "SystemCallLog=~uname write: uname() not logged"

start "$UNITS/empty.unit" -- "$PROBE" uname-pid
P=$(echo "$OUT" | sed -n 's/^pid: //p')
sleep 0.2
[ -n "$P" ] && [ -z "$(records "$P")" ] && ok "twin: nothing logged without SystemCallLog=" \
    || fail "twin: records for pid '$P': $(records "$P")"
