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

# Every Limit*= with its unit conversion, read back from /proc/self/limits.
start "$UNITS/limits-all.unit" -- /bin/cat /proc/self/limits
check_limit() { # NAME SOFT HARD
    local line
    line=$(echo "$OUT" | grep "^$1 " | sed "s/^$1 *//" | awk '{ print $1, $2 }')
    [ "$line" = "$2 $3" ] && ok "limits-all: $1 $2 $3" || fail "limits-all: $1 '$line', expected '$2 $3'"
}
check_limit "Max cpu time" 3600 3600
check_limit "Max file size" 1073741824 1073741824
check_limit "Max data size" 2147483648 3221225472
check_limit "Max stack size" 4194304 4194304
check_limit "Max core file size" 0 0
check_limit "Max resident set" 536870912 536870912
check_limit "Max processes" 1000 1000
check_limit "Max open files" 321 654
check_limit "Max locked memory" 65536 65536
check_limit "Max address space" 8589934592 17179869184
check_limit "Max file locks" 99 99
check_limit "Max pending signals" 88 88
check_limit "Max msgqueue size" 4096 4096
check_limit "Max nice priority" 0 0
check_limit "Max realtime priority" 0 0
check_limit "Max realtime timeout" 2000000 2000000
start "$UNITS/empty.unit" -- /bin/cat /proc/self/limits
echo "$OUT" | grep -q "^Max open files *321 " && fail "twin: LimitNOFILE leaked" || ok "twin: host limits"
