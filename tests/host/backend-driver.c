/* SPDX-License-Identifier: MIT */
/* A test driver for the cgroup backends alone, independent of `start` and of the directive table's
 * `enforced` flags: loads a unit, builds the plan and runs the backend lifecycle the way the supervisor does.
 * Used by tests/host/test-cgroupfs-*.sh (and usable in the vm guest for the systemd backend).
 *
 *   backend-driver [--backend=auto|systemd|cgroupfs|none] [--user|--system] check UNIT
 *       open + check; diagnostics as FILE:LINE: on stderr; exit 0 when the backend accepts the unit, 1 if not
 *   backend-driver [--backend=…] run UNIT -- CMD [ARGS…]
 *       open + check, fork CMD blocked on a pipe, backend_enter(child), release it, wait, backend_finish;
 *       exits with CMD's status (128+N for signal N), 1 when the backend refuses or fails
 *   backend-driver devices UNIT
 *       the resolved device rules of the unit's DeviceAllow=/DevicePolicy= (devbpf_program_dump) */
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "backend.h"
#include "devbpf.h"
#include "log.h"
#include "plan-build.h"
#include "unit-file.h"

static int load(const char *path, SandboxPlan **ret) {
        _cleanup_(unit_freep) Unit *u = NULL;
        DiagList diags = {};
        int r;

        unit_file_init();
        r = unit_load(path, &diags, &u);
        if (r >= 0)
                r = plan_build(u, &(PlanBuildOptions) {}, &diags, ret);
        diag_list_print(&diags, stderr);
        diag_list_done(&diags);
        return r;
}

int main(int argc, char **argv) {
        BackendOptions o = { .kind = BACKEND_AUTO, .bus = BUS_SCOPE_AUTO };
        _cleanup_(sandbox_plan_freep) SandboxPlan *p = NULL;
        _cleanup_(backend_freep) Backend *b = NULL;
        DiagList diags = {};
        const char *verb;
        int i = 1, r;

        for (; i < argc && strncmp(argv[i], "--", 2) == 0 && argv[i][2]; i++) {
                if (strncmp(argv[i], "--backend=", 10) == 0) {
                        o.kind = backend_kind_from_string(argv[i] + 10);
                        if (o.kind < 0) {
                                fprintf(stderr, "unknown backend %s\n", argv[i] + 10);
                                return 2;
                        }
                } else if (streq(argv[i], "--user"))
                        o.bus = BUS_SCOPE_USER;
                else if (streq(argv[i], "--system"))
                        o.bus = BUS_SCOPE_SYSTEM;
                else {
                        fprintf(stderr, "unknown option %s\n", argv[i]);
                        return 2;
                }
        }
        if (argc - i < 2) {
                fprintf(stderr, "usage: backend-driver [--backend=K] check|run|devices UNIT [-- CMD…]\n");
                return 2;
        }
        verb = argv[i];
        if (load(argv[i + 1], &p) < 0)
                return 1;

        if (streq(verb, "devices")) {
                _cleanup_(devbpf_program_freep) DevbpfProgram *prog = NULL;

                r = devbpf_compile(p, NULL, &diags, &prog);
                diag_list_print(&diags, stderr);
                diag_list_done(&diags);
                if (r < 0)
                        return 1;
                devbpf_program_dump(prog, stdout);
                return 0;
        }

        if (backend_open(&o, &b) < 0)
                return 1;
        printf("backend: %s\n", backend_describe(b));
        fflush(stdout);

        r = backend_check(b, p, &diags);
        diag_list_print(&diags, stderr);
        diag_list_done(&diags);
        if (r < 0)
                return 1;
        if (streq(verb, "check"))
                return 0;

        if (!streq(verb, "run") || argc - i < 4 || !streq(argv[i + 2], "--")) {
                fprintf(stderr, "usage: backend-driver run UNIT -- CMD [ARGS…]\n");
                return 2;
        }

        int go[2];
        pid_t pid;
        int status;

        if (pipe2(go, O_CLOEXEC) < 0)
                return 1;
        fflush(stdout);
        pid = fork();
        if (pid < 0)
                return 1;
        if (pid == 0) {
                char c;

                close(go[1]);
                if (read(go[0], &c, 1) != 1)
                        _exit(127);
                execvp(argv[i + 3], argv + i + 3);
                _exit(127);
        }
        close(go[0]);

        r = backend_enter(b, p, pid);
        if (r < 0) {
                kill(pid, SIGKILL);
                waitpid(pid, NULL, 0);
                return 1;
        }
        printf("name: %s\n", backend_name(b) ?: "-");
        fflush(stdout);
        if (write(go[1], "x", 1) != 1)
                kill(pid, SIGKILL);
        close(go[1]);

        while (waitpid(pid, &status, 0) < 0)
                if (errno != EINTR)
                        return 1;
        if (backend_finish(b) < 0)
                return 1;
        if (WIFSIGNALED(status))
                return 128 + WTERMSIG(status);
        return WEXITSTATUS(status);
}
