#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""Payload probes for the vm suite: run INSIDE the sandbox, measure the effect from there.

    probe.py cgroup                       print the own cgroup and its limit files
    probe.py mem MIB                      allocate and touch MIB MiB in 10 MiB steps (capped at 200 MiB),
                                          print "survived" and exit 0 if never killed
    probe.py cpu SECONDS MAXPCT           busy loop; exit 0 if cpu.stat shows throttling and the
                                          usage stayed <= MAXPCT of one CPU
    probe.py dev PATH:MODE:EXPECT...      open each device (MODE r, w or rw); EXPECT ok or an errno name
    probe.py tasks LIMIT                  fork sleeping children until fork fails; exit 0 if it fails with
                                          EAGAIN at pids.current == LIMIT
    probe.py hold FILE [--child]          write "PID CGROUP" to FILE, (optionally fork a grandchild that
                                          also holds), then sleep until killed (at most 300 s)

Every probe is bounded: never more than 200 MiB, 64 forks or 300 s.
"""
import errno
import os
import sys
import time

CGROOT = "/sys/fs/cgroup"
MEM_CAP_MIB = 200
FORK_CAP = 64


def own_cgroup():
        with open("/proc/self/cgroup") as f:
                for line in f:
                        hier, _, path = line.rstrip("\n").split(":", 2)
                        if hier == "0":
                                return path
        return None


def cg_read(name):
        try:
                with open(os.path.join(CGROOT + own_cgroup(), name)) as f:
                        return f.read().strip()
        except OSError as e:
                return "<%s>" % errno.errorcode.get(e.errno, e.errno)


def cg_stat(name):
        out = {}
        text = cg_read(name)
        for line in text.splitlines():
                k, _, v = line.partition(" ")
                out[k] = v
        return out


def say(*a):
        print(*a, flush=True)


def probe_cgroup(args):
        say("cgroup=%s" % own_cgroup())
        for f in ("memory.max", "cpu.max", "pids.max", "io.max"):
                say("%s=%s" % (f, cg_read(f)))
        return 0


def probe_mem(args):
        mib = min(int(args[0]), MEM_CAP_MIB)
        say("memory.max=%s" % cg_read("memory.max"))
        blocks = []
        step = 10
        done = 0
        while done < mib:
                n = min(step, mib - done)
                # bytes * n writes every byte: the pages are really touched, not just reserved.
                blocks.append(b"\x5a" * (n << 20))
                done += n
        say("survived %d MiB" % done)
        return 0


def probe_cpu(args):
        secs = float(args[0])
        maxpct = float(args[1])
        say("cpu.max=%s" % cg_read("cpu.max"))
        s0 = cg_stat("cpu.stat")
        t0 = time.monotonic()
        while time.monotonic() - t0 < secs:
                pass
        wall = time.monotonic() - t0
        s1 = cg_stat("cpu.stat")
        try:
                used = int(s1["usage_usec"]) - int(s0["usage_usec"])
                thr = int(s1.get("nr_throttled", "0")) - int(s0.get("nr_throttled", "0"))
        except (KeyError, ValueError):
                say("cannot read cpu.stat: %r %r" % (s0, s1))
                return 1
        pct = 100.0 * used / (wall * 1e6)
        say("busy %.2fs: usage %d us = %.1f%% of one CPU, nr_throttled +%d" % (wall, used, pct, thr))
        if thr <= 0:
                say("FAIL: not throttled")
                return 1
        if pct > maxpct:
                say("FAIL: usage %.1f%% > %.1f%%" % (pct, maxpct))
                return 1
        return 0


def probe_dev(args):
        bad = 0
        for spec in args:
                path, mode, expect = spec.split(":")
                flags = {"r": os.O_RDONLY, "w": os.O_WRONLY, "rw": os.O_RDWR}[mode]
                try:
                        fd = os.open(path, flags | os.O_CLOEXEC | os.O_NONBLOCK)
                        os.close(fd)
                        got = "ok"
                except OSError as e:
                        got = errno.errorcode.get(e.errno, str(e.errno))
                verdict = "as expected" if got == expect else "EXPECTED %s" % expect
                say("open(%s, %s): %s (%s)" % (path, mode, got, verdict))
                bad += got != expect
        return 1 if bad else 0


def probe_tasks(args):
        limit = int(args[0])
        say("pids.max=%s" % cg_read("pids.max"))
        r, w = os.pipe()
        kids = []
        err = None
        current = None
        for _ in range(FORK_CAP):
                try:
                        pid = os.fork()
                except OSError as e:
                        err = e.errno
                        current = cg_read("pids.current")
                        break
                if pid == 0:
                        os.close(w)
                        os.read(r, 1)      # returns at EOF, when the parent closes w
                        os._exit(0)
                kids.append(pid)
        os.close(w)
        for pid in kids:
                os.waitpid(pid, 0)
        say("forked %d children; fork error %s at pids.current=%s" %
            (len(kids), errno.errorcode.get(err, err), current))
        if err != errno.EAGAIN:
                say("FAIL: fork did not fail with EAGAIN")
                return 1
        if current != str(limit):
                say("FAIL: pids.current %s != %d at the failing fork" % (current, limit))
                return 1
        return 0


def probe_hold(args):
        path = args[0]
        if "--child" in args[1:]:
                if os.fork() == 0:
                        os.setsid()
                        time.sleep(300)
                        os._exit(0)
        tmp = path + ".tmp"
        with open(tmp, "w") as f:
                f.write("%d %s\n" % (os.getpid(), own_cgroup()))
        os.rename(tmp, path)
        time.sleep(300)
        return 0


def main():
        if len(sys.argv) < 2:
                sys.stderr.write(__doc__)
                return 2
        fn = {"cgroup": probe_cgroup, "mem": probe_mem, "cpu": probe_cpu, "dev": probe_dev,
              "tasks": probe_tasks, "hold": probe_hold}.get(sys.argv[1])
        if fn is None:
                sys.stderr.write("probe.py: unknown probe %r\n" % sys.argv[1])
                return 2
        return fn(sys.argv[2:])


if __name__ == "__main__":
        sys.exit(main())
