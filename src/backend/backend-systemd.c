/* SPDX-License-Identifier: MIT */
/* systemd backend: a transient scope (StartTransientUnit, PIDs=[pid]) carries every cgroup directive as a
 * D-Bus property, as `systemd-run --scope -p …` does (src/run/run.c, src/shared/bus-unit-util.c).
 *
 * Races: the JobRemoved match is installed before the call, so the job's end cannot be missed; "done"
 * means the pid has been moved into the scope (scope_enter_running() attaches before the job finishes),
 * and we verify that through /proc/PID/cgroup anyway. The scope goes away with its last process
 * (CollectMode=inactive-or-failed), so no supervisor is needed.
 *
 * Speed (docs/PERFORMANCE.md, "systemd backend changes"): as systemctl and systemd-run do, we talk to the
 * manager over its private socket when we may (root: /run/systemd/private; the user manager:
 * $XDG_RUNTIME_DIR/systemd/private): no dbus-daemon hop, no Hello, and a connection that answers there is the
 * manager, so no probe call is needed. At most PRIVATE_SLOTS starts use it at once (see there); the others,
 * and any start where it is unusable, use the system/user bus. The cleanup watchdog is forked before StartTransientUnit is sent (it must stay outside the scope)
 * but reaped only after the job is done, so its second fork overlaps the manager's work; it learns the
 * scope's cgroup once the job is done and then needs no bus at all when the scope is empty at its end. */
#include <arpa/inet.h>
#include <assert.h>
#include <fcntl.h>
#include <inttypes.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <signal.h>
#include <time.h>
#include <unistd.h>

#include "backend-internal.h"
#include "directive.h"
#include "log.h"
#include "strv.h"

#define SD_DEST "org.freedesktop.systemd1"
#define SD_PATH "/org/freedesktop/systemd1"
#define SD_MANAGER "org.freedesktop.systemd1.Manager"
#define JOB_TIMEOUT_USEC (UINT64_C(120) * 1000 * 1000)

static void bus_error_freep(sd_bus_error *e) {
        sd_bus_error_free(e);
}
#define _cleanup_bus_error_ _cleanup_(bus_error_freep)
#define BUS_ERROR_INIT SD_BUS_ERROR_NULL

/* At most PRIVATE_SLOTS sandboxctl processes of a user talk to the manager's private socket at once; the others
 * use the bus. Measured in the guest (docs/PERFORMANCE.md): the manager sends every signal of every unit to
 * every direct connection (bus_foreach_bus(): "Send to all direct buses, unconditionally"), so 200 starts at
 * once over the private socket cost it O(n²) messages and a third of them timed out (systemd-run --scope, which
 * does the same, fails most of them), while through dbus-daemon all 200 succeeded. A slot is a byte of
 * RUNTIME/sandboxctl/.private-bus.lock under an open-file-description lock: atomic, released when the
 * connection is closed or at exec or death; state that outlives a run by design, holding none of a sandbox. */
#define PRIVATE_SLOTS 4
static int private_slot_fd = -EBADF;

static int private_slot_acquire(bool user) {
        _cleanup_free_ char *dir = NULL, *path = NULL;
        _cleanup_close_ int fd = -EBADF;
        struct stat st;

        if (private_slot_fd >= 0)
                return -EBUSY; /* one connection per process */
        if (user) {
                const char *e = secure_getenv("XDG_RUNTIME_DIR");

                if (isempty(e))
                        return -ENXIO;
                dir = xasprintf("%s/sandboxctl", e);
        } else
                dir = xstrdup("/run/sandboxctl");
        if (mkdir(dir, geteuid() == 0 ? 0755 : 0700) < 0 && errno != EEXIST)
                return negative_errno();
        path = xasprintf("%s/.private-bus.lock", dir);
        fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW | O_NOCTTY, 0600);
        if (fd < 0)
                return negative_errno();
        if (fstat(fd, &st) < 0)
                return negative_errno();
        if (!S_ISREG(st.st_mode) || st.st_uid != geteuid())
                return -EPERM;
        for (int i = 0; i < PRIVATE_SLOTS; i++) {
                struct flock fl = { .l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = i, .l_len = 1 };

                if (fcntl(fd, F_OFD_SETLK, &fl) >= 0) {
                        private_slot_fd = TAKE_FD(fd);
                        return 0;
                }
                if (errno != EAGAIN && errno != EACCES)
                        return negative_errno();
        }
        return -EBUSY;
}

/* Every connection bus_connect() made is closed with this (it gives back a private-socket slot). */
static sd_bus *bus_release(sd_bus *bus) {
        sd_bus_flush_close_unref(bus);
        private_slot_fd = safe_close(private_slot_fd);
        return NULL;
}

/* "unix:path=…/systemd/private" of the manager, or with ret_address NULL: whether that socket exists. */
static int private_socket_path(bool user, char **ret_address) {
        struct stat st;
        char *path;

        if (user) {
                const char *e = secure_getenv("XDG_RUNTIME_DIR");

                /* Only plain paths: a D-Bus address would need other characters escaped. */
                if (isempty(e) || e[0] != '/' ||
                    e[strspn(e, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/._-")] != '\0')
                        return -ENXIO;
                path = xasprintf("%s/systemd/private", e);
        } else
                path = xstrdup("/run/systemd/private");
        if (!ret_address) {
                int r = stat(path, &st) < 0 ? negative_errno() : S_ISSOCK(st.st_mode) ? 0 : -ENOTSOCK;
                free(path);
                return r;
        }
        *ret_address = xasprintf("unix:path=%s", path);
        free(path);
        return 0;
}

/* The manager's private socket (systemd's bus_connect_system_systemd()/bus_connect_user_systemd()): a direct
 * connection, no dbus-daemon, no Hello. Only PID 1 listens on /run/systemd/private (root only), only the user
 * manager on $XDG_RUNTIME_DIR/systemd/private; the peer's uid is checked as systemd does (bus_check_peercred():
 * root, or our own uid for a user manager). */
static int bus_connect_private(bool user, sd_bus **ret) {
        _cleanup_free_ char *address = NULL;
        struct ucred cred = {};
        socklen_t l = sizeof cred;
        sd_bus *bus = NULL;
        int r, fd;

        if (!user && geteuid() != 0)
                return -EPERM;
        r = private_socket_path(user, &address);
        if (r < 0)
                return r;

        r = sd_bus_new(&bus);
        if (r < 0)
                return r;
        r = sd_bus_set_address(bus, address);
        if (r >= 0)
                r = sd_bus_start(bus);
        if (r >= 0) {
                fd = sd_bus_get_fd(bus);
                if (fd < 0)
                        r = fd;
                else if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &l) < 0)
                        r = negative_errno();
                else if (cred.uid != 0 && (!user || cred.uid != geteuid()))
                        r = -EPERM;
        }
        if (r < 0) {
                sd_bus_flush_close_unref(bus);
                return r;
        }
        *ret = bus;
        return 0;
}

static int bus_connect(BusScope scope, sd_bus **ret, bool *ret_user, char **ret_why) {
        _cleanup_bus_error_ sd_bus_error error = BUS_ERROR_INIT;
        sd_bus *bus = NULL;
        bool user = scope == BUS_SCOPE_USER || (scope == BUS_SCOPE_AUTO && geteuid() != 0);
        char *version = NULL;
        int r;

        /* No lock file where no manager runs. */
        r = private_socket_path(user, NULL);
        if (r >= 0)
                r = private_slot_acquire(user);
        if (r >= 0) {
                r = bus_connect_private(user, &bus);
                if (r >= 0) {
                        log_debug("Connected to the systemd %s manager's private socket",
                                  user ? "user" : "system");
                        goto done;
                }
                private_slot_fd = safe_close(private_slot_fd);
                log_debug_errno(r, "The %s manager's private socket is not usable (%m), trying the %s bus",
                                user ? "user" : "system", user ? "user" : "system");
        } else
                log_debug_errno(r, "No private socket or no slot for it (%m), trying the %s bus",
                                user ? "user" : "system");

        r = user ? sd_bus_open_user(&bus) : sd_bus_open_system(&bus);
        if (r < 0) {
                if (ret_why)
                        *ret_why = xasprintf("no systemd manager answers on the %s bus (cannot connect: %s)",
                                             user ? "user" : "system", strerror(-r));
                return r;
        }
        (void) sd_bus_set_method_call_timeout(bus, 30 * 1000 * 1000);

        /* "A manager answers": the bus alone could be a dbus-daemon without systemd. When the manager's
         * private socket exists (we had no slot for it), the manager runs and no probe call is needed: a
         * manager missing from the bus still fails the first call, before anything exists. */
        if (private_socket_path(user, NULL) >= 0) {
                log_debug("The systemd %s manager runs (its private socket exists), using the %s bus",
                          user ? "user" : "system", user ? "user" : "system");
                goto done;
        }
        r = sd_bus_get_property_string(bus, SD_DEST, SD_PATH, SD_MANAGER, "Version", &error, &version);
        if (r < 0) {
                if (ret_why)
                        *ret_why = xasprintf("no systemd manager answers on the %s bus: %s",
                                             user ? "user" : "system", error.message ?: strerror(-r));
                sd_bus_flush_close_unref(bus);
                return r;
        }
        log_debug("systemd %s answers on the %s bus", version, user ? "user" : "system");
        free(version);

        *ret = bus;
        if (ret_user)
                *ret_user = user;
        return 0;

done:
        (void) sd_bus_set_method_call_timeout(bus, 30 * 1000 * 1000);
        *ret = bus;
        if (ret_user)
                *ret_user = user;
        return 0;
}

/* The manager's own cgroup: ControlGroup of its root slice ("/" for the system manager,
 * "/user.slice/user-1000.slice/user@1000.service" for a user manager). */
static int manager_cgroup(sd_bus *bus, char **ret) {
        _cleanup_bus_error_ sd_bus_error error = BUS_ERROR_INIT;
        sd_bus_message *reply = NULL;
        const char *path;
        char *cg = NULL;
        int r;

        r = sd_bus_call_method(bus, SD_DEST, SD_PATH, SD_MANAGER, "LoadUnit", &error, &reply, "s", "-.slice");
        if (r < 0)
                return r;
        r = sd_bus_message_read(reply, "o", &path);
        if (r >= 0)
                r = sd_bus_get_property_string(bus, SD_DEST, path, "org.freedesktop.systemd1.Slice",
                                               "ControlGroup", &error, &cg);
        sd_bus_message_unref(reply);
        if (r < 0)
                return r;
        if (isempty(cg)) {
                free(cg);
                cg = xstrdup("/");
        }
        *ret = cg;
        return 0;
}

static int systemd_open(Backend *b, char **ret_why) {
        int r;

        r = bus_connect(b->options.bus, &b->bus, &b->user_manager, ret_why);
        if (r < 0)
                return r;
        free(b->description);
        /* A slot is held exactly while the connection is the manager's private socket. */
        b->description = private_slot_fd >= 0
                ? xasprintf("systemd (%s manager, private socket)", b->user_manager ? "user" : "system")
                : xasprintf("systemd (%s bus)", b->user_manager ? "user" : "system");
        return 0;
}

static int systemd_check(Backend *b, const SandboxPlan *p, DiagList *diags) {
        _cleanup_strv_free_ char **controllers = NULL;
        _cleanup_free_ char *mnt = NULL, *own = NULL, *path = NULL, *line = NULL;
        BackendRequirement req[64];
        size_t n_req;
        int r, ret = 0;

        /* Cgroup directives we do not know how to send. */
        for (size_t i = 0; i < p->n_set; i++) {
                const DirectiveOrigin *o = p->set + i;
                const Directive *d = directive_lookup(o->name);

                if (!d || d->where != WHERE_CGROUP || cgroup_directive_info(o->name))
                        continue;
                diag_add(diags, false, o->file, o->line, o->name,
                         "%s= is not supported by sandboxctl's systemd backend yet.", o->name);
                ret = -EINVAL;
        }

        /* DeviceAllow= entries: systemd resolves them itself, but a typo should be reported here, at the
         * line, not silently dropped by the manager. Warnings only, as systemd. */
        if (devbpf_needed(&p->cgroup)) {
                _cleanup_(devbpf_program_freep) DevbpfProgram *prog = NULL;

                r = devbpf_compile(p, NULL, diags, &prog);
                if (r < 0)
                        ret = r;
        }

        if (!b->user_manager)
                return ret;

        /* IPAddressAllow=/IPAddressDeny= are cgroup BPF programs: a user manager cannot attach them (it only
         * warns and runs the unit unfiltered). */
        for (size_t i = 0; i < p->n_set; i++) {
                const DirectiveOrigin *o = p->set + i;
                const CgroupDirectiveInfo *info = cgroup_directive_info(o->name);

                if (!info || !info->systemd_only)
                        continue;
                diag_add(diags, false, o->file, o->line, o->name,
                         "%s= cannot be enforced by the systemd user manager (it cannot attach BPF programs); "
                         "run as root or with --system.", o->name);
                ret = -EINVAL;
        }

        /* The user manager only gets the controllers delegated to user@.service (Debian 12: cpu memory pids)
         * and cannot attach device programs at all; systemd ignores what it cannot apply (issue #9641), so
         * refuse here instead. */
        if (devbpf_needed(&p->cgroup)) {
                const DirectiveOrigin *o = backend_plan_origin(p, "DeviceAllow") ?: backend_plan_origin(p, "DevicePolicy");
                const DirectiveOrigin *pd = backend_plan_origin(p, "PrivateDevices");

                if (o) {
                        diag_add(diags, false, o->file, o->line, o->name,
                                 "%s= cannot be enforced by the systemd user manager (it cannot attach BPF device "
                                 "programs); run as root or with --system.", o->name);
                        ret = -EINVAL;
                } else
                        diag_add(diags, true, pd ? pd->file : p->unit_path, pd ? pd->line : 0,
                                 pd ? pd->name : NULL,
                                 "The device filter implied by PrivateDevices= (DevicePolicy=closed) is not applied "
                                 "by the systemd user manager; the private /dev still is.");
        }

        r = manager_cgroup(b->bus, &b->manager_cgroup);
        if (r >= 0)
                r = cgroup2_find(&mnt, &own);
        if (r >= 0) {
                path = xasprintf("%s%s/cgroup.controllers", mnt, streq(b->manager_cgroup, "/") ? "" : b->manager_cgroup);
                r = read_one_line(path, &line);
        }
        if (r < 0) {
                log_debug_errno(r, "Cannot determine the user manager's controllers: %m");
                line = xstrdup("");
        }
        for (char *saveptr = NULL, *w = strtok_r(line, " ", &saveptr); w; w = strtok_r(NULL, " ", &saveptr))
                strv_extend(&controllers, w);

        n_req = backend_requirements(p, req, ELEMENTSOF(req));
        for (size_t i = 0; i < n_req; i++) {
                const DirectiveOrigin *o = backend_plan_origin(p, req[i].directive);

                if (strv_contains(controllers, req[i].controller))
                        continue;
                _cleanup_free_ char *have = controllers ? strv_join(controllers, " ") : xstrdup("none");
                diag_add(diags, req[i].soft, o ? o->file : p->unit_path, o ? o->line : 0, req[i].directive,
                         "%s= needs the '%s' controller, which is not delegated to the systemd user manager "
                         "(%s: %s)%s", req[i].directive, req[i].controller,
                         b->manager_cgroup ?: "its cgroup", have,
                         req[i].soft ? ", ignoring." : "; run as root or with --system.");
                if (!req[i].soft)
                        ret = -EINVAL;
        }
        return ret;
}

static int append_u64_prop(sd_bus_message *m, const char *name, uint64_t v) {
        return sd_bus_message_append(m, "(sv)", name, "t", v);
}

static int append_limit(sd_bus_message *m, const char *name, const CGroupLimit *l) {
        if (!l->set)
                return 0;
        if (l->is_scale) {
                _cleanup_free_ char *scale = xasprintf("%sScale", name);
                /* systemd-run: UINT32_SCALE_FROM_PERMYRIAD(). */
                uint32_t v = (uint32_t) (((uint64_t) l->permyriad * UINT32_MAX + 5000) / 10000);
                return sd_bus_message_append(m, "(sv)", scale, "u", v);
        }
        return append_u64_prop(m, name, l->value);
}

static int append_io_list(sd_bus_message *m, const char *name, const IODeviceValueList *l) {
        int r;

        if (l->n == 0)
                return 0;
        r = sd_bus_message_open_container(m, 'r', "sv");
        if (r >= 0)
                r = sd_bus_message_append(m, "s", name);
        if (r >= 0)
                r = sd_bus_message_open_container(m, 'v', "a(st)");
        if (r >= 0)
                r = sd_bus_message_open_container(m, 'a', "(st)");
        for (size_t i = 0; r >= 0 && i < l->n; i++)
                r = sd_bus_message_append(m, "(st)", l->items[i].path, l->items[i].value);
        if (r >= 0)
                r = sd_bus_message_close_container(m);
        if (r >= 0)
                r = sd_bus_message_close_container(m);
        if (r >= 0)
                r = sd_bus_message_close_container(m);
        return r;
}

static int append_cpu_set(sd_bus_message *m, const char *name, const CpuSetSpec *s) {
        uint8_t bytes[CPU_SET_BITS / 8] = {};
        size_t n = 0;
        int r;

        if (!s->set)
                return 0;
        for (unsigned i = 0; i < CPU_SET_BITS; i++)
                if (s->bits[i / 64] & (UINT64_C(1) << (i % 64))) {
                        bytes[i / 8] |= (uint8_t) (1u << (i % 8));
                        n = i / 8 + 1;
                }
        r = sd_bus_message_open_container(m, 'r', "sv");
        if (r >= 0)
                r = sd_bus_message_append(m, "s", name);
        if (r >= 0)
                r = sd_bus_message_open_container(m, 'v', "ay");
        if (r >= 0)
                r = sd_bus_message_append_array(m, 'y', bytes, n);
        if (r >= 0)
                r = sd_bus_message_close_container(m);
        if (r >= 0)
                r = sd_bus_message_close_container(m);
        return r;
}

static int append_ip_prefix(sd_bus_message *m, int family, const void *addr, uint32_t prefixlen) {
        int r;

        r = sd_bus_message_open_container(m, 'r', "iayu");
        if (r >= 0)
                r = sd_bus_message_append(m, "i", (int32_t) family);
        if (r >= 0)
                r = sd_bus_message_append_array(m, 'y', addr, family == AF_INET ? 4 : 16);
        if (r >= 0)
                r = sd_bus_message_append(m, "u", prefixlen);
        if (r >= 0)
                r = sd_bus_message_close_container(m);
        return r;
}

/* One IPAddressAllow=/IPAddressDeny= word → prefixes, with systemd's symbolic names
 * (config_parse_in_addr_prefixes()). The planner validated the syntax already. */
static int append_ip_word(sd_bus_message *m, const char *w) {
        static const struct {
                const char *name;
                const char *v4;
                uint32_t len4;
                const char *v6;
                uint32_t len6;
        } names[] = {
                { "any",        "0.0.0.0",     0,  "::",     0   },
                { "localhost",  "127.0.0.0",   8,  "::1",    128 },
                { "link-local", "169.254.0.0", 16, "fe80::", 64  },
                { "multicast",  "224.0.0.0",   4,  "ff00::", 8   },
        };
        uint8_t a[16];
        _cleanup_free_ char *addr = NULL;
        const char *slash;
        unsigned long len;
        int family, r;

        for (size_t i = 0; i < ELEMENTSOF(names); i++)
                if (streq(w, names[i].name)) {
                        if (inet_pton(AF_INET, names[i].v4, a) != 1)
                                return -EINVAL;
                        r = append_ip_prefix(m, AF_INET, a, names[i].len4);
                        if (r < 0)
                                return r;
                        if (inet_pton(AF_INET6, names[i].v6, a) != 1)
                                return -EINVAL;
                        return append_ip_prefix(m, AF_INET6, a, names[i].len6);
                }

        slash = strchr(w, '/');
        addr = slash ? xstrndup(w, (size_t) (slash - w)) : xstrdup(w);
        if (inet_pton(AF_INET, addr, a) == 1)
                family = AF_INET;
        else if (inet_pton(AF_INET6, addr, a) == 1)
                family = AF_INET6;
        else
                return -EINVAL;
        len = family == AF_INET ? 32 : 128;
        if (slash) {
                char *end;
                unsigned long v;

                errno = 0;
                v = strtoul(slash + 1, &end, 10);
                if (errno != 0 || *end || end == slash + 1 || v > len)
                        return -EINVAL;
                len = v;
        }
        return append_ip_prefix(m, family, a, (uint32_t) len);
}

static int append_ip_list(sd_bus_message *m, const char *name, char **l) {
        int r;

        if (!l)
                return 0;
        r = sd_bus_message_open_container(m, 'r', "sv");
        if (r >= 0)
                r = sd_bus_message_append(m, "s", name);
        if (r >= 0)
                r = sd_bus_message_open_container(m, 'v', "a(iayu)");
        if (r >= 0)
                r = sd_bus_message_open_container(m, 'a', "(iayu)");
        STRV_FOREACH(w, l) {
                if (r < 0)
                        break;
                r = append_ip_word(m, *w);
        }
        if (r >= 0)
                r = sd_bus_message_close_container(m);
        if (r >= 0)
                r = sd_bus_message_close_container(m);
        if (r >= 0)
                r = sd_bus_message_close_container(m);
        return r;
}

static const char *device_policy_str(DevicePolicy p) {
        return p == DEVICE_POLICY_CLOSED ? "closed" : p == DEVICE_POLICY_STRICT ? "strict" : "auto";
}

static const char *oom_policy_str(OOMPolicy p) {
        return p == OOM_POLICY_KILL ? "kill" : p == OOM_POLICY_STOP ? "stop" : "continue";
}

/* Every cgroup property of the plan, with systemd-run -p's mapping (§3.2 of the directive spec). */
static int append_cgroup_props(sd_bus_message *m, const SandboxPlan *p) {
        const CGroupPart *c = &p->cgroup;
        int r = 0;

#define TRY(x)                          \
        do {                            \
                r = (x);                \
                if (r < 0)              \
                        return r;       \
        } while (0)

        if (backend_plan_origin(p, "CPUAccounting"))
                TRY(sd_bus_message_append(m, "(sv)", "CPUAccounting", "b", (int) c->cpu_accounting));
        if (backend_plan_origin(p, "MemoryAccounting"))
                TRY(sd_bus_message_append(m, "(sv)", "MemoryAccounting", "b", (int) c->memory_accounting));
        if (backend_plan_origin(p, "IOAccounting"))
                TRY(sd_bus_message_append(m, "(sv)", "IOAccounting", "b", (int) c->io_accounting));
        if (backend_plan_origin(p, "TasksAccounting"))
                TRY(sd_bus_message_append(m, "(sv)", "TasksAccounting", "b", (int) c->tasks_accounting));

        if (backend_plan_origin(p, "CPUWeight") && c->cpu_weight != CPU_WEIGHT_UNSET)
                TRY(append_u64_prop(m, "CPUWeight", c->cpu_weight));
        if (backend_plan_origin(p, "StartupCPUWeight") && c->startup_cpu_weight != CPU_WEIGHT_UNSET)
                TRY(append_u64_prop(m, "StartupCPUWeight", c->startup_cpu_weight));
        if (c->cpu_quota_per_sec_usec != CGROUP_LIMIT_MAX)
                TRY(append_u64_prop(m, "CPUQuotaPerSecUSec", c->cpu_quota_per_sec_usec));
        if (c->cpu_quota_period_usec != CGROUP_LIMIT_MAX)
                TRY(append_u64_prop(m, "CPUQuotaPeriodUSec", c->cpu_quota_period_usec));
        TRY(append_cpu_set(m, "AllowedCPUs", &c->allowed_cpus));
        TRY(append_cpu_set(m, "AllowedMemoryNodes", &c->allowed_memory_nodes));

        TRY(append_limit(m, "MemoryMin", &c->memory_min));
        TRY(append_limit(m, "MemoryLow", &c->memory_low));
        TRY(append_limit(m, "MemoryHigh", &c->memory_high));
        TRY(append_limit(m, "MemoryMax", &c->memory_max));
        TRY(append_limit(m, "MemorySwapMax", &c->memory_swap_max));
        TRY(append_limit(m, "TasksMax", &c->tasks_max));

        if (c->io_weight != 0 && backend_plan_origin(p, "IOWeight"))
                TRY(append_u64_prop(m, "IOWeight", c->io_weight));
        if (c->startup_io_weight != 0 && backend_plan_origin(p, "StartupIOWeight"))
                TRY(append_u64_prop(m, "StartupIOWeight", c->startup_io_weight));
        TRY(append_io_list(m, "IODeviceWeight", &c->io_device_weight));
        TRY(append_io_list(m, "IOReadBandwidthMax", &c->io_read_bandwidth_max));
        TRY(append_io_list(m, "IOWriteBandwidthMax", &c->io_write_bandwidth_max));
        TRY(append_io_list(m, "IOReadIOPSMax", &c->io_read_iops_max));
        TRY(append_io_list(m, "IOWriteIOPSMax", &c->io_write_iops_max));
        TRY(append_io_list(m, "IODeviceLatencyTargetUSec", &c->io_device_latency_target_usec));

        /* DevicePolicy= is sent whenever filtering is on, so an implied "closed" (PrivateDevices=) is
         * explicit; DeviceAllow= entries as written: the manager resolves char-NAME itself. */
        if (devbpf_needed(c) || backend_plan_origin(p, "DevicePolicy"))
                TRY(sd_bus_message_append(m, "(sv)", "DevicePolicy", "s", device_policy_str(c->device_policy)));
        if (c->device_allow.n > 0) {
                TRY(sd_bus_message_open_container(m, 'r', "sv"));
                TRY(sd_bus_message_append(m, "s", "DeviceAllow"));
                TRY(sd_bus_message_open_container(m, 'v', "a(ss)"));
                TRY(sd_bus_message_open_container(m, 'a', "(ss)"));
                for (size_t i = 0; i < c->device_allow.n; i++) {
                        char acc[4];
                        TRY(sd_bus_message_append(m, "(ss)", c->device_allow.items[i].path,
                                                  devbpf_access_to_string(c->device_allow.items[i].access, acc)));
                }
                TRY(sd_bus_message_close_container(m));
                TRY(sd_bus_message_close_container(m));
                TRY(sd_bus_message_close_container(m));
        }

        TRY(append_ip_list(m, "IPAddressAllow", c->ip_address_allow));
        TRY(append_ip_list(m, "IPAddressDeny", c->ip_address_deny));

        if (backend_plan_origin(p, "Delegate"))
                TRY(sd_bus_message_append(m, "(sv)", "Delegate", "b", (int) c->delegate));
        if (c->oom_policy_set)
                TRY(sd_bus_message_append(m, "(sv)", "OOMPolicy", "s", oom_policy_str(c->oom_policy)));
#undef TRY
        return 0;
}

typedef struct JobWaiter {
        const char *job; /* borrowed; NULL until the reply arrived */
        char **seen;     /* "path result" pairs seen before we knew our job path */
        char *result;
        int match_error; /* the bus refused our AddMatch */
} JobWaiter;

static int on_job_removed(sd_bus_message *m, void *userdata, sd_bus_error *error) {
        JobWaiter *w = userdata;
        const char *path, *unit, *result;
        uint32_t id;

        if (sd_bus_message_read(m, "uoss", &id, &path, &unit, &result) < 0)
                return 0;
        if (w->job) {
                if (streq(path, w->job) && !w->result)
                        w->result = xstrdup(result);
        } else {
                strv_extend(&w->seen, path);
                strv_extend(&w->seen, result);
        }
        return 0;
}

/* A filter: every incoming message; ours are the manager's JobRemoved signals. */
static int on_job_signal(sd_bus_message *m, void *userdata, sd_bus_error *error) {
        const char *path;

        if (sd_bus_message_is_signal(m, SD_MANAGER, "JobRemoved") <= 0)
                return 0;
        path = sd_bus_message_get_path(m);
        if (!path || !streq(path, SD_PATH))
                return 0;
        return on_job_removed(m, userdata, error);
}

static int on_add_match_reply(sd_bus_message *m, void *userdata, sd_bus_error *error) {
        JobWaiter *w = userdata;

        if (sd_bus_message_is_method_error(m, NULL) > 0)
                w->match_error = -EIO;
        return 0;
}

static int wait_for_job(sd_bus *bus, JobWaiter *w) {
        struct timespec start;
        int r;

        (void) clock_gettime(CLOCK_MONOTONIC, &start);

        /* Defensive: the signal may have been dispatched before we knew the path. */
        for (char **s = w->seen; s && s[0] && s[1]; s += 2)
                if (streq(s[0], w->job))
                        w->result = xstrdup(s[1]);

        while (!w->result) {
                struct timespec now;
                uint64_t elapsed;

                r = sd_bus_process(bus, NULL);
                if (r < 0)
                        return r;
                if (w->match_error < 0)
                        return log_error_errno(w->match_error, "The bus refused to subscribe us to JobRemoved.");
                if (r > 0)
                        continue;

                (void) clock_gettime(CLOCK_MONOTONIC, &now);
                elapsed = (uint64_t) (now.tv_sec - start.tv_sec) * 1000000 +
                        (uint64_t) ((now.tv_nsec - start.tv_nsec) / 1000);
                if (elapsed >= JOB_TIMEOUT_USEC)
                        return -ETIMEDOUT;
                r = sd_bus_wait(bus, JOB_TIMEOUT_USEC - elapsed);
                if (r < 0)
                        return r;
        }
        return 0;
}

static int verify_scope_membership(pid_t pid, const char *scope) {
        _cleanup_free_ char *path = xasprintf("/proc/%d/cgroup", (int) pid), *line = NULL,
                            *want = xasprintf("/%s", scope);
        _cleanup_fclose_ FILE *f = NULL;
        size_t n = 0, wl = strlen(want);

        f = fopen(path, "re");
        if (!f)
                return negative_errno();
        while (getline(&line, &n, f) > 0) {
                size_t l;

                line[strcspn(line, "\n")] = '\0';
                l = strlen(line);
                if (l >= wl && streq(line + l - wl, want))
                        return 0;
        }
        return -ESRCH;
}

/* The cleanup watchdog of a scope (the contract of backend_watchdog_spawn(), split in two so that its second
 * fork overlaps the manager's work): a detached process outside the scope that waits for the calling process
 * to exit, then SIGKILLs what is left in the scope. Once the start job is done it is told the scope's
 * cgroup.events file; if that says "populated 0" (or is gone) at its end, the scope is empty and systemd
 * stops and collects it by itself, so no bus call is made. Without that file (sandboxctl was killed during
 * setup) it always asks the manager. */
typedef struct ScopeWatchdog {
        pid_t child;   /* the intermediate fork, reaped by scope_watchdog_end() */
        int report_fd; /* the watchdog's pid arrives here */
        int path_fd;   /* write end: the scope's cgroup.events path, once known */
} ScopeWatchdog;

#define SCOPE_WATCHDOG_NULL ((ScopeWatchdog) { .report_fd = -EBADF, .path_fd = -EBADF })

static bool scope_watchdog_scope_empty(int path_fd) {
        _cleanup_free_ char *line = NULL;
        char path[4096];
        ssize_t n;
        int r;

        n = read(path_fd, path, sizeof path - 1);
        if (n <= 0)
                return false; /* never told: sandboxctl did not get that far */
        path[n] = '\0';
        r = read_one_line(path, &line);
        if (r == -ENOENT)
                return true;
        return r >= 0 && streq(line, "populated 0");
}

static _noreturn_ void scope_watchdog_run(const char *scope, bool user) {
        sd_bus *bus = NULL;
        sd_bus_error error = SD_BUS_ERROR_NULL;

        backend_watchdog_wait(3);
        if (scope_watchdog_scope_empty(4))
                _exit(EXIT_SUCCESS);
        if (bus_connect(user ? BUS_SCOPE_USER : BUS_SCOPE_SYSTEM, &bus, NULL, NULL) >= 0) {
                /* SIGKILL, not StopUnit: the scope's TimeoutStopSec= could keep leftovers for 90 s. */
                (void) sd_bus_call_method(bus, SD_DEST, SD_PATH, SD_MANAGER, "KillUnit", &error, NULL, "ssi",
                                          scope, "all", (int32_t) SIGKILL);
                sd_bus_error_free(&error);
                bus_release(bus);
        }
        _exit(EXIT_SUCCESS);
}

static int scope_watchdog_begin(const char *scope, bool user, pid_t watched, ScopeWatchdog *ret) {
        _cleanup_close_ int pidfd = -EBADF;
        int report[2], path[2];
        pid_t child;

        *ret = SCOPE_WATCHDOG_NULL;

#ifdef SYS_pidfd_open
        pidfd = (int) syscall(SYS_pidfd_open, watched, 0);
#else
        errno = ENOSYS;
#endif
        if (pidfd < 0) {
                /* Linux < 5.3: no watchdog (as backend_watchdog_spawn()). */
                log_debug_errno(negative_errno(), "pidfd_open() failed, no cleanup watchdog: %m");
                return 0;
        }
        if (pipe2(report, O_CLOEXEC) < 0)
                return negative_errno();
        if (pipe2(path, O_CLOEXEC) < 0) {
                (void) close(report[0]);
                (void) close(report[1]);
                return negative_errno();
        }

        child = fork();
        if (child < 0) {
                (void) close(report[0]);
                (void) close(report[1]);
                (void) close(path[0]);
                (void) close(path[1]);
                return negative_errno();
        }
        if (child == 0) {
                int a, c;

                (void) close(report[0]);
                (void) close(path[1]);
                /* No inherited fds either (the bus connection among them): fd 3 = the pidfd, fd 4 = the path
                 * pipe (non-blocking: a helper that inherited the write end must not keep us waiting). */
                backend_watchdog_detach(report[1]);
                a = fcntl(pidfd, F_DUPFD_CLOEXEC, 10);
                c = fcntl(path[0], F_DUPFD_CLOEXEC, 10);
                if (a < 0 || c < 0 || dup2(a, 3) < 0 || dup2(c, 4) < 0)
                        _exit(EXIT_FAILURE);
                (void) close_range(5, ~0U, 0);
                private_slot_fd = -EBADF; /* closed just now: not ours to give back */
                (void) fcntl(4, F_SETFL, O_NONBLOCK);
                (void) prctl(PR_SET_NAME, (unsigned long) "sbx-watchdog", 0UL, 0UL, 0UL);
                backend_watchdog_set_cmdline();
                scope_watchdog_run(scope, user);
        }

        (void) close(report[1]);
        (void) close(path[0]);
        *ret = (ScopeWatchdog) { .child = child, .report_fd = report[0], .path_fd = path[1] };
        return 0;
}

/* Reaps the intermediate fork; *ret_pid = the watchdog (0 if unknown). */
static int scope_watchdog_end(ScopeWatchdog *wd, pid_t *ret_pid) {
        pid_t grandchild = 0;
        int status, r = 0;

        if (wd->child <= 0)
                return 0;
        if (read(wd->report_fd, &grandchild, sizeof grandchild) != sizeof grandchild)
                grandchild = 0;
        wd->report_fd = safe_close(wd->report_fd);
        while (waitpid(wd->child, &status, 0) < 0)
                if (errno != EINTR) {
                        r = negative_errno();
                        break;
                }
        wd->child = 0;
        if (r >= 0 && (!WIFEXITED(status) || WEXITSTATUS(status) != 0))
                r = -ECHILD;
        *ret_pid = r >= 0 ? grandchild : 0;
        return r;
}

/* pid is in its scope: tell the watchdog where the scope's cgroup.events is (only for our own process, whose
 * cgroup v2 path cgroup2_find() resolves; a supervisor stops the scope itself). */
static void scope_watchdog_notify(ScopeWatchdog *wd, pid_t pid) {
        _cleanup_free_ char *mnt = NULL, *dir = NULL, *events = NULL;

        if (wd->path_fd < 0)
                return;
        if (pid == getpid() && cgroup2_find(&mnt, &dir) >= 0) {
                events = xasprintf("%s/cgroup.events", dir);
                if (strlen(events) < 4096)
                        (void) write(wd->path_fd, events, strlen(events));
        }
        wd->path_fd = safe_close(wd->path_fd);
}

static int systemd_enter(Backend *b, const SandboxPlan *p, pid_t pid) {
        _cleanup_bus_error_ sd_bus_error error = BUS_ERROR_INIT;
        sd_bus_message *m = NULL, *reply = NULL;
        sd_bus_slot *slot = NULL;
        JobWaiter w = {};
        ScopeWatchdog wd = SCOPE_WATCHDOG_NULL;
        sd_bus_message *add_match = NULL;
        sd_bus_slot *match_slot = NULL;
        _cleanup_free_ char *desc = NULL, *match = NULL;
        const char *job;
        int r;

        b->name = backend_make_name(p);
        b->scope = xasprintf("sandbox-%s.scope", b->name);
        if (p->description)
                desc = xasprintf("%s (sandboxctl %s)", p->description, p->unit_path ?: p->unit_name ?: "");
        else
                desc = xasprintf("sandboxctl %s", p->unit_path ?: p->unit_name ?: "");

        /* Forked before the scope exists, so it stays outside of it: when the process that called us exits
         * (the supervisor, or sandboxctl that became the payload), whatever is left in the scope is killed. */
        r = scope_watchdog_begin(b->scope, b->user_manager, getpid(), &wd);
        if (r < 0) {
                log_error_errno(r, "Failed to start the cleanup watchdog: %m");
                goto finish;
        }

        /* Match first: the JobRemoved of our job cannot arrive before the match is in place. On the private
         * socket nothing needs installing (the manager sends every signal to direct connections), a local
         * filter picks ours. On a bus, an AddMatch goes out before StartTransientUnit on the same connection,
         * and the bus daemon handles a connection's messages in order, so it is in place before the manager
         * sees the call: no reply wait, as systemd-run (a failed AddMatch fails the job wait). Its arg2 (the
         * unit) keeps the bus from sending us every other start's JobRemoved: with n starts at once that is n²
         * deliveries. The rule goes to the daemon only, not through sd_bus_add_match(): sd-bus's local argN
         * matching counts string arguments only (JobRemoved is "uoss") and would never match it. Scope names
         * are [A-Za-z0-9_.:-] (backend_make_name()): nothing to quote. */
        r = sd_bus_add_filter(b->bus, &slot, on_job_signal, &w);
        if (r >= 0 && sd_bus_is_bus_client(b->bus) > 0) {
                match = xasprintf("type='signal',sender='" SD_DEST "',path='" SD_PATH "',interface='" SD_MANAGER
                                  "',member='JobRemoved',arg2='%s'", b->scope);
                r = sd_bus_message_new_method_call(b->bus, &add_match, "org.freedesktop.DBus",
                                                   "/org/freedesktop/DBus", "org.freedesktop.DBus", "AddMatch");
                if (r >= 0)
                        r = sd_bus_message_append(add_match, "s", match);
                if (r >= 0)
                        r = sd_bus_call_async(b->bus, &match_slot, add_match, on_add_match_reply, &w, 0);
        }
        if (r < 0) {
                log_error_errno(r, "Failed to subscribe to JobRemoved: %m");
                goto finish;
        }

        r = sd_bus_message_new_method_call(b->bus, &m, SD_DEST, SD_PATH, SD_MANAGER, "StartTransientUnit");
        if (r >= 0)
                r = sd_bus_message_append(m, "ss", b->scope, "fail");
        if (r >= 0)
                r = sd_bus_message_open_container(m, 'a', "(sv)");
        if (r >= 0)
                r = sd_bus_message_append(m, "(sv)", "Description", "s", desc);
        if (r >= 0)
                r = sd_bus_message_append(m, "(sv)", "Slice", "s", b->slice);
        if (r >= 0)
                r = sd_bus_message_append(m, "(sv)", "CollectMode", "s", "inactive-or-failed");
        if (r >= 0 && sd_bus_is_bus_client(b->bus) > 0)
                r = sd_bus_message_append(m, "(sv)", "AddRef", "b", 1);
        if (r >= 0)
                r = append_cgroup_props(m, p);
        if (r >= 0)
                r = sd_bus_message_append(m, "(sv)", "PIDs", "au", 1, (uint32_t) pid);
        if (r >= 0)
                r = sd_bus_message_close_container(m);
        if (r >= 0)
                r = sd_bus_message_append(m, "a(sa(sv))", 0);
        if (r < 0) {
                log_error_errno(r, "Failed to build the StartTransientUnit call: %m");
                goto finish;
        }

        r = sd_bus_call(b->bus, m, 0, &error, &reply);
        if (r < 0) {
                /* Not root on the system bus: say what to do instead. */
                bool denied = r == -EACCES || r == -EPERM ||
                        sd_bus_error_has_name(&error, SD_BUS_ERROR_ACCESS_DENIED) ||
                        sd_bus_error_has_name(&error, SD_BUS_ERROR_INTERACTIVE_AUTHORIZATION_REQUIRED);

                log_error_errno(r, "Failed to start transient scope %s: %s%s", b->scope,
                                error.message ?: strerror(-r),
                                denied && !b->user_manager ?
                                "; a scope of the system manager needs root: run as root, or use --user for "
                                "your user manager" : "");
                goto finish;
        }
        r = sd_bus_message_read(reply, "o", &job);
        if (r < 0) {
                log_error_errno(r, "Bad reply to StartTransientUnit: %m");
                goto finish;
        }
        w.job = job;

        r = wait_for_job(b->bus, &w);
        if (r < 0) {
                log_error_errno(r, "Failed to wait for the start job of %s: %m", b->scope);
                goto finish;
        }
        if (!streq(w.result, "done")) {
                r = log_error_errno(-EIO, "Starting scope %s failed (job result '%s'); see 'journalctl -u %s'.",
                                    b->scope, w.result, b->scope);
                goto finish;
        }

        r = verify_scope_membership(pid, b->scope);
        if (r < 0) {
                log_error_errno(r, "Process %d is not in %s although its start job is done: %m",
                                (int) pid, b->scope);
                goto finish;
        }
        log_debug("Process %d runs in %s", (int) pid, b->scope);
        scope_watchdog_notify(&wd, pid);
        r = 0;

finish:
        if (scope_watchdog_end(&wd, &b->watchdog) < 0 && r >= 0)
                /* Fail closed as before: without a watchdog nothing would kill what the payload leaves. Our
                 * pid leaves the scope when we exit, and systemd then removes it. */
                r = log_error_errno(-ECHILD, "Failed to start the cleanup watchdog.");
        wd.path_fd = safe_close(wd.path_fd);
        sd_bus_slot_unref(match_slot);
        sd_bus_message_unref(add_match);
        sd_bus_slot_unref(slot);
        sd_bus_message_unref(m);
        sd_bus_message_unref(reply);
        strv_free(w.seen);
        free(w.result);
        if (r < 0) {
                free(b->scope);
                b->scope = NULL;
        } else
                /* Nothing needs the connection until finish() (a supervisor's, which reconnects); on the
                 * private socket the manager would otherwise send us every unit's signals while the payload
                 * runs. */
                b->bus = bus_release(b->bus);
        return r;
}

/* After the payload is gone (only when a parent stayed): stop what is left in the scope. */
static int systemd_finish(Backend *b) {
        _cleanup_bus_error_ sd_bus_error error = BUS_ERROR_INIT;
        int r;

        if (!b->scope)
                return 0;
        if (!b->bus) {
                _cleanup_free_ char *why = NULL;

                r = bus_connect(b->user_manager ? BUS_SCOPE_USER : BUS_SCOPE_SYSTEM, &b->bus, NULL, &why);
                if (r < 0) {
                        /* The watchdog still kills what is left when we exit. */
                        log_debug("Cannot stop %s: %s", b->scope, why);
                        free(b->scope);
                        b->scope = NULL;
                        return 0;
                }
        }
        r = sd_bus_call_method(b->bus, SD_DEST, SD_PATH, SD_MANAGER, "StopUnit", &error, NULL, "ss",
                               b->scope, "replace");
        if (r < 0 && !sd_bus_error_has_name(&error, "org.freedesktop.systemd1.NoSuchUnit"))
                log_debug("Failed to stop %s: %s", b->scope, error.message ?: strerror(-r));
        free(b->scope);
        b->scope = NULL;
        return 0;
}

static void systemd_done(Backend *b) {
        b->bus = bus_release(b->bus);
        free(b->scope);
        b->scope = NULL;
        free(b->manager_cgroup);
        b->manager_cgroup = NULL;
}

const BackendVTable backend_systemd_vtable = {
        .kind = BACKEND_SYSTEMD,
        .needs_supervisor = false,
        .open = systemd_open,
        .check = systemd_check,
        .enter = systemd_enter,
        .finish = systemd_finish,
        .done = systemd_done,
};

/* list/status/stop */

static int get_u64(sd_bus *bus, const char *path, const char *iface, const char *prop, uint64_t *ret) {
        sd_bus_error error = BUS_ERROR_INIT;
        int r;

        r = sd_bus_get_property_trivial(bus, SD_DEST, path, iface, prop, &error, 't', ret);
        sd_bus_error_free(&error);
        if (r < 0)
                *ret = UINT64_MAX;
        return r;
}

int systemd_list_scopes(const BackendOptions *o, SandboxInfo **v, size_t *n) {
        _cleanup_bus_error_ sd_bus_error error = BUS_ERROR_INIT;
        sd_bus *bus = NULL;
        sd_bus_message *reply = NULL;
        bool user = false;
        const char *name, *desc, *load, *active, *sub, *following, *path, *jtype, *jpath;
        uint32_t jid;
        int r;

        r = bus_connect(o->bus, &bus, &user, NULL);
        if (r < 0)
                return r;

        r = sd_bus_call_method(bus, SD_DEST, SD_PATH, SD_MANAGER, "ListUnitsByPatterns", &error, &reply,
                               "asas", 0, 1, "sandbox-*.scope");
        if (r < 0) {
                log_debug("ListUnitsByPatterns failed: %s", error.message ?: strerror(-r));
                goto finish;
        }
        r = sd_bus_message_enter_container(reply, 'a', "(ssssssouso)");
        if (r < 0)
                goto finish;
        while ((r = sd_bus_message_read(reply, "(ssssssouso)", &name, &desc, &load, &active, &sub, &following,
                                        &path, &jid, &jtype, &jpath)) > 0) {
                SandboxInfo i = { .backend = BACKEND_SYSTEMD, .user = user };
                sd_bus_message *procs = NULL;
                char *slice = NULL, *cg = NULL;
                const char *marker;

                if (o->slice) {
                        sd_bus_error e2 = BUS_ERROR_INIT;
                        (void) sd_bus_get_property_string(bus, SD_DEST, path, "org.freedesktop.systemd1.Scope",
                                                          "Slice", &e2, &slice);
                        sd_bus_error_free(&e2);
                        bool other = !slice || !streq(slice, o->slice);
                        free(slice);
                        if (other)
                                continue;
                }

                i.name = xstrdup(name);
                i.state = xstrdup(active);
                marker = strstr(desc, "sandboxctl ");
                if (marker) {
                        const char *u = marker + strlen("sandboxctl ");
                        size_t l = strlen(u);
                        /* "DESC (sandboxctl PATH)" or "sandboxctl PATH" */
                        if (marker > desc && l > 0 && u[l - 1] == ')')
                                l--;
                        i.unit = xstrndup(u, l);
                }
                {
                        sd_bus_error e2 = BUS_ERROR_INIT;
                        if (sd_bus_get_property_string(bus, SD_DEST, path, "org.freedesktop.systemd1.Scope",
                                                       "ControlGroup", &e2, &cg) >= 0)
                                i.cgroup = cg;
                        sd_bus_error_free(&e2);
                }
                (void) get_u64(bus, path, "org.freedesktop.systemd1.Scope", "MemoryCurrent", &i.memory_current);
                (void) get_u64(bus, path, "org.freedesktop.systemd1.Scope", "CPUUsageNSec", &i.cpu_usage_nsec);
                (void) get_u64(bus, path, "org.freedesktop.systemd1.Scope", "TasksCurrent", &i.tasks_current);

                {
                        sd_bus_error e2 = BUS_ERROR_INIT;
                        if (sd_bus_call_method(bus, SD_DEST, SD_PATH, SD_MANAGER, "GetUnitProcesses", &e2, &procs,
                                               "s", name) >= 0) {
                                const char *cgp, *cmd;
                                uint32_t pid;

                                if (sd_bus_message_enter_container(procs, 'a', "(sus)") > 0 &&
                                    sd_bus_message_read(procs, "(sus)", &cgp, &pid, &cmd) > 0)
                                        i.pid = (pid_t) pid;
                        }
                        sd_bus_error_free(&e2);
                        sd_bus_message_unref(procs);
                }

                *v = xrealloc(*v, (*n + 1) * sizeof(SandboxInfo));
                (*v)[(*n)++] = i;
        }
        if (r >= 0)
                r = sd_bus_message_exit_container(reply);

finish:
        sd_bus_message_unref(reply);
        bus_release(bus);
        return r < 0 ? r : 0;
}

int systemd_stop_scope(const BackendOptions *o, const SandboxInfo *s, int signo) {
        _cleanup_bus_error_ sd_bus_error error = BUS_ERROR_INIT;
        BusScope scope = s->user ? BUS_SCOPE_USER : BUS_SCOPE_SYSTEM;
        sd_bus *bus = NULL;
        sd_bus_message *reply = NULL;
        sd_bus_slot *slot = NULL;
        JobWaiter w = {};
        const char *job;
        _cleanup_free_ char *why = NULL;
        int r;

        r = bus_connect(scope, &bus, NULL, &why);
        if (r < 0)
                return log_error_errno(r, "Cannot stop %s: %s", s->name, why);

        if (signo > 0) {
                r = sd_bus_call_method(bus, SD_DEST, SD_PATH, SD_MANAGER, "KillUnit", &error, NULL, "ssi",
                                       s->name, "all", (int32_t) signo);
                if (r < 0)
                        log_error_errno(r, "Failed to signal %s: %s", s->name, error.message ?: strerror(-r));
                goto finish;
        }

        r = sd_bus_match_signal(bus, &slot, sd_bus_is_bus_client(bus) > 0 ? SD_DEST : NULL, SD_PATH, SD_MANAGER,
                                "JobRemoved", on_job_removed, &w);
        if (r >= 0)
                r = sd_bus_call_method(bus, SD_DEST, SD_PATH, SD_MANAGER, "StopUnit", &error, &reply, "ss",
                                       s->name, "replace");
        if (r < 0) {
                log_error_errno(r, "Failed to stop %s: %s", s->name, error.message ?: strerror(-r));
                goto finish;
        }
        r = sd_bus_message_read(reply, "o", &job);
        if (r >= 0) {
                w.job = job;
                r = wait_for_job(bus, &w);
        }
        if (r < 0)
                log_error_errno(r, "Failed to wait for %s to stop: %m", s->name);
        else if (!streq(w.result, "done"))
                r = log_error_errno(-EIO, "Stopping %s finished with result '%s'.", s->name, w.result);

finish:
        sd_bus_slot_unref(slot);
        sd_bus_message_unref(reply);
        strv_free(w.seen);
        free(w.result);
        bus_release(bus);
        return r < 0 ? r : 0;
}

/* freeze/thaw/kill (systemd: FreezeUnit/ThawUnit, KillUnit "all"). FreezeUnit replies once the scope is
 * frozen, ThawUnit once it is thawed (systemd ≥ 246). */
int systemd_freeze_scope(const SandboxInfo *s, bool freeze) {
        _cleanup_bus_error_ sd_bus_error error = BUS_ERROR_INIT;
        _cleanup_free_ char *why = NULL;
        sd_bus *bus = NULL;
        int r;

        r = bus_connect(s->user ? BUS_SCOPE_USER : BUS_SCOPE_SYSTEM, &bus, NULL, &why);
        if (r < 0)
                return log_error_errno(r, "Cannot %s %s: %s", freeze ? "freeze" : "thaw", s->name, why);

        r = sd_bus_call_method(bus, SD_DEST, SD_PATH, SD_MANAGER, freeze ? "FreezeUnit" : "ThawUnit", &error,
                               NULL, "s", s->name);
        if (r < 0)
                log_error_errno(r, "Failed to %s %s: %s", freeze ? "freeze" : "thaw", s->name,
                                error.message ?: strerror(-r));
        bus_release(bus);
        return r < 0 ? r : 0;
}

int systemd_kill_scope(const SandboxInfo *s, int signo) {
        _cleanup_bus_error_ sd_bus_error error = BUS_ERROR_INIT;
        _cleanup_free_ char *why = NULL;
        sd_bus *bus = NULL;
        int r;

        r = bus_connect(s->user ? BUS_SCOPE_USER : BUS_SCOPE_SYSTEM, &bus, NULL, &why);
        if (r < 0)
                return log_error_errno(r, "Cannot kill %s: %s", s->name, why);

        r = sd_bus_call_method(bus, SD_DEST, SD_PATH, SD_MANAGER, "KillUnit", &error, NULL, "ssi", s->name,
                               "all", (int32_t) signo);
        if (r < 0)
                log_error_errno(r, "Failed to signal %s: %s", s->name, error.message ?: strerror(-r));
        bus_release(bus);
        return r < 0 ? r : 0;
}
