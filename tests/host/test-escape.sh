#!/bin/bash
# SPDX-License-Identifier: MIT
# The escape suite: under the hardened unit (as root without capabilities, and as nobody) the payload tries
# the classic ways out of a sandbox. Every attempt must fail. For each, the test shows the errno under the
# full unit and again with SystemCallFilter= reset, so the line says which protection stopped it: the
# syscall filter, and what still stops it without the filter (capabilities, namespaces, read-only mounts,
# no_new_privs, the other seccomp-based directives).
. "$(dirname "$0")/lib.sh"

# A host process to attack: ours, killed at exit.
sleep 300 &
VICTIM=$!
STARTED_PIDS+=("$VICTIM")

# A setuid-root binary outside /tmp (PrivateTmp= hides /tmp): a copy of id(1), removed at exit.
SUID_DIR=$(mktemp -d /var/lib/sandboxctl-escape-test.XXXXXX)
trap 'rm -rf -- "$SUID_DIR"; cleanup' EXIT
chmod 0755 "$SUID_DIR"
cp /usr/bin/id "$SUID_DIR/suid-id"
chmod 4755 "$SUID_DIR/suid-id"

# op → what, beyond the syscall filter, is meant to stop it.
declare -A WHY=(
    [mount]="no CAP_SYS_ADMIN (CapabilityBoundingSet=/User=), @mount not in @system-service"
    [ptrace]="no CAP_SYS_PTRACE over a host process (CapabilityBoundingSet=/User=)"
    [mknod-blk]="no CAP_MKNOD (PrivateDevices=, CapabilityBoundingSet=), PrivateTmp= nodev"
    [init_module]="ProtectKernelModules= (seccomp @module, no CAP_SYS_MODULE)"
    [finit_module]="ProtectKernelModules= (seccomp @module, no CAP_SYS_MODULE)"
    [write-proc-sys]="ProtectKernelTunables= (read-only /proc/sys)"
    [keyctl]="filter only: SystemCallFilter=~@keyring"
    [bpf]="no CAP_BPF/CAP_SYS_ADMIN, bpf() not in @system-service"
    [userfaultfd]="SystemCallFilter=~userfaultfd"
    [perf_event_open]="filter only: not in @system-service"
    [io_uring_setup]="filter only: SystemCallFilter=~io_uring_setup (@aio allows it)"
    [setns]="RestrictNamespaces=, no CAP_SYS_ADMIN over the host's namespaces"
    [unshare-user]="RestrictNamespaces="
    [sethostname-same]="ProtectHostname= (own UTS namespace + seccomp)"
    [adjtimex]="ProtectClock="
    [socket-inet]="RestrictAddressFamilies=AF_UNIX"
    [connect]="PrivateNetwork= (and RestrictAddressFamilies=)"
)

attempt() { # attempt UNIT OP [ARG]
    local unit=$1 op=$2 arg=${3:-} full without
    start "$UNITS/$unit" -- "$PROBE" "$op" $arg
    full=$(verdict "$op")
    [ -z "$full" ] && [ "$RC" = 159 ] && full=SIGSYS
    start -p SystemCallFilter= "$UNITS/$unit" -- "$PROBE" "$op" $arg
    without=$(verdict "$op")
    [ -z "$without" ] && [ "$RC" = 159 ] && without=SIGSYS
    if [ "$full" = ok ] || [ -z "$full" ]; then
        fail "[$unit] $op ${arg}: NOT stopped (${full:-no verdict, rc=$RC})"
    elif [ "$without" = ok ] && [[ "${WHY[$op]}" == "filter only:"* ]]; then
        ok "[$unit] $op: $full by SystemCallFilter= (the only protection against it: ${WHY[$op]#filter only: })"
    elif [ "$without" = ok ]; then
        fail "[$unit] $op: stopped only by the syscall filter ($full); ${WHY[$op]} did not hold"
    else
        ok "[$unit] $op: $full by SystemCallFilter=; without it still $without: ${WHY[$op]}"
    fi
}

for unit in kitchen-sink.unit hardened-nobody.unit; do
    attempt "$unit" mount /tmp
    attempt "$unit" ptrace "$VICTIM"
    attempt "$unit" mknod-blk /tmp/blk
    attempt "$unit" init_module
    attempt "$unit" finit_module
    attempt "$unit" write-proc-sys
    attempt "$unit" keyctl
    attempt "$unit" bpf
    attempt "$unit" userfaultfd
    attempt "$unit" perf_event_open
    attempt "$unit" io_uring_setup
    for ns in mnt net pid user uts ipc cgroup; do
        attempt "$unit" setns "/proc/$VICTIM/ns/$ns"
    done
    attempt "$unit" unshare-user
    attempt "$unit" sethostname-same
    attempt "$unit" adjtimex
    attempt "$unit" socket-inet
done

# A setuid-root binary does not give root back: no_new_privs (and an empty bounding set).
start "$UNITS/hardened-nobody.unit" -- "$SUID_DIR/suid-id" -u
OUT=$(echo "$OUT" | tail -n1)
[ "$OUT" = 65534 ] && ok "[hardened-nobody.unit] setuid-root binary: still uid 65534 (NoNewPrivileges=)" \
    || fail "[hardened-nobody.unit] setuid-root binary gave euid '$OUT'"
start -p NoNewPrivileges=no -p SystemCallFilter= "$UNITS/hardened-nobody.unit" -- "$SUID_DIR/suid-id" -u
OUT=$(echo "$OUT" | tail -n1)
[ "$OUT" = 65534 ] && ok "[hardened-nobody.unit] setuid-root binary without NoNewPrivileges=: still 65534 (implied by the remaining filters)" \
    || fail "[hardened-nobody.unit] without NoNewPrivileges=: euid '$OUT'"
start "$UNITS/user.unit" -- "$SUID_DIR/suid-id" -u
OUT=$(echo "$OUT" | tail -n1)
[ "$OUT" = 0 ] && ok "twin: User=nobody without protections gains euid 0 through the setuid binary" \
    || fail "twin: the setuid binary should give euid 0 without protections, got '$OUT'"

# Attempts that must work in the twin (so the probe is not broken): a few, as root without any protection.
expect_probe "twin: ptrace of the host process works unprotected" empty.unit ok ptrace "$VICTIM"
expect_probe "twin: bpf() works unprotected" empty.unit ok bpf
expect_probe "twin: perf_event_open() works unprotected" empty.unit ok perf_event_open
expect_probe "twin: io_uring_setup() works unprotected" empty.unit ok io_uring_setup
