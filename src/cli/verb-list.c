/* SPDX-License-Identifier: MIT */
/* list, status NAME, stop NAME…: running sandboxes of every backend (see backend.h for the registry). */
#include <inttypes.h>
#include <signal.h>
#include <string.h>

#include "json-out.h"
#include "log.h"
#include "verbs.h"

static void format_bytes(uint64_t v, char *buf, size_t n) {
        static const char suffix[] = "BKMGTPE";
        double d = (double) v;
        size_t i = 0;

        if (v == UINT64_MAX) {
                snprintf(buf, n, "-");
                return;
        }
        while (d >= 1024 && i + 1 < sizeof suffix - 1) {
                d /= 1024;
                i++;
        }
        if (i == 0)
                snprintf(buf, n, "%" PRIu64 "B", v);
        else
                snprintf(buf, n, "%.1f%c", d, suffix[i]);
}

static void format_nsec(uint64_t v, char *buf, size_t n) {
        if (v == UINT64_MAX)
                snprintf(buf, n, "-");
        else if (v < UINT64_C(1000000000))
                snprintf(buf, n, "%" PRIu64 "ms", v / 1000000);
        else
                snprintf(buf, n, "%.1fs", (double) v / 1e9);
}

static void json_uint_or_null(JsonOut *j, const char *key, uint64_t v) {
        json_out_key(j, key);
        if (v == UINT64_MAX)
                json_out_null(j);
        else
                json_out_uint(j, v);
}

static void pressure_line_json(JsonOut *j, const char *key, const PressureLine *l) {
        json_out_key(j, key);
        if (!l->present) {
                json_out_null(j);
                return;
        }
        json_out_begin_object(j);
        json_out_key(j, "avg10");
        json_out_double(j, l->avg10);
        json_out_key(j, "avg60");
        json_out_double(j, l->avg60);
        json_out_key(j, "avg300");
        json_out_double(j, l->avg300);
        json_out_key(j, "total_usec");
        json_out_uint(j, l->total);
        json_out_end_object(j);
}

/* {"some": {...}, "full": {...} or null}, or null when the file is absent. */
static void pressure_json(JsonOut *j, const char *key, const SandboxPressure *p) {
        json_out_key(j, key);
        if (!p->present) {
                json_out_null(j);
                return;
        }
        json_out_begin_object(j);
        pressure_line_json(j, "some", &p->some);
        pressure_line_json(j, "full", &p->full);
        json_out_end_object(j);
}

/* The JSON object of one sandbox (documented in sandboxctl(1), "list --json"). */
static void sandbox_json(JsonOut *j, const SandboxInfo *s) {
        SandboxStats st;

        backend_sandbox_stats(s, &st);

        json_out_begin_object(j);
        json_out_key(j, "name");
        json_out_string(j, s->name);
        json_out_key(j, "backend");
        json_out_string(j, backend_kind_to_string(s->backend));
        if (s->backend == BACKEND_SYSTEMD) {
                json_out_key(j, "manager");
                json_out_string(j, s->user ? "user" : "system");
        }
        json_out_key(j, "unit");
        json_out_string(j, s->unit);
        json_out_key(j, "state");
        json_out_string(j, s->state);
        json_uint_or_null(j, "pid", s->pid > 0 ? (uint64_t) s->pid : UINT64_MAX);
        json_uint_or_null(j, "supervisor", s->supervisor > 0 ? (uint64_t) s->supervisor : UINT64_MAX);
        json_out_key(j, "cgroup");
        json_out_string(j, s->cgroup);
        json_out_key(j, "frozen");
        if (st.frozen < 0)
                json_out_null(j);
        else
                json_out_bool(j, st.frozen > 0);
        json_uint_or_null(j, "memory_current", s->memory_current != UINT64_MAX ? s->memory_current : st.memory_current);
        json_uint_or_null(j, "cpu_usage_nsec", s->cpu_usage_nsec);
        json_uint_or_null(j, "tasks_current", s->tasks_current);
        json_uint_or_null(j, "memory_peak", st.memory_peak);
        json_uint_or_null(j, "memory_swap_current", st.memory_swap_current);
        json_uint_or_null(j, "memory_swap_peak", st.memory_swap_peak);
        pressure_json(j, "memory_pressure", &st.memory_pressure);
        pressure_json(j, "cpu_pressure", &st.cpu_pressure);
        pressure_json(j, "io_pressure", &st.io_pressure);
        json_out_end_object(j);
}

int verb_list(int argc, char **argv) {
        SandboxInfo *v = NULL;
        size_t n = 0;
        int r;

        r = backend_list_sandboxes(&arg_backend, &v, &n);
        if (r < 0) {
                log_error_errno(r, "Failed to list sandboxes: %m");
                return EXIT_INVALID;
        }

        if (arg_json) {
                JsonOut j;

                json_out_init(&j, stdout);
                json_out_begin_array(&j);
                for (size_t i = 0; i < n; i++)
                        sandbox_json(&j, v + i);
                json_out_end_array(&j);
                json_out_finish(&j);
        } else {
                size_t w = strlen("NAME");

                for (size_t i = 0; i < n; i++)
                        w = MAX(w, strlen(v[i].name));
                if (n > 0)
                        printf("%-*s %-8s %-8s %7s %-9s %8s %8s %s\n", (int) w, "NAME", "BACKEND", "STATE", "PID",
                               "TASKS", "MEMORY", "CPU", "UNIT");
                for (size_t i = 0; i < n; i++) {
                        char mem[32], cpu[32], tasks[32], pid[32];

                        format_bytes(v[i].memory_current, mem, sizeof mem);
                        format_nsec(v[i].cpu_usage_nsec, cpu, sizeof cpu);
                        if (v[i].tasks_current == UINT64_MAX)
                                strcpy(tasks, "-");
                        else
                                snprintf(tasks, sizeof tasks, "%" PRIu64, v[i].tasks_current);
                        if (v[i].pid > 0)
                                snprintf(pid, sizeof pid, "%d", (int) v[i].pid);
                        else
                                strcpy(pid, "-");
                        printf("%-*s %-8s %-8s %7s %-9s %8s %8s %s\n", (int) w, v[i].name,
                               backend_kind_to_string(v[i].backend), v[i].state ?: "-", pid, tasks, mem, cpu,
                               v[i].unit ?: "-");
                }
                printf("\n%zu sandbox%s listed.\n", n, n == 1 ? "" : "es");
        }

        sandbox_info_array_free(v, n);
        return EXIT_OK;
}

/* "Pressure: memory some 0.00 0.00 0.00 (total 12ms), full …" */
static void print_pressure(const char *label, const char *what, const SandboxPressure *p) {
        char total[32];

        printf(" %8s%s %-6s ", label, *label ? ":" : " ", what);
        if (!p->present) {
                printf("-\n");
                return;
        }
        format_nsec(p->some.total * 1000, total, sizeof total);
        printf("some avg10=%.2f avg60=%.2f avg300=%.2f total=%s", p->some.avg10, p->some.avg60, p->some.avg300,
               total);
        if (p->full.present) {
                format_nsec(p->full.total * 1000, total, sizeof total);
                printf("; full avg10=%.2f avg60=%.2f avg300=%.2f total=%s", p->full.avg10, p->full.avg60,
                       p->full.avg300, total);
        }
        printf("\n");
}

int verb_status(int argc, char **argv) {
        SandboxInfo *s = NULL;
        int r;

        r = backend_find_sandbox(&arg_backend, argv[0], &s);
        if (r == -ENOENT) {
                log_error("No sandbox '%s' is running (see 'sandboxctl list').", argv[0]);
                return EXIT_INVALID;
        }
        if (r < 0) {
                log_error_errno(r, "Failed to look up sandbox '%s': %m", argv[0]);
                return EXIT_INVALID;
        }

        if (arg_json) {
                JsonOut j;

                json_out_init(&j, stdout);
                sandbox_json(&j, s);
                json_out_finish(&j);
        } else {
                char mem[32], cpu[32], peak[32], swap[32], swap_peak[32];
                SandboxStats st;

                backend_sandbox_stats(s, &st);
                format_bytes(s->memory_current != UINT64_MAX ? s->memory_current : st.memory_current, mem,
                             sizeof mem);
                format_bytes(st.memory_peak, peak, sizeof peak);
                format_bytes(st.memory_swap_current, swap, sizeof swap);
                format_bytes(st.memory_swap_peak, swap_peak, sizeof swap_peak);
                format_nsec(s->cpu_usage_nsec, cpu, sizeof cpu);
                printf("%s\n", s->name);
                printf("     Unit: %s\n", s->unit ?: "-");
                if (s->backend == BACKEND_SYSTEMD)
                        printf("  Backend: systemd (%s manager)\n", s->user ? "user" : "system");
                else
                        printf("  Backend: %s\n", backend_kind_to_string(s->backend));
                printf("    State: %s%s%s\n", s->state ?: "-", st.frozen > 0 ? " (frozen)" : "",
                       s->state && streq(s->state, "orphaned") ?
                       " (its sandboxctl supervisor is gone; 'sandboxctl stop' removes it)" : "");
                printf("   Frozen: %s\n", st.frozen < 0 ? "-" : st.frozen > 0 ? "yes" : "no");
                if (s->pid > 0)
                        printf("      PID: %d\n", (int) s->pid);
                if (s->supervisor > 0)
                        printf("Supervisor: %d\n", (int) s->supervisor);
                if (s->tasks_current != UINT64_MAX)
                        printf("    Tasks: %" PRIu64 "\n", s->tasks_current);
                printf("   Memory: %s (peak: %s, swap: %s, swap peak: %s)\n", mem, peak, swap, swap_peak);
                printf("      CPU: %s\n", cpu);
                print_pressure("Pressure", "memory", &st.memory_pressure);
                print_pressure("", "cpu", &st.cpu_pressure);
                print_pressure("", "io", &st.io_pressure);
                printf("   CGroup: %s\n", s->cgroup ?: "-");
        }

        sandbox_info_array_free(s, 1);
        return EXIT_OK;
}

static int parse_signal(const char *s) {
        static const struct {
                const char *name;
                int sig;
        } table[] = {
                { "HUP", SIGHUP }, { "INT", SIGINT }, { "QUIT", SIGQUIT }, { "KILL", SIGKILL },
                { "USR1", SIGUSR1 }, { "USR2", SIGUSR2 }, { "TERM", SIGTERM }, { "CONT", SIGCONT },
                { "STOP", SIGSTOP }, { "ALRM", SIGALRM },
        };
        char *end;
        long v;

        if (strncmp(s, "SIG", 3) == 0)
                s += 3;
        for (size_t i = 0; i < ELEMENTSOF(table); i++)
                if (strcasecmp(s, table[i].name) == 0)
                        return table[i].sig;
        errno = 0;
        v = strtol(s, &end, 10);
        if (errno == 0 && *end == '\0' && v > 0 && v < 65)
                return (int) v;
        return -EINVAL;
}

int verb_stop(int argc, char **argv) {
        int signo = 0, ret = EXIT_OK;

        if (arg_signal) {
                signo = parse_signal(arg_signal);
                if (signo < 0) {
                        log_error("Unknown signal '%s'.", arg_signal);
                        return EXIT_USAGE;
                }
        }

        for (int i = 0; i < argc; i++) {
                SandboxInfo *s = NULL;
                int r;

                r = backend_find_sandbox(&arg_backend, argv[i], &s);
                if (r == -ENOENT) {
                        log_error("No sandbox '%s' is running (see 'sandboxctl list').", argv[i]);
                        ret = EXIT_INVALID;
                        continue;
                }
                if (r < 0) {
                        log_error_errno(r, "Failed to look up sandbox '%s': %m", argv[i]);
                        ret = EXIT_INVALID;
                        continue;
                }
                r = backend_stop_sandbox(&arg_backend, s, signo); /* logs its failures */
                if (r < 0)
                        ret = EXIT_INVALID;
                sandbox_info_array_free(s, 1);
        }
        return ret;
}

/* Runs op on every named sandbox; exit 1 when any is unknown or fails. */
static int for_each_sandbox(int argc, char **argv, int (*op)(const SandboxInfo *s, int arg), int arg) {
        int ret = EXIT_OK;

        for (int i = 0; i < argc; i++) {
                SandboxInfo *s = NULL;
                int r;

                r = backend_find_sandbox(&arg_backend, argv[i], &s);
                if (r == -ENOENT) {
                        log_error("No sandbox '%s' is running (see 'sandboxctl list').", argv[i]);
                        ret = EXIT_INVALID;
                        continue;
                }
                if (r < 0) {
                        log_error_errno(r, "Failed to look up sandbox '%s': %m", argv[i]);
                        ret = EXIT_INVALID;
                        continue;
                }
                if (op(s, arg) < 0) /* logs its failures */
                        ret = EXIT_INVALID;
                sandbox_info_array_free(s, 1);
        }
        return ret;
}

static int op_freeze(const SandboxInfo *s, int freeze) {
        return backend_freeze_sandbox(&arg_backend, s, freeze);
}

static int op_kill(const SandboxInfo *s, int signo) {
        return backend_kill_sandbox(&arg_backend, s, signo);
}

int verb_freeze(int argc, char **argv) {
        return for_each_sandbox(argc, argv, op_freeze, true);
}

int verb_thaw(int argc, char **argv) {
        return for_each_sandbox(argc, argv, op_freeze, false);
}

int verb_kill(int argc, char **argv) {
        int signo = SIGTERM;

        if (arg_signal) {
                signo = parse_signal(arg_signal);
                if (signo < 0) {
                        log_error("Unknown signal '%s'.", arg_signal);
                        return EXIT_USAGE;
                }
        }
        return for_each_sandbox(argc, argv, op_kill, signo);
}
