/* SPDX-License-Identifier: MIT */
#pragma once

/* The seccomp-based directives → a list of classic-BPF programs, compiled with libseccomp in the parent before
 * anything changes (crun's "generate"), and loaded in the child with the raw seccomp() syscall, without
 * allocating (exec-seccomp.c, crun's "apply"). One program per directive, in systemd's order (§2.1 step 18 of
 * the spec), SystemCallFilter= last. The kernel evaluates every stacked program and the strictest action
 * wins, so the programs are independent of each other. */

#include <linux/filter.h>
#include <stdbool.h>
#include <stdio.h>

#include "diag.h"
#include "plan.h"

typedef struct SyscallFilter {
        const char *directive;    /* borrowed, static: "SystemCallFilter", "RestrictAddressFamilies", … */
        struct sock_filter *insns; /* owned */
        size_t n_insns;
        size_t n_rules;           /* rules added, for --dry-run/-v */
} SyscallFilter;

typedef struct SyscallFilterSet {
        SyscallFilter *items; /* owned, in load order */
        size_t n;
        bool may_kill; /* some action kills the process (a supervisor should report SIGSYS) */
        /* owned: the same programs merged for loading (seccomp-merge.h), or NULL: load items as they are */
        struct SyscallFilterSet *merged;
} SyscallFilterSet;

/* Compiles every seccomp-based directive of the plan. Problems (an architecture this machine cannot filter,
 * libseccomp failures) are reported at the directive's FILE:LINE and make it return -EINVAL. With nothing to
 * filter, *ret is an empty set. */
int syscall_filter_compile(const SandboxPlan *p, DiagList *diags, SyscallFilterSet **ret);
SyscallFilterSet *syscall_filter_set_free(SyscallFilterSet *s);
DEFINE_TRIVIAL_CLEANUP_FUNC(SyscallFilterSet *, syscall_filter_set_free);

/* One line per program: "seccomp SystemCallFilter: 42 rules, 97 BPF instructions". */
void syscall_filter_set_dump(const SyscallFilterSet *s, FILE *f);
