/* SPDX-License-Identifier: MIT */
#pragma once

/* Value parsers with systemd's syntax (shared/spec/directives.md §1.2–1.7, §2). Two layers:
 *
 *  1. Pure parsers (extract_first_word(), parse_boolean(), parse_size(), parse_sec(), …): no diagnostics,
 *     negative errno on failure, outputs written only on success. Unit-tested in tests/unit/test-values.c.
 *  2. Directive parsers (config_parse_*()): the DirectiveParser functions that the directive table
 *     (directive-table.c) points at. They merge one assignment into the plan field with systemd's
 *     accumulate/reset rules and report problems through directive_error()/directive_warning(), which
 *     prefix the message with the directive name; plan_build() adds FILE:LINE.
 *
 * Specifiers (spec §1.3, §1.5): plan_build() expands them in the whole value before parsing, except for rows
 * marked no_specifiers. Those are (a) list directives whose parser expands each word after splitting, as
 * systemd does (ExecStart=, Environment=, the path lists, BindPaths=, TemporaryFileSystem= (path only),
 * UnsetEnvironment=, PassEnvironment=), so that an expansion containing spaces or quotes stays one word;
 * and (b) values where '%' is literal syntax (MemoryMax=50%, CPUQuota=, TasksMax=), never expanded. */

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>

#include "diag.h"
#include "directive.h"
#include "plan.h"
#include "unit-file.h"

typedef uint64_t usec_t;
#define USEC_INFINITY UINT64_MAX
#define USEC_PER_MSEC UINT64_C(1000)
#define USEC_PER_SEC UINT64_C(1000000)

#define WHITESPACE " \t\n\r"

/* ---- word splitting (§1.3) ---- */

typedef enum ExtractFlags {
        EXTRACT_RELAX = 1u << 0,                    /* unterminated quote / trailing '\' are accepted */
        EXTRACT_CUNESCAPE = 1u << 1,                /* decode C escapes (\n, \x41, \u00e4, …) */
        EXTRACT_UNQUOTE = 1u << 2,                  /* '…' and "…" group and are removed */
        EXTRACT_DONT_COALESCE_SEPARATORS = 1u << 3, /* "a::b" is three words; *p points past one separator */
} ExtractFlags;

/* Extracts the next word from *p. Returns 1 with the word in *ret (owned; may be "" for ""), 0 at the end
 * (*ret = NULL, *p = NULL), -EINVAL on an unterminated quote, a trailing lone backslash or an invalid
 * escape. separators = NULL means whitespace. */
int extract_first_word(const char **p, char **ret, const char *separators, ExtractFlags flags);

/* Decodes one C escape at `p` (the character after the backslash). Returns the number of input
 * characters consumed and the code point in *ret_u, or -EINVAL. NUL is refused. */
int cunescape_one(const char *p, size_t length, uint32_t *ret_u);

/* ---- scalar values ---- */

/* 1 yes y true t on / 0 no n false f off, case-insensitive. Returns 1, 0 or -EINVAL. */
int parse_boolean(const char *v);

/* A decimal size with optional fraction and one of B K M G T P E (base 1024 or 1000); components are
 * summed ("1G 512M"). No negative values, no "KiB". -EINVAL / -ERANGE. */
int parse_size(const char *t, uint64_t base, uint64_t *ret);

/* "N%", "N.N%", "N‰", "N‱" → 0..10000 (permyriad). The unbounded variant allows more than 100%. */
int parse_permyriad(const char *p);
int parse_permyriad_unbounded(const char *p);

/* Time spans: "2h 30min", "1min30s", "1.5s", "infinity". A bare number uses default_unit (µs per unit). */
int parse_time(const char *t, usec_t *ret, usec_t default_unit);
static inline int parse_sec(const char *t, usec_t *ret) {
        return parse_time(t, ret, USEC_PER_SEC);
}

/* Unsigned decimal, no sign, no whitespace, no suffix. */
int safe_atou64(const char *s, uint64_t *ret);
int safe_atou(const char *s, unsigned *ret);

/* Octal file mode 0..07777. */
int parse_mode(const char *s, mode_t *ret);

/* Capabilities, whitespace separated (names or numbers 0..63). Unknown names are an error: the bad word
 * is returned in *ret_bad (owned). */
int capability_set_from_string(const char *s, uint64_t *ret, char **ret_bad);

/* Limit*= value: "VALUE" or "SOFT:HARD" with the per-resource units of §2.6. */
int rlimit_parse(int resource, const char *val, rlim_t *ret_soft, rlim_t *ret_hard);
/* Index → resource and name, for the 16 Limit*= directives. */
int rlimit_from_string(const char *name); /* "NOFILE" → RLIMIT_NOFILE */

/* Path helpers. path_simplify() collapses "//", "/./" and a trailing "/" in place. */
char *path_simplify(char *path);
bool path_is_absolute(const char *p);
bool path_is_normalized(const char *p); /* no "." / ".." components, no "//" */

/* Names: environment variable names and assignments, user/group names or numeric ids. */
bool env_name_is_valid(const char *e);
bool env_assignment_is_valid(const char *e);
bool valid_user_group_name_or_id(const char *u);

/* "0-3 5,7" → bitmask (1024 bits). Merges into *set. */
int parse_cpu_set_extend(const char *s, CpuSetSpec *set);

/* A DeviceAllow= value "PATH [rwm]" → rule (path owned). */
int device_rule_parse(const char *s, DeviceRule *ret);

/* ExecStart= variable expansion, done at exec time on the final environment (systemd's replace_env_argv()):
 * a word that is exactly "$NAME" becomes the variable's value split at whitespace (zero words when unset);
 * inside words "${NAME}", "${NAME:-DEFAULT}" and "${NAME:+ALT}" are substituted and "$$" becomes "$".
 * Not to be called for commands with the ':' prefix (EXEC_COMMAND_NO_ENV_EXPAND). env: "KEY=VALUE". */
char **exec_command_expand_env(char * const *argv, char * const *env);

/* ---- the directive-parser side ---- */

/* What a DirectiveParser sees about the assignment it parses. Created by plan_build() per assignment. */
struct DirectiveContext {
        const Unit *unit;            /* borrowed, for specifier expansion */
        const Directive *directive;  /* borrowed: the table row */
        const char *file;            /* borrowed: where the assignment was written */
        unsigned line;
        DiagList *diags;             /* borrowed: where problems go */
        SandboxPlan *plan;           /* the plan being built (parsers that touch more than one field) */
        unsigned n_errors;           /* errors reported for this assignment */
};

/* Adds an error "NAME=: message" at the assignment; returns -EINVAL. */
int directive_error(DirectiveContext *ctx, const char *fmt, ...) _printf_(2, 3);
void directive_warning(DirectiveContext *ctx, const char *fmt, ...) _printf_(2, 3);
/* Expands specifiers in `in` (unit_specifier_expand()); on failure reports an error and returns it. */
int directive_expand(DirectiveContext *ctx, const char *in, char **ret);

/* Directive parsers. `ltype` of the row selects the variant where noted. */
int config_parse_string(DirectiveContext *ctx, const char *value, void *field);       /* char* */
int config_parse_strv(DirectiveContext *ctx, const char *value, void *field);         /* Documentation= */
int config_parse_bool(DirectiveContext *ctx, const char *value, void *field);         /* ltype: default */
int config_parse_bool_with_set(DirectiveContext *ctx, const char *value, void *field); /* bool + bool _set */
int config_parse_enum(DirectiveContext *ctx, const char *value, void *field);         /* ltype: ENUM_* */
int config_parse_protect_system(DirectiveContext *ctx, const char *value, void *field);
int config_parse_protect_home(DirectiveContext *ctx, const char *value, void *field);
int config_parse_protect_control_groups(DirectiveContext *ctx, const char *value, void *field);
int config_parse_path(DirectiveContext *ctx, const char *value, void *field);         /* absolute path */
int config_parse_path_list(DirectiveContext *ctx, const char *value, void *field);    /* PathSpecList */
int config_parse_environment_file(DirectiveContext *ctx, const char *value, void *field);
int config_parse_bind_paths(DirectiveContext *ctx, const char *value, void *field);   /* ltype: read-only */
int config_parse_temporary_filesystem(DirectiveContext *ctx, const char *value, void *field);
int config_parse_working_directory(DirectiveContext *ctx, const char *value, void *field);
int config_parse_prefixed_string(DirectiveContext *ctx, const char *value, void *field); /* AppArmor, SELinux */
int config_parse_capability_set(DirectiveContext *ctx, const char *value, void *field); /* ltype: bounding */
int config_parse_syscall_filter(DirectiveContext *ctx, const char *value, void *field);
int config_parse_syscall_log(DirectiveContext *ctx, const char *value, void *field);
int config_parse_syscall_errno(DirectiveContext *ctx, const char *value, void *field);
int config_parse_syscall_archs(DirectiveContext *ctx, const char *value, void *field);
int config_parse_address_families(DirectiveContext *ctx, const char *value, void *field);
int config_parse_restrict_namespaces(DirectiveContext *ctx, const char *value, void *field);
int config_parse_user_group(DirectiveContext *ctx, const char *value, void *field);
int config_parse_user_group_strv(DirectiveContext *ctx, const char *value, void *field);
int config_parse_umask(DirectiveContext *ctx, const char *value, void *field);
int config_parse_environ(DirectiveContext *ctx, const char *value, void *field);
int config_parse_unset_environ(DirectiveContext *ctx, const char *value, void *field); /* ltype: names only */
int config_parse_rlimit(DirectiveContext *ctx, const char *value, void *field);       /* ltype: RLIMIT_* */
int config_parse_personality(DirectiveContext *ctx, const char *value, void *field);
int config_parse_exec(DirectiveContext *ctx, const char *value, void *field);
int config_parse_cpu_weight(DirectiveContext *ctx, const char *value, void *field);
int config_parse_io_weight(DirectiveContext *ctx, const char *value, void *field);
int config_parse_cpu_quota(DirectiveContext *ctx, const char *value, void *field);
int config_parse_sec_def_unset(DirectiveContext *ctx, const char *value, void *field); /* CPUQuotaPeriodSec= */
int config_parse_cpu_set(DirectiveContext *ctx, const char *value, void *field);
int config_parse_memory_limit(DirectiveContext *ctx, const char *value, void *field); /* ltype: MEMORY_* */
int config_parse_tasks_max(DirectiveContext *ctx, const char *value, void *field);
int config_parse_io_device(DirectiveContext *ctx, const char *value, void *field);    /* ltype: IO_DEVICE_* */
int config_parse_device_allow(DirectiveContext *ctx, const char *value, void *field);
int config_parse_delegate(DirectiveContext *ctx, const char *value, void *field);
int config_parse_ip_address_list(DirectiveContext *ctx, const char *value, void *field);

/* ltype values. */
enum {
        ENUM_DEVICE_POLICY,
        ENUM_PROTECT_PROC,
        ENUM_PROC_SUBSET,
        ENUM_KEYRING_MODE,
        ENUM_OOM_POLICY,
};

enum {
        MEMORY_LIMIT_MAX_LIKE,  /* empty → infinity; 0 refused (MemoryMax=, MemoryHigh=) */
        MEMORY_LIMIT_SWAP,      /* empty → infinity; 0 allowed */
        MEMORY_LIMIT_MIN_LIKE,  /* empty → 0; 0 allowed (MemoryMin=, MemoryLow=) */
};

enum {
        IO_DEVICE_WEIGHT,
        IO_DEVICE_BANDWIDTH,    /* base-1000 size or infinity */
        IO_DEVICE_IOPS,
        IO_DEVICE_LATENCY,      /* time span */
};

enum {
        CAPABILITY_BOUNDING,    /* empty → empty set; initial value = all */
        CAPABILITY_AMBIENT,     /* empty → empty set; initial value = none */
};

enum {
        UNSET_ENVIRONMENT,      /* names or assignments */
        PASS_ENVIRONMENT,       /* names only */
};

enum {
        IGNORED_SERVICE,        /* service-only or unit-dependency key: "sandboxctl runs a command, not a service" */
        IGNORED_OOMD,           /* ManagedOOM*=: systemd-oomd does not watch sandboxctl commands */
        IGNORED_UNSUPPORTED,    /* a systemd setting sandboxctl does not implement, not a protection: warning
                                 * (an error with --strict, like an unknown key) */
        IGNORED_REFUSED,        /* a systemd protection or limit sandboxctl does not implement: always an error,
                                 * since ignoring it would run the command less confined than the unit asks */
};

/* Deprecated spellings systemd still accepts (ReadOnlyDirectories= → ReadOnlyPaths=, …): the row of the
 * current name, or NULL. */
const Directive *directive_lookup_alias(const char *name);

/* Helpers shared with plan-build.c. */
void device_rule_list_add(DeviceRuleList *l, const char *path, unsigned access);
void path_spec_list_done(PathSpecList *l);
