/* SPDX-License-Identifier: MIT */
/* start UNIT [-- CMD ARGS…]: load and plan, refuse what cannot be enforced, compile everything that can fail,
 * then enter the cgroup backend and run the exec steps (in place, or under a supervisor when a parent must
 * stay). */
#include "directive.h"
#include "exec.h"
#include "log.h"
#include "mount-list.h"
#include "seccomp-cache.h"
#include "seccomp-merge.h"
#include "strv.h"
#include "syscall-filter.h"
#include "timing.h"
#include "values.h"
#include "verb-load.h"
#include "verbs.h"

typedef struct Commands {
        ExecCommand *items; /* argv owned, everything else borrowed from the plan */
        size_t n;
} Commands;

static void commands_done(Commands *c) {
        for (size_t i = 0; i < c->n; i++)
                strv_free(c->items[i].argv);
        free(c->items);
}

/* ExecStart= sees the payload's final environment: $NAME and ${NAME} are substituted as systemd does, in the
 * parent, before anything changes (the ':' prefix turns it off). A command given on the command line is
 * taken literally. */
static void commands_expand(const ExecCommand *cmds, size_t n, char **env, Commands *ret) {
        ret->items = xcalloc(n, sizeof(ExecCommand));
        ret->n = n;
        for (size_t i = 0; i < n; i++) {
                ret->items[i] = cmds[i];
                if (cmds[i].flags & EXEC_COMMAND_NO_ENV_EXPAND)
                        ret->items[i].argv = strv_copy(cmds[i].argv);
                else
                        ret->items[i].argv = exec_command_expand_env(cmds[i].argv, env);
        }
}

/* Every set directive `start` cannot enforce is an error at its FILE:LINE: running the payload without a
 * protection the unit asks for would be worse than not running it (DESIGN.md rule 2). */
static int refuse_unenforced(const SandboxPlan *p, DiagList *diags) {
        int r = 0;

        for (size_t i = 0; i < p->n_set; i++) {
                const DirectiveOrigin *o = &p->set[i];
                const Directive *d = directive_lookup(o->name);

                if (d && (d->enforced || d->where == WHERE_UNIT || d->where == WHERE_IGNORED ||
                          d->where == WHERE_COMMAND))
                        continue;
                diag_add(diags, false, o->file, o->line, o->name,
                         "%s= is not enforced by 'start' yet; refusing to run without it.", o->name);
                r = -EOPNOTSUPP;
        }
        return r;
}

static int start_prepare(const SandboxPlan *p, Backend *b, ExecPrepared **ret) {
        _cleanup_(mount_list_freep) MountList *m = NULL;
        _cleanup_(syscall_filter_set_freep) SyscallFilterSet *filters = NULL;
        const SyscallFilterSet *compiled = NULL; /* borrowed: freshly compiled, to be cached */
        size_t n_diags = 0;
        DiagList diags = {};
        int r;

        r = refuse_unenforced(p, &diags);
        if (r >= 0)
                r = backend_check(b, p, &diags);
        timing_mark("check");
        /* Everything that can fail, before anything changes: the mount list, the seccomp programs, users and
         * groups, the environment files. */
        if (r >= 0 && mount_list_needed(p))
                r = mount_list_compile(p, &diags, &m);
        timing_mark("mount-compile");
        /* perf: libseccomp takes milliseconds for a hardened unit; a content-keyed cache hit microseconds. */
        if (r >= 0 && seccomp_cache_load(p, &filters) <= 0) {
                n_diags = diags.n;
                r = syscall_filter_compile(p, &diags, &filters);
                /* perf: one program to load instead of one per directive; cached with them. */
                if (r >= 0 && syscall_filter_set_merge(filters, &filters->merged) < 0)
                        filters->merged = NULL;
                compiled = filters;
        }
        timing_mark("seccomp-compile");
        if (r >= 0)
                r = exec_prepare(p, TAKE_PTR(m), TAKE_PTR(filters), &diags, ret);
        timing_mark("exec-prepare");
        if (r >= 0 && diag_list_errors(&diags) > 0)
                r = -EINVAL;
        if (r >= 0 && compiled && diags.n == n_diags) /* nothing to report again on a hit */
                seccomp_cache_store(p, compiled); /* owned by *ret now */
        diag_list_print(&diags, stderr);
        diag_list_done(&diags);
        return r;
}

int verb_start(int argc, char **argv) {
        _cleanup_(unit_freep) Unit *u = NULL;
        _cleanup_(sandbox_plan_freep) SandboxPlan *p = NULL;
        _cleanup_(backend_freep) Backend *b = NULL;
        _cleanup_(exec_prepared_freep) ExecPrepared *x = NULL;
        _cleanup_(commands_done) Commands expanded = {};
        const ExecCommand *cmds;
        ExecCommand cli_cmd;
        size_t n_cmds;
        int r;

        r = load_unit_and_plan(argv[0], &u, &p);
        if (r < 0)
                return EXIT_INVALID;

        if (argc > 1) {
                /* A command on the command line replaces ExecStart=. */
                cli_cmd = (ExecCommand) {
                        .path = argv[1],
                        .argv = argv + 1,
                };
                cmds = &cli_cmd;
                n_cmds = 1;
        } else if (p->n_exec_start > 0) {
                cmds = p->exec_start;
                n_cmds = p->n_exec_start;
        } else {
                fprintf(stderr, "%s: No ExecStart= set and no command given; add ExecStart=/path/to/command "
                        "to [Service], or give the command after the unit: sandboxctl start UNIT -- CMD ARGS...\n",
                        p->unit_path ?: argv[0]);
                return EXIT_INVALID;
        }

        r = backend_open(&arg_backend, &b); /* logs its failures */
        if (r < 0)
                return EXIT_INVALID;
        timing_mark("backend-open");

        r = start_prepare(p, b, &x);
        if (r < 0)
                return EXIT_INVALID;
        if (cmds == p->exec_start) {
                commands_expand(cmds, n_cmds, x->env, &expanded);
                cmds = expanded.items;
        }

        if (arg_verbose > 0) {
                log_info("Backend: %s", backend_describe(b));
                for (size_t i = 0; i < p->n_set; i++) {
                        const char *t = backend_directive_target(b, p->set[i].name);

                        if (t)
                                log_info("%s= (%s:%u): %s", p->set[i].name, p->set[i].file, p->set[i].line, t);
                }
                exec_prepared_log_directives(x);
        }
        if (arg_dry_run) {
                printf("backend: %s%s\n", backend_describe(b),
                       backend_needs_supervisor(b) || exec_needs_supervisor(x, n_cmds) ? ", supervised" : "");
                exec_prepared_dump(x, cmds, n_cmds, stdout);
                return EXIT_OK;
        }

        if (backend_needs_supervisor(b) || exec_needs_supervisor(x, n_cmds))
                return supervisor_run(x, b, cmds, n_cmds);

        /* Nothing has to happen after the payload: become it (no fork, fastest start). */
        r = backend_enter(b, p, getpid()); /* logs its failures, leaves nothing behind */
        if (r < 0)
                return EXIT_INVALID;
        timing_mark("backend-enter");
        fflush(stdout);
        fflush(stderr);
        exec_run(x, &cmds[0], -EBADF, 0);
}
