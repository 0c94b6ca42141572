/* SPDX-License-Identifier: MIT */
#pragma once

/* DeviceAllow=/DevicePolicy= → a BPF_PROG_TYPE_CGROUP_DEVICE program, generated in plain C (no libbpf here:
 * loading and attaching happen in backend/backend-cgroupfs.c). Same logic as systemd's
 * src/core/bpf-devices.c: one block per resolved rule, "allow" when type, major, minor and access match,
 * "deny" when no block matched.
 *
 * Rule resolution (systemd v252 semantics):
 *   /dev/char/MAJ:MIN, /dev/block/MAJ:MIN  parsed directly
 *   /dev/…                                 stat(): must be a char or block node; missing → warning, rule dropped
 *   char-N / block-N                       numeric major, any minor
 *   char-* / block-*                       every device of that type
 *   char-GLOB / block-GLOB                 fnmatch() against the driver names in /proc/devices
 * DevicePolicy=closed (and auto with entries) prepends the static allow list (/dev/null, /dev/zero, /dev/full,
 * /dev/random, /dev/urandom, /dev/tty, /dev/ptmx, /run/systemd/inaccessible/{chr,blk} rwm; char-pts rw). */

#include <linux/bpf.h>
#include <stdbool.h>
#include <stdio.h>

#include "diag.h"
#include "plan.h"

#define DEVBPF_ANY (-1)

typedef struct DevbpfRule {
        char type;       /* 'c' or 'b' */
        int major;       /* DEVBPF_ANY = every major */
        int minor;       /* DEVBPF_ANY = every minor */
        unsigned access; /* DEVICE_ACCESS_* (plan.h) */
} DevbpfRule;

typedef struct DevbpfProgram {
        DevbpfRule *rules; /* owned, in program order */
        size_t n_rules;
        struct bpf_insn *insns; /* owned */
        size_t n_insns;
} DevbpfProgram;

/* True when the plan asks for device filtering at all (DevicePolicy=closed|strict, or auto with entries). */
bool devbpf_needed(const CGroupPart *c);

/* Resolves one DeviceAllow= path to rules (appended to *rules, *n). proc_devices: path of /proc/devices
 * (tests pass a fixture); NULL = "/proc/devices". Returns 0 (possibly adding no rule; ret_warning then
 * explains why, owned by the caller) or -EINVAL for a malformed specification (ret_warning = message). */
int devbpf_resolve_rule(const char *path, unsigned access, const char *proc_devices,
                        DevbpfRule **rules, size_t *n, char **ret_message);

/* Plan → program. Diagnostics (FILE:LINE of DeviceAllow=) go to diags: unresolvable entries are warnings
 * (systemd drops them too: a missing rule only denies more), malformed ones errors (→ -EINVAL).
 * Returns 0 and *ret = NULL when no filtering is needed. */
int devbpf_compile(const SandboxPlan *p, const char *proc_devices, DiagList *diags, DevbpfProgram **ret);

/* Just the code generator, for tests: rules → instructions. */
int devbpf_generate(const DevbpfRule *rules, size_t n_rules, struct bpf_insn **ret_insns, size_t *ret_n);

DevbpfProgram *devbpf_program_free(DevbpfProgram *p);
DEFINE_TRIVIAL_CLEANUP_FUNC(DevbpfProgram *, devbpf_program_free);

/* One line per rule: "allow char 1:3 rwm", "allow block *:* r" (--dry-run, -v, tests). */
void devbpf_program_dump(const DevbpfProgram *p, FILE *f);
/* "rwm" subset for a DEVICE_ACCESS_* mask; buf needs 4 bytes. */
const char *devbpf_access_to_string(unsigned access, char buf[static 4]);
