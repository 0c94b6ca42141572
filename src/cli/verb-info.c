/* SPDX-License-Identifier: MIT */
/* The read-only verbs: verify, show, cat. */
#include "log.h"
#include "plan-build.h"
#include "verb-load.h"
#include "verbs.h"

int verb_verify(int argc, char **argv) {
        int ret = EXIT_OK;

        for (int i = 0; i < argc; i++) {
                _cleanup_(sandbox_plan_freep) SandboxPlan *p = NULL;

                if (load_unit_and_plan_masked_ok(argv[i], &p) < 0)
                        ret = EXIT_INVALID;
        }
        return ret;
}

int verb_show(int argc, char **argv) {
        _cleanup_(sandbox_plan_freep) SandboxPlan *p = NULL;

        if (load_unit_and_plan(argv[0], NULL, &p) < 0)
                return EXIT_INVALID;
        if (arg_json)
                plan_show_json(p, stdout);
        else
                plan_show_text(p, stdout);
        return fflush(stdout) == 0 ? EXIT_OK : EXIT_INVALID;
}

int verb_cat(int argc, char **argv) {
        int ret = EXIT_OK;

        for (int i = 0; i < argc; i++) {
                _cleanup_(unit_freep) Unit *u = NULL;

                if (load_unit_and_plan(argv[i], &u, NULL) < 0) {
                        ret = EXIT_INVALID;
                        continue;
                }
                if (i > 0)
                        putchar('\n');
                if (unit_cat(u, stdout) < 0)
                        ret = EXIT_INVALID;
        }
        return ret;
}
