/* SPDX-License-Identifier: MIT */

#include <ctype.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>

#include "macro.h"
#include "suggest.h"

#define SUGGEST_NAME_MAX 64

size_t suggest_distance(const char *a, const char *b) {
        uint8_t d[SUGGEST_NAME_MAX + 1][SUGGEST_NAME_MAX + 1]; /* distances never exceed 64 */
        size_t la = strlen(a), lb = strlen(b);

        if (la > SUGGEST_NAME_MAX || lb > SUGGEST_NAME_MAX)
                return SIZE_MAX;

        for (size_t i = 0; i <= la; i++)
                d[i][0] = (uint8_t) i;
        for (size_t j = 0; j <= lb; j++)
                d[0][j] = (uint8_t) j;
        for (size_t i = 1; i <= la; i++)
                for (size_t j = 1; j <= lb; j++) {
                        int ca = tolower((unsigned char) a[i - 1]), cb = tolower((unsigned char) b[j - 1]);
                        unsigned v = MIN(MIN(d[i - 1][j] + 1u, d[i][j - 1] + 1u), d[i - 1][j - 1] + (unsigned) (ca != cb));

                        /* A swap of two neighbours ("AF_INTE" for "AF_INET") is one mistake. */
                        if (i > 1 && j > 1 && ca == tolower((unsigned char) b[j - 2]) &&
                            tolower((unsigned char) a[i - 2]) == cb)
                                v = MIN(v, d[i - 2][j - 2] + 1u);
                        d[i][j] = (uint8_t) v;
                }
        return d[la][lb];
}

static void consider_one(Suggestion *s, const char *spelling, const char *candidate) {
        size_t d = suggest_distance(s->name, spelling);

        if (d < s->best_distance) {
                s->best_distance = d;
                s->best = candidate;
        }
}

void suggest_consider(Suggestion *s, const char *candidate, const char *skip_prefix) {
        size_t n;

        if (!s || !s->name || !candidate)
                return;
        consider_one(s, candidate, candidate);
        if (skip_prefix && (n = strlen(skip_prefix)) > 0 && strncasecmp(candidate, skip_prefix, n) == 0 &&
            strncasecmp(s->name, skip_prefix, n) != 0)
                consider_one(s, candidate + n, candidate);
}

const char *suggest_result(const Suggestion *s) {
        size_t limit;

        if (!s || !s->name || !s->best)
                return NULL;
        /* A third of the name's length catches typos and case mistakes without suggesting unrelated names
         * for short ones ("rd" is not "read"). */
        limit = MAX((size_t) 1, MIN((size_t) 3, strlen(s->name) / 3));
        if (s->best_distance > limit)
                return NULL;
        /* A different case is still worth naming ("eperm" for "EPERM"); the very same spelling is not. */
        if (strcmp(s->name, s->best) == 0)
                return NULL;
        return s->best;
}
