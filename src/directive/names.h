/* SPDX-License-Identifier: MIT */
#pragma once

/* Name tables: capabilities, errno names, address families, namespaces, syscall groups, seccomp
 * architectures. Pure lookups, shared by the parsers, `show`, `security` and the exec side. */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Capabilities: our own table (CAP_CHOWN=0 … CAP_CHECKPOINT_RESTORE=40), independent of the libcap build.
 * from_name: case-insensitive "CAP_SYS_ADMIN", or a number 0..63; -EINVAL otherwise. */
#define CAPABILITY_TABLE_LAST 40
int capability_from_name(const char *s);
const char *capability_to_name(int cap); /* NULL when not in the table */

/* errno: "EPERM" ↔ 1. from_name also accepts a number 0..4095. -EINVAL otherwise. */
int errno_from_name(const char *s);
const char *errno_to_name(int e);

/* Address families: "AF_INET" ↔ 2 (AF_MAX-bounded). -EINVAL otherwise. */
int af_from_name(const char *s);
const char *af_to_name(int af);

/* Namespace types as in RestrictNamespaces=: "cgroup ipc net mnt pid user uts" ↔ CLONE_NEW*. */
#define NAMESPACE_FLAGS_ALL 0x7e020000UL /* CLONE_NEWCGROUP|NEWIPC|NEWNET|NEWNS|NEWPID|NEWUSER|NEWUTS */
unsigned long namespace_flag_from_name(const char *s); /* 0 when unknown */
const char *namespace_flag_to_name(unsigned long flag);

/* systemd 252's syscall groups (shared/spec/syscall-groups.txt). */
typedef struct SyscallGroup {
        const char *name;    /* "@system-service" */
        const char *help;
        const char *members; /* space-separated syscall names and @group references */
} SyscallGroup;
extern const SyscallGroup syscall_groups[];
extern const size_t syscall_groups_count;
const SyscallGroup *syscall_group_lookup(const char *name);
/* Recursively expands a group into syscall names, appending to *names (no duplicates needed).
 * With known_only, names libseccomp cannot resolve for the native architecture are skipped. */
int syscall_group_expand(const char *group, bool known_only, char ***names);
/* True when libseccomp knows the name on at least one architecture sandboxctl supports. */
bool syscall_name_known(const char *name);

/* SystemCallArchitectures= names ("native", "x86", "x86-64", "x32", "arm64", …) → libseccomp token. */
int seccomp_arch_from_name(const char *name, uint32_t *ret);

/* "Did you mean …?" for the tables above: the closest known name, or NULL when nothing is close.
 * capability_suggest() and af_suggest() also match names written without "CAP_"/"AF_";
 * syscall_suggest() looks among the names of the @known group. */
const char *capability_suggest(const char *s);
const char *errno_suggest(const char *s);
const char *af_suggest(const char *s);
const char *namespace_suggest(const char *s);
const char *syscall_group_suggest(const char *s);
const char *syscall_suggest(const char *s);
const char *seccomp_arch_suggest(const char *s);
