#!/bin/bash
# SPDX-License-Identifier: MIT
# CapabilityBoundingSet=, AmbientCapabilities=, NoNewPrivileges=: /proc/self/status read from inside.
. "$(dirname "$0")/lib.sh"

hex() { printf '%016x' "$1"; }
HOST_BND=$((16#$(awk '/^CapBnd:/ { print $2 }' /proc/self/status)))

# expect_caps DESC UNIT FIELD VALUE [start options…]
expect_caps() {
    local desc=$1 unit=$2 field=$3 want got
    want=$(hex "$4")
    [ "$field" = NoNewPrivs ] && want=$4
    shift 4
    start "$@" "$UNITS/$unit" -- /bin/grep "^$field:" /proc/self/status
    got=$(echo "$OUT" | awk -v f="$field:" '$1 == f { print $2 }')
    if [ "$got" = "$want" ]; then ok "$desc: $field $got"; else fail "$desc: $field '$got', expected $want ($OUT)"; fi
}

CHOWN=$((1 << 0)) KILL=$((1 << 5)) NET_BIND=$((1 << 10)) NET_RAW=$((1 << 13)) SYS_ADMIN=$((1 << 21))

expect_caps "CapabilityBoundingSet= lines are ORed" capability-bounding-set.unit CapBnd $((CHOWN | NET_BIND | KILL))
expect_caps "root keeps exactly the bounding set after execve" capability-bounding-set.unit CapEff $((CHOWN | NET_BIND | KILL))
expect_caps "CapabilityBoundingSet=~…: everything but the listed" capability-bounding-set-inverted.unit CapBnd \
    $((HOST_BND & ~(SYS_ADMIN | NET_RAW)))
expect_caps "CapabilityBoundingSet= (empty) resets" capability-bounding-set-reset.unit CapBnd $((KILL | CHOWN))
expect_caps "CapabilityBoundingSet= alone: nothing" capability-bounding-set-empty.unit CapBnd 0
expect_caps "CapabilityBoundingSet= alone: no effective capability" capability-bounding-set-empty.unit CapEff 0
expect_caps "twin: bounding set unchanged" empty.unit CapBnd "$HOST_BND"
expect_caps "-p CapabilityBoundingSet= overrides the unit" empty.unit CapBnd "$NET_RAW" -p CapabilityBoundingSet=CAP_NET_RAW
# The bounding set is what stops a capability from coming back.
expect_probe "CapabilityBoundingSet= without CAP_SYS_ADMIN: no mount" capability-bounding-set.unit EPERM mount "$TESTDIR"

# Ambient: a non-root User= keeps the ambient set (masked by the bounding set: CAP_SYS_PTRACE is not in it).
expect_caps "AmbientCapabilities= for User=nobody" ambient-capabilities.unit CapAmb "$NET_BIND"
expect_caps "AmbientCapabilities= become effective after execve" ambient-capabilities.unit CapEff "$NET_BIND"
expect_caps "twin: User=nobody without ambient capabilities" user.unit CapEff 0
BIND='import socket; s = socket.socket(); s.bind(("127.0.0.1", 80)); print("bound")'
start -p PrivateNetwork=yes "$UNITS/ambient-capabilities.unit" -- "$PYTHON" -c "$BIND"
expect_out "AmbientCapabilities=CAP_NET_BIND_SERVICE: nobody binds port 80" "^bound$"
start -p PrivateNetwork=yes "$UNITS/user.unit" -- "$PYTHON" -c "$BIND"
expect_out "twin: nobody cannot bind port 80" "Permission denied"

# NoNewPrivileges=: configured, and implied by a seccomp filter when CAP_SYS_ADMIN is gone (User=).
expect_caps "NoNewPrivileges=yes" no-new-privileges.unit NoNewPrivs 1
expect_caps "twin: no NoNewPrivs" empty.unit NoNewPrivs 0
expect_caps "NoNewPrivileges implied by a filter for User=nobody" user.unit NoNewPrivs 1 -p RestrictRealtime=yes
expect_caps "twin: not implied for root (CAP_SYS_ADMIN)" empty.unit NoNewPrivs 0 -p RestrictRealtime=yes
expect_caps "twin: not implied for User=nobody without a filter" user.unit NoNewPrivs 0
