/* SPDX-License-Identifier: MIT */
#pragma once

/* The exec side: everything the exec directives need is resolved and compiled by exec_prepare() in the parent
 * before anything on the system changes (DESIGN.md rule 3); exec_run() then applies it in one ordered
 * sequence and execs the payload. Only exec/ calls unshare(), mount helpers, capset(), seccomp() or execve(). */

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/resource.h>
#include <sys/types.h>

#include "backend.h"
#include "diag.h"
#include "mount-list.h"
#include "plan.h"
#include "syscall-filter.h"

typedef struct ExecCreds {
        bool set_uid, set_gid, set_groups;
        uid_t uid;
        gid_t gid;
        gid_t *groups; /* owned */
        size_t n_groups;
        char *user_name, *home, *shell; /* owned; set when User= resolves to a passwd entry */
} ExecCreds;

typedef struct ExecPrepared {
        const SandboxPlan *plan; /* borrowed */

        /* namespaces */
        bool private_users;
        char *uid_map, *gid_map; /* owned, written by the helper for PrivateUsers= */
        bool deny_setgroups;     /* unprivileged caller: the kernel requires "deny" before gid_map */
        int unshare_flags;       /* CLONE_NEW{NS,NET,IPC,UTS,PID,CGROUP} */
        MountList *mounts;       /* owned; NULL when no mount namespace is needed */
        bool loopback;
        bool private_pids;       /* PrivatePIDs=: fork after unshare(CLONE_NEWPID), the payload is PID 1 */

        /* LSMs (exec-lsm.c): NULL when unset, or when the '-' form was given and the LSM is not active */
        const char *apparmor_profile; /* borrowed from the plan */
        bool apparmor_ignore;         /* '-': a failing write is ignored */
        const char *selinux_context;  /* borrowed from the plan */
        bool selinux_ignore;

        /* process attributes */
        bool rlimit_set[SANDBOX_RLIMIT_MAX];
        struct rlimit rlimits[SANDBOX_RLIMIT_MAX];
        mode_t umask;
        char **env;              /* owned, the payload's complete environment */
        const char *search_path; /* borrowed from env: PATH's value, for commands without '/' */
        char *working_directory; /* owned, absolute; "~" already resolved */
        bool working_directory_missing_ok;
        ExecCreds creds;

        /* capabilities */
        int cap_last;            /* /proc/sys/kernel/cap_last_cap */
        bool drop_bounding;
        uint64_t bounding;       /* kept in the bounding set */
        uint64_t ambient;        /* masked by the bounding set */
        bool no_new_privileges;  /* configured; the implied case is decided in the child */

        /* seccomp */
        SyscallFilterSet *filters; /* owned; may be empty */
} ExecPrepared;

/* Resolves users and groups, builds the environment (reading EnvironmentFile=), capability sets and rlimits;
 * takes ownership of `mounts` and `filters`. Problems are added to diags at the directive's FILE:LINE and make
 * it return -EINVAL. Changes nothing on the system. */
int exec_prepare(const SandboxPlan *p, MountList *mounts, SyscallFilterSet *filters, DiagList *diags,
                 ExecPrepared **ret);
ExecPrepared *exec_prepared_free(ExecPrepared *x);
DEFINE_TRIVIAL_CLEANUP_FUNC(ExecPrepared *, exec_prepared_free);

/* --dry-run: the steps exec_run() would take, one line each. */
void exec_prepared_dump(const ExecPrepared *x, const ExecCommand *cmds, size_t n_cmds, FILE *f);
/* -v: one line per directive applied and the mechanism that applies it. */
void exec_prepared_log_directives(const ExecPrepared *x);

/* Applies every exec step and execs cmd. Never returns: a failing step reports itself (through error_fd when
 * >= 0, else on stderr) and exits with the step's documented status. When parent_pid > 0 the process asks
 * for SIGKILL when that parent dies. A command with the '+' prefix skips the sandbox steps. */
_noreturn_ void exec_run(const ExecPrepared *x, const ExecCommand *cmd, int error_fd, pid_t parent_pid);

/* True when a parent must stay to report what the payload cannot: a death by SIGSYS, several commands. */
bool exec_needs_supervisor(const ExecPrepared *x, size_t n_cmds);

/* Forks the sandbox process, has the backend enter it, runs cmds in order (systemd's oneshot semantics:
 * stop at the first failure unless the command has '-'), forwards SIGINT/SIGTERM/SIGHUP/SIGQUIT/SIGUSR1/
 * SIGUSR2 to it, reaps it, lets the backend clean up, and returns sandboxctl's exit status (the payload's,
 * 128+N for a death by signal N). */
int supervisor_run(const ExecPrepared *x, Backend *b, const ExecCommand *cmds, size_t n_cmds);
/* The hidden `sandboxctl __supervise …` the supervisor re-executes itself as, once the sandbox process runs
 * (argv as main() got it): waits, forwards, reports, cleans up, returns the exit status. */
int supervisor_main(int argc, char **argv);
