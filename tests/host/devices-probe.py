#!/usr/bin/python3
# SPDX-License-Identifier: MIT
# devices-probe.py SPEC…: tries device access from inside a sandbox. SPEC is PATH:r (open for reading),
# PATH:w (open for writing) or PATH:m:NODE (mknod a node with PATH's type and number at NODE, then remove it).
# Prints "SPEC: ok" or "SPEC: ERRNAME" per SPEC, then "cgroup: PATH" (the 0:: line of /proc/self/cgroup).
import errno
import os
import stat
import sys

for spec in sys.argv[1:]:
    parts = spec.split(':')
    path, mode = parts[0], parts[1]
    try:
        if mode == 'm':
            node = parts[2]
            st = os.stat(path)
            os.mknod(node, stat.S_IFMT(st.st_mode) | 0o600, st.st_rdev)
            try:
                os.close(os.open(node, os.O_RDONLY))
            finally:
                os.unlink(node)
        else:
            os.close(os.open(path, os.O_RDONLY if mode == 'r' else os.O_WRONLY))
        print(f'{spec}: ok')
    except OSError as e:
        print(f'{spec}: {errno.errorcode.get(e.errno, e.errno)}')

with open('/proc/self/cgroup') as f:
    for line in f:
        if line.startswith('0::'):
            print('cgroup:', line[3:].strip())
sys.stdout.flush()
