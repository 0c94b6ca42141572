#!/bin/sh
# SPDX-License-Identifier: MIT
# `sandboxctl syscall-filter` and `sandboxctl capabilities`: output format, argument handling, --json, and —
# when the installed systemd-analyze is version 252, the source of our group table — byte equality with
# `systemd-analyze syscall-filter`.
set -eu
bin=${SANDBOXCTL:?}
src=${SANDBOXCTL_SOURCE_ROOT:?}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
rc=0
fail() { echo "FAIL: $*"; rc=1; }

cat >"$tmp/clock" <<'EOT'
@clock
    # Change the system time
    adjtimex
    clock_adjtime
    clock_adjtime64
    clock_settime
    clock_settime64
    settimeofday

@swap
    # Enable/disable swap devices
    swapoff
    swapon
EOT
"$bin" syscall-filter @clock @swap >"$tmp/out" || fail "syscall-filter @clock @swap exited $?"
diff -u "$tmp/clock" "$tmp/out" || fail "syscall-filter @clock @swap output differs"

# Unknown groups: exit 1, a message, nothing on stdout (even when a valid group comes first).
for args in "@nope" "clock" "@clock @nope"; do
        st=0
        # shellcheck disable=SC2086
        "$bin" syscall-filter $args >"$tmp/out" 2>"$tmp/err" || st=$?
        [ "$st" = 1 ] || fail "syscall-filter $args: exit $st, expected 1"
        [ -s "$tmp/out" ] && fail "syscall-filter $args printed to stdout"
        grep -q "Unknown system call group" "$tmp/err" || fail "syscall-filter $args: no error message"
done

# Without arguments: every group of the data file, in its order, then the ungrouped @known members.
"$bin" syscall-filter >"$tmp/all" || fail "syscall-filter exited $?"
grep '^@' "$tmp/all" >"$tmp/groups"
grep -oE '^@[a-z-]+' "$src/src/directive/syscall-groups.txt" >"$tmp/want-groups"
diff -u "$tmp/want-groups" "$tmp/groups" || fail "group list differs from syscall-groups.txt"
grep -q '^# Ungrouped System Calls' "$tmp/all" || fail "no ungrouped section"

if command -v systemd-analyze >/dev/null && systemd-analyze --version | head -n1 | grep -q '^systemd 252 '; then
        # systemd-analyze ends with a blank line before its notice about the kernel's syscall list.
        systemd-analyze syscall-filter 2>/dev/null | sed '${/^$/d}' >"$tmp/sa"
        diff -u "$tmp/sa" "$tmp/all" || fail "syscall-filter differs from systemd-analyze syscall-filter (252)"
else
        echo "# note: systemd-analyze 252 not installed; skipped the byte comparison with it"
fi

# --json: valid, same groups and members.
"$bin" --json syscall-filter @privileged >"$tmp/json" || fail "--json syscall-filter exited $?"
python3 - "$tmp/json" <<'EOT' || fail "--json syscall-filter @privileged is wrong"
import json, sys
d = json.load(open(sys.argv[1]))
assert [g["name"] for g in d] == ["@privileged"], d
assert "@clock" in d[0]["members"] and "bpf" in d[0]["members"], d
assert d[0]["help"] == "All system calls which need super-user capabilities"
EOT

# capabilities: header plus CAP_CHOWN (0) … CAP_CHECKPOINT_RESTORE (40).
"$bin" capabilities >"$tmp/caps" || fail "capabilities exited $?"
[ "$(wc -l <"$tmp/caps")" = 42 ] || fail "capabilities: $(wc -l <"$tmp/caps") lines, expected 42"
grep -qE '^CAP_SYS_ADMIN +21$' "$tmp/caps" || fail "capabilities: no 'CAP_SYS_ADMIN 21' line"
grep -qE '^CAP_CHECKPOINT_RESTORE +40$' "$tmp/caps" || fail "capabilities: no 'CAP_CHECKPOINT_RESTORE 40' line"
"$bin" --json capabilities | python3 -c '
import json, sys
d = json.load(sys.stdin)
assert len(d) == 41 and d[21] == {"name": "CAP_SYS_ADMIN", "number": 21}, d[21]
' || fail "--json capabilities is wrong"

[ $rc = 0 ] && echo "ok: syscall-filter and capabilities"
exit $rc
