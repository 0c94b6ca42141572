/* SPDX-License-Identifier: MIT */
/* No cgroup backend: exec-side sandboxing only. Any cgroup directive is refused (fail closed). */
#include "backend-internal.h"

static int none_open(Backend *b, char **ret_why) {
        free(b->description);
        b->description = xstrdup("none");
        return 0;
}

static int none_check(Backend *b, const SandboxPlan *p, DiagList *diags) {
        return backend_check_cgroup_directives_none(p, b->options.kind == BACKEND_NONE, diags);
}

static int none_enter(Backend *b, const SandboxPlan *p, pid_t pid) {
        return 0;
}

static int none_finish(Backend *b) {
        return 0;
}

const BackendVTable backend_none_vtable = {
        .kind = BACKEND_NONE,
        .needs_supervisor = false,
        .open = none_open,
        .check = none_check,
        .enter = none_enter,
        .finish = none_finish,
};
