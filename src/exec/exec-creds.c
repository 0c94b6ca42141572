/* SPDX-License-Identifier: MIT */
/* User=, Group=, SupplementaryGroups=: resolved through NSS in the parent before any namespace exists
 * (systemd resolves them before namespaces too: NSS may need the host's files and sockets), applied in the
 * child with setgroups()/setresgid()/setresuid(). */
#include <grp.h>
#include <pwd.h>
#include <stdint.h>
#include <stdlib.h>

#include "exec-internal.h"
#include "strv.h"

static int parse_id(const char *s, uint32_t *ret) {
        char *end;
        unsigned long v;

        if (isempty(s) || s[0] < '0' || s[0] > '9')
                return -EINVAL;
        errno = 0;
        v = strtoul(s, &end, 10);
        if (errno != 0 || *end || v >= UINT32_MAX - 1) /* (uid_t) -1 and 65535-style "invalid" are refused */
                return -EINVAL;
        *ret = (uint32_t) v;
        return 0;
}

static void origin_of(const SandboxPlan *p, const char *name, const char **file, unsigned *line) {
        const DirectiveOrigin *o = NULL;

        (void) sandbox_plan_has(p, name, &o);
        *file = o ? o->file : p->unit_path;
        *line = o ? o->line : 0;
}

static int resolve_group(const SandboxPlan *p, DiagList *diags, const char *directive, const char *name,
                         gid_t *ret) {
        struct group *g;
        uint32_t id;
        const char *file;
        unsigned line;

        errno = 0;
        g = getgrnam(name);
        if (g) {
                *ret = g->gr_gid;
                return 0;
        }
        if (parse_id(name, &id) >= 0) {
                *ret = id;
                return 0;
        }
        origin_of(p, directive, &file, &line);
        diag_add(diags, false, file, line, directive,
                 "%s=: unknown group '%s' (not in the group database; create it, or name an existing group "
                 "or a numeric GID).", directive, name);
        return -EINVAL;
}

int exec_creds_resolve(const SandboxPlan *p, DiagList *diags, ExecCreds *ret) {
        const ExecPart *e = &p->exec;
        ExecCreds c = {};
        bool failed = false;
        const char *file;
        unsigned line;
        int r;

        if (e->user) {
                struct passwd *pw;
                uint32_t id;

                errno = 0;
                pw = getpwnam(e->user);
                if (!pw && parse_id(e->user, &id) >= 0) {
                        pw = getpwuid(id);
                        if (!pw) {
                                /* A numeric id without a passwd entry: systemd accepts it, with the
                                 * same number as primary group unless Group= says otherwise. */
                                c.set_uid = c.set_gid = true;
                                c.uid = id;
                                c.gid = id;
                        }
                }
                if (pw) {
                        c.set_uid = c.set_gid = true;
                        c.uid = pw->pw_uid;
                        c.gid = pw->pw_gid;
                        c.user_name = xstrdup(pw->pw_name);
                        c.home = xstrdup(pw->pw_dir);
                        c.shell = xstrdup(pw->pw_shell);
                }
                if (!c.set_uid) {
                        origin_of(p, "User", &file, &line);
                        diag_add(diags, false, file, line, "User",
                                 "User=: unknown user '%s' (not in the user database; create it, or name an "
                                 "existing user or a numeric UID).", e->user);
                        failed = true;
                }
        }

        if (e->group) {
                gid_t g;

                r = resolve_group(p, diags, "Group", e->group, &g);
                if (r < 0)
                        failed = true;
                else {
                        c.set_gid = true;
                        c.gid = g;
                }
        }

        /* setgroups(): the user's groups from the group database (initgroups()) plus SupplementaryGroups=.
         * Without User= and Group= the caller's groups stay unless SupplementaryGroups= is set. */
        if (c.set_uid || c.set_gid || strv_length(e->supplementary_groups) > 0) {
                c.set_groups = true;

                if (c.user_name) {
                        int n = 64;

                        for (;;) {
                                c.groups = xrealloc(c.groups, sizeof(gid_t) * n);
                                int k = n;
                                if (getgrouplist(c.user_name, c.gid, c.groups, &k) >= 0) {
                                        c.n_groups = k;
                                        break;
                                }
                                if (k <= n)
                                        k = n * 2;
                                n = k;
                        }
                }

                STRV_FOREACH(s, e->supplementary_groups) {
                        gid_t g;
                        bool dup = false;

                        r = resolve_group(p, diags, "SupplementaryGroups", *s, &g);
                        if (r < 0) {
                                failed = true;
                                continue;
                        }
                        for (size_t i = 0; i < c.n_groups; i++)
                                dup = dup || c.groups[i] == g;
                        if (dup)
                                continue;
                        c.groups = xrealloc(c.groups, sizeof(gid_t) * (c.n_groups + 1));
                        c.groups[c.n_groups++] = g;
                }
        }

        if (failed) {
                exec_creds_done(&c);
                return -EINVAL;
        }
        *ret = c;
        return 0;
}

void exec_creds_done(ExecCreds *c) {
        free(c->groups);
        free(c->user_name);
        free(c->home);
        free(c->shell);
        *c = (ExecCreds) {};
}

int exec_creds_apply_groups(const ExecCreds *c) {
        if (c->set_groups && setgroups(c->n_groups, c->groups) < 0)
                return -errno;
        if (c->set_gid && setresgid(c->gid, c->gid, c->gid) < 0)
                return -errno;
        return 0;
}

int exec_creds_apply_user(const ExecCreds *c) {
        if (c->set_uid && setresuid(c->uid, c->uid, c->uid) < 0)
                return -errno;
        return 0;
}
