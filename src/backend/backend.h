/* SPDX-License-Identifier: MIT */
#pragma once

/* Cgroup backends behind one small interface (crun's cgroup manager vtable). Only backend/ touches
 * cgroupfs or D-Bus. Lifecycle, called by cli/verb-start.c:
 *
 *   backend_open()     pick and probe (auto: systemd > cgroupfs > none), nothing created yet
 *   backend_check()    refuse what this backend cannot enforce (diagnostics at FILE:LINE), nothing created
 *   backend_enter()    create the scope / cgroup with every limit applied and move `pid` into it
 *   backend_finish()   after the payload is gone: remove what enter() created (kill leftovers first)
 *   backend_free()
 *
 * backend_open() and backend_enter() log their failures themselves (the precise reason is only known
 * there); the caller only exits. backend_check() reports through diags, FILE:LINE of the directive.
 * backend_enter() accepts any pid the caller owns: a child blocked on a pipe (the normal case) or
 * getpid() itself. When it fails, nothing it created remains (the pid is moved back where possible).
 *
 * Leftovers: enter() forks a detached watchdog ("sbx-watchdog", outside the sandbox's cgroup) that waits for
 * the calling process to exit and then kills and removes whatever is left: the scope's processes (systemd;
 * the scope then vanishes, CollectMode=inactive-or-failed), or the cgroup and its registry entry (cgroupfs).
 * So a SIGKILLed sandboxctl leaves nothing, nor does a payload that exits leaving daemons behind. If the
 * watchdog is killed too, a cgroupfs sandbox shows as "orphaned" in `list` and `stop NAME` removes it; the
 * next start/list removes empty orphaned cgroups by itself.
 */

#include <stdbool.h>
#include <sys/types.h>

#include "diag.h"
#include "plan.h"

typedef enum BackendKind {
        BACKEND_AUTO,
        BACKEND_SYSTEMD,
        BACKEND_CGROUPFS,
        BACKEND_NONE,
        _BACKEND_KIND_MAX,
        _BACKEND_KIND_INVALID = -EINVAL,
} BackendKind;

typedef enum BusScope {
        BUS_SCOPE_AUTO,   /* system bus as root, user bus otherwise */
        BUS_SCOPE_SYSTEM,
        BUS_SCOPE_USER,
} BusScope;

typedef struct BackendOptions {
        BackendKind kind;
        BusScope bus;
        const char *slice; /* NULL = "sandboxctl.slice" */
} BackendOptions;

typedef struct Backend Backend;

const char *backend_kind_to_string(BackendKind k);
BackendKind backend_kind_from_string(const char *s);

int backend_open(const BackendOptions *o, Backend **ret);
BackendKind backend_kind(const Backend *b);
/* A short human description: "systemd (system manager, private socket)", "systemd (user bus)",
 * "cgroupfs (/sys/fs/cgroup/unified/…)", "none". */
const char *backend_describe(const Backend *b);
/* True when a supervising parent must stay to clean up after the payload (cgroupfs). */
bool backend_needs_supervisor(const Backend *b);
int backend_check(Backend *b, const SandboxPlan *p, DiagList *diags);
/* What applies the cgroup directive `name` with this backend, for `start -v`: "scope property MemoryMax",
 * "cgroup file memory.max", "BPF device program", … NULL when the directive is not a cgroup directive. */
const char *backend_directive_target(const Backend *b, const char *name);
int backend_enter(Backend *b, const SandboxPlan *p, pid_t pid);
int backend_finish(Backend *b);
/* For a supervisor that re-executes itself into a small process (exec/supervisor.c, `sandboxctl __supervise`):
 * what backend_finish() needs, as strings that survive an execve(). 0 and *ret_cgroup_dir, *ret_state_file
 * (owned, NULL when there is nothing to remove: none) when finishing needs nothing else; -EOPNOTSUPP when it
 * does (systemd: StopUnit needs the bus). The Backend keeps its state (the execve() may fail). */
int backend_finish_state(const Backend *b, char **ret_cgroup_dir, char **ret_state_file);
/* backend_finish() from that state, in a process without a Backend: kill what is left in cgroup_dir, remove
 * it and the registry entry state_file (either may be NULL). Logs its failures. */
int backend_finish_detached(const char *cgroup_dir, const char *state_file);
Backend *backend_free(Backend *b);
DEFINE_TRIVIAL_CLEANUP_FUNC(Backend *, backend_free);

/* The sandbox name after backend_enter(): "sandbox-webapp-1a2b3c4d.scope" (systemd),
 * "sandboxctl-webapp-1a2b3c4d" (cgroupfs), NULL (none or before enter). Borrowed. */
const char *backend_name(const Backend *b);

/* Registry of running sandboxes, for list/status/stop. */
typedef struct SandboxInfo {
        char *name;          /* as above */
        char *unit;          /* unit file path; NULL when unknown */
        pid_t pid;           /* payload (first process); 0 = unknown */
        pid_t supervisor;    /* cgroupfs: the sandboxctl process that cleans up; 0 = none */
        BackendKind backend;
        bool user;           /* systemd: user manager */
        char *cgroup;        /* cgroup path (absolute directory for cgroupfs, ControlGroup for systemd) */
        char *state;         /* cgroupfs: "running", "orphaned" (supervisor gone); systemd: ActiveState */
        uint64_t memory_current; /* bytes; UINT64_MAX = unknown */
        uint64_t cpu_usage_nsec; /* UINT64_MAX = unknown */
        uint64_t tasks_current;  /* UINT64_MAX = unknown */
} SandboxInfo;

void sandbox_info_array_free(SandboxInfo *a, size_t n);
/* All sandboxes visible with these options: the cgroupfs registry (/run/sandboxctl/ as root,
 * $XDG_RUNTIME_DIR/sandboxctl/ otherwise; $SANDBOXCTL_STATE_DIR overrides) and, unless o->kind is cgroupfs
 * or none, the manager's sandbox-*.scope units. Removes registry entries whose cgroup is empty and whose
 * supervisor is gone. Logs nothing above debug. */
int backend_list_sandboxes(const BackendOptions *o, SandboxInfo **ret, size_t *ret_n);
/* Finds one by name ("sandbox-x-1234.scope", "sandbox-x-1234", "sandboxctl-x-1234" or "x-1234").
 * -ENOENT when there is none. */
int backend_find_sandbox(const BackendOptions *o, const char *name, SandboxInfo **ret);
/* signo 0: stop (systemd StopUnit; cgroupfs SIGTERM, up to 10 s, then cgroup.kill, rmdir). Otherwise send
 * signo to every process (systemd KillUnit). Logs its failures. */
int backend_stop_sandbox(const BackendOptions *o, const SandboxInfo *s, int signo);

/* freeze/thaw (cgroup.freeze; systemd FreezeUnit/ThawUnit): returns once the whole sandbox is frozen
 * (cgroup.events "frozen 1") or thawed. Logs its failures. */
int backend_freeze_sandbox(const BackendOptions *o, const SandboxInfo *s, bool freeze);
/* kill: send signo to every process of the sandbox (systemd KillUnit "all"; cgroupfs cgroup.kill for SIGKILL,
 * else every pid of cgroup.procs, recursively). For SIGKILL, waits (up to 10 s) until no process is left.
 * A frozen sandbox keeps other signals pending until it is thawed. Logs its failures. */
int backend_kill_sandbox(const BackendOptions *o, const SandboxInfo *s, int signo);

/* Pressure stall information of one resource (memory.pressure, cpu.pressure, io.pressure). */
typedef struct PressureLine {
        bool present;
        double avg10, avg60, avg300; /* percent */
        uint64_t total;              /* µs */
} PressureLine;
typedef struct SandboxPressure {
        bool present; /* the file exists and was read */
        PressureLine some, full;
} SandboxPressure;

/* The figures `status` shows, read from the sandbox's cgroup v2 directory (systemd: the scope's ControlGroup
 * under the cgroup2 mount). UINT64_MAX / !present = the file is absent (controller not on cgroup v2, or the
 * kernel is too old: memory.peak needs 5.19, memory.swap.peak 6.5). */
typedef struct SandboxStats {
        int frozen; /* 1, 0; -1 = unknown (no cgroup.events "frozen" line) */
        uint64_t memory_current, memory_peak, memory_swap_current, memory_swap_peak;
        SandboxPressure memory_pressure, cpu_pressure, io_pressure;
} SandboxStats;
/* Absolute cgroup directory of a sandbox (owned), or -ENOENT/-ENOMEDIUM when unknown. */
int backend_sandbox_cgroup_dir(const SandboxInfo *s, char **ret);
void backend_sandbox_stats(const SandboxInfo *s, SandboxStats *ret);
