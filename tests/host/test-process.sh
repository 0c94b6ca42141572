#!/bin/bash
# SPDX-License-Identifier: MIT
# Limit*=, UMask=, WorkingDirectory=: read back from inside.
. "$(dirname "$0")/lib.sh"

start "$UNITS/limits.unit" -- /bin/bash -c 'echo "nofile $(ulimit -Sn) $(ulimit -Hn)"; echo "core $(ulimit -Sc) $(ulimit -Hc)"; echo "nproc $(ulimit -Su) $(ulimit -Hu)"; echo "umask $(umask)"'
expect_out "LimitNOFILE=123" "^nofile 123 123$"
expect_out "LimitCORE=0:infinity" "^core 0 unlimited$"
expect_out "LimitNPROC=77:88" "^nproc 77 88$"
expect_out "UMask=0077" "^umask 0077$"
start "$UNITS/empty.unit" -- /bin/sh -c 'echo "nofile $(ulimit -Sn)"; echo "umask $(umask)"'
expect_no_out "twin: no LimitNOFILE=" "^nofile 123$"
expect_out "twin: systemd's default umask 0022" "^umask 0022$"
start -p LimitNOFILE=5 "$UNITS/empty.unit" -- "$PYTHON" -c 'import os; [os.open("/dev/null", os.O_RDONLY) for _ in range(10)]'
expect_out "LimitNOFILE=5 is enforced" "Too many open files"

start "$UNITS/working-directory.unit" -- /bin/pwd
expect_out "WorkingDirectory=/usr/share" "^/usr/share$"
start "$UNITS/empty.unit" -- /bin/pwd
expect_out "twin: systemd's default /" "^/$"
start -p WorkingDirectory=~ "$UNITS/user.unit" -- /bin/pwd
[ "$RC" = 0 ] || [ ! -d "$(getent passwd nobody | cut -d: -f6)" ] && ok "WorkingDirectory=~ (home of nobody, rc=$RC)" || fail "WorkingDirectory=~: $OUT"
start -p WorkingDirectory=/nonexistent-sandboxctl "$UNITS/empty.unit" -- /bin/pwd
expect_rc "missing WorkingDirectory=: step CHDIR's status" 200
expect_out "missing WorkingDirectory=: Failed at step CHDIR" "Failed at step CHDIR: No such file or directory \(/nonexistent-sandboxctl\)"
start -p WorkingDirectory=-/nonexistent-sandboxctl "$UNITS/empty.unit" -- /bin/true
expect_rc "WorkingDirectory=-…: failure ignored" 0
mkdir -m 0700 "$TESTDIR/private"
start -p "WorkingDirectory=$TESTDIR/private" "$UNITS/user.unit" -- /bin/pwd
expect_rc "WorkingDirectory= is entered as User= (permission checked)" 200
