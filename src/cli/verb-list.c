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

/* The JSON object of one sandbox (documented in sandboxctl(1), "list --json"). */
static void sandbox_json(JsonOut *j, const SandboxInfo *s) {
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
        json_uint_or_null(j, "memory_current", s->memory_current);
        json_uint_or_null(j, "cpu_usage_nsec", s->cpu_usage_nsec);
        json_uint_or_null(j, "tasks_current", s->tasks_current);
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
                char mem[32], cpu[32];

                format_bytes(s->memory_current, mem, sizeof mem);
                format_nsec(s->cpu_usage_nsec, cpu, sizeof cpu);
                printf("%s\n", s->name);
                printf("     Unit: %s\n", s->unit ?: "-");
                if (s->backend == BACKEND_SYSTEMD)
                        printf("  Backend: systemd (%s manager)\n", s->user ? "user" : "system");
                else
                        printf("  Backend: %s\n", backend_kind_to_string(s->backend));
                printf("    State: %s%s\n", s->state ?: "-",
                       s->state && streq(s->state, "orphaned") ?
                       " (its sandboxctl supervisor is gone; 'sandboxctl stop' removes it)" : "");
                if (s->pid > 0)
                        printf("      PID: %d\n", (int) s->pid);
                if (s->supervisor > 0)
                        printf("Supervisor: %d\n", (int) s->supervisor);
                if (s->tasks_current != UINT64_MAX)
                        printf("    Tasks: %" PRIu64 "\n", s->tasks_current);
                printf("   Memory: %s\n", mem);
                printf("      CPU: %s\n", cpu);
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
