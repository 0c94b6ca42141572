#!/bin/bash
# SPDX-License-Identifier: MIT
# PrivateTmp=: host files in /tmp and /var/tmp invisible inside; files made inside absent on the host after.
. "$(dirname "$0")/mount-lib.sh"

cleanup() {
        rm -f /tmp/sandboxctl-mount-test-host /var/tmp/sandboxctl-mount-test-host \
              /tmp/sandboxctl-mount-test-inside /var/tmp/sandboxctl-mount-test-inside
        fixture_cleanup
}
trap cleanup EXIT
touch /tmp/sandboxctl-mount-test-host /var/tmp/sandboxctl-mount-test-host

expect pass mount-private-tmp.unit PrivateTmp=yes
for f in /tmp/sandboxctl-mount-test-inside /var/tmp/sandboxctl-mount-test-inside; do
        if [ -e "$f" ]; then not_ok "$f leaked to the host"; else ok "$f stayed inside"; fi
done
expect fail mount-private-tmp-off.unit "PrivateTmp=no (negative twin)"
finish
