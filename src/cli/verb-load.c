/* SPDX-License-Identifier: MIT */
#include "diag.h"
#include "log.h"
#include "plan-build.h"
#include "strv.h"
#include "timing.h"
#include "verb-load.h"
#include "verbs.h"

static int load_internal(const char *name, bool masked_ok, Unit **ret_unit, SandboxPlan **ret_plan) {
        _cleanup_(unit_freep) Unit *u = NULL;
        _cleanup_(sandbox_plan_freep) SandboxPlan *p = NULL;
        DiagList diags = {};
        unsigned i = 0;
        int r;

        r = unit_load(name, &diags, &u);
        if (r >= 0)
                STRV_FOREACH(a, arg_properties) {
                        r = unit_add_override(u, *a, ++i, &diags);
                        if (r < 0)
                                break;
                }
        if (r == -ERFKILL && masked_ok) {
                /* A masked unit (a symlink to /dev/null) is not invalid: systemd simply refuses to start it. */
                for (size_t k = 0; k < diags.n; k++)
                        diags.items[k].warning = true;
                diag_list_print(&diags, stderr);
                diag_list_done(&diags);
                return 0;
        }
        timing_mark("parse");
        if (r >= 0 && ret_plan)
                r = plan_build(u, &(PlanBuildOptions) { .strict = arg_strict }, &diags, &p);
        if (ret_plan)
                timing_mark("plan");
        diag_list_print(&diags, stderr);
        diag_list_done(&diags);
        if (r < 0)
                return r;

        if (ret_unit)
                *ret_unit = TAKE_PTR(u);
        if (ret_plan)
                *ret_plan = TAKE_PTR(p);
        return 0;
}

int load_unit_and_plan(const char *name, Unit **ret_unit, SandboxPlan **ret_plan) {
        return load_internal(name, false, ret_unit, ret_plan);
}

int load_unit_and_plan_masked_ok(const char *name, SandboxPlan **ret_plan) {
        return load_internal(name, true, NULL, ret_plan);
}
