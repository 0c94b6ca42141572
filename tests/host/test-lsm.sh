#!/bin/bash
# SPDX-License-Identifier: MIT
# AppArmorProfile= and SELinuxContext=. Where the LSM is inactive (this development machine: no LSM at all):
# without '-' the start is refused at FILE:LINE and the payload never runs; with '-' it runs. Where the LSM is
# active (the vm guest's Debian kernel has AppArmor): a missing profile stops the run at the
# APPARMOR_PROFILE step (exit 231), '-' ignores that, and with apparmor_parser a loaded profile is what the
# payload runs under. Exits 77 with the reason when no LSM is active, after the refusal checks passed.
. "$(dirname "$0")/lib.sh"

MARK="$TESTDIR/payload-ran"
RUN="touch $MARK; echo ran; cat /proc/self/attr/current 2>/dev/null; echo"

aa_active() {
    [ "$(cat /sys/module/apparmor/parameters/enabled 2>/dev/null)" = Y ] &&
        { [ ! -r /sys/kernel/security/lsm ] || grep -qw apparmor /sys/kernel/security/lsm; }
}
se_active() {
    [ -e /sys/fs/selinux/enforce ] &&
        { [ ! -r /sys/kernel/security/lsm ] || grep -qw selinux /sys/kernel/security/lsm; }
}

untested=()
exercised=0 # an active LSM was tested

# --- AppArmorProfile=
if ! aa_active; then
    rm -f "$MARK"
    start "$UNITS/apparmor-profile.unit" -- /bin/sh -c "$RUN"
    expect_rc "AppArmorProfile= without AppArmor: refused" 1
    expect_out "AppArmorProfile= without AppArmor: FILE:LINE error" 'apparmor-profile\.unit:2: AppArmorProfile=.*cannot be applied'
    [ ! -e "$MARK" ] && ok "AppArmorProfile= without AppArmor: the payload did not run" \
        || fail "AppArmorProfile= without AppArmor: the payload ran"
    rm -f "$MARK"
    start "$UNITS/apparmor-profile-dash.unit" -- /bin/sh -c "$RUN"
    expect_rc "AppArmorProfile=-… without AppArmor: runs (best effort)" 0
    [ -e "$MARK" ] && ok "AppArmorProfile=-…: the payload ran" || fail "AppArmorProfile=-…: the payload did not run"
    untested+=("AppArmor is not active (/sys/module/apparmor/parameters/enabled: $(cat /sys/module/apparmor/parameters/enabled 2>/dev/null || echo missing))")
else
    exercised=1
    rm -f "$MARK"
    start "$UNITS/apparmor-profile.unit" -- /bin/sh -c "$RUN"
    expect_rc "AppArmorProfile=<missing profile>: stops at APPARMOR_PROFILE" 231
    [ ! -e "$MARK" ] && ok "AppArmorProfile=<missing profile>: the payload did not run" \
        || fail "AppArmorProfile=<missing profile>: the payload ran"
    start "$UNITS/apparmor-profile-dash.unit" -- /bin/sh -c "$RUN"
    expect_rc "AppArmorProfile=-<missing profile>: runs (errors ignored)" 0
    if command -v apparmor_parser >/dev/null; then
        printf 'profile sandboxctl-test-profile flags=(complain) {\n  /** rwlmix,\n  capability,\n  network,\n  mount,\n  umount,\n  pivot_root,\n  signal,\n  ptrace,\n  unix,\n}\n' \
            > "$TESTDIR/profile"
        if apparmor_parser -r "$TESTDIR/profile" 2>"$TESTDIR/parser.err"; then
            start -p AppArmorProfile=sandboxctl-test-profile "$UNITS/empty.unit" -- /bin/sh -c "$RUN"
            expect_out "AppArmorProfile=sandboxctl-test-profile: the payload runs confined" '^sandboxctl-test-profile \(complain\)'
            start "$UNITS/empty.unit" -- /bin/sh -c "$RUN"
            expect_out "twin: without AppArmorProfile= the payload is unconfined" '^unconfined'
            apparmor_parser -R "$TESTDIR/profile" >/dev/null 2>&1
        else
            untested+=("apparmor_parser could not load a profile: $(cat "$TESTDIR/parser.err")")
        fi
    else
        untested+=("AppArmor is active but apparmor_parser is missing: no profile to switch to")
    fi
fi

# --- SELinuxContext=
if ! se_active; then
    rm -f "$MARK"
    start "$UNITS/selinux-context.unit" -- /bin/sh -c "$RUN"
    expect_rc "SELinuxContext= without SELinux: refused" 1
    expect_out "SELinuxContext= without SELinux: FILE:LINE error" 'selinux-context\.unit:2: SELinuxContext=.*cannot be applied'
    [ ! -e "$MARK" ] && ok "SELinuxContext= without SELinux: the payload did not run" \
        || fail "SELinuxContext= without SELinux: the payload ran"
    rm -f "$MARK"
    start "$UNITS/selinux-context-dash.unit" -- /bin/sh -c "$RUN"
    expect_rc "SELinuxContext=-… without SELinux: runs (best effort)" 0
    [ -e "$MARK" ] && ok "SELinuxContext=-…: the payload ran" || fail "SELinuxContext=-…: the payload did not run"
    untested+=("SELinux is not active (no /sys/fs/selinux)")
else
    exercised=1
    rm -f "$MARK"
    start "$UNITS/selinux-context.unit" -- /bin/sh -c "$RUN"
    if [ "$RC" = 229 ] || printf '%s\n' "$OUT" | grep -q '^system_u:system_r:sandboxctl_test_t'; then
        ok "SELinuxContext=: applied or refused at SELINUX_CONTEXT (rc=$RC)"
    else
        fail "SELinuxContext=: neither applied nor refused: rc=$RC, $(echo "$OUT" | tr '\n' '|')"
    fi
    start "$UNITS/selinux-context-dash.unit" -- /bin/sh -c "$RUN"
    expect_rc "SELinuxContext=-…: runs (errors ignored)" 0
fi

for u in "${untested[@]}"; do echo "# not tested here: $u"; done
if [ "$exercised" = 0 ] && [ "$FAILURES" = 0 ]; then
    echo "SKIP: the refusal checks passed, but no LSM is active: ${untested[*]}"
    exit 77
fi
