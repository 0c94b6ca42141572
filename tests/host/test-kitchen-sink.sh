#!/bin/bash
# SPDX-License-Identifier: MIT
# A hardened unit with every exec-side protection: a python3 payload checks all of them from inside, and a
# real program still works. The same probe without the protections (empty.unit) must fail.
. "$(dirname "$0")/lib.sh"

export SANDBOXCTL_TEST_SECRET=do-not-leak
KS="$PROBES/kitchen-sink-probe.py"

start "$UNITS/kitchen-sink.unit" -- "$PYTHON" "$KS"
echo "$OUT" | sed 's/^/#   /'
expect_rc "kitchen sink: every protection holds inside" 0
expect_no_out "kitchen sink: no check failed" "^FAIL"

start "$UNITS/empty.unit" -- "$PYTHON" "$KS"
[ "$RC" != 0 ] && [ "$(echo "$OUT" | grep -c '^FAIL')" -ge 10 ] \
    && ok "twin: without the protections $(echo "$OUT" | grep -c '^FAIL') checks fail" \
    || fail "twin: the probe should fail without the protections (rc=$RC): $OUT"

# The hardened unit as nobody too.
start "$UNITS/hardened-nobody.unit" -- /usr/bin/id -u
expect_out "hardened unit as User=nobody runs" "^65534$"
# Ordinary programs still work under it.
start "$UNITS/kitchen-sink.unit" -- /bin/sh -c 'echo hello > /tmp/x && tr a-z A-Z < /tmp/x && ls / > /dev/null && date +%Y > /dev/null'
expect_out "kitchen sink: sh, tr, ls, date work" "^HELLO$"
