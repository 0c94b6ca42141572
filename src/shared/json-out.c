/* SPDX-License-Identifier: MIT */
#include <assert.h>
#include <inttypes.h>
#include <math.h>

#include "json-out.h"
#include "macro.h"

void json_out_init(JsonOut *j, FILE *f) {
        assert(j);
        assert(f);
        *j = (JsonOut) { .f = f };
}

static void indent(JsonOut *j) {
        static const char spaces[2 * JSON_OUT_DEPTH_MAX] = { [0 ... 2 * JSON_OUT_DEPTH_MAX - 1] = ' ' };

        fwrite(spaces, 1, 2 * (size_t) MIN(j->depth, (unsigned) JSON_OUT_DEPTH_MAX), j->f);
}

/* Everything that starts a value: separator and indentation, unless it follows "key": on the same line. */
static void value_prefix(JsonOut *j) {
        if (j->after_key) {
                j->after_key = false;
                return;
        }
        if (j->depth > 0) {
                if (j->has_members[j->depth])
                        fputc(',', j->f);
                fputc('\n', j->f);
                j->has_members[j->depth] = true;
        }
        indent(j);
}

static void begin(JsonOut *j, char c) {
        value_prefix(j);
        fputc(c, j->f);
        assert(j->depth + 1 < JSON_OUT_DEPTH_MAX);
        j->depth++;
        j->has_members[j->depth] = false;
}

static void end(JsonOut *j, char c) {
        bool had = j->has_members[j->depth];

        assert(j->depth > 0);
        j->depth--;
        if (had) {
                fputc('\n', j->f);
                indent(j);
        }
        fputc(c, j->f);
}

void json_out_begin_object(JsonOut *j) {
        begin(j, '{');
}

void json_out_end_object(JsonOut *j) {
        end(j, '}');
}

void json_out_begin_array(JsonOut *j) {
        begin(j, '[');
}

void json_out_end_array(JsonOut *j) {
        end(j, ']');
}

void json_out_key(JsonOut *j, const char *key) {
        assert(!j->after_key);
        value_prefix(j);
        json_out_write_string(j->f, key);
        fputs(": ", j->f);
        j->after_key = true;
}

void json_out_string(JsonOut *j, const char *s) {
        value_prefix(j);
        if (s)
                json_out_write_string(j->f, s);
        else
                fputs("null", j->f);
}

void json_out_uint(JsonOut *j, uint64_t v) {
        value_prefix(j);
        fprintf(j->f, "%" PRIu64, v);
}

void json_out_int(JsonOut *j, int64_t v) {
        value_prefix(j);
        fprintf(j->f, "%" PRIi64, v);
}

void json_out_double(JsonOut *j, double v) {
        value_prefix(j);
        if (isfinite(v))
                fprintf(j->f, "%.6g", v);
        else
                fputs("null", j->f);
}

void json_out_bool(JsonOut *j, bool b) {
        value_prefix(j);
        fputs(b ? "true" : "false", j->f);
}

void json_out_null(JsonOut *j) {
        value_prefix(j);
        fputs("null", j->f);
}

void json_out_finish(JsonOut *j) {
        assert(j->depth == 0);
        fputc('\n', j->f);
}

/* Length of the valid UTF-8 sequence at s (1..4), or 0 when the bytes there are not one. Rejects overlong
 * forms, surrogates and code points above U+10FFFF (RFC 3629). */
static size_t utf8_valid_len(const unsigned char *s) {
        uint32_t cp;
        size_t n;

        if (s[0] < 0x80)
                return 1;
        if (s[0] >= 0xc2 && s[0] <= 0xdf) {
                n = 2;
                cp = s[0] & 0x1f;
        } else if (s[0] >= 0xe0 && s[0] <= 0xef) {
                n = 3;
                cp = s[0] & 0x0f;
        } else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
                n = 4;
                cp = s[0] & 0x07;
        } else
                return 0;

        for (size_t i = 1; i < n; i++) {
                if ((s[i] & 0xc0) != 0x80) /* also stops at the terminating NUL */
                        return 0;
                cp = (cp << 6) | (s[i] & 0x3f);
        }
        if ((n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
                return 0;
        return n;
}

void json_out_write_string(FILE *f, const char *s) {
        const unsigned char *p = (const unsigned char *) s;

        fputc('"', f);
        while (*p) {
                size_t n;

                /* perf: a run of plain printable ASCII in one write (the usual case: names, paths). */
                for (n = 0; p[n] >= 0x20 && p[n] < 0x7f && p[n] != '"' && p[n] != '\\'; n++)
                        ;
                if (n > 0) {
                        fwrite(p, 1, n, f);
                        p += n;
                        continue;
                }

                switch (*p) {
                case '"':
                        fputs("\\\"", f);
                        break;
                case '\\':
                        fputs("\\\\", f);
                        break;
                case '\b':
                        fputs("\\b", f);
                        break;
                case '\f':
                        fputs("\\f", f);
                        break;
                case '\n':
                        fputs("\\n", f);
                        break;
                case '\r':
                        fputs("\\r", f);
                        break;
                case '\t':
                        fputs("\\t", f);
                        break;
                default:
                        if (*p < 0x20 || *p == 0x7f) {
                                fprintf(f, "\\u%04x", *p);
                                break;
                        }
                        n = utf8_valid_len(p);
                        if (n == 0) {
                                fputs("\\ufffd", f);
                                break;
                        }
                        fwrite(p, 1, n, f);
                        p += n;
                        continue;
                }
                p++;
        }
        fputc('"', f);
}
