/* SPDX-License-Identifier: MIT */
/* Registry of running sandboxes for list/status/stop.
 *
 * systemd: the manager is the registry (sandbox-*.scope units, ListUnitsByPatterns).
 * cgroupfs: one state file per sandbox in /run/sandboxctl/ (root) or $XDG_RUNTIME_DIR/sandboxctl/,
 * written by enter() before the cgroup is created and removed by finish(). The file records the
 * supervisor's pid and start time, so a supervisor that was SIGKILLed is recognised ("orphaned") even
 * after pid reuse. Entries whose supervisor is gone and whose cgroup is empty are garbage-collected by
 * every list (and therefore by every cgroupfs start). */
#include <assert.h>
#include <dirent.h>
#include <fcntl.h>
#include <inttypes.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include "backend-internal.h"
#include "log.h"
#include "strv.h"

int registry_dir(char **ret) {
        const char *e;

        e = secure_getenv("SANDBOXCTL_STATE_DIR");
        if (!isempty(e)) {
                *ret = xstrdup(e);
                return 0;
        }
        if (geteuid() == 0) {
                *ret = xstrdup("/run/sandboxctl");
                return 0;
        }
        e = secure_getenv("XDG_RUNTIME_DIR");
        if (isempty(e))
                return -ENXIO;
        *ret = xasprintf("%s/sandboxctl", e);
        return 0;
}

/* Field 22 of /proc/PID/stat: start time in clock ticks since boot; 0 when unknown. */
static uint64_t process_start_time(pid_t pid) {
        _cleanup_free_ char *path = xasprintf("/proc/%d/stat", (int) pid), *line = NULL;
        unsigned long long v = 0;
        char *p;

        if (read_one_line(path, &line) < 0)
                return 0;
        /* comm may contain spaces and parentheses: skip to the last ')'. */
        p = strrchr(line, ')');
        if (!p)
                return 0;
        p++;
        for (int field = 3; field <= 22 && p; field++) {
                p = strchr(p + 1, ' ');
                if (field == 21 && p)
                        v = strtoull(p + 1, NULL, 10);
        }
        return v;
}

static bool process_alive(pid_t pid, uint64_t start_time) {
        if (pid <= 0)
                return false;
        if (kill(pid, 0) < 0 && errno != EPERM)
                return false;
        return start_time == 0 || process_start_time(pid) == start_time;
}

int registry_write(const Backend *b, const SandboxPlan *p, pid_t pid) {
        _cleanup_free_ char *dir = NULL, *tmp = NULL, *path = NULL;
        _cleanup_fclose_ FILE *f = NULL;
        Backend *mb = (Backend *) b;
        const char *name = strrchr(b->dir, '/') + 1;
        int fd, r;

        r = registry_dir(&dir);
        if (r < 0)
                return r;
        if (mkdir(dir, geteuid() == 0 ? 0755 : 0700) < 0 && errno != EEXIST)
                return negative_errno();

        path = xasprintf("%s/%s", dir, name);
        tmp = xasprintf("%s/.#%s", dir, name);
        fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0644);
        if (fd < 0)
                return negative_errno();
        f = fdopen(fd, "w");
        if (!f) {
                r = negative_errno();
                (void) close(fd);
                (void) unlink(tmp);
                return r;
        }
        fprintf(f,
                "name=%s\n"
                "backend=cgroupfs\n"
                "unit=%s\n"
                "pid=%d\n"
                "supervisor=%d\n"
                "supervisor_start=%" PRIu64 "\n"
                "watchdog=%d\n"
                "cgroup=%s\n",
                name, p->unit_path ?: "", (int) pid, (int) getpid(), process_start_time(getpid()),
                (int) b->watchdog, b->dir);
        if (fflush(f) != 0 || ferror(f)) {
                r = negative_errno();
                (void) unlink(tmp);
                return r;
        }
        if (rename(tmp, path) < 0) {
                r = negative_errno();
                (void) unlink(tmp);
                return r;
        }

        free(mb->state_file);
        mb->state_file = TAKE_PTR(path);
        return 0;
}

void registry_remove(Backend *b) {
        if (!b->state_file)
                return;
        if (unlink(b->state_file) < 0 && errno != ENOENT)
                log_debug_errno(negative_errno(), "Failed to remove %s: %m", b->state_file);
        free(b->state_file);
        b->state_file = NULL;
}

void sandbox_info_array_free(SandboxInfo *a, size_t n) {
        for (size_t i = 0; i < n; i++) {
                free(a[i].name);
                free(a[i].unit);
                free(a[i].cgroup);
                free(a[i].state);
        }
        free(a);
}

static uint64_t read_u64_attr(const char *dir, const char *attr) {
        _cleanup_free_ char *path = xasprintf("%s/%s", dir, attr), *s = NULL;
        char *end;
        uint64_t v;

        if (read_one_line(path, &s) < 0)
                return UINT64_MAX;
        errno = 0;
        v = strtoull(s, &end, 10);
        return errno == 0 && end != s ? v : UINT64_MAX;
}

static uint64_t read_cpu_usage_nsec(const char *dir) {
        _cleanup_free_ char *path = xasprintf("%s/cpu.stat", dir);
        _cleanup_fclose_ FILE *f = NULL;
        char line[128];

        f = fopen(path, "re");
        if (!f)
                return UINT64_MAX;
        while (fgets(line, sizeof line, f))
                if (strncmp(line, "usage_usec ", 11) == 0)
                        return strtoull(line + 11, NULL, 10) * 1000;
        return UINT64_MAX;
}

static uint64_t count_procs(const char *dir, pid_t *ret_first) {
        _cleanup_free_ char *path = xasprintf("%s/payload/cgroup.procs", dir);
        _cleanup_fclose_ FILE *f = NULL;
        uint64_t n = 0;
        long pid;

        f = fopen(path, "re");
        if (!f)
                return UINT64_MAX;
        while (fscanf(f, "%ld", &pid) == 1) {
                if (n == 0 && ret_first)
                        *ret_first = (pid_t) pid;
                n++;
        }
        return n;
}

static void info_append(SandboxInfo **v, size_t *n, SandboxInfo *i) {
        *v = xrealloc(*v, (*n + 1) * sizeof(SandboxInfo));
        (*v)[(*n)++] = *i;
        *i = (SandboxInfo) {};
}

static int registry_parse(const char *path, SandboxInfo *ret, uint64_t *ret_start) {
        _cleanup_fclose_ FILE *f = NULL;
        SandboxInfo i = { .backend = BACKEND_CGROUPFS };
        char line[4096];

        f = fopen(path, "re");
        if (!f)
                return negative_errno();
        *ret_start = 0;
        while (fgets(line, sizeof line, f)) {
                char *eq;

                line[strcspn(line, "\n")] = '\0';
                eq = strchr(line, '=');
                if (!eq)
                        continue;
                *eq++ = '\0';
                if (streq(line, "name"))
                        free(i.name), i.name = xstrdup(eq);
                else if (streq(line, "unit"))
                        free(i.unit), i.unit = isempty(eq) ? NULL : xstrdup(eq);
                else if (streq(line, "pid"))
                        i.pid = (pid_t) strtol(eq, NULL, 10);
                else if (streq(line, "supervisor"))
                        i.supervisor = (pid_t) strtol(eq, NULL, 10);
                else if (streq(line, "supervisor_start"))
                        *ret_start = strtoull(eq, NULL, 10);
                else if (streq(line, "cgroup"))
                        free(i.cgroup), i.cgroup = xstrdup(eq);
        }
        if (!i.name || !i.cgroup || i.cgroup[0] != '/') {
                free(i.name);
                free(i.unit);
                free(i.cgroup);
                return -EBADMSG;
        }
        *ret = i;
        return 0;
}

static int list_registry(SandboxInfo **v, size_t *n) {
        _cleanup_free_ char *dir = NULL;
        DIR *d;
        int r;

        r = registry_dir(&dir);
        if (r < 0)
                return 0;
        d = opendir(dir);
        if (!d)
                return errno == ENOENT ? 0 : negative_errno();

        for (struct dirent *de; (de = readdir(d));) {
                _cleanup_free_ char *path = NULL;
                SandboxInfo i = {};
                uint64_t start;

                if (de->d_name[0] == '.')
                        continue;
                path = xasprintf("%s/%s", dir, de->d_name);
                if (registry_parse(path, &i, &start) < 0)
                        continue;

                /* Only our own cgroups: the name must be the directory's. */
                const char *base = strrchr(i.cgroup, '/') + 1;
                bool sane = streq(base, i.name) && strncmp(i.name, "sandboxctl-", 11) == 0;
                bool alive = process_alive(i.supervisor, start);
                bool exists = sane && access(i.cgroup, F_OK) >= 0;

                uint64_t nprocs = exists ? count_procs(i.cgroup, NULL) : 0;
                if (!alive && (nprocs == 0 || nprocs == UINT64_MAX)) {
                        /* Leftover of a killed supervisor with nothing running: remove it. */
                        if (exists && cgroupfs_kill_and_remove(i.cgroup, 0, 0) < 0) {
                                i.state = xstrdup("orphaned");
                                info_append(v, n, &i);
                                continue;
                        }
                        (void) unlink(path);
                        log_debug("Removed leftover sandbox %s", i.name);
                        free(i.name);
                        free(i.unit);
                        free(i.cgroup);
                        continue;
                }
                if (!exists) {
                        /* Supervisor alive, cgroup not (yet) there: starting, or being stopped. */
                        i.state = xstrdup("starting");
                        i.memory_current = i.cpu_usage_nsec = i.tasks_current = UINT64_MAX;
                        info_append(v, n, &i);
                        continue;
                }

                i.state = xstrdup(alive ? "running" : "orphaned");
                if (!alive)
                        i.supervisor = 0;
                i.memory_current = read_u64_attr(i.cgroup, "memory.current");
                i.cpu_usage_nsec = read_cpu_usage_nsec(i.cgroup);
                i.tasks_current = read_u64_attr(i.cgroup, "pids.current");
                pid_t first = 0;
                nprocs = count_procs(i.cgroup, &first);
                if (i.tasks_current == UINT64_MAX)
                        i.tasks_current = nprocs;
                if (first > 0 && (i.pid <= 0 || kill(i.pid, 0) < 0))
                        i.pid = first;
                info_append(v, n, &i);
        }
        closedir(d);
        return 0;
}

int backend_list_sandboxes(const BackendOptions *o, SandboxInfo **ret, size_t *ret_n) {
        SandboxInfo *v = NULL;
        size_t n = 0;
        int r;

        if (o->kind != BACKEND_SYSTEMD) {
                r = list_registry(&v, &n);
                if (r < 0)
                        log_debug_errno(r, "Failed to read the sandbox registry: %m");
        }
        if (o->kind != BACKEND_CGROUPFS) {
                r = systemd_list_scopes(o, &v, &n);
                if (r < 0 && o->kind == BACKEND_SYSTEMD) {
                        sandbox_info_array_free(v, n);
                        return r;
                }
        }

        *ret = v;
        *ret_n = n;
        return 0;
}

static bool name_matches(const char *full, const char *want) {
        size_t l = strlen(full);
        const char *core = full;

        if (streq(full, want))
                return true;
        /* "sandbox-x.scope" ↔ "sandbox-x" ↔ "x"; "sandboxctl-x" ↔ "x". */
        if (strncmp(full, "sandbox-", 8) == 0 && l > 6 && streq(full + l - 6, ".scope")) {
                if (strlen(want) == l - 6 && strncmp(full, want, l - 6) == 0)
                        return true;
                core = full + 8;
                return strlen(want) == l - 14 && strncmp(core, want, l - 14) == 0;
        }
        if (strncmp(full, "sandboxctl-", 11) == 0)
                return streq(full + 11, want);
        return false;
}

int backend_find_sandbox(const BackendOptions *o, const char *name, SandboxInfo **ret) {
        SandboxInfo *v = NULL;
        size_t n = 0;
        int r;

        r = backend_list_sandboxes(o, &v, &n);
        if (r < 0)
                return r;
        for (size_t i = 0; i < n; i++)
                if (name_matches(v[i].name, name)) {
                        SandboxInfo *one = xcalloc(1, sizeof(SandboxInfo));

                        *one = v[i];
                        v[i] = (SandboxInfo) {};
                        sandbox_info_array_free(v, n);
                        *ret = one;
                        return 0;
                }
        sandbox_info_array_free(v, n);
        return -ENOENT;
}

int backend_stop_sandbox(const BackendOptions *o, const SandboxInfo *s, int signo) {
        _cleanup_free_ char *dir = NULL, *path = NULL;
        int r;

        if (s->backend == BACKEND_SYSTEMD)
                return systemd_stop_scope(o, s, signo);

        if (signo > 0) {
                if (!s->cgroup || access(s->cgroup, F_OK) < 0)
                        return log_error_errno(-ESRCH, "Sandbox %s has no cgroup any more.", s->name);
                /* Same walk as the cgroup.kill fallback, with the requested signal. */
                r = cgroupfs_signal_all(s->cgroup, signo);
                if (r < 0)
                        return log_error_errno(r, "Failed to signal the processes of %s: %m", s->name);
                return 0;
        }

        /* A frozen sandbox would keep SIGTERM pending for the whole grace period: thaw it first. */
        if (s->cgroup) {
                _cleanup_free_ char *freeze = xasprintf("%s/cgroup.freeze", s->cgroup), *v = NULL;

                if (read_one_line(freeze, &v) >= 0 && streq(v, "1"))
                        (void) write_string(freeze, "0");
        }

        r = cgroupfs_kill_and_remove(s->cgroup, SIGTERM, 10 * 1000);
        if (r < 0)
                return log_error_errno(r, "Failed to stop %s (cgroup %s): %m", s->name, s->cgroup);

        if (registry_dir(&dir) >= 0) {
                path = xasprintf("%s/%s", dir, s->name);
                (void) unlink(path);
        }
        return 0;
}
