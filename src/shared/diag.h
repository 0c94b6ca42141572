/* SPDX-License-Identifier: MIT */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include "macro.h"

/* One problem found in a unit file, reported as "FILE:LINE: message". */
typedef struct Diag {
        char *file;      /* owned; may be "<command line>" for -p overrides */
        unsigned line;   /* physical line of the assignment (first line of a continuation); 0 = whole file */
        char *directive; /* owned; NULL when not about one directive */
        char *message;   /* owned; complete sentence, no trailing newline, no FILE:LINE prefix */
        bool warning;    /* false = error */
} Diag;

typedef struct DiagList {
        Diag *items;
        size_t n, allocated;
} DiagList;

void diag_list_done(DiagList *l);
void diag_add(DiagList *l, bool warning, const char *file, unsigned line, const char *directive,
              const char *fmt, ...) _printf_(6, 7);
size_t diag_list_errors(const DiagList *l);
/* With strict, warnings count as errors. Prints every entry as "FILE:LINE: [warning: ]message". */
void diag_list_print(const DiagList *l, FILE *f);
