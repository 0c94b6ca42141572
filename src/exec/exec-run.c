/* SPDX-License-Identifier: MIT */
/* The exec side in one place: exec_prepare() resolves and compiles everything in the parent, exec_run() applies
 * it top to bottom and execs the payload. The order of the steps in exec_run() is the design (STYLE.md §4);
 * each step says which kernel rule puts it where it is. */
#include <fcntl.h>
#include <limits.h>
#include <linux/capability.h>
#include <linux/close_range.h>
#include <pwd.h>
#include <sched.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>

#include "directive.h"
#include "exec-internal.h"
#include "exec-step.h"
#include "log.h"
#include "strv.h"
#include "timing.h"

int exec_prepare(const SandboxPlan *p, MountList *mounts, SyscallFilterSet *filters, DiagList *diags,
                 ExecPrepared **ret) {
        _cleanup_(exec_prepared_freep) ExecPrepared *x = NULL;
        const ExecPart *e = &p->exec;
        bool failed = false;
        int r;

        x = xcalloc(1, sizeof(ExecPrepared));
        x->plan = p;
        x->mounts = mounts;
        x->filters = filters;

        r = exec_creds_resolve(p, diags, &x->creds);
        if (r < 0)
                return r; /* the environment needs the user's home */

        r = exec_env_build(p, &x->creds, diags, &x->env);
        if (r < 0)
                failed = true;
        STRV_FOREACH(v, x->env)
                if (strneq(*v, "PATH=", 5))
                        x->search_path = *v + 5;

        r = exec_caps_prepare(p, diags, x);
        if (r < 0)
                failed = true;

        r = exec_ns_prepare_user(p, &x->creds, x);
        if (r < 0)
                failed = true;

        r = exec_lsm_prepare(p, diags, x);
        if (r < 0)
                failed = true;

        if (e->private_network)
                x->unshare_flags |= CLONE_NEWNET;
        if (e->private_ipc)
                x->unshare_flags |= CLONE_NEWIPC;
        if (e->protect_hostname)
                x->unshare_flags |= CLONE_NEWUTS;
        if (x->mounts)
                x->unshare_flags |= CLONE_NEWNS;
        /* PrivatePIDs=: the mount list then carries the new /proc, so x->mounts is set too. */
        if (e->private_pids) {
                x->unshare_flags |= CLONE_NEWPID;
                x->private_pids = true;
        }
        /* ProtectControlGroups=private|strict: exec_run() runs after backend_enter(), so the namespace's root
         * is the sandbox's own cgroup; the mount list mounts the new cgroup2 instance. */
        if (e->protect_control_groups == PROTECT_CONTROL_GROUPS_PRIVATE ||
            e->protect_control_groups == PROTECT_CONTROL_GROUPS_STRICT)
                x->unshare_flags |= CLONE_NEWCGROUP;
        x->loopback = e->private_network;

        for (size_t i = 0; i < SANDBOX_RLIMIT_MAX; i++)
                if (e->rlimits[i].set) {
                        x->rlimit_set[i] = true;
                        x->rlimits[i] = (struct rlimit) { .rlim_cur = e->rlimits[i].soft,
                                                          .rlim_max = e->rlimits[i].hard };
                }
        /* RestrictRealtime=: systemd also sets RLIMIT_RTPRIO to 0 unless LimitRTPRIO= says otherwise, which
         * covers sched_setattr() that the seccomp part cannot inspect. */
        if (e->restrict_realtime && !x->rlimit_set[RLIMIT_RTPRIO]) {
                x->rlimit_set[RLIMIT_RTPRIO] = true;
                x->rlimits[RLIMIT_RTPRIO] = (struct rlimit) {};
        }

        x->umask = e->umask_set ? e->umask : 0022;

        if (!e->working_directory)
                x->working_directory = xstrdup("/");
        else if (streq(e->working_directory, "~")) {
                if (x->creds.home)
                        x->working_directory = xstrdup(x->creds.home);
                else {
                        struct passwd *pw = getpwuid(x->creds.set_uid ? x->creds.uid : getuid());

                        x->working_directory = xstrdup(pw && pw->pw_dir ? pw->pw_dir : "/");
                }
        } else
                x->working_directory = xstrdup(e->working_directory);
        x->working_directory_missing_ok = e->working_directory_missing_ok;

        if (failed)
                return -EINVAL;
        *ret = TAKE_PTR(x);
        return 0;
}

ExecPrepared *exec_prepared_free(ExecPrepared *x) {
        if (!x)
                return NULL;
        free(x->uid_map);
        free(x->gid_map);
        mount_list_free(x->mounts);
        strv_free(x->env);
        free(x->working_directory);
        exec_creds_done(&x->creds);
        syscall_filter_set_free(x->filters);
        free(x);
        return NULL;
}

bool exec_needs_supervisor(const ExecPrepared *x, size_t n_cmds) {
        /* Several commands run one after the other. A filter that may kill does not need a parent: like
         * systemd-run --scope, sandboxctl becomes the payload, and whoever started it sees the death by
         * SIGSYS in the wait status (128+31 from a shell). A parent would cost a fork() on every start
         * only to print a message (docs/PERFORMANCE.md). */
        (void) x;
        return n_cmds > 1;
}

static void print_map(FILE *f, const char *what, const char *map) {
        fprintf(f, "  %s:", what);
        for (const char *l = map; l && *l;) {
                size_t n = strcspn(l, "\n");

                fprintf(f, " \"%.*s\"", (int) n, l);
                l += n + (l[n] == '\n');
        }
        fputc('\n', f);
}

void exec_prepared_dump(const ExecPrepared *x, const ExecCommand *cmds, size_t n_cmds, FILE *f) {
        if (x->private_users) {
                fprintf(f, "step USER_NAMESPACE: unshare(CLONE_NEWUSER), maps written by a helper%s\n",
                        x->deny_setgroups ? ", setgroups denied" : "");
                print_map(f, "uid_map", x->uid_map);
                print_map(f, "gid_map", x->gid_map);
        }
        if (x->unshare_flags) {
                fprintf(f, "step NAMESPACES: unshare(");
                const char *sep = "";
                static const struct {
                        int flag;
                        const char *name;
                } flags[] = {
                        { CLONE_NEWNS, "CLONE_NEWNS" },
                        { CLONE_NEWNET, "CLONE_NEWNET" },
                        { CLONE_NEWIPC, "CLONE_NEWIPC" },
                        { CLONE_NEWUTS, "CLONE_NEWUTS" },
                        { CLONE_NEWPID, "CLONE_NEWPID" },
                        { CLONE_NEWCGROUP, "CLONE_NEWCGROUP" },
                };
                for (size_t i = 0; i < ELEMENTSOF(flags); i++)
                        if (x->unshare_flags & flags[i].flag) {
                                fprintf(f, "%s%s", sep, flags[i].name);
                                sep = "|";
                        }
                fprintf(f, ")\n");
        }
        if (x->private_pids)
                fprintf(f, "step PID_NAMESPACE: fork, the payload is PID 1; sandboxctl stays outside as the reaper\n");
        if (x->mounts) {
                fprintf(f, "step MOUNTS:\n");
                mount_list_dump(x->mounts, f);
        }
        if (x->loopback)
                fprintf(f, "step LOOPBACK: lo up\n");
        fprintf(f, "step LIMITS: umask %04o", (unsigned) x->umask);
        for (size_t i = 0; i < SANDBOX_RLIMIT_MAX; i++)
                if (x->rlimit_set[i]) {
                        fprintf(f, ", rlimit %zu=", i);
                        if (x->rlimits[i].rlim_cur == RLIM_INFINITY)
                                fprintf(f, "infinity:");
                        else
                                fprintf(f, "%llu:", (unsigned long long) x->rlimits[i].rlim_cur);
                        if (x->rlimits[i].rlim_max == RLIM_INFINITY)
                                fprintf(f, "infinity");
                        else
                                fprintf(f, "%llu", (unsigned long long) x->rlimits[i].rlim_max);
                }
        fputc('\n', f);
        if (x->creds.set_groups || x->creds.set_gid) {
                fprintf(f, "step GROUP:");
                if (x->creds.set_groups) {
                        fprintf(f, " setgroups(");
                        for (size_t i = 0; i < x->creds.n_groups; i++)
                                fprintf(f, "%s%u", i > 0 ? "," : "", (unsigned) x->creds.groups[i]);
                        fprintf(f, ")");
                }
                if (x->creds.set_gid)
                        fprintf(f, " setresgid(%u)", (unsigned) x->creds.gid);
                fputc('\n', f);
        }
        if (x->drop_bounding || x->ambient)
                fprintf(f, "step CAPABILITIES: bounding set 0x%016llx%s, ambient 0x%016llx\n",
                        (unsigned long long) x->bounding, x->drop_bounding ? "" : " (unchanged)",
                        (unsigned long long) x->ambient);
        if (x->creds.set_uid)
                fprintf(f, "step USER: setresuid(%u)\n", (unsigned) x->creds.uid);
        fprintf(f, "step CHDIR: %s%s\n", x->working_directory, x->working_directory_missing_ok ? " (may fail)" : "");
        if (x->selinux_context)
                fprintf(f, "step SELINUX_CONTEXT: %s%s\n", x->selinux_context, x->selinux_ignore ? " (errors ignored)" : "");
        if (x->apparmor_profile)
                fprintf(f, "step APPARMOR_PROFILE: %s%s\n", x->apparmor_profile, x->apparmor_ignore ? " (errors ignored)" : "");
        if (x->no_new_privileges)
                fprintf(f, "step NO_NEW_PRIVILEGES: prctl(PR_SET_NO_NEW_PRIVS)\n");
        else if (x->filters && x->filters->n > 0)
                fprintf(f, "step NO_NEW_PRIVILEGES: prctl(PR_SET_NO_NEW_PRIVS) unless CAP_SYS_ADMIN is effective\n");
        if (x->filters && x->filters->n > 0) {
                fprintf(f, "step SECCOMP:\n");
                syscall_filter_set_dump(x->filters, f);
                if (x->filters->merged) {
                        const SyscallFilterSet *m = x->filters->merged;
                        size_t n = 0;

                        for (size_t i = 0; i < m->n; i++)
                                n += m->items[i].n_insns;
                        fprintf(f, "seccomp: loaded as %zu merged program%s, %zu BPF instructions\n", m->n,
                                m->n == 1 ? "" : "s", n);
                }
        }
        for (size_t i = 0; i < n_cmds; i++) {
                fprintf(f, "step EXEC:%s%s", (cmds[i].flags & EXEC_COMMAND_FULLY_PRIVILEGED) ? " (+, unsandboxed)" : "",
                        (cmds[i].flags & EXEC_COMMAND_IGNORE_FAILURE) ? " (-, failure ignored)" : "");
                STRV_FOREACH(a, cmds[i].argv)
                        fprintf(f, " %s", *a);
                fputc('\n', f);
        }
        fprintf(f, "environment:\n");
        STRV_FOREACH(v, x->env)
                fprintf(f, "  %s\n", *v);
}

/* What applies each exec directive, for -v. */
static const struct {
        const char *name;
        const char *how;
} mechanisms[] = {
        { "PrivateUsers",            "user namespace" },
        { "PrivateNetwork",          "network namespace, loopback up" },
        { "PrivateIPC",              "IPC namespace" },
        { "ProtectHostname",         "UTS namespace + seccomp (sethostname, setdomainname)" },
        { "PrivatePIDs",             "PID namespace, the payload is PID 1, new /proc" },
        { "AppArmorProfile",         "/proc/self/attr/apparmor/exec before execve" },
        { "SELinuxContext",          "/proc/self/attr/exec before execve" },
        { "ProtectClock",            "seccomp (@clock) + capability bounding set" },
        { "ProtectKernelTunables",   "mounts + seccomp (_sysctl)" },
        { "ProtectKernelModules",    "mounts + seccomp (@module) + capability bounding set" },
        { "ProtectKernelLogs",       "mounts + seccomp (syslog) + capability bounding set" },
        { "PrivateDevices",          "mounts + seccomp (@raw-io) + capability bounding set" },
        { "CapabilityBoundingSet",   "capability bounding set" },
        { "AmbientCapabilities",     "ambient capabilities" },
        { "NoNewPrivileges",         "prctl(PR_SET_NO_NEW_PRIVS)" },
        { "SystemCallFilter",        "seccomp" },
        { "SystemCallErrorNumber",   "seccomp" },
        { "SystemCallArchitectures", "seccomp" },
        { "SystemCallLog",           "seccomp" },
        { "RestrictAddressFamilies", "seccomp" },
        { "RestrictNamespaces",      "seccomp" },
        { "LockPersonality",         "seccomp" },
        { "MemoryDenyWriteExecute",  "seccomp" },
        { "RestrictRealtime",        "seccomp + RLIMIT_RTPRIO" },
        { "RestrictSUIDSGID",        "seccomp" },
        { "User",                    "credentials (setresuid)" },
        { "Group",                   "credentials (setresgid)" },
        { "SupplementaryGroups",     "credentials (setgroups)" },
        { "Environment",             "environment" },
        { "EnvironmentFile",         "environment" },
        { "UnsetEnvironment",        "environment" },
        { "PassEnvironment",         "environment" },
        { "WorkingDirectory",        "chdir" },
        { "UMask",                   "umask" },
};

void exec_prepared_log_directives(const ExecPrepared *x) {
        const SandboxPlan *p = x->plan;

        for (size_t i = 0; i < p->n_set; i++) {
                const DirectiveOrigin *o = &p->set[i];
                const Directive *d = directive_lookup(o->name);
                const char *how = NULL;

                for (size_t j = 0; j < ELEMENTSOF(mechanisms); j++)
                        if (streq(mechanisms[j].name, o->name))
                                how = mechanisms[j].how;
                if (!how && strneq(o->name, "Limit", 5))
                        how = "setrlimit";
                if (!how && d && d->where == WHERE_EXEC)
                        how = "mount namespace";
                /* Cgroup directives are the backend's: verb-start.c logs them with backend_directive_target(). */
                if (!how)
                        continue;
                log_info("%s= (%s:%u): %s", o->name, o->file, o->line, how);
        }
}

static void signals_unblock(void) {
        sigset_t s;

        /* The supervisor blocks the signals it forwards; the payload must get them. */
        (void) sigemptyset(&s);
        (void) sigaddset(&s, SIGINT);
        (void) sigaddset(&s, SIGTERM);
        (void) sigaddset(&s, SIGHUP);
        (void) sigaddset(&s, SIGQUIT);
        (void) sigaddset(&s, SIGUSR1);
        (void) sigaddset(&s, SIGUSR2);
        (void) sigaddset(&s, SIGCHLD);
        (void) sigprocmask(SIG_UNBLOCK, &s, NULL);
}

static int pdeathsig_arm(pid_t parent_pid) {
        if (parent_pid <= 0)
                return 0;
        if (prctl(PR_SET_PDEATHSIG, SIGKILL, 0UL, 0UL, 0UL) < 0)
                return -errno;
        /* The parent may have died before the request. */
        if (getppid() != parent_pid)
                _exit(EXIT_FAILURE);
        return 0;
}

static void fds_cloexec(void) {
        /* Descriptors the caller passed beyond stdio must not reach the payload (systemd closes them too):
         * an inherited directory fd is a way out of any mount namespace. */
        if (syscall(SYS_close_range, 3U, ~0U, CLOSE_RANGE_CLOEXEC) >= 0)
                return;
        for (int fd = 3; fd < 65536; fd++) {
                int fl = fcntl(fd, F_GETFD);

                if (fl >= 0)
                        (void) fcntl(fd, F_SETFD, fl | FD_CLOEXEC);
        }
}

static int exec_command(const ExecPrepared *x, const ExecCommand *cmd, const char **ret_what) {
        char buf[PATH_MAX];
        int r = -ENOENT;

        *ret_what = cmd->path;
        if (strchr(cmd->path, '/')) {
                (void) execve(cmd->path, cmd->argv, x->env);
                return -errno;
        }

        /* A bare name: search the payload's PATH, inside the sandbox. */
        for (const char *d = x->search_path ?: ""; *d;) {
                size_t n = strcspn(d, ":");

                if (n > 0 && n + 1 + strlen(cmd->path) < sizeof(buf)) {
                        memcpy(buf, d, n);
                        buf[n] = '/';
                        strcpy(buf + n + 1, cmd->path);
                        (void) execve(buf, cmd->argv, x->env);
                        if (errno == EACCES)
                                r = -EACCES;
                        else if (errno != ENOENT && errno != ENOTDIR)
                                return -errno;
                }
                d += n + (d[n] == ':');
        }
        return r;
}

_noreturn_ void exec_run(const ExecPrepared *x, const ExecCommand *cmd, int error_fd, pid_t parent_pid) {
        const char *what = NULL;
        int r;

        signals_unblock();
        fds_cloexec();
        r = pdeathsig_arm(parent_pid);
        if (r < 0)
                exec_step_fail(error_fd, EXEC_STEP_SPAWN, r, "PR_SET_PDEATHSIG");

        if (cmd->flags & EXEC_COMMAND_FULLY_PRIVILEGED) {
                /* '+': no sandbox, only the environment, umask and working directory (still in the cgroup,
                 * which the backend set up before). */
                (void) umask(x->umask);
                if (chdir(x->working_directory) < 0 && !x->working_directory_missing_ok)
                        exec_step_fail(error_fd, EXEC_STEP_CHDIR, -errno, x->working_directory);
                r = exec_command(x, cmd, &what);
                exec_step_fail(error_fd, EXEC_STEP_EXEC, r, what);
        }

        /* USER_NAMESPACE first: the other namespaces are then owned by it (so the payload's capabilities
         * there are worthless on the host), and an unprivileged caller gets the CAP_SYS_ADMIN the other
         * unshare() calls need (user_namespaces(7)). It has to happen while the process is single-threaded
         * and before the mount namespace, whose owner is fixed at creation. */
        r = exec_ns_user(x, &what);
        if (r < 0)
                exec_step_fail(error_fd, EXEC_STEP_USER_NAMESPACE, r, what);
        timing_mark("user-namespace");

        /* NAMESPACES: one unshare() for net, ipc, uts and mnt. Needs CAP_SYS_ADMIN (held by root, or inside
         * the user namespace from the step above); fails closed where systemd would only warn. */
        r = exec_ns_unshare(x);
        if (r < 0)
                exec_step_fail(error_fd, EXEC_STEP_NAMESPACES, r, "unshare");
        timing_mark("namespaces");

        /* PID_NAMESPACE: unshare(CLONE_NEWPID) moved only our future children; fork so the payload is PID 1.
         * Before the mounts: a procfs shows the PID namespace of whoever mounts it. The parent stays
         * outside as the reaper and never returns from here (exec-pidns.c). */
        if (x->private_pids) {
                r = exec_pidns_fork();
                if (r < 0)
                        exec_step_fail(error_fd, EXEC_STEP_NAMESPACES, r, "PrivatePIDs= fork");
                timing_mark("pid-namespace");
        }

        /* MOUNTS: only inside the new mount namespace (else they would change the host), and before the
         * uid switch and the capability drops (mount(2) needs CAP_SYS_ADMIN). */
        if (x->mounts) {
                r = mount_list_apply(x->mounts, &what);
                if (r < 0)
                        exec_step_fail(error_fd, EXEC_STEP_MOUNTS, r, what);
                timing_mark("mounts");
        }

        /* LOOPBACK: a new network namespace starts with lo down; SIOCSIFFLAGS needs CAP_NET_ADMIN in the
         * namespace's owning user namespace, so before capabilities are dropped. */
        if (x->loopback) {
                r = exec_ns_loopback_up();
                if (r < 0)
                        exec_step_fail(error_fd, EXEC_STEP_LOOPBACK, r, "lo");
                timing_mark("loopback");
        }

        /* LIMITS: raising a hard limit needs CAP_SYS_RESOURCE, which a non-root User= will not have. */
        for (size_t i = 0; i < SANDBOX_RLIMIT_MAX; i++)
                if (x->rlimit_set[i] && setrlimit((int) i, &x->rlimits[i]) < 0)
                        exec_step_fail(error_fd, EXEC_STEP_LIMITS, -errno, "setrlimit");
        (void) umask(x->umask);

        /* GROUP: setgroups() and setresgid() need CAP_SETGID, so before setresuid() drops it. */
        r = exec_creds_apply_groups(&x->creds);
        if (r < 0)
                exec_step_fail(error_fd, EXEC_STEP_GROUP, r, x->plan->exec.group ?: x->plan->exec.user);

        /* CAPABILITIES, first half: PR_CAPBSET_DROP needs CAP_SETPCAP, gone after a switch to a non-root
         * user; ambient capabilities must be raised with PR_SET_KEEPCAPS set so the permitted set survives
         * setresuid() (capabilities(7), "Effect of user ID changes on capabilities"). */
        r = exec_caps_before_user(x);
        if (r < 0)
                exec_step_fail(error_fd, EXEC_STEP_CAPABILITIES, r, "bounding/ambient set");

        /* USER: last privileged credential change. It clears the parent-death signal, so re-arm it. */
        r = exec_creds_apply_user(&x->creds);
        if (r < 0)
                exec_step_fail(error_fd, EXEC_STEP_USER, r, x->plan->exec.user);
        r = x->private_pids ? exec_pidns_pdeathsig_rearm() : pdeathsig_arm(parent_pid);
        if (r < 0)
                exec_step_fail(error_fd, EXEC_STEP_USER, r, "PR_SET_PDEATHSIG");

        /* CAPABILITIES, second half: raise the ambient set again now that the uid is final. */
        r = exec_caps_after_user(x);
        if (r < 0)
                exec_step_fail(error_fd, EXEC_STEP_CAPABILITIES, r, "ambient set");

        /* CHDIR: after the mounts (the directory is looked up in the sandbox's view) and after the uid
         * switch (the permission check is the payload user's, as in systemd). */
        if (chdir(x->working_directory) < 0 && !x->working_directory_missing_ok)
                exec_step_fail(error_fd, EXEC_STEP_CHDIR, -errno, x->working_directory);

        /* SELINUX_CONTEXT, APPARMOR_PROFILE: the transition at the next execve(); after the uid switch (the
         * write is to our own attributes) and before no_new_privs, which restricts LSM transitions. */
        {
                ExecStep step = EXEC_STEP_APPARMOR_PROFILE;

                r = exec_lsm_apply(x, &step, &what);
                if (r < 0)
                        exec_step_fail(error_fd, step, r, what);
        }

        /* NO_NEW_PRIVILEGES: before seccomp, which the kernel refuses without either no_new_privs or
         * CAP_SYS_ADMIN (seccomp(2)); implied, as in systemd, when a filter is used without CAP_SYS_ADMIN. */
        if (x->no_new_privileges ||
            (x->filters && x->filters->n > 0 && !exec_caps_have_effective(CAP_SYS_ADMIN)))
                if (prctl(PR_SET_NO_NEW_PRIVS, 1UL, 0UL, 0UL, 0UL) < 0)
                        exec_step_fail(error_fd, EXEC_STEP_NO_NEW_PRIVILEGES, -errno, NULL);
        timing_mark("credentials");

        /* SECCOMP: last, so the filters never see the setup's own syscalls (SystemCallFilter= may well
         * deny setresuid(), mount() or seccomp() itself); only execve() follows, which @default keeps. */
        r = exec_seccomp_load(x->filters && x->filters->merged ? x->filters->merged : x->filters, &what);
        if (r < 0)
                exec_step_fail(error_fd, EXEC_STEP_SECCOMP, r, what);
        /* No timing_mark() here: it would write() under the payload's filter, which may kill write(). */

        /* EXEC: a bare name is looked up in the payload's PATH, inside the sandbox. */
        r = exec_command(x, cmd, &what);
        exec_step_fail(error_fd, EXEC_STEP_EXEC, r, what);
}
