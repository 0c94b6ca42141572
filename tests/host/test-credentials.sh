#!/bin/bash
# SPDX-License-Identifier: MIT
# User=, Group=, SupplementaryGroups=: ids from inside; an unknown user stops the run before anything.
. "$(dirname "$0")/lib.sh"

getent passwd nobody >/dev/null && getent group nogroup >/dev/null || skip "no nobody/nogroup on this machine"

start "$UNITS/user.unit" -- /bin/sh -c 'echo "$(id -u) $(id -g) $(id -G)"; grep -E "^(Uid|Gid):" /proc/self/status'
expect_out "User=nobody Group=nogroup: ids" "^65534 65534 65534$"
expect_out "User=nobody: real, effective, saved and fs uid" "^Uid:\s+65534\s+65534\s+65534\s+65534$"
expect_out "Group=nogroup: all gids" "^Gid:\s+65534\s+65534\s+65534\s+65534$"
start "$UNITS/empty.unit" -- /bin/sh -c 'echo "$(id -u) $(id -g)"'
expect_out "twin: root" "^0 0$"

start "$UNITS/user-numeric.unit" -- /usr/bin/id -u
expect_out "User=65534 (numeric)" "^65534$"
start -p Group=daemon "$UNITS/user.unit" -- /usr/bin/id -g
expect_out "-p Group=daemon overrides Group=" "^$(getent group daemon | cut -d: -f3)$"

start "$UNITS/supplementary-groups.unit" -- /usr/bin/id -G
expect_out "SupplementaryGroups=nogroup 4242" "^65534 4242$"
start -p SupplementaryGroups=4242 "$UNITS/empty.unit" -- /usr/bin/id -G
expect_out "SupplementaryGroups= for root replaces root's groups" "^0 4242$"

# The home and user variables systemd sets for User=.
start "$UNITS/user.unit" -- /usr/bin/env
expect_out "User=: USER" "^USER=nobody$"
expect_out "User=: LOGNAME" "^LOGNAME=nobody$"
expect_out "User=: HOME" "^HOME=$(getent passwd nobody | cut -d: -f6)$"
expect_out "User=: SHELL" "^SHELL=$(getent passwd nobody | cut -d: -f7)$"

# A user that does not resolve: FILE:LINE, exit 1, the payload never runs, nothing is created.
start "$UNITS/unknown-user.unit" -- /bin/touch "$TESTDIR/ran"
expect_rc "unknown User=" 1
expect_out "unknown User= named at FILE:LINE" "unknown-user.unit:3: User=: unknown user 'no-such-user-sandboxctl'"
[ ! -e "$TESTDIR/ran" ] && ok "unknown User=: the payload did not run" || fail "unknown User=: the payload ran"
start -p SupplementaryGroups=no-such-group-sandboxctl "$UNITS/empty.unit" -- /bin/true
expect_rc "unknown SupplementaryGroups=" 1
expect_out "unknown group named" "SupplementaryGroups=: unknown group 'no-such-group-sandboxctl'"
