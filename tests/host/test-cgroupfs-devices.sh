#!/bin/bash
# SPDX-License-Identifier: MIT
# cgroupfs backend, BPF device program (DeviceAllow=, DevicePolicy=): the payload probes device access from
# inside its cgroup, under strict/closed/auto units and a negative twin without any device directive. Each
# unit runs through backend-driver (the backend alone) and through `sandboxctl start --backend=cgroupfs`.
# cgroup2 device programs work on a hierarchy without controllers, so this runs on the hybrid build host.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/cgroupfs-lib.sh"

# A block device this root process can open outside any sandbox (some hosts deny their own disk to root).
BLK=
for d in /dev/loop0 /dev/vda /dev/sda /dev/nvme0n1 /dev/xvda; do
    if [ -b "$d" ] && "$PYTHON" -c 'import os, sys; os.close(os.open(sys.argv[1], os.O_RDONLY))' "$d" 2>/dev/null; then
        BLK=$d
        break
    fi
done
[ -n "$BLK" ] || skip "no block device node this host lets root open (/dev/loop0, /dev/vda, …)"
[ -c /dev/kmsg ] || skip "no /dev/kmsg"

SPECS=(/dev/null:r /dev/null:w "/dev/null:m:$TESTDIR/node" /dev/zero:r /dev/urandom:r /dev/kmsg:r /dev/kmsg:w
       "$BLK:r")

# run MODE UNIT: the probe inside the unit's sandbox, through the driver or through start.
run() {
    if [ "$1" = driver ]; then
        driver --backend=cgroupfs run "$(unit_path "$2")" -- "$PYTHON" "$DEVPROBE" "${SPECS[@]}"
    else
        start --backend=cgroupfs "$(unit_path "$2")" -- "$PYTHON" "$DEVPROBE" "${SPECS[@]}"
    fi
}

# The resolved rules (no kernel involved): closed's static list, the /proc/devices lookup of char-pts.
driver devices "$(unit_path cgroupfs-devices-auto)"
expect_out "auto: /dev/kmsg resolves to char 1:11 r" '^allow char 1:11 r$'
expect_out "auto: char-pts resolves to its major" "^allow char $(awk '$2 == "pts" { print $1 }' /proc/devices):\\* rw$"
expect_out "auto: the static list of closed is included" '^allow char 1:3 rwm$'
driver devices "$(unit_path cgroupfs-devices-off)"
expect_out "no device directive: no program" '^no device filter$'

for mode in driver start; do
    run "$mode" cgroupfs-devices-off
    expect_rc "$mode, no device directive" 0
    expect_in_leaf "$mode, no device directive"
    expect_dev "$mode, no device directive" /dev/kmsg:r ok
    expect_dev "$mode, no device directive" "$BLK:r" ok
    expect_dev "$mode, no device directive" "/dev/null:m:$TESTDIR/node" ok
    expect_nothing_left "$mode, no device directive"

    run "$mode" cgroupfs-devices-strict
    expect_rc "$mode, strict" 0
    expect_in_leaf "$mode, strict"
    expect_dev "$mode, strict" /dev/null:r ok
    expect_dev "$mode, strict" /dev/null:w ok
    expect_dev "$mode, strict (no m)" "/dev/null:m:$TESTDIR/node" EPERM
    expect_dev "$mode, strict" /dev/zero:r EPERM
    expect_dev "$mode, strict" /dev/urandom:r EPERM
    expect_dev "$mode, strict" /dev/kmsg:r EPERM
    expect_dev "$mode, strict" "$BLK:r" EPERM
    expect_nothing_left "$mode, strict"

    run "$mode" cgroupfs-devices-closed
    expect_rc "$mode, closed" 0
    expect_dev "$mode, closed" /dev/null:r ok
    expect_dev "$mode, closed" "/dev/null:m:$TESTDIR/node" ok
    expect_dev "$mode, closed" /dev/zero:r ok
    expect_dev "$mode, closed" /dev/urandom:r ok
    expect_dev "$mode, closed" /dev/kmsg:r EPERM
    expect_dev "$mode, closed" "$BLK:r" EPERM
    expect_nothing_left "$mode, closed"

    run "$mode" cgroupfs-devices-auto
    expect_rc "$mode, auto with entries" 0
    expect_dev "$mode, auto with entries" /dev/kmsg:r ok
    expect_dev "$mode, auto with entries (r only)" /dev/kmsg:w EPERM
    expect_dev "$mode, auto with entries" /dev/zero:r ok
    expect_dev "$mode, auto with entries" "$BLK:r" EPERM
    expect_nothing_left "$mode, auto with entries"
done

# -p overrides reach the backend like unit lines do.
start --backend=cgroupfs -p DevicePolicy=strict "$(unit_path cgroupfs-devices-off)" -- "$PYTHON" "$DEVPROBE" /dev/null:r
expect_dev "start -p DevicePolicy=strict" /dev/null:r EPERM
expect_nothing_left "start -p DevicePolicy=strict"
