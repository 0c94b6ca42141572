/* SPDX-License-Identifier: MIT */
#pragma once

/* Shared between backend.c and the three implementations. Nothing outside backend/ includes this. */

#include <systemd/sd-bus.h>

#include "backend.h"
#include "devbpf.h"

typedef struct BackendVTable {
        BackendKind kind;
        bool needs_supervisor;
        /* Probe. Returns 0 when usable, -ENOMEDIUM/-ENOENT/… with a message in *ret_why (owned) otherwise. */
        int (*open)(Backend *b, char **ret_why);
        int (*check)(Backend *b, const SandboxPlan *p, DiagList *diags);
        int (*enter)(Backend *b, const SandboxPlan *p, pid_t pid);
        int (*finish)(Backend *b);
        void (*done)(Backend *b);
} BackendVTable;

struct Backend {
        const BackendVTable *vtable;
        BackendOptions options;
        char *slice;       /* owned copy of options.slice, or the default */
        char *description; /* owned */
        char *name;        /* "webapp-1a2b3c4d": sandbox name core, set by enter */

        /* systemd */
        sd_bus *bus;
        bool user_manager;
        char *scope;          /* "sandbox-webapp-1a2b3c4d.scope" */
        char *manager_cgroup; /* the manager's own ControlGroup ("/user.slice/…/user@1000.service") */

        /* cgroupfs */
        char *cgroup_mount; /* "/sys/fs/cgroup/unified" */
        char *own_cgroup;   /* absolute dir of the caller's cgroup */
        char *dir;          /* absolute dir we created: <own>/sandboxctl-<name> */
        char *leaf;         /* <dir>/payload */
        char *state_file;   /* registry entry */
        DevbpfProgram *devprog;
        int prog_fd;
        bool devprog_checked;
        char **controllers; /* to enable in our dir's subtree_control */
        pid_t pid;
        pid_t owner;  /* the process that called enter(); only it cleans up in backend_free() */
        pid_t watchdog; /* its cleanup watchdog, 0 = none */
        bool checked; /* backend_check() passed; enter() runs it itself otherwise */
};

extern const BackendVTable backend_none_vtable;
extern const BackendVTable backend_cgroupfs_vtable;
extern const BackendVTable backend_systemd_vtable;

/* A cgroup directive and the cgroup v2 controller it needs ("devices" = the BPF device program,
 * NULL = no controller); soft = statistics only (…Accounting=), never a reason to refuse. */
typedef struct CgroupDirectiveInfo {
        const char *name;
        const char *controller;
        bool soft;
        bool systemd_only; /* only the system manager can apply it (BPF firewall): cgroupfs and --user refuse */
} CgroupDirectiveInfo;
const CgroupDirectiveInfo *cgroup_directive_info(const char *name);

/* What the plan's values ask of a cgroup v2 hierarchy: (directive, controller) pairs. The device program is
 * not included (devbpf_needed()). */
typedef struct BackendRequirement {
        const char *directive;
        const char *controller;
        bool soft; /* …Accounting=: statistics only */
} BackendRequirement;
size_t backend_requirements(const SandboxPlan *p, BackendRequirement *v, size_t max);

/* The origin of a set directive in the plan, or NULL. */
const DirectiveOrigin *backend_plan_origin(const SandboxPlan *p, const char *name);

/* "webapp-1a2b3c4d" for unit "webapp.unit"; unit names are reduced to [A-Za-z0-9_.:-]. */
char *backend_make_name(const SandboxPlan *p);

/* Percentages resolved as systemd does (physical_memory_scale(), system_tasks_max_scale()). */
uint64_t backend_memory_scale(uint32_t permyriad);
uint64_t backend_tasks_scale(uint32_t permyriad);
uint64_t backend_resolve_limit(const CGroupLimit *l, bool tasks);

/* cgroup v2 discovery: mount point from /proc/self/mountinfo, own path from /proc/self/cgroup ("0::").
 * -ENOMEDIUM: no cgroup2 mount; -EPROTONOSUPPORT: only cgroup v1. */
int cgroup2_find(char **ret_mount, char **ret_own_dir);

/* Small file helpers. */
int read_one_line(const char *path, char **ret);
int write_string(const char *path, const char *s);

/* cgroupfs: kill everything in dir (first_signal, then SIGKILL after grace_ms when both are > 0), wait for
 * "populated 0", remove dir and its subdirectories. A missing dir counts as done. */
int cgroupfs_kill_and_remove(const char *dir, int first_signal, unsigned grace_ms);

/* cgroupfs: send sig to every process in dir and below; returns how many were signalled. */
int cgroupfs_signal_all(const char *dir, int sig);

/* systemd: the sandbox-*.scope units of the manager o->bus selects (appended to *v); stop/kill one. */
int systemd_list_scopes(const BackendOptions *o, SandboxInfo **v, size_t *n);
int systemd_stop_scope(const BackendOptions *o, const SandboxInfo *s, int signo);
/* systemd: FreezeUnit/ThawUnit and KillUnit(name, "all", signo) on the scope; log their failures. */
int systemd_freeze_scope(const SandboxInfo *s, bool freeze);
int systemd_kill_scope(const SandboxInfo *s, int signo);

/* A detached process ("sbx-watchdog", its own session, outside the sandbox's cgroup) that waits for the
 * watched pid to exit and then removes the sandbox: cgroupfs kills and removes cgroup_dir and the registry
 * entry, systemd SIGKILLs what is left in the scope. This is what cleans up when sandboxctl itself is
 * SIGKILLed (its payload's daemons would otherwise outlive it), and, when sandboxctl became the payload, when
 * the payload exits leaving background processes. Idempotent: after a normal backend_finish() it finds
 * nothing to do. Strings are copied by fork(). */
typedef struct BackendWatchdog {
        const char *cgroup_dir;
        const char *state_file;
        const char *scope;
        bool user;
} BackendWatchdog;
int backend_watchdog_spawn(const BackendWatchdog *w, pid_t watched, pid_t *ret_pid);
/* In the first child of the watchdog's double fork: forks the watchdog, writes its pid to report_fd and
 * exits; returns only in the watchdog, detached (own session, default signals, /dev/null as stdio). */
void backend_watchdog_detach(int report_fd);
/* In the watchdog: returns once the watched process is gone (its pidfd readable), or on an error. */
void backend_watchdog_wait(int pidfd);
/* In a watchdog (a fork of sandboxctl): make /proc/self/cmdline read "sbx-watchdog". */
void backend_watchdog_set_cmdline(void);

/* Registry of running sandboxes (list/status/stop). */
int registry_dir(char **ret);
int registry_write(const Backend *b, const SandboxPlan *p, pid_t pid);
void registry_remove(Backend *b);

/* The none backend's check, also used to phrase refusals: every set WHERE_CGROUP directive is an error
 * (…Accounting= only a warning). */
/* requested: --backend=none was given (rather than picked by auto because nothing else works). */
int backend_check_cgroup_directives_none(const SandboxPlan *p, bool requested, DiagList *diags);
