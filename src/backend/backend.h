/* SPDX-License-Identifier: MIT */
#pragma once

/* Cgroup backends behind one small interface (crun's cgroup manager vtable). Only backend/ touches
 * cgroupfs or D-Bus. Lifecycle, called by cli/verb-start.c:
 *
 *   backend_open()     pick and probe (auto: systemd > cgroupfs > none), nothing created yet
 *   backend_check()    refuse what this backend cannot enforce (diagnostics at FILE:LINE), nothing created
 *   backend_enter()    create the scope / cgroup with every limit applied and move `pid` into it
 *   backend_finish()   after the payload is gone: remove what enter() created (kill leftovers first)
 *   backend_free()
 */

#include <stdbool.h>
#include <sys/types.h>

#include "diag.h"
#include "plan.h"

typedef enum BackendKind {
        BACKEND_AUTO,
        BACKEND_SYSTEMD,
        BACKEND_CGROUPFS,
        BACKEND_NONE,
        _BACKEND_KIND_MAX,
        _BACKEND_KIND_INVALID = -EINVAL,
} BackendKind;

typedef enum BusScope {
        BUS_SCOPE_AUTO,   /* system bus as root, user bus otherwise */
        BUS_SCOPE_SYSTEM,
        BUS_SCOPE_USER,
} BusScope;

typedef struct BackendOptions {
        BackendKind kind;
        BusScope bus;
        const char *slice; /* NULL = "sandboxctl.slice" */
} BackendOptions;

typedef struct Backend Backend;

const char *backend_kind_to_string(BackendKind k);
BackendKind backend_kind_from_string(const char *s);

int backend_open(const BackendOptions *o, Backend **ret);
BackendKind backend_kind(const Backend *b);
/* A short human description: "systemd (system bus)", "cgroupfs (/sys/fs/cgroup/unified/…)", "none". */
const char *backend_describe(const Backend *b);
/* True when a supervising parent must stay to clean up after the payload (cgroupfs). */
bool backend_needs_supervisor(const Backend *b);
int backend_check(Backend *b, const SandboxPlan *p, DiagList *diags);
int backend_enter(Backend *b, const SandboxPlan *p, pid_t pid);
int backend_finish(Backend *b);
Backend *backend_free(Backend *b);
DEFINE_TRIVIAL_CLEANUP_FUNC(Backend *, backend_free);
