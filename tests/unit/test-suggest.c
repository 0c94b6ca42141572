/* SPDX-License-Identifier: MIT */
/* "Did you mean …?": the edit distance and the suggestions of the names.h tables. */
#include <stdint.h>
#include <string.h>

#include "names.h"
#include "suggest.h"
#include "tests.h"

TEST(distance) {
        ASSERT_EQ(suggest_distance("", ""), 0);
        ASSERT_EQ(suggest_distance("open", "open"), 0);
        ASSERT_EQ(suggest_distance("openn", "open"), 1);
        ASSERT_EQ(suggest_distance("opn", "open"), 1);
        ASSERT_EQ(suggest_distance("AF_INTE", "AF_INET"), 1); /* a swap counts once */
        ASSERT_EQ(suggest_distance("eperm", "EPERM"), 0);      /* case-insensitive */
        ASSERT_EQ(suggest_distance("abc", ""), 3);
        ASSERT_EQ(suggest_distance("kitten", "sitting"), 3);
        char longer[80];
        memset(longer, 'a', sizeof(longer) - 1);
        longer[sizeof(longer) - 1] = '\0';
        ASSERT_TRUE(suggest_distance(longer, "a") == SIZE_MAX);
}

TEST(suggestion_limits) {
        Suggestion s = SUGGESTION_INIT("rd");

        /* Too far for a short name. */
        suggest_consider(&s, "read", NULL);
        ASSERT_NULL(suggest_result(&s));

        /* The same spelling is no suggestion; the first of equally close ones wins. */
        s = SUGGESTION_INIT("open");
        suggest_consider(&s, "open", NULL);
        ASSERT_NULL(suggest_result(&s));
        s = SUGGESTION_INIT("opex");
        suggest_consider(&s, "open", NULL);
        suggest_consider(&s, "oped", NULL);
        ASSERT_STREQ(suggest_result(&s), "open");

        /* Without the table's prefix. */
        s = SUGGESTION_INIT("net_admin");
        suggest_consider(&s, "CAP_NET_ADMIN", "CAP_");
        ASSERT_STREQ(suggest_result(&s), "CAP_NET_ADMIN");
        s = SUGGESTION_INIT("CAP_NET_ADMIN_X");
        suggest_consider(&s, "CAP_NET_ADMIN", "CAP_");
        ASSERT_STREQ(suggest_result(&s), "CAP_NET_ADMIN");

        /* NULL-safe. */
        ASSERT_NULL(suggest_result(NULL));
        s = SUGGESTION_INIT(NULL);
        suggest_consider(&s, "x", NULL);
        ASSERT_NULL(suggest_result(&s));
}

TEST(tables) {
        ASSERT_STREQ(syscall_suggest("openn"), "open");
        ASSERT_STREQ(syscall_suggest("mmpa"), "mmap");
        ASSERT_NULL(syscall_suggest("frobnicate"));
        ASSERT_STREQ(syscall_group_suggest("@sytem-service"), "@system-service");
        ASSERT_STREQ(syscall_group_suggest("@privilegd"), "@privileged");
        ASSERT_NULL(syscall_group_suggest("@nothing-like-it"));
        ASSERT_STREQ(capability_suggest("CAP_SYS_ADMN"), "CAP_SYS_ADMIN");
        ASSERT_STREQ(capability_suggest("sys_admin"), "CAP_SYS_ADMIN");
        ASSERT_NULL(capability_suggest("CAP_WHATEVER_ELSE"));
        ASSERT_STREQ(errno_suggest("EPRM"), "EPERM");
        ASSERT_STREQ(errno_suggest("eperm"), "EPERM");
        ASSERT_NULL(errno_suggest("EPERM"));
        ASSERT_STREQ(af_suggest("AF_INTE"), "AF_INET");
        ASSERT_STREQ(af_suggest("INET6"), "AF_INET6");
        ASSERT_STREQ(namespace_suggest("ipcs"), "ipc");
        ASSERT_STREQ(seccomp_arch_suggest("x86_64"), "x86-64");
}

TEST_MAIN();
