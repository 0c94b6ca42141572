/* SPDX-License-Identifier: MIT */
/* %-specifiers (spec/directives.md §1.5, systemd's src/core/unit-printf.c). The "manager's user" of
 * systemd is the invoking user here (geteuid()): root gets the system values, anyone else the user
 * manager's. %d and the deprecated %c %r %R are refused, as is any specifier not listed below. */
#include <assert.h>
#include <ctype.h>
#include <grp.h>
#include <pwd.h>
#include <stdint.h>
#include <sys/utsname.h>

#include "unit-file.h"

typedef struct Buffer {
        char *s;
        size_t len, allocated;
} Buffer;

static void buffer_append(Buffer *b, const char *s, size_t n) {
        b->s = xgreedy_realloc(b->s, &b->allocated, b->len + n + 1, 1);
        memcpy(b->s + b->len, s, n);
        b->len += n;
        b->s[b->len] = '\0';
}

/* Unit name unescaping (systemd-escape): "-" → "/", "\xNN" → the byte. */
static char *unit_name_unescape(const char *s) {
        char *t = xmalloc(strlen(s) + 1), *q = t;

        for (const char *p = s; *p; p++) {
                if (*p == '-')
                        *q++ = '/';
                else if (p[0] == '\\' && p[1] == 'x' && isxdigit((unsigned char) p[2]) &&
                         isxdigit((unsigned char) p[3])) {
                        char hex[3] = { p[2], p[3], 0 };

                        *q++ = (char) strtoul(hex, NULL, 16);
                        p += 3;
                } else
                        *q++ = *p;
        }
        *q = '\0';
        return t;
}

/* systemd's unit_name_path_unescape(): "-" is "/", anything else unescaped with a leading "/". */
static char *unit_name_path_unescape(const char *s) {
        _cleanup_free_ char *t = NULL;

        if (isempty(s) || streq(s, "-"))
                return xstrdup("/");
        t = unit_name_unescape(s);
        return t[0] == '/' ? TAKE_PTR(t) : xasprintf("/%s", t);
}

static bool uid_is_root(void) {
        return geteuid() == 0;
}

static char *home_dir(void) {
        const char *e = secure_getenv("HOME");
        struct passwd *pw;

        /* As systemd's get_home_dir(): $HOME first, then root's fixed home, then the user database. */
        if (e && e[0] == '/')
                return xstrdup(e);
        if (uid_is_root())
                return xstrdup("/root");
        pw = getpwuid(geteuid());
        if (pw && pw->pw_dir && pw->pw_dir[0] == '/')
                return xstrdup(pw->pw_dir);
        return NULL;
}

static char *shell(void) {
        const char *e = secure_getenv("SHELL");
        struct passwd *pw;

        /* As systemd's get_shell(). */
        if (e && e[0] == '/')
                return xstrdup(e);
        if (uid_is_root())
                return xstrdup("/bin/sh");
        pw = getpwuid(geteuid());
        if (pw && pw->pw_shell && pw->pw_shell[0] == '/')
                return xstrdup(pw->pw_shell);
        return xstrdup("/bin/sh");
}

static char *tmp_dir(const char *fallback) {
        static const char *const vars[] = { "TMPDIR", "TEMP", "TMP" };

        for (size_t i = 0; i < ELEMENTSOF(vars); i++) {
                const char *e = secure_getenv(vars[i]);

                if (e && e[0] == '/')
                        return xstrdup(e);
        }
        return xstrdup(fallback);
}

/* $XDG_… when absolute, else ~/sub. */
static char *xdg_dir(const char *var, const char *sub) {
        _cleanup_free_ char *home = NULL;
        const char *e = secure_getenv(var);

        if (e && e[0] == '/')
                return xstrdup(e);
        home = home_dir();
        return home ? xasprintf("%s/%s", home, sub) : NULL;
}

static char *read_first_line(const char *path) {
        _cleanup_fclose_ FILE *f = fopen(path, "re");
        char buf[256];

        if (!f || !fgets(buf, sizeof buf, f))
                return NULL;
        buf[strcspn(buf, "\n")] = '\0';
        return xstrdup(buf);
}

/* The value of KEY in an os-release/machine-info style file ("" when unset, NULL when unreadable). */
static char *env_file_value(const char *path, const char *key) {
        _cleanup_fclose_ FILE *f = fopen(path, "re");
        char line[4096];
        size_t kl = strlen(key);

        if (!f)
                return NULL;
        while (fgets(line, sizeof line, f)) {
                char *v, *q;
                char quote = 0;

                line[strcspn(line, "\n")] = '\0';
                if (!strneq(line, key, kl) || line[kl] != '=')
                        continue;
                v = q = line + kl + 1;
                /* Shell-style quoting as os-release(5) allows: "…" with \-escapes, or '…'. */
                for (char *p = v; *p; p++) {
                        if (!quote && (*p == '"' || *p == '\''))
                                quote = *p;
                        else if (quote && *p == quote)
                                quote = 0;
                        else if (*p == '\\' && quote != '\'' && p[1])
                                *q++ = *++p;
                        else
                                *q++ = *p;
                }
                *q = '\0';
                return xstrdup(v);
        }
        return xstrdup("");
}

static char *os_release_value(const char *key) {
        char *v = env_file_value("/etc/os-release", key);

        return v ?: env_file_value("/usr/lib/os-release", key) ?: xstrdup("");
}

static char *architecture(void) {
        static const char *const table[][2] = {
                { "x86_64", "x86-64" },   { "i386", "x86" },        { "i486", "x86" },
                { "i586", "x86" },        { "i686", "x86" },        { "aarch64", "arm64" },
                { "aarch64_be", "arm64-be" }, { "ppc64le", "ppc64-le" }, { "ppc64", "ppc64" },
                { "ppc", "ppc" },         { "s390x", "s390x" },     { "s390", "s390" },
                { "riscv64", "riscv64" }, { "loongarch64", "loongarch64" }, { "mips64", "mips64" },
                { "mips", "mips" },       { "sparc64", "sparc64" }, { "alpha", "alpha" },
        };
        struct utsname un;

        if (uname(&un) < 0)
                return NULL;
        for (size_t i = 0; i < ELEMENTSOF(table); i++)
                if (streq(un.machine, table[i][0]))
                        return xstrdup(table[i][1]);
        if (strneq(un.machine, "arm", 3))
                return xstrdup("arm");
        return xstrdup(un.machine);
}

static char *id128_file(const char *path) {
        _cleanup_free_ char *l = read_first_line(path);
        char *q;

        if (!l)
                return NULL;
        /* machine-id is plain hex; boot_id is a UUID with dashes: both become 32 hex digits. */
        q = l;
        for (char *p = l; *p; p++)
                if (*p != '-')
                        *q++ = (char) tolower((unsigned char) *p);
        *q = '\0';
        if (strlen(l) != 32 || strspn(l, "0123456789abcdef") != 32)
                return NULL;
        return TAKE_PTR(l);
}

/* Resolves one specifier. Returns the value (owned), or NULL with *ret_error set. */
static char *specifier_value(const Unit *u, char c, int *ret_error) {
        _cleanup_free_ char *t = NULL;
        struct passwd *pw;
        struct group *gr;
        struct utsname un;
        char host[256];

        *ret_error = -ENXIO;
        switch (c) {
        case '%':
                return xstrdup("%");

        /* From the unit's name. */
        case 'n':
                return u ? xstrdup(u->name) : NULL;
        case 'N': {
                const char *dot;

                if (!u)
                        return NULL;
                dot = strrchr(u->name, '.');
                return dot && dot > u->name ? xstrndup(u->name, dot - u->name) : xstrdup(u->name);
        }
        case 'p':
                return u ? xstrdup(u->prefix) : NULL;
        case 'P':
                return u ? unit_name_unescape(u->prefix) : NULL;
        case 'i':
                return u ? xstrdup(u->instance ?: "") : NULL;
        case 'I':
                return u ? unit_name_unescape(u->instance ?: "") : NULL;
        case 'j':
        case 'J': {
                const char *dash;

                if (!u)
                        return NULL;
                dash = strrchr(u->prefix, '-');
                t = xstrdup(dash ? dash + 1 : u->prefix);
                return c == 'j' ? TAKE_PTR(t) : unit_name_unescape(t);
        }
        case 'f':
                return u ? unit_name_path_unescape(u->instance ?: u->prefix) : NULL;
        case 'y':
        case 'Y': {
                char *slash;

                if (!u || !u->path)
                        return NULL;
                t = realpath(u->path, NULL);
                if (!t) {
                        *ret_error = negative_errno();
                        return NULL;
                }
                if (c == 'y')
                        return TAKE_PTR(t);
                slash = strrchr(t, '/');
                if (slash == t)
                        return xstrdup("/");
                *slash = '\0';
                return TAKE_PTR(t);
        }

        /* The invoking user ("the manager's user" in systemd). */
        case 'u':
                pw = getpwuid(geteuid());
                return pw ? xstrdup(pw->pw_name) : xasprintf("%u", (unsigned) geteuid());
        case 'U':
                return xasprintf("%u", (unsigned) geteuid());
        case 'g':
                gr = getgrgid(getegid());
                return gr ? xstrdup(gr->gr_name) : xasprintf("%u", (unsigned) getegid());
        case 'G':
                return xasprintf("%u", (unsigned) getegid());
        case 'h':
                return home_dir();
        case 's':
                return shell();

        /* Directories: the system manager's for root, the user manager's otherwise. */
        case 't':
                if (uid_is_root())
                        return xstrdup("/run");
                {
                        const char *e = secure_getenv("XDG_RUNTIME_DIR");

                        return e && e[0] == '/' ? xstrdup(e) : NULL;
                }
        case 'S':
                return uid_is_root() ? xstrdup("/var/lib") : xdg_dir("XDG_STATE_HOME", ".local/state");
        case 'C':
                return uid_is_root() ? xstrdup("/var/cache") : xdg_dir("XDG_CACHE_HOME", ".cache");
        case 'L':
                if (uid_is_root())
                        return xstrdup("/var/log");
                t = xdg_dir("XDG_STATE_HOME", ".local/state");
                return t ? xasprintf("%s/log", t) : NULL;
        case 'E':
                return uid_is_root() ? xstrdup("/etc") : xdg_dir("XDG_CONFIG_HOME", ".config");
        case 'T':
                return tmp_dir("/tmp");
        case 'V':
                return tmp_dir("/var/tmp");

        /* The host. */
        case 'H':
        case 'l':
                if (gethostname(host, sizeof host - 1) < 0) {
                        *ret_error = negative_errno();
                        return NULL;
                }
                host[sizeof host - 1] = '\0';
                if (c == 'l')
                        host[strcspn(host, ".")] = '\0';
                return xstrdup(host);
        case 'q':
                t = env_file_value("/etc/machine-info", "PRETTY_HOSTNAME");
                return t ? TAKE_PTR(t) : xstrdup("");
        case 'm':
                return id128_file("/etc/machine-id");
        case 'b':
                return id128_file("/proc/sys/kernel/random/boot_id");
        case 'v':
                if (uname(&un) < 0) {
                        *ret_error = negative_errno();
                        return NULL;
                }
                return xstrdup(un.release);
        case 'a':
                return architecture();
        case 'o':
                return os_release_value("ID");
        case 'w':
                return os_release_value("VERSION_ID");
        case 'B':
                return os_release_value("BUILD_ID");
        case 'W':
                return os_release_value("VARIANT_ID");
        case 'M':
                return os_release_value("IMAGE_ID");
        case 'A':
                return os_release_value("IMAGE_VERSION");

        default:
                /* Unknown, or %d (credentials) and the deprecated %c %r %R, which we do not support. */
                *ret_error = -EBADMSG;
                return NULL;
        }
}

int unit_specifier_expand(const Unit *u, const char *in, char **ret, char **ret_bad) {
        Buffer b = {};

        assert(in);
        assert(ret);

        for (const char *p = in; *p; p++) {
                _cleanup_free_ char *v = NULL;
                const char *pct;
                int r;

                pct = strchr(p, '%');
                if (!pct) {
                        buffer_append(&b, p, strlen(p));
                        break;
                }
                buffer_append(&b, p, pct - p);
                p = pct + 1;
                if (*p == '\0') {
                        /* A lone trailing '%' is kept, as systemd's specifier_printf() does. */
                        buffer_append(&b, "%", 1);
                        break;
                }

                v = specifier_value(u, *p, &r);
                if (!v) {
                        if (ret_bad) {
                                /* Name the whole character, also when it is multi-byte UTF-8. */
                                size_t n = 1;

                                while (((unsigned char) p[n] & 0xc0) == 0x80)
                                        n++;
                                *ret_bad = xasprintf("%%%.*s", (int) n, p);
                        }
                        free(b.s);
                        return r;
                }
                buffer_append(&b, v, strlen(v));
        }

        *ret = b.s ?: xstrdup("");
        return 0;
}
