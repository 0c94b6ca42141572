#!/bin/bash
# SPDX-License-Identifier: MIT
# The persistent inaccessible objects (/run/sandboxctl/inaccessible/{dir,reg,chr}): made when missing, used
# only when root owns them and nobody else can write them (their group does not matter), rebuilt when anything about them is wrong (a
# planted symlink, a world-writable directory, a file planted in dir, content in reg, another owner), and
# not used at all (the staging tmpfs instead) when /run/sandboxctl itself is not safe. Every case runs in
# a private mount namespace with a fresh tmpfs on /run/sandboxctl, so the host's stays untouched and other
# runs on this machine are not disturbed; the probe reports from inside the sandbox what covers each path.
. "$(dirname "$0")/mount-lib.sh"

command -v unshare >/dev/null || skip "unshare (util-linux) is missing"
OBJ=/run/sandboxctl/inaccessible
UNIT="$UNITS/mount-inaccessible-objects.unit"

mkdir -p "$FIX/sdir"
echo secret >"$FIX/sdir/file"
echo secret >"$FIX/sfile"
mknod -m 0666 "$FIX/schr" c 1 3 || skip "cannot create a device node"
cat >"$FIX/probe.sh" <<'PROBE'
F=/var/lib/sandboxctl-mount-test
for p in sdir sfile schr; do
        awk -v p="$F/$p" '$5 == p { print "mount", $5, $4, $6 }' /proc/self/mountinfo
done
echo "list=[$(ls -A "$F/sdir" 2>&1 | tr '\n' ' ')]"
echo "content=[$(cat "$F/sfile" 2>/dev/null)]"
stat -c 'mode %n %a' "$F/sdir" "$F/sfile" "$F/schr"
if echo x 2>/dev/null >"$F/schr"; then echo "chr=writable"; else echo "chr=refused"; fi
PROBE

# Inside a private mount namespace, with a fresh tmpfs on /run/sandboxctl: $SETUP, then the unit through
# RUNNER, then the state of the objects as the host sees it.
in_ns() {
        [ -d /run/sandboxctl ] || mkdir -m 0755 /run/sandboxctl
        RUNNER="$1" SETUP="$2" AFTER="${AFTER:-}" UNIT="$UNIT" DRIVER="$DRIVER" SANDBOXCTL="$SANDBOXCTL" OBJ="$OBJ" \
                unshare --mount --propagation private bash -c '
                mount -t tmpfs -o mode=0755 sandboxctl-test /run/sandboxctl || { echo "setup failed: tmpfs"; exit 1; }
                eval "$SETUP" || { echo "setup failed: $SETUP"; exit 1; }
                case "$RUNNER" in
                start) "$SANDBOXCTL" start "$UNIT" 2>&1 ;;
                driver) "$DRIVER" --unit "$UNIT" 2>&1 ;;
                parallel)
                        for i in 1 2 3 4 5 6 7 8; do "$SANDBOXCTL" start "$UNIT" >/run/sandboxctl-out.$$.$i 2>&1 & done
                        fails=0
                        for j in $(jobs -p); do wait "$j" || fails=$((fails + 1)); done
                        cat /run/sandboxctl-out.$$.1; rm -f /run/sandboxctl-out.$$.*
                        echo "parallel failures=$fails" ;;
                esac
                echo "rc=$?"
                ls -A /run/sandboxctl | sed "s/^/entry /"
                [ -e "$OBJ" ] && stat -c "after %n %F %a %u:%g %s" "$OBJ" "$OBJ"/*
                [ -d "$OBJ/dir" ] && echo "after-list=[$(ls -A "$OBJ/dir" | tr "\n" " ")]" &&
                        stat -c "dir-mtime %Y" "$OBJ/dir"
                eval "${AFTER:-:}"
                true'
}

# The objects as a root process makes them.
# (dir with mtime 0: that it was never changed since is what proves it empty)
GOOD='mkdir -m 0755 $OBJ && mkdir -m 0000 $OBJ/dir && touch -d @0 $OBJ/dir && : >$OBJ/reg && chmod 0000 $OBJ/reg && mknod -m 0000 $OBJ/chr c 0 0'

# check NAME RUNNER SETUP WANT [GREP…]: WANT is "persistent" (each path covered with an object from
# /run/sandboxctl/inaccessible/) or "staging" (with one from the staging tmpfs); the GREP patterns must also
# match the output. Always: the payload ran, sees nothing through the objects, mode 000, ro,nosuid,nodev,noexec.
check() {
        local name="$1" runner="$2" setup="$3" want="$4" out bad="" pat p o
        shift 4
        out=$(in_ns "$runner" "$setup")
        for p in sdir:dir sfile:reg schr:chr; do
                case $want in
                persistent) o="/inaccessible/${p#*:}" ;;
                staging) o="/${p#*:}"; o="${o:0:2}" ;; # /d, /r, /c
                esac
                pat="^mount $FIX/${p%%:*} $o ro,nosuid,nodev,noexec"
                echo "$out" | grep -q -- "$pat" || bad+=" [$pat]"
                echo "$out" | grep -q "^mode $FIX/${p%%:*} 0$" || bad+=" [mode of ${p%%:*}]"
        done
        for pat in '^rc=0$' '^list=\[\]$' '^content=\[\]$' '^chr=refused$' "$@"; do
                echo "$out" | grep -q -- "$pat" || bad+=" [$pat]"
        done
        if [ -z "$bad" ]; then
                ok "$name ($runner)"
        else
                not_ok "$name ($runner): missing$bad"
                echo "$out" | sed 's/^/# /'
        fi
}

MADE=("^after $OBJ directory 755 0:0 " "^after $OBJ/dir directory 0 0:0 " "^after $OBJ/reg regular empty file 0 0:0 0$"
      "^after $OBJ/chr character special file 0 0:0 " '^after-list=\[\]$' '^dir-mtime 0$')
for runner in start driver; do
        check "missing objects are made" $runner ':' persistent "${MADE[@]}"
        AFTER="stat -c 'mtime %Y' $OBJ" check "good objects are used as they are" $runner "$GOOD && touch -d @0 $OBJ" \
                persistent "${MADE[@]}" '^mtime 0$'
        AFTER="stat -c 'mtime %Y' $OBJ" check "objects of another group are used as they are (mode 0000)" $runner \
                "$GOOD && chgrp 65534 $OBJ/dir $OBJ/reg $OBJ/chr && touch -d @0 $OBJ" persistent '^mtime 0$'
        AFTER="test -e /run/sandboxctl/evil/dir/planted && echo evil-kept" check "a planted symlink is replaced" \
                $runner "mkdir -p /run/sandboxctl/evil/dir && touch /run/sandboxctl/evil/dir/planted /run/sandboxctl/evil/reg && mknod /run/sandboxctl/evil/chr c 0 0 && chmod -R 0000 /run/sandboxctl/evil/* && ln -s evil $OBJ" \
                persistent "${MADE[@]}" '^evil-kept$'
        check "a world-writable object directory is replaced" $runner "$GOOD && chmod 0777 $OBJ && touch $OBJ/marker" \
                persistent "${MADE[@]}"
        check "a file planted in dir is not shown" $runner "$GOOD && chmod 0755 $OBJ/dir && touch $OBJ/dir/planted && chmod 0000 $OBJ/dir" \
                persistent "${MADE[@]}"
        check "content in reg is not shown" $runner "$GOOD && echo leaked >$OBJ/reg && chmod 0000 $OBJ/reg" \
                persistent "${MADE[@]}"
        check "an object of another owner is replaced" $runner "$GOOD && chown 65534 $OBJ/chr" persistent "${MADE[@]}"
        check "a group-writable object directory is replaced" $runner "$GOOD && chmod 0775 $OBJ" persistent "${MADE[@]}"
        AFTER="test -e $OBJ || echo no-objects" check "a world-writable /run/sandboxctl is not used" $runner \
                "chmod 1777 /run/sandboxctl" staging '^no-objects$'
        AFTER="test -e $OBJ || echo no-objects" check "a /run/sandboxctl of another owner is not used" $runner \
                "chown 65534 /run/sandboxctl" staging '^no-objects$'
done
AFTER="test -e /run/sandboxctl/.inaccessible.new && echo leftover" check "eight starts at once make one set" parallel ':' \
        persistent "${MADE[@]}" '^parallel failures=0$'
out=$(AFTER="test -e /run/sandboxctl/.inaccessible.new && echo leftover" in_ns parallel ':')
if echo "$out" | grep -q '^leftover$'; then not_ok "a temporary object directory was left behind"; else ok "no temporary object directory left"; fi
finish
