/* SPDX-License-Identifier: MIT */
/* The name-table verbs: syscall-filter (as `systemd-analyze syscall-filter`) and capabilities. */
#include "json-out.h"
#include "log.h"
#include "names.h"
#include "strv.h"
#include "verbs.h"

static void dump_group(const SyscallGroup *g) {
        const char *p = g->members;

        printf("%s\n    # %s\n", g->name, g->help);
        while (*p) {
                size_t n = strcspn(p, " ");

                if (n > 0)
                        printf("    %.*s\n", (int) n, p);
                p += n;
                p += strspn(p, " ");
        }
}

static void json_group(JsonOut *j, const SyscallGroup *g) {
        const char *p = g->members;

        json_out_begin_object(j);
        json_out_key(j, "name");
        json_out_string(j, g->name);
        json_out_key(j, "help");
        json_out_string(j, g->help);
        json_out_key(j, "members");
        json_out_begin_array(j);
        while (*p) {
                size_t n = strcspn(p, " ");

                if (n > 0) {
                        _cleanup_free_ char *w = xstrndup(p, n);

                        json_out_string(j, w);
                }
                p += n;
                p += strspn(p, " ");
        }
        json_out_end_array(j);
        json_out_end_object(j);
}

/* Direct members of @known that no other group lists directly: systemd-analyze's "Ungrouped" section. */
static char **ungrouped_syscalls(void) {
        const SyscallGroup *known = syscall_group_lookup("@known");
        _cleanup_strv_free_ char **l = NULL;

        if (!known)
                return NULL;
        for (const char *p = known->members; *p;) {
                size_t n = strcspn(p, " ");
                _cleanup_free_ char *w = xstrndup(p, n);

                p += n;
                p += strspn(p, " ");
                if (n == 0 || w[0] == '@')
                        continue;
                for (size_t i = 0; i < syscall_groups_count && w; i++) {
                        const char *m = syscall_groups[i].members;

                        if (&syscall_groups[i] == known)
                                continue;
                        /* word match inside the space-separated list */
                        for (const char *q = strstr(m, w); q; q = strstr(q + 1, w))
                                if ((q == m || q[-1] == ' ') && (q[n] == ' ' || q[n] == '\0')) {
                                        free(w);
                                        w = NULL;
                                        break;
                                }
                }
                if (w)
                        strv_consume(&l, TAKE_PTR(w));
        }
        strv_sort(l);
        return TAKE_PTR(l);
}

int verb_syscall_filter(int argc, char **argv) {
        /* Validate every argument before printing anything, so a typo does not produce half a listing. */
        for (int i = 0; i < argc; i++)
                if (!syscall_group_lookup(argv[i])) {
                        log_error("Unknown system call group '%s'%s; 'sandboxctl syscall-filter' lists them.",
                                  argv[i], argv[i][0] == '@' ? "" : " (group names start with '@')");
                        return EXIT_INVALID;
                }

        if (arg_json) {
                JsonOut j;

                json_out_init(&j, stdout);
                json_out_begin_array(&j);
                if (argc == 0)
                        for (size_t i = 0; i < syscall_groups_count; i++)
                                json_group(&j, &syscall_groups[i]);
                else
                        for (int i = 0; i < argc; i++)
                                json_group(&j, syscall_group_lookup(argv[i]));
                json_out_end_array(&j);
                json_out_finish(&j);
                return fflush(stdout) == 0 ? EXIT_OK : EXIT_INVALID;
        }

        if (argc == 0) {
                _cleanup_strv_free_ char **ungrouped = NULL;

                for (size_t i = 0; i < syscall_groups_count; i++) {
                        if (i > 0)
                                putchar('\n');
                        dump_group(&syscall_groups[i]);
                }
                ungrouped = ungrouped_syscalls();
                if (ungrouped) {
                        printf("\n# Ungrouped System Calls (known but not included in any of the groups except @known):\n");
                        STRV_FOREACH(s, ungrouped)
                                printf("#   %s\n", *s);
                }
        } else
                for (int i = 0; i < argc; i++) {
                        if (i > 0)
                                putchar('\n');
                        dump_group(syscall_group_lookup(argv[i]));
                }

        return fflush(stdout) == 0 ? EXIT_OK : EXIT_INVALID;
}

int verb_capabilities(int argc, char **argv) {
        if (arg_json) {
                JsonOut j;

                json_out_init(&j, stdout);
                json_out_begin_array(&j);
                for (int c = 0; c <= CAPABILITY_TABLE_LAST; c++) {
                        json_out_begin_object(&j);
                        json_out_key(&j, "name");
                        json_out_string(&j, capability_to_name(c));
                        json_out_key(&j, "number");
                        json_out_int(&j, c);
                        json_out_end_object(&j);
                }
                json_out_end_array(&j);
                json_out_finish(&j);
        } else {
                printf("%-24s %s\n", "NAME", "NUMBER");
                for (int c = 0; c <= CAPABILITY_TABLE_LAST; c++)
                        printf("%-24s %6d\n", capability_to_name(c), c);
        }
        return fflush(stdout) == 0 ? EXIT_OK : EXIT_INVALID;
}
