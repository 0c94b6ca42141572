#!/bin/bash
# SPDX-License-Identifier: MIT
# The messages of `start` that depend on this machine's service manager or need root, pinned byte for byte
# like tests/unit/test-messages.sh (whose check() this reuses): tests/data/messages/host/NAME.unit +
# NAME.msg. A second line "# as: UID" runs sandboxctl as that user (through setpriv, without
# $XDG_RUNTIME_DIR and $DBUS_SESSION_BUS_ADDRESS, i.e. without a user manager).
#   no-systemd       --backend=systemd with no system bus: "is systemd running as PID 1?"
#   no-user-manager  --backend=systemd as an ordinary user without a user manager: "run as root …"
# Where a systemd manager does answer (the vm suite's guest), these messages cannot appear: those cases
# are skipped, and that skip is not a failure even with SANDBOXCTL_MUST_WORK=1.
set -u

here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=../unit/test-messages.sh
. "$here/../unit/test-messages.sh"

[ "$(id -u)" = 0 ] || skip "needs root (setpriv to another user)"
command -v setpriv >/dev/null || skip "no setpriv"
hdata="$data/host"

for msg in "$hdata"/*.msg; do
    name=$(basename "$msg" .msg)
    as=
    { IFS= read -r _; IFS= read -r line; } <"$hdata/$name.unit"
    [[ "$line" == "# as: "* ]] && as=${line#"# as: "}

    if [ -z "$as" ] && { [ -e /run/systemd/system ] || [ -S /run/dbus/system_bus_socket ]; }; then
        n=$((n + 1))
        echo "ok $n - $name # SKIP a system bus exists here, so the message for its absence cannot appear"
        continue
    fi
    if [ -n "$as" ] && [ -d "/run/user/$as" ]; then
        n=$((n + 1))
        echo "ok $n - $name # SKIP user $as has a runtime directory (a user manager may answer)"
        continue
    fi
    if [ -n "$as" ]; then
        check "$hdata" "$name" setpriv --reuid="$as" --regid="$as" --clear-groups \
            env -u XDG_RUNTIME_DIR -u DBUS_SESSION_BUS_ADDRESS
    else
        check "$hdata" "$name"
    fi
done
for unit in "$hdata"/*.unit; do
    name=$(basename "$unit" .unit)
    [ -e "$hdata/$name.msg" ] || not_ok "$name: $name.unit has no $name.msg"
done

echo "1..$n"
[ "$failed" -eq 0 ]
