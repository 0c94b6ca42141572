#!/bin/bash
# SPDX-License-Identifier: MIT
# The bash completion loads, registers for sandboxctl, and completes verbs, options, unit files in the
# search path and directive names after -p; the zsh one at least parses.
set -eu
src=${SANDBOXCTL_SOURCE_ROOT:?}
PATH=$(dirname "${SANDBOXCTL:?}"):$PATH
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

# shellcheck disable=SC1091
[ -f /usr/share/bash-completion/bash_completion ] && . /usr/share/bash-completion/bash_completion
. "$src/completions/sandboxctl.bash"
complete -p sandboxctl | grep -q '_sandboxctl' || fail "complete -p sandboxctl does not name _sandboxctl"

comp() { # words… → COMPREPLY, one per line
    COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}
    COMPREPLY=(); _sandboxctl sandboxctl "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
    printf '%s\n' "${COMPREPLY[@]}"
}

comp sandboxctl st | sort | tr '\n' ' ' | grep -qx 'start status stop ' || fail "verbs for 'st': $(comp sandboxctl st | tr '\n' ' ')"
comp sandboxctl --back | grep -qx -- '--backend=' || fail "option --backend= not completed"
comp sandboxctl --backend=cg | grep -qx 'cgroupfs' || fail "--backend= values"

mkdir -p "$tmp/units"; : >"$tmp/units/alpha.unit"; : >"$tmp/units/beta.service"
out=$(SANDBOXCTL_UNIT_PATH=$tmp/units comp sandboxctl start al)
echo "$out" | grep -qx 'alpha.unit' || fail "unit names from the search path: '$out'"
out=$(SANDBOXCTL_UNIT_PATH=$tmp/units comp sandboxctl verify be)
echo "$out" | grep -qx 'beta.service' || fail "service names from the search path: '$out'"

out=$(comp sandboxctl start -p PrivateT)
echo "$out" | grep -qx 'PrivateTmp=' || fail "directive names after -p: '$out'"
out=$(comp sandboxctl start -p Restar)
[ -z "$out" ] || fail "ignored service keys must not be offered after -p: '$out'"

if command -v zsh >/dev/null; then
    zsh -n "$src/completions/_sandboxctl" || fail "zsh completion does not parse"
fi
echo "ok: bash completion"
