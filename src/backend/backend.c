/* SPDX-License-Identifier: MIT */
/* Backend selection (auto-probe), vtable dispatch and helpers shared by the three backends. */
#include <assert.h>
#include <fcntl.h>
#include <inttypes.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "backend-internal.h"
#include "directive.h"
#include "log.h"
#include "strv.h"

static const char *const backend_kind_table[_BACKEND_KIND_MAX] = {
        [BACKEND_AUTO] = "auto",
        [BACKEND_SYSTEMD] = "systemd",
        [BACKEND_CGROUPFS] = "cgroupfs",
        [BACKEND_NONE] = "none",
};

const char *backend_kind_to_string(BackendKind k) {
        if (k < 0 || k >= _BACKEND_KIND_MAX)
                return NULL;
        return backend_kind_table[k];
}

BackendKind backend_kind_from_string(const char *s) {
        if (!s)
                return _BACKEND_KIND_INVALID;
        for (BackendKind k = 0; k < _BACKEND_KIND_MAX; k++)
                if (streq(backend_kind_table[k], s))
                        return k;
        return _BACKEND_KIND_INVALID;
}

/* Every cgroup directive systemd 252 knows for scopes, and the controller it needs. Directives not listed
 * here are refused by the cgroupfs and none backends (fail closed). */
static const CgroupDirectiveInfo cgroup_directives[] = {
        { "CPUAccounting",            "cpu",     true  },
        { "CPUWeight",                "cpu",     false },
        { "StartupCPUWeight",         "cpu",     false },
        { "CPUShares",                "cpu",     false },
        { "StartupCPUShares",         "cpu",     false },
        { "CPUQuota",                 "cpu",     false },
        { "CPUQuotaPeriodSec",        "cpu",     false },
        { "AllowedCPUs",              "cpuset",  false },
        { "StartupAllowedCPUs",       "cpuset",  false },
        { "AllowedMemoryNodes",       "cpuset",  false },
        { "StartupAllowedMemoryNodes","cpuset",  false },
        { "MemoryAccounting",         "memory",  true  },
        { "MemoryMin",                "memory",  false },
        { "MemoryLow",                "memory",  false },
        { "MemoryHigh",               "memory",  false },
        { "MemoryMax",                "memory",  false },
        { "MemorySwapMax",            "memory",  false },
        { "MemoryLimit",              "memory",  false },
        { "TasksAccounting",          "pids",    true  },
        { "TasksMax",                 "pids",    false },
        { "IOAccounting",             "io",      true  },
        { "IOWeight",                 "io",      false },
        { "StartupIOWeight",          "io",      false },
        { "IODeviceWeight",           "io",      false },
        { "IOReadBandwidthMax",       "io",      false },
        { "IOWriteBandwidthMax",      "io",      false },
        { "IOReadIOPSMax",            "io",      false },
        { "IOWriteIOPSMax",           "io",      false },
        { "IODeviceLatencyTargetSec", "io",      false },
        { "BlockIOAccounting",        "io",      true  },
        { "DevicePolicy",             "devices", false },
        { "DeviceAllow",              "devices", false },
        { "IPAddressAllow",           NULL,      false, true },
        { "IPAddressDeny",            NULL,      false, true },
        { "OOMPolicy",                NULL,      false },
        { "Delegate",                 NULL,      false },
};

const CgroupDirectiveInfo *cgroup_directive_info(const char *name) {
        for (size_t i = 0; i < ELEMENTSOF(cgroup_directives); i++)
                if (streq(cgroup_directives[i].name, name))
                        return cgroup_directives + i;
        return NULL;
}

size_t backend_requirements(const SandboxPlan *p, BackendRequirement *v, size_t max) {
        const CGroupPart *c = &p->cgroup;
        size_t n = 0;
#define NEED(d, ctl, s)                                                                         \
        do {                                                                                    \
                if (n < max)                                                                    \
                        v[n++] = (BackendRequirement) { .directive = (d), .controller = (ctl), .soft = (s) }; \
        } while (0)

        if (backend_plan_origin(p, "CPUWeight") && c->cpu_weight != CPU_WEIGHT_UNSET)
                NEED("CPUWeight", "cpu", false);
        if (c->cpu_quota_per_sec_usec != CGROUP_LIMIT_MAX)
                NEED("CPUQuota", "cpu", false);
        if (c->cpu_quota_period_usec != CGROUP_LIMIT_MAX)
                NEED("CPUQuotaPeriodSec", "cpu", false);
        if (c->allowed_cpus.set)
                NEED("AllowedCPUs", "cpuset", false);
        if (c->allowed_memory_nodes.set)
                NEED("AllowedMemoryNodes", "cpuset", false);
        if (c->memory_min.set)
                NEED("MemoryMin", "memory", false);
        if (c->memory_low.set)
                NEED("MemoryLow", "memory", false);
        if (c->memory_high.set)
                NEED("MemoryHigh", "memory", false);
        if (c->memory_max.set)
                NEED(backend_plan_origin(p, "MemoryMax") || !backend_plan_origin(p, "MemoryLimit") ?
                     "MemoryMax" : "MemoryLimit", "memory", false);
        if (c->memory_swap_max.set)
                NEED("MemorySwapMax", "memory", false);
        if (c->oom_policy_set && c->oom_policy == OOM_POLICY_KILL)
                NEED("OOMPolicy", "memory", false);
        if (c->tasks_max.set)
                NEED("TasksMax", "pids", false);
        if (c->io_weight != 0 && backend_plan_origin(p, "IOWeight"))
                NEED("IOWeight", "io", false);
        if (c->io_device_weight.n > 0)
                NEED("IODeviceWeight", "io", false);
        if (c->io_read_bandwidth_max.n > 0)
                NEED("IOReadBandwidthMax", "io", false);
        if (c->io_write_bandwidth_max.n > 0)
                NEED("IOWriteBandwidthMax", "io", false);
        if (c->io_read_iops_max.n > 0)
                NEED("IOReadIOPSMax", "io", false);
        if (c->io_write_iops_max.n > 0)
                NEED("IOWriteIOPSMax", "io", false);
        if (c->io_device_latency_target_usec.n > 0)
                NEED("IODeviceLatencyTargetSec", "io", false);
        if (c->cpu_accounting)
                NEED("CPUAccounting", "cpu", true);
        if (c->memory_accounting)
                NEED("MemoryAccounting", "memory", true);
        if (c->io_accounting)
                NEED("IOAccounting", "io", true);
        if (c->tasks_accounting)
                NEED("TasksAccounting", "pids", true);
#undef NEED
        return n;
}

const DirectiveOrigin *backend_plan_origin(const SandboxPlan *p, const char *name) {
        for (size_t i = 0; i < p->n_set; i++)
                if (p->set[i].name && streq(p->set[i].name, name))
                        return p->set + i;
        return NULL;
}

char *backend_make_name(const SandboxPlan *p) {
        const char *unit = p->unit_name ?: "sandbox";
        const char *dot = strrchr(unit, '.');
        size_t len = dot && dot != unit ? (size_t) (dot - unit) : strlen(unit);
        uint32_t rnd;
        char *s;

        if (getrandom(&rnd, sizeof rnd, 0) != sizeof rnd)
                rnd = (uint32_t) getpid() ^ (uint32_t) time(NULL);

        len = MIN(len, (size_t) 64);
        s = xasprintf("%.*s-%08" PRIx32, (int) len, unit, rnd);
        /* Keep characters valid in unit names and harmless in paths; '@' and '\\' have meaning in unit
         * names, '/' in paths. */
        for (char *c = s; *c; c++)
                if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.:-", *c))
                        *c = '_';
        return s;
}

static uint64_t physical_memory(void) {
        long pages = sysconf(_SC_PHYS_PAGES), ps = sysconf(_SC_PAGESIZE);

        if (pages <= 0 || ps <= 0)
                return UINT64_MAX;
        return (uint64_t) pages * (uint64_t) ps;
}

/* systemd's physical_memory_scale(): whole pages, rounded down. */
uint64_t backend_memory_scale(uint32_t permyriad) {
        uint64_t ps = (uint64_t) sysconf(_SC_PAGESIZE), mem = physical_memory(), pages;

        if (mem == UINT64_MAX)
                return UINT64_MAX;
        pages = mem / ps;
        return pages * permyriad / 10000 * ps;
}

static uint64_t read_sysctl_u64(const char *path) {
        _cleanup_free_ char *s = NULL;
        char *end;
        uint64_t v;

        if (read_one_line(path, &s) < 0)
                return UINT64_MAX;
        errno = 0;
        v = strtoull(s, &end, 10);
        if (errno != 0 || end == s)
                return UINT64_MAX;
        return v;
}

/* systemd's system_tasks_max(): min(pid_max - 1, threads-max, TASKS_MAX = 4194303). */
uint64_t backend_tasks_scale(uint32_t permyriad) {
        uint64_t pid_max = read_sysctl_u64("/proc/sys/kernel/pid_max");
        uint64_t threads_max = read_sysctl_u64("/proc/sys/kernel/threads-max");
        uint64_t t = UINT64_C(4194303);

        if (pid_max != UINT64_MAX && pid_max > 1)
                t = MIN(t, pid_max - 1);
        if (threads_max != UINT64_MAX && threads_max > 0)
                t = MIN(t, threads_max);
        return t * permyriad / 10000;
}

uint64_t backend_resolve_limit(const CGroupLimit *l, bool tasks) {
        if (!l->is_scale)
                return l->value;
        return tasks ? backend_tasks_scale(l->permyriad) : backend_memory_scale(l->permyriad);
}

int read_one_line(const char *path, char **ret) {
        _cleanup_fclose_ FILE *f = NULL;
        char *line = NULL;
        size_t n = 0;
        ssize_t k;

        f = fopen(path, "re");
        if (!f)
                return negative_errno();
        errno = 0;
        k = getline(&line, &n, f);
        if (k < 0) {
                int r = errno ? -errno : 0;
                free(line);
                if (r < 0)
                        return r;
                *ret = xstrdup("");
                return 0;
        }
        line[strcspn(line, "\n")] = '\0';
        *ret = line;
        return 0;
}

int write_string(const char *path, const char *s) {
        _cleanup_close_ int fd = -EBADF;
        size_t len = strlen(s);
        ssize_t k;

        fd = open(path, O_WRONLY | O_CLOEXEC | O_NOCTTY);
        if (fd < 0)
                return negative_errno();
        /* cgroupfs reports a rejected value from write(), not from close(): one write() call. */
        k = write(fd, s, len);
        if (k < 0)
                return negative_errno();
        if ((size_t) k != len)
                return -EIO;
        return 0;
}

/* Reads an octal-escaped mountinfo field ("\040" = space) in place. */
static void unescape_mountinfo(char *s) {
        char *w = s;

        for (char *r = s; *r; r++) {
                if (r[0] == '\\' && r[1] >= '0' && r[1] <= '7' && r[2] >= '0' && r[2] <= '7' &&
                    r[3] >= '0' && r[3] <= '7') {
                        *w++ = (char) (((r[1] - '0') << 6) | ((r[2] - '0') << 3) | (r[3] - '0'));
                        r += 3;
                } else
                        *w++ = *r;
        }
        *w = '\0';
}

static const char *path_strip_prefix(const char *path, const char *prefix) {
        size_t l = strlen(prefix);

        if (streq(prefix, "/"))
                return path;
        if (strncmp(path, prefix, l) != 0 || (path[l] != '/' && path[l] != '\0'))
                return NULL;
        return path + l;
}

int cgroup2_find(char **ret_mount, char **ret_own_dir) {
        _cleanup_free_ char *own = NULL, *mount_point = NULL, *line = NULL;
        _cleanup_fclose_ FILE *f = NULL;
        bool have_v1 = false;
        size_t n = 0;

        /* Our cgroup v2 path, relative to our cgroup namespace root. */
        f = fopen("/proc/self/cgroup", "re");
        if (!f)
                return negative_errno();
        while (getline(&line, &n, f) > 0) {
                line[strcspn(line, "\n")] = '\0';
                if (strncmp(line, "0::", 3) == 0) {
                        free(own);
                        own = xstrdup(line + 3);
                }
        }
        fclose(TAKE_PTR(f));

        /* The cgroup2 mount whose root contains our path ("never assume /sys/fs/cgroup"). */
        f = fopen("/proc/self/mountinfo", "re");
        if (!f)
                return negative_errno();
        while (getline(&line, &n, f) > 0) {
                char *fields[10] = {}, *sep, *saveptr = NULL, *fstype;
                size_t k = 0;

                line[strcspn(line, "\n")] = '\0';
                sep = strstr(line, " - ");
                if (!sep)
                        continue;
                *sep = '\0';
                fstype = strtok_r(sep + 3, " ", &saveptr);
                if (!fstype)
                        continue;
                if (streq(fstype, "cgroup")) {
                        have_v1 = true;
                        continue;
                }
                if (!streq(fstype, "cgroup2"))
                        continue;

                saveptr = NULL;
                for (char *t = strtok_r(line, " ", &saveptr); t && k < ELEMENTSOF(fields);
                     t = strtok_r(NULL, " ", &saveptr))
                        fields[k++] = t;
                if (k < 5)
                        continue;
                unescape_mountinfo(fields[3]); /* root */
                unescape_mountinfo(fields[4]); /* mount point */

                if (!own || !path_strip_prefix(own, fields[3]))
                        continue;
                /* The first matching mount wins (the one the system set up, e.g. /sys/fs/cgroup). */
                const char *rel = path_strip_prefix(own, fields[3]);
                char *dir;

                if (isempty(rel) || streq(rel, "/"))
                        dir = xstrdup(fields[4]);
                else
                        dir = xasprintf("%s%s", streq(fields[4], "/") ? "" : fields[4], rel);
                mount_point = xstrdup(fields[4]);
                free(own);
                own = dir;
                break;
        }

        if (!mount_point)
                return have_v1 ? -EPROTONOSUPPORT : -ENOMEDIUM;

        /* " (deleted)" would mean our cgroup was removed under us. */
        if (strstr(own, " (deleted)"))
                return -ENOENT;

        *ret_mount = TAKE_PTR(mount_point);
        *ret_own_dir = TAKE_PTR(own);
        return 0;
}

static int backend_try(Backend *b, const BackendVTable *vt, char **ret_why) {
        int r;

        b->vtable = vt;
        r = vt->open(b, ret_why);
        if (r < 0) {
                if (vt->done)
                        vt->done(b);
                b->vtable = NULL;
        }
        return r;
}

/* What to do when the systemd backend was asked for and no manager answers: a user bus means "start a user
 * manager, or be root", the system bus "boot with systemd, or pick another backend". */
static const char *systemd_missing_hint(const BackendOptions *o) {
        if (o->bus == BUS_SCOPE_USER || (o->bus == BUS_SCOPE_AUTO && geteuid() != 0))
                return "a user manager (systemd --user, with $XDG_RUNTIME_DIR set) must run for this user; "
                       "run as root for a system scope, or use --backend=cgroupfs or --backend=none";
        return "is systemd running as PID 1? Use --backend=cgroupfs or --backend=none";
}

int backend_open(const BackendOptions *o, Backend **ret) {
        _cleanup_(backend_freep) Backend *b = NULL;
        _cleanup_free_ char *why_systemd = NULL, *why_cgroupfs = NULL;
        int r;

        assert(o);
        assert(ret);

        b = xcalloc(1, sizeof(Backend));
        b->options = *o;
        b->slice = xstrdup(o->slice ?: "sandboxctl.slice");
        b->options.slice = b->slice;
        b->prog_fd = -EBADF;

        switch (o->kind) {
        case BACKEND_SYSTEMD:
                r = backend_try(b, &backend_systemd_vtable, &why_systemd);
                if (r < 0)
                        return log_error_errno(r, "--backend=systemd: %s; %s", why_systemd ?: "no service manager",
                                               systemd_missing_hint(o));
                break;

        case BACKEND_CGROUPFS:
                r = backend_try(b, &backend_cgroupfs_vtable, &why_cgroupfs);
                if (r < 0)
                        return log_error_errno(r, "--backend=cgroupfs: %s", why_cgroupfs ?: "no cgroup v2");
                break;

        case BACKEND_NONE:
                r = backend_try(b, &backend_none_vtable, NULL);
                if (r < 0)
                        return r;
                break;

        case BACKEND_AUTO:
                r = backend_try(b, &backend_systemd_vtable, &why_systemd);
                if (r >= 0)
                        break;
                /* --user/--system name a service manager: do not silently fall back to something else. */
                if (o->bus != BUS_SCOPE_AUTO)
                        return log_error_errno(r, "%s: %s; %s", o->bus == BUS_SCOPE_USER ? "--user" : "--system",
                                               why_systemd ?: "no service manager", systemd_missing_hint(o));
                log_debug("Backend systemd not usable: %s", why_systemd ?: "unknown reason");

                r = backend_try(b, &backend_cgroupfs_vtable, &why_cgroupfs);
                if (r >= 0)
                        break;
                log_debug("Backend cgroupfs not usable: %s", why_cgroupfs ?: "unknown reason");

                r = backend_try(b, &backend_none_vtable, NULL);
                if (r < 0)
                        return r;
                free(b->description);
                b->description = xasprintf("none (%s; %s)", why_systemd ?: "no systemd",
                                           why_cgroupfs ?: "no cgroup v2");
                break;

        default:
                return -EINVAL;
        }

        *ret = TAKE_PTR(b);
        return 0;
}

BackendKind backend_kind(const Backend *b) {
        return b && b->vtable ? b->vtable->kind : _BACKEND_KIND_INVALID;
}

const char *backend_describe(const Backend *b) {
        if (!b || !b->vtable)
                return "none";
        return b->description ?: backend_kind_to_string(b->vtable->kind);
}

bool backend_needs_supervisor(const Backend *b) {
        return b && b->vtable && b->vtable->needs_supervisor;
}

int backend_check(Backend *b, const SandboxPlan *p, DiagList *diags) {
        size_t errors_before;
        int r;

        assert(b && b->vtable);
        errors_before = diag_list_errors(diags);
        r = b->vtable->check(b, p, diags);
        if (r >= 0 && diag_list_errors(diags) > errors_before)
                r = -EINVAL;
        b->checked = r >= 0;
        return r;
}

int backend_enter(Backend *b, const SandboxPlan *p, pid_t pid) {
        int r;

        assert(b && b->vtable);
        assert(pid > 0);

        /* Fail closed even for a caller that skipped backend_check(). */
        if (!b->checked) {
                DiagList d = {};

                r = backend_check(b, p, &d);
                if (r < 0) {
                        diag_list_print(&d, stderr);
                        diag_list_done(&d);
                        return log_error_errno(r, "Refusing to start: the %s backend cannot apply this unit.",
                                               backend_kind_to_string(b->vtable->kind));
                }
                diag_list_done(&d);
        }
        return b->vtable->enter(b, p, pid);
}

int backend_finish(Backend *b) {
        if (!b || !b->vtable)
                return 0;
        return b->vtable->finish(b);
}

Backend *backend_free(Backend *b) {
        if (!b)
                return NULL;
        if (b->vtable && b->vtable->done)
                b->vtable->done(b);
        free(b->slice);
        free(b->description);
        free(b->name);
        free(b);
        return NULL;
}

const char *backend_name(const Backend *b) {
        if (!b || !b->vtable)
                return NULL;
        if (b->scope)
                return b->scope;
        if (b->dir)
                return strrchr(b->dir, '/') + 1;
        return NULL;
}

/* Used by backend-none.c and as the generic part of the others: every WHERE_CGROUP directive the plan
 * sets, in table order. */
int backend_check_cgroup_directives_none(const SandboxPlan *p, bool requested, DiagList *diags) {
        int r = 0;

        for (size_t i = 0; i < p->n_set; i++) {
                const DirectiveOrigin *o = p->set + i;
                const Directive *d = directive_lookup(o->name);
                const CgroupDirectiveInfo *info;

                if (!d || d->where != WHERE_CGROUP)
                        continue;
                info = cgroup_directive_info(o->name);
                if (info && info->soft) {
                        diag_add(diags, true, o->file, o->line, o->name,
                                 "%s= has no effect without a cgroup backend (backend 'none'), ignoring.",
                                 o->name);
                        continue;
                }
                if (requested)
                        diag_add(diags, false, o->file, o->line, o->name,
                                 "%s= needs a cgroup backend; --backend=none cannot enforce it (use "
                                 "--backend=cgroupfs or --backend=systemd, or remove the line).", o->name);
                else
                        diag_add(diags, false, o->file, o->line, o->name,
                                 "%s= needs a cgroup backend, but none is usable (no systemd manager on the "
                                 "bus and no writable cgroup v2 hierarchy); refusing to run without it.",
                                 o->name);
                r = -EINVAL;
        }

        /* Implied device filtering (PrivateDevices= makes DevicePolicy=closed) has no directive of its own:
         * the private /dev is still applied by the exec side, so only the second layer is missing. */
        if (devbpf_needed(&p->cgroup) && !backend_plan_origin(p, "DevicePolicy") &&
            !backend_plan_origin(p, "DeviceAllow")) {
                const DirectiveOrigin *o = backend_plan_origin(p, "PrivateDevices");

                diag_add(diags, true, o ? o->file : p->unit_path, o ? o->line : 0, o ? o->name : NULL,
                         "The device filter implied by %s (DevicePolicy=closed) needs a cgroup backend and is "
                         "not applied with backend 'none'; the private /dev still is.",
                         o ? "PrivateDevices=" : "the unit");
        }
        return r;
}

static int pidfd_open_compat(pid_t pid) {
#ifdef SYS_pidfd_open
        return (int) syscall(SYS_pidfd_open, pid, 0);
#else
        errno = ENOSYS;
        return -1;
#endif
}

void backend_watchdog_wait(int pidfd) {
        for (;;) {
                struct pollfd pfd = { .fd = pidfd, .events = POLLIN };

                if (poll(&pfd, 1, -1) > 0)
                        return;
                if (errno != EINTR && errno != EAGAIN)
                        return;
        }
}

void backend_watchdog_detach(int report_fd) {
        sigset_t all;
        pid_t grandchild;
        int null_fd;

        /* Double fork: the watchdog is nobody's child, so no waitpid() of the caller sees it. */
        grandchild = fork();
        if (grandchild != 0) {
                if (grandchild > 0)
                        (void) write(report_fd, &grandchild, sizeof grandchild);
                _exit(grandchild < 0 ? EXIT_FAILURE : EXIT_SUCCESS);
        }

        /* Out of the terminal's process group (Ctrl-C is the supervisor's business), no inherited fds (a pipe
         * kept open would hang whoever reads sandboxctl's output), default signals. */
        (void) setsid();
        (void) sigemptyset(&all);
        (void) sigprocmask(SIG_SETMASK, &all, NULL);
        null_fd = open("/dev/null", O_RDWR | O_CLOEXEC);
        if (null_fd >= 0) {
                (void) dup2(null_fd, STDIN_FILENO);
                (void) dup2(null_fd, STDOUT_FILENO);
                (void) dup2(null_fd, STDERR_FILENO);
        }
}

/* Replaces our command line (as /proc/PID/cmdline and ps show it) with "sbx-watchdog": the watchdog is a fork
 * of sandboxctl and would otherwise look like it, arguments and all, to pgrep -f and to the user. The
 * argument area is found through /proc/self/stat (arg_start, arg_end: fields 48 and 49, Linux ≥ 3.5). */
void backend_watchdog_set_cmdline(void) {
        _cleanup_free_ char *line = NULL;
        unsigned long long start = 0, end = 0;
        char *p;

        if (read_one_line("/proc/self/stat", &line) < 0)
                return;
        p = strrchr(line, ')');
        if (!p)
                return;
        /* p + 2 is field 3; advance to field 48. */
        p += 2;
        for (int field = 3; field < 48 && p; field++) {
                p = strchr(p, ' ');
                if (p)
                        p++;
        }
        if (!p || sscanf(p, "%llu %llu", &start, &end) != 2 || end <= start)
                return;
        memset((void *) (uintptr_t) start, 0, (size_t) (end - start));
        strncpy((char *) (uintptr_t) start, "sbx-watchdog", (size_t) (end - start) - 1);
}

static void watchdog_fire(const BackendWatchdog *w) {
        if (w->cgroup_dir) {
                (void) cgroupfs_kill_and_remove(w->cgroup_dir, 0, 0);
                if (w->state_file)
                        (void) unlink(w->state_file);
        }
        if (w->scope) {
                sd_bus *bus = NULL;
                sd_bus_error error = SD_BUS_ERROR_NULL;

                if ((w->user ? sd_bus_open_user(&bus) : sd_bus_open_system(&bus)) >= 0) {
                        /* SIGKILL, not StopUnit: the scope's TimeoutStopSec= could keep leftovers for 90 s. */
                        (void) sd_bus_call_method(bus, "org.freedesktop.systemd1", "/org/freedesktop/systemd1",
                                                  "org.freedesktop.systemd1.Manager", "KillUnit", &error, NULL,
                                                  "ssi", w->scope, "all", (int32_t) SIGKILL);
                        sd_bus_error_free(&error);
                        sd_bus_flush_close_unref(bus);
                }
        }
}

int backend_watchdog_spawn(const BackendWatchdog *w, pid_t watched, pid_t *ret_pid) {
        _cleanup_close_ int pidfd = -EBADF;
        int report[2];
        pid_t child, grandchild_pid = 0;
        int status;

        *ret_pid = 0;

        pidfd = pidfd_open_compat(watched);
        if (pidfd < 0) {
                /* Linux < 5.3: no watchdog; `list` still finds and removes what a killed supervisor left.
                 * Baseline to drop this: kernel 5.3. */
                log_debug_errno(negative_errno(), "pidfd_open() failed, no cleanup watchdog: %m");
                return 0;
        }

        if (pipe2(report, O_CLOEXEC) < 0)
                return negative_errno();

        child = fork();
        if (child < 0) {
                (void) close(report[0]);
                (void) close(report[1]);
                return negative_errno();
        }
        if (child == 0) {
                (void) close(report[0]);
                backend_watchdog_detach(report[1]);
                if (dup2(pidfd, 3) < 0)
                        _exit(EXIT_FAILURE);
                (void) close_range(4, ~0U, 0);
                (void) prctl(PR_SET_NAME, (unsigned long) "sbx-watchdog", 0UL, 0UL, 0UL);
                backend_watchdog_set_cmdline();

                backend_watchdog_wait(3);
                watchdog_fire(w);
                _exit(EXIT_SUCCESS);
        }

        (void) close(report[1]);
        if (read(report[0], &grandchild_pid, sizeof grandchild_pid) != sizeof grandchild_pid)
                grandchild_pid = 0;
        (void) close(report[0]);

        while (waitpid(child, &status, 0) < 0)
                if (errno != EINTR)
                        return negative_errno();
        if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
                return -ECHILD;
        *ret_pid = grandchild_pid;
        return 0;
}

/* Directive → what carries it: the transient scope's property (systemd) and the cgroup v2 file (cgroupfs). */
static const struct {
        const char *name, *property, *file;
} directive_targets[] = {
        { "CPUAccounting",       "scope property CPUAccounting",              "cgroup controller cpu" },
        { "MemoryAccounting",    "scope property MemoryAccounting",           "cgroup controller memory" },
        { "IOAccounting",        "scope property IOAccounting",               "cgroup controller io" },
        { "TasksAccounting",     "scope property TasksAccounting",            "cgroup controller pids" },
        { "CPUWeight",           "scope property CPUWeight",                  "cgroup file cpu.weight" },
        { "StartupCPUWeight",    "scope property StartupCPUWeight",           "cgroup file cpu.weight" },
        { "CPUQuota",            "scope property CPUQuotaPerSecUSec",         "cgroup file cpu.max" },
        { "CPUQuotaPeriodSec",   "scope property CPUQuotaPeriodUSec",         "cgroup file cpu.max" },
        { "AllowedCPUs",         "scope property AllowedCPUs",                "cgroup file cpuset.cpus" },
        { "AllowedMemoryNodes",  "scope property AllowedMemoryNodes",         "cgroup file cpuset.mems" },
        { "MemoryMin",           "scope property MemoryMin",                  "cgroup file memory.min" },
        { "MemoryLow",           "scope property MemoryLow",                  "cgroup file memory.low" },
        { "MemoryHigh",          "scope property MemoryHigh",                 "cgroup file memory.high" },
        { "MemoryMax",           "scope property MemoryMax",                  "cgroup file memory.max" },
        { "MemoryLimit",         "scope property MemoryMax",                  "cgroup file memory.max" },
        { "MemorySwapMax",       "scope property MemorySwapMax",              "cgroup file memory.swap.max" },
        { "TasksMax",            "scope property TasksMax",                   "cgroup file pids.max" },
        { "IOWeight",            "scope property IOWeight",                   "cgroup file io.weight" },
        { "StartupIOWeight",     "scope property StartupIOWeight",            "cgroup file io.weight" },
        { "IODeviceWeight",      "scope property IODeviceWeight",             "cgroup file io.weight" },
        { "IOReadBandwidthMax",  "scope property IOReadBandwidthMax",         "cgroup file io.max" },
        { "IOWriteBandwidthMax", "scope property IOWriteBandwidthMax",        "cgroup file io.max" },
        { "IOReadIOPSMax",       "scope property IOReadIOPSMax",              "cgroup file io.max" },
        { "IOWriteIOPSMax",      "scope property IOWriteIOPSMax",             "cgroup file io.max" },
        { "IODeviceLatencyTargetSec", "scope property IODeviceLatencyTargetUSec", "cgroup file io.latency" },
        { "DevicePolicy",        "scope property DevicePolicy",               "BPF device program (libbpf)" },
        { "DeviceAllow",         "scope property DeviceAllow",                "BPF device program (libbpf)" },
        { "IPAddressAllow",      "scope property IPAddressAllow",             NULL },
        { "IPAddressDeny",       "scope property IPAddressDeny",              NULL },
        { "OOMPolicy",           "scope property OOMPolicy",                  "cgroup file memory.oom.group" },
        { "Delegate",            "scope property Delegate",                   NULL },
};

const char *backend_directive_target(const Backend *b, const char *name) {
        for (size_t i = 0; i < ELEMENTSOF(directive_targets); i++)
                if (streq(directive_targets[i].name, name))
                        return backend_kind(b) == BACKEND_SYSTEMD ? directive_targets[i].property :
                                                                    directive_targets[i].file;
        return NULL;
}
