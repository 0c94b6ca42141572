/* SPDX-License-Identifier: MIT */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include "macro.h"

/* NULL-terminated string vectors, as systemd's strv. NULL is the empty vector. */
char **strv_free(char **l);
DEFINE_TRIVIAL_CLEANUP_FUNC(char **, strv_free);
#define _cleanup_strv_free_ _cleanup_(strv_freep)

size_t strv_length(char * const *l);
/* Appends a copy of s. */
void strv_extend(char ***l, const char *s);
/* Takes ownership of s. */
void strv_consume(char ***l, char *s);
char **strv_copy(char * const *l);
bool strv_contains(char * const *l, const char *s);
/* Removes every element equal to s; returns how many. */
size_t strv_remove(char **l, const char *s);
char *strv_join(char * const *l, const char *sep);
void strv_sort(char **l);

#define STRV_FOREACH(s, l) for (char * const *s = (l); s && *s; s++)
