#!/usr/bin/python3
# SPDX-License-Identifier: MIT
# Run inside kitchen-sink.unit: checks every protection from inside and exits 0 only when all of them hold;
# prints one line per check. Under a unit without them (the negative twin) most checks fail.
import errno
import os
import socket
import sys

failed = 0


def check(name, cond, detail=""):
    global failed
    print(("ok" if cond else "FAIL") + " - " + name + (": " + str(detail) if detail else ""))
    if not cond:
        failed += 1


def status(field):
    for line in open("/proc/self/status"):
        if line.startswith(field + ":"):
            return line.split()[1]
    return None


def fails_with(func, *errnos):
    try:
        func()
    except OSError as e:
        return e.errno in errnos, errno.errorcode.get(e.errno, e.errno)
    return False, "succeeded"


check("no effective capabilities", status("CapEff") == "0000000000000000", status("CapEff"))
check("empty bounding set", status("CapBnd") == "0000000000000000", status("CapBnd"))
check("no_new_privs", status("NoNewPrivs") == "1")
check("seccomp filter mode", status("Seccomp") == "2", status("Seccomp"))
ifaces = [l.split(":")[0].strip() for l in open("/proc/self/net/dev").readlines()[2:]]
check("only lo in the network namespace", ifaces == ["lo"], ifaces)
r, d = fails_with(lambda: socket.socket(socket.AF_INET, socket.SOCK_STREAM), errno.EAFNOSUPPORT)
check("AF_INET refused", r, d)
socket.socket(socket.AF_UNIX, socket.SOCK_STREAM).close()
check("private, empty /tmp", os.listdir("/tmp") == [], os.listdir("/tmp"))
with open("/tmp/kitchen-sink", "w") as f:
    f.write("x")
check("umask 0077", os.stat("/tmp/kitchen-sink").st_mode & 0o777 == 0o600, oct(os.stat("/tmp/kitchen-sink").st_mode))
r, d = fails_with(lambda: open("/usr/kitchen-sink", "w"), errno.EROFS)
check("/usr read-only", r, d)
r, d = fails_with(lambda: open("/etc/kitchen-sink", "w"), errno.EROFS)
check("/etc read-only (ProtectSystem=strict)", r, d)
r, d = fails_with(lambda: os.listdir("/root"), errno.EACCES, errno.EPERM)
check("/root inaccessible", r, d)
r, d = fails_with(lambda: open("/proc/sys/kernel/printk_ratelimit", "w").write("5"), errno.EROFS, errno.EACCES)
check("/proc/sys read-only", r, d)
check("no block devices in /dev", not any(os.path.exists("/dev/" + n) for n in ("sda", "vda", "nvme0n1", "xvda")))
r, d = fails_with(lambda: socket.sethostname(socket.gethostname()), errno.EPERM)
check("sethostname denied", r, d)
check("Environment= set", os.environ.get("KITCHEN") == "sink")
check("the caller's environment not passed", "SANDBOXCTL_TEST_SECRET" not in os.environ)
check("PATH is systemd's", os.environ.get("PATH") == "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin")
import resource
check("LimitNOFILE=256", resource.getrlimit(resource.RLIMIT_NOFILE) == (256, 256), resource.getrlimit(resource.RLIMIT_NOFILE))
os.unlink("/tmp/kitchen-sink")
sys.exit(1 if failed else 0)
