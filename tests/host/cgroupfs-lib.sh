# SPDX-License-Identifier: MIT
# Helpers of the cgroupfs backend tests; source after lib.sh. Every sandbox of these tests comes from a unit
# named cgroupfs-*.unit, so its cgroup is <own cgroup>/sandboxctl-cgroupfs-*; the registry is private to the
# test ($SANDBOXCTL_STATE_DIR). At exit, no such cgroup, registry entry or payload may remain.

DRIVER="$SANDBOXCTL_BUILD_ROOT/tests/host/backend-driver"
DEVPROBE="$PROBES/devices-probe.py"
[ -x "$DRIVER" ] || skip "no backend-driver at $DRIVER"

# The cgroup2 mount from mountinfo (the field after " - " is the fs type), and our own cgroup under it.
CG2=$(awk '{ for (i = 7; i <= NF; i++) if ($i == "-") { if ($(i + 1) == "cgroup2") print $5; break } }' \
        /proc/self/mountinfo | head -n1)
[ -n "$CG2" ] || skip "no cgroup2 file system is mounted"
OWN_REL=$(sed -n 's/^0:://p' /proc/self/cgroup)
OWN="$CG2${OWN_REL%/}"
[ -w "$OWN" ] || skip "our cgroup $OWN is not writable"

export SANDBOXCTL_STATE_DIR="$TESTDIR/state"

our_cgroups() {
    find "$OWN" -maxdepth 1 -type d -name 'sandboxctl-cgroupfs-*' 2>/dev/null | sort
}
CGROUPS_BEFORE=$(our_cgroups)

# expect_nothing_left DESC: no cgroup, registry entry or devices-probe/sleep payload of ours remains.
expect_nothing_left() {
    local cg reg procs i
    # The cleanup watchdog of a sandboxctl that just exited may need a moment.
    for i in $(seq 30); do
        cg=$(comm -13 <(echo "$CGROUPS_BEFORE") <(our_cgroups) | tr '\n' ' ')
        reg=$(ls -A "$SANDBOXCTL_STATE_DIR" 2>/dev/null | tr '\n' ' ')
        procs=$(pgrep -f -- "$TESTDIR" | tr '\n' ' ')
        [ -z "${cg// }" ] && [ -z "${reg// }" ] && [ -z "${procs// }" ] && break
        sleep 0.1
    done
    if [ -z "${cg// }" ] && [ -z "${reg// }" ] && [ -z "${procs// }" ]; then
        ok "$1: nothing left behind"
    else
        fail "$1: left behind: cgroups [$cg] registry [$reg] processes [$procs]"
        for c in $cg; do
            # Only ours: kill what is inside, then remove the directories.
            [ -e "$c/cgroup.kill" ] && echo 1 >"$c/cgroup.kill"
            sleep 0.2
            find "$c" -depth -type d -exec rmdir {} \; 2>/dev/null
        done
        rm -f "$SANDBOXCTL_STATE_DIR"/* 2>/dev/null
    fi
}

# unit_copy NAME: a copy of units/NAME.unit in $TESTDIR (ExecStart-free units; the command comes after --).
unit_path() {
    echo "$UNITS/$1.unit"
}

# probe_result SPEC: the devices-probe verdict for SPEC in $OUT.
probe_result() {
    printf '%s\n' "$OUT" | awk -v s="$1:" '$1 == s { print $2 }' | tail -n1
}

# expect_dev DESC SPEC WANT
expect_dev() {
    local got
    got=$(probe_result "$2")
    if [ "$got" = "$3" ]; then
        ok "$1: $2 -> $got"
    else
        fail "$1: $2 -> '$got', expected $3; output: $(echo "$OUT" | tr '\n' '|')"
    fi
}

# driver ARGS…: runs backend-driver; output in $OUT, status in $RC.
driver() {
    OUT=$("$DRIVER" "$@" 2>&1)
    RC=$?
}

# The payload's cgroup must be the leaf of a sandboxctl-cgroupfs-* directory under our cgroup.
expect_in_leaf() {
    if printf '%s\n' "$OUT" | grep -Eq "^cgroup: ${OWN_REL%/}/sandboxctl-cgroupfs-[A-Za-z0-9_.:-]+-[0-9a-f]{8}/payload$"; then
        ok "$1: payload ran in its own leaf cgroup"
    else
        fail "$1: payload not in a sandboxctl leaf cgroup: $(echo "$OUT" | tr '\n' '|')"
    fi
}
