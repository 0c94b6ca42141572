#!/bin/bash
# SPDX-License-Identifier: MIT
# Environment=, EnvironmentFile=, UnsetEnvironment=, PassEnvironment=: the payload gets systemd's service
# environment, never the caller's.
. "$(dirname "$0")/lib.sh"

export SANDBOXCTL_TEST_SECRET=do-not-leak-$RANDOM
export SANDBOXCTL_TEST_PASSED=passed-through

start "$UNITS/empty.unit" -- /usr/bin/env
expect_no_out "the caller's environment does not leak" "SANDBOXCTL_TEST_SECRET"
expect_out "PATH is systemd's default" "^PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin$"
[ "$(echo "$OUT" | wc -l)" = 1 ] && ok "an empty unit gives PATH only" || fail "environment: $(echo "$OUT" | tr '\n' ' ')"

start "$UNITS/environment.unit" -- /usr/bin/env
expect_out "Environment= with quotes" "^GREETING=hello world$"
expect_out "Environment=" "^KEEP=1$"
expect_no_out "UnsetEnvironment=DROP" "^DROP="
expect_no_out "UnsetEnvironment=DROPEXACT=a (exact match)" "^DROPEXACT="
expect_out "PassEnvironment= takes the caller's value" "^SANDBOXCTL_TEST_PASSED=passed-through$"
expect_no_out "PassEnvironment= passes only what it names" "SANDBOXCTL_TEST_SECRET"
start -p Environment=DROPEXACT=b "$UNITS/environment.unit" -- /usr/bin/env
expect_out "UnsetEnvironment=DROPEXACT=a keeps another value" "^DROPEXACT=b$"

cat > "$TESTDIR/env" <<'EOT'
# comment
; another comment
OVERRIDE=from-file
SPACED = "quoted value"  
SINGLE='it''s'
ESCAPED="a\"b"
CONT=one\
two
export NOTAKEY=1
1INVALID=x
EOT
start -p "EnvironmentFile=$TESTDIR/env" "$UNITS/environment.unit" -- /usr/bin/env
expect_out "EnvironmentFile= overrides Environment=" "^OVERRIDE=from-file$"
expect_out "EnvironmentFile=: whitespace and double quotes" "^SPACED=quoted value$"
expect_out "EnvironmentFile=: single quotes" "^SINGLE=its$"
expect_out "EnvironmentFile=: escapes in double quotes" '^ESCAPED=a"b$'
expect_out "EnvironmentFile=: continuation lines" "^CONT=onetwo$"
expect_no_out "EnvironmentFile=: invalid names skipped" "INVALID|NOTAKEY"
start "$UNITS/environment.unit" -- /usr/bin/env
expect_out "twin: Environment= alone" "^OVERRIDE=from-unit$"

start -p "EnvironmentFile=$TESTDIR/missing" "$UNITS/empty.unit" -- /bin/touch "$TESTDIR/ran"
expect_rc "missing EnvironmentFile= is an error" 1
expect_out "missing EnvironmentFile= at FILE:LINE" "EnvironmentFile=: cannot read '$TESTDIR/missing'"
[ ! -e "$TESTDIR/ran" ] && ok "missing EnvironmentFile=: nothing ran" || fail "the payload ran"
start -p "EnvironmentFile=-$TESTDIR/missing" "$UNITS/empty.unit" -- /bin/true
expect_rc "EnvironmentFile=-… may be missing" 0

# ExecStart= sees the final environment: $NAME (split into words), ${NAME}, $$; ':' turns expansion off.
start "$UNITS/exec-env.unit"
[ "$(echo "$OUT" | sed -n 1p)" = 'hi hix $ a b' ] && ok "ExecStart= variables expanded" || fail "ExecStart= expansion: $OUT"
[ "$(echo "$OUT" | sed -n 2p)" = '$GREETING' ] && ok "ExecStart=: keeps \$ literal" || fail "ExecStart=: $OUT"
start "$UNITS/empty.unit" -- /bin/echo '$HOME'
expect_out "a command line command is literal" '^\$HOME$'
