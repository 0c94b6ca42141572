/* SPDX-License-Identifier: MIT */
/* Own cgroup v2 directory, without a service manager.
 *
 * Layout: <own>/sandboxctl-<name>/          limits and the device program live here (so they cover the whole
 *                                            subtree), controllers enabled in its subtree_control
 *         <own>/sandboxctl-<name>/payload/  the payload's processes (no-internal-processes rule: a cgroup
 *                                            with controllers in subtree_control cannot hold processes)
 * <own> is the caller's own cgroup (/proc/self/cgroup "0::" under the cgroup2 mount found in
 * /proc/self/mountinfo). We never write to <own> itself: the controllers we can use are the ones <own>
 * already enables in its cgroup.subtree_control. Moving foreign processes out of <own> to enable more
 * would break whoever put them there, so we refuse instead.
 *
 * The supervisor (the sandboxctl parent) stays in <own>; backend_finish() kills what is left in the
 * cgroup (cgroup.kill), waits for "populated 0" and removes both directories. */
#include <assert.h>
#include <dirent.h>
#include <fcntl.h>
#include <inttypes.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <time.h>
#include <unistd.h>

#include "config.h"
#if HAVE_LIBBPF
#include <bpf/bpf.h>
#endif

#include "backend-internal.h"
#include "directive.h"
#include "log.h"
#include "strv.h"

#define CGROUP_LEAF "payload"

static int read_words(const char *path, char ***ret) {
        _cleanup_free_ char *line = NULL;
        char **l = NULL, *saveptr = NULL;
        int r;

        r = read_one_line(path, &line);
        if (r < 0)
                return r;
        for (char *w = strtok_r(line, " \t", &saveptr); w; w = strtok_r(NULL, " \t", &saveptr))
                strv_extend(&l, w);
        *ret = l;
        return 0;
}

static int cgroupfs_open(Backend *b, char **ret_why) {
        _cleanup_free_ char *mnt = NULL, *own = NULL;
        int r;

        r = cgroup2_find(&mnt, &own);
        if (r == -EPROTONOSUPPORT) {
                *ret_why = xstrdup("only cgroup v1 hierarchies are mounted; sandboxctl supports cgroup v2 only");
                return r;
        }
        if (r == -ENOMEDIUM) {
                *ret_why = xstrdup("no cgroup2 file system is mounted (checked /proc/self/mountinfo)");
                return r;
        }
        if (r < 0) {
                *ret_why = xasprintf("cannot locate our cgroup v2 directory: %s", strerror(-r));
                return r;
        }
        if (access(own, W_OK) < 0) {
                r = negative_errno();
                *ret_why = xasprintf("our cgroup '%s' is not writable (%s); a delegated cgroup v2 subtree "
                                     "is needed", own, strerror(-r));
                return r;
        }

        b->cgroup_mount = TAKE_PTR(mnt);
        b->own_cgroup = TAKE_PTR(own);
        free(b->description);
        b->description = xasprintf("cgroupfs (%s)", b->own_cgroup);

        /* Opportunistic: remove empty cgroups of sandboxes whose supervisor was killed. */
        {
                SandboxInfo *l = NULL;
                size_t n = 0;
                BackendOptions o = { .kind = BACKEND_CGROUPFS };

                if (backend_list_sandboxes(&o, &l, &n) >= 0)
                        sandbox_info_array_free(l, n);
        }
        return 0;
}

/* Block device of PATH (a node, or any file: its file system's device), as the whole disk's "MAJ:MIN"
 * (systemd writes io.* for the disk, not the partition). */
static int io_device_resolve(const char *path, char **ret) {
        _cleanup_free_ char *link = NULL, *parent = NULL, *majmin = NULL;
        struct stat st;
        dev_t dev;

        if (stat(path, &st) < 0)
                return negative_errno();
        if (S_ISBLK(st.st_mode))
                dev = st.st_rdev;
        else {
                dev = st.st_dev;
                if (major(dev) == 0)
                        return -ENODEV; /* tmpfs, overlay, …: no block device behind it */
        }

        link = xasprintf("/sys/dev/block/%u:%u/partition", major(dev), minor(dev));
        if (access(link, F_OK) >= 0) {
                /* A partition: the parent directory of its sysfs node is the disk. */
                parent = xasprintf("/sys/dev/block/%u:%u/../dev", major(dev), minor(dev));
                if (read_one_line(parent, &majmin) < 0)
                        return -ENODEV;
                *ret = TAKE_PTR(majmin);
                return 0;
        }
        *ret = xasprintf("%u:%u", major(dev), minor(dev));
        return 0;
}

static bool have_capability(int cap) {
        _cleanup_fclose_ FILE *f = NULL;
        char line[256];

        f = fopen("/proc/self/status", "re");
        if (!f)
                return false;
        while (fgets(line, sizeof line, f))
                if (strncmp(line, "CapEff:", 7) == 0) {
                        unsigned long long v = strtoull(line + 7, NULL, 16);
                        return (v >> cap) & 1;
                }
        return false;
}

static int cgroupfs_check(Backend *b, const SandboxPlan *p, DiagList *diags) {
        _cleanup_strv_free_ char **avail = NULL, **present = NULL;
        _cleanup_free_ char *path = NULL, *avail_s = NULL, *present_s = NULL;
        BackendRequirement req[64];
        size_t n_req;
        int r, ret = 0;

        path = xasprintf("%s/cgroup.subtree_control", b->own_cgroup);
        r = read_words(path, &avail);
        if (r < 0)
                return log_error_errno(r, "Failed to read '%s': %m", path);
        free(path);
        path = xasprintf("%s/cgroup.controllers", b->own_cgroup);
        (void) read_words(path, &present);
        avail_s = avail ? strv_join(avail, " ") : xstrdup("none");
        present_s = present ? strv_join(present, " ") : xstrdup("none");

        /* Directives this backend has no implementation for at all. */
        for (size_t i = 0; i < p->n_set; i++) {
                const DirectiveOrigin *o = p->set + i;
                const Directive *d = directive_lookup(o->name);

                const CgroupDirectiveInfo *info = cgroup_directive_info(o->name);

                if (!d || d->where != WHERE_CGROUP || (info && !info->systemd_only))
                        continue;
                diag_add(diags, false, o->file, o->line, o->name,
                         "%s= is not supported by the cgroupfs backend; use the systemd backend.", o->name);
                ret = -EINVAL;
        }

        /* Values cgroupfs has no implementation for (systemd watches OOM kills to stop the unit, and delegates a
         * cgroup by chowning it to User=; neither happens here). */
        if (p->cgroup.oom_policy_set && p->cgroup.oom_policy == OOM_POLICY_STOP) {
                const DirectiveOrigin *o = backend_plan_origin(p, "OOMPolicy");

                diag_add(diags, false, o ? o->file : p->unit_path, o ? o->line : 0, "OOMPolicy",
                         "OOMPolicy=stop is not supported by the cgroupfs backend; use kill or continue, or the "
                         "systemd backend.");
                ret = -EINVAL;
        }
        if (p->cgroup.delegate) {
                const DirectiveOrigin *o = backend_plan_origin(p, "Delegate");

                diag_add(diags, false, o ? o->file : p->unit_path, o ? o->line : 0, "Delegate",
                         "Delegate= is not supported by the cgroupfs backend; use the systemd backend.");
                ret = -EINVAL;
        }

        strv_free(b->controllers);
        b->controllers = NULL;

        n_req = backend_requirements(p, req, ELEMENTSOF(req));
        for (size_t i = 0; i < n_req; i++) {
                const DirectiveOrigin *o = backend_plan_origin(p, req[i].directive);
                const char *file = o ? o->file : p->unit_path;
                unsigned line = o ? o->line : 0;

                if (strv_contains(avail, req[i].controller)) {
                        if (!strv_contains(b->controllers, req[i].controller))
                                strv_extend(&b->controllers, req[i].controller);
                        continue;
                }
                if (req[i].soft) {
                        diag_add(diags, true, file, line, req[i].directive,
                                 "%s= needs the cgroup v2 '%s' controller, which %s is not available, ignoring.",
                                 req[i].directive, req[i].controller, b->own_cgroup);
                        continue;
                }
                if (strv_contains(present, req[i].controller))
                        diag_add(diags, false, file, line, req[i].directive,
                                 "%s= needs the cgroup v2 '%s' controller, which is not enabled in %s/"
                                 "cgroup.subtree_control (enabled: %s). sandboxctl does not write to cgroups it "
                                 "did not create; enable it there, or use the systemd backend.",
                                 req[i].directive, req[i].controller, b->own_cgroup, avail_s);
                else
                        diag_add(diags, false, file, line, req[i].directive,
                                 "%s= needs the cgroup v2 '%s' controller, which is not available in %s "
                                 "(cgroup.controllers: %s; it may be bound to a cgroup v1 hierarchy). Refusing "
                                 "to run without the limit.",
                                 req[i].directive, req[i].controller, b->own_cgroup, present_s);
                ret = -EINVAL;
        }

        /* IO devices must resolve now, not half-way through enter(). */
        const struct {
                const char *name;
                const IODeviceValueList *l;
        } io_lists[] = {
                { "IODeviceWeight", &p->cgroup.io_device_weight },
                { "IOReadBandwidthMax", &p->cgroup.io_read_bandwidth_max },
                { "IOWriteBandwidthMax", &p->cgroup.io_write_bandwidth_max },
                { "IOReadIOPSMax", &p->cgroup.io_read_iops_max },
                { "IOWriteIOPSMax", &p->cgroup.io_write_iops_max },
                { "IODeviceLatencyTargetSec", &p->cgroup.io_device_latency_target_usec },
        };
        for (size_t i = 0; i < ELEMENTSOF(io_lists); i++)
                for (size_t j = 0; j < io_lists[i].l->n; j++) {
                        _cleanup_free_ char *mm = NULL;
                        const DirectiveOrigin *o = backend_plan_origin(p, io_lists[i].name);

                        r = io_device_resolve(io_lists[i].l->items[j].path, &mm);
                        if (r < 0) {
                                diag_add(diags, false, o ? o->file : p->unit_path, o ? o->line : 0,
                                         io_lists[i].name, "%s=: cannot find the block device of '%s': %s.",
                                         io_lists[i].name, io_lists[i].l->items[j].path, strerror(-r));
                                ret = -EINVAL;
                        }
                }

        /* The device program. */
        b->devprog = devbpf_program_free(b->devprog);
        if (devbpf_needed(&p->cgroup)) {
                const DirectiveOrigin *o = backend_plan_origin(p, "DeviceAllow") ?: backend_plan_origin(p, "DevicePolicy");
                const DirectiveOrigin *pd = backend_plan_origin(p, "PrivateDevices");
                const char *name = o ? o->name : "DevicePolicy";
                const char *file = o ? o->file : pd ? pd->file : p->unit_path;
                unsigned line = o ? o->line : pd ? pd->line : 0;
                const char *why = NULL;

                if (!HAVE_LIBBPF)
                        why = "sandboxctl was built without libbpf";
                else if (!have_capability(21 /* CAP_SYS_ADMIN */) &&
                         !(have_capability(39 /* CAP_BPF */) && have_capability(12 /* CAP_NET_ADMIN */)))
                        why = "loading a BPF device program needs CAP_SYS_ADMIN (or CAP_BPF and CAP_NET_ADMIN)";

                if (why && !o) {
                        /* Only implied by PrivateDevices=: the private /dev still applies. */
                        diag_add(diags, true, file, line, pd ? pd->name : NULL,
                                 "The device filter implied by PrivateDevices= (DevicePolicy=closed) cannot be "
                                 "applied: %s; the private /dev still is.", why);
                } else if (why) {
                        diag_add(diags, false, file, line, name, "%s= cannot be enforced by the cgroupfs backend: %s.",
                                 name, why);
                        ret = -EINVAL;
                } else {
                        r = devbpf_compile(p, NULL, diags, &b->devprog);
                        if (r < 0)
                                ret = r;
                }
        }

        if (ret >= 0)
                b->devprog_checked = true;
        return ret;
}

static int write_attr(const char *dir, const char *attr, const char *value) {
        _cleanup_free_ char *path = xasprintf("%s/%s", dir, attr);
        int r;

        r = write_string(path, value);
        if (r < 0)
                return log_error_errno(r, "Failed to write '%s' to %s: %m", value, path);
        log_debug("Wrote '%s' to %s", value, path);
        return 0;
}

static char *limit_to_string(uint64_t v) {
        return v == CGROUP_LIMIT_MAX ? xstrdup("max") : xasprintf("%" PRIu64, v);
}

/* CPU set bitmask → "0-3,5". */
static char *cpu_set_to_string(const CpuSetSpec *s) {
        char *out = xstrdup("");

        for (unsigned i = 0; i < CPU_SET_BITS; i++) {
                unsigned j;
                char *t;

                if (!(s->bits[i / 64] & (UINT64_C(1) << (i % 64))))
                        continue;
                for (j = i; j + 1 < CPU_SET_BITS && (s->bits[(j + 1) / 64] & (UINT64_C(1) << ((j + 1) % 64))); j++)
                        ;
                t = j == i ? xasprintf("%s%s%u", out, *out ? "," : "", i) :
                             xasprintf("%s%s%u-%u", out, *out ? "," : "", i, j);
                free(out);
                out = t;
                i = j;
        }
        return out;
}

/* cpu.max as systemd computes it (cgroup_apply_unified_cpu_quota(), v252). */
static char *cpu_max_string(uint64_t quota_per_sec, uint64_t period) {
        if (period == CGROUP_LIMIT_MAX)
                period = 100 * 1000;
        if (quota_per_sec == CGROUP_LIMIT_MAX)
                return xasprintf("max %" PRIu64, period);
        if (quota_per_sec > 0) {
                uint64_t min_period = 1000 * UINT64_C(1000000) / quota_per_sec;

                period = MIN(MAX(MAX(period, UINT64_C(1000)), min_period), UINT64_C(1000000));
        }
        return xasprintf("%" PRIu64 " %" PRIu64, MAX(quota_per_sec * period / 1000000, UINT64_C(1000)), period);
}

static int write_io_lists(const SandboxPlan *p, const char *dir) {
        const CGroupPart *c = &p->cgroup;
        const struct {
                const IODeviceValueList *l;
                const char *key;
        } max_lists[] = {
                { &c->io_read_bandwidth_max, "rbps" },
                { &c->io_write_bandwidth_max, "wbps" },
                { &c->io_read_iops_max, "riops" },
                { &c->io_write_iops_max, "wiops" },
        };
        int r;

        if (c->io_weight != 0 && backend_plan_origin(p, "IOWeight")) {
                _cleanup_free_ char *s = xasprintf("default %" PRIu64, c->io_weight);
                r = write_attr(dir, "io.weight", s);
                if (r < 0)
                        return r;
        }
        for (size_t i = 0; i < c->io_device_weight.n; i++) {
                _cleanup_free_ char *mm = NULL, *s = NULL;

                r = io_device_resolve(c->io_device_weight.items[i].path, &mm);
                if (r < 0)
                        return log_error_errno(r, "Failed to resolve '%s': %m", c->io_device_weight.items[i].path);
                s = xasprintf("%s %" PRIu64, mm, c->io_device_weight.items[i].value);
                r = write_attr(dir, "io.weight", s);
                if (r < 0)
                        return r;
        }
        for (size_t k = 0; k < ELEMENTSOF(max_lists); k++)
                for (size_t i = 0; i < max_lists[k].l->n; i++) {
                        _cleanup_free_ char *mm = NULL, *s = NULL, *v = NULL;

                        r = io_device_resolve(max_lists[k].l->items[i].path, &mm);
                        if (r < 0)
                                return log_error_errno(r, "Failed to resolve '%s': %m", max_lists[k].l->items[i].path);
                        v = limit_to_string(max_lists[k].l->items[i].value);
                        s = xasprintf("%s %s=%s", mm, max_lists[k].key, v);
                        r = write_attr(dir, "io.max", s);
                        if (r < 0)
                                return r;
                }
        for (size_t i = 0; i < c->io_device_latency_target_usec.n; i++) {
                _cleanup_free_ char *mm = NULL, *s = NULL, *v = NULL;

                r = io_device_resolve(c->io_device_latency_target_usec.items[i].path, &mm);
                if (r < 0)
                        return log_error_errno(r, "Failed to resolve '%s': %m",
                                               c->io_device_latency_target_usec.items[i].path);
                v = limit_to_string(c->io_device_latency_target_usec.items[i].value);
                s = xasprintf("%s target=%s", mm, v);
                r = write_attr(dir, "io.latency", s);
                if (r < 0)
                        return r;
        }
        return 0;
}

static int write_limits(Backend *b, const SandboxPlan *p, const char *dir) {
        const CGroupPart *c = &p->cgroup;
        int r;

        if (strv_contains(b->controllers, "cpu")) {
                if (backend_plan_origin(p, "CPUWeight") && c->cpu_weight != CPU_WEIGHT_UNSET) {
                        _cleanup_free_ char *s = xasprintf("%" PRIu64, c->cpu_weight);

                        r = c->cpu_weight == CPU_WEIGHT_IDLE ? write_attr(dir, "cpu.idle", "1") :
                                                               write_attr(dir, "cpu.weight", s);
                        if (r < 0)
                                return r;
                }
                if (c->cpu_quota_per_sec_usec != CGROUP_LIMIT_MAX || c->cpu_quota_period_usec != CGROUP_LIMIT_MAX) {
                        _cleanup_free_ char *s = cpu_max_string(c->cpu_quota_per_sec_usec, c->cpu_quota_period_usec);

                        r = write_attr(dir, "cpu.max", s);
                        if (r < 0)
                                return r;
                }
        }

        if (strv_contains(b->controllers, "cpuset")) {
                if (c->allowed_cpus.set) {
                        _cleanup_free_ char *s = cpu_set_to_string(&c->allowed_cpus);
                        r = write_attr(dir, "cpuset.cpus", s);
                        if (r < 0)
                                return r;
                }
                if (c->allowed_memory_nodes.set) {
                        _cleanup_free_ char *s = cpu_set_to_string(&c->allowed_memory_nodes);
                        r = write_attr(dir, "cpuset.mems", s);
                        if (r < 0)
                                return r;
                }
        }

        if (strv_contains(b->controllers, "memory")) {
                const struct {
                        const CGroupLimit *l;
                        const char *attr;
                } mem[] = {
                        { &c->memory_min, "memory.min" },
                        { &c->memory_low, "memory.low" },
                        { &c->memory_high, "memory.high" },
                        { &c->memory_max, "memory.max" },
                        { &c->memory_swap_max, "memory.swap.max" },
                };

                for (size_t i = 0; i < ELEMENTSOF(mem); i++) {
                        _cleanup_free_ char *s = NULL;

                        if (!mem[i].l->set)
                                continue;
                        s = limit_to_string(backend_resolve_limit(mem[i].l, false));
                        r = write_attr(dir, mem[i].attr, s);
                        if (r < 0)
                                return r;
                }
                if (c->oom_policy_set && c->oom_policy == OOM_POLICY_KILL) {
                        r = write_attr(dir, "memory.oom.group", "1");
                        if (r < 0)
                                return r;
                }
        }

        if (strv_contains(b->controllers, "pids") && c->tasks_max.set) {
                _cleanup_free_ char *s = limit_to_string(backend_resolve_limit(&c->tasks_max, true));

                r = write_attr(dir, "pids.max", s);
                if (r < 0)
                        return r;
        }

        if (strv_contains(b->controllers, "io")) {
                r = write_io_lists(p, dir);
                if (r < 0)
                        return r;
        }
        return 0;
}

static int attach_device_program(Backend *b) {
#if HAVE_LIBBPF
        _cleanup_close_ int cgroup_fd = -EBADF;
        char log_buf[4096] = "";
        LIBBPF_OPTS(bpf_prog_load_opts, opts, .log_buf = log_buf, .log_size = sizeof log_buf);
        int fd, r;

        fd = bpf_prog_load(BPF_PROG_TYPE_CGROUP_DEVICE, "sbx_devices", "GPL", b->devprog->insns,
                           b->devprog->n_insns, &opts);
        if (fd < 0) {
                r = fd;
                return log_error_errno(r, "Failed to load the BPF device program: %m%s%s",
                                       *log_buf ? "\n" : "", log_buf);
        }
        b->prog_fd = fd;

        cgroup_fd = open(b->dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (cgroup_fd < 0)
                return log_error_errno(negative_errno(), "Failed to open %s: %m", b->dir);

        /* BPF_F_ALLOW_MULTI: programs of our ancestors keep running too (both must allow). */
        r = bpf_prog_attach(b->prog_fd, cgroup_fd, BPF_CGROUP_DEVICE, BPF_F_ALLOW_MULTI);
        if (r < 0)
                return log_error_errno(r, "Failed to attach the BPF device program to %s: %m", b->dir);
        log_debug("Attached the device program (%zu rules) to %s", b->devprog->n_rules, b->dir);
        return 0;
#else
        return log_error_errno(-EOPNOTSUPP, "Built without libbpf: cannot apply the device filter.");
#endif
}

/* Reads "populated N" from cgroup.events. */
static int cgroup_populated(const char *dir) {
        _cleanup_free_ char *path = xasprintf("%s/cgroup.events", dir);
        _cleanup_fclose_ FILE *f = NULL;
        char line[128];

        f = fopen(path, "re");
        if (!f)
                return negative_errno();
        while (fgets(line, sizeof line, f))
                if (strncmp(line, "populated ", 10) == 0)
                        return line[10] == '1';
        return -EIO;
}

/* SIGKILL every process in dir and its descendants, one pass. Returns how many were signalled. */
static int kill_procs_recursive(const char *dir, int sig) {
        _cleanup_free_ char *procs = xasprintf("%s/cgroup.procs", dir);
        _cleanup_fclose_ FILE *f = NULL;
        DIR *d;
        int n = 0;

        f = fopen(procs, "re");
        if (f) {
                long pid;
                while (fscanf(f, "%ld", &pid) == 1)
                        if (pid > 0 && kill((pid_t) pid, sig) >= 0)
                                n++;
        }

        d = opendir(dir);
        if (!d)
                return n;
        for (struct dirent *de; (de = readdir(d));) {
                _cleanup_free_ char *sub = NULL;

                if (de->d_type != DT_DIR || streq(de->d_name, ".") || streq(de->d_name, ".."))
                        continue;
                sub = xasprintf("%s/%s", dir, de->d_name);
                n += kill_procs_recursive(sub, sig);
        }
        closedir(d);
        return n;
}

int cgroupfs_signal_all(const char *dir, int sig) {
        return kill_procs_recursive(dir, sig);
}

static int rmdir_recursive(const char *dir) {
        DIR *d;
        int r = 0;

        d = opendir(dir);
        if (!d)
                return errno == ENOENT ? 0 : negative_errno();
        for (struct dirent *de; (de = readdir(d));) {
                _cleanup_free_ char *sub = NULL;

                if (de->d_type != DT_DIR || streq(de->d_name, ".") || streq(de->d_name, ".."))
                        continue;
                sub = xasprintf("%s/%s", dir, de->d_name);
                r = rmdir_recursive(sub);
                if (r < 0)
                        break;
        }
        closedir(d);
        if (r < 0)
                return r;

        /* The kernel may report EBUSY for a moment after the last process left. */
        for (int i = 0; i < 100; i++) {
                if (rmdir(dir) >= 0 || errno == ENOENT)
                        return 0;
                if (errno != EBUSY)
                        return negative_errno();
                (void) nanosleep(&(struct timespec) { .tv_nsec = 10 * 1000 * 1000 }, NULL);
        }
        return -EBUSY;
}

int cgroupfs_kill_and_remove(const char *dir, int first_signal, unsigned grace_ms) {
        _cleanup_free_ char *kill_path = xasprintf("%s/cgroup.kill", dir);
        unsigned waited = 0;
        int r;

        r = cgroup_populated(dir);
        if (r == -ENOENT)
                return 0;

        if (r > 0 && first_signal > 0 && grace_ms > 0) {
                (void) kill_procs_recursive(dir, first_signal);
                for (waited = 0; waited < grace_ms && cgroup_populated(dir) > 0; waited += 10)
                        (void) nanosleep(&(struct timespec) { .tv_nsec = 10 * 1000 * 1000 }, NULL);
        }

        for (waited = 0; (r = cgroup_populated(dir)) > 0; waited += 10) {
                if (waited % 500 == 0) {
                        /* cgroup.kill (Linux ≥ 5.14) kills the whole subtree atomically, racing nothing;
                         * older kernels: signal each process, repeat until the cgroup is empty.
                         * Baseline to drop the fallback: kernel 5.14. */
                        if (write_string(kill_path, "1") < 0)
                                (void) kill_procs_recursive(dir, SIGKILL);
                }
                if (waited >= 10 * 1000)
                        return -EBUSY;
                (void) nanosleep(&(struct timespec) { .tv_nsec = 10 * 1000 * 1000 }, NULL);
        }
        if (r < 0 && r != -ENOENT)
                return r;

        return rmdir_recursive(dir);
}

static void cgroupfs_undo(Backend *b) {
        b->prog_fd = safe_close(b->prog_fd);
        if (b->dir)
                (void) cgroupfs_kill_and_remove(b->dir, 0, 0);
        registry_remove(b);
        free(b->dir);
        b->dir = NULL;
        free(b->leaf);
        b->leaf = NULL;
}

static int verify_membership(pid_t pid, const char *leaf) {
        _cleanup_free_ char *path = xasprintf("/proc/%d/cgroup", (int) pid), *line = NULL;
        _cleanup_fclose_ FILE *f = NULL;
        const char *tail = strrchr(leaf, '/');
        char *dir_tail;
        size_t n = 0;

        /* Expected suffix: "/sandboxctl-…/payload". */
        dir_tail = xstrndup(leaf, (size_t) (tail - leaf));
        tail = strrchr(dir_tail, '/');
        _cleanup_free_ char *want = xasprintf("%s/" CGROUP_LEAF, tail);
        free(dir_tail);

        f = fopen(path, "re");
        if (!f)
                return negative_errno();
        while (getline(&line, &n, f) > 0) {
                size_t l, wl = strlen(want);

                line[strcspn(line, "\n")] = '\0';
                if (strncmp(line, "0::", 3) != 0)
                        continue;
                l = strlen(line);
                return l >= wl && streq(line + l - wl, want) ? 0 : -ESRCH;
        }
        return -ESRCH;
}

static int cgroupfs_enter(Backend *b, const SandboxPlan *p, pid_t pid) {
        _cleanup_free_ char *procs = NULL, *pidstr = NULL;
        bool moved = false;
        int r;

        assert(!b->dir);

        b->name = backend_make_name(p);
        b->dir = xasprintf("%s/sandboxctl-%s", b->own_cgroup, b->name);
        b->leaf = xasprintf("%s/" CGROUP_LEAF, b->dir);
        b->pid = pid;
        b->owner = getpid();

        /* Registry first: if we are killed between here and the end, `list` can find what we made. */
        r = registry_write(b, p, pid);
        if (r < 0)
                log_debug_errno(r, "Failed to write the registry entry, sandbox will not be listed: %m");

        /* Before anything exists: whatever happens to us from here on, the watchdog removes it. */
        r = backend_watchdog_spawn(&(BackendWatchdog) { .cgroup_dir = b->dir, .state_file = b->state_file },
                                   getpid(), &b->watchdog);
        if (r < 0) {
                log_error_errno(r, "Failed to start the cleanup watchdog: %m");
                free(b->dir);
                b->dir = NULL;
                goto fail;
        }
        if (b->state_file && b->watchdog > 0)
                (void) registry_write(b, p, pid); /* now with the watchdog's pid */

        if (mkdir(b->dir, 0755) < 0) {
                r = log_error_errno(negative_errno(), "Failed to create cgroup %s: %m", b->dir);
                free(b->dir);
                b->dir = NULL; /* not ours: do not remove */
                goto fail;
        }

        if (b->controllers) {
                _cleanup_free_ char *s = NULL;
                char **plus = NULL;

                STRV_FOREACH(c, b->controllers)
                        strv_consume(&plus, xasprintf("+%s", *c));
                s = strv_join(plus, " ");
                strv_free(plus);
                r = write_attr(b->dir, "cgroup.subtree_control", s);
                if (r < 0)
                        goto fail;
        }

        if (mkdir(b->leaf, 0755) < 0) {
                r = log_error_errno(negative_errno(), "Failed to create cgroup %s: %m", b->leaf);
                goto fail;
        }

        /* The limits go on both levels: the outer directory bounds everything below it (also a sibling of
         * the leaf a root payload might create), the leaf is the payload's own cgroup, where it and tools
         * (systemd-cgtop, the payload reading its own memory.max) look, as with a systemd scope. */
        r = write_limits(b, p, b->dir);
        if (r >= 0)
                r = write_limits(b, p, b->leaf);
        if (r < 0)
                goto fail;

        if (b->devprog) {
                r = attach_device_program(b);
                if (r < 0)
                        goto fail;
        }

        procs = xasprintf("%s/cgroup.procs", b->leaf);
        pidstr = xasprintf("%d", (int) pid);
        r = write_string(procs, pidstr);
        if (r < 0) {
                log_error_errno(r, "Failed to move process %d into %s: %m", (int) pid, b->leaf);
                goto fail;
        }
        moved = true;

        r = verify_membership(pid, b->leaf);
        if (r < 0) {
                log_error_errno(r, "Process %d is not in %s after moving it there: %m", (int) pid, b->leaf);
                goto fail;
        }

        free(b->description);
        b->description = xasprintf("cgroupfs (%s)", b->dir);
        return 0;

fail:
        if (moved) {
                /* Put the process back where it was, so removing the cgroup does not kill the caller. */
                _cleanup_free_ char *own_procs = xasprintf("%s/cgroup.procs", b->own_cgroup);
                (void) write_string(own_procs, pidstr);
        }
        cgroupfs_undo(b);
        return r < 0 ? r : -EIO;
}

static int cgroupfs_finish(Backend *b) {
        int r;

        if (!b->dir)
                return 0;

        b->prog_fd = safe_close(b->prog_fd);
        r = cgroupfs_kill_and_remove(b->dir, 0, 0);
        if (r < 0)
                return log_error_errno(r, "Failed to remove cgroup %s: %m", b->dir);

        registry_remove(b);
        free(b->dir);
        b->dir = NULL;
        free(b->leaf);
        b->leaf = NULL;
        return 0;
}

int backend_finish_state(const Backend *b, char **ret_cgroup_dir, char **ret_state_file) {
        assert(b && b->vtable);

        if (b->vtable->kind == BACKEND_SYSTEMD)
                return -EOPNOTSUPP;
        /* none: nothing to remove; cgroupfs: the device program's fd need not survive (it is CLOEXEC, and the
         * attachment holds the program until rmdir frees the cgroup). */
        *ret_cgroup_dir = b->dir ? xstrdup(b->dir) : NULL;
        *ret_state_file = b->dir && b->state_file ? xstrdup(b->state_file) : NULL;
        return 0;
}

int backend_finish_detached(const char *cgroup_dir, const char *state_file) {
        int r;

        /* What cgroupfs_finish() does, from strings. */
        if (cgroup_dir) {
                r = cgroupfs_kill_and_remove(cgroup_dir, 0, 0);
                if (r < 0)
                        return log_error_errno(r, "Failed to remove cgroup %s: %m", cgroup_dir);
        }
        if (state_file && unlink(state_file) < 0 && errno != ENOENT)
                log_debug_errno(negative_errno(), "Failed to remove %s: %m", state_file);
        return 0;
}

static void cgroupfs_done(Backend *b) {
        /* Freed without backend_finish() (an error in the caller after enter()): nothing may stay behind.
         * Only in the process that entered, never in a forked child that frees its copy. */
        if (b->dir && b->owner == getpid())
                (void) cgroupfs_finish(b);
        b->prog_fd = safe_close(b->prog_fd);
        b->devprog = devbpf_program_free(b->devprog);
        b->controllers = strv_free(b->controllers);
        free(b->cgroup_mount);
        b->cgroup_mount = NULL;
        free(b->own_cgroup);
        b->own_cgroup = NULL;
        free(b->dir);
        b->dir = NULL;
        free(b->leaf);
        b->leaf = NULL;
        free(b->state_file);
        b->state_file = NULL;
}

const BackendVTable backend_cgroupfs_vtable = {
        .kind = BACKEND_CGROUPFS,
        .needs_supervisor = true,
        .open = cgroupfs_open,
        .check = cgroupfs_check,
        .enter = cgroupfs_enter,
        .finish = cgroupfs_finish,
        .done = cgroupfs_done,
};
