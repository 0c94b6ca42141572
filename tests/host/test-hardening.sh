#!/bin/bash
# SPDX-License-Identifier: MIT
# The seccomp-based hardening directives, each probed from inside next to its negative twin (empty.unit):
# ProtectClock=, the seccomp parts of ProtectKernelTunables=/ProtectKernelModules=/ProtectKernelLogs=/
# PrivateDevices=, RestrictAddressFamilies=, RestrictNamespaces=, LockPersonality=, MemoryDenyWriteExecute=,
# RestrictRealtime=, RestrictSUIDSGID=.
. "$(dirname "$0")/lib.sh"

HOST_BND=$((16#$(awk '/^CapBnd:/ { print $2 }' /proc/self/status)))
capbnd() { # capbnd UNIT: CapBnd inside, as a number
    start "$UNITS/$1" -- /bin/grep ^CapBnd: /proc/self/status
    echo $((16#$(echo "$OUT" | awk '{ print $2 }')))
}
has_cap() { (( ($1 >> $2) & 1 )); }

# ProtectClock=: @clock → EPERM; CAP_SYS_TIME and CAP_WAKE_ALARM leave the bounding set.
expect_probe "ProtectClock=yes: adjtimex()" protect-clock.unit EPERM adjtimex
expect_probe "twin: adjtimex() (read-only) works" empty.unit ok adjtimex
B=$(capbnd protect-clock.unit)
! has_cap "$B" 25 && ! has_cap "$B" 35 && ok "ProtectClock=yes: CAP_SYS_TIME, CAP_WAKE_ALARM dropped" \
    || fail "ProtectClock=yes: CapBnd $(printf %x "$B")"

# ProtectKernelTunables=: _sysctl() → EPERM (the kernel itself answers ENOSYS).
expect_probe "ProtectKernelTunables=yes: _sysctl()" protect-kernel-tunables.unit EPERM _sysctl
expect_probe_not "twin: _sysctl() reaches the kernel" empty.unit EPERM _sysctl
start "$UNITS/protect-kernel-tunables.unit" -- "$PROBE" write-proc-sys
[ "$(verdict write-proc-sys)" != ok ] && ok "ProtectKernelTunables=yes: /proc/sys not writable ($(verdict write-proc-sys))" \
    || fail "ProtectKernelTunables=yes: /proc/sys writable: $OUT"

# ProtectKernelModules=: @module → EPERM, CAP_SYS_MODULE dropped.
expect_probe "ProtectKernelModules=yes: finit_module()" protect-kernel-modules.unit EPERM finit_module
expect_probe "ProtectKernelModules=yes: init_module()" protect-kernel-modules.unit EPERM init_module
expect_probe_not "twin: finit_module() reaches the kernel" empty.unit EPERM finit_module
B=$(capbnd protect-kernel-modules.unit)
! has_cap "$B" 16 && ok "ProtectKernelModules=yes: CAP_SYS_MODULE dropped" || fail "CapBnd $(printf %x "$B")"

# ProtectKernelLogs=: syslog() → EPERM, CAP_SYSLOG dropped.
expect_probe "ProtectKernelLogs=yes: syslog()" protect-kernel-logs.unit EPERM syslog
expect_probe "twin: syslog() works" empty.unit ok syslog
B=$(capbnd protect-kernel-logs.unit)
! has_cap "$B" 34 && ok "ProtectKernelLogs=yes: CAP_SYSLOG dropped" || fail "CapBnd $(printf %x "$B")"

# PrivateDevices=: @raw-io → EPERM, CAP_MKNOD and CAP_SYS_RAWIO dropped.
expect_probe "PrivateDevices=yes: iopl()" private-devices.unit EPERM iopl
expect_probe_not "twin: iopl() reaches the kernel" empty.unit EPERM iopl
B=$(capbnd private-devices.unit)
! has_cap "$B" 27 && ! has_cap "$B" 17 && ok "PrivateDevices=yes: CAP_MKNOD, CAP_SYS_RAWIO dropped" \
    || fail "CapBnd $(printf %x "$B")"

# RestrictAddressFamilies=: socket() with another family → EAFNOSUPPORT.
expect_probe "RestrictAddressFamilies=AF_UNIX: AF_INET" restrict-address-families.unit EAFNOSUPPORT socket-inet
expect_probe "RestrictAddressFamilies=AF_UNIX: AF_NETLINK" restrict-address-families.unit EAFNOSUPPORT socket-netlink
expect_probe "RestrictAddressFamilies=AF_UNIX: AF_UNIX allowed" restrict-address-families.unit ok socket-unix
expect_probe "RestrictAddressFamilies=~AF_INET: AF_INET" restrict-address-families-deny.unit EAFNOSUPPORT socket-inet
expect_probe "RestrictAddressFamilies=~AF_INET: AF_INET6 allowed" restrict-address-families-deny.unit ok socket-inet6
expect_probe "twin: AF_INET works" empty.unit ok socket-inet

# RestrictNamespaces=: unshare()/setns() → EPERM, clone3() → ENOSYS (libc falls back to clone()).
expect_probe "RestrictNamespaces=yes: unshare(CLONE_NEWUTS)" restrict-namespaces.unit EPERM unshare-uts
expect_probe "RestrictNamespaces=yes: unshare(CLONE_NEWUSER)" restrict-namespaces.unit EPERM unshare-user
expect_probe "RestrictNamespaces=yes: clone3()" restrict-namespaces.unit ENOSYS clone3
sleep 120 &
HOST_PID=$!
STARTED_PIDS+=("$HOST_PID")
expect_probe "RestrictNamespaces=yes: setns() into a host process's mount namespace" restrict-namespaces.unit EPERM \
    setns "/proc/$HOST_PID/ns/mnt"
expect_probe "twin: setns() into it works" empty.unit ok setns "/proc/$HOST_PID/ns/mnt"
expect_probe "RestrictNamespaces=uts: unshare(CLONE_NEWUTS) allowed" restrict-namespaces-some.unit ok unshare-uts
expect_probe "RestrictNamespaces=uts: unshare(CLONE_NEWNET) denied" restrict-namespaces-some.unit EPERM unshare-net
expect_probe "twin: unshare(CLONE_NEWUTS) works" empty.unit ok unshare-uts
expect_probe "twin: clone3() reachable" empty.unit ok clone3
start "$UNITS/restrict-namespaces.unit" -- /bin/sh -c '/bin/true & wait $!; echo forked'
expect_out "RestrictNamespaces=yes: plain fork still works" "^forked$"

# LockPersonality=: personality() to anything else → EPERM.
expect_probe "LockPersonality=yes: personality(PER_LINUX32)" lock-personality.unit EPERM personality32
expect_probe "twin: personality(PER_LINUX32) works" empty.unit ok personality32

# MemoryDenyWriteExecute=: W+X mappings and making memory executable → EPERM.
expect_probe "MemoryDenyWriteExecute=yes: mmap(W|X)" memory-deny-write-execute.unit EPERM mmap-wx
expect_probe "MemoryDenyWriteExecute=yes: mprotect(+X)" memory-deny-write-execute.unit EPERM mprotect-x
expect_probe "twin: mmap(W|X) works" empty.unit ok mmap-wx

# RestrictRealtime=: SCHED_FIFO → EPERM, and RLIMIT_RTPRIO is 0.
expect_probe "RestrictRealtime=yes: sched_setscheduler(SCHED_FIFO)" restrict-realtime.unit EPERM sched-fifo
expect_probe "twin: SCHED_FIFO works" empty.unit ok sched-fifo
start "$UNITS/restrict-realtime.unit" -- /bin/sh -c 'ulimit -r; ulimit -H -r'
[ "$(echo $OUT)" = "0 0" ] && ok "RestrictRealtime=yes: RLIMIT_RTPRIO 0" || fail "RestrictRealtime=yes: RLIMIT_RTPRIO $OUT"

# RestrictSUIDSGID=: setting S_ISUID/S_ISGID → EPERM; openat2() → ENOSYS.
expect_probe "RestrictSUIDSGID=yes: fchmod(04755)" restrict-suid-sgid.unit EPERM fchmod-suid
expect_probe "RestrictSUIDSGID=yes: openat2()" restrict-suid-sgid.unit ENOSYS openat2
expect_probe "twin: fchmod(04755) works" empty.unit ok fchmod-suid
expect_probe "twin: openat2() works" empty.unit ok openat2
start "$UNITS/restrict-suid-sgid.unit" -- /bin/sh -c "touch $TESTDIR/f && chmod 0644 $TESTDIR/f && chmod u+s $TESTDIR/f; echo rc=\$?"
expect_out "RestrictSUIDSGID=yes: chmod u+s fails, plain chmod works" "rc=1"
