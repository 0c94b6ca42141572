/* SPDX-License-Identifier: MIT */
#pragma once

/* A tiny streaming JSON writer for `show --json`, `security --json`, `list --json`. Output is
 * pretty-printed (two-space indent, one member per line, like `python3 -m json.tool`) so that golden files
 * diff well. Strings are escaped per RFC 8259; bytes that are not valid UTF-8 become U+FFFD, so the output
 * is always valid JSON. The writer does not check nesting: callers pair begin/end themselves. */

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#define JSON_OUT_DEPTH_MAX 32

typedef struct JsonOut {
        FILE *f;      /* borrowed */
        unsigned depth;
        bool has_members[JSON_OUT_DEPTH_MAX]; /* something was written at this level: next needs "," */
        bool after_key;                       /* a key was written: the next value goes on its line */
} JsonOut;

void json_out_init(JsonOut *j, FILE *f);
void json_out_begin_object(JsonOut *j);
void json_out_end_object(JsonOut *j);
void json_out_begin_array(JsonOut *j);
void json_out_end_array(JsonOut *j);
/* Object member name; must be followed by exactly one value (or begin_*). */
void json_out_key(JsonOut *j, const char *key);
void json_out_string(JsonOut *j, const char *s); /* NULL writes null */
void json_out_uint(JsonOut *j, uint64_t v);
void json_out_int(JsonOut *j, int64_t v);
void json_out_bool(JsonOut *j, bool b);
/* Up to 6 significant digits ("0.12", "37.5"); NaN and infinities write null. */
void json_out_double(JsonOut *j, double v);
void json_out_null(JsonOut *j);
/* Ends the document with a newline. */
void json_out_finish(JsonOut *j);

/* Writes s as a quoted, escaped JSON string (no indentation logic). */
void json_out_write_string(FILE *f, const char *s);
