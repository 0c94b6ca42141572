/* SPDX-License-Identifier: MIT */
/* bench-driver: the measuring half of tests/bench/. Plain C with clock_gettime(CLOCK_MONOTONIC), no project
 * code, so it measures sandboxctl from the outside exactly as a user pays for it.
 *
 *   bench-driver run [-n RUNS] [-w WARMUP] [-r REF]… NAME=COMMAND…
 *        Runs the commands round-robin (so load on a shared machine hits all of them alike), RUNS times each
 *        after WARMUP unmeasured rounds, and prints one row per command: median, p10, p90 and min wall time,
 *        and the ratio of its median to each REF's median. COMMAND is split on spaces (no quoting); it must
 *        exit 0. stdout and stderr of the commands go to /dev/null. An argument "@N=PATH" opens PATH as fd N.
 *   bench-driver timings [-n RUNS] COMMAND…
 *        Runs COMMAND (with SANDBOXCTL_TIMINGS=1) RUNS times and prints the median of every
 *        "timing: STEP N.NNN ms" line it writes to stderr, in order, plus the whole run's wall time.
 *   bench-driver loop N
 *        The payload for the per-syscall cost: N getppid() calls, prints the nanoseconds per call.
 *   bench-driver concurrent N COMMAND…
 *        Starts N copies of COMMAND at the same instant (released together through a pipe), waits for all,
 *        prints how many exited 0 and the wall time from release to the last exit.
 *   bench-driver exec COMMAND…
 *        Applies COMMAND's "@N=PATH" arguments and execs it (stdio untouched).
 *   bench-driver rss DELAY_MS COMMAND…
 *        Starts COMMAND, waits DELAY_MS, prints VmHWM and VmRSS of the started process and whether it still
 *        is sandboxctl (a supervisor stayed) or already the payload (exec in place), then waits for it. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* pipe2(); meson defines it already */
#endif
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAX_CMDS 32
#define MAX_ARGS 256
#define MAX_STEPS 64

static double now_ms(void) {
        struct timespec ts;

        clock_gettime(CLOCK_MONOTONIC, &ts);
        return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b) {
        double x = *(const double *) a, y = *(const double *) b;

        return x < y ? -1 : x > y;
}

/* Percentile of a sorted array, nearest rank. */
static double pct(const double *v, size_t n, double p) {
        size_t i;

        if (n == 0)
                return 0;
        i = (size_t) (p / 100.0 * (double) (n - 1) + 0.5);
        return v[i < n ? i : n - 1];
}

static double median(double *v, size_t n) {
        qsort(v, n, sizeof(double), cmp_double);
        if (n == 0)
                return 0;
        return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static void split_args(char *s, char **argv) {
        size_t n = 0;

        for (char *t = strtok(s, " "); t; t = strtok(NULL, " ")) {
                if (n == MAX_ARGS - 1) {
                        fprintf(stderr, "bench-driver: more than %d arguments\n", MAX_ARGS - 1);
                        exit(2);
                }
                argv[n++] = t;
        }
        argv[n] = NULL;
}

static void die(const char *what) {
        fprintf(stderr, "bench-driver: %s: %s\n", what, strerror(errno));
        exit(EXIT_FAILURE);
}

/* In the child: "@N=PATH" arguments open PATH read-only as fd N (bwrap's --add-seccomp-fd) and are dropped. */
static int redirect_fds(char **argv) {
        size_t j = 0;

        for (size_t i = 0; argv[i]; i++) {
                char path[4096];
                int fd, tfd;

                if (sscanf(argv[i], "@%d=%4095s", &tfd, path) == 2) {
                        fd = open(path, O_RDONLY);
                        if (fd < 0 || dup2(fd, tfd) < 0)
                                return -1;
                        if (fd != tfd)
                                close(fd);
                        continue;
                }
                argv[j++] = argv[i];
        }
        argv[j] = NULL;
        return 0;
}

/* fork+exec argv with stdout/stderr to /dev/null (or stderr to err_fd), returns the wait status. */
static int run_once(char **argv, int err_fd, double *ret_ms) {
        double t0 = now_ms();
        int status;
        pid_t pid;

        pid = fork();
        if (pid < 0)
                die("fork");
        if (pid == 0) {
                int null = open("/dev/null", O_RDWR | O_CLOEXEC);

                if (null < 0 || dup2(null, STDIN_FILENO) < 0 || dup2(null, STDOUT_FILENO) < 0 ||
                    dup2(err_fd >= 0 ? err_fd : null, STDERR_FILENO) < 0)
                        _exit(127);
                if (redirect_fds(argv) < 0)
                        _exit(127);
                execvp(argv[0], argv);
                _exit(127);
        }
        if (waitpid(pid, &status, 0) < 0)
                die("waitpid");
        *ret_ms = now_ms() - t0;
        return status;
}

static int verb_run(int argc, char **argv) {
        const char *refs[MAX_CMDS];
        char *names[MAX_CMDS], *cmds[MAX_CMDS][MAX_ARGS];
        double *samples[MAX_CMDS], med[MAX_CMDS];
        size_t n_refs = 0, n = 0, n_ok[MAX_CMDS] = {};
        int failures[MAX_CMDS] = {};
        int runs = 21, warmup = 2, c;

        while ((c = getopt(argc, argv, "+n:w:r:")) >= 0)
                switch (c) {
                case 'n':
                        runs = atoi(optarg);
                        break;
                case 'w':
                        warmup = atoi(optarg);
                        break;
                case 'r':
                        if (n_refs < MAX_CMDS)
                                refs[n_refs++] = optarg;
                        break;
                default:
                        return 2;
                }
        for (int i = optind; i < argc && n < MAX_CMDS; i++) {
                char *eq = strchr(argv[i], '=');

                if (!eq) {
                        fprintf(stderr, "bench-driver: expected NAME=COMMAND, got '%s'\n", argv[i]);
                        return 2;
                }
                *eq = 0;
                names[n] = argv[i];
                split_args(eq + 1, cmds[n]);
                samples[n] = calloc((size_t) runs, sizeof(double));
                if (!samples[n])
                        die("calloc");
                n++;
        }
        if (n == 0 || runs < 1)
                return 2;

        for (int round = -warmup; round < runs; round++)
                /* Rotate the starting command each round: no command always runs right after another. */
                for (size_t k = 0; k < n; k++) {
                        size_t i = (k + (size_t) (round + warmup)) % n;
                        double ms;
                        int st = run_once(cmds[i], -1, &ms);

                        if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) {
                                /* Keep going (one flaky command must not cost the whole table), and say why
                                 * once: run it again with its stderr shown. */
                                if (failures[i]++ == 0) {
                                        fprintf(stderr, "bench-driver: '%s' failed (status 0x%x); again:\n",
                                                names[i], st);
                                        (void) run_once(cmds[i], STDERR_FILENO, &ms);
                                }
                                continue;
                        }
                        if (round >= 0)
                                samples[i][n_ok[i]++] = ms;
                }

        printf("%-28s %9s %9s %9s %9s", "command", "median", "p10", "p90", "min");
        for (size_t j = 0; j < n_refs; j++)
                printf("  x%-10s", refs[j]);
        printf("\n");
        for (size_t i = 0; i < n; i++)
                med[i] = median(samples[i], n_ok[i]);
        for (size_t i = 0; i < n; i++) {
                if (n_ok[i] == 0) {
                        printf("%-28s FAILED every run\n", names[i]);
                        continue;
                }
                printf("%-28s %6.2f ms %6.2f ms %6.2f ms %6.2f ms", names[i], med[i],
                       pct(samples[i], n_ok[i], 10), pct(samples[i], n_ok[i], 90), samples[i][0]);
                for (size_t j = 0; j < n_refs; j++) {
                        size_t r;

                        for (r = 0; r < n; r++)
                                if (strcmp(names[r], refs[j]) == 0)
                                        break;
                        if (r == n || med[r] <= 0 || n_ok[r] == 0)
                                printf("  %-11s", "?");
                        else
                                printf("  %-11.2f", med[i] / med[r]);
                }
                if (failures[i] > 0)
                        printf("  (%d of %d runs FAILED)", failures[i], runs + warmup);
                printf("\n");
        }
        printf("(%d runs each, round-robin, after %d warm-up rounds)\n", runs, warmup);
        for (size_t i = 0; i < n; i++)
                if (failures[i] > 0)
                        return 1;
        return 0;
}

static int verb_timings(int argc, char **argv) {
        char *steps[MAX_STEPS];
        double *vals[MAX_STEPS], *wall;
        size_t n_steps = 0;
        int runs = 21, c;

        while ((c = getopt(argc, argv, "+n:")) >= 0)
                switch (c) {
                case 'n':
                        runs = atoi(optarg);
                        break;
                default:
                        return 2;
                }
        if (optind >= argc || runs < 1)
                return 2;
        wall = calloc((size_t) runs, sizeof(double));
        if (!wall)
                die("calloc");
        if (setenv("SANDBOXCTL_TIMINGS", "1", 1) < 0)
                die("setenv");

        for (int round = 0; round < runs; round++) {
                char line[512];
                FILE *f = tmpfile();
                int st;

                if (!f)
                        die("tmpfile");
                st = run_once(argv + optind, fileno(f), &wall[round]);
                if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) {
                        fprintf(stderr, "bench-driver: command failed (status 0x%x)\n", st);
                        return 1;
                }
                rewind(f);
                while (fgets(line, sizeof(line), f)) {
                        char step[128];
                        double ms;
                        size_t i;

                        if (sscanf(line, "timing: %127s %lf ms", step, &ms) != 2)
                                continue;
                        for (i = 0; i < n_steps; i++)
                                if (strcmp(steps[i], step) == 0)
                                        break;
                        if (i == n_steps) {
                                if (n_steps == MAX_STEPS)
                                        continue;
                                steps[i] = strdup(step);
                                vals[i] = calloc((size_t) runs, sizeof(double));
                                if (!steps[i] || !vals[i])
                                        die("alloc");
                                n_steps++;
                        }
                        vals[i][round] = ms; /* a step missing in a run counts as 0 there */
                }
                fclose(f);
        }
        double sum = 0;
        for (size_t i = 0; i < n_steps; i++) {
                double m = median(vals[i], (size_t) runs);

                if (steps[i][0] != '(') /* "(…)" steps overlap others (a child waiting for its parent) */
                        sum += m;
                printf("  %-20s %8.3f ms\n", steps[i], m);
        }
        printf("  %-20s %8.3f ms\n", "(sum of steps)", sum);
        printf("  %-20s %8.3f ms  (exec of the payload, its run, exit and reaping)\n", "(wall)",
               median(wall, (size_t) runs));
        return 0;
}

static int verb_loop(int argc, char **argv) {
        long n = argc > 1 ? atol(argv[1]) : 1000000;
        double t0, t1;

        t0 = now_ms();
        for (long i = 0; i < n; i++)
                (void) syscall(SYS_getppid);
        t1 = now_ms();
        printf("%.1f\n", (t1 - t0) * 1e6 / (double) n);
        return 0;
}

static int verb_concurrent(int argc, char **argv) {
        int n = argc > 1 ? atoi(argv[1]) : 0, go[2], ok = 0, failed = 0;
        pid_t *pids;
        double t0;

        if (n < 1 || argc < 3)
                return 2;
        pids = calloc((size_t) n, sizeof(pid_t));
        if (!pids || pipe2(go, O_CLOEXEC) < 0)
                die("setup");
        for (int i = 0; i < n; i++) {
                pids[i] = fork();
                if (pids[i] < 0)
                        die("fork");
                if (pids[i] == 0) {
                        int null = open("/dev/null", O_RDWR | O_CLOEXEC);
                        char ch;

                        close(go[1]);
                        /* Released together: EOF once the parent closes the write end. */
                        (void) !read(go[0], &ch, 1);
                        if (null < 0 || dup2(null, STDIN_FILENO) < 0 || dup2(null, STDOUT_FILENO) < 0)
                                _exit(127);
                        execvp(argv[2], argv + 2);
                        _exit(127);
                }
        }
        close(go[0]);
        t0 = now_ms();
        close(go[1]);
        for (int i = 0; i < n; i++) {
                int st;

                if (waitpid(pids[i], &st, 0) < 0)
                        die("waitpid");
                if (WIFEXITED(st) && WEXITSTATUS(st) == 0)
                        ok++;
                else {
                        if (failed < 5)
                                fprintf(stderr, "bench-driver: instance %d failed (status 0x%x)\n", i, st);
                        failed++;
                }
        }
        printf("concurrent: %d started, %d ok, %d failed, wall %.1f ms\n", n, ok, failed, now_ms() - t0);
        return failed > 0;
}

static int verb_rss(int argc, char **argv) {
        int delay = argc > 1 ? atoi(argv[1]) : 0, st;
        char path[64], exe[PATH_MAX] = "", line[256];
        long hwm = -1, rss = -1;
        ssize_t k;
        pid_t pid;
        FILE *f;

        if (argc < 3)
                return 2;
        pid = fork();
        if (pid < 0)
                die("fork");
        if (pid == 0) {
                execvp(argv[2], argv + 2);
                _exit(127);
        }
        usleep((useconds_t) delay * 1000);
        snprintf(path, sizeof(path), "/proc/%d/exe", (int) pid);
        k = readlink(path, exe, sizeof(exe) - 1);
        if (k > 0)
                exe[k] = 0;
        snprintf(path, sizeof(path), "/proc/%d/status", (int) pid);
        f = fopen(path, "re");
        if (f) {
                while (fgets(line, sizeof(line), f)) {
                        (void) sscanf(line, "VmHWM: %ld kB", &hwm);
                        (void) sscanf(line, "VmRSS: %ld kB", &rss);
                }
                fclose(f);
        }
        if (waitpid(pid, &st, 0) < 0)
                die("waitpid");
        printf("rss: pid %d exe %s VmHWM %ld kB VmRSS %ld kB, exit status %d\n", (int) pid, exe, hwm, rss,
               WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st));
        return !(WIFEXITED(st) && WEXITSTATUS(st) == 0) || hwm < 0;
}

int main(int argc, char **argv) {
        if (argc < 2) {
                fprintf(stderr, "usage: bench-driver run|timings|loop|concurrent|rss …\n");
                return 2;
        }
        if (strcmp(argv[1], "run") == 0)
                return verb_run(argc - 1, argv + 1);
        if (strcmp(argv[1], "timings") == 0)
                return verb_timings(argc - 1, argv + 1);
        if (strcmp(argv[1], "loop") == 0)
                return verb_loop(argc - 1, argv + 1);
        if (strcmp(argv[1], "concurrent") == 0)
                return verb_concurrent(argc - 1, argv + 1);
        if (strcmp(argv[1], "exec") == 0 && argc > 2) {
                /* exec COMMAND…: applies the @N=PATH arguments and execs, stdio untouched. */
                if (redirect_fds(argv + 2) < 0)
                        die("redirect");
                execvp(argv[2], argv + 2);
                die("execvp");
        }
        if (strcmp(argv[1], "rss") == 0)
                return verb_rss(argc - 1, argv + 1);
        fprintf(stderr, "bench-driver: unknown mode '%s'\n", argv[1]);
        return 2;
}
