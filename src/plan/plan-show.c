/* SPDX-License-Identifier: MIT */
/* `show` and `show --json`: the plan as text or JSON. One value per directive that was set (SandboxPlan.set,
 * in table order), grouped by where it takes effect. Every value is printed in the directive's own syntax,
 * so that "KEY=VALUE" lines made from the output load again into the same plan; the JSON schema and the
 * rule for writing it back are in man/sandboxctl-json.txt. */
#include <assert.h>
#include <inttypes.h>
#include <stddef.h>
#include <sys/personality.h>
#include <sys/resource.h>

#include "directive.h"
#include "json-out.h"
#include "names.h"
#include "plan-build.h"
#include "strv.h"

typedef enum ShowType {
        SHOW_BOOL,
        SHOW_STRING,       /* char *, the whole value */
        SHOW_STRV_WORDS,   /* char **, a whitespace-separated list: items are quoted when needed */
        SHOW_ENUM,         /* int; extra selects the name table */
        SHOW_WEIGHT,       /* uint64_t; CPU_WEIGHT_IDLE prints "idle" when extra is set */
        SHOW_CPU_QUOTA,    /* uint64_t µs per s */
        SHOW_USEC,         /* uint64_t time span; UINT64_MAX prints "infinity" */
        SHOW_CPU_SET,      /* CpuSetSpec */
        SHOW_LIMIT,        /* CGroupLimit */
        SHOW_IO_LIST,      /* IODeviceValueList; extra = IO_* */
        SHOW_DEVICE_ALLOW, /* DeviceRuleList */
        SHOW_PATH_LIST,    /* PathSpecList, word list */
        SHOW_ENV_FILES,    /* PathSpecList, one per assignment */
        SHOW_TMPFS,        /* TmpfsSpecList */
        SHOW_BIND,         /* BindSpecList; extra = read_only items */
        SHOW_CAPS,         /* uint64_t capability mask */
        SHOW_SYSCALLS,     /* SyscallSet; extra: @default is implicit in allow-lists */
        SHOW_SYSCALL_LOG,  /* SyscallSet of SystemCallLog=: actions are "log" / "allow" */
        SHOW_ERRNO,        /* int, SECCOMP_ERRNO_KILL or errno */
        SHOW_AF,           /* ExecPart.restrict_address_families* */
        SHOW_NAMESPACES,   /* ExecPart.restrict_namespaces* */
        SHOW_UMASK,        /* mode_t */
        SHOW_WORKDIR,      /* ExecPart.working_directory + _missing_ok */
        SHOW_RLIMIT,       /* RLimitSpec[extra] */
        SHOW_PERSONALITY,  /* int */
        SHOW_PREFIXED,     /* char * followed by its "ignore" bool ('-' prefix): extra = offset of the bool */
        SHOW_EXEC,         /* SandboxPlan.exec_start */
} ShowType;

enum {
        ENUM_SHOW_DEVICE_POLICY,
        ENUM_SHOW_OOM_POLICY,
        ENUM_SHOW_PROTECT_SYSTEM,
        ENUM_SHOW_PROTECT_HOME,
        ENUM_SHOW_PROTECT_PROC,
        ENUM_SHOW_PROC_SUBSET,
        ENUM_SHOW_PROTECT_CONTROL_GROUPS,
        ENUM_SHOW_KEYRING_MODE,
};

enum {
        IO_SHOW_NUMBER,  /* weights, IOPS: plain numbers */
        IO_SHOW_BYTES,   /* bandwidth: bytes (infinity) */
        IO_SHOW_USEC,    /* latency: time span */
};

static const char *const *const enum_tables[] = {
        [ENUM_SHOW_DEVICE_POLICY] = (const char *const[]) { "auto", "closed", "strict", NULL },
        [ENUM_SHOW_OOM_POLICY] = (const char *const[]) { "continue", "stop", "kill", NULL },
        [ENUM_SHOW_PROTECT_SYSTEM] = (const char *const[]) { "no", "yes", "full", "strict", NULL },
        [ENUM_SHOW_PROTECT_HOME] = (const char *const[]) { "no", "yes", "read-only", "tmpfs", NULL },
        [ENUM_SHOW_PROTECT_PROC] = (const char *const[]) { "default", "noaccess", "invisible", "ptraceable", NULL },
        [ENUM_SHOW_PROC_SUBSET] = (const char *const[]) { "all", "pid", NULL },
        [ENUM_SHOW_PROTECT_CONTROL_GROUPS] = (const char *const[]) { "no", "yes", "private", "strict", NULL },
        [ENUM_SHOW_KEYRING_MODE] = (const char *const[]) { "inherit", "private", "shared", NULL },
};

typedef struct ShowField {
        const char *name;
        ShowType type;
        size_t offset; /* into SandboxPlan */
        size_t extra;
} ShowField;

#define U(f) offsetof(SandboxPlan, f)
#define C(f) offsetof(SandboxPlan, cgroup.f)
#define E(f) offsetof(SandboxPlan, exec.f)

/* How each directive's value is found in the plan and printed. Keyed by name, not by table row, so that it
 * stays independent of the directive table's order; tests/unit/test-show-json.sh checks that every row of
 * the directive table is covered. */
static const ShowField show_fields[] = {
        /* [Unit] */
        { "Description",              SHOW_STRING,      U(description) },
        { "Documentation",            SHOW_STRV_WORDS,  U(documentation) },
        { "DefaultDependencies",      SHOW_BOOL,        U(default_dependencies) },

        /* cgroup */
        { "CPUAccounting",            SHOW_BOOL,        C(cpu_accounting) },
        { "MemoryAccounting",         SHOW_BOOL,        C(memory_accounting) },
        { "IOAccounting",             SHOW_BOOL,        C(io_accounting) },
        { "TasksAccounting",          SHOW_BOOL,        C(tasks_accounting) },
        { "CPUWeight",                SHOW_WEIGHT,      C(cpu_weight), true },
        { "StartupCPUWeight",         SHOW_WEIGHT,      C(startup_cpu_weight), true },
        { "CPUQuota",                 SHOW_CPU_QUOTA,   C(cpu_quota_per_sec_usec) },
        { "CPUQuotaPeriodSec",        SHOW_USEC,        C(cpu_quota_period_usec) },
        { "AllowedCPUs",              SHOW_CPU_SET,     C(allowed_cpus) },
        { "AllowedMemoryNodes",       SHOW_CPU_SET,     C(allowed_memory_nodes) },
        { "MemoryMin",                SHOW_LIMIT,       C(memory_min) },
        { "MemoryLow",                SHOW_LIMIT,       C(memory_low) },
        { "MemoryHigh",               SHOW_LIMIT,       C(memory_high) },
        { "MemoryMax",                SHOW_LIMIT,       C(memory_max) },
        { "MemoryLimit",              SHOW_LIMIT,       C(memory_max) },
        { "MemorySwapMax",            SHOW_LIMIT,       C(memory_swap_max) },
        { "TasksMax",                 SHOW_LIMIT,       C(tasks_max) },
        { "IOWeight",                 SHOW_WEIGHT,      C(io_weight) },
        { "StartupIOWeight",          SHOW_WEIGHT,      C(startup_io_weight) },
        { "IODeviceWeight",           SHOW_IO_LIST,     C(io_device_weight), IO_SHOW_NUMBER },
        { "IOReadBandwidthMax",       SHOW_IO_LIST,     C(io_read_bandwidth_max), IO_SHOW_BYTES },
        { "IOWriteBandwidthMax",      SHOW_IO_LIST,     C(io_write_bandwidth_max), IO_SHOW_BYTES },
        { "IOReadIOPSMax",            SHOW_IO_LIST,     C(io_read_iops_max), IO_SHOW_NUMBER },
        { "IOWriteIOPSMax",           SHOW_IO_LIST,     C(io_write_iops_max), IO_SHOW_NUMBER },
        { "IODeviceLatencyTargetSec", SHOW_IO_LIST,     C(io_device_latency_target_usec), IO_SHOW_USEC },
        { "DevicePolicy",             SHOW_ENUM,        C(device_policy), ENUM_SHOW_DEVICE_POLICY },
        { "DeviceAllow",              SHOW_DEVICE_ALLOW, C(device_allow) },
        { "Delegate",                 SHOW_BOOL,        C(delegate) },
        { "IPAddressAllow",           SHOW_STRV_WORDS,  C(ip_address_allow) },
        { "IPAddressDeny",            SHOW_STRV_WORDS,  C(ip_address_deny) },
        { "OOMPolicy",                SHOW_ENUM,        C(oom_policy), ENUM_SHOW_OOM_POLICY },

        /* exec: namespaces and mounts */
        { "PrivateTmp",               SHOW_BOOL,        E(private_tmp) },
        { "PrivateNetwork",           SHOW_BOOL,        E(private_network) },
        { "PrivateUsers",             SHOW_BOOL,        E(private_users) },
        { "PrivateIPC",               SHOW_BOOL,        E(private_ipc) },
        { "PrivateMounts",            SHOW_BOOL,        E(private_mounts) },
        { "PrivateDevices",           SHOW_BOOL,        E(private_devices) },
        { "PrivatePIDs",              SHOW_BOOL,        E(private_pids) },
        { "ProtectHostname",          SHOW_BOOL,        E(protect_hostname) },
        { "ProtectClock",             SHOW_BOOL,        E(protect_clock) },
        { "ProtectKernelTunables",    SHOW_BOOL,        E(protect_kernel_tunables) },
        { "ProtectKernelModules",     SHOW_BOOL,        E(protect_kernel_modules) },
        { "ProtectKernelLogs",        SHOW_BOOL,        E(protect_kernel_logs) },
        { "ProtectControlGroups",     SHOW_ENUM,        E(protect_control_groups), ENUM_SHOW_PROTECT_CONTROL_GROUPS },
        { "ProtectSystem",            SHOW_ENUM,        E(protect_system), ENUM_SHOW_PROTECT_SYSTEM },
        { "ProtectHome",              SHOW_ENUM,        E(protect_home), ENUM_SHOW_PROTECT_HOME },
        { "ProtectProc",              SHOW_ENUM,        E(protect_proc), ENUM_SHOW_PROTECT_PROC },
        { "ProcSubset",               SHOW_ENUM,        E(proc_subset), ENUM_SHOW_PROC_SUBSET },
        { "RootDirectory",            SHOW_STRING,      E(root_directory) },
        { "RootImage",                SHOW_STRING,      E(root_image) },
        { "MountAPIVFS",              SHOW_BOOL,        E(mount_api_vfs) },
        { "ReadWritePaths",           SHOW_PATH_LIST,   E(read_write_paths) },
        { "ReadOnlyPaths",            SHOW_PATH_LIST,   E(read_only_paths) },
        { "InaccessiblePaths",        SHOW_PATH_LIST,   E(inaccessible_paths) },
        { "ExecPaths",                SHOW_PATH_LIST,   E(exec_paths) },
        { "NoExecPaths",              SHOW_PATH_LIST,   E(no_exec_paths) },
        { "TemporaryFileSystem",      SHOW_TMPFS,       E(temporary_file_system) },
        { "BindPaths",                SHOW_BIND,        E(bind_paths), false },
        { "BindReadOnlyPaths",        SHOW_BIND,        E(bind_paths), true },

        /* exec: capabilities and seccomp */
        { "CapabilityBoundingSet",    SHOW_CAPS,        E(capability_bounding_set) },
        { "AmbientCapabilities",      SHOW_CAPS,        E(ambient_capabilities) },
        { "NoNewPrivileges",          SHOW_BOOL,        E(no_new_privileges) },
        { "SystemCallFilter",         SHOW_SYSCALLS,    E(system_call_filter), true },
        { "SystemCallErrorNumber",    SHOW_ERRNO,       E(system_call_error_number) },
        { "SystemCallArchitectures",  SHOW_STRV_WORDS,  E(system_call_architectures) },
        { "SystemCallLog",            SHOW_SYSCALL_LOG, E(system_call_log) },
        { "RestrictAddressFamilies",  SHOW_AF,          0 },
        { "RestrictNamespaces",       SHOW_NAMESPACES,  0 },
        { "LockPersonality",          SHOW_BOOL,        E(lock_personality) },
        { "MemoryDenyWriteExecute",   SHOW_BOOL,        E(memory_deny_write_execute) },
        { "RestrictRealtime",         SHOW_BOOL,        E(restrict_realtime) },
        { "RestrictSUIDSGID",         SHOW_BOOL,        E(restrict_suid_sgid) },

        /* exec: credentials and process attributes */
        { "User",                     SHOW_STRING,      E(user) },
        { "Group",                    SHOW_STRING,      E(group) },
        { "SupplementaryGroups",      SHOW_STRV_WORDS,  E(supplementary_groups) },
        { "DynamicUser",              SHOW_BOOL,        E(dynamic_user) },
        { "UMask",                    SHOW_UMASK,       E(umask) },
        { "Environment",              SHOW_STRV_WORDS,  E(environment) },
        { "EnvironmentFile",          SHOW_ENV_FILES,   E(environment_files) },
        { "UnsetEnvironment",         SHOW_STRV_WORDS,  E(unset_environment) },
        { "PassEnvironment",          SHOW_STRV_WORDS,  E(pass_environment) },
        { "WorkingDirectory",         SHOW_WORKDIR,     0 },
        { "LimitCPU",                 SHOW_RLIMIT,      0, RLIMIT_CPU },
        { "LimitFSIZE",               SHOW_RLIMIT,      0, RLIMIT_FSIZE },
        { "LimitDATA",                SHOW_RLIMIT,      0, RLIMIT_DATA },
        { "LimitSTACK",               SHOW_RLIMIT,      0, RLIMIT_STACK },
        { "LimitCORE",                SHOW_RLIMIT,      0, RLIMIT_CORE },
        { "LimitRSS",                 SHOW_RLIMIT,      0, RLIMIT_RSS },
        { "LimitNOFILE",              SHOW_RLIMIT,      0, RLIMIT_NOFILE },
        { "LimitAS",                  SHOW_RLIMIT,      0, RLIMIT_AS },
        { "LimitNPROC",               SHOW_RLIMIT,      0, RLIMIT_NPROC },
        { "LimitMEMLOCK",             SHOW_RLIMIT,      0, RLIMIT_MEMLOCK },
        { "LimitLOCKS",               SHOW_RLIMIT,      0, RLIMIT_LOCKS },
        { "LimitSIGPENDING",          SHOW_RLIMIT,      0, RLIMIT_SIGPENDING },
        { "LimitMSGQUEUE",            SHOW_RLIMIT,      0, RLIMIT_MSGQUEUE },
        { "LimitNICE",                SHOW_RLIMIT,      0, RLIMIT_NICE },
        { "LimitRTPRIO",              SHOW_RLIMIT,      0, RLIMIT_RTPRIO },
        { "LimitRTTIME",              SHOW_RLIMIT,      0, RLIMIT_RTTIME },
        { "KeyringMode",              SHOW_ENUM,        E(keyring_mode), ENUM_SHOW_KEYRING_MODE },
        { "RemoveIPC",                SHOW_BOOL,        E(remove_ipc) },
        { "Personality",              SHOW_PERSONALITY, E(personality) },
        { "AppArmorProfile",          SHOW_PREFIXED,    E(apparmor_profile), E(apparmor_profile_ignore) },
        { "SELinuxContext",           SHOW_PREFIXED,    E(selinux_context), E(selinux_context_ignore) },

        /* command */
        { "ExecStart",                SHOW_EXEC,        0 },
};

static const ShowField *show_field_lookup(const char *name) {
        for (size_t i = 0; i < ELEMENTSOF(show_fields); i++)
                if (streq(show_fields[i].name, name))
                        return &show_fields[i];
        return NULL;
}

#define FIELD(p, f, type) ((type const *) ((const char *) (p) + (f)->offset))

/* A value ready to print: a boolean, one string, a list of strings, or a syscall set. Strings are in the
 * directive's syntax (quoted where the directive splits words). */
typedef enum ValueType {
        VALUE_BOOL,
        VALUE_STRING,
        VALUE_LIST,     /* one word per item, joined with spaces in text */
        VALUE_LINES,    /* one assignment per item */
        VALUE_SYSCALLS,
} ValueType;

typedef struct Value {
        ValueType type;
        bool b;
        char *s;
        char **l;
        const SyscallSet *syscalls;
        char **syscalls_removed; /* allow-list: @default members not in the list (they get the default action) */
        bool syscalls_log;       /* SystemCallLog=: entries are logged (allow-list) or exempt (deny-list) */
} Value;

/* Not a seccomp action of the plan: "log this syscall" (SystemCallLog= allow-list entries). */
#define SHOW_ACTION_LOG (-100)

static void value_done(Value *v) {
        free(v->s);
        strv_free(v->l);
        strv_free(v->syscalls_removed);
}

/* The set's items are sorted by name (values.c keeps them so). */
static bool syscall_set_contains(const SyscallSet *s, const char *name) {
        size_t lo = 0, hi = s->n;

        while (lo < hi) {
                size_t mid = lo + (hi - lo) / 2;
                int c = strcmp(s->items[mid].name, name);

                if (c == 0)
                        return true;
                if (c < 0)
                        lo = mid + 1;
                else
                        hi = mid;
        }
        return false;
}

/* SystemCallFilter= adds @default to every allow-list implicitly (values.c), so a "~execve" in an allow-list
 * is only visible as a @default member that is missing. Report those explicitly, with the default action:
 * that is what the filter does with them, and it keeps the output loadable. */
static char **allow_list_removed_defaults(const SyscallSet *s) {
        _cleanup_strv_free_ char **d = NULL, **removed = NULL;

        if (syscall_group_expand("@default", /* known_only= */ true, &d) < 0)
                return NULL;
        STRV_FOREACH(n, d)
                if (!syscall_set_contains(s, *n))
                        strv_extend(&removed, *n);
        strv_sort(removed);
        return TAKE_PTR(removed);
}

/* Calls f for the entries of the set and the removed @default members, merged by name. */
typedef void (*SyscallVisit)(void *userdata, const char *name, int action);

static void syscalls_foreach(const Value *v, SyscallVisit f, void *userdata) {
        const SyscallSet *s = v->syscalls;
        char * const *r = v->syscalls_removed;
        size_t i = 0;

        while (i < s->n || (r && *r)) {
                if (r && *r && (i >= s->n || strcmp(*r, s->items[i].name) < 0)) {
                        f(userdata, *r, SECCOMP_ERRNO_DEFAULT);
                        r++;
                } else {
                        int action = s->items[i].action;

                        if (v->syscalls_log)
                                action = s->allow_list ? SHOW_ACTION_LOG : SECCOMP_ERRNO_ALLOW;
                        f(userdata, s->items[i].name, action);
                        i++;
                }
        }
}

/* Words of list directives go through systemd's extract_first_word(EXTRACT_UNQUOTE): quote the ones that
 * would otherwise be split or unquoted. */
static char *quote_word(const char *w) {
        size_t n = 0;
        char *q, *t;

        if (!isempty(w) && !w[strcspn(w, " \t\n\r\"'\\")])
                return xstrdup(w);

        for (const char *p = w; *p; p++)
                n += (*p == '"' || *p == '\\' || *p == '\n' || *p == '\t' || *p == '\r') ? 2 : 1;
        q = t = xmalloc(n + 3);
        *t++ = '"';
        for (const char *p = w; *p; p++) {
                switch (*p) {
                case '"':
                case '\\':
                        *t++ = '\\';
                        *t++ = *p;
                        break;
                case '\n':
                        *t++ = '\\';
                        *t++ = 'n';
                        break;
                case '\t':
                        *t++ = '\\';
                        *t++ = 't';
                        break;
                case '\r':
                        *t++ = '\\';
                        *t++ = 'r';
                        break;
                default:
                        *t++ = *p;
                }
        }
        *t++ = '"';
        *t = '\0';
        return q;
}

static void list_add_word(char ***l, const char *w) {
        strv_consume(l, quote_word(w));
}

/* "50%", "50.5%", or "5055‱" when the value needs hundredths of a percent. */
static char *format_permyriad(uint64_t p) {
        if (p % 100 == 0)
                return xasprintf("%" PRIu64 "%%", p / 100);
        if (p % 10 == 0)
                return xasprintf("%" PRIu64 ".%" PRIu64 "%%", p / 100, (p % 100) / 10);
        return xasprintf("%" PRIu64 "‱", p);
}

/* An exact time span that parse_sec() reads back: "1h 30min", "1s 500ms", "250us". */
static char *format_usec(uint64_t u) {
        static const struct {
                const char *suffix;
                uint64_t usec;
        } units[] = {
                { "d", UINT64_C(86400000000) },
                { "h", UINT64_C(3600000000) },
                { "min", UINT64_C(60000000) },
                { "s", UINT64_C(1000000) },
                { "ms", UINT64_C(1000) },
                { "us", UINT64_C(1) },
        };
        char buf[128] = "";
        size_t n = 0;

        if (u == UINT64_MAX)
                return xstrdup("infinity");
        if (u == 0)
                return xstrdup("0");
        for (size_t i = 0; i < ELEMENTSOF(units) && u > 0; i++) {
                uint64_t k = u / units[i].usec;

                if (k == 0)
                        continue;
                u -= k * units[i].usec;
                n += (size_t) snprintf(buf + n, sizeof(buf) - n, "%s%" PRIu64 "%s", n > 0 ? " " : "", k,
                                       units[i].suffix);
        }
        return xstrdup(buf);
}

static char *format_u64_or_infinity(uint64_t v) {
        if (v == UINT64_MAX)
                return xstrdup("infinity");
        return xasprintf("%" PRIu64, v);
}

static char *format_cpu_set(const CpuSetSpec *c) {
        _cleanup_strv_free_ char **l = NULL;

        for (unsigned i = 0; i < CPU_SET_BITS;) {
                unsigned j;

                if (!(c->bits[i / 64] & (UINT64_C(1) << (i % 64)))) {
                        i++;
                        continue;
                }
                for (j = i; j + 1 < CPU_SET_BITS && (c->bits[(j + 1) / 64] & (UINT64_C(1) << ((j + 1) % 64))); j++)
                        ;
                strv_consume(&l, j == i ? xasprintf("%u", i) : xasprintf("%u-%u", i, j));
                i = j + 1;
        }
        return l ? strv_join(l, " ") : xstrdup("");
}

static char *format_path_spec(const PathSpec *s) {
        _cleanup_free_ char *t = xasprintf("%s%s%s", s->ignore_missing ? "-" : "", s->below_root ? "+" : "", s->path);

        return quote_word(t);
}

static char *format_exec_command(const ExecCommand *c) {
        _cleanup_strv_free_ char **words = NULL;
        _cleanup_free_ char *first = NULL;
        bool at = c->argv && c->argv[0] && !streq(c->argv[0], c->path);

        first = xasprintf("%s%s%s%s%s%s",
                          at ? "@" : "",
                          c->flags & EXEC_COMMAND_IGNORE_FAILURE ? "-" : "",
                          c->flags & EXEC_COMMAND_NO_ENV_EXPAND ? ":" : "",
                          c->flags & EXEC_COMMAND_FULLY_PRIVILEGED ? "+" : "",
                          c->flags & EXEC_COMMAND_AMBIENT_MAGIC ? "!!" :
                          c->flags & EXEC_COMMAND_NO_SETUID ? "!" : "",
                          c->path);
        strv_consume(&words, quote_word(first));
        if (c->argv)
                for (char **a = at ? c->argv : c->argv + 1; *a; a++) {
                        /* a lone ";" separates commands in ExecStart=; keep it a word */
                        if (streq(*a, ";"))
                                strv_extend(&words, "\\;");
                        else
                                list_add_word(&words, *a);
                }
        return strv_join(words, " ");
}

static char *format_rlimit_value(rlim_t v) {
        if (v == RLIM_INFINITY)
                return xstrdup("infinity");
        return xasprintf("%" PRIu64, (uint64_t) v);
}

static const char *personality_name(int p) {
        /* systemd's personality_to_string() spellings on x86-64 */
        if (p == PER_LINUX)
                return "x86-64";
        if (p == PER_LINUX32)
                return "x86";
        return NULL;
}

static const char *syscall_action_to_string(int action, char buf[static 16]) {
        const char *n;

        switch (action) {
        case SECCOMP_ERRNO_ALLOW:
                return "allow";
        case SECCOMP_ERRNO_DEFAULT:
                return "default";
        case SECCOMP_ERRNO_KILL:
                return "kill";
        case SHOW_ACTION_LOG:
                return "log";
        }
        n = errno_to_name(action);
        if (n)
                return n;
        snprintf(buf, 16, "%d", action);
        return buf;
}

/* Fills v for the field. Returns false when the plan does not hold a value for it (nothing to show). */
static bool field_value(const SandboxPlan *p, const ShowField *f, Value *ret) {
        Value v = { .type = VALUE_STRING };

        switch (f->type) {
        case SHOW_BOOL:
                v.type = VALUE_BOOL;
                v.b = *FIELD(p, f, bool);
                break;

        case SHOW_STRING: {
                const char *s = *FIELD(p, f, char *);

                if (!s)
                        return false;
                v.s = xstrdup(s);
                break;
        }

        case SHOW_STRV_WORDS:
                v.type = VALUE_LIST;
                STRV_FOREACH(s, *FIELD(p, f, char **))
                        list_add_word(&v.l, *s);
                break;

        case SHOW_ENUM: {
                int e = *FIELD(p, f, int);
                const char *const *t = enum_tables[f->extra];
                int n = 0;

                while (t[n])
                        n++;
                if (e < 0 || e >= n)
                        return false;
                v.s = xstrdup(t[e]);
                break;
        }

        case SHOW_WEIGHT: {
                uint64_t w = *FIELD(p, f, uint64_t);

                if (w == CPU_WEIGHT_UNSET)
                        return false;
                if (f->extra && w == CPU_WEIGHT_IDLE)
                        v.s = xstrdup("idle");
                else
                        v.s = xasprintf("%" PRIu64, w);
                break;
        }

        case SHOW_CPU_QUOTA: {
                uint64_t u = *FIELD(p, f, uint64_t);

                if (u == CGROUP_LIMIT_MAX)
                        v.s = xstrdup("");
                else if (u % 100 == 0) /* 1% = 10000 µs per second: the quota is a permyriad ×100 µs */
                        v.s = format_permyriad(u / 100);
                else
                        v.s = xasprintf("%" PRIu64 ".%04" PRIu64 "%%", u / 10000, u % 10000);
                break;
        }

        case SHOW_USEC: {
                uint64_t u = *FIELD(p, f, uint64_t);

                /* CPUQuotaPeriodSec=: UINT64_MAX means "the default", written as an empty value */
                v.s = u == UINT64_MAX ? xstrdup("") : format_usec(u);
                break;
        }

        case SHOW_CPU_SET: {
                const CpuSetSpec *c = FIELD(p, f, CpuSetSpec);

                if (!c->set)
                        return false;
                v.s = format_cpu_set(c);
                break;
        }

        case SHOW_LIMIT: {
                const CGroupLimit *l = FIELD(p, f, CGroupLimit);

                if (!l->set)
                        return false;
                if (l->is_scale)
                        v.s = format_permyriad(l->permyriad);
                else
                        v.s = format_u64_or_infinity(l->value);
                break;
        }

        case SHOW_IO_LIST: {
                const IODeviceValueList *l = FIELD(p, f, IODeviceValueList);

                v.type = VALUE_LINES;
                for (size_t i = 0; i < l->n; i++) {
                        _cleanup_free_ char *val = NULL, *path = quote_word(l->items[i].path);

                        if (f->extra == IO_SHOW_USEC)
                                val = format_usec(l->items[i].value);
                        else
                                val = format_u64_or_infinity(l->items[i].value);
                        strv_consume(&v.l, xasprintf("%s %s", path, val));
                }
                break;
        }

        case SHOW_DEVICE_ALLOW: {
                const DeviceRuleList *l = FIELD(p, f, DeviceRuleList);

                v.type = VALUE_LINES;
                for (size_t i = 0; i < l->n; i++) {
                        unsigned a = l->items[i].access;

                        strv_consume(&v.l, xasprintf("%s %s%s%s", l->items[i].path,
                                                     a & DEVICE_ACCESS_READ ? "r" : "",
                                                     a & DEVICE_ACCESS_WRITE ? "w" : "",
                                                     a & DEVICE_ACCESS_MKNOD ? "m" : ""));
                }
                break;
        }

        case SHOW_PATH_LIST: {
                const PathSpecList *l = FIELD(p, f, PathSpecList);

                v.type = VALUE_LIST;
                for (size_t i = 0; i < l->n; i++)
                        strv_consume(&v.l, format_path_spec(&l->items[i]));
                break;
        }

        case SHOW_ENV_FILES: {
                const PathSpecList *l = FIELD(p, f, PathSpecList);

                v.type = VALUE_LINES;
                for (size_t i = 0; i < l->n; i++)
                        strv_consume(&v.l, xasprintf("%s%s", l->items[i].ignore_missing ? "-" : "", l->items[i].path));
                break;
        }

        case SHOW_TMPFS: {
                const TmpfsSpecList *l = FIELD(p, f, TmpfsSpecList);

                v.type = VALUE_LIST;
                for (size_t i = 0; i < l->n; i++) {
                        _cleanup_free_ char *t = l->items[i].options ?
                                xasprintf("%s:%s", l->items[i].path, l->items[i].options) :
                                xstrdup(l->items[i].path);

                        list_add_word(&v.l, t);
                }
                break;
        }

        case SHOW_BIND: {
                const BindSpecList *l = FIELD(p, f, BindSpecList);

                v.type = VALUE_LIST;
                for (size_t i = 0; i < l->n; i++) {
                        const BindSpec *b = &l->items[i];
                        _cleanup_free_ char *t = NULL;

                        if (b->read_only != (bool) f->extra)
                                continue;
                        if (!b->recursive)
                                t = xasprintf("%s%s:%s:norbind", b->ignore_missing ? "-" : "", b->source,
                                              b->destination ?: b->source);
                        else if (b->destination && !streq(b->destination, b->source))
                                t = xasprintf("%s%s:%s", b->ignore_missing ? "-" : "", b->source, b->destination);
                        else
                                t = xasprintf("%s%s", b->ignore_missing ? "-" : "", b->source);
                        list_add_word(&v.l, t);
                }
                break;
        }

        case SHOW_CAPS: {
                uint64_t m = *FIELD(p, f, uint64_t);

                v.type = VALUE_LIST;
                for (int c = 0; c < 64; c++) {
                        if (!(m & (UINT64_C(1) << c)))
                                continue;
                        if (capability_to_name(c))
                                strv_extend(&v.l, capability_to_name(c));
                        else
                                strv_consume(&v.l, xasprintf("%d", c));
                }
                break;
        }

        case SHOW_SYSCALLS:
        case SHOW_SYSCALL_LOG: {
                const SyscallSet *s = FIELD(p, f, SyscallSet);

                if (!s->set)
                        return false;
                v.type = VALUE_SYSCALLS;
                v.syscalls = s;
                v.syscalls_log = f->type == SHOW_SYSCALL_LOG;
                if (s->allow_list && f->extra)
                        v.syscalls_removed = allow_list_removed_defaults(s);
                break;
        }

        case SHOW_ERRNO: {
                int e = *FIELD(p, f, int);
                char buf[16];

                v.s = xstrdup(e == SECCOMP_ERRNO_KILL ? "kill" : syscall_action_to_string(e, buf));
                break;
        }

        case SHOW_AF: {
                const ExecPart *e = &p->exec;
                _cleanup_strv_free_ char **l = NULL;

                if (!e->restrict_address_families_set)
                        return false;
                for (int af = 1; af < 64; af++)
                        if ((e->restrict_address_families & (UINT64_C(1) << af)) && af_to_name(af))
                                strv_extend(&l, af_to_name(af));
                if (e->restrict_address_families_allow_list)
                        v.s = l ? strv_join(l, " ") : xstrdup("none");
                else {
                        _cleanup_free_ char *j = strv_join(l, " ");

                        v.s = xasprintf("~%s", j ?: "");
                }
                break;
        }

        case SHOW_NAMESPACES: {
                const ExecPart *e = &p->exec;
                unsigned long allowed = e->restrict_namespaces_allowed & NAMESPACE_FLAGS_ALL;
                _cleanup_strv_free_ char **l = NULL;

                if (!e->restrict_namespaces_set)
                        return false;
                if (allowed == NAMESPACE_FLAGS_ALL)
                        v.s = xstrdup("no");
                else if (allowed == 0)
                        v.s = xstrdup("yes");
                else {
                        /* in systemd's order, not bit order */
                        static const char *const ns[] = { "cgroup", "ipc", "net", "mnt", "pid", "user", "uts" };

                        for (size_t k = 0; k < ELEMENTSOF(ns); k++)
                                if (allowed & namespace_flag_from_name(ns[k]))
                                        strv_extend(&l, ns[k]);
                        v.s = strv_join(l, " ");
                }
                break;
        }

        case SHOW_UMASK:
                if (!p->exec.umask_set)
                        return false;
                v.s = xasprintf("%04o", (unsigned) p->exec.umask);
                break;

        case SHOW_WORKDIR:
                if (!p->exec.working_directory)
                        return false;
                v.s = xasprintf("%s%s", p->exec.working_directory_missing_ok ? "-" : "", p->exec.working_directory);
                break;

        case SHOW_RLIMIT: {
                const RLimitSpec *r;

                if (f->extra >= SANDBOX_RLIMIT_MAX)
                        return false;
                r = &p->exec.rlimits[f->extra];
                if (!r->set)
                        return false;
                if (r->soft == r->hard)
                        v.s = format_rlimit_value(r->soft);
                else {
                        _cleanup_free_ char *s = format_rlimit_value(r->soft), *h = format_rlimit_value(r->hard);

                        v.s = xasprintf("%s:%s", s, h);
                }
                break;
        }

        case SHOW_PERSONALITY: {
                int pers = *FIELD(p, f, int);

                if (pers < 0 || !personality_name(pers))
                        return false;
                v.s = xstrdup(personality_name(pers));
                break;
        }

        case SHOW_PREFIXED: {
                const char *s = *FIELD(p, f, char *);
                bool ignore = *(const bool *) ((const char *) p + f->extra);

                if (!s)
                        return false;
                v.s = xasprintf("%s%s", ignore ? "-" : "", s);
                break;
        }

        case SHOW_EXEC:
                v.type = VALUE_LINES;
                for (size_t i = 0; i < p->n_exec_start; i++)
                        strv_consume(&v.l, format_exec_command(&p->exec_start[i]));
                break;
        }

        *ret = v;
        return true;
}

static DirectiveWhere origin_where(const DirectiveOrigin *o) {
        const Directive *d = directive_lookup(o->name);

        return d ? d->where : WHERE_IGNORED;
}

static bool origin_enforced(const DirectiveOrigin *o) {
        const Directive *d = directive_lookup(o->name);

        return d && d->enforced;
}

static const char *const where_titles[_WHERE_MAX] = {
        [WHERE_UNIT] = "Unit metadata",
        [WHERE_CGROUP] = "Cgroup (backend)",
        [WHERE_EXEC] = "Exec (in-process)",
        [WHERE_COMMAND] = "Command",
        [WHERE_IGNORED] = "Ignored",
};

static const char *const where_keys[_WHERE_MAX] = {
        [WHERE_UNIT] = "unit",
        [WHERE_CGROUP] = "cgroup",
        [WHERE_EXEC] = "exec",
        [WHERE_COMMAND] = "command",
        [WHERE_IGNORED] = "ignored",
};

typedef struct TextSyscalls {
        FILE *f;
        bool allow_list;
        bool others; /* second pass: the "~name[:action]" items of an allow-list */
        bool first;
} TextSyscalls;

static void text_syscall_one(void *userdata, const char *name, int action) {
        TextSyscalls *t = userdata;
        char buf[16];

        bool plain = action == SECCOMP_ERRNO_ALLOW || action == SHOW_ACTION_LOG;

        if (t->allow_list && plain == t->others)
                return;
        fprintf(t->f, "%s%s%s", t->first ? "" : " ", t->allow_list && t->others ? "~" : "", name);
        if (!plain && action != SECCOMP_ERRNO_DEFAULT)
                fprintf(t->f, ":%s", syscall_action_to_string(action, buf));
        t->first = false;
}

/* One assignment that loads back: an allow-list's members plain, then "~name[:action]" for the rest; a
 * deny-list as "~name[:action] …". */
static void text_syscalls(const Value *v, FILE *f) {
        TextSyscalls t = { .f = f, .allow_list = v->syscalls->allow_list, .first = true };

        if (!t.allow_list)
                fputc('~', f);
        syscalls_foreach(v, text_syscall_one, &t);
        if (t.allow_list) {
                t.others = true;
                syscalls_foreach(v, text_syscall_one, &t);
        }
}

void plan_show_text(const SandboxPlan *p, FILE *f) {
        assert(p);
        assert(f);

        fprintf(f, "Unit: %s\n", p->unit_name ?: "n/a");
        fprintf(f, "File: %s\n", p->unit_path ?: "n/a");

        for (DirectiveWhere w = 0; w < _WHERE_MAX; w++) {
                bool header = false;

                for (size_t i = 0; i < p->n_set; i++) {
                        const DirectiveOrigin *o = &p->set[i];
                        const ShowField *sf;
                        _cleanup_free_ char *where = NULL;
                        Value v;

                        if (origin_where(o) != w)
                                continue;
                        if (!header) {
                                fprintf(f, "\n%s:\n", where_titles[w]);
                                header = true;
                        }
                        where = xasprintf("# %s:%u, %s", o->file ?: "?", o->line,
                                          w == WHERE_IGNORED ? "ignored" :
                                          origin_enforced(o) ? "enforced" : "parsed only");

                        sf = show_field_lookup(o->name);
                        if (!sf || !field_value(p, sf, &v)) {
                                fprintf(f, "  %s=  %s\n", o->name, where);
                                continue;
                        }
                        switch (v.type) {
                        case VALUE_BOOL:
                                fprintf(f, "  %s=%s  %s\n", o->name, v.b ? "yes" : "no", where);
                                break;
                        case VALUE_STRING:
                                fprintf(f, "  %s=%s  %s\n", o->name, v.s, where);
                                break;
                        case VALUE_LIST: {
                                _cleanup_free_ char *j = strv_join(v.l, " ");

                                fprintf(f, "  %s=%s  %s\n", o->name, j ?: "", where);
                                break;
                        }
                        case VALUE_LINES:
                                if (!v.l)
                                        fprintf(f, "  %s=  %s\n", o->name, where);
                                STRV_FOREACH(s, v.l)
                                        fprintf(f, "  %s=%s  %s\n", o->name, *s, where);
                                break;
                        case VALUE_SYSCALLS:
                                fprintf(f, "  %s=", o->name);
                                text_syscalls(&v, f);
                                fprintf(f, "  %s\n", where);
                                break;
                        }
                        value_done(&v);
                }
        }
}

static void json_syscall_one(void *userdata, const char *name, int action) {
        JsonOut *j = userdata;
        char buf[16];

        json_out_begin_object(j);
        json_out_key(j, "name");
        json_out_string(j, name);
        json_out_key(j, "action");
        json_out_string(j, syscall_action_to_string(action, buf));
        json_out_end_object(j);
}

static void json_syscalls(JsonOut *j, const Value *v) {
        json_out_begin_object(j);
        json_out_key(j, "mode");
        json_out_string(j, v->syscalls->allow_list ? "allow" : "deny");
        json_out_key(j, "entries");
        json_out_begin_array(j);
        syscalls_foreach(v, json_syscall_one, j);
        json_out_end_array(j);
        json_out_end_object(j);
}

static void json_value(JsonOut *j, const Value *v) {
        switch (v->type) {
        case VALUE_BOOL:
                json_out_bool(j, v->b);
                break;
        case VALUE_STRING:
                json_out_string(j, v->s);
                break;
        case VALUE_LIST:
        case VALUE_LINES:
                json_out_begin_array(j);
                STRV_FOREACH(s, v->l)
                        json_out_string(j, *s);
                json_out_end_array(j);
                break;
        case VALUE_SYSCALLS:
                json_syscalls(j, v);
                break;
        }
}

void plan_show_json(const SandboxPlan *p, FILE *f) {
        JsonOut j;

        assert(p);
        assert(f);

        json_out_init(&j, f);
        json_out_begin_object(&j);
        json_out_key(&j, "name");
        json_out_string(&j, p->unit_name);
        json_out_key(&j, "path");
        json_out_string(&j, p->unit_path);

        for (DirectiveWhere w = 0; w < _WHERE_MAX; w++) {
                if (w == WHERE_IGNORED)
                        continue;
                json_out_key(&j, where_keys[w]);
                json_out_begin_object(&j);
                for (size_t i = 0; i < p->n_set; i++) {
                        const DirectiveOrigin *o = &p->set[i];
                        const ShowField *sf;
                        Value v;

                        if (origin_where(o) != w)
                                continue;
                        sf = show_field_lookup(o->name);
                        if (!sf || !field_value(p, sf, &v))
                                continue;
                        json_out_key(&j, o->name);
                        json_value(&j, &v);
                        value_done(&v);
                }
                json_out_end_object(&j);
        }

        json_out_key(&j, "origins");
        json_out_begin_object(&j);
        for (size_t i = 0; i < p->n_set; i++) {
                const DirectiveOrigin *o = &p->set[i];

                json_out_key(&j, o->name);
                json_out_begin_object(&j);
                json_out_key(&j, "file");
                json_out_string(&j, o->file);
                json_out_key(&j, "line");
                json_out_uint(&j, o->line);
                json_out_key(&j, "where");
                json_out_string(&j, where_keys[origin_where(o)]);
                json_out_key(&j, "enforced");
                json_out_bool(&j, origin_enforced(o));
                json_out_end_object(&j);
        }
        json_out_end_object(&j);

        json_out_end_object(&j);
        json_out_finish(&j);
}
