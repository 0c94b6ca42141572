/* SPDX-License-Identifier: MIT */
/* bench-export-bpf [--per-directive] UNIT DIR: compiles the unit's seccomp programs with sandboxctl's own
 * compiler and writes what sandboxctl loads (the merged program, seccomp-merge.c) as raw struct sock_filter to
 * DIR/NN.bpf, in load order, so bwrap (--add-seccomp-fd) runs under exactly the filters sandboxctl loads.
 * --per-directive writes the unmerged programs instead (one per directive, as systemd loads them). Prints
 * the file names. */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "plan-build.h"
#include "seccomp-merge.h"
#include "syscall-filter.h"
#include "unit-file.h"

int main(int argc, char **argv) {
        _cleanup_(unit_freep) Unit *u = NULL;
        _cleanup_(sandbox_plan_freep) SandboxPlan *p = NULL;
        _cleanup_(syscall_filter_set_freep) SyscallFilterSet *s = NULL, *merged = NULL;
        bool per_directive = argc > 1 && strcmp(argv[1], "--per-directive") == 0;
        DiagList diags = {};
        int r;

        if (per_directive) {
                argc--;
                argv++;
        }
        if (argc != 3) {
                fprintf(stderr, "usage: bench-export-bpf [--per-directive] UNIT DIR\n");
                return 2;
        }
        unit_file_init();
        r = unit_load(argv[1], &diags, &u);
        if (r >= 0)
                r = plan_build(u, &(PlanBuildOptions) {}, &diags, &p);
        if (r >= 0)
                r = syscall_filter_compile(p, &diags, &s);
        diag_list_print(&diags, stderr);
        diag_list_done(&diags);
        if (r < 0)
                return 1;

        if (!per_directive && syscall_filter_set_merge(s, &merged) >= 0) {
                syscall_filter_set_free(s);
                s = TAKE_PTR(merged);
        }
        for (size_t i = 0; i < s->n; i++) {
                char path[4096];
                int fd;

                snprintf(path, sizeof(path), "%s/%02zu.bpf", argv[2], i);
                fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
                if (fd < 0) {
                        perror(path);
                        return 1;
                }
                if (write(fd, s->items[i].insns, s->items[i].n_insns * sizeof(struct sock_filter)) < 0) {
                        perror(path);
                        return 1;
                }
                (void) close(fd);
                printf("%s %s\n", path, s->items[i].directive);
        }
        return 0;
}
