/* SPDX-License-Identifier: MIT */
#pragma once

/* A cache of compiled seccomp programs, keyed by content: compiling a unit's filters with libseccomp costs
 * milliseconds (the largest single step of `start` for a hardened unit, docs/PERFORMANCE.md), loading the
 * exported BPF back costs microseconds.
 *
 * The key is everything the compiler reads: the whole plan (its `show --json` form), the sandboxctl binary
 * (device, inode, size, mtime: a rebuilt compiler never reuses an old program), libseccomp's version, the
 * native architecture and the current personality, hashed with SHA-256 as it is written. A file holds that
 * digest and is used only when it matches, so the hash in its name only spreads files and a collision of
 * names is just a miss.
 *
 * Files live in a directory only the caller's uid can write: /run/sandboxctl/seccomp/ for root,
 * $XDG_RUNTIME_DIR/sandboxctl/seccomp/ otherwise (no cache without it); both are tmpfs, gone at reboot.
 * Anything unexpected (wrong owner or mode, symlink, short or malformed file) is a miss, never an error:
 * the caller then compiles as if there were no cache. SANDBOXCTL_SECCOMP_CACHE=0 turns it off. */

#include "plan.h"
#include "syscall-filter.h"

/* Returns 1 and the programs on a hit, 0 on a miss (or when the cache is off). */
int seccomp_cache_load(const SandboxPlan *p, SyscallFilterSet **ret);
/* Stores freshly compiled programs; failures are ignored (debug log only). */
void seccomp_cache_store(const SandboxPlan *p, const SyscallFilterSet *s);
