/* SPDX-License-Identifier: MIT */
/* The read-only verbs: verify, show, cat. */
#include "backend.h"
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
        else {
                _cleanup_(backend_freep) Backend *b = NULL;

                plan_show_text(p, stdout);
                /* Which backend `start` would use here, with the same options: probing creates nothing. */
                if (backend_open(&arg_backend, &b) >= 0)
                        printf("\nBackend: %s\n", backend_describe(b));
        }
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
