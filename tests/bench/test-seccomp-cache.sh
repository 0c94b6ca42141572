#!/bin/bash
# SPDX-License-Identifier: MIT
# The seccomp cache (src/compile/seccomp-cache.c) never weakens a filter: a denied syscall stays denied on a
# miss, on a hit, after the cached file was made group-writable or truncated, and with the cache off. A hit
# is told from a miss by the cached file's inode (a miss that compiles replaces the file with rename()). The
# merged program (several directives loaded as one) comes from the cache too.
# Suite 'host': root. Removes the cache files it created.
set -u
export LC_ALL=C
: "${SANDBOXCTL:?}"
if [ "$(id -u)" != 0 ]; then
    [ "${SANDBOXCTL_MUST_WORK:-0}" = 1 ] && { echo "not ok - needs root (SANDBOXCTL_MUST_WORK=1)"; exit 1; }
    echo "SKIP: needs root (the cache directory is /run/sandboxctl/seccomp for root)"; exit 77
fi
DIR=/run/sandboxctl/seccomp
T=$(mktemp -d /tmp/sandboxctl-cache-test.XXXXXX)
before=$(ls "$DIR" 2>/dev/null)
cleanup() {
    for f in $(ls "$DIR" 2>/dev/null); do
        grep -qxF "$f" <<<"$before" || rm -f "$DIR/$f"
    done
    rm -rf "$T"
}
trap cleanup EXIT
n=0 failed=0
ok() { n=$((n + 1)); echo "ok $n - $*"; }
bad() { n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $*"; }

# A filter no other test uses (so the cache file is ours): uname() denied, with a random errno as the salt.
printf '[Sandbox]\nSystemCallFilter=~uname\nSystemCallErrorNumber=EPERM\nEnvironment=SALT=%s\n' "$RANDOM$RANDOM" \
    >"$T/deny-uname.unit"
run() { "$SANDBOXCTL" start --backend=none "$T/deny-uname.unit" -- /bin/uname -r >/dev/null 2>&1; }
newfile() { comm -13 <(echo "$before" | sort) <(ls "$DIR" 2>/dev/null | sort) | grep '\.bpf$' | head -1; }

"$SANDBOXCTL" start --backend=none "$T/deny-uname.unit" -- /bin/true >/dev/null 2>&1 \
    && ok "the unit runs" || bad "the unit does not run"
/bin/uname -r >/dev/null && ok "uname works outside" || bad "uname fails outside"

SANDBOXCTL_SECCOMP_CACHE=0 run && bad "cache off: uname allowed" || ok "cache off: uname denied"
run && bad "first run: uname allowed" || ok "first run: uname denied"
f=$(newfile)
[ -n "$f" ] && ok "first run stored $DIR/$f" || bad "first run stored nothing in $DIR"
if [ -n "$f" ]; then
    st=$(stat -c '%u %a' "$DIR/$f")
    [ "$st" = "0 600" ] && ok "cache file is root's, mode 600" || bad "cache file owner/mode: $st"
    ino=$(stat -c %i "$DIR/$f")
    run && bad "cache hit: uname allowed" || ok "cache hit: uname denied"
    [ "$(stat -c %i "$DIR/$f")" = "$ino" ] && ok "second run was a hit (file untouched)" \
        || bad "second run recompiled"

    chmod 0666 "$DIR/$f"
    run && bad "group/world-writable cache file: uname allowed" || ok "writable cache file ignored: uname denied"
    [ "$(stat -c '%a' "$DIR/$f")" = 600 ] && ok "writable cache file replaced" || bad "writable file kept"

    truncate -s 100 "$DIR/$f"
    run && bad "truncated cache file: uname allowed" || ok "truncated cache file ignored: uname denied"
    [ "$(stat -c %s "$DIR/$f")" -gt 100 ] && ok "truncated cache file replaced" || bad "truncated file kept"
fi
# Several directives: their programs are loaded merged into one (seccomp-merge.c), on a miss and from the
# cache, and the merged program still denies.
printf '[Sandbox]\nSystemCallFilter=~uname\nSystemCallErrorNumber=EPERM\nRestrictRealtime=yes\nLockPersonality=yes\nEnvironment=SALT=%s\n' \
    "$RANDOM$RANDOM" >"$T/merged.unit"
for pass in miss hit; do
    out=$("$SANDBOXCTL" start --backend=none "$T/merged.unit" -- /bin/sh -c \
        'grep "^Seccomp_filters:" /proc/self/status; /bin/uname -r >/dev/null 2>&1 && echo uname-allowed; exit 0' 2>&1)
    grep -Eq "^Seccomp_filters:[[:space:]]+1$" <<<"$out" && ok "$pass: one merged program loaded" \
        || bad "$pass: not one program: $(echo "$out" | tr '\n' '|')"
    grep -q uname-allowed <<<"$out" && bad "$pass: the merged program allows uname" || ok "$pass: merged: uname denied"
done
# A unit without any seccomp directive stores nothing (compiling nothing is as cheap as a lookup), while one
# with a filter does. In a private mount namespace with an empty cache directory, so nothing else interferes.
printf '[Sandbox]\nPrivateTmp=yes\n' >"$T/no-filter.unit"
counts=$(unshare -m sh -c 'mount --make-rprivate / && mount -t tmpfs -o mode=0700 none "$1" &&
    "$2" start --backend=none "$3/no-filter.unit" -- /bin/true >/dev/null 2>&1; ls "$1" | wc -l;
    "$2" start --backend=none "$3/deny-uname.unit" -- /bin/true >/dev/null 2>&1; ls "$1" | wc -l' \
    sh "$DIR" "$SANDBOXCTL" "$T")
[ "$(echo $counts)" = "0 1" ] && ok "no filter: nothing cached; a filter: one file" \
    || bad "cache files after a unit without / with a filter: $(echo $counts) (expected 0 1)"
echo "1..$n"
[ "$failed" = 0 ]
