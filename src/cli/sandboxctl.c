/* SPDX-License-Identifier: MIT */
/* sandboxctl: main, option parsing and verb dispatch (systemctl conventions). */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "exec.h"
#include "log.h"
#include "strv.h"
#include "timing.h"
#include "unit-file.h"
#include "verbs.h"

bool arg_json = false;
bool arg_strict = false;
bool arg_dry_run = false;
int arg_verbose = 0;
bool arg_timings = false;
char **arg_properties = NULL;
BackendOptions arg_backend = { .kind = BACKEND_AUTO, .bus = BUS_SCOPE_AUTO };
double arg_threshold = -1;
bool arg_explain = false;
char *arg_signal = NULL;

typedef struct Verb {
        const char *name;
        int min_args, max_args; /* positional arguments after the verb; -1 = unlimited */
        int (*run)(int argc, char **argv);
} Verb;

static const Verb verbs[] = {
        { "start",          1, -1, verb_start },
        { "verify",         1, -1, verb_verify },
        { "show",           1,  1, verb_show },
        { "cat",            1, -1, verb_cat },
        { "security",       1, -1, verb_security },
        { "list",           0,  0, verb_list },
        { "status",         1,  1, verb_status },
        { "stop",           1, -1, verb_stop },
        { "freeze",         1, -1, verb_freeze },
        { "thaw",           1, -1, verb_thaw },
        { "kill",           1, -1, verb_kill },
        { "syscall-filter", 0, -1, verb_syscall_filter },
        { "capabilities",   0,  0, verb_capabilities },
        { "directives",     0,  0, verb_directives },
};

static void help(void) {
        printf("sandboxctl [OPTIONS…] COMMAND …\n\n"
               "Run a command inside the sandbox a systemd-style unit file describes.\n\n"
               "Commands:\n"
               "  start UNIT [-- CMD ARGS…]   Run ExecStart= (or CMD) in the unit's sandbox, in the foreground\n"
               "  verify UNIT…                Check units; exit 1 if any is invalid\n"
               "  show UNIT                   Show the resolved sandbox plan\n"
               "  cat UNIT…                   Show the unit file and its drop-ins\n"
               "  security UNIT…              Score the unit's exposure like systemd-analyze security\n"
               "  list                        List running sandboxes\n"
               "  status NAME                 Show one running sandbox\n"
               "  stop NAME…                  Stop running sandboxes\n"
               "  freeze NAME…                Freeze every process of the sandboxes (cgroup freezer)\n"
               "  thaw NAME…                  Thaw frozen sandboxes\n"
               "  kill NAME…                  Send a signal (--signal=, default SIGTERM) to every process\n"
               "  syscall-filter [@GROUP…]    List system call groups\n"
               "  capabilities                List capability names\n"
               "  directives                  List every directive, where it takes effect and its status\n\n"
               "Options:\n"
               "  -h --help                   Show this help\n"
               "     --version                Show the version\n"
               "  -p --property=KEY=VALUE     Override a unit directive (like systemd-run -p)\n"
               "     --backend=auto|systemd|cgroupfs|none\n"
               "                              Cgroup backend (default: auto)\n"
               "     --user / --system        Talk to the user / system service manager\n"
               "     --slice=SLICE            Slice for the transient scope (default: sandboxctl.slice)\n"
               "     --dry-run                Print the steps start would run, then exit\n"
               "     --json                   JSON output (show, security, list, status)\n"
               "     --strict                 Treat warnings (unknown keys) as errors\n"
               "     --threshold=N            security: exit 1 when the exposure is above N\n"
               "     --explain                security: print the fixes for the worst checks\n"
               "     --signal=SIG             Signal for kill and stop (default: SIGTERM)\n"
               "     --timings                Print how long each start-up step took\n"
               "  -v --verbose                Say what is applied, step by step\n\n"
               "See sandboxctl(1) and sandboxctl.unit(5).\n");
}

static int parse_argv(int argc, char **argv) {
        enum {
                ARG_VERSION = 0x100,
                ARG_BACKEND,
                ARG_USER,
                ARG_SYSTEM,
                ARG_SLICE,
                ARG_DRY_RUN,
                ARG_JSON,
                ARG_STRICT,
                ARG_THRESHOLD,
                ARG_EXPLAIN,
                ARG_SIGNAL,
                ARG_TIMINGS,
        };
        static const struct option options[] = {
                { "help",      no_argument,       NULL, 'h'           },
                { "version",   no_argument,       NULL, ARG_VERSION   },
                { "property",  required_argument, NULL, 'p'           },
                { "backend",   required_argument, NULL, ARG_BACKEND   },
                { "user",      no_argument,       NULL, ARG_USER      },
                { "system",    no_argument,       NULL, ARG_SYSTEM    },
                { "slice",     required_argument, NULL, ARG_SLICE     },
                { "dry-run",   no_argument,       NULL, ARG_DRY_RUN   },
                { "json",      no_argument,       NULL, ARG_JSON      },
                { "strict",    no_argument,       NULL, ARG_STRICT    },
                { "threshold", required_argument, NULL, ARG_THRESHOLD },
                { "explain",   no_argument,       NULL, ARG_EXPLAIN   },
                { "signal",    required_argument, NULL, ARG_SIGNAL    },
                { "timings",   no_argument,       NULL, ARG_TIMINGS   },
                { "verbose",   no_argument,       NULL, 'v'           },
                {}
        };
        int c;

        while ((c = getopt_long(argc, argv, "hp:v", options, NULL)) >= 0)
                switch (c) {
                case 'h':
                        help();
                        return 0;
                case ARG_VERSION:
                        printf("sandboxctl %s\n", PACKAGE_VERSION);
                        return 0;
                case 'p':
                        if (!strchr(optarg, '=')) {
                                log_error("Invalid -p argument '%s': expected KEY=VALUE.", optarg);
                                return -EINVAL;
                        }
                        strv_extend(&arg_properties, optarg);
                        break;
                case ARG_BACKEND:
                        arg_backend.kind = backend_kind_from_string(optarg);
                        if (arg_backend.kind < 0) {
                                log_error("Unknown backend '%s': expected auto, systemd, cgroupfs or none.",
                                          optarg);
                                return -EINVAL;
                        }
                        break;
                case ARG_USER:
                        arg_backend.bus = BUS_SCOPE_USER;
                        break;
                case ARG_SYSTEM:
                        arg_backend.bus = BUS_SCOPE_SYSTEM;
                        break;
                case ARG_SLICE:
                        arg_backend.slice = optarg;
                        break;
                case ARG_DRY_RUN:
                        arg_dry_run = true;
                        break;
                case ARG_JSON:
                        arg_json = true;
                        break;
                case ARG_STRICT:
                        arg_strict = true;
                        break;
                case ARG_THRESHOLD: {
                        char *end;

                        errno = 0;
                        arg_threshold = strtod(optarg, &end);
                        if (errno != 0 || end == optarg || *end || arg_threshold < 0 || arg_threshold > 10) {
                                log_error("Invalid --threshold '%s': expected a number from 0 to 10.", optarg);
                                return -EINVAL;
                        }
                        break;
                }
                case ARG_EXPLAIN:
                        arg_explain = true;
                        break;
                case ARG_SIGNAL:
                        arg_signal = optarg;
                        break;
                case ARG_TIMINGS:
                        arg_timings = true;
                        break;
                case 'v':
                        arg_verbose++;
                        break;
                case '?':
                        return -EINVAL;
                default:
                        abort();
                }
        return 1;
}

int main(int argc, char **argv) {
        const Verb *verb = NULL;
        int r, n;

        /* The supervisor of a running start, re-executed small (supervisor.c): before anything else. */
        if (argc > 1 && streq(argv[1], "__supervise"))
                return supervisor_main(argc, argv);

        const char *t = secure_getenv("SANDBOXCTL_TIMINGS");
        if (t && streq(t, "1"))
                arg_timings = true;

        r = parse_argv(argc, argv);
        if (r < 0)
                return EXIT_USAGE;
        if (r == 0)
                return EXIT_OK;
        timing_enable(arg_timings);
        if (arg_verbose > 1)
                log_set_max_level(LOG_LEVEL_DEBUG);
        else if (arg_verbose > 0)
                log_set_max_level(LOG_LEVEL_INFO);

        if (optind >= argc) {
                log_error("No command given. See 'sandboxctl --help'.");
                return EXIT_USAGE;
        }
        for (size_t i = 0; i < ELEMENTSOF(verbs); i++)
                if (streq(verbs[i].name, argv[optind])) {
                        verb = &verbs[i];
                        break;
                }
        if (!verb) {
                log_error("Unknown command '%s'. See 'sandboxctl --help'.", argv[optind]);
                return EXIT_USAGE;
        }
        n = argc - optind - 1;
        if (n < verb->min_args || (verb->max_args >= 0 && n > verb->max_args)) {
                log_error("Wrong number of arguments for '%s'. See 'sandboxctl --help'.", verb->name);
                return EXIT_USAGE;
        }

        unit_file_init();
        r = verb->run(n, argv + optind + 1);
        strv_free(arg_properties);
        return r;
}
