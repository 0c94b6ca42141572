/* SPDX-License-Identifier: MIT */
/* Fuzz target: unit loader → plan builder → show/--json and the security score, with logging silenced
 * and no side effects (the loader reads a memfd; nothing else touches the system). */
#include <stdint.h>
#include <stdio.h>
#include <sys/mman.h>

#include "diag.h"
#include "log.h"
#include "plan-build.h"
#include "unit-file.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
        _cleanup_(unit_freep) Unit *u = NULL;
        _cleanup_(sandbox_plan_freep) SandboxPlan *p = NULL;
        _cleanup_close_ int fd = -EBADF;
        _cleanup_fclose_ FILE *null = NULL;
        DiagList diags = {};
        char path[64];

        log_set_silent(true);
        unit_file_init();

        fd = memfd_create("fuzz.unit", MFD_CLOEXEC);
        if (fd < 0)
                return 0;
        if (size > 0 && write(fd, data, size) != (ssize_t) size)
                return 0;
        snprintf(path, sizeof path, "/proc/self/fd/%d", fd);

        null = fopen("/dev/null", "we");
        if (unit_load(path, &diags, &u) >= 0 &&
            plan_build(u, &(PlanBuildOptions) {}, &diags, &p) >= 0 && null) {
                plan_show_text(p, null);
                plan_show_json(p, null);
        }
        if (null)
                diag_list_print(&diags, null);
        diag_list_done(&diags);
        return 0;
}
