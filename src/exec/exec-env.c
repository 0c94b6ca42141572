/* SPDX-License-Identifier: MIT */
/* The payload's environment, built in the parent as systemd builds a service's (build_environment() and
 * exec_context_load_environment()): the manager's PATH < $HOME $USER $LOGNAME $SHELL for User= <
 * PassEnvironment= < Environment= < EnvironmentFile=, then UnsetEnvironment=. Never the caller's whole
 * environment. */
#include <ctype.h>
#include <stdlib.h>

#include "exec-internal.h"
#include "strv.h"

#define DEFAULT_PATH "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

static bool env_name_valid(const char *s, size_t n) {
        if (n == 0 || isdigit((unsigned char) s[0]))
                return false;
        for (size_t i = 0; i < n; i++)
                if (!(isalnum((unsigned char) s[i]) || s[i] == '_'))
                        return false;
        return true;
}

/* Sets "KEY=VALUE" (takes ownership), replacing an earlier KEY. */
static void env_put(char ***env, char *assignment) {
        size_t klen = strcspn(assignment, "=");

        for (char **e = *env; e && *e; e++)
                if (strneq(*e, assignment, klen) && (*e)[klen] == '=') {
                        free(*e);
                        *e = assignment;
                        return;
                }
        strv_consume(env, assignment);
}

static void env_unset(char **env, const char *spec) {
        bool exact = strchr(spec, '=');
        size_t klen = strcspn(spec, "=");
        char **w = env;

        for (char **e = env; e && *e; e++) {
                bool match = exact ? streq(*e, spec) : (strneq(*e, spec, klen) && (*e)[klen] == '=');

                if (match)
                        free(*e);
                else
                        *w++ = *e;
        }
        if (w)
                *w = NULL;
}

typedef struct Buf {
        char *s;
        size_t n, allocated;
} Buf;

static void buf_push(Buf *b, char c) {
        b->s = xgreedy_realloc(b->s, &b->allocated, b->n + 2, 1);
        b->s[b->n++] = c;
        b->s[b->n] = '\0';
}

/* systemd's environment-file syntax (parse_env_file_internal()): KEY=VALUE lines, '#' and ';' comment lines,
 * whitespace around KEY and unquoted VALUE trimmed, '…' literal, "…" with backslash escapes, a backslash at
 * the end of a line continues it. Invalid lines are skipped. */
static void env_file_parse(const char *text, char ***env) {
        enum { PRE_KEY, KEY, PRE_VALUE, VALUE, SQUOTE, DQUOTE, COMMENT } state = PRE_KEY;
        Buf key = {}, value = {};
        size_t trailing_ws = 0; /* unquoted trailing whitespace in value, trimmed at the end */
        bool last_was_escape = false;

        for (const char *p = text;; p++) {
                char c = *p;

                switch (state) {
                case PRE_KEY:
                        if (c == '\0')
                                goto done;
                        if (c == '#' || c == ';')
                                state = COMMENT;
                        else if (!isspace((unsigned char) c)) {
                                key.n = 0;
                                buf_push(&key, c);
                                state = KEY;
                        }
                        break;
                case KEY:
                        if (c == '\0' || c == '\n') {
                                state = PRE_KEY; /* no '=': invalid, skipped */
                                if (c == '\0')
                                        goto done;
                        } else if (c == '=') {
                                while (key.n > 0 && isspace((unsigned char) key.s[key.n - 1]))
                                        key.s[--key.n] = '\0';
                                /* allocate, then empty */
                                value.n = 0;
                                buf_push(&value, 'x');
                                value.s[--value.n] = '\0';
                                trailing_ws = 0;
                                state = PRE_VALUE;
                        } else
                                buf_push(&key, c);
                        break;
                case PRE_VALUE:
                        if (c == ' ' || c == '\t')
                                break;
                        state = VALUE;
                        __attribute__((fallthrough));
                case VALUE:
                        if (last_was_escape) {
                                last_was_escape = false;
                                if (c == '\0')
                                        goto emit;
                                if (c != '\n')
                                        buf_push(&value, c);
                                trailing_ws = 0;
                                break;
                        }
                        if (c == '\0' || c == '\n')
                                goto emit;
                        if (c == '\\')
                                last_was_escape = true;
                        else if (c == '\'')
                                state = SQUOTE, trailing_ws = 0;
                        else if (c == '"')
                                state = DQUOTE, trailing_ws = 0;
                        else {
                                buf_push(&value, c);
                                trailing_ws = isspace((unsigned char) c) ? trailing_ws + 1 : 0;
                        }
                        break;
                case SQUOTE:
                        if (c == '\0')
                                goto emit;
                        if (c == '\'')
                                state = VALUE;
                        else
                                buf_push(&value, c);
                        break;
                case DQUOTE:
                        if (c == '\0')
                                goto emit;
                        if (last_was_escape) {
                                last_was_escape = false;
                                if (c == '\n')
                                        break;
                                if (!strchr("\"\\`$", c))
                                        buf_push(&value, '\\');
                                buf_push(&value, c);
                        } else if (c == '\\')
                                last_was_escape = true;
                        else if (c == '"')
                                state = VALUE;
                        else
                                buf_push(&value, c);
                        break;
                case COMMENT:
                        if (c == '\0')
                                goto done;
                        if (c == '\n')
                                state = PRE_KEY;
                        break;
                }
                continue;

        emit:
                value.n -= MIN(trailing_ws, value.n);
                if (value.s)
                        value.s[value.n] = '\0';
                if (env_name_valid(key.s, key.n))
                        env_put(env, xasprintf("%s=%s", key.s, value.s ?: ""));
                last_was_escape = false;
                state = PRE_KEY;
                if (c == '\0')
                        goto done;
        }
done:
        free(key.s);
        free(value.s);
}

static int env_file_read(const char *path, char **ret) {
        _cleanup_fclose_ FILE *f = NULL;
        _cleanup_free_ char *buf = NULL;
        size_t n = 0, allocated = 0;
        int c;

        f = fopen(path, "re");
        if (!f)
                return -errno;
        while ((c = fgetc(f)) != EOF) {
                if (c == '\0')
                        return -EBADMSG;
                if (n > 16u * 1024u * 1024u)
                        return -EFBIG;
                buf = xgreedy_realloc(buf, &allocated, n + 2, 1);
                buf[n++] = (char) c;
        }
        if (ferror(f))
                return -EIO;
        buf = xgreedy_realloc(buf, &allocated, n + 1, 1);
        buf[n] = '\0';
        *ret = TAKE_PTR(buf);
        return 0;
}

int exec_env_build(const SandboxPlan *p, const ExecCreds *c, DiagList *diags, char ***ret) {
        const ExecPart *e = &p->exec;
        _cleanup_strv_free_ char **env = NULL;
        bool failed = false;

        env_put(&env, xstrdup("PATH=" DEFAULT_PATH));

        if (c->user_name) {
                env_put(&env, xasprintf("HOME=%s", c->home));
                env_put(&env, xasprintf("USER=%s", c->user_name));
                env_put(&env, xasprintf("LOGNAME=%s", c->user_name));
                env_put(&env, xasprintf("SHELL=%s", c->shell));
        }

        STRV_FOREACH(n, e->pass_environment) {
                const char *v = secure_getenv(*n);

                if (v)
                        env_put(&env, xasprintf("%s=%s", *n, v));
        }

        STRV_FOREACH(a, e->environment)
                if (strchr(*a, '='))
                        env_put(&env, xstrdup(*a));

        for (size_t i = 0; i < e->environment_files.n; i++) {
                const PathSpec *ps = &e->environment_files.items[i];
                _cleanup_free_ char *text = NULL;
                int r;

                r = env_file_read(ps->path, &text);
                if (r == -ENOENT && ps->ignore_missing)
                        continue;
                if (r < 0) {
                        const DirectiveOrigin *o = NULL;

                        (void) sandbox_plan_has(p, "EnvironmentFile", &o);
                        diag_add(diags, false, o ? o->file : p->unit_path, o ? o->line : 0, "EnvironmentFile",
                                 "EnvironmentFile=: cannot read '%s': %s", ps->path, strerror(-r));
                        failed = true;
                        continue;
                }
                env_file_parse(text, &env);
        }

        STRV_FOREACH(u, e->unset_environment)
                env_unset(env, *u);

        if (failed)
                return -EINVAL;
        *ret = TAKE_PTR(env);
        return 0;
}
