#!/bin/sh
# SPDX-License-Identifier: MIT
# The committed src/directive/syscall-groups.c must be exactly what tests/gen-syscall-groups.sh makes of
# src/directive/syscall-groups.txt, and that data file must match the project's spec copy when present.
set -eu
top=${SANDBOXCTL_SOURCE_ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT

"$top/tests/gen-syscall-groups.sh" > "$tmp"
if ! cmp -s "$tmp" "$top/src/directive/syscall-groups.c"; then
        echo "src/directive/syscall-groups.c is stale; run: tests/gen-syscall-groups.sh > src/directive/syscall-groups.c" >&2
        diff -u "$top/src/directive/syscall-groups.c" "$tmp" | head -40 >&2
        exit 1
fi
echo "syscall-groups.c matches its generator"
