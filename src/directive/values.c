/* SPDX-License-Identifier: MIT */
/* Value parsers with systemd's syntax. The pure parsers come first, the directive parsers
 * (config_parse_*()) after them. Everything here is free of side effects on the system. */

#include <arpa/inet.h>
#include <assert.h>
#include <ctype.h>
#include <limits.h>
#include <malloc.h>
#include <netinet/in.h>
#include <sys/personality.h>
#include <sys/resource.h>

#include "names.h"
#include "strv.h"
#include "values.h"

static inline void *mfree(void *p) {
        free(p);
        return NULL;
}

/* ---------------------------------------------------------------------------------------------------- */
/* Word splitting (spec §1.3, systemd's extract_first_word()). */

static int unhexchar(char c) {
        if (c >= '0' && c <= '9')
                return c - '0';
        if (c >= 'a' && c <= 'f')
                return c - 'a' + 10;
        if (c >= 'A' && c <= 'F')
                return c - 'A' + 10;
        return -EINVAL;
}

int cunescape_one(const char *p, size_t length, uint32_t *ret_u) {
        uint32_t u = 0;
        int r = 1;

        if (length == 0)
                return -EINVAL;

        switch (p[0]) {
        case 'a': u = '\a'; break;
        case 'b': u = '\b'; break;
        case 'f': u = '\f'; break;
        case 'n': u = '\n'; break;
        case 'r': u = '\r'; break;
        case 't': u = '\t'; break;
        case 'v': u = '\v'; break;
        case '\\': u = '\\'; break;
        case '"': u = '"'; break;
        case '\'': u = '\''; break;
        case 's': u = ' '; break;
        case 'x':
                if (length < 3)
                        return -EINVAL;
                for (size_t i = 1; i <= 2; i++) {
                        int h = unhexchar(p[i]);
                        if (h < 0)
                                return -EINVAL;
                        u = (u << 4) | (uint32_t) h;
                }
                r = 3;
                break;
        case 'u':
        case 'U': {
                size_t n = p[0] == 'u' ? 4 : 8;

                if (length < n + 1)
                        return -EINVAL;
                for (size_t i = 1; i <= n; i++) {
                        int h = unhexchar(p[i]);
                        if (h < 0)
                                return -EINVAL;
                        u = (u << 4) | (uint32_t) h;
                }
                if (u > 0x10FFFF || (u >= 0xD800 && u <= 0xDFFF))
                        return -EINVAL;
                r = (int) n + 1;
                break;
        }
        case '0' ... '7':
                if (length < 3)
                        return -EINVAL;
                for (size_t i = 0; i < 3; i++) {
                        if (p[i] < '0' || p[i] > '7')
                                return -EINVAL;
                        u = (u << 3) | (uint32_t) (p[i] - '0');
                }
                if (u > 255)
                        return -EINVAL;
                r = 3;
                break;
        default:
                return -EINVAL;
        }

        if (u == 0) /* an embedded NUL would silently cut the value */
                return -EINVAL;

        *ret_u = u;
        return r;
}

typedef struct Buf {
        char *s;
        size_t n, allocated;
} Buf;

static void buf_put(Buf *b, char c) {
        b->s = xgreedy_realloc(b->s, &b->allocated, b->n + 2, 1);
        b->s[b->n++] = c;
        b->s[b->n] = '\0';
}

static void buf_put_utf8(Buf *b, uint32_t u) {
        if (u < 0x80)
                buf_put(b, (char) u);
        else if (u < 0x800) {
                buf_put(b, (char) (0xC0 | (u >> 6)));
                buf_put(b, (char) (0x80 | (u & 0x3F)));
        } else if (u < 0x10000) {
                buf_put(b, (char) (0xE0 | (u >> 12)));
                buf_put(b, (char) (0x80 | ((u >> 6) & 0x3F)));
                buf_put(b, (char) (0x80 | (u & 0x3F)));
        } else {
                buf_put(b, (char) (0xF0 | (u >> 18)));
                buf_put(b, (char) (0x80 | ((u >> 12) & 0x3F)));
                buf_put(b, (char) (0x80 | ((u >> 6) & 0x3F)));
                buf_put(b, (char) (0x80 | (u & 0x3F)));
        }
}

int extract_first_word(const char **p, char **ret, const char *separators, ExtractFlags flags) {
        Buf b = {};
        const char *s;
        char quote = 0;

        assert(p);
        assert(ret);

        if (!separators)
                separators = WHITESPACE;

        s = *p;
        if (!s) {
                *ret = NULL;
                return 0;
        }

        if (!(flags & EXTRACT_DONT_COALESCE_SEPARATORS))
                s += strspn(s, separators);

        if (*s == '\0') {
                *p = NULL;
                *ret = NULL;
                return 0;
        }

        /* Make sure an empty word ("" or a leading separator) still yields a string. */
        b.s = xstrdup("");
        b.allocated = 1;

        for (;; s++) {
                char c = *s;

                if (c == '\0') {
                        if (quote && !(flags & EXTRACT_RELAX)) {
                                free(b.s);
                                return -EINVAL;
                        }
                        *p = NULL;
                        break;
                }

                if (c == '\\') {
                        if (s[1] == '\0') {
                                if (!(flags & EXTRACT_RELAX)) {
                                        free(b.s);
                                        return -EINVAL;
                                }
                                buf_put(&b, '\\');
                                continue;
                        }
                        if (flags & EXTRACT_CUNESCAPE) {
                                uint32_t u;
                                int k;

                                k = cunescape_one(s + 1, strlen(s + 1), &u);
                                if (k < 0) {
                                        free(b.s);
                                        return -EINVAL;
                                }
                                buf_put_utf8(&b, u);
                                s += k;
                        } else {
                                buf_put(&b, s[1]);
                                s++;
                        }
                        continue;
                }

                if (quote) {
                        if (c == quote)
                                quote = 0;
                        else
                                buf_put(&b, c);
                        continue;
                }

                if ((flags & EXTRACT_UNQUOTE) && (c == '\'' || c == '"')) {
                        quote = c;
                        continue;
                }

                if (strchr(separators, c)) {
                        if (flags & EXTRACT_DONT_COALESCE_SEPARATORS)
                                *p = s + 1;
                        else {
                                s += strspn(s, separators);
                                *p = *s ? s : NULL;
                        }
                        break;
                }

                buf_put(&b, c);
        }

        *ret = b.s;
        return 1;
}

/* ---------------------------------------------------------------------------------------------------- */
/* Scalars. */

int parse_boolean(const char *v) {
        static const char *const yes[] = { "1", "yes", "y", "true", "t", "on" };
        static const char *const no[] = { "0", "no", "n", "false", "f", "off" };

        if (!v)
                return -EINVAL;
        for (size_t i = 0; i < ELEMENTSOF(yes); i++)
                if (strcasecmp(v, yes[i]) == 0)
                        return 1;
        for (size_t i = 0; i < ELEMENTSOF(no); i++)
                if (strcasecmp(v, no[i]) == 0)
                        return 0;
        return -EINVAL;
}

int safe_atou64(const char *s, uint64_t *ret) {
        uint64_t v = 0;

        if (isempty(s))
                return -EINVAL;
        for (const char *c = s; *c; c++) {
                if (*c < '0' || *c > '9')
                        return -EINVAL;
                if (v > (UINT64_MAX - (uint64_t) (*c - '0')) / 10)
                        return -ERANGE;
                v = v * 10 + (uint64_t) (*c - '0');
        }
        *ret = v;
        return 0;
}

int safe_atou(const char *s, unsigned *ret) {
        uint64_t v;
        int r;

        r = safe_atou64(s, &v);
        if (r < 0)
                return r;
        if (v > UINT_MAX)
                return -ERANGE;
        *ret = (unsigned) v;
        return 0;
}

/* Reads "N" or "N.FRAC" at *p: integer part and the fraction as numerator/denominator. */
static int parse_decimal(const char **p, uint64_t *ret_int, uint64_t *ret_frac, uint64_t *ret_frac_den) {
        const char *s = *p;
        uint64_t v = 0, f = 0, den = 1;
        bool digits = false;

        while (*s >= '0' && *s <= '9') {
                if (v > (UINT64_MAX - (uint64_t) (*s - '0')) / 10)
                        return -ERANGE;
                v = v * 10 + (uint64_t) (*s - '0');
                s++;
                digits = true;
        }
        if (*s == '.') {
                s++;
                if (!(*s >= '0' && *s <= '9'))
                        return -EINVAL;
                while (*s >= '0' && *s <= '9') {
                        /* Ignore digits beyond what we can represent: they cannot matter. */
                        if (den <= UINT64_C(100000000000000000)) {
                                f = f * 10 + (uint64_t) (*s - '0');
                                den *= 10;
                        }
                        s++;
                }
                digits = true;
        }
        if (!digits)
                return -EINVAL;

        *p = s;
        *ret_int = v;
        *ret_frac = f;
        *ret_frac_den = den;
        return 0;
}

/* v * mult + frac / den * mult, with overflow checks. */
static int scale_add(uint64_t v, uint64_t frac, uint64_t den, uint64_t mult, uint64_t *sum) {
        uint64_t a, b;

        if (mult != 0 && v > UINT64_MAX / mult)
                return -ERANGE;
        a = v * mult;
        /* frac < den ≤ 10^18; mult ≤ 2^60: split to avoid overflow of frac * mult. */
        b = (uint64_t) (((unsigned __int128) frac * mult) / den);
        if (a > UINT64_MAX - b || a + b > UINT64_MAX - *sum)
                return -ERANGE;
        *sum += a + b;
        return 0;
}

int parse_size(const char *t, uint64_t base, uint64_t *ret) {
        static const char suffixes[] = "BKMGTPE";
        uint64_t sum = 0;
        const char *p = t;

        assert(base == 1000 || base == 1024);

        if (!t)
                return -EINVAL;
        p += strspn(p, WHITESPACE);
        if (*p == '\0')
                return -EINVAL;

        do {
                uint64_t v, frac, den, mult = 1;
                const char *e;
                int r;

                if (*p == '-' || *p == '+')
                        return -EINVAL;
                r = parse_decimal(&p, &v, &frac, &den);
                if (r < 0)
                        return r;
                p += strspn(p, WHITESPACE);
                e = *p ? strchr(suffixes, *p) : NULL;
                if (e) {
                        for (ptrdiff_t i = 0; i < e - suffixes; i++)
                                mult *= base;
                        p++;
                } else if (*p != '\0' && !(*p >= '0' && *p <= '9'))
                        return -EINVAL;
                else if (*p != '\0')
                        return -EINVAL; /* "1 2": a second number needs a suffix before it */
                r = scale_add(v, frac, den, mult, &sum);
                if (r < 0)
                        return r;
                p += strspn(p, WHITESPACE);
        } while (*p != '\0');

        *ret = sum;
        return 0;
}

static int parse_permyriad_internal(const char *p, bool bounded) {
        static const struct {
                const char *suffix;
                uint64_t factor; /* permyriad per unit */
                uint64_t max;    /* in units */
        } forms[] = {
                { "%", 100, 100 },
                { "‰", 10, 1000 },
                { "‱", 1, 10000 },
        };

        if (isempty(p))
                return -EINVAL;

        for (size_t i = 0; i < ELEMENTSOF(forms); i++) {
                size_t l = strlen(p), sl = strlen(forms[i].suffix);
                _cleanup_free_ char *n = NULL;
                const char *s;
                uint64_t v, frac, den, result;
                int r;

                if (l <= sl || !streq(p + l - sl, forms[i].suffix))
                        continue;
                n = xstrndup(p, l - sl);
                s = n;
                if (!(*s >= '0' && *s <= '9'))
                        return -EINVAL;
                r = parse_decimal(&s, &v, &frac, &den);
                if (r < 0)
                        return r;
                if (*s != '\0')
                        return -EINVAL;
                /* systemd allows one decimal for percent and permille, none for permyriad. */
                if (den > 10 || (forms[i].factor == 1 && den > 1))
                        return -EINVAL;
                if (v > INT_MAX / 100)
                        return -ERANGE;
                result = v * forms[i].factor + frac * forms[i].factor / den;
                if (bounded && result > 10000)
                        return -ERANGE;
                if (result > INT_MAX)
                        return -ERANGE;
                return (int) result;
        }

        return -EINVAL;
}

int parse_permyriad(const char *p) {
        return parse_permyriad_internal(p, true);
}

int parse_permyriad_unbounded(const char *p) {
        return parse_permyriad_internal(p, false);
}

int parse_time(const char *t, usec_t *ret, usec_t default_unit) {
        /* Ordered so that a longer spelling is tried before its prefix ("min" before "m", "ms" before "m"). */
        static const struct {
                const char *suffix;
                usec_t usec;
        } table[] = {
                { "seconds", USEC_PER_SEC },
                { "second", USEC_PER_SEC },
                { "sec", USEC_PER_SEC },
                { "s", USEC_PER_SEC },
                { "minutes", 60 * USEC_PER_SEC },
                { "minute", 60 * USEC_PER_SEC },
                { "min", 60 * USEC_PER_SEC },
                { "months", 2629800 * USEC_PER_SEC },
                { "month", 2629800 * USEC_PER_SEC },
                { "M", 2629800 * USEC_PER_SEC },
                { "msec", USEC_PER_MSEC },
                { "ms", USEC_PER_MSEC },
                { "m", 60 * USEC_PER_SEC },
                { "hours", 3600 * USEC_PER_SEC },
                { "hour", 3600 * USEC_PER_SEC },
                { "hr", 3600 * USEC_PER_SEC },
                { "h", 3600 * USEC_PER_SEC },
                { "days", 86400 * USEC_PER_SEC },
                { "day", 86400 * USEC_PER_SEC },
                { "d", 86400 * USEC_PER_SEC },
                { "weeks", 604800 * USEC_PER_SEC },
                { "week", 604800 * USEC_PER_SEC },
                { "w", 604800 * USEC_PER_SEC },
                { "years", 31557600 * USEC_PER_SEC },
                { "year", 31557600 * USEC_PER_SEC },
                { "y", 31557600 * USEC_PER_SEC },
                { "usec", 1 },
                { "us", 1 },
                { "µs", 1 }, /* U+00B5 MICRO SIGN */
                { "μs", 1 }, /* U+03BC GREEK SMALL LETTER MU */
        };
        const char *p = t;
        usec_t sum = 0;

        if (!t)
                return -EINVAL;
        p += strspn(p, WHITESPACE);
        if (*p == '\0')
                return -EINVAL;

        {
                size_t l = strlen(p);
                while (l > 0 && strchr(WHITESPACE, p[l - 1]))
                        l--;
                if (l == strlen("infinity") && strneq(p, "infinity", l)) {
                        *ret = USEC_INFINITY;
                        return 0;
                }
        }

        do {
                uint64_t v, frac, den, mult = default_unit;
                int r;

                if (*p == '-' || *p == '+')
                        return -EINVAL;
                r = parse_decimal(&p, &v, &frac, &den);
                if (r < 0)
                        return r;
                p += strspn(p, WHITESPACE);

                if (*p != '\0' && !(*p >= '0' && *p <= '9')) {
                        size_t i;

                        for (i = 0; i < ELEMENTSOF(table); i++)
                                if (strneq(p, table[i].suffix, strlen(table[i].suffix)))
                                        break;
                        if (i >= ELEMENTSOF(table))
                                return -EINVAL;
                        mult = table[i].usec;
                        p += strlen(table[i].suffix);
                        /* A unit must not run into more letters ("5mo", "3sx"). */
                        if (isalpha((unsigned char) *p))
                                return -EINVAL;
                }

                r = scale_add(v, frac, den, mult, &sum);
                if (r < 0)
                        return r;
                if (sum == USEC_INFINITY)
                        return -ERANGE;
                p += strspn(p, WHITESPACE);
        } while (*p != '\0');

        *ret = sum;
        return 0;
}

int parse_mode(const char *s, mode_t *ret) {
        unsigned long v = 0;

        if (isempty(s))
                return -EINVAL;
        for (const char *c = s; *c; c++) {
                if (*c < '0' || *c > '7')
                        return -EINVAL;
                v = v * 8 + (unsigned long) (*c - '0');
                if (v > 07777)
                        return -ERANGE;
        }
        *ret = (mode_t) v;
        return 0;
}

int capability_set_from_string(const char *s, uint64_t *ret, char **ret_bad) {
        uint64_t set = 0;
        const char *p = s;

        for (;;) {
                _cleanup_free_ char *word = NULL;
                int r, cap;

                r = extract_first_word(&p, &word, NULL, EXTRACT_UNQUOTE);
                if (r < 0)
                        return r;
                if (r == 0)
                        break;

                cap = capability_from_name(word);
                if (cap < 0 || cap > 63) {
                        if (ret_bad)
                                *ret_bad = TAKE_PTR(word);
                        return -EINVAL;
                }
                set |= UINT64_C(1) << cap;
        }

        *ret = set;
        return 0;
}

/* ---- Limit*= (§2.6) ---- */

static const char *const rlimit_names[SANDBOX_RLIMIT_MAX] = {
        [RLIMIT_CPU] = "CPU",
        [RLIMIT_FSIZE] = "FSIZE",
        [RLIMIT_DATA] = "DATA",
        [RLIMIT_STACK] = "STACK",
        [RLIMIT_CORE] = "CORE",
        [RLIMIT_RSS] = "RSS",
        [RLIMIT_NPROC] = "NPROC",
        [RLIMIT_NOFILE] = "NOFILE",
        [RLIMIT_MEMLOCK] = "MEMLOCK",
        [RLIMIT_AS] = "AS",
        [RLIMIT_LOCKS] = "LOCKS",
        [RLIMIT_SIGPENDING] = "SIGPENDING",
        [RLIMIT_MSGQUEUE] = "MSGQUEUE",
        [RLIMIT_NICE] = "NICE",
        [RLIMIT_RTPRIO] = "RTPRIO",
        [RLIMIT_RTTIME] = "RTTIME",
};

int rlimit_from_string(const char *name) {
        for (int i = 0; i < SANDBOX_RLIMIT_MAX; i++)
                if (rlimit_names[i] && streq(rlimit_names[i], name))
                        return i;
        return -EINVAL;
}

static int rlimit_parse_one(int resource, const char *val, rlim_t *ret) {
        uint64_t v;
        usec_t u;
        int r;

        if (streq(val, "infinity")) {
                *ret = RLIM_INFINITY;
                return 0;
        }

        switch (resource) {
        case RLIMIT_CPU:
                /* Seconds by default, rounded up to whole seconds. */
                r = parse_sec(val, &u);
                if (r < 0)
                        return r;
                *ret = u == USEC_INFINITY ? RLIM_INFINITY : (rlim_t) DIV_ROUND_UP(u, USEC_PER_SEC);
                return 0;

        case RLIMIT_RTTIME:
                /* µs by default. */
                r = parse_time(val, &u, 1);
                if (r < 0)
                        return r;
                *ret = u == USEC_INFINITY ? RLIM_INFINITY : (rlim_t) u;
                return 0;

        case RLIMIT_FSIZE:
        case RLIMIT_DATA:
        case RLIMIT_STACK:
        case RLIMIT_CORE:
        case RLIMIT_RSS:
        case RLIMIT_AS:
        case RLIMIT_MEMLOCK:
        case RLIMIT_MSGQUEUE:
                r = parse_size(val, 1024, &v);
                if (r < 0)
                        return r;
                if (v == RLIM_INFINITY)
                        return -ERANGE;
                *ret = (rlim_t) v;
                return 0;

        case RLIMIT_NICE:
                /* A leading sign selects the nice value syntax (-20..19, rlimit = 20 - nice); a bare number
                 * is the raw rlimit 0..40. */
                if (val[0] == '+' || val[0] == '-') {
                        r = safe_atou64(val + 1, &v);
                        if (r < 0)
                                return r;
                        if (val[0] == '-' ? v > 20 : v > 19)
                                return -ERANGE;
                        *ret = val[0] == '-' ? (rlim_t) (20 + v) : (rlim_t) (20 - v);
                        return 0;
                }
                r = safe_atou64(val, &v);
                if (r < 0)
                        return r;
                if (v > 40)
                        return -ERANGE;
                *ret = (rlim_t) v;
                return 0;

        default: /* NOFILE NPROC LOCKS SIGPENDING RTPRIO */
                r = safe_atou64(val, &v);
                if (r < 0)
                        return r;
                if (v == RLIM_INFINITY)
                        return -ERANGE;
                *ret = (rlim_t) v;
                return 0;
        }
}

int rlimit_parse(int resource, const char *val, rlim_t *ret_soft, rlim_t *ret_hard) {
        _cleanup_free_ char *soft_s = NULL;
        const char *colon;
        rlim_t soft, hard;
        int r;

        if (resource < 0 || resource >= SANDBOX_RLIMIT_MAX || isempty(val))
                return -EINVAL;

        colon = strchr(val, ':');
        if (colon) {
                soft_s = xstrndup(val, colon - val);
                r = rlimit_parse_one(resource, soft_s, &soft);
                if (r < 0)
                        return r;
                r = rlimit_parse_one(resource, colon + 1, &hard);
                if (r < 0)
                        return r;
                if (soft > hard)
                        return -EILSEQ;
        } else {
                r = rlimit_parse_one(resource, val, &soft);
                if (r < 0)
                        return r;
                hard = soft;
        }

        *ret_soft = soft;
        *ret_hard = hard;
        return 0;
}

/* ---- paths and names ---- */

bool path_is_absolute(const char *p) {
        return p && p[0] == '/';
}

char *path_simplify(char *path) {
        char *w = path;
        const char *r = path;
        bool absolute = path[0] == '/';

        /* Component by component: drop empty and "." components; keep ".." (path_is_normalized()
         * refuses it). */
        while (*r) {
                size_t n;

                r += strspn(r, "/");
                n = strcspn(r, "/");
                if (n == 0)
                        break;
                if (!(n == 1 && r[0] == '.')) {
                        if (w != path || absolute)
                                *w++ = '/';
                        memmove(w, r, n);
                        w += n;
                }
                r += n;
        }
        if (w == path && absolute)
                *w++ = '/';
        *w = '\0';
        return path;
}

bool path_is_normalized(const char *p) {
        if (isempty(p))
                return false;
        if (streq(p, ".") || streq(p, "..") || strneq(p, "./", 2) || strneq(p, "../", 3))
                return false;
        if (strstr(p, "/./") || strstr(p, "/../") || strstr(p, "//"))
                return false;
        {
                size_t l = strlen(p);
                if ((l >= 2 && streq(p + l - 2, "/.")) || (l >= 3 && streq(p + l - 3, "/..")))
                        return false;
        }
        return true;
}

bool env_name_is_valid(const char *e) {
        if (isempty(e))
                return false;
        if (e[0] >= '0' && e[0] <= '9')
                return false;
        if (strlen(e) > 4096)
                return false;
        for (const char *c = e; *c; c++)
                if (!(isalnum((unsigned char) *c) || *c == '_'))
                        return false;
        return true;
}

bool env_assignment_is_valid(const char *e) {
        const char *eq = strchr(e, '=');
        _cleanup_free_ char *name = NULL;

        if (!eq)
                return false;
        name = xstrndup(e, eq - e);
        return env_name_is_valid(name);
}

bool valid_user_group_name_or_id(const char *u) {
        uint64_t id;

        if (isempty(u))
                return false;
        if (safe_atou64(u, &id) >= 0)
                /* (uid_t) -1 and the 16-bit (uid_t) -1 are never valid ids. */
                return id < UINT32_MAX && id != 65535;

        /* systemd's relaxed rules (VALID_USER_RELAX), as User= uses them. */
        if (strlen(u) > 256)
                return false;
        if (streq(u, ".") || streq(u, ".."))
                return false;
        if (u[0] == '-' || u[0] == '+' || u[0] == '~')
                return false;
        for (const char *c = u; *c; c++)
                if ((unsigned char) *c < 0x20 || *c == 0x7f || *c == ':' || *c == '/' || *c == ',' ||
                    strchr(WHITESPACE, *c))
                        return false;
        return true;
}

int parse_cpu_set_extend(const char *s, CpuSetSpec *set) {
        const char *p = s;
        CpuSetSpec n = *set;

        for (;;) {
                _cleanup_free_ char *word = NULL;
                unsigned a, b;
                char *dash;
                int r;

                r = extract_first_word(&p, &word, WHITESPACE ",", EXTRACT_UNQUOTE);
                if (r < 0)
                        return r;
                if (r == 0)
                        break;

                dash = strchr(word, '-');
                if (dash) {
                        *dash = '\0';
                        if (safe_atou(word, &a) < 0 || safe_atou(dash + 1, &b) < 0)
                                return -EINVAL;
                } else {
                        if (safe_atou(word, &a) < 0)
                                return -EINVAL;
                        b = a;
                }
                if (a > b)
                        return -EINVAL;
                if (b >= CPU_SET_BITS)
                        return -ERANGE;
                for (unsigned i = a; i <= b; i++)
                        n.bits[i / 64] |= UINT64_C(1) << (i % 64);
        }

        n.set = true;
        *set = n;
        return 0;
}

static bool device_major_minor_valid(const char *s) {
        const char *colon = strchr(s, ':');
        _cleanup_free_ char *maj = NULL;
        unsigned a, b;

        if (!colon)
                return false;
        maj = xstrndup(s, colon - s);
        return safe_atou(maj, &a) >= 0 && safe_atou(colon + 1, &b) >= 0;
}

int device_rule_parse(const char *s, DeviceRule *ret) {
        _cleanup_free_ char *path = NULL;
        const char *p = s;
        unsigned access = 0;
        int r;

        r = extract_first_word(&p, &path, NULL, EXTRACT_UNQUOTE);
        if (r < 0)
                return r;
        if (r == 0)
                return -EINVAL;

        if (strneq(path, "char-", 5) || strneq(path, "block-", 6)) {
                if (path[path[0] == 'c' ? 5 : 6] == '\0')
                        return -EINVAL;
        } else {
                if (!path_is_absolute(path))
                        return -EINVAL;
                path_simplify(path);
                if (!path_is_normalized(path))
                        return -EINVAL;
                if (!strneq(path, "/dev/", 5) && !strneq(path, "/sys/", 5))
                        return -EINVAL;
                if ((strneq(path, "/dev/char/", 10) && !device_major_minor_valid(path + 10)) ||
                    (strneq(path, "/dev/block/", 11) && !device_major_minor_valid(path + 11)))
                        return -EINVAL;
        }

        if (isempty(p))
                access = DEVICE_ACCESS_ALL;
        else
                for (const char *c = p; *c; c++)
                        switch (*c) {
                        case 'r': access |= DEVICE_ACCESS_READ; break;
                        case 'w': access |= DEVICE_ACCESS_WRITE; break;
                        case 'm': access |= DEVICE_ACCESS_MKNOD; break;
                        default: return -EINVAL;
                        }

        ret->path = TAKE_PTR(path);
        ret->access = access;
        return 0;
}

void device_rule_list_add(DeviceRuleList *l, const char *path, unsigned access) {
        /* The same path again replaces its access bits (§2.2). */
        for (size_t i = 0; i < l->n; i++)
                if (streq(l->items[i].path, path)) {
                        l->items[i].access = access;
                        return;
                }
        l->items = xrealloc(l->items, sizeof(DeviceRule) * (l->n + 1));
        l->items[l->n++] = (DeviceRule) { .path = xstrdup(path), .access = access };
}

void path_spec_list_done(PathSpecList *l) {
        for (size_t i = 0; i < l->n; i++)
                free(l->items[i].path);
        free(l->items);
        *l = (PathSpecList) {};
}

/* ---------------------------------------------------------------------------------------------------- */
/* Directive parsers: one assignment → plan field, with systemd's accumulate/reset rules (§1.2). */

_printf_(3, 0) static void diag_vadd(DirectiveContext *ctx, bool warning, const char *fmt, va_list ap) {
        _cleanup_free_ char *m = NULL;

        if (vasprintf(&m, fmt, ap) < 0)
                abort();
        diag_add(ctx->diags, warning, ctx->file, ctx->line, ctx->directive ? ctx->directive->name : NULL,
                 "%s%s%s", ctx->directive ? ctx->directive->name : "",
                 ctx->directive ? "=: " : "", m);
}

int directive_error(DirectiveContext *ctx, const char *fmt, ...) {
        va_list ap;

        va_start(ap, fmt);
        diag_vadd(ctx, false, fmt, ap);
        va_end(ap);
        ctx->n_errors++;
        return -EINVAL;
}

void directive_warning(DirectiveContext *ctx, const char *fmt, ...) {
        va_list ap;

        va_start(ap, fmt);
        diag_vadd(ctx, true, fmt, ap);
        va_end(ap);
}

int directive_expand(DirectiveContext *ctx, const char *in, char **ret) {
        _cleanup_free_ char *bad = NULL;
        char *out = NULL;
        int r;

        if (!ctx->unit || !strchr(in, '%')) {
                *ret = xstrdup(in);
                return 0;
        }

        r = unit_specifier_expand(ctx->unit, in, &out, &bad);
        if (r == -EBADMSG)
                return directive_error(ctx, "unknown or unsupported specifier '%s' in '%s'",
                                       bad ?: "%", in);
        if (r < 0)
                return directive_error(ctx, "failed to expand specifiers in '%s': %s", in, strerror(-r));
        *ret = out;
        return 0;
}

/* Says which quoting mistake extract_first_word() refused in `s`: an unterminated quote (returns the quote
 * character), a trailing backslash ('\\'), or anything else, i.e. a bad escape sequence (0). */
static char quoting_mistake(const char *s) {
        char quote = 0;

        for (; *s; s++) {
                if (*s == '\\' && quote != '\'') {
                        if (s[1] == '\0')
                                return '\\';
                        s++;
                } else if (quote && *s == quote)
                        quote = 0;
                else if (!quote && (*s == '"' || *s == '\''))
                        quote = *s;
        }
        return quote;
}

/* The two ways a list line goes wrong most often: a '~' in the middle ("@system-service ~@privileged",
 * where systemd does not read it as an inversion) and commas between the names. Reports it and returns
 * true. */
static bool list_word_mistake(DirectiveContext *ctx, const char *w) {
        if (w[0] == '~' && w[1] != '\0') {
                (void) directive_error(ctx, "'%s': '~' inverts a whole line and must come first; write it on a "
                                       "line of its own: %s=%s", w, ctx->directive->name, w);
                return true;
        }
        if (strchr(w, ',')) {
                (void) directive_error(ctx, "'%s': separate the names with spaces, not commas", w);
                return true;
        }
        return false;
}

/* Splits `value` into words; reports a quoting error. Returns 1 with a word, 0 at the end, <0 on error. */
static int next_word(DirectiveContext *ctx, const char **p, char **ret, ExtractFlags flags) {
        const char *start = *p;
        char m;
        int r;

        r = extract_first_word(p, ret, NULL, flags);
        if (r != -EINVAL)
                return r;
        m = quoting_mistake(start);
        if (m == '"' || m == '\'')
                return directive_error(ctx, "unterminated quote in '%s' (close the %c on the same line; write "
                                       "\\%c for a literal quote)", start, m, m);
        if (m == '\\')
                return directive_error(ctx, "trailing backslash in '%s' (write \\\\ for a literal backslash)",
                                       start);
        return directive_error(ctx, "invalid escape sequence in '%s' (write \\\\ for a literal backslash)",
                               start);
}

int config_parse_string(DirectiveContext *ctx, const char *value, void *field) {
        char **s = field;

        free(*s);
        *s = isempty(value) ? NULL : xstrdup(value);
        return 0;
}

static bool documentation_url_is_valid(const char *u) {
        static const char *const schemes[] = { "http://", "https://", "file:", "info:", "man:" };

        for (size_t i = 0; i < ELEMENTSOF(schemes); i++)
                if (strneq(u, schemes[i], strlen(schemes[i])) && u[strlen(schemes[i])] != '\0')
                        return true;
        return false;
}

/* The shape the plain word-list directives share: an empty value resets the list; each word (with
 * specifiers expanded when expand is set) must pass check(), which reports the error itself, and is
 * appended unless it is there already (when dedup is set). */
typedef int (*WordCheck)(DirectiveContext *ctx, const char *word);

static int parse_word_list(DirectiveContext *ctx, const char *value, char ***l, ExtractFlags flags, bool expand,
                           bool dedup, WordCheck check) {
        const char *p = value;
        int r;

        if (isempty(value)) {
                *l = strv_free(*l);
                return 0;
        }
        for (;;) {
                _cleanup_free_ char *w = NULL, *x = NULL;

                r = next_word(ctx, &p, &w, flags);
                if (r <= 0)
                        return r;
                if (expand) {
                        r = directive_expand(ctx, w, &x);
                        if (r < 0)
                                return r;
                } else
                        x = TAKE_PTR(w);
                r = check(ctx, x);
                if (r < 0)
                        return r;
                if (!dedup || !strv_contains(*l, x))
                        strv_consume(l, TAKE_PTR(x));
        }
}

static int check_documentation_url(DirectiveContext *ctx, const char *w) {
        if (!documentation_url_is_valid(w))
                return directive_error(ctx, "invalid URL '%s' (expected http://, https://, file:, info: or man:)", w);
        return 0;
}

int config_parse_strv(DirectiveContext *ctx, const char *value, void *field) {
        return parse_word_list(ctx, value, field, EXTRACT_UNQUOTE, false, false, check_documentation_url);
}

int config_parse_bool(DirectiveContext *ctx, const char *value, void *field) {
        bool *b = field;
        int k;

        if (isempty(value)) {
                *b = ctx->directive->ltype;
                return 0;
        }
        k = parse_boolean(value);
        if (k < 0)
                return directive_error(ctx, "invalid boolean '%s' (expected yes/no, true/false, on/off, 1/0)",
                                       value);
        *b = k;
        return 0;
}

/* MountAPIVFS=: the `_set` flag is the bool right after the value in ExecPart. */
_Static_assert(offsetof(ExecPart, mount_api_vfs_set) == offsetof(ExecPart, mount_api_vfs) + 1,
               "mount_api_vfs_set must follow mount_api_vfs");

int config_parse_bool_with_set(DirectiveContext *ctx, const char *value, void *field) {
        bool *b = field;
        int k;

        if (isempty(value)) {
                b[0] = false;
                b[1] = false;
                return 0;
        }
        k = parse_boolean(value);
        if (k < 0)
                return directive_error(ctx, "invalid boolean '%s'", value);
        b[0] = k;
        b[1] = true;
        return 0;
}

static const char *const *enum_table(int ltype, size_t *ret_n) {
        static const char *const device_policy[] = { "auto", "closed", "strict" };
        static const char *const protect_proc[] = { "default", "noaccess", "invisible", "ptraceable" };
        static const char *const proc_subset[] = { "all", "pid" };
        static const char *const keyring_mode[] = { "inherit", "private", "shared" };
        static const char *const oom_policy[] = { "continue", "stop", "kill" };

        switch (ltype) {
        case ENUM_DEVICE_POLICY: *ret_n = ELEMENTSOF(device_policy); return device_policy;
        case ENUM_PROTECT_PROC: *ret_n = ELEMENTSOF(protect_proc); return protect_proc;
        case ENUM_PROC_SUBSET: *ret_n = ELEMENTSOF(proc_subset); return proc_subset;
        case ENUM_KEYRING_MODE: *ret_n = ELEMENTSOF(keyring_mode); return keyring_mode;
        case ENUM_OOM_POLICY: *ret_n = ELEMENTSOF(oom_policy); return oom_policy;
        }
        assert(false);
        return NULL;
}

static int enum_default(int ltype) {
        switch (ltype) {
        case ENUM_KEYRING_MODE: return KEYRING_MODE_PRIVATE; /* systemd's default for system services */
        case ENUM_OOM_POLICY: return OOM_POLICY_STOP;
        default: return 0;
        }
}

int config_parse_enum(DirectiveContext *ctx, const char *value, void *field) {
        int *e = field; /* all our enums are int-sized */
        const char *const *t;
        size_t n;

        t = enum_table(ctx->directive->ltype, &n);
        if (isempty(value)) {
                *e = enum_default(ctx->directive->ltype);
                if (ctx->directive->ltype == ENUM_OOM_POLICY)
                        ctx->plan->cgroup.oom_policy_set = false;
                return 0;
        }
        for (size_t i = 0; i < n; i++)
                if (streq(value, t[i])) {
                        *e = (int) i;
                        if (ctx->directive->ltype == ENUM_OOM_POLICY)
                                ctx->plan->cgroup.oom_policy_set = true;
                        return 0;
                }

        {
                _cleanup_free_ char *all = NULL;
                for (size_t i = 0; i < n; i++) {
                        char *x = xasprintf("%s%s%s", all ?: "", all ? ", " : "", t[i]);
                        free(all);
                        all = x;
                }
                return directive_error(ctx, "invalid value '%s' (expected one of: %s)", value, all);
        }
}

/* A boolean or one of the extra words; `words` maps to the enum values given in `values`. */
static int parse_bool_or_words(DirectiveContext *ctx, const char *value, int *e, int val_no, int val_yes,
                               const char *const *words, const int *values, size_t n, const char *expected) {
        int k;

        if (isempty(value)) {
                *e = val_no;
                return 0;
        }
        k = parse_boolean(value);
        if (k >= 0) {
                *e = k ? val_yes : val_no;
                return 0;
        }
        for (size_t i = 0; i < n; i++)
                if (streq(value, words[i])) {
                        *e = values[i];
                        return 0;
                }
        return directive_error(ctx, "invalid value '%s' (expected %s)", value, expected);
}

int config_parse_protect_system(DirectiveContext *ctx, const char *value, void *field) {
        static const char *const w[] = { "full", "strict" };
        static const int v[] = { PROTECT_SYSTEM_FULL, PROTECT_SYSTEM_STRICT };

        return parse_bool_or_words(ctx, value, field, PROTECT_SYSTEM_NO, PROTECT_SYSTEM_YES, w, v, 2,
                                   "a boolean, 'full' or 'strict'");
}

int config_parse_protect_home(DirectiveContext *ctx, const char *value, void *field) {
        static const char *const w[] = { "read-only", "tmpfs" };
        static const int v[] = { PROTECT_HOME_READ_ONLY, PROTECT_HOME_TMPFS };

        return parse_bool_or_words(ctx, value, field, PROTECT_HOME_NO, PROTECT_HOME_YES, w, v, 2,
                                   "a boolean, 'read-only' or 'tmpfs'");
}

int config_parse_protect_control_groups(DirectiveContext *ctx, const char *value, void *field) {
        static const char *const w[] = { "private", "strict" };
        static const int v[] = { PROTECT_CONTROL_GROUPS_PRIVATE, PROTECT_CONTROL_GROUPS_STRICT };

        return parse_bool_or_words(ctx, value, field, PROTECT_CONTROL_GROUPS_NO, PROTECT_CONTROL_GROUPS_YES,
                                   w, v, 2, "a boolean, 'private' or 'strict'");
}

/* Checks and normalizes an absolute path in place. */
static int check_path(DirectiveContext *ctx, char *path, const char *what) {
        if (!path_is_absolute(path)) {
                /* Relative to what? Nothing: say what to write instead. */
                if (path[0] == '~')
                        return directive_error(ctx, "%s '%s' must be an absolute path ('~' is not expanded; "
                                               "write %%h for the home directory)", what, path);
                if (path[0] == '.' || path[0] == '\0')
                        return directive_error(ctx, "%s '%s' must be an absolute path (nothing is relative to "
                                               "the unit file; write the full path, starting with '/')", what,
                                               path);
                return directive_error(ctx, "%s '%s' must be an absolute path; did you mean '/%s'?", what, path,
                                       path);
        }
        path_simplify(path);
        if (!path_is_normalized(path))
                return directive_error(ctx, "%s '%s' is not normalized ('.' or '..' components)", what, path);
        return 0;
}

int config_parse_path(DirectiveContext *ctx, const char *value, void *field) {
        _cleanup_free_ char *p = NULL;
        char **s = field;
        int r;

        if (isempty(value)) {
                *s = mfree(*s);
                return 0;
        }
        p = xstrdup(value);
        r = check_path(ctx, p, "path");
        if (r < 0)
                return r;
        free(*s);
        *s = TAKE_PTR(p);
        return 0;
}

static void path_spec_list_add(PathSpecList *l, char *path, bool ignore_missing, bool below_root) {
        l->items = xrealloc(l->items, sizeof(PathSpec) * (l->n + 1));
        l->items[l->n++] = (PathSpec) { .path = path, .ignore_missing = ignore_missing, .below_root = below_root };
}

int config_parse_path_list(DirectiveContext *ctx, const char *value, void *field) {
        PathSpecList *l = field;
        const char *p = value;
        int r;

        if (isempty(value)) {
                path_spec_list_done(l);
                return 0;
        }

        for (;;) {
                _cleanup_free_ char *w = NULL, *resolved = NULL;
                bool ignore = false, below = false;
                const char *s;

                r = next_word(ctx, &p, &w, EXTRACT_UNQUOTE | EXTRACT_CUNESCAPE);
                if (r <= 0)
                        return r;

                /* '-' must come before '+' (systemd's order). */
                s = w;
                if (*s == '-') {
                        ignore = true;
                        s++;
                }
                if (*s == '+') {
                        below = true;
                        s++;
                }
                r = directive_expand(ctx, s, &resolved);
                if (r < 0)
                        return r;
                r = check_path(ctx, resolved, "path");
                if (r < 0)
                        return r;
                path_spec_list_add(l, TAKE_PTR(resolved), ignore, below);
        }
}

int config_parse_environment_file(DirectiveContext *ctx, const char *value, void *field) {
        PathSpecList *l = field;
        _cleanup_free_ char *p = NULL;
        bool ignore = false;
        int r;

        if (isempty(value)) {
                path_spec_list_done(l);
                return 0;
        }
        if (value[0] == '-') {
                ignore = true;
                value++;
        }
        p = xstrdup(value);
        r = check_path(ctx, p, "environment file");
        if (r < 0)
                return r;
        path_spec_list_add(l, TAKE_PTR(p), ignore, false);
        return 0;
}

static void bind_spec_list_done(BindSpecList *l) {
        for (size_t i = 0; i < l->n; i++) {
                free(l->items[i].source);
                free(l->items[i].destination);
        }
        free(l->items);
        *l = (BindSpecList) {};
}

int config_parse_bind_paths(DirectiveContext *ctx, const char *value, void *field) {
        BindSpecList *l = field;
        const char *p = value;
        int r;

        if (isempty(value)) {
                /* Resets BindPaths= and BindReadOnlyPaths= alike (one list in the plan). */
                bind_spec_list_done(l);
                return 0;
        }

        for (;;) {
                _cleanup_free_ char *source = NULL, *src = NULL, *dest = NULL, *dst = NULL, *opts = NULL;
                bool ignore = false, recursive = true;
                const char *s;

                r = extract_first_word(&p, &source, ":" WHITESPACE,
                                       EXTRACT_UNQUOTE | EXTRACT_DONT_COALESCE_SEPARATORS);
                if (r == -EINVAL)
                        return directive_error(ctx, "invalid quoting in '%s'", value);
                if (r < 0)
                        return r;
                if (r == 0)
                        return 0;
                if (isempty(source)) {
                        /* Several spaces between entries: DONT_COALESCE gives empty words, skip them. */
                        if (p && p[-1] == ':')
                                return directive_error(ctx, "missing source path before ':'");
                        continue;
                }

                s = source;
                if (*s == '-') {
                        ignore = true;
                        s++;
                }
                r = directive_expand(ctx, s, &src);
                if (r < 0)
                        return r;
                r = check_path(ctx, src, "source path");
                if (r < 0)
                        return r;

                if (p && p[-1] == ':') {
                        r = extract_first_word(&p, &dest, ":" WHITESPACE,
                                               EXTRACT_UNQUOTE | EXTRACT_DONT_COALESCE_SEPARATORS);
                        if (r == -EINVAL)
                                return directive_error(ctx, "invalid quoting in '%s'", value);
                        if (r < 0)
                                return r;
                        if (r == 0 || isempty(dest))
                                return directive_error(ctx, "missing destination path after ':' in '%s'", value);
                        r = directive_expand(ctx, dest, &dst);
                        if (r < 0)
                                return r;
                        r = check_path(ctx, dst, "destination path");
                        if (r < 0)
                                return r;

                        if (p && p[-1] == ':') {
                                r = extract_first_word(&p, &opts, NULL, EXTRACT_UNQUOTE);
                                if (r == -EINVAL)
                                        return directive_error(ctx, "invalid quoting in '%s'", value);
                                if (r < 0)
                                        return r;
                                if (r == 0)
                                        return directive_error(ctx, "missing options after ':' in '%s'", value);
                                if (isempty(opts) || streq(opts, "rbind"))
                                        recursive = true;
                                else if (streq(opts, "norbind"))
                                        recursive = false;
                                else
                                        return directive_error(ctx, "invalid bind option '%s' (expected 'rbind' "
                                                               "or 'norbind')", opts);
                        }
                } else
                        dst = xstrdup(src);

                l->items = xrealloc(l->items, sizeof(BindSpec) * (l->n + 1));
                l->items[l->n++] = (BindSpec) {
                        .source = TAKE_PTR(src),
                        .destination = TAKE_PTR(dst),
                        .ignore_missing = ignore,
                        .recursive = recursive,
                        .read_only = ctx->directive->ltype,
                };
        }
}

int config_parse_temporary_filesystem(DirectiveContext *ctx, const char *value, void *field) {
        TmpfsSpecList *l = field;
        const char *p = value;
        int r;

        if (isempty(value)) {
                for (size_t i = 0; i < l->n; i++) {
                        free(l->items[i].path);
                        free(l->items[i].options);
                }
                free(l->items);
                *l = (TmpfsSpecList) {};
                return 0;
        }

        for (;;) {
                _cleanup_free_ char *w = NULL, *path = NULL, *resolved = NULL;
                const char *q;

                r = next_word(ctx, &p, &w, EXTRACT_UNQUOTE);
                if (r <= 0)
                        return r;

                q = w;
                r = extract_first_word(&q, &path, ":", EXTRACT_DONT_COALESCE_SEPARATORS);
                if (r <= 0 || isempty(path))
                        return directive_error(ctx, "invalid entry '%s' (expected PATH[:OPTIONS])", w);
                r = directive_expand(ctx, path, &resolved);
                if (r < 0)
                        return r;
                r = check_path(ctx, resolved, "path");
                if (r < 0)
                        return r;

                l->items = xrealloc(l->items, sizeof(TmpfsSpec) * (l->n + 1));
                l->items[l->n++] = (TmpfsSpec) {
                        .path = TAKE_PTR(resolved),
                        .options = isempty(q) ? NULL : xstrdup(q),
                };
        }
}

int config_parse_working_directory(DirectiveContext *ctx, const char *value, void *field) {
        ExecPart *e = &ctx->plan->exec;
        _cleanup_free_ char *p = NULL;
        bool missing_ok = false;
        int r;

        if (isempty(value)) {
                e->working_directory = mfree(e->working_directory);
                e->working_directory_missing_ok = false;
                return 0;
        }
        if (value[0] == '-') {
                missing_ok = true;
                value++;
        }
        p = xstrdup(value);
        if (!streq(p, "~")) {
                r = check_path(ctx, p, "working directory");
                if (r < 0)
                        return r;
        }
        free(e->working_directory);
        e->working_directory = TAKE_PTR(p);
        e->working_directory_missing_ok = missing_ok;
        return 0;
}

int config_parse_prefixed_string(DirectiveContext *ctx, const char *value, void *field) {
        char **s = field;
        bool *ignore = ctx->directive->ltype == 0 ? &ctx->plan->exec.apparmor_profile_ignore
                                                  : &ctx->plan->exec.selinux_context_ignore;

        if (isempty(value)) {
                *s = mfree(*s);
                *ignore = false;
                return 0;
        }
        *ignore = value[0] == '-';
        if (*ignore)
                value++;
        if (isempty(value))
                return directive_error(ctx, "empty value after '-'");
        free(*s);
        *s = xstrdup(value);
        return 0;
}

int config_parse_capability_set(DirectiveContext *ctx, const char *value, void *field) {
        uint64_t *set = field, sum = 0, initial;
        unsigned errors = ctx->n_errors;
        bool invert = false;
        int r;

        initial = ctx->directive->ltype == CAPABILITY_BOUNDING ? UINT64_MAX : 0;

        if (value[0] == '~') {
                invert = true;
                value++;
        }

        /* Every unknown name is reported, not only the first (one diagnostic each). */
        for (const char *p = value;;) {
                _cleanup_free_ char *w = NULL;
                int cap;

                r = next_word(ctx, &p, &w, EXTRACT_UNQUOTE);
                if (r < 0)
                        return r;
                if (r == 0)
                        break;
                if (list_word_mistake(ctx, w))
                        continue;
                cap = capability_from_name(w);
                if (cap < 0 || cap > 63) {
                        const char *guess = capability_suggest(w);

                        if (guess)
                                (void) directive_error(ctx, "unknown capability '%s'; did you mean '%s'?", w, guess);
                        else
                                (void) directive_error(ctx, "unknown capability '%s' (systemd 252 would silently "
                                                       "drop it; see `sandboxctl capabilities`)", w);
                        continue;
                }
                sum |= UINT64_C(1) << cap;
        }
        if (ctx->n_errors > errors)
                return -EINVAL;

        /* systemd's merge rule: "", "~" or the first assignment replace; later plain lines OR, later
         * "~" lines remove. */
        if (sum == 0 || *set == initial)
                *set = invert ? ~sum : sum;
        else if (invert)
                *set &= ~sum;
        else
                *set |= sum;

        if (ctx->directive->ltype == CAPABILITY_BOUNDING)
                ctx->plan->exec.capability_bounding_set_set = true;
        return 0;
}

/* ---- syscall sets ---- */

static void syscall_set_done(SyscallSet *s) {
        for (size_t i = 0; i < s->n; i++)
                free(s->items[i].name);
        free(s->items);
        *s = (SyscallSet) {};
}

/* Binary search; returns the index where `name` is or would be inserted. */
static size_t syscall_set_find(const SyscallSet *s, const char *name, bool *found) {
        size_t lo = 0, hi = s->n;

        while (lo < hi) {
                size_t mid = (lo + hi) / 2;
                int c = strcmp(s->items[mid].name, name);
                if (c == 0) {
                        *found = true;
                        return mid;
                }
                if (c < 0)
                        lo = mid + 1;
                else
                        hi = mid;
        }
        *found = false;
        return lo;
}

static void syscall_set_put(SyscallSet *s, const char *name, int action) {
        bool found;
        size_t i = syscall_set_find(s, name, &found);

        if (found) {
                s->items[i].action = action;
                return;
        }
        /* perf: an allow-list inserts hundreds of names; grow geometrically (whoever allocated the array). */
        if (!s->items || malloc_usable_size(s->items) < sizeof(SyscallEntry) * (s->n + 1))
                s->items = xrealloc(s->items, sizeof(SyscallEntry) * MAX(s->n * 2, (size_t) 16));
        memmove(s->items + i + 1, s->items + i, sizeof(SyscallEntry) * (s->n - i));
        s->items[i] = (SyscallEntry) { .name = xstrdup(name), .action = action };
        s->n++;
}

static void syscall_set_remove(SyscallSet *s, const char *name) {
        bool found;
        size_t i = syscall_set_find(s, name, &found);

        if (!found)
                return;
        free(s->items[i].name);
        memmove(s->items + i, s->items + i + 1, sizeof(SyscallEntry) * (s->n - i - 1));
        s->n--;
}

/* Resolves a word (syscall or @group) into names; errors for unknown explicit names or groups. */
static int syscall_word_expand(DirectiveContext *ctx, const char *name, char ***ret) {
        char **names = NULL;
        int r;

        if (name[0] == '@') {
                if (!syscall_group_lookup(name)) {
                        const char *guess = syscall_group_suggest(name);

                        if (guess)
                                return directive_error(ctx, "unknown system call group '%s'; did you mean '%s'?",
                                                       name, guess);
                        return directive_error(ctx, "unknown system call group '%s' (see `sandboxctl "
                                               "syscall-filter`)", name);
                }
                r = syscall_group_expand(name, /* known_only= */ true, &names);
                if (r < 0) {
                        strv_free(names);
                        return directive_error(ctx, "failed to expand '%s': %s", name, strerror(-r));
                }
        } else {
                if (!syscall_name_known(name)) {
                        const char *guess = syscall_suggest(name);

                        if (guess)
                                return directive_error(ctx, "unknown system call '%s'; did you mean '%s'?", name,
                                                       guess);
                        return directive_error(ctx, "unknown system call '%s' (see `sandboxctl syscall-filter "
                                               "@known` for the names)", name);
                }
                strv_extend(&names, name);
        }
        *ret = names;
        return 0;
}

/* Applies one line of SystemCallFilter= (log = false) or SystemCallLog= (log = true). */
static int parse_syscall_line(DirectiveContext *ctx, const char *value, SyscallSet *set, bool log) {
        const char *p = value;
        unsigned errors = ctx->n_errors;
        bool invert = false;
        int r;

        if (isempty(value)) {
                syscall_set_done(set);
                return 0;
        }

        if (value[0] == '~') {
                invert = true;
                p++;
        }

        if (!set->set) {
                /* The first non-empty assignment decides the mode. */
                set->set = true;
                set->allow_list = !invert;
                if (set->allow_list && !log) {
                        _cleanup_strv_free_ char **names = NULL;

                        r = syscall_group_expand("@default", true, &names);
                        if (r < 0)
                                return directive_error(ctx, "failed to expand @default: %s", strerror(-r));
                        STRV_FOREACH(n, names)
                                syscall_set_put(set, *n, SECCOMP_ERRNO_ALLOW);
                }
        }

        for (;;) {
                _cleanup_free_ char *w = NULL;
                _cleanup_strv_free_ char **names = NULL;
                int action = SECCOMP_ERRNO_DEFAULT;
                bool has_errno = false;
                char *colon;

                r = next_word(ctx, &p, &w, EXTRACT_UNQUOTE);
                if (r < 0)
                        return r;
                if (r == 0)
                        break;
                if (list_word_mistake(ctx, w))
                        continue;

                colon = strchr(w, ':');
                if (colon) {
                        *colon = '\0';
                        if (log) {
                                (void) directive_error(ctx, "'%s:%s': SystemCallLog= entries take no error number",
                                                       w, colon + 1);
                                continue;
                        }
                        if (!invert) {
                                (void) directive_error(ctx, "'%s:%s': allow-listed system calls cannot take an "
                                                       "error number; write '%s' to allow it, or '~%s:%s' to "
                                                       "deny it with that error", w, colon + 1, w, w, colon + 1);
                                continue;
                        }
                        if (streq(colon + 1, "kill"))
                                action = SECCOMP_ERRNO_KILL;
                        else {
                                int e = errno_from_name(colon + 1);

                                if (e < 0) {
                                        const char *guess = errno_suggest(colon + 1);

                                        if (guess)
                                                (void) directive_error(ctx, "invalid error number '%s' for '%s'; "
                                                                       "did you mean '%s:%s'?", colon + 1, w, w,
                                                                       guess);
                                        else
                                                (void) directive_error(ctx, "invalid error number '%s' for '%s' "
                                                                       "(expected an errno name like EPERM, a "
                                                                       "number 0..4095, or 'kill')", colon + 1, w);
                                        continue;
                                }
                                action = e;
                        }
                        has_errno = true;
                }
                if (isempty(w)) {
                        (void) directive_error(ctx, "empty system call name");
                        continue;
                }

                r = syscall_word_expand(ctx, w, &names);
                if (r < 0)
                        continue; /* reported; look at the other words too */

                STRV_FOREACH(n, names) {
                        if (!invert == set->allow_list)
                                /* Same polarity as the list: add. */
                                syscall_set_put(set, *n, set->allow_list && !log ? SECCOMP_ERRNO_ALLOW : action);
                        else if (set->allow_list && has_errno)
                                /* Allow-list, "~name:errno": keep it, returning that error (spec §2.2). */
                                syscall_set_put(set, *n, action);
                        else
                                syscall_set_remove(set, *n);
                }
        }

        return ctx->n_errors > errors ? -EINVAL : 0;
}

int config_parse_syscall_filter(DirectiveContext *ctx, const char *value, void *field) {
        return parse_syscall_line(ctx, value, field, false);
}

int config_parse_syscall_log(DirectiveContext *ctx, const char *value, void *field) {
        return parse_syscall_line(ctx, value, field, true);
}

int config_parse_syscall_errno(DirectiveContext *ctx, const char *value, void *field) {
        int *e = field, k;

        if (isempty(value) || streq(value, "kill")) {
                *e = SECCOMP_ERRNO_KILL;
                return 0;
        }
        k = errno_from_name(value);
        if (k < 0) {
                const char *guess = errno_suggest(value);

                if (guess)
                        return directive_error(ctx, "invalid error number '%s'; did you mean '%s'?", value, guess);
                return directive_error(ctx, "invalid error number '%s' (expected an errno name like EPERM, "
                                       "a number 0..4095, or 'kill')", value);
        }
        *e = k;
        return 0;
}

int config_parse_syscall_archs(DirectiveContext *ctx, const char *value, void *field) {
        char ***l = field;
        const char *p = value;
        unsigned errors = ctx->n_errors;
        int r;

        if (isempty(value)) {
                *l = strv_free(*l);
                return 0;
        }
        for (;;) {
                _cleanup_free_ char *w = NULL;
                uint32_t token;

                r = next_word(ctx, &p, &w, EXTRACT_UNQUOTE);
                if (r < 0)
                        return r;
                if (r == 0)
                        break;
                if (seccomp_arch_from_name(w, &token) < 0) {
                        const char *guess = seccomp_arch_suggest(w);

                        if (guess)
                                (void) directive_error(ctx, "unknown architecture '%s'; did you mean '%s'?", w,
                                                       guess);
                        else
                                (void) directive_error(ctx, "unknown architecture '%s' (expected 'native' or a "
                                                       "name like x86-64, x86, x32, arm64)", w);
                        continue;
                }
                if (!strv_contains(*l, w))
                        strv_consume(l, TAKE_PTR(w));
        }

        return ctx->n_errors > errors ? -EINVAL : 0;
}

int config_parse_address_families(DirectiveContext *ctx, const char *value, void *field) {
        ExecPart *e = &ctx->plan->exec;
        const char *p = value;
        bool invert = false;
        unsigned errors = ctx->n_errors;
        int r;

        if (isempty(value)) {
                e->restrict_address_families_set = false;
                e->restrict_address_families_allow_list = false;
                e->restrict_address_families = 0;
                return 0;
        }
        if (streq(value, "none")) {
                /* Forbid all: an empty allow-list. */
                e->restrict_address_families_set = true;
                e->restrict_address_families_allow_list = true;
                e->restrict_address_families = 0;
                return 0;
        }
        if (value[0] == '~') {
                invert = true;
                p++;
        }
        /* As systemd: while the set is empty, the line decides allow-list vs deny-list. */
        if (e->restrict_address_families == 0)
                e->restrict_address_families_allow_list = !invert;
        e->restrict_address_families_set = true;

        for (;;) {
                _cleanup_free_ char *w = NULL;
                int af;

                r = next_word(ctx, &p, &w, EXTRACT_UNQUOTE);
                if (r < 0)
                        return r;
                if (r == 0)
                        break;
                if (list_word_mistake(ctx, w))
                        continue;
                af = af_from_name(w);
                if (af < 0 || af >= 64) {
                        const char *guess = af_suggest(w);

                        if (guess)
                                (void) directive_error(ctx, "unknown address family '%s'; did you mean '%s'?", w,
                                                       guess);
                        else
                                (void) directive_error(ctx, "unknown address family '%s' (expected a name like "
                                                       "AF_UNIX, AF_INET, AF_INET6 or AF_NETLINK, or 'none')", w);
                        continue;
                }
                if (!invert == e->restrict_address_families_allow_list)
                        e->restrict_address_families |= UINT64_C(1) << af;
                else
                        e->restrict_address_families &= ~(UINT64_C(1) << af);
        }

        return ctx->n_errors > errors ? -EINVAL : 0;
}

int config_parse_restrict_namespaces(DirectiveContext *ctx, const char *value, void *field) {
        ExecPart *e = &ctx->plan->exec;
        unsigned long flags = 0;
        const char *p = value;
        bool invert = false;
        unsigned errors = ctx->n_errors;
        int r, k;

        if (isempty(value)) {
                e->restrict_namespaces_set = false;
                e->restrict_namespaces_allowed = NAMESPACE_FLAGS_ALL;
                return 0;
        }

        /* A boolean ignores earlier settings: yes = nothing allowed, no = everything allowed. */
        k = parse_boolean(value);
        if (k >= 0) {
                e->restrict_namespaces_set = true;
                e->restrict_namespaces_allowed = k ? 0 : NAMESPACE_FLAGS_ALL;
                return 0;
        }

        if (value[0] == '~') {
                invert = true;
                p++;
        }
        for (;;) {
                _cleanup_free_ char *w = NULL;
                unsigned long f;

                r = next_word(ctx, &p, &w, EXTRACT_UNQUOTE);
                if (r < 0)
                        return r;
                if (r == 0)
                        break;
                f = namespace_flag_from_name(w);
                if (f == 0) {
                        const char *guess = namespace_suggest(w);

                        if (guess)
                                (void) directive_error(ctx, "unknown namespace type '%s'; did you mean '%s'?", w,
                                                       guess);
                        else
                                (void) directive_error(ctx, "unknown namespace type '%s' (expected cgroup, ipc, "
                                                       "net, mnt, pid, user, uts or a boolean)", w);
                        continue;
                }
                flags |= f;
        }

        if (ctx->n_errors > errors)
                return -EINVAL;

        if (!e->restrict_namespaces_set)
                e->restrict_namespaces_allowed = invert ? (~flags & NAMESPACE_FLAGS_ALL) : flags;
        else if (invert)
                e->restrict_namespaces_allowed &= ~flags;
        else
                e->restrict_namespaces_allowed |= flags;
        e->restrict_namespaces_set = true;
        return 0;
}

int config_parse_user_group(DirectiveContext *ctx, const char *value, void *field) {
        char **s = field;

        if (isempty(value)) {
                *s = mfree(*s);
                return 0;
        }
        if (!valid_user_group_name_or_id(value))
                return directive_error(ctx, "invalid user or group name or id '%s'", value);
        free(*s);
        *s = xstrdup(value);
        return 0;
}

static int check_user_group(DirectiveContext *ctx, const char *w) {
        if (!valid_user_group_name_or_id(w))
                return directive_error(ctx, "invalid group name or id '%s'", w);
        return 0;
}

int config_parse_user_group_strv(DirectiveContext *ctx, const char *value, void *field) {
        return parse_word_list(ctx, value, field, EXTRACT_UNQUOTE, false, true, check_user_group);
}

int config_parse_umask(DirectiveContext *ctx, const char *value, void *field) {
        ExecPart *e = &ctx->plan->exec;
        mode_t m;

        if (isempty(value)) {
                e->umask = 0022;
                e->umask_set = false;
                return 0;
        }
        if (parse_mode(value, &m) < 0 || (m & ~0777))
                return directive_error(ctx, "invalid umask '%s' (expected octal 0000..0777)", value);
        e->umask = m;
        e->umask_set = true;
        return 0;
}

/* Replaces an existing KEY=… or appends. */
static void env_set(char ***l, char *assignment) {
        size_t k = strcspn(assignment, "=");

        for (char **i = *l; i && *i; i++)
                if (strneq(*i, assignment, k) && (*i)[k] == '=') {
                        free(*i);
                        *i = assignment;
                        return;
                }
        strv_consume(l, assignment);
}

int config_parse_environ(DirectiveContext *ctx, const char *value, void *field) {
        char ***l = field;
        const char *p = value;
        int r;

        if (isempty(value)) {
                *l = strv_free(*l);
                return 0;
        }
        for (;;) {
                _cleanup_free_ char *w = NULL, *x = NULL;

                r = next_word(ctx, &p, &w, EXTRACT_UNQUOTE | EXTRACT_CUNESCAPE);
                if (r <= 0)
                        return r;
                r = directive_expand(ctx, w, &x);
                if (r < 0)
                        return r;
                if (!env_assignment_is_valid(x))
                        return directive_error(ctx, "invalid environment assignment '%s' (expected VAR=VALUE; "
                                               "VAR is letters, digits and '_', not starting with a digit)", x);
                env_set(l, TAKE_PTR(x));
        }
}

static int check_env_name(DirectiveContext *ctx, const char *x) {
        bool pass = ctx->directive->ltype == PASS_ENVIRONMENT;

        if (pass ? !env_name_is_valid(x) : !(env_name_is_valid(x) || env_assignment_is_valid(x)))
                return directive_error(ctx, "invalid environment variable %s '%s'",
                                       pass ? "name" : "name or assignment", x);
        return 0;
}

int config_parse_unset_environ(DirectiveContext *ctx, const char *value, void *field) {
        return parse_word_list(ctx, value, field, EXTRACT_UNQUOTE | EXTRACT_CUNESCAPE, true, true, check_env_name);
}

int config_parse_rlimit(DirectiveContext *ctx, const char *value, void *field) {
        RLimitSpec *rl = field;
        rlim_t soft, hard;
        int r;

        if (isempty(value)) {
                *rl = (RLimitSpec) {};
                return 0;
        }
        r = rlimit_parse(ctx->directive->ltype, value, &soft, &hard);
        if (r == -EILSEQ)
                return directive_error(ctx, "soft limit is greater than the hard limit in '%s'", value);
        if (r < 0)
                return directive_error(ctx, "invalid resource limit '%s' (expected a number, 'infinity', or "
                                       "SOFT:HARD like 1024:4096)", value);
        *rl = (RLimitSpec) { .set = true, .soft = soft, .hard = hard };
        return 0;
}

int config_parse_personality(DirectiveContext *ctx, const char *value, void *field) {
        static const struct {
                const char *name;
                int persona;
        } table[] = {
#if defined(__x86_64__)
                { "x86", PER_LINUX32 },
                { "x86-64", PER_LINUX },
#elif defined(__i386__)
                { "x86", PER_LINUX },
#elif defined(__aarch64__)
                { "arm", PER_LINUX32 },
                { "arm64", PER_LINUX },
#elif defined(__arm__)
                { "arm", PER_LINUX },
#elif defined(__s390x__)
                { "s390", PER_LINUX32 },
                { "s390x", PER_LINUX },
#elif defined(__powerpc64__)
                { "ppc", PER_LINUX32 },
                { "ppc64", PER_LINUX },
                { "ppc64-le", PER_LINUX },
#endif
        };
        int *per = field;

        if (isempty(value)) {
                *per = -1;
                return 0;
        }
        for (size_t i = 0; i < ELEMENTSOF(table); i++)
                if (streq(value, table[i].name)) {
                        *per = table[i].persona;
                        return 0;
                }
        return directive_error(ctx, "invalid or unsupported personality '%s' on this architecture", value);
}

static void exec_command_done(ExecCommand *c) {
        free(c->path);
        strv_free(c->argv);
        free(c->file);
}

int config_parse_exec(DirectiveContext *ctx, const char *value, void *field) {
        SandboxPlan *plan = ctx->plan;
        _cleanup_free_ char *first = NULL, *path = NULL;
        _cleanup_strv_free_ char **argv = NULL;
        unsigned flags = 0;
        bool separate_argv0 = false;
        const char *p = value, *f;
        int r;

        if (isempty(value)) {
                for (size_t i = 0; i < plan->n_exec_start; i++)
                        exec_command_done(&plan->exec_start[i]);
                plan->exec_start = mfree(plan->exec_start);
                plan->n_exec_start = 0;
                return 0;
        }

        r = next_word(ctx, &p, &first, EXTRACT_UNQUOTE | EXTRACT_CUNESCAPE);
        if (r < 0)
                return r;
        if (r == 0)
                return 0;

        /* Prefixes (systemd.service(5) "Table 1. Special executable prefixes"), each at most once;
         * '+', '!' and '!!' exclude each other. */
        for (f = first;; f++) {
                if (*f == '-' && !(flags & EXEC_COMMAND_IGNORE_FAILURE))
                        flags |= EXEC_COMMAND_IGNORE_FAILURE;
                else if (*f == '@' && !separate_argv0)
                        separate_argv0 = true;
                else if (*f == ':' && !(flags & EXEC_COMMAND_NO_ENV_EXPAND))
                        flags |= EXEC_COMMAND_NO_ENV_EXPAND;
                else if (*f == '+' && !(flags & (EXEC_COMMAND_FULLY_PRIVILEGED | EXEC_COMMAND_NO_SETUID |
                                                 EXEC_COMMAND_AMBIENT_MAGIC)))
                        flags |= EXEC_COMMAND_FULLY_PRIVILEGED;
                else if (*f == '!' && f[1] == '!' && !(flags & (EXEC_COMMAND_FULLY_PRIVILEGED |
                                                                 EXEC_COMMAND_NO_SETUID |
                                                                 EXEC_COMMAND_AMBIENT_MAGIC))) {
                        flags |= EXEC_COMMAND_AMBIENT_MAGIC;
                        f++;
                } else if (*f == '!' && !(flags & (EXEC_COMMAND_FULLY_PRIVILEGED | EXEC_COMMAND_NO_SETUID |
                                                   EXEC_COMMAND_AMBIENT_MAGIC)))
                        flags |= EXEC_COMMAND_NO_SETUID;
                else if (strchr("-@:+!|", *f) && *f != '\0')
                        return directive_error(ctx, "invalid or unsupported combination of prefixes in '%s'",
                                               first);
                else
                        break;
        }

        if (*f == '\0')
                return directive_error(ctx, "empty executable path in '%s'", value);

        r = directive_expand(ctx, f, &path);
        if (r < 0)
                return r;
        /* As systemd ≥ 239: an absolute path, or a plain file name looked up in the payload's PATH at start;
         * a relative path with a '/' in it is an error. */
        if (!path_is_absolute(path) && (strchr(path, '/') || streq(path, ".") || streq(path, "..")))
                return directive_error(ctx, "executable path '%s' must be an absolute path or a plain file "
                                       "name (looked up in PATH)", path);
        if (path[strlen(path) - 1] == '/')
                return directive_error(ctx, "executable path '%s' specifies a directory", path);

        if (!separate_argv0)
                strv_extend(&argv, path);
        path_simplify(path);

        for (;;) {
                _cleanup_free_ char *w = NULL, *x = NULL;

                /* ";" alone would separate commands (oneshot services only); "\;" is a literal ";". */
                if (p) {
                        p += strspn(p, WHITESPACE);
                        if (p[0] == ';' && (p[1] == '\0' || strchr(WHITESPACE, p[1])))
                                return directive_error(ctx, "several commands separated by ';' are not supported");
                        if (p[0] == '\\' && p[1] == ';' && (p[2] == '\0' || strchr(WHITESPACE, p[2]))) {
                                strv_extend(&argv, ";");
                                p += 2;
                                continue;
                        }
                }

                r = next_word(ctx, &p, &w, EXTRACT_UNQUOTE | EXTRACT_CUNESCAPE);
                if (r < 0)
                        return r;
                if (r == 0)
                        break;
                r = directive_expand(ctx, w, &x);
                if (r < 0)
                        return r;
                strv_consume(&argv, TAKE_PTR(x));
        }

        if (strv_length(argv) == 0)
                return directive_error(ctx, "'@' prefix given but argv[0] is missing in '%s'", value);

        plan->exec_start = xrealloc(plan->exec_start, sizeof(ExecCommand) * (plan->n_exec_start + 1));
        plan->exec_start[plan->n_exec_start++] = (ExecCommand) {
                .path = TAKE_PTR(path),
                .argv = TAKE_PTR(argv),
                .flags = flags,
                .file = xstrdup(ctx->file ?: "<unknown>"),
                .line = ctx->line,
        };
        return 0;
}

/* ---- cgroup values ---- */

static int parse_weight(const char *value, uint64_t *ret) {
        uint64_t v;

        if (safe_atou64(value, &v) < 0 || v < 1 || v > 10000)
                return -ERANGE;
        *ret = v;
        return 0;
}

int config_parse_cpu_weight(DirectiveContext *ctx, const char *value, void *field) {
        uint64_t *w = field;

        if (isempty(value)) {
                *w = CPU_WEIGHT_UNSET;
                return 0;
        }
        if (streq(value, "idle")) {
                *w = CPU_WEIGHT_IDLE;
                return 0;
        }
        if (parse_weight(value, w) < 0)
                return directive_error(ctx, "invalid CPU weight '%s' (expected 1..10000 or 'idle')", value);
        return 0;
}

int config_parse_io_weight(DirectiveContext *ctx, const char *value, void *field) {
        uint64_t *w = field;

        if (isempty(value)) {
                *w = 0;
                return 0;
        }
        if (parse_weight(value, w) < 0)
                return directive_error(ctx, "invalid IO weight '%s' (expected 1..10000)", value);
        return 0;
}

int config_parse_cpu_quota(DirectiveContext *ctx, const char *value, void *field) {
        uint64_t *q = field;
        int r;

        if (isempty(value)) {
                *q = CGROUP_LIMIT_MAX;
                return 0;
        }
        r = parse_permyriad_unbounded(value);
        if (r < 0)
                return directive_error(ctx, "invalid CPU quota '%s' (expected a percentage like 20%% or 150%%)",
                                       value);
        if (r == 0)
                return directive_error(ctx, "CPU quota '%s' too small (expected more than 0%%, like 20%%; an empty "
                                       "CPUQuota= removes the limit)", value);
        *q = (uint64_t) r * USEC_PER_SEC / 10000U;
        return 0;
}

int config_parse_sec_def_unset(DirectiveContext *ctx, const char *value, void *field) {
        uint64_t *u = field;
        usec_t t;

        if (isempty(value)) {
                *u = CGROUP_LIMIT_MAX;
                return 0;
        }
        if (parse_sec(value, &t) < 0 || t == USEC_INFINITY)
                return directive_error(ctx, "invalid time span '%s' (expected a number with a unit, like "
                                       "100ms, 5s, 2min or '1h 30min')", value);
        if (t < USEC_PER_MSEC || t > USEC_PER_SEC)
                directive_warning(ctx, "period '%s' is outside 1ms..1s and will be clamped, as systemd does",
                                  value);
        *u = t;
        return 0;
}

int config_parse_cpu_set(DirectiveContext *ctx, const char *value, void *field) {
        CpuSetSpec *s = field;
        int r;

        if (isempty(value)) {
                *s = (CpuSetSpec) {};
                return 0;
        }
        r = parse_cpu_set_extend(value, s);
        if (r == -ERANGE)
                return directive_error(ctx, "CPU or node number out of range (0..%d) in '%s'", CPU_SET_BITS - 1,
                                       value);
        if (r < 0)
                return directive_error(ctx, "invalid CPU or node list '%s' (expected e.g. '0-3 5,7')", value);
        return 0;
}

int config_parse_memory_limit(DirectiveContext *ctx, const char *value, void *field) {
        CGroupLimit *l = field;
        int kind = ctx->directive->ltype, r;
        uint64_t bytes;

        if (isempty(value)) {
                *l = (CGroupLimit) { .value = kind == MEMORY_LIMIT_MIN_LIKE ? 0 : CGROUP_LIMIT_MAX };
                return 0;
        }
        if (streq(value, "infinity")) {
                *l = (CGroupLimit) { .set = true, .value = CGROUP_LIMIT_MAX };
                return 0;
        }

        r = parse_permyriad(value);
        if (r >= 0) {
                if (r == 0 && kind == MEMORY_LIMIT_MAX_LIKE)
                        return directive_error(ctx, "memory limit '%s' out of range", value);
                *l = (CGroupLimit) { .set = true, .is_scale = true, .permyriad = (uint32_t) r,
                                     .value = CGROUP_LIMIT_MAX };
                return 0;
        }
        if (r == -ERANGE)
                return directive_error(ctx, "percentage '%s' out of range (expected 0%%..100%% of physical "
                                       "memory, a size like 512M, or 'infinity')", value);

        r = parse_size(value, 1024, &bytes);
        if (r == -ERANGE || (r >= 0 && bytes == UINT64_MAX))
                return directive_error(ctx, "memory limit '%s' out of range", value);
        if (r < 0) {
                /* "1GB", "512MiB", "1gb": the unit is one capital letter, without 'B'. */
                size_t n = strlen(value), cut = n >= 3 && strchr("iI", value[n - 2]) ? 2 : 1;
                char guess[64];

                if (n > cut + 1 && n - cut < sizeof(guess) && strchr("bB", value[n - 1]) &&
                    strchr("KMGTPEkmgtpe", value[n - cut - 1])) {
                        memcpy(guess, value, n - cut);
                        guess[n - cut] = '\0';
                        guess[n - cut - 1] = (char) toupper((unsigned char) guess[n - cut - 1]);
                        if (parse_size(guess, 1024, &bytes) >= 0)
                                return directive_error(ctx, "invalid memory limit '%s'; did you mean '%s'? (K, M, "
                                                       "G, … are base 1024 and take no 'B')", value, guess);
                }
                return directive_error(ctx, "invalid memory limit '%s' (expected a size like 512M or 1.5G with "
                                       "K, M, G, T, P, E (base 1024), a percentage of RAM, or 'infinity')", value);
        }
        if (bytes == 0 && kind == MEMORY_LIMIT_MAX_LIKE)
                return directive_error(ctx, "memory limit '%s' too small", value);
        *l = (CGroupLimit) { .set = true, .value = bytes };
        return 0;
}

int config_parse_tasks_max(DirectiveContext *ctx, const char *value, void *field) {
        CGroupLimit *l = field;
        uint64_t v;
        int r;

        if (isempty(value)) {
                *l = (CGroupLimit) { .value = CGROUP_LIMIT_MAX };
                return 0;
        }
        if (streq(value, "infinity")) {
                *l = (CGroupLimit) { .set = true, .value = CGROUP_LIMIT_MAX };
                return 0;
        }
        r = parse_permyriad(value);
        if (r >= 0) {
                if (r == 0)
                        return directive_error(ctx, "maximum tasks value '%s' too small", value);
                *l = (CGroupLimit) { .set = true, .is_scale = true, .permyriad = (uint32_t) r,
                                     .value = CGROUP_LIMIT_MAX };
                return 0;
        }
        if (safe_atou64(value, &v) < 0 || v == 0 || v == UINT64_MAX)
                return directive_error(ctx, "invalid maximum tasks value '%s' (expected N > 0, N%%, or 'infinity')",
                                       value);
        *l = (CGroupLimit) { .set = true, .value = v };
        return 0;
}

int config_parse_io_device(DirectiveContext *ctx, const char *value, void *field) {
        IODeviceValueList *l = field;
        _cleanup_free_ char *path = NULL;
        const char *p = value;
        uint64_t v;
        int r;

        if (isempty(value)) {
                for (size_t i = 0; i < l->n; i++)
                        free(l->items[i].path);
                free(l->items);
                *l = (IODeviceValueList) {};
                return 0;
        }

        r = next_word(ctx, &p, &path, EXTRACT_UNQUOTE);
        if (r < 0)
                return r;
        if (r == 0 || isempty(p))
                return directive_error(ctx, "expected 'PATH VALUE', got '%s'", value);
        r = check_path(ctx, path, "device path");
        if (r < 0)
                return r;

        switch (ctx->directive->ltype) {
        case IO_DEVICE_WEIGHT:
                if (parse_weight(p, &v) < 0)
                        return directive_error(ctx, "invalid IO weight '%s' (expected 1..10000)", p);
                break;
        case IO_DEVICE_BANDWIDTH:
        case IO_DEVICE_IOPS:
                if (streq(p, "infinity"))
                        v = CGROUP_LIMIT_MAX;
                else if (parse_size(p, 1000, &v) < 0 || v == 0)
                        return directive_error(ctx, "invalid IO limit '%s' (expected a number > 0 with optional "
                                               "K, M, G, T, P, E (base 1000), or 'infinity')", p);
                break;
        case IO_DEVICE_LATENCY: {
                usec_t t;

                if (parse_sec(p, &t) < 0)
                        return directive_error(ctx, "invalid latency target '%s'", p);
                v = t == USEC_INFINITY ? CGROUP_LIMIT_MAX : t;
                break;
        }
        default:
                assert(false);
                return -EINVAL;
        }

        for (size_t i = 0; i < l->n; i++)
                if (streq(l->items[i].path, path)) {
                        l->items[i].value = v;
                        return 0;
                }
        l->items = xrealloc(l->items, sizeof(IODeviceValue) * (l->n + 1));
        l->items[l->n++] = (IODeviceValue) { .path = TAKE_PTR(path), .value = v };
        return 0;
}

int config_parse_device_allow(DirectiveContext *ctx, const char *value, void *field) {
        DeviceRuleList *l = field;
        DeviceRule rule;
        int r;

        if (isempty(value)) {
                for (size_t i = 0; i < l->n; i++)
                        free(l->items[i].path);
                free(l->items);
                *l = (DeviceRuleList) {};
                return 0;
        }
        r = device_rule_parse(value, &rule);
        if (r < 0) {
                /* A good device followed by a bad access word: name the letter. */
                const char *a = value + strcspn(value, WHITESPACE);
                size_t bad;

                a += strspn(a, WHITESPACE);
                bad = strspn(a, "rwm");
                if (!isempty(a) && a[bad] != '\0')
                        return directive_error(ctx, "unknown access '%c' in '%s' (expected a combination of r "
                                               "(read), w (write) and m (mknod), like 'rw')", a[bad], value);
                return directive_error(ctx, "invalid device rule '%s' (expected /dev/PATH, /dev/char/MAJ:MIN, "
                                       "char-NAME or block-NAME, then optional access 'rwm')", value);
        }
        device_rule_list_add(l, rule.path, rule.access);
        free(rule.path);
        return 0;
}

int config_parse_delegate(DirectiveContext *ctx, const char *value, void *field) {
        static const char *const controllers[] = {
                "cpu", "cpuacct", "cpuset", "io", "blkio", "memory", "devices", "pids",
                "bpf-firewall", "bpf-devices", "bpf-foreign", "bpf-socket-bind",
                "bpf-restrict-network-interfaces",
        };
        bool *b = field;
        const char *p = value;
        int k, r;

        if (isempty(value)) {
                *b = false;
                return 0;
        }
        k = parse_boolean(value);
        if (k >= 0) {
                *b = k;
                return 0;
        }
        for (;;) {
                _cleanup_free_ char *w = NULL;
                bool ok = false;

                r = next_word(ctx, &p, &w, EXTRACT_UNQUOTE);
                if (r < 0)
                        return r;
                if (r == 0)
                        break;
                for (size_t i = 0; i < ELEMENTSOF(controllers); i++)
                        ok = ok || streq(w, controllers[i]);
                if (!ok)
                        return directive_error(ctx, "invalid value '%s' (expected a boolean or controller names)", w);
        }
        *b = true;
        return 0;
}

static bool ip_prefix_is_valid(const char *w) {
        static const char *const words[] = { "any", "localhost", "link-local", "multicast" };
        _cleanup_free_ char *addr = NULL;
        unsigned char buf[sizeof(struct in6_addr)];
        const char *slash = strchr(w, '/');
        unsigned plen, max;
        int family;

        for (size_t i = 0; i < ELEMENTSOF(words); i++)
                if (streq(w, words[i]))
                        return true;

        addr = slash ? xstrndup(w, slash - w) : xstrdup(w);
        if (inet_pton(AF_INET, addr, buf) == 1)
                family = AF_INET;
        else if (inet_pton(AF_INET6, addr, buf) == 1)
                family = AF_INET6;
        else
                return false;
        if (!slash)
                return true;
        max = family == AF_INET ? 32 : 128;
        return safe_atou(slash + 1, &plen) >= 0 && plen <= max;
}

static int check_ip_prefix(DirectiveContext *ctx, const char *w) {
        if (!ip_prefix_is_valid(w))
                return directive_error(ctx, "invalid address prefix '%s' (expected ADDRESS[/PREFIXLEN], "
                                       "'any', 'localhost', 'link-local' or 'multicast')", w);
        return 0;
}

int config_parse_ip_address_list(DirectiveContext *ctx, const char *value, void *field) {
        return parse_word_list(ctx, value, field, EXTRACT_UNQUOTE, false, true, check_ip_prefix);
}

/* ---------------------------------------------------------------------------------------------------- */
/* ExecStart= $VAR expansion (at exec time). */

static const char *env_lookup_n(char * const *env, const char *name, size_t n) {
        for (char * const *e = env; e && *e; e++)
                if (strneq(*e, name, n) && (*e)[n] == '=')
                        return *e + n + 1;
        return NULL;
}

static char *replace_env_word(const char *w, char * const *env) {
        Buf b = {};

        b.s = xstrdup("");
        b.allocated = 1;

        for (const char *p = w; *p;) {
                const char *end, *name, *op;
                size_t n;

                if (p[0] == '$' && p[1] == '$') {
                        buf_put(&b, '$');
                        p += 2;
                        continue;
                }
                if (!(p[0] == '$' && p[1] == '{') || !(end = strchr(p + 2, '}'))) {
                        buf_put(&b, *p++);
                        continue;
                }

                name = p + 2;
                op = memchr(name, ':', end - name);
                n = (op ?: end) - name;
                if (op && !(op + 1 < end && (op[1] == '-' || op[1] == '+'))) {
                        /* "${A:x}": not a form we know, keep it as written. */
                        buf_put(&b, *p++);
                        continue;
                }
                {
                        const char *v = env_lookup_n(env, name, n), *out = v;
                        _cleanup_free_ char *arg = NULL;

                        if (op) {
                                bool has = !isempty(v);

                                arg = xstrndup(op + 2, end - op - 2);
                                out = op[1] == '-' ? (has ? v : arg) : (has ? arg : "");
                        }
                        for (const char *c = out ?: ""; *c; c++)
                                buf_put(&b, *c);
                }
                p = end + 1;
        }
        return b.s;
}

char **exec_command_expand_env(char * const *argv, char * const *env) {
        char **ret = NULL;

        STRV_FOREACH(a, argv) {
                const char *w = *a;

                if (w[0] == '$' && w[1] != '{' && w[1] != '$' && w[1] != '\0') {
                        /* A whole word "$NAME": split the value into words. */
                        const char *v = env_lookup_n(env, w + 1, strlen(w + 1)), *p = v;

                        for (;;) {
                                char *x = NULL;
                                if (!p || extract_first_word(&p, &x, NULL, EXTRACT_RELAX | EXTRACT_UNQUOTE) <= 0)
                                        break;
                                strv_consume(&ret, x);
                        }
                        continue;
                }
                strv_consume(&ret, replace_env_word(w, env));
        }
        if (!ret)
                ret = xcalloc(1, sizeof(char *));
        return ret;
}
