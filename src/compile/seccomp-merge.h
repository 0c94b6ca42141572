/* SPDX-License-Identifier: MIT */
#pragma once

/* The seccomp programs of a SyscallFilterSet, merged into as few programs as the kernel's length limit
 * allows, with the same verdict for every system call as the stacked originals (seccomp-merge.c says how).
 * Loading one program instead of one per directive saves the kernel a JIT compilation and allocation each. */

#include "syscall-filter.h"

/* The "directive" of a merged program (SyscallFilter.directive). */
#define SECCOMP_MERGED_NAME "merged seccomp program"

/* 0 and the merged set (items named SECCOMP_MERGED_NAME); -EALREADY when there is nothing to gain
 * (fewer than two programs), -EOPNOTSUPP when a program uses what the merge reserves, -E2BIG when one is
 * too long to embed. The caller then loads the programs as they are. */
int syscall_filter_set_merge(const SyscallFilterSet *s, SyscallFilterSet **ret);
