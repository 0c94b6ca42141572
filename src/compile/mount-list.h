/* SPDX-License-Identifier: MIT */
#pragma once

/* ProtectSystem=/ProtectHome=/PrivateTmp=/PrivateDevices=/Read*Paths=/InaccessiblePaths=/Bind*Paths=/
 * TemporaryFileSystem=/ProtectKernel*=/ProtectControlGroups=/ProtectProc=/ProcSubset= → an ordered list of
 * mount operations, compiled in the parent before anything changes (compile), applied in the child inside
 * its new mount namespace (apply). */

#include <stdbool.h>
#include <stdio.h>

#include "diag.h"
#include "plan.h"

typedef struct MountList MountList;

/* True when the plan needs a private mount namespace (systemd's exec_needs_mount_namespace()). */
bool mount_list_needed(const SandboxPlan *p);

/* Builds and validates the list: checks that every path without '-' exists (reporting FILE:LINE of the
 * directive through diags), sorts parents first, drops what is shadowed. No side effects. Returns -EINVAL
 * with diagnostics when a path is missing or the combination is impossible. */
int mount_list_compile(const SandboxPlan *p, DiagList *diags, MountList **ret);
MountList *mount_list_free(MountList *m);
DEFINE_TRIVIAL_CLEANUP_FUNC(MountList *, mount_list_free);

/* Prints one line per operation ("bind-ro /usr", "tmpfs /tmp", …) for --dry-run and -v. */
void mount_list_dump(const MountList *m, FILE *f);

/* Runs in the child, after unshare(CLONE_NEWNS) (and CLONE_NEWUSER when PrivateUsers=): makes "/" a
 * MS_SLAVE|MS_REC tree, applies every operation in order, and leaves the process in the final root.
 * Must not allocate after fork beyond what is unavoidable; must not log. On failure returns a negative errno
 * and sets *ret_failed_path (borrowed from the list) to the path it failed on. */
int mount_list_apply(const MountList *m, const char **ret_failed_path);
