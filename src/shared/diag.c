/* SPDX-License-Identifier: MIT */
#include <stdarg.h>
#include <stdlib.h>

#include "diag.h"

void diag_list_done(DiagList *l) {
        for (size_t i = 0; i < l->n; i++) {
                free(l->items[i].file);
                free(l->items[i].directive);
                free(l->items[i].message);
        }
        free(l->items);
        *l = (DiagList) {};
}

void diag_add(DiagList *l, bool warning, const char *file, unsigned line, const char *directive,
              const char *fmt, ...) {
        va_list ap;
        Diag *d;

        l->items = xgreedy_realloc(l->items, &l->allocated, l->n + 1, sizeof(Diag));
        d = &l->items[l->n++];
        va_start(ap, fmt);
        if (vasprintf(&d->message, fmt, ap) < 0)
                abort();
        va_end(ap);
        d->file = xstrdup(file ?: "<unknown>");
        d->line = line;
        d->directive = directive ? xstrdup(directive) : NULL;
        d->warning = warning;
}

size_t diag_list_errors(const DiagList *l) {
        size_t n = 0;

        for (size_t i = 0; i < l->n; i++)
                if (!l->items[i].warning)
                        n++;
        return n;
}

void diag_list_print(const DiagList *l, FILE *f) {
        for (size_t i = 0; i < l->n; i++) {
                const Diag *d = &l->items[i];

                if (d->line > 0)
                        fprintf(f, "%s:%u: %s%s\n", d->file, d->line, d->warning ? "warning: " : "", d->message);
                else
                        fprintf(f, "%s: %s%s\n", d->file, d->warning ? "warning: " : "", d->message);
        }
}
