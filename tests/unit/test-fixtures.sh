#!/bin/bash
# SPDX-License-Identifier: MIT
# Parser fixtures: every tests/data/parse/valid/*.unit must pass `sandboxctl verify`; every
# tests/data/parse/invalid/*.unit must fail with exit 1 and a first error line that starts with the
# content of its .err file. The format is documented in tests/data/parse/README. Loader-level inputs
# that are binary or huge are generated here into a temporary directory.
#
# Each case is exactly one `sandboxctl verify` process and everything else is a shell builtin: on a
# loaded CI machine process start-up dominates, and meson's 30 s test timeout applies. A hang (e.g. on
# the FIFO) is caught by that timeout and fails the test.
set -u

skip() {
    echo "# SKIP: $*"
    if [ "${SANDBOXCTL_MUST_WORK:-0}" = 1 ]; then
        echo "# SANDBOXCTL_MUST_WORK=1: this skip is a failure"
        exit 1
    fi
    exit 77
}

[ -n "${SANDBOXCTL:-}" ] && [ -x "$SANDBOXCTL" ] || skip "\$SANDBOXCTL does not name the built binary (run through meson test)"
src="${SANDBOXCTL_SOURCE_ROOT:-$(dirname "$0")/../..}"
data="$src/tests/data/parse"
[ -d "$data/valid" ] && [ -d "$data/invalid" ] || { echo "# missing fixture directories under $data"; exit 1; }

tmp=$(mktemp -d /tmp/test-fixtures.XXXXXX) || exit 1
trap 'rm -rf "$tmp"' EXIT

n=0
failed=0
ok() { n=$((n + 1)); echo "ok $n - $*"; }
not_ok() { n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $*"; }

# run DIR NAME: `sandboxctl verify DIR/NAME`, isolated from the host's search path (an empty
# $SANDBOXCTL_UNIT_PATH); sets $rc, and $first to the first stderr line that is not a warning, with
# the leading "DIR/" removed (so "DIR/NAME.unit:3: …" becomes "NAME.unit:3: …").
run() {
    local line
    SANDBOXCTL_UNIT_PATH= "$SANDBOXCTL" verify "$1/$2" >/dev/null 2>"$tmp/stderr"
    rc=$?
    first=
    while IFS= read -r line; do
        [[ "$line" =~ ^[^\ ]*:\ warning:\  ]] && continue
        first=${line#"$1/"}
        break
    done <"$tmp/stderr"
}

show_stderr() {
    local line i=0
    while IFS= read -r line && [ $i -lt 20 ]; do
        echo "#   $line"
        i=$((i + 1))
    done <"$tmp/stderr"
}

# check_invalid DIR NAME EXPECTED_PREFIX
check_invalid() {
    if [ -z "$3" ]; then
        not_ok "$2: the expected first error line is empty"
        return
    fi
    run "$1" "$2"
    if [ "$rc" -ge 124 ]; then
        not_ok "$2: crashed (exit $rc)"
        show_stderr
    elif [ "$rc" -ne 1 ]; then
        not_ok "$2: exit $rc, expected 1"
        show_stderr
    elif [ "${first#"$3"}" = "$first" ]; then
        not_ok "$2: first error does not start with the expected text"
        echo "#   expected: $3"
        echo "#   got:      $first"
    else
        ok "$2: $first"
    fi
}

for f in "$data"/valid/*.unit; do
    [ -e "$f" ] || continue
    name=${f##*/}
    run "$data/valid" "$name"
    if [ "$rc" -eq 0 ]; then
        ok "valid/$name"
    else
        not_ok "valid/$name: exit $rc, expected 0"
        show_stderr
    fi
done

for f in "$data"/invalid/*.unit; do
    [ -e "$f" ] || continue
    name=${f##*/}
    if [ ! -f "${f%.unit}.err" ]; then
        not_ok "invalid/$name: no ${name%.unit}.err next to it"
        continue
    fi
    IFS= read -r expected <"${f%.unit}.err" || true
    check_invalid "$data/invalid" "$name" "$expected"
done

# Generated loader-level cases: bytes that git should not carry, sizes it should not store, and file
# types it cannot. Each expected prefix is part of the loader's documented behaviour.
g="$tmp/gen"
mkdir "$g"

printf '[Sandbox]\nExecStart=/bin/true\nEnvironment=A\0B\n' >"$g/nul.unit"
check_invalid "$g" nul.unit "nul.unit:3: Line contains a NUL byte"

printf '[Unit]\nDescription=caf\xc3\n' >"$g/bad-utf8.unit"
check_invalid "$g" bad-utf8.unit "bad-utf8.unit:2: Line is not valid UTF-8"

x=xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx # 64 bytes
for _ in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15; do x=$x$x; done     # 2 MiB
printf '[Sandbox]\nExecStart=/bin/true\n\nEnvironment=A=%s\n' "$x" >"$g/long-line.unit"
unset x
check_invalid "$g" long-line.unit "long-line.unit:4: Line too long"

mkdir "$g/directory.unit"
check_invalid "$g" directory.unit "directory.unit: Unit file is a directory"

ln -s loop-b.unit "$g/loop-a.unit"
ln -s loop-a.unit "$g/loop-b.unit"
check_invalid "$g" loop-a.unit "loop-a.unit: Cannot open unit file: too many levels of symbolic links"

mkfifo "$g/fifo.unit"
check_invalid "$g" fifo.unit "fifo.unit: Unit file is not a regular file"

check_invalid "$g" missing.unit "missing.unit: Unit file does not exist"

echo "1..$n"
[ "$n" -gt 0 ] && [ "$failed" -eq 0 ]
