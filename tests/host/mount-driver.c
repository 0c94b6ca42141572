/* SPDX-License-Identifier: MIT */
/* A test driver for the mount list alone, independent of `start`: builds a plan from --set KEY=VALUE
 * arguments (a small parser for the mount directives only), compiles the mount list, enters a new mount
 * namespace, applies the list and execs the probe. Used by tests/host/test-mount-*.sh to prove
 * src/compile/mount-list.c on its own; the same tests also run every unit through `sandboxctl start`.
 *
 *   mount-driver [--dump] [--unit FILE] [--set KEY=VALUE]… [-- CMD [ARGS…]]
 *
 * --unit reads the [Sandbox]/[Service] assignments of a (simple) unit file: one KEY=VALUE per line,
 * trailing-backslash continuations, '#'/';' comments, ExecStart= split on blanks with '…'/"…" quoting.
 * Without "-- CMD" the unit's ExecStart= runs.
 *
 * Exit status: the probe's; 1 when the list does not compile (diagnostics on stderr as FILE:LINE:);
 * 226 (systemd's EXIT_NAMESPACE) when applying fails. */
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "mount-list.h"

static bool parse_bool(const char *v) {
        return streq(v, "yes") || streq(v, "true") || streq(v, "on") || streq(v, "1");
}

static void path_list_add(PathSpecList *l, char *words) {
        for (char *w = strtok(words, " "); w; w = strtok(NULL, " ")) {
                PathSpec s = {};

                if (*w == '-') {
                        s.ignore_missing = true;
                        w++;
                }
                if (*w == '+') {
                        s.below_root = true;
                        w++;
                }
                s.path = xstrdup(w);
                l->items = xrealloc(l->items, (l->n + 1) * sizeof(PathSpec));
                l->items[l->n++] = s;
        }
}

static void bind_list_add(BindSpecList *l, char *words, bool read_only) {
        for (char *w = strtok(words, " "); w; w = strtok(NULL, " ")) {
                BindSpec b = { .recursive = true, .read_only = read_only };
                char *c;

                if (*w == '-') {
                        b.ignore_missing = true;
                        w++;
                }
                c = strchr(w, ':');
                if (c) {
                        char *o;

                        *c++ = '\0';
                        o = strchr(c, ':');
                        if (o) {
                                *o++ = '\0';
                                b.recursive = !streq(o, "norbind");
                        }
                        b.destination = xstrdup(c);
                } else
                        b.destination = xstrdup(w);
                b.source = xstrdup(w);
                l->items = xrealloc(l->items, (l->n + 1) * sizeof(BindSpec));
                l->items[l->n++] = b;
        }
}

static int set(SandboxPlan *p, const char *file, const char *assignment, unsigned index) {
        _cleanup_free_ char *key = NULL;
        char *value;
        ExecPart *e = &p->exec;
        const char *eq = strchr(assignment, '=');

        if (!eq)
                return -EINVAL;
        key = xstrndup(assignment, eq - assignment);
        value = xstrdup(eq + 1);

        if (streq(key, "PrivateUsers"))
                e->private_users = parse_bool(value);
        else if (streq(key, "PrivateTmp"))
                e->private_tmp = parse_bool(value);
        else if (streq(key, "PrivateDevices"))
                e->private_devices = parse_bool(value);
        else if (streq(key, "PrivateMounts"))
                e->private_mounts = parse_bool(value);
        else if (streq(key, "PrivateIPC"))
                e->private_ipc = parse_bool(value);
        else if (streq(key, "ProtectKernelTunables"))
                e->protect_kernel_tunables = parse_bool(value);
        else if (streq(key, "ProtectKernelModules"))
                e->protect_kernel_modules = parse_bool(value);
        else if (streq(key, "ProtectKernelLogs"))
                e->protect_kernel_logs = parse_bool(value);
        else if (streq(key, "ProtectControlGroups"))
                e->protect_control_groups = parse_bool(value) ? PROTECT_CONTROL_GROUPS_YES :
                        streq(value, "private") ? PROTECT_CONTROL_GROUPS_PRIVATE :
                        streq(value, "strict") ? PROTECT_CONTROL_GROUPS_STRICT : PROTECT_CONTROL_GROUPS_NO;
        else if (streq(key, "ProtectSystem"))
                e->protect_system = streq(value, "strict") ? PROTECT_SYSTEM_STRICT :
                        streq(value, "full") ? PROTECT_SYSTEM_FULL :
                        parse_bool(value) ? PROTECT_SYSTEM_YES : PROTECT_SYSTEM_NO;
        else if (streq(key, "ProtectHome"))
                e->protect_home = streq(value, "read-only") ? PROTECT_HOME_READ_ONLY :
                        streq(value, "tmpfs") ? PROTECT_HOME_TMPFS :
                        parse_bool(value) ? PROTECT_HOME_YES : PROTECT_HOME_NO;
        else if (streq(key, "ProtectProc"))
                e->protect_proc = streq(value, "invisible") ? PROTECT_PROC_INVISIBLE :
                        streq(value, "noaccess") ? PROTECT_PROC_NOACCESS :
                        streq(value, "ptraceable") ? PROTECT_PROC_PTRACEABLE : PROTECT_PROC_DEFAULT;
        else if (streq(key, "ProcSubset"))
                e->proc_subset = streq(value, "pid") ? PROC_SUBSET_PID : PROC_SUBSET_ALL;
        else if (streq(key, "RootDirectory"))
                e->root_directory = xstrdup(value);
        else if (streq(key, "MountAPIVFS")) {
                e->mount_api_vfs = parse_bool(value);
                e->mount_api_vfs_set = true;
        } else if (streq(key, "ReadOnlyPaths"))
                path_list_add(&e->read_only_paths, value);
        else if (streq(key, "ReadWritePaths"))
                path_list_add(&e->read_write_paths, value);
        else if (streq(key, "InaccessiblePaths"))
                path_list_add(&e->inaccessible_paths, value);
        else if (streq(key, "ExecPaths"))
                path_list_add(&e->exec_paths, value);
        else if (streq(key, "NoExecPaths"))
                path_list_add(&e->no_exec_paths, value);
        else if (streq(key, "BindPaths"))
                bind_list_add(&e->bind_paths, value, false);
        else if (streq(key, "BindReadOnlyPaths"))
                bind_list_add(&e->bind_paths, value, true);
        else if (streq(key, "TemporaryFileSystem")) {
                for (char *w = strtok(value, " "); w; w = strtok(NULL, " ")) {
                        TmpfsSpec t = {};
                        char *c = strchr(w, ':');

                        if (c) {
                                *c++ = '\0';
                                t.options = xstrdup(c);
                        }
                        t.path = xstrdup(w);
                        e->temporary_file_system.items = xrealloc(e->temporary_file_system.items,
                                                                  (e->temporary_file_system.n + 1) * sizeof(TmpfsSpec));
                        e->temporary_file_system.items[e->temporary_file_system.n++] = t;
                }
        } else {
                fprintf(stderr, "mount-driver: unknown key '%s'\n", key);
                return -EINVAL;
        }

        p->set = xrealloc(p->set, (p->n_set + 1) * sizeof(DirectiveOrigin));
        p->set[p->n_set++] = (DirectiveOrigin) {
                .name = strdup(key),
                .file = xstrdup(file),
                .line = index,
        };
        return 0;
}

/* ExecStart= → argv, with '…' and "…" quoting (no escapes: enough for the test units). */
static char **command_split(const char *v) {
        char **argv = NULL;
        size_t n = 0;

        for (;;) {
                char *w = xmalloc(strlen(v) + 1), *o = w;

                while (*v == ' ' || *v == '\t')
                        v++;
                if (*v == '\0') {
                        free(w);
                        break;
                }
                while (*v && *v != ' ' && *v != '\t') {
                        if (*v == '\'' || *v == '"') {
                                char q = *v++;

                                while (*v && *v != q) {
                                        if (v[0] == '%' && v[1] == '%')
                                                v++;
                                        *o++ = *v++;
                                }
                                if (*v)
                                        v++;
                        } else if (v[0] == '%' && v[1] == '%') {
                                /* the only specifier the test units use: "%%" for '%' */
                                *o++ = '%';
                                v += 2;
                        } else
                                *o++ = *v++;
                }
                *o = '\0';
                argv = xrealloc(argv, (n + 2) * sizeof(char *));
                argv[n++] = w;
                argv[n] = NULL;
        }
        return argv;
}

static int unit_read(SandboxPlan *p, const char *path, char ***ret_command) {
        _cleanup_fclose_ FILE *f = fopen(path, "re");
        char line[8192], logical[65536];
        unsigned lineno = 0, start = 0;
        bool in_sandbox = false, cont = false;

        if (!f) {
                fprintf(stderr, "mount-driver: %s: %m\n", path);
                return -errno;
        }
        free(p->unit_path);
        p->unit_path = xstrdup(path);
        while (fgets(line, sizeof(line), f)) {
                size_t l = strcspn(line, "\n");
                char *s = line;

                line[l] = '\0';
                lineno++;
                if (!cont) {
                        while (*s == ' ' || *s == '\t')
                                s++;
                        if (*s == '#' || *s == ';' || *s == '\0')
                                continue;
                        if (*s == '[') {
                                in_sandbox = streq(s, "[Sandbox]") || streq(s, "[Service]");
                                continue;
                        }
                        logical[0] = '\0';
                        start = lineno;
                }
                l = strlen(s);
                cont = l > 0 && s[l - 1] == '\\';
                if (cont)
                        s[--l] = ' ';
                if (strlen(logical) + l + 1 >= sizeof(logical))
                        return -E2BIG;
                strcat(logical, s);
                if (cont || !in_sandbox)
                        continue;
                if (strneq(logical, "ExecStart=", 10)) {
                        *ret_command = command_split(logical + 10);
                        continue;
                }
                if (set(p, path, logical, start) < 0)
                        return -EINVAL;
        }
        return 0;
}

/* PrivateUsers=: a user namespace mapping only the caller's ids onto themselves (as `unshare -r` for root),
 * so mknod() and new procfs instances are refused and the fallbacks of the mount list run. */
static int write_file(const char *path, const char *s) {
        _cleanup_close_ int fd = open(path, O_WRONLY | O_CLOEXEC);

        if (fd < 0 || write(fd, s, strlen(s)) != (ssize_t) strlen(s))
                return -errno;
        return 0;
}

static int user_namespace_enter(void) {
        char map[64];
        uid_t uid = getuid();
        gid_t gid = getgid();

        if (unshare(CLONE_NEWUSER) < 0)
                return -errno;
        snprintf(map, sizeof(map), "%u %u 1\n", (unsigned) uid, (unsigned) uid);
        if (write_file("/proc/self/uid_map", map) < 0)
                return -errno;
        if (write_file("/proc/self/setgroups", "deny") < 0)
                return -errno;
        snprintf(map, sizeof(map), "%u %u 1\n", (unsigned) gid, (unsigned) gid);
        return write_file("/proc/self/gid_map", map);
}

int main(int argc, char **argv) {
        SandboxPlan *p = xcalloc(1, sizeof(SandboxPlan));
        DiagList diags = {};
        MountList *m = NULL;
        const char *failed = NULL;
        char **command = NULL;
        bool dump = false;
        unsigned index = 0;
        int i, r;

        p->unit_path = xstrdup("<mount-driver>");
        for (i = 1; i < argc; i++) {
                if (streq(argv[i], "--")) {
                        i++;
                        break;
                }
                if (streq(argv[i], "--dump"))
                        dump = true;
                else if (streq(argv[i], "--unit") && i + 1 < argc) {
                        if (unit_read(p, argv[++i], &command) < 0)
                                return 2;
                } else if (streq(argv[i], "--set") && i + 1 < argc) {
                        if (set(p, "<command line>", argv[++i], ++index) < 0)
                                return 2;
                } else {
                        fprintf(stderr, "usage: mount-driver [--dump] [--unit FILE] [--set KEY=VALUE]… [-- CMD [ARGS…]]\n");
                        return 2;
                }
        }

        r = mount_list_compile(p, &diags, &m);
        diag_list_print(&diags, stderr);
        if (r < 0)
                return 1;
        if (dump)
                mount_list_dump(m, stdout);
        if (i < argc)
                command = argv + i;
        if (!command)
                return 0;

        if (p->exec.private_users && user_namespace_enter() < 0) {
                perror("mount-driver: user namespace");
                return 226;
        }
        if (unshare(CLONE_NEWNS) < 0) {
                perror("mount-driver: unshare(CLONE_NEWNS)");
                return 226;
        }
        r = mount_list_apply(m, &failed);
        if (r < 0) {
                fprintf(stderr, "mount-driver: Failed at step MOUNTS: %s: %s\n", failed ?: "?", strerror(-r));
                return 226;
        }
        fflush(stdout);
        execvp(command[0], command);
        perror("mount-driver: execvp");
        return 127;
}
