#!/bin/bash
# SPDX-License-Identifier: MIT
# ProtectControlGroups=private|strict (systemd >= 257): a cgroup namespace rooted at the sandbox's own cgroup
# and a new cgroup2 instance on /sys/fs/cgroup, writable (private) or read-only (strict). Probed from inside,
# next to twins without the directive and with ProtectControlGroups=yes. Runs with --backend=cgroupfs, so the
# cgroup the payload sees (and writes to, for private) is one sandboxctl created for it; without cgroupfs
# the writable check is skipped (the payload's cgroup would then be the caller's).
. "$(dirname "$0")/lib.sh"

BE=()
if "$SANDBOXCTL" start --backend=cgroupfs "$UNITS/empty.unit" -- /bin/true >/dev/null 2>&1; then
    BE=(--backend=cgroupfs)
else
    echo "# no cgroupfs backend here: running with --backend=none, the write check is skipped"
    BE=(--backend=none)
fi

PROBE_SH='echo "cg=$(tail -n1 /proc/self/cgroup)"; echo "fs=$(stat -f -c %T /sys/fs/cgroup)";
echo "self=$$"; echo "procs=$(tr "\n" " " < /sys/fs/cgroup/cgroup.procs 2>/dev/null)";
echo "subdirs=$(find /sys/fs/cgroup -mindepth 1 -maxdepth 1 -type d | wc -l)"'

for v in private strict; do
    start "${BE[@]}" "$UNITS/protect-control-groups-$v.unit" -- /bin/sh -c "$PROBE_SH"
    expect_rc "ProtectControlGroups=$v: payload runs" 0
    expect_out "ProtectControlGroups=$v: /proc/self/cgroup shows 0::/" '^cg=0::/$'
    expect_out "ProtectControlGroups=$v: /sys/fs/cgroup is a cgroup2 file system" '^fs=cgroup2fs$'
    self=$(printf '%s\n' "$OUT" | sed -n 's/^self=//p')
    procs=$(printf '%s\n' "$OUT" | sed -n 's/^procs=//p')
    if [ "${BE[0]}" = --backend=cgroupfs ]; then
        # The root of the view is the sandbox's own cgroup: it holds the payload, not the host's init, and
        # no host cgroup is below it.
        if [ -n "$self" ] && [[ " $procs " == *" $self "* ]] && [[ " $procs " != *" 1 "* ]]; then
            ok "ProtectControlGroups=$v: the view's root cgroup is the sandbox's (cgroup.procs: $procs)"
        else
            fail "ProtectControlGroups=$v: root cgroup.procs '$procs' should hold the payload $self and not PID 1"
        fi
        expect_out "ProtectControlGroups=$v: no host cgroup below the view's root" '^subdirs=0$'
    fi
done

# Twin: without a cgroup namespace the payload sees its real cgroup path.
start "${BE[@]}" "$UNITS/empty.unit" -- /bin/sh -c "$PROBE_SH"
if [ "${BE[0]}" = --backend=cgroupfs ]; then
    if printf '%s\n' "$OUT" | grep -Eq '^cg=0::/.+'; then
        ok "twin: without ProtectControlGroups= the payload sees its cgroup path ($(printf '%s\n' "$OUT" | sed -n 's/^cg=//p'))"
    else
        fail "twin: without ProtectControlGroups= expected a non-root cgroup path: $(echo "$OUT" | tr '\n' '|')"
    fi
fi
if [ "${BE[0]}" = --backend=cgroupfs ]; then
    start "${BE[@]}" "$UNITS/protect-control-groups-yes.unit" -- /bin/sh -c "$PROBE_SH"
    if printf '%s\n' "$OUT" | grep -Eq '^cg=0::/.+'; then
        ok "twin: ProtectControlGroups=yes keeps the host's view (no cgroup namespace)"
    else
        fail "twin: ProtectControlGroups=yes should not create a cgroup namespace: $(echo "$OUT" | tr '\n' '|')"
    fi
fi

# strict: read-only. private: writable (only in a cgroup sandboxctl created: the cgroupfs backend's).
start "${BE[@]}" "$UNITS/protect-control-groups-strict.unit" -- /bin/sh -c 'mkdir /sys/fs/cgroup/sbx-probe 2>&1; echo rc=$?'
expect_out "ProtectControlGroups=strict: mkdir in /sys/fs/cgroup fails with EROFS" 'Read-only file system'
if [ "${BE[0]}" = --backend=cgroupfs ]; then
    start "${BE[@]}" "$UNITS/protect-control-groups-private.unit" -- /bin/sh -c \
        'mkdir /sys/fs/cgroup/sbx-probe && echo made && rmdir /sys/fs/cgroup/sbx-probe && echo removed'
    expect_out "ProtectControlGroups=private: the sandbox's cgroup is writable (child cgroup made and removed)" '^removed$'
fi

# Combined with PrivatePIDs=: the view's root holds the payload as PID 1.
start "${BE[@]}" -p PrivatePIDs=yes "$UNITS/protect-control-groups-strict.unit" -- /bin/sh -c "$PROBE_SH"
expect_out "ProtectControlGroups=strict + PrivatePIDs=yes: 0::/" '^cg=0::/$'
expect_out "ProtectControlGroups=strict + PrivatePIDs=yes: the payload is PID 1" '^self=1$'

OUT=$("$SANDBOXCTL" start --dry-run "$UNITS/protect-control-groups-private.unit" -- /bin/true 2>&1)
expect_out "--dry-run: a cgroup namespace" 'CLONE_NEWCGROUP'
expect_out "--dry-run: a writable cgroup2 on /sys/fs/cgroup" '^cgroup2 /sys/fs/cgroup \[rw\]'
