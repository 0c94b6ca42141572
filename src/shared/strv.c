/* SPDX-License-Identifier: MIT */
#include <stdlib.h>
#include <string.h>

#include "strv.h"

char **strv_free(char **l) {
        if (!l)
                return NULL;
        for (char **i = l; *i; i++)
                free(*i);
        free(l);
        return NULL;
}

size_t strv_length(char * const *l) {
        size_t n = 0;

        if (!l)
                return 0;
        while (l[n])
                n++;
        return n;
}

void strv_consume(char ***l, char *s) {
        size_t n = strv_length(*l);

        *l = xrealloc(*l, sizeof(char *) * (n + 2));
        (*l)[n] = s;
        (*l)[n + 1] = NULL;
}

void strv_extend(char ***l, const char *s) {
        strv_consume(l, xstrdup(s));
}

char **strv_copy(char * const *l) {
        char **c = NULL;

        STRV_FOREACH(s, l)
                strv_extend(&c, *s);
        return c;
}

bool strv_contains(char * const *l, const char *s) {
        STRV_FOREACH(i, l)
                if (streq(*i, s))
                        return true;
        return false;
}

size_t strv_remove(char **l, const char *s) {
        size_t removed = 0;
        char **w = l;

        if (!l)
                return 0;
        for (char **r = l; *r; r++) {
                if (streq(*r, s)) {
                        free(*r);
                        removed++;
                } else
                        *w++ = *r;
        }
        *w = NULL;
        return removed;
}

char *strv_join(char * const *l, const char *sep) {
        size_t len = 0, k = strlen(sep);
        char *r, *p;

        STRV_FOREACH(s, l)
                len += strlen(*s) + k;
        p = r = xmalloc(len + 1);
        STRV_FOREACH(s, l) {
                if (s != l) {
                        memcpy(p, sep, k);
                        p += k;
                }
                p = stpcpy(p, *s);
        }
        *p = 0;
        return r;
}

static int cmp_str(const void *a, const void *b) {
        return strcmp(*(char * const *) a, *(char * const *) b);
}

void strv_sort(char **l) {
        if (l)
                qsort(l, strv_length(l), sizeof(char *), cmp_str);
}
