#!/bin/bash
# SPDX-License-Identifier: MIT
# Parser fixtures: every tests/data/parse/valid/*.unit must pass `sandboxctl verify`; every
# tests/data/parse/invalid/*.unit must fail with exit 1 and a first error line that starts with the
# content of its .err file. The format is documented in tests/data/parse/README. Loader-level inputs
# that are binary or huge are generated here into a temporary directory.
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

# run DIR NAME: runs `sandboxctl verify ./NAME` inside DIR, isolated from the host's search path, with a
# timeout; sets $rc and $err (stderr).
run() {
    err=$(cd "$1" && SANDBOXCTL_UNIT_PATH= timeout 20 "$SANDBOXCTL" verify "./$2" 2>&1 >/dev/null)
    rc=$?
}

# first_error: the first stderr line that is not a warning, with a leading "./" removed.
first_error() {
    printf '%s\n' "$err" | grep -v -E '^[^ ]*: warning: ' | head -n 1 | sed -e 's|^\./||'
}

# check_invalid DIR NAME EXPECTED_PREFIX
check_invalid() {
    local line
    run "$1" "$2"
    line=$(first_error)
    if [ -z "$3" ]; then
        not_ok "$2: the expected first error line is empty"
    elif [ "$rc" -ge 124 ]; then
        not_ok "$2: crashed or hung (exit $rc)"
        printf '# %s\n' "$err" | head -n 20
    elif [ "$rc" -ne 1 ]; then
        not_ok "$2: exit $rc, expected 1"
        printf '# %s\n' "$err" | head -n 20
    elif [ "${line#"$3"}" = "$line" ]; then
        not_ok "$2: first error does not start with the expected text"
        echo "#   expected: $3"
        echo "#   got:      $line"
    else
        ok "$2: $line"
    fi
}

for f in "$data"/valid/*.unit; do
    [ -e "$f" ] || continue
    name=$(basename "$f")
    run "$data/valid" "$name"
    if [ "$rc" -eq 0 ]; then
        ok "valid/$name"
    else
        not_ok "valid/$name: exit $rc, expected 0"
        printf '# %s\n' "$err" | head -n 20
    fi
done

for f in "$data"/invalid/*.unit; do
    [ -e "$f" ] || continue
    name=$(basename "$f")
    if [ ! -f "${f%.unit}.err" ]; then
        not_ok "invalid/$name: no ${name%.unit}.err next to it"
        continue
    fi
    check_invalid "$data/invalid" "$name" "$(head -n 1 "${f%.unit}.err")"
done

# Generated loader-level cases: bytes that git should not carry, sizes it should not store, and file
# types it cannot. Each expected prefix is part of the loader's documented behaviour.
generated_cases() {
    local g="$tmp/gen"
    mkdir -p "$g"

    printf '[Sandbox]\nExecStart=/bin/true\nEnvironment=A\0B\n' >"$g/nul.unit"
    check_invalid "$g" nul.unit "nul.unit:3: Line contains a NUL byte"

    printf '[Unit]\nDescription=caf\xc3\n' >"$g/bad-utf8.unit"
    check_invalid "$g" bad-utf8.unit "bad-utf8.unit:2: Line is not valid UTF-8"

    { printf '[Sandbox]\nExecStart=/bin/true\n\nEnvironment=A='; head -c $((2 * 1024 * 1024)) /dev/zero | tr '\0' x; printf '\n'; } >"$g/long-line.unit"
    check_invalid "$g" long-line.unit "long-line.unit:4: Line too long"

    mkdir "$g/directory.unit"
    check_invalid "$g" directory.unit "directory.unit: Unit file is a directory"

    ln -s loop-b.unit "$g/loop-a.unit"
    ln -s loop-a.unit "$g/loop-b.unit"
    check_invalid "$g" loop-a.unit "loop-a.unit: Cannot open unit file: too many levels of symbolic links"

    mkfifo "$g/fifo.unit"
    check_invalid "$g" fifo.unit "fifo.unit: Unit file is not a regular file"

    check_invalid "$g" missing.unit "missing.unit: Unit file does not exist"
}
generated_cases

echo "1..$n"
[ "$failed" -eq 0 ]
