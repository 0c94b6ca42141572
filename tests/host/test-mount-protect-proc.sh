#!/bin/bash
# SPDX-License-Identifier: MIT
# ProtectProc=/ProcSubset=: a new procfs instance with hidepid=/subset= (kernel ≥ 5.8).
. "$(dirname "$0")/mount-lib.sh"

expect pass mount-protect-proc.unit ProtectProc=invisible
expect fail mount-protect-proc-off.unit "ProtectProc= (negative twin)"
expect pass mount-proc-subset.unit ProcSubset=pid
expect fail mount-proc-subset-off.unit "ProcSubset= (negative twin)"
finish
