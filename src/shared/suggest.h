/* SPDX-License-Identifier: MIT */
#pragma once

/* "Did you mean …?": the closest name of a table by edit distance. Feed every candidate to
 * suggest_consider(), then ask suggest_result(). Pure, no allocation. */

#include <stddef.h>

typedef struct Suggestion {
        const char *name; /* what the user wrote */
        const char *best; /* borrowed from the candidates */
        size_t best_distance;
} Suggestion;

#define SUGGESTION_INIT(n) ((Suggestion) { .name = (n), .best_distance = SIZE_MAX })

/* Case-insensitive optimal-string-alignment distance: insertions, deletions, substitutions and swaps of
 * two neighbours count 1 each. Names longer than 64 characters compare as far apart. */
size_t suggest_distance(const char *a, const char *b);
/* Considers `candidate`; with `skip_prefix` (e.g. "CAP_"), also its spelling without that prefix, for
 * names written without it ("sys_admin"). The first of equally close candidates wins. */
void suggest_consider(Suggestion *s, const char *candidate, const char *skip_prefix);
/* The closest candidate, or NULL when none is within a third of the name's length in edits (at least
 * 1, at most 3) or when the name is one of the candidates. */
const char *suggest_result(const Suggestion *s);
