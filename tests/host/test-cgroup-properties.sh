#!/bin/bash
# SPDX-License-Identifier: MIT
# Every cgroup directive's value as the payload reads it back from its own cgroup: CPUWeight=, CPUQuota= with
# CPUQuotaPeriodSec=, AllowedCPUs=, AllowedMemoryNodes=, Memory{Min,Low,High,Max,SwapMax}=, MemoryLimit=,
# TasksMax=, IOWeight=, IO{Read,Write}{Bandwidth,IOPS}Max=, percentages of RAM and of the task limit,
# CPUWeight=idle, OOMPolicy=kill, and (systemd: as properties of the scope) the …Accounting= switches and
# Startup{CPU,IO}Weight=. Runs with every backend that can apply them here: the systemd backend when a manager
# answers (the vm guest runs the host suite), cgroupfs when our cgroup delegates cpu, cpuset, memory, pids and
# io. The build host has neither (no systemd, controllers bound to cgroup v1): the test then exits 77, also
# under SANDBOXCTL_MUST_WORK=1, since nothing is misconfigured there.
. "$(dirname "$0")/lib.sh"

FILES="$PROBES/cgroup-files.py"
BACKENDS=()
start --backend=systemd "$UNITS/cgroupfs-devices-off.unit" -- /bin/true
[ "$RC" = 0 ] && BACKENDS+=(systemd)
OWN="/sys/fs/cgroup$(sed -n 's/^0:://p' /proc/self/cgroup)"
if [ -r "$OWN/cgroup.subtree_control" ]; then
    have=" $(cat "$OWN/cgroup.subtree_control") "
    [[ $have == *" cpu "* && $have == *" cpuset "* && $have == *" memory "* && $have == *" pids "* && \
       $have == *" io "* ]] && BACKENDS+=(cgroupfs)
fi
if [ ${#BACKENDS[@]} = 0 ]; then
    echo "SKIP: no systemd manager on the bus and our cgroup delegates no cpu/cpuset/memory/pids/io controllers"
    exit 77
fi

# expect_file DESC FILE WANT: the payload's FILE= line in $OUT.
expect_file() {
    local got
    got=$(printf '%s\n' "$OUT" | sed -n "s/^$2=//p" | tail -n1)
    if [ "$got" = "$3" ]; then
        ok "$1: $2 = $got"
    elif [ "$got" = "<ENOENT>" ] && [ "${4:-}" = optional ]; then
        ok "$1: $2 not supported by this kernel, not checked"
    else
        fail "$1: $2 = '$got', expected '$3'; output: $(echo "$OUT" | tr '\n' '|')"
    fi
}

# expect_near DESC FILE WANT TOLERANCE: numeric, within ±TOLERANCE (rounding of percentages differs by a page).
expect_near() {
    local got
    got=$(printf '%s\n' "$OUT" | sed -n "s/^$2=//p" | tail -n1)
    if [[ $got =~ ^[0-9]+$ ]] && [ $((got - $3)) -le "$4" ] && [ $(($3 - got)) -le "$4" ]; then
        ok "$1: $2 = $got (expected $3 ± $4)"
    else
        fail "$1: $2 = '$got', expected $3 ± $4; output: $(echo "$OUT" | tr '\n' '|')"
    fi
}

# The disk of / for the per-device IO directives (systemd writes the whole disk's MAJ:MIN).
DISK=
for d in /dev/vda /dev/sda /dev/nvme0n1 /dev/xvda; do
    if [ -b "$d" ]; then DISK=$d; break; fi
done
IO_PROPS=()
if [ -n "$DISK" ]; then
    DEV=$("$PYTHON" -c 'import os, sys; r = os.stat(sys.argv[1]).st_rdev; print(f"{os.major(r)}:{os.minor(r)}")' "$DISK")
    # IODeviceWeight= is left out: per-device io.weight needs blk-iocost enabled on the disk, which a stock
    # kernel does not do (systemd's write is then ignored too); IODeviceLatencyTargetSec= needs
    # blk-iolatency (no io.latency file in Debian 12's guest kernel: systemd's write is ignored). Both stay
    # "parsed only".
    IO_PROPS=(-p "IOReadBandwidthMax=$DISK 2M" -p "IOWriteBandwidthMax=$DISK 3M" -p "IOReadIOPSMax=$DISK 50"
              -p "IOWriteIOPSMax=$DISK 100")
fi

PAGE=$(getconf PAGESIZE)
PAGES=$(getconf _PHYS_PAGES)
PID_MAX=$(cat /proc/sys/kernel/pid_max)
THREADS_MAX=$(cat /proc/sys/kernel/threads-max)
TASKS=$((PID_MAX - 1 < THREADS_MAX ? PID_MAX - 1 : THREADS_MAX))
[ "$TASKS" -gt 4194303 ] && TASKS=4194303

for b in "${BACKENDS[@]}"; do
    start --backend="$b" "${IO_PROPS[@]}" "$UNITS/cgroup-properties.unit" -- "$PYTHON" "$FILES" \
        cpu.weight cpu.max cpuset.cpus cpuset.mems memory.min memory.low memory.high memory.max memory.swap.max \
        pids.max io.weight io.max
    expect_rc "$b: properties" 0
    expect_file "$b: CPUWeight=50" cpu.weight 50
    expect_file "$b: CPUQuota=150% CPUQuotaPeriodSec=50ms" cpu.max "75000 50000"
    expect_file "$b: AllowedCPUs=0" cpuset.cpus 0
    expect_file "$b: AllowedMemoryNodes=0" cpuset.mems 0
    expect_file "$b: MemoryMin=1M" memory.min 1048576
    expect_file "$b: MemoryLow=2M" memory.low 2097152
    expect_file "$b: MemoryHigh=100M" memory.high 104857600
    expect_file "$b: MemoryMax=200M" memory.max 209715200
    expect_file "$b: MemorySwapMax=0" memory.swap.max 0 optional
    expect_file "$b: TasksMax=32" pids.max 32
    if [ -n "$DISK" ]; then
        expect_file "$b: IOWeight=200" io.weight "default 200"
        expect_file "$b: IO{Read,Write}{Bandwidth,IOPS}Max=$DISK 2M 3M 50 100 (bandwidth base 1000)" io.max \
            "$DEV rbps=2000000 wbps=3000000 riops=50 wiops=100"
    fi

    start --backend="$b" "$UNITS/cgroup-percent.unit" -- "$PYTHON" "$FILES" memory.max memory.high pids.max
    expect_rc "$b: percentages" 0
    expect_near "$b: MemoryMax=50% of RAM" memory.max $((PAGES * 5000 / 10000 * PAGE)) $((2 * PAGE))
    expect_near "$b: MemoryHigh=25.5% of RAM" memory.high $((PAGES * 2550 / 10000 * PAGE)) $((2 * PAGE))
    expect_near "$b: TasksMax=10% of min(pid_max - 1, threads-max)" pids.max $((TASKS * 1000 / 10000)) 1

    start --backend="$b" "$UNITS/cgroup-accounting.unit" -- "$PYTHON" "$FILES" memory.max memory.oom.group
    expect_rc "$b: accounting switches" 0
    expect_file "$b: MemoryLimit=150M (cgroup v1 spelling of MemoryMax=)" memory.max 157286400
    expect_file "$b: OOMPolicy=kill (the whole sandbox goes on an OOM kill)" memory.oom.group 1
    if [ "$b" = systemd ]; then
        # The switches themselves show in the scope's properties while it runs.
        start --backend=systemd "$UNITS/cgroup-accounting.unit" -- /bin/sh -c \
            'systemctl show -p CPUAccounting -p MemoryAccounting -p IOAccounting -p TasksAccounting -p OOMPolicy "$(sed -n "s|^0::.*/||p" /proc/self/cgroup)"'
        for a in CPUAccounting=yes MemoryAccounting=yes IOAccounting=yes TasksAccounting=yes OOMPolicy=kill; do
            expect_out "$b: $a on the scope" "^$a$"
        done
    fi

    if [ "$b" = systemd ]; then
        # Only the properties can be checked: the manager applies them while it boots or shuts down.
        start --backend=systemd "$UNITS/cgroup-startup.unit" -- /bin/sh -c \
            'systemctl show -p StartupCPUWeight -p StartupIOWeight "$(sed -n "s|^0::.*/||p" /proc/self/cgroup)"'
        expect_out "$b: StartupCPUWeight=300 on the scope" "^StartupCPUWeight=300$"
        expect_out "$b: StartupIOWeight=400 on the scope" "^StartupIOWeight=400$"
    fi

    start --backend="$b" "$UNITS/cgroup-idle.unit" -- "$PYTHON" "$FILES" cpu.idle
    expect_rc "$b: CPUWeight=idle" 0
    expect_file "$b: CPUWeight=idle" cpu.idle 1 optional
done
