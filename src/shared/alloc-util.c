/* SPDX-License-Identifier: MIT */
#include <stdarg.h>
#include <stdint.h>
#include <string.h>

#include "macro.h"

static _noreturn_ void oom(void) {
        fputs("sandboxctl: out of memory\n", stderr);
        abort();
}

void *xmalloc(size_t n) {
        void *p = malloc(n ?: 1);
        if (!p)
                oom();
        return p;
}

void *xcalloc(size_t n, size_t m) {
        void *p = calloc(n ?: 1, m ?: 1);
        if (!p)
                oom();
        return p;
}

void *xrealloc(void *p, size_t n) {
        p = realloc(p, n ?: 1);
        if (!p)
                oom();
        return p;
}

char *xstrdup(const char *s) {
        char *p = strdup(s);
        if (!p)
                oom();
        return p;
}

char *xstrndup(const char *s, size_t n) {
        char *p = strndup(s, n);
        if (!p)
                oom();
        return p;
}

char *xasprintf(const char *fmt, ...) {
        va_list ap;
        char *p;

        va_start(ap, fmt);
        if (vasprintf(&p, fmt, ap) < 0)
                oom();
        va_end(ap);
        return p;
}

void *xgreedy_realloc(void *array, size_t *allocated, size_t need, size_t size) {
        size_t n;

        if (need <= *allocated)
                return array;
        n = MAX(need * 2, (size_t) 8);
        if (n > SIZE_MAX / size)
                oom();
        array = xrealloc(array, n * size);
        memset((char *) array + *allocated * size, 0, (n - *allocated) * size);
        *allocated = n;
        return array;
}
