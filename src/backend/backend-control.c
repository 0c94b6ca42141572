/* SPDX-License-Identifier: MIT */
/* freeze / thaw / kill of a running sandbox and the cgroup figures `status` shows (memory, PSI, frozen).
 *
 * systemd: FreezeUnit/ThawUnit/KillUnit on the scope (backend-systemd.c); the figures come from the scope's
 * ControlGroup under the cgroup2 mount. cgroupfs: cgroup.freeze / cgroup.events "frozen", cgroup.kill (Linux
 * ≥ 5.14) for SIGKILL, every pid of cgroup.procs (recursively) for any other signal. */
#include <inttypes.h>
#include <signal.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "backend-internal.h"
#include "log.h"

static void sleep_ms(unsigned ms) {
        (void) nanosleep(&(struct timespec) { .tv_sec = ms / 1000, .tv_nsec = (long) (ms % 1000) * 1000000 },
                         NULL);
}

/* The value of "KEY V" in DIR/cgroup.events: 0/1; -ENOENT no file; -ENODATA no such key. */
static int cgroup_event(const char *dir, const char *key) {
        _cleanup_free_ char *path = xasprintf("%s/cgroup.events", dir);
        _cleanup_fclose_ FILE *f = NULL;
        size_t l = strlen(key);
        char line[128];

        f = fopen(path, "re");
        if (!f)
                return negative_errno();
        while (fgets(line, sizeof line, f))
                if (strncmp(line, key, l) == 0 && line[l] == ' ')
                        return line[l + 1] == '1';
        return -ENODATA;
}

int backend_sandbox_cgroup_dir(const SandboxInfo *s, char **ret) {
        _cleanup_free_ char *mnt = NULL, *own = NULL;
        int r;

        if (isempty(s->cgroup))
                return -ENOENT;
        if (s->backend != BACKEND_SYSTEMD) {
                *ret = xstrdup(s->cgroup);
                return 0;
        }
        /* systemd: ControlGroup is relative to the cgroup2 root. */
        r = cgroup2_find(&mnt, &own);
        if (r < 0)
                return r;
        *ret = xasprintf("%s%s", streq(mnt, "/") ? "" : mnt, s->cgroup);
        return 0;
}

/* Waits up to timeout_ms for DIR/cgroup.events KEY to read want. */
static int wait_event(const char *dir, const char *key, int want, unsigned timeout_ms) {
        int r;

        for (unsigned waited = 0;; waited += 10) {
                r = cgroup_event(dir, key);
                if (r < 0 || r == want)
                        return r < 0 ? r : 0;
                if (waited >= timeout_ms)
                        return -ETIMEDOUT;
                sleep_ms(10);
        }
}

int backend_freeze_sandbox(const BackendOptions *o, const SandboxInfo *s, bool freeze) {
        _cleanup_free_ char *dir = NULL, *path = NULL;
        const char *verb = freeze ? "freeze" : "thaw";
        int r;

        if (s->backend == BACKEND_SYSTEMD)
                return systemd_freeze_scope(s, freeze);

        r = backend_sandbox_cgroup_dir(s, &dir);
        if (r < 0 || access(dir, F_OK) < 0)
                return log_error_errno(-ESRCH, "Cannot %s %s: it has no cgroup any more.", verb, s->name);
        path = xasprintf("%s/cgroup.freeze", dir);
        r = write_string(path, freeze ? "1" : "0");
        if (r == -ENOENT)
                return log_error_errno(r, "Cannot %s %s: %s does not exist (the cgroup v2 freezer needs "
                                       "Linux 5.2).", verb, s->name, path);
        if (r < 0)
                return log_error_errno(r, "Failed to write %s: %m", path);
        /* Frozen only once every task stopped; thawing is immediate, but wait for it the same way. */
        r = wait_event(dir, "frozen", freeze ? 1 : 0, 10 * 1000);
        if (r < 0)
                return log_error_errno(r, "%s: %s did not report \"frozen %d\" in cgroup.events: %m", s->name,
                                       dir, freeze ? 1 : 0);
        return 0;
}

int backend_kill_sandbox(const BackendOptions *o, const SandboxInfo *s, int signo) {
        _cleanup_free_ char *dir = NULL;
        bool have_dir;
        int r;

        have_dir = backend_sandbox_cgroup_dir(s, &dir) >= 0 && access(dir, F_OK) >= 0;

        if (s->backend == BACKEND_SYSTEMD) {
                r = systemd_kill_scope(s, signo);
                if (r < 0)
                        return r;
        } else {
                _cleanup_free_ char *kill_path = NULL;

                if (!have_dir)
                        return log_error_errno(-ESRCH, "Sandbox %s has no cgroup any more.", s->name);
                kill_path = xasprintf("%s/cgroup.kill", dir);
                /* cgroup.kill (Linux ≥ 5.14) kills the whole subtree at once, racing no fork; older kernels:
                 * SIGKILL each pid (repeated below until the cgroup is empty). */
                if (signo != SIGKILL || write_string(kill_path, "1") < 0) {
                        r = cgroupfs_signal_all(dir, signo);
                        if (r < 0)
                                return log_error_errno(r, "Failed to signal the processes of %s: %m", s->name);
                        if (r == 0 && signo != SIGKILL)
                                log_warning("Sandbox %s has no process to signal.", s->name);
                }
        }

        if (signo != SIGKILL || !have_dir)
                return 0;

        /* SIGKILL: return once no process is left (a frozen task dies too: fatal signals thaw it). */
        for (unsigned waited = 0;; waited += 10) {
                r = cgroup_event(dir, "populated");
                /* -ENODATA: the file opened but read nothing, i.e. the cgroup was removed under us. */
                if (r == -ENOENT || r == -ENODATA || r == 0)
                        return 0; /* removed by its supervisor / the manager, or empty */
                if (r < 0)
                        return log_error_errno(r, "Failed to read %s/cgroup.events: %m", dir);
                if (waited >= 10 * 1000)
                        return log_error_errno(-EBUSY, "Processes of %s survived SIGKILL for 10 s.", s->name);
                if (s->backend != BACKEND_SYSTEMD && waited % 500 == 490)
                        (void) cgroupfs_signal_all(dir, SIGKILL);
                sleep_ms(10);
        }
}

static uint64_t read_u64(const char *dir, const char *attr) {
        _cleanup_free_ char *path = xasprintf("%s/%s", dir, attr), *s = NULL;
        char *end;
        uint64_t v;

        if (read_one_line(path, &s) < 0)
                return UINT64_MAX;
        if (streq(s, "max"))
                return UINT64_MAX;
        errno = 0;
        v = strtoull(s, &end, 10);
        return errno == 0 && end != s ? v : UINT64_MAX;
}

/* "some avg10=0.00 avg60=0.00 avg300=0.00 total=0" */
static void parse_pressure_line(const char *s, PressureLine *ret) {
        PressureLine p = {};

        if (sscanf(s, "%*s avg10=%lf avg60=%lf avg300=%lf total=%" SCNu64, &p.avg10, &p.avg60, &p.avg300,
                   &p.total) != 4)
                return;
        p.present = true;
        *ret = p;
}

static void read_pressure(const char *dir, const char *attr, SandboxPressure *ret) {
        _cleanup_free_ char *path = xasprintf("%s/%s", dir, attr);
        _cleanup_fclose_ FILE *f = NULL;
        char line[256];

        *ret = (SandboxPressure) {};
        f = fopen(path, "re");
        if (!f)
                return;
        while (fgets(line, sizeof line, f)) {
                if (strncmp(line, "some ", 5) == 0)
                        parse_pressure_line(line, &ret->some);
                else if (strncmp(line, "full ", 5) == 0)
                        parse_pressure_line(line, &ret->full);
        }
        /* Reading fails (EOPNOTSUPP) when PSI is disabled (psi=0 / CONFIG_PSI_DEFAULT_DISABLED). */
        ret->present = ret->some.present;
}

void backend_sandbox_stats(const SandboxInfo *s, SandboxStats *ret) {
        _cleanup_free_ char *dir = NULL;
        int r;

        *ret = (SandboxStats) {
                .frozen = -1,
                .memory_current = UINT64_MAX,
                .memory_peak = UINT64_MAX,
                .memory_swap_current = UINT64_MAX,
                .memory_swap_peak = UINT64_MAX,
        };
        if (backend_sandbox_cgroup_dir(s, &dir) < 0 || access(dir, F_OK) < 0)
                return;

        r = cgroup_event(dir, "frozen");
        if (r >= 0)
                ret->frozen = r;
        ret->memory_current = read_u64(dir, "memory.current");
        ret->memory_peak = read_u64(dir, "memory.peak");
        ret->memory_swap_current = read_u64(dir, "memory.swap.current");
        ret->memory_swap_peak = read_u64(dir, "memory.swap.peak");
        read_pressure(dir, "memory.pressure", &ret->memory_pressure);
        read_pressure(dir, "cpu.pressure", &ret->cpu_pressure);
        read_pressure(dir, "io.pressure", &ret->io_pressure);
}
