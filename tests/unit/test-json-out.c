/* SPDX-License-Identifier: MIT */
#include <stdio.h>

#include "json-out.h"
#include "macro.h"
#include "tests.h"

static char *escaped(const char *s) {
        char *buf = NULL;
        size_t n = 0;
        FILE *f = open_memstream(&buf, &n);

        if (!f)
                return NULL;
        json_out_write_string(f, s);
        fclose(f);
        return buf;
}

#define ASSERT_ESCAPED(in, out)                         \
        do {                                            \
                char *_e = escaped(in);                 \
                ASSERT_STREQ(_e, out);                  \
                free(_e);                               \
        } while (0)

TEST(escape) {
        ASSERT_ESCAPED("", "\"\"");
        ASSERT_ESCAPED("plain", "\"plain\"");
        ASSERT_ESCAPED("a\"b", "\"a\\\"b\"");
        ASSERT_ESCAPED("back\\slash", "\"back\\\\slash\"");
        ASSERT_ESCAPED("tab\there", "\"tab\\there\"");
        ASSERT_ESCAPED("nl\ncr\r", "\"nl\\ncr\\r\"");
        ASSERT_ESCAPED("\b\f", "\"\\b\\f\"");
        ASSERT_ESCAPED("\x01\x1f\x7f", "\"\\u0001\\u001f\\u007f\"");
        ASSERT_ESCAPED("/slash/", "\"/slash/\"");
        /* valid UTF-8 passes through */
        ASSERT_ESCAPED("ünïcödé €", "\"ünïcödé €\"");
        ASSERT_ESCAPED("\xf0\x9f\x98\x80", "\"\xf0\x9f\x98\x80\"");
        /* invalid UTF-8 becomes U+FFFD, one per bad byte */
        ASSERT_ESCAPED("a\xffz", "\"a\\ufffdz\"");
        ASSERT_ESCAPED("\xc3", "\"\\ufffd\"");               /* truncated */
        ASSERT_ESCAPED("\xc0\xaf", "\"\\ufffd\\ufffd\"");    /* overlong '/' */
        ASSERT_ESCAPED("\xed\xa0\x80", "\"\\ufffd\\ufffd\\ufffd\""); /* surrogate */
        ASSERT_ESCAPED("\xf4\x90\x80\x80", "\"\\ufffd\\ufffd\\ufffd\\ufffd\""); /* > U+10FFFF */
}

TEST(document) {
        char *buf = NULL;
        size_t n = 0;
        FILE *f = open_memstream(&buf, &n);
        JsonOut j;

        ASSERT_NOT_NULL(f);
        json_out_init(&j, f);
        json_out_begin_object(&j);
        json_out_key(&j, "s");
        json_out_string(&j, "x");
        json_out_key(&j, "n");
        json_out_null(&j);
        json_out_key(&j, "empty");
        json_out_begin_array(&j);
        json_out_end_array(&j);
        json_out_key(&j, "list");
        json_out_begin_array(&j);
        json_out_uint(&j, UINT64_MAX);
        json_out_int(&j, -3);
        json_out_bool(&j, true);
        json_out_string(&j, NULL);
        json_out_begin_object(&j);
        json_out_end_object(&j);
        json_out_end_array(&j);
        json_out_end_object(&j);
        json_out_finish(&j);
        fclose(f);

        ASSERT_STREQ(buf,
                     "{\n"
                     "  \"s\": \"x\",\n"
                     "  \"n\": null,\n"
                     "  \"empty\": [],\n"
                     "  \"list\": [\n"
                     "    18446744073709551615,\n"
                     "    -3,\n"
                     "    true,\n"
                     "    null,\n"
                     "    {}\n"
                     "  ]\n"
                     "}\n");
        free(buf);
}

TEST_MAIN();
