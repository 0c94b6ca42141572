#!/usr/bin/python3
# SPDX-License-Identifier: MIT
# cgroup-files.py FILE…: prints "FILE=VALUE" for each cgroup attribute of the calling process's own cgroup
# (cgroup v2: the 0:: line of /proc/self/cgroup under the cgroup2 mount); lines of multi-line files are
# joined with ';', a missing file prints "FILE=<ENOENT>".
import os
import sys

mount = None
with open('/proc/self/mountinfo') as f:
    for line in f:
        left, _, right = line.partition(' - ')
        if right.split()[0] == 'cgroup2':
            mount = left.split()[4]
            break
with open('/proc/self/cgroup') as f:
    own = [l[3:].strip() for l in f if l.startswith('0::')][0]
d = mount + (own if own != '/' else '')
print('cgroup=' + own)
for name in sys.argv[1:]:
    try:
        with open(os.path.join(d, name)) as f:
            print(name + '=' + ';'.join(l.strip() for l in f.read().strip().splitlines()))
    except FileNotFoundError:
        print(name + '=<ENOENT>')
sys.stdout.flush()
