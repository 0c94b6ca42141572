#!/bin/bash
# SPDX-License-Identifier: MIT
# PrivateDevices=: a minimal /dev.
. "$(dirname "$0")/mount-lib.sh"

expect pass mount-private-devices.unit PrivateDevices=yes
expect fail mount-private-devices-off.unit "PrivateDevices=no (negative twin)"
finish
