/* SPDX-License-Identifier: MIT */
#pragma once

/* Minimal TAP test helpers, named as in systemd's tests.h. Each TEST(name) registers a function; main()
 * from TEST_MAIN() runs them all and prints TAP. A failing ASSERT_* aborts the current test only. */

#include <errno.h>
#include <inttypes.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct TestCase {
        const char *name;
        void (*func)(void);
} TestCase;

extern TestCase test_cases_[];
extern int test_failed_;
extern jmp_buf test_jmp_;

#define TEST_FAIL_(...)                                                                                 \
        do {                                                                                            \
                fprintf(stdout, "# %s:%d: ", __FILE__, __LINE__);                                       \
                fprintf(stdout, __VA_ARGS__);                                                           \
                fputc('\n', stdout);                                                                    \
                test_failed_ = 1;                                                                       \
                longjmp(test_jmp_, 1);                                                                  \
        } while (0)

#define ASSERT_TRUE(e)                                                                                  \
        do {                                                                                            \
                if (!(e))                                                                               \
                        TEST_FAIL_("expected true: %s", #e);                                            \
        } while (0)
#define ASSERT_FALSE(e) ASSERT_TRUE(!(e))
#define ASSERT_OK(e)                                                                                    \
        do {                                                                                            \
                long long _r = (long long) (e);                                                         \
                if (_r < 0)                                                                             \
                        TEST_FAIL_("%s failed: %lld (%s)", #e, _r, strerror((int) -_r));                \
        } while (0)
#define ASSERT_ERROR(e, err)                                                                            \
        do {                                                                                            \
                long long _r = (long long) (e);                                                         \
                if (_r != -(long long) (err))                                                           \
                        TEST_FAIL_("%s = %lld, expected -%s", #e, _r, #err);                            \
        } while (0)
#define ASSERT_FAIL(e)                                                                                  \
        do {                                                                                            \
                long long _r = (long long) (e);                                                         \
                if (_r >= 0)                                                                            \
                        TEST_FAIL_("%s = %lld, expected an error", #e, _r);                             \
        } while (0)
#define ASSERT_EQ(a, b)                                                                                 \
        do {                                                                                            \
                long long _a = (long long) (a), _b = (long long) (b);                                   \
                if (_a != _b)                                                                           \
                        TEST_FAIL_("%s = %lld, expected %s = %lld", #a, _a, #b, _b);                    \
        } while (0)
#define ASSERT_EQ_U64(a, b)                                                                             \
        do {                                                                                            \
                uint64_t _a = (uint64_t) (a), _b = (uint64_t) (b);                                      \
                if (_a != _b)                                                                           \
                        TEST_FAIL_("%s = %" PRIu64 ", expected %" PRIu64, #a, _a, _b);                  \
        } while (0)
#define ASSERT_STREQ(a, b)                                                                              \
        do {                                                                                            \
                const char *_a = (a), *_b = (b);                                                        \
                if (!_a || !_b || strcmp(_a, _b) != 0)                                                  \
                        TEST_FAIL_("%s = \"%s\", expected \"%s\"", #a, _a ?: "(null)", _b ?: "(null)"); \
        } while (0)
#define ASSERT_NULL(e) ASSERT_TRUE((e) == NULL)
#define ASSERT_NOT_NULL(e) ASSERT_TRUE((e) != NULL)

/* Register tests with a constructor so no list has to be maintained by hand. */
void test_register_(const char *name, void (*func)(void));
#define TEST(n)                                                                                         \
        static void test_##n(void);                                                                     \
        __attribute__((constructor)) static void test_register_##n(void) {                             \
                test_register_(#n, test_##n);                                                           \
        }                                                                                               \
        static void test_##n(void)

/* Put TEST_MAIN(); once at the end of each test file. */
#define TEST_MAIN()                                                                                     \
        TestCase test_cases_[512];                                                                      \
        static size_t test_n_;                                                                          \
        int test_failed_;                                                                               \
        jmp_buf test_jmp_;                                                                              \
        void test_register_(const char *name, void (*func)(void)) {                                    \
                if (test_n_ < 512)                                                                      \
                        test_cases_[test_n_++] = (TestCase) { name, func };                             \
        }                                                                                               \
        int main(void) {                                                                                \
                volatile int failures = 0;                                                              \
                printf("1..%zu\n", test_n_);                                                            \
                for (size_t i = 0; i < test_n_; i++) {                                                  \
                        test_failed_ = 0;                                                               \
                        if (setjmp(test_jmp_) == 0)                                                     \
                                test_cases_[i].func();                                                  \
                        printf("%s %zu - %s\n", test_failed_ ? "not ok" : "ok", i + 1, test_cases_[i].name); \
                        failures += test_failed_;                                                       \
                }                                                                                       \
                return failures ? 1 : 0;                                                                \
        }
