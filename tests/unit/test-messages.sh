#!/bin/bash
# SPDX-License-Identifier: MIT
# The messages for the most likely mistakes, pinned byte for byte (man sandboxctl.unit(5), COMMON
# MISTAKES). tests/data/messages/NAME.unit is one small unit with one mistake; NAME.msg is the exact
# first line sandboxctl prints on stderr for it, with the fixture directory written as DIR. By default
# the command is `sandboxctl verify DIR/NAME.unit`; a first line "# args: start --backend=none --dry-run"
# in the unit gives other arguments (placed before the unit). A NAME.msg without a NAME.unit pins the
# message for a unit that does not exist (the search path is DIR alone). Every case must fail (exit 1),
# except warnings ("FILE:LINE: warning: …"), which must not stop `verify`.
# The cases that need root or depend on the machine's service manager are in tests/host/test-messages-start.sh.
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
data="$src/tests/data/messages"
[ -d "$data" ] || { echo "# missing fixture directory $data"; exit 1; }

tmp=$(mktemp -d /tmp/test-messages.XXXXXX) || exit 1
trap 'rm -rf "$tmp"' EXIT

n=0
failed=0
ok() { n=$((n + 1)); echo "ok $n - $*"; }
not_ok() { n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $*"; }

# check DIR NAME [PREFIX…]: runs PREFIX… sandboxctl ARGS DIR/NAME.unit and compares the first stderr line,
# with DIR replaced by "DIR", to DIR/NAME.msg.
check() {
    local dir=$1 name=$2 unit="$1/$2.unit" want got first args=(verify) rc
    shift 2
    if ! IFS= read -r want <"$dir/$name.msg" || [ -z "$want" ]; then
        not_ok "$name: $name.msg is empty"
        return
    fi
    if [ -e "$unit" ]; then
        IFS= read -r first <"$unit"
        if [[ "$first" == "# args: "* ]]; then
            read -r -a args <<<"${first#"# args: "}"
        fi
        SANDBOXCTL_UNIT_PATH= "$@" "$SANDBOXCTL" "${args[@]}" "$unit" >/dev/null 2>"$tmp/stderr" </dev/null
    else
        SANDBOXCTL_UNIT_PATH="$dir" "$@" "$SANDBOXCTL" verify "$name.unit" >/dev/null 2>"$tmp/stderr" </dev/null
    fi
    rc=$?
    got=
    IFS= read -r got <"$tmp/stderr"
    got=${got//"$dir"/DIR}
    if [ "$rc" -ge 124 ]; then
        not_ok "$name: crashed (exit $rc)"
    elif [ "$got" != "$want" ]; then
        not_ok "$name: message differs"
        echo "#   expected: $want"
        echo "#   got:      $got"
    elif [[ "$want" == *": warning: "* ]] && [ "$rc" -ne 0 ]; then
        not_ok "$name: a warning, but exit $rc"
    elif [[ "$want" != *": warning: "* ]] && [ "$rc" -ne 1 ]; then
        not_ok "$name: exit $rc, expected 1"
    else
        ok "$name: $got"
    fi
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
    for msg in "$data"/*.msg; do
        name=$(basename "$msg" .msg)
        check "$data" "$name"
    done
    # A fixture without its pinned message would test nothing.
    for unit in "$data"/*.unit; do
        name=$(basename "$unit" .unit)
        [ -e "$data/$name.msg" ] || not_ok "$name: $name.unit has no $name.msg"
    done

    echo "1..$n"
    [ "$failed" -eq 0 ]
fi
