/* SPDX-License-Identifier: MIT */
/* sandbox-probe OP [ARGS…]: tries one thing from inside a sandbox and reports the outcome.
 * Prints "OP: ok" or "OP: ERRNAME (message)" and exits 0 on success, else with the errno (capped at 255).
 * Built without sanitizers: it runs under seccomp filters that would stop ASan's own syscalls. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <fcntl.h>
#include <linux/io_uring.h>
#include <linux/keyctl.h>
#include <linux/bpf.h>
#include <linux/openat2.h>
#include <linux/perf_event.h>
#include <net/if.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/personality.h>
#include <sys/ptrace.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/timex.h>
#include <sys/wait.h>
#include <unistd.h>

static int report(const char *op, int r) {
        if (r >= 0) {
                printf("%s: ok\n", op);
                return 0;
        }
        printf("%s: %s (%s)\n", op, strerrorname_np(errno) ?: "?", strerror(errno));
        return errno > 255 ? 255 : errno;
}

static long op_int80_getpid(void) {
        long ret;

        /* The i386 entry point from a 64-bit process: getpid is 20 there. */
        __asm__ volatile("int $0x80" : "=a"(ret) : "a"(20L) : "memory");
        if (ret < 0) {
                errno = (int) -ret;
                return -1;
        }
        return ret;
}

static int lo_only_up(void) {
        struct if_nameindex *l = if_nameindex(), *i;
        struct ifreq ifr = { .ifr_name = "lo" };
        int n = 0, fd, ok = 1;

        if (!l)
                return 2;
        for (i = l; i->if_index != 0; i++, n++) {
                printf("interface: %s\n", i->if_name);
                if (strcmp(i->if_name, "lo") != 0)
                        ok = 0;
        }
        if_freenameindex(l);
        fd = socket(AF_UNIX, SOCK_DGRAM, 0);
        if (fd < 0 || ioctl(fd, SIOCGIFFLAGS, &ifr) < 0)
                return 3;
        printf("lo: %s\n", (ifr.ifr_flags & IFF_UP) ? "UP" : "DOWN");
        if (!(ifr.ifr_flags & IFF_UP))
                ok = 0;
        return ok && n == 1 ? 0 : 1;
}

int main(int argc, char **argv) {
        const char *op = argc > 1 ? argv[1] : "";
        const char *arg = argc > 2 ? argv[2] : "";
        char buf[1024];
        int r, fd;

        if (!strcmp(op, "uname-pid")) { /* for SystemCallLog=: which pid to look for in the audit log */
                printf("pid: %d\n", (int) getpid());
                fflush(stdout);
                return report(op, syscall(SYS_uname, buf));
        }
        if (!strcmp(op, "uname"))
                return report(op, syscall(SYS_uname, buf));
        if (!strcmp(op, "sethostname-same")) {
                if (gethostname(buf, sizeof(buf)) < 0)
                        return report(op, -1);
                return report(op, sethostname(buf, strlen(buf)));
        }
        if (!strcmp(op, "setdomainname-same")) {
                if (getdomainname(buf, sizeof(buf)) < 0)
                        return report(op, -1);
                return report(op, setdomainname(buf, strlen(buf)));
        }
        if (!strcmp(op, "adjtimex")) {
                struct timex t = {};
                return report(op, syscall(SYS_adjtimex, &t));
        }
        if (!strcmp(op, "syslog"))
                return report(op, syscall(SYS_syslog, 10 /* SYSLOG_ACTION_SIZE_BUFFER */, NULL, 0));
        if (!strcmp(op, "init_module"))
                return report(op, syscall(SYS_init_module, NULL, 0UL, ""));
        if (!strcmp(op, "finit_module"))
                return report(op, syscall(SYS_finit_module, -1, "", 0));
        if (!strcmp(op, "_sysctl"))
                return report(op, syscall(156 /* x86-64 _sysctl */, NULL));
        if (!strcmp(op, "iopl"))
                return report(op, syscall(SYS_iopl, 0));
        if (!strcmp(op, "socket-inet"))
                return report(op, socket(AF_INET, SOCK_STREAM, 0));
        if (!strcmp(op, "socket-inet6"))
                return report(op, socket(AF_INET6, SOCK_STREAM, 0));
        if (!strcmp(op, "socket-unix"))
                return report(op, socket(AF_UNIX, SOCK_STREAM, 0));
        if (!strcmp(op, "socket-netlink"))
                return report(op, socket(AF_NETLINK, SOCK_RAW, 0));
        if (!strcmp(op, "unshare-uts"))
                return report(op, unshare(CLONE_NEWUTS));
        if (!strcmp(op, "unshare-net"))
                return report(op, unshare(CLONE_NEWNET));
        if (!strcmp(op, "unshare-user"))
                return report(op, unshare(CLONE_NEWUSER));
        if (!strcmp(op, "clone3")) {
                /* A NULL struct: EFAULT when the call is reachable, ENOSYS when a filter stops it. */
                r = syscall(SYS_clone3, NULL, 64);
                if (r < 0 && errno == EFAULT)
                        r = 0;
                return report(op, r);
        }
        if (!strcmp(op, "setns")) { /* setns /proc/PID/ns/NAME */
                fd = open(arg, O_RDONLY | O_CLOEXEC);
                if (fd < 0)
                        return report(op, -1);
                return report(op, setns(fd, 0));
        }
        if (!strcmp(op, "personality32")) {
                r = personality(PER_LINUX32);
                if (r >= 0)
                        (void) personality(PER_LINUX);
                return report(op, r);
        }
        if (!strcmp(op, "mmap-wx")) {
                void *p = mmap(NULL, 4096, PROT_WRITE | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
                return report(op, p == MAP_FAILED ? -1 : 0);
        }
        if (!strcmp(op, "mprotect-x")) {
                void *p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
                if (p == MAP_FAILED)
                        return report(op, -1);
                return report(op, mprotect(p, 4096, PROT_READ | PROT_EXEC));
        }
        if (!strcmp(op, "sched-fifo")) {
                struct sched_param sp = { .sched_priority = 1 };
                return report(op, sched_setscheduler(0, SCHED_FIFO, &sp));
        }
        if (!strcmp(op, "fchmod-suid")) {
                fd = memfd_create("probe", MFD_CLOEXEC);
                if (fd < 0)
                        return report(op, -1);
                return report(op, fchmod(fd, 04755));
        }
        if (!strcmp(op, "openat2")) {
                struct open_how how = { .flags = O_RDONLY | O_CLOEXEC };
                return report(op, syscall(SYS_openat2, AT_FDCWD, "/", &how, sizeof(how)));
        }
        if (!strcmp(op, "int80-getpid"))
                return report(op, op_int80_getpid());
        if (!strcmp(op, "x32-getpid")) /* the x32 ABI: getpid (39) with __X32_SYSCALL_BIT */
                return report(op, syscall(0x40000000L | 39));
        if (!strcmp(op, "lo-only-up"))
                return lo_only_up();
        if (!strcmp(op, "connect")) { /* connect PORT: TCP to 127.0.0.1 */
                struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons(atoi(arg)) };
                sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
                fd = socket(AF_INET, SOCK_STREAM, 0);
                if (fd < 0)
                        return report(op, -1);
                return report(op, connect(fd, (struct sockaddr *) &sa, sizeof(sa)));
        }
        if (!strcmp(op, "mount")) /* mount DIR: a tmpfs on DIR (the test unmounts it if this succeeded) */
                return report(op, mount("probe", arg, "tmpfs", 0, NULL));
        if (!strcmp(op, "ptrace")) { /* ptrace PID */
                pid_t pid = atoi(arg);
                r = ptrace(PTRACE_ATTACH, pid, NULL, NULL);
                if (r >= 0) {
                        (void) waitpid(pid, NULL, __WALL);
                        (void) ptrace(PTRACE_DETACH, pid, NULL, NULL);
                }
                return report(op, r);
        }
        if (!strcmp(op, "mknod-blk")) { /* mknod-blk PATH: the block device of "/", then open it */
                struct stat st;
                if (stat("/", &st) < 0)
                        return report(op, -1);
                r = mknod(arg, S_IFBLK | 0600, st.st_dev);
                if (r < 0)
                        return report(op, r);
                fd = open(arg, O_RDONLY | O_CLOEXEC);
                int saved = errno;
                (void) unlink(arg);
                errno = saved;
                return report(op, fd);
        }
        if (!strcmp(op, "write-proc-sys")) { /* rewrites kernel.printk_ratelimit with its current value */
                ssize_t n;
                fd = open("/proc/sys/kernel/printk_ratelimit", O_RDONLY | O_CLOEXEC);
                if (fd < 0)
                        return report(op, -1);
                n = read(fd, buf, sizeof(buf) - 1);
                close(fd);
                if (n <= 0)
                        return report(op, -1);
                fd = open("/proc/sys/kernel/printk_ratelimit", O_WRONLY | O_CLOEXEC);
                if (fd < 0)
                        return report(op, -1);
                return report(op, write(fd, buf, n) == n ? 0 : -1);
        }
        if (!strcmp(op, "keyctl"))
                return report(op, syscall(SYS_keyctl, KEYCTL_GET_KEYRING_ID, KEY_SPEC_USER_KEYRING, 0));
        if (!strcmp(op, "bpf")) {
                union bpf_attr a = { .map_type = BPF_MAP_TYPE_ARRAY, .key_size = 4, .value_size = 4,
                                     .max_entries = 1 };
                return report(op, syscall(SYS_bpf, BPF_MAP_CREATE, &a, sizeof(a)));
        }
        if (!strcmp(op, "userfaultfd"))
                return report(op, syscall(SYS_userfaultfd, O_CLOEXEC));
        if (!strcmp(op, "perf_event_open")) {
                struct perf_event_attr a = { .type = PERF_TYPE_SOFTWARE, .size = sizeof(a),
                                             .config = PERF_COUNT_SW_CPU_CLOCK, .disabled = 1,
                                             .exclude_kernel = 1, .exclude_hv = 1 };
                return report(op, syscall(SYS_perf_event_open, &a, 0, -1, -1, 0));
        }
        if (!strcmp(op, "io_uring_setup")) {
                struct io_uring_params p = {};
                return report(op, syscall(SYS_io_uring_setup, 1, &p));
        }
        fprintf(stderr, "sandbox-probe: unknown operation '%s'\n", op);
        return 254;
}
