/* SPDX-License-Identifier: MIT */
/* bench-export-bpf UNIT DIR: compiles the unit's seccomp programs with sandboxctl's own compiler and writes each
 * one as raw struct sock_filter to DIR/NN.bpf, in load order, so bwrap (--add-seccomp-fd) runs under exactly
 * the filters sandboxctl loads. Prints the file names. */
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

#include "plan-build.h"
#include "syscall-filter.h"
#include "unit-file.h"

int main(int argc, char **argv) {
        _cleanup_(unit_freep) Unit *u = NULL;
        _cleanup_(sandbox_plan_freep) SandboxPlan *p = NULL;
        _cleanup_(syscall_filter_set_freep) SyscallFilterSet *s = NULL;
        DiagList diags = {};
        int r;

        if (argc != 3) {
                fprintf(stderr, "usage: bench-export-bpf UNIT DIR\n");
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
