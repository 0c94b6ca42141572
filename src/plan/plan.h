/* SPDX-License-Identifier: MIT */
#pragma once

/* SandboxPlan: the typed, validated meaning of a unit file. Built once by plan_build() from a Unit and the
 * directive table, then never modified: compile/, backend/ and exec/ only read it. Every field has
 * systemd's default when the directive is unset; `set` flags exist where "unset" differs from any value.
 *
 * Ownership: every pointer in here is owned by the plan and freed by sandbox_plan_free(). */

#include <stdbool.h>
#include <stdint.h>
#include <sys/resource.h>
#include <sys/types.h>

#include "diag.h"
#include "macro.h"

#define CGROUP_LIMIT_MAX UINT64_MAX /* "infinity" */

/* Where a directive takes effect. */
typedef enum DirectiveWhere {
        WHERE_UNIT,    /* [Unit] metadata: Description=, Documentation=, … */
        WHERE_CGROUP,  /* cgroup backend: scope property or cgroup v2 file */
        WHERE_EXEC,    /* in-process exec setup: namespaces, mounts, creds, caps, seccomp */
        WHERE_COMMAND, /* ExecStart= */
        WHERE_IGNORED, /* service-only keys (Type=, Restart=, …): warned as ignored */
        _WHERE_MAX,
        _WHERE_INVALID = -EINVAL,
} DirectiveWhere;

typedef enum ProtectSystem {
        PROTECT_SYSTEM_NO,
        PROTECT_SYSTEM_YES,
        PROTECT_SYSTEM_FULL,
        PROTECT_SYSTEM_STRICT,
        _PROTECT_SYSTEM_MAX,
        _PROTECT_SYSTEM_INVALID = -EINVAL,
} ProtectSystem;

typedef enum ProtectHome {
        PROTECT_HOME_NO,
        PROTECT_HOME_YES,
        PROTECT_HOME_READ_ONLY,
        PROTECT_HOME_TMPFS,
        _PROTECT_HOME_MAX,
        _PROTECT_HOME_INVALID = -EINVAL,
} ProtectHome;

typedef enum ProtectProc {
        PROTECT_PROC_DEFAULT,
        PROTECT_PROC_NOACCESS,
        PROTECT_PROC_INVISIBLE,
        PROTECT_PROC_PTRACEABLE,
        _PROTECT_PROC_MAX,
        _PROTECT_PROC_INVALID = -EINVAL,
} ProtectProc;

typedef enum ProcSubset {
        PROC_SUBSET_ALL,
        PROC_SUBSET_PID,
        _PROC_SUBSET_MAX,
        _PROC_SUBSET_INVALID = -EINVAL,
} ProcSubset;

typedef enum ProtectControlGroups {
        PROTECT_CONTROL_GROUPS_NO,
        PROTECT_CONTROL_GROUPS_YES,     /* /sys/fs/cgroup read-only */
        PROTECT_CONTROL_GROUPS_PRIVATE, /* systemd ≥ 257: cgroup namespace, writable */
        PROTECT_CONTROL_GROUPS_STRICT,  /* systemd ≥ 257: cgroup namespace, read-only */
        _PROTECT_CONTROL_GROUPS_MAX,
        _PROTECT_CONTROL_GROUPS_INVALID = -EINVAL,
} ProtectControlGroups;

typedef enum DevicePolicy {
        DEVICE_POLICY_AUTO,
        DEVICE_POLICY_CLOSED,
        DEVICE_POLICY_STRICT,
        _DEVICE_POLICY_MAX,
        _DEVICE_POLICY_INVALID = -EINVAL,
} DevicePolicy;

typedef enum KeyringMode {
        KEYRING_MODE_INHERIT,
        KEYRING_MODE_PRIVATE,
        KEYRING_MODE_SHARED,
        _KEYRING_MODE_MAX,
        _KEYRING_MODE_INVALID = -EINVAL,
} KeyringMode;

typedef enum OOMPolicy {
        OOM_POLICY_CONTINUE,
        OOM_POLICY_STOP,
        OOM_POLICY_KILL,
        _OOM_POLICY_MAX,
        _OOM_POLICY_INVALID = -EINVAL,
} OOMPolicy;

/* A path from ReadOnlyPaths=, ReadWritePaths=, InaccessiblePaths=, ExecPaths=, NoExecPaths=,
 * EnvironmentFile=, … with systemd's prefixes. */
typedef struct PathSpec {
        char *path;          /* absolute, normalized (no "//", no trailing "/") */
        bool ignore_missing; /* '-' prefix */
        bool below_root;     /* '+' prefix: relative to RootDirectory= */
} PathSpec;

typedef struct PathSpecList {
        PathSpec *items;
        size_t n;
} PathSpecList;

/* BindPaths= / BindReadOnlyPaths=: "[-]SRC[:DST[:OPTS]]". */
typedef struct BindSpec {
        char *source;
        char *destination; /* = source when omitted */
        bool ignore_missing;
        bool recursive; /* rbind (default) vs norbind */
        bool read_only;
} BindSpec;

typedef struct BindSpecList {
        BindSpec *items;
        size_t n;
} BindSpecList;

/* TemporaryFileSystem=: "PATH[:OPTIONS]". */
typedef struct TmpfsSpec {
        char *path;
        char *options; /* NULL = default "nodev,strictatime,mode=0755" */
} TmpfsSpec;

typedef struct TmpfsSpecList {
        TmpfsSpec *items;
        size_t n;
} TmpfsSpecList;

/* DeviceAllow=: path as written (after specifier expansion) plus access bits. */
#define DEVICE_ACCESS_READ 1u
#define DEVICE_ACCESS_WRITE 2u
#define DEVICE_ACCESS_MKNOD 4u
#define DEVICE_ACCESS_ALL 7u
typedef struct DeviceRule {
        char *path;      /* "/dev/null", "char-pts", "block-*", "char-195", "/dev/char/1:3" */
        unsigned access; /* DEVICE_ACCESS_* mask, never 0 */
} DeviceRule;

typedef struct DeviceRuleList {
        DeviceRule *items;
        size_t n;
} DeviceRuleList;

/* IODeviceWeight=, IO{Read,Write}{Bandwidth,IOPS}Max=, IODeviceLatencyTargetSec=: "PATH VALUE". */
typedef struct IODeviceValue {
        char *path;
        uint64_t value; /* weight, bytes/s (base 1000), IOPS, or µs; CGROUP_LIMIT_MAX = infinity */
} IODeviceValue;

typedef struct IODeviceValueList {
        IODeviceValue *items;
        size_t n;
} IODeviceValueList;

/* A memory or tasks limit: absolute or a fraction of RAM / of the system's task limit. */
typedef struct CGroupLimit {
        bool set;
        bool is_scale;      /* true: `permyriad` applies, resolved by the backend (systemd: *Scale property) */
        uint32_t permyriad; /* 0..10000 */
        uint64_t value;     /* bytes or tasks; CGROUP_LIMIT_MAX = infinity */
} CGroupLimit;

/* A CPU set (AllowedCPUs=, AllowedMemoryNodes=) as a bitmask of 1024 bits. */
#define CPU_SET_BITS 1024
typedef struct CpuSetSpec {
        bool set;
        uint64_t bits[CPU_SET_BITS / 64];
} CpuSetSpec;

typedef struct CGroupPart {
        bool cpu_accounting, memory_accounting, io_accounting, tasks_accounting;
        uint64_t cpu_weight, startup_cpu_weight; /* CPU_WEIGHT_UNSET = unset; CPU_WEIGHT_IDLE = "idle" */
        uint64_t cpu_quota_per_sec_usec;         /* CGROUP_LIMIT_MAX = no quota */
        uint64_t cpu_quota_period_usec;          /* CGROUP_LIMIT_MAX = default (100ms) */
        CpuSetSpec allowed_cpus, allowed_memory_nodes;
        CGroupLimit memory_min, memory_low, memory_high, memory_max, memory_swap_max;
        CGroupLimit tasks_max;
        uint64_t io_weight, startup_io_weight; /* 0 = unset */
        IODeviceValueList io_device_weight;
        IODeviceValueList io_read_bandwidth_max, io_write_bandwidth_max;
        IODeviceValueList io_read_iops_max, io_write_iops_max;
        IODeviceValueList io_device_latency_target_usec;
        DevicePolicy device_policy;
        DeviceRuleList device_allow;
        bool delegate;
        char **ip_address_allow, **ip_address_deny; /* prefixes as written; parsed only */
        OOMPolicy oom_policy;
        bool oom_policy_set;
} CGroupPart;
#define CPU_WEIGHT_IDLE UINT64_C(0)
#define CPU_WEIGHT_UNSET UINT64_MAX

/* A syscall filter entry after @group expansion. */
#define SECCOMP_ERRNO_DEFAULT (-1) /* use SystemCallErrorNumber= / the filter's default action */
#define SECCOMP_ERRNO_KILL (-2)    /* ":kill" */
#define SECCOMP_ERRNO_ALLOW (-3)   /* explicitly allowed (allow-list entry) */
typedef struct SyscallEntry {
        char *name;  /* syscall name as libseccomp knows it */
        int action;  /* errno 0..4095 or SECCOMP_ERRNO_* */
} SyscallEntry;

typedef struct SyscallSet {
        bool set;        /* false: no filter at all */
        bool allow_list; /* decided by the first non-empty assignment */
        SyscallEntry *items; /* sorted by name, unique */
        size_t n;
} SyscallSet;

typedef struct RLimitSpec {
        bool set;
        rlim_t soft, hard; /* RLIM_INFINITY for infinity */
} RLimitSpec;

#define SANDBOX_RLIMIT_MAX 16 /* RLIMIT_NLIMITS on Linux */

typedef struct ExecPart {
        /* namespaces */
        bool private_tmp, private_network, private_users, private_ipc, private_mounts, private_devices;
        bool private_pids; /* systemd ≥ 257 PrivatePIDs= */
        bool protect_hostname, protect_clock;
        bool protect_kernel_tunables, protect_kernel_modules, protect_kernel_logs;
        ProtectControlGroups protect_control_groups;
        ProtectSystem protect_system;
        ProtectHome protect_home;
        ProtectProc protect_proc;
        ProcSubset proc_subset;
        char *root_directory; /* NULL = / */
        char *root_image;     /* NULL = none; parsed only (start refuses it) */
        bool mount_api_vfs, mount_api_vfs_set;

        PathSpecList read_write_paths, read_only_paths, inaccessible_paths, exec_paths, no_exec_paths;
        TmpfsSpecList temporary_file_system;
        BindSpecList bind_paths; /* BindPaths= and BindReadOnlyPaths= in assignment order, read_only marks the latter */

        /* capabilities: bit N = capability N */
        bool capability_bounding_set_set;
        uint64_t capability_bounding_set; /* after implied drops (PrivateDevices=, ProtectKernel*=, …) */
        uint64_t ambient_capabilities;
        bool no_new_privileges;         /* as configured */
        bool no_new_privileges_implied; /* a seccomp-based option is used (applies only without CAP_SYS_ADMIN) */

        /* seccomp-based */
        SyscallSet system_call_filter;
        int system_call_error_number; /* SECCOMP_ERRNO_KILL (default) or errno */
        char **system_call_architectures; /* names as given ("native", "x86-64", …), validated */
        SyscallSet system_call_log;       /* allow_list=true: log only these */
        bool restrict_address_families_set;
        bool restrict_address_families_allow_list;
        uint64_t restrict_address_families; /* bit N = AF N (AF_MAX < 64) */
        bool restrict_namespaces_set;
        unsigned long restrict_namespaces_allowed; /* mask of CLONE_NEW* flags still allowed */
        bool lock_personality, memory_deny_write_execute, restrict_realtime, restrict_suid_sgid;

        /* credentials and process attributes */
        char *user, *group; /* NULL = unchanged (the invoking user) */
        char **supplementary_groups;
        bool dynamic_user;
        mode_t umask;
        bool umask_set;
        char **environment;        /* "KEY=VALUE", later assignments override earlier ones */
        PathSpecList environment_files;
        char **unset_environment;  /* "KEY" or "KEY=VALUE" */
        char **pass_environment;   /* names */
        char *working_directory;   /* NULL = "/" (root) or home; "~" = home of User= */
        bool working_directory_missing_ok;
        RLimitSpec rlimits[SANDBOX_RLIMIT_MAX];
        KeyringMode keyring_mode;
        bool remove_ipc;
        int personality; /* -1 = unset */
        char *apparmor_profile;  bool apparmor_profile_ignore;
        char *selinux_context;   bool selinux_context_ignore;
} ExecPart;

/* ExecStart= command line with systemd's prefixes. */
#define EXEC_COMMAND_IGNORE_FAILURE (1u << 0) /* '-' */
#define EXEC_COMMAND_FULLY_PRIVILEGED (1u << 1) /* '+': no exec sandbox */
#define EXEC_COMMAND_NO_ENV_EXPAND (1u << 2) /* ':' */
#define EXEC_COMMAND_NO_SETUID (1u << 3) /* '!' */
#define EXEC_COMMAND_AMBIENT_MAGIC (1u << 4) /* '!!' */
typedef struct ExecCommand {
        char *path;   /* absolute */
        char **argv;  /* argv[0] may differ from path with the '@' prefix */
        unsigned flags;
        char *file;   /* owned copy: where it was written, for diagnostics */
        unsigned line;
} ExecCommand;

/* Which directives were set, and where: for `start` refusals, `show`, and diagnostics. */
typedef struct DirectiveOrigin {
        const char *name; /* borrowed from the directive table */
        char *file;
        unsigned line;
} DirectiveOrigin;

typedef struct SandboxPlan {
        char *unit_name;    /* "webapp.unit" */
        char *unit_path;    /* main file */
        char *description;
        char **documentation;
        bool default_dependencies;

        CGroupPart cgroup;
        ExecPart exec;

        ExecCommand *exec_start;
        size_t n_exec_start;

        DirectiveOrigin *set; /* one entry per directive with a non-reset value, in table order */
        size_t n_set;
} SandboxPlan;

/* A plan with systemd's defaults for every field (what plan_build() starts from). */
SandboxPlan *sandbox_plan_new(void);
SandboxPlan *sandbox_plan_free(SandboxPlan *p);
DEFINE_TRIVIAL_CLEANUP_FUNC(SandboxPlan *, sandbox_plan_free);

/* True when the directive `name` was set (non-empty) in the unit; ret_origin borrowed. */
bool sandbox_plan_has(const SandboxPlan *p, const char *name, const DirectiveOrigin **ret_origin);

/* True when the exec part asks for anything at all (namespaces, mounts, caps, seccomp, creds). */
bool exec_part_is_empty(const ExecPart *e);
bool cgroup_part_is_empty(const CGroupPart *c);
