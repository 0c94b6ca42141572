/* SPDX-License-Identifier: MIT */
/* Value parsers: good and bad inputs, edge cases (spec shared/spec/directives.md §1.3–1.7, §2). */

#include <sched.h>
#include <sys/socket.h>
#include <sys/personality.h>
#include <sys/resource.h>

#include "directive.h"
#include "names.h"
#include "strv.h"
#include "tests.h"
#include "values.h"

/* ---- extract_first_word ---- */

static char *word(const char **p, ExtractFlags f, int *ret_r) {
        char *w = NULL;
        *ret_r = extract_first_word(p, &w, NULL, f);
        return w;
}

TEST(extract_plain) {
        const char *p = "  foo   bar\tbaz ";
        char *w;
        int r;

        w = word(&p, 0, &r); ASSERT_EQ(r, 1); ASSERT_STREQ(w, "foo"); free(w);
        w = word(&p, 0, &r); ASSERT_EQ(r, 1); ASSERT_STREQ(w, "bar"); free(w);
        w = word(&p, 0, &r); ASSERT_EQ(r, 1); ASSERT_STREQ(w, "baz"); free(w);
        w = word(&p, 0, &r); ASSERT_EQ(r, 0); ASSERT_NULL(w); ASSERT_NULL(p);
}

TEST(extract_quotes) {
        const char *p = "a\"b c\"d 'x y' \"\" end";
        char *w;
        int r;

        w = word(&p, EXTRACT_UNQUOTE, &r); ASSERT_EQ(r, 1); ASSERT_STREQ(w, "ab cd"); free(w);
        w = word(&p, EXTRACT_UNQUOTE, &r); ASSERT_EQ(r, 1); ASSERT_STREQ(w, "x y"); free(w);
        w = word(&p, EXTRACT_UNQUOTE, &r); ASSERT_EQ(r, 1); ASSERT_STREQ(w, ""); free(w);
        w = word(&p, EXTRACT_UNQUOTE, &r); ASSERT_EQ(r, 1); ASSERT_STREQ(w, "end"); free(w);

        /* Without UNQUOTE, quotes are ordinary characters. */
        p = "\"a b\"";
        w = word(&p, 0, &r); ASSERT_STREQ(w, "\"a"); free(w);
}

TEST(extract_unterminated) {
        const char *p = "\"abc";
        char *w = NULL;

        ASSERT_ERROR(extract_first_word(&p, &w, NULL, EXTRACT_UNQUOTE), EINVAL);
        p = "'abc def";
        ASSERT_ERROR(extract_first_word(&p, &w, NULL, EXTRACT_UNQUOTE), EINVAL);
        p = "abc\\";
        ASSERT_ERROR(extract_first_word(&p, &w, NULL, 0), EINVAL);
        p = "\"abc";
        ASSERT_EQ(extract_first_word(&p, &w, NULL, EXTRACT_UNQUOTE | EXTRACT_RELAX), 1);
        ASSERT_STREQ(w, "abc");
        free(w);
}

TEST(extract_escapes) {
        const char *p = "a\\tb \\x41\\102 \\u00e4 \\s \\\\ \\\" q\\ r";
        char *w;
        int r;

        w = word(&p, EXTRACT_UNQUOTE | EXTRACT_CUNESCAPE, &r); ASSERT_STREQ(w, "a\tb"); free(w);
        w = word(&p, EXTRACT_UNQUOTE | EXTRACT_CUNESCAPE, &r); ASSERT_STREQ(w, "AB"); free(w);
        w = word(&p, EXTRACT_UNQUOTE | EXTRACT_CUNESCAPE, &r); ASSERT_STREQ(w, "\xc3\xa4"); free(w);
        w = word(&p, EXTRACT_UNQUOTE | EXTRACT_CUNESCAPE, &r); ASSERT_STREQ(w, " "); free(w);
        w = word(&p, EXTRACT_UNQUOTE | EXTRACT_CUNESCAPE, &r); ASSERT_STREQ(w, "\\"); free(w);
        w = word(&p, EXTRACT_UNQUOTE | EXTRACT_CUNESCAPE, &r); ASSERT_STREQ(w, "\""); free(w);
        /* "\ " is not a C escape: an error with CUNESCAPE… */
        {
                const char *q = p;
                char *x = NULL;
                ASSERT_ERROR(extract_first_word(&q, &x, NULL, EXTRACT_UNQUOTE | EXTRACT_CUNESCAPE), EINVAL);
        }
        /* …but without it a backslash just escapes the next character (here: a space). */
        w = word(&p, EXTRACT_UNQUOTE, &r); ASSERT_STREQ(w, "q r"); free(w);

        /* Bad escapes and NUL. */
        {
                const char *bad[] = { "\\q", "\\x4", "\\x00", "\\000", "\\u12", "\\UFFFFFFFF" };
                for (size_t i = 0; i < ELEMENTSOF(bad); i++) {
                        const char *q = bad[i];
                        char *x = NULL;
                        ASSERT_ERROR(extract_first_word(&q, &x, NULL, EXTRACT_CUNESCAPE), EINVAL);
                }
        }
}

TEST(extract_separators) {
        const char *p = "/a::b:c";
        char *w;
        int r;

        r = extract_first_word(&p, &w, ":", EXTRACT_DONT_COALESCE_SEPARATORS);
        ASSERT_EQ(r, 1); ASSERT_STREQ(w, "/a"); free(w); ASSERT_EQ(p[-1], ':');
        r = extract_first_word(&p, &w, ":", EXTRACT_DONT_COALESCE_SEPARATORS);
        ASSERT_EQ(r, 1); ASSERT_STREQ(w, ""); free(w);
        r = extract_first_word(&p, &w, ":", EXTRACT_DONT_COALESCE_SEPARATORS);
        ASSERT_EQ(r, 1); ASSERT_STREQ(w, "b"); free(w);
        r = extract_first_word(&p, &w, ":", EXTRACT_DONT_COALESCE_SEPARATORS);
        ASSERT_EQ(r, 1); ASSERT_STREQ(w, "c"); free(w); ASSERT_NULL(p);
}

/* ---- scalars ---- */

TEST(boolean) {
        const char *yes[] = { "1", "yes", "YES", "y", "true", "t", "on", "On" };
        const char *no[] = { "0", "no", "n", "false", "F", "off" };
        const char *bad[] = { "", "2", "yess", "enable", " yes", "-1" };

        for (size_t i = 0; i < ELEMENTSOF(yes); i++)
                ASSERT_EQ(parse_boolean(yes[i]), 1);
        for (size_t i = 0; i < ELEMENTSOF(no); i++)
                ASSERT_EQ(parse_boolean(no[i]), 0);
        for (size_t i = 0; i < ELEMENTSOF(bad); i++)
                ASSERT_ERROR(parse_boolean(bad[i]), EINVAL);
}

TEST(size) {
        uint64_t v;

        ASSERT_OK(parse_size("1.5G", 1024, &v)); ASSERT_EQ_U64(v, UINT64_C(1610612736));
        ASSERT_OK(parse_size("1G", 1024, &v)); ASSERT_EQ_U64(v, UINT64_C(1073741824));
        ASSERT_OK(parse_size("512", 1024, &v)); ASSERT_EQ_U64(v, 512);
        ASSERT_OK(parse_size("4K", 1024, &v)); ASSERT_EQ_U64(v, 4096);
        ASSERT_OK(parse_size("2E", 1024, &v)); ASSERT_EQ_U64(v, UINT64_C(2) << 60);
        ASSERT_OK(parse_size("10M", 1000, &v)); ASSERT_EQ_U64(v, UINT64_C(10000000));
        ASSERT_OK(parse_size("1G 512M", 1024, &v)); ASSERT_EQ_U64(v, UINT64_C(1610612736));
        ASSERT_OK(parse_size("3B", 1024, &v)); ASSERT_EQ_U64(v, 3);
        ASSERT_FAIL(parse_size("-1", 1024, &v));
        ASSERT_FAIL(parse_size("10Q", 1024, &v));
        ASSERT_FAIL(parse_size("1KiB", 1024, &v));
        ASSERT_FAIL(parse_size("1k", 1024, &v));
        ASSERT_FAIL(parse_size("", 1024, &v));
        ASSERT_FAIL(parse_size("G", 1024, &v));
        ASSERT_FAIL(parse_size("infinity", 1024, &v));
        ASSERT_ERROR(parse_size("16E", 1024, &v), ERANGE);
        ASSERT_ERROR(parse_size("99999999999999999999", 1024, &v), ERANGE);
}

TEST(permyriad) {
        ASSERT_EQ(parse_permyriad("50%"), 5000);
        ASSERT_EQ(parse_permyriad("0%"), 0);
        ASSERT_EQ(parse_permyriad("100%"), 10000);
        ASSERT_EQ(parse_permyriad("12.5%"), 1250);
        ASSERT_EQ(parse_permyriad("125‰"), 1250);
        ASSERT_EQ(parse_permyriad("17‱"), 17);
        ASSERT_ERROR(parse_permyriad("150%"), ERANGE);
        ASSERT_FAIL(parse_permyriad("1.25%"));
        ASSERT_FAIL(parse_permyriad("50"));
        ASSERT_FAIL(parse_permyriad("%"));
        ASSERT_FAIL(parse_permyriad("-5%"));
        ASSERT_EQ(parse_permyriad_unbounded("150%"), 15000);
        ASSERT_EQ(parse_permyriad_unbounded("0.5%"), 50);
}

TEST(time_span) {
        usec_t u;

        ASSERT_OK(parse_sec("2h 30min", &u)); ASSERT_EQ_U64(u, UINT64_C(9000) * USEC_PER_SEC);
        ASSERT_OK(parse_sec("1min30s", &u)); ASSERT_EQ_U64(u, 90 * USEC_PER_SEC);
        ASSERT_OK(parse_sec("1.5s", &u)); ASSERT_EQ_U64(u, 1500000);
        ASSERT_OK(parse_sec("5", &u)); ASSERT_EQ_U64(u, 5 * USEC_PER_SEC);
        ASSERT_OK(parse_sec("100ms", &u)); ASSERT_EQ_U64(u, 100000);
        ASSERT_OK(parse_sec("3us", &u)); ASSERT_EQ_U64(u, 3);
        ASSERT_OK(parse_sec("2 m", &u)); ASSERT_EQ_U64(u, 120 * USEC_PER_SEC);
        ASSERT_OK(parse_sec("1M", &u)); ASSERT_EQ_U64(u, UINT64_C(2629800) * USEC_PER_SEC);
        ASSERT_OK(parse_sec("1d 1w", &u)); ASSERT_EQ_U64(u, UINT64_C(8) * 86400 * USEC_PER_SEC);
        ASSERT_OK(parse_sec("infinity", &u)); ASSERT_EQ_U64(u, USEC_INFINITY);
        ASSERT_OK(parse_time("7", &u, 1)); ASSERT_EQ_U64(u, 7);
        ASSERT_FAIL(parse_sec("", &u));
        ASSERT_FAIL(parse_sec("-1s", &u));
        ASSERT_FAIL(parse_sec("5x", &u));
        ASSERT_FAIL(parse_sec("5mo", &u));
        ASSERT_FAIL(parse_sec("min", &u));
}

TEST(mode_and_numbers) {
        mode_t m;
        uint64_t v;

        ASSERT_OK(parse_mode("0027", &m)); ASSERT_EQ(m, 027);
        ASSERT_OK(parse_mode("7777", &m)); ASSERT_EQ(m, 07777);
        ASSERT_FAIL(parse_mode("8", &m));
        ASSERT_FAIL(parse_mode("017777", &m));
        ASSERT_FAIL(parse_mode("", &m));
        ASSERT_OK(safe_atou64("18446744073709551615", &v));
        ASSERT_ERROR(safe_atou64("18446744073709551616", &v), ERANGE);
        ASSERT_FAIL(safe_atou64("+1", &v));
        ASSERT_FAIL(safe_atou64(" 1", &v));
}

TEST(capabilities) {
        _cleanup_free_ char *bad = NULL;
        uint64_t s;

        ASSERT_OK(capability_set_from_string("CAP_NET_ADMIN cap_sys_admin 0", &s, NULL));
        ASSERT_EQ_U64(s, (UINT64_C(1) << 12) | (UINT64_C(1) << 21) | 1);
        ASSERT_OK(capability_set_from_string("", &s, NULL));
        ASSERT_EQ_U64(s, 0);
        ASSERT_ERROR(capability_set_from_string("CAP_CHOWN CAP_NOPE", &s, &bad), EINVAL);
        ASSERT_STREQ(bad, "CAP_NOPE");
}

TEST(rlimits) {
        rlim_t s, h;

        ASSERT_OK(rlimit_parse(RLIMIT_NOFILE, "1024:4096", &s, &h)); ASSERT_EQ(s, 1024); ASSERT_EQ(h, 4096);
        ASSERT_OK(rlimit_parse(RLIMIT_NOFILE, "infinity", &s, &h)); ASSERT_TRUE(s == RLIM_INFINITY && h == RLIM_INFINITY);
        ASSERT_OK(rlimit_parse(RLIMIT_NOFILE, "10:infinity", &s, &h)); ASSERT_TRUE(s == 10 && h == RLIM_INFINITY);
        ASSERT_ERROR(rlimit_parse(RLIMIT_NOFILE, "20:10", &s, &h), EILSEQ);
        ASSERT_FAIL(rlimit_parse(RLIMIT_NOFILE, "1K", &s, &h));
        ASSERT_OK(rlimit_parse(RLIMIT_AS, "1G", &s, &h)); ASSERT_EQ(s, 1073741824);
        ASSERT_OK(rlimit_parse(RLIMIT_CPU, "1min", &s, &h)); ASSERT_EQ(s, 60);
        ASSERT_OK(rlimit_parse(RLIMIT_CPU, "1500ms", &s, &h)); ASSERT_EQ(s, 2); /* rounded up */
        ASSERT_OK(rlimit_parse(RLIMIT_CPU, "30", &s, &h)); ASSERT_EQ(s, 30);
        ASSERT_OK(rlimit_parse(RLIMIT_RTTIME, "30", &s, &h)); ASSERT_EQ(s, 30); /* µs */
        ASSERT_OK(rlimit_parse(RLIMIT_RTTIME, "1s", &s, &h)); ASSERT_EQ(s, 1000000);
        ASSERT_OK(rlimit_parse(RLIMIT_NICE, "-5", &s, &h)); ASSERT_EQ(s, 25);
        ASSERT_OK(rlimit_parse(RLIMIT_NICE, "+19", &s, &h)); ASSERT_EQ(s, 1);
        ASSERT_OK(rlimit_parse(RLIMIT_NICE, "40", &s, &h)); ASSERT_EQ(s, 40);
        ASSERT_FAIL(rlimit_parse(RLIMIT_NICE, "41", &s, &h));
        ASSERT_FAIL(rlimit_parse(RLIMIT_NICE, "-21", &s, &h));
        ASSERT_FAIL(rlimit_parse(RLIMIT_NOFILE, "-1", &s, &h));
        ASSERT_EQ(rlimit_from_string("NOFILE"), RLIMIT_NOFILE);
}

TEST(paths_and_names) {
        char p1[] = "//usr/./lib//", p2[] = "/", p3[] = "/a/./b/.", p4[] = "a//b/", p5[] = "/./";

        ASSERT_STREQ(path_simplify(p1), "/usr/lib");
        ASSERT_STREQ(path_simplify(p2), "/");
        ASSERT_STREQ(path_simplify(p3), "/a/b");
        ASSERT_STREQ(path_simplify(p4), "a/b");
        ASSERT_STREQ(path_simplify(p5), "/");
        ASSERT_TRUE(path_is_normalized("/a/b"));
        ASSERT_FALSE(path_is_normalized("/a/../b"));
        ASSERT_FALSE(path_is_normalized("/a/.."));
        ASSERT_TRUE(env_name_is_valid("FOO_1"));
        ASSERT_FALSE(env_name_is_valid("1FOO"));
        ASSERT_FALSE(env_name_is_valid("FO-O"));
        ASSERT_TRUE(env_assignment_is_valid("A=b c"));
        ASSERT_FALSE(env_assignment_is_valid("A"));
        ASSERT_TRUE(valid_user_group_name_or_id("nobody"));
        ASSERT_TRUE(valid_user_group_name_or_id("1000"));
        ASSERT_FALSE(valid_user_group_name_or_id("4294967295"));
        ASSERT_FALSE(valid_user_group_name_or_id("65535"));
        ASSERT_FALSE(valid_user_group_name_or_id("a:b"));
        ASSERT_FALSE(valid_user_group_name_or_id("-x"));
        ASSERT_FALSE(valid_user_group_name_or_id("a b"));
}

TEST(cpu_set) {
        CpuSetSpec s = {};

        ASSERT_OK(parse_cpu_set_extend("0-3 5,7", &s));
        ASSERT_TRUE(s.set);
        ASSERT_EQ_U64(s.bits[0], 0xAF);
        ASSERT_OK(parse_cpu_set_extend("64", &s));
        ASSERT_EQ_U64(s.bits[1], 1);
        ASSERT_FAIL(parse_cpu_set_extend("3-1", &s));
        ASSERT_FAIL(parse_cpu_set_extend("1024", &s));
        ASSERT_FAIL(parse_cpu_set_extend("x", &s));
}

TEST(device_rules) {
        DeviceRule r;

        ASSERT_OK(device_rule_parse("/dev/null", &r)); ASSERT_STREQ(r.path, "/dev/null"); ASSERT_EQ(r.access, DEVICE_ACCESS_ALL); free(r.path);
        ASSERT_OK(device_rule_parse("/dev/sda r", &r)); ASSERT_EQ(r.access, DEVICE_ACCESS_READ); free(r.path);
        ASSERT_OK(device_rule_parse("char-pts rw", &r)); ASSERT_STREQ(r.path, "char-pts"); ASSERT_EQ(r.access, 3); free(r.path);
        ASSERT_OK(device_rule_parse("block-* m", &r)); ASSERT_EQ(r.access, DEVICE_ACCESS_MKNOD); free(r.path);
        ASSERT_OK(device_rule_parse("char-195 rwm", &r)); free(r.path);
        ASSERT_OK(device_rule_parse("/dev/char/1:3 w", &r)); ASSERT_STREQ(r.path, "/dev/char/1:3"); free(r.path);
        ASSERT_OK(device_rule_parse("//dev//null", &r)); ASSERT_STREQ(r.path, "/dev/null"); free(r.path);
        ASSERT_FAIL(device_rule_parse("/dev/null rx", &r));
        ASSERT_FAIL(device_rule_parse("/dev/null r w", &r));
        ASSERT_FAIL(device_rule_parse("dev/null", &r));
        ASSERT_FAIL(device_rule_parse("/etc/passwd", &r));
        ASSERT_FAIL(device_rule_parse("/dev/char/x:3", &r));
        ASSERT_FAIL(device_rule_parse("char-", &r));
        ASSERT_FAIL(device_rule_parse("", &r));

        {
                DeviceRuleList l = {};
                device_rule_list_add(&l, "/dev/null", DEVICE_ACCESS_ALL);
                device_rule_list_add(&l, "/dev/zero", DEVICE_ACCESS_READ);
                device_rule_list_add(&l, "/dev/null", DEVICE_ACCESS_READ); /* same path replaces the bits */
                ASSERT_EQ(l.n, 2);
                ASSERT_EQ(l.items[0].access, DEVICE_ACCESS_READ);
                for (size_t i = 0; i < l.n; i++)
                        free(l.items[i].path);
                free(l.items);
        }
}

/* ---- directive parsers, through a context without a unit ---- */

typedef struct Fixture {
        SandboxPlan *plan;
        DiagList diags;
} Fixture;

static int apply(Fixture *f, const char *name, const char *value) {
        const Directive *d = directive_lookup(name);
        DirectiveContext ctx;
        int r;

        if (!d || !d->parse)
                return -ENOENT;
        ctx = (DirectiveContext) { .directive = d, .file = "t.unit", .line = 1, .diags = &f->diags, .plan = f->plan };
        r = d->parse(&ctx, value, (uint8_t *) f->plan + d->offset);
        if (r >= 0 && ctx.n_errors > 0)
                r = -EINVAL;
        return r;
}

static void fixture_done(Fixture *f) {
        sandbox_plan_free(f->plan);
        diag_list_done(&f->diags);
}

static bool syscall_has(const SyscallSet *s, const char *name, int *ret_action) {
        for (size_t i = 0; i < s->n; i++)
                if (streq(s->items[i].name, name)) {
                        if (ret_action)
                                *ret_action = s->items[i].action;
                        return true;
                }
        return false;
}

TEST(memory_and_cpu) {
        Fixture f = { .plan = sandbox_plan_new() };
        CGroupPart *c = &f.plan->cgroup;

        ASSERT_OK(apply(&f, "MemoryMax", "1.5G"));
        ASSERT_TRUE(c->memory_max.set && !c->memory_max.is_scale);
        ASSERT_EQ_U64(c->memory_max.value, UINT64_C(1610612736));
        ASSERT_OK(apply(&f, "MemoryMax", "50%"));
        ASSERT_TRUE(c->memory_max.is_scale);
        ASSERT_EQ(c->memory_max.permyriad, 5000);
        ASSERT_OK(apply(&f, "MemoryMax", "infinity"));
        ASSERT_TRUE(c->memory_max.set && !c->memory_max.is_scale);
        ASSERT_EQ_U64(c->memory_max.value, CGROUP_LIMIT_MAX);
        ASSERT_FAIL(apply(&f, "MemoryMax", "-1"));
        ASSERT_FAIL(apply(&f, "MemoryMax", "10Q"));
        ASSERT_FAIL(apply(&f, "MemoryMax", "0"));
        ASSERT_FAIL(apply(&f, "MemoryMax", "150%"));
        ASSERT_OK(apply(&f, "MemoryMax", ""));
        ASSERT_FALSE(c->memory_max.set);
        ASSERT_OK(apply(&f, "MemoryLimit", "1G")); /* → MemoryMax */
        ASSERT_EQ_U64(c->memory_max.value, UINT64_C(1073741824));
        ASSERT_OK(apply(&f, "MemoryLow", "0"));
        ASSERT_TRUE(c->memory_low.set);
        ASSERT_OK(apply(&f, "MemorySwapMax", "0"));
        ASSERT_OK(apply(&f, "MemoryMin", ""));
        ASSERT_EQ_U64(c->memory_min.value, 0);

        ASSERT_OK(apply(&f, "CPUQuota", "150%"));
        ASSERT_EQ_U64(c->cpu_quota_per_sec_usec, 1500000);
        ASSERT_OK(apply(&f, "CPUQuota", "20%"));
        ASSERT_EQ_U64(c->cpu_quota_per_sec_usec, 200000);
        ASSERT_FAIL(apply(&f, "CPUQuota", "0%"));
        ASSERT_FAIL(apply(&f, "CPUQuota", "20"));
        ASSERT_OK(apply(&f, "CPUQuota", ""));
        ASSERT_EQ_U64(c->cpu_quota_per_sec_usec, CGROUP_LIMIT_MAX);

        ASSERT_OK(apply(&f, "CPUWeight", "idle"));
        ASSERT_EQ_U64(c->cpu_weight, CPU_WEIGHT_IDLE);
        ASSERT_OK(apply(&f, "CPUWeight", "10000"));
        ASSERT_FAIL(apply(&f, "CPUWeight", "0"));
        ASSERT_FAIL(apply(&f, "CPUWeight", "10001"));

        ASSERT_OK(apply(&f, "TasksMax", "10%"));
        ASSERT_TRUE(c->tasks_max.is_scale && c->tasks_max.permyriad == 1000);
        ASSERT_OK(apply(&f, "TasksMax", "100"));
        ASSERT_EQ_U64(c->tasks_max.value, 100);
        ASSERT_FAIL(apply(&f, "TasksMax", "0"));

        ASSERT_OK(apply(&f, "IOReadBandwidthMax", "/dev/sda 10M"));
        ASSERT_EQ_U64(c->io_read_bandwidth_max.items[0].value, 10000000);
        ASSERT_OK(apply(&f, "IOReadBandwidthMax", "/dev/sda 1K"));
        ASSERT_EQ(c->io_read_bandwidth_max.n, 1);
        ASSERT_EQ_U64(c->io_read_bandwidth_max.items[0].value, 1000);
        ASSERT_OK(apply(&f, "IODeviceLatencyTargetSec", "/dev/sda 25ms"));
        ASSERT_EQ_U64(c->io_device_latency_target_usec.items[0].value, 25000);
        ASSERT_FAIL(apply(&f, "IODeviceWeight", "/dev/sda 0"));
        ASSERT_FAIL(apply(&f, "IODeviceWeight", "sda 10"));
        ASSERT_FAIL(apply(&f, "IOWriteIOPSMax", "/dev/sda"));

        ASSERT_OK(apply(&f, "DeviceAllow", "/dev/null rw"));
        ASSERT_OK(apply(&f, "DeviceAllow", "char-pts"));
        ASSERT_EQ(c->device_allow.n, 2);
        ASSERT_FAIL(apply(&f, "DeviceAllow", "/dev/null x"));
        ASSERT_OK(apply(&f, "DeviceAllow", ""));
        ASSERT_EQ(c->device_allow.n, 0);

        ASSERT_OK(apply(&f, "IPAddressDeny", "any"));
        ASSERT_OK(apply(&f, "IPAddressAllow", "10.0.0.0/8 ::1 localhost"));
        ASSERT_FAIL(apply(&f, "IPAddressAllow", "10.0.0.0/33"));
        ASSERT_FAIL(apply(&f, "IPAddressAllow", "example.com"));
        fixture_done(&f);
}

TEST(capability_merge) {
        Fixture f = { .plan = sandbox_plan_new() };
        ExecPart *e = &f.plan->exec;
        uint64_t admin = UINT64_C(1) << 21, net = UINT64_C(1) << 12, chown_ = 1;

        ASSERT_OK(apply(&f, "CapabilityBoundingSet", "CAP_SYS_ADMIN"));
        ASSERT_EQ_U64(e->capability_bounding_set, admin);
        ASSERT_OK(apply(&f, "CapabilityBoundingSet", "CAP_NET_ADMIN CAP_CHOWN")); /* OR */
        ASSERT_EQ_U64(e->capability_bounding_set, admin | net | chown_);
        ASSERT_OK(apply(&f, "CapabilityBoundingSet", "~CAP_SYS_ADMIN")); /* remove */
        ASSERT_EQ_U64(e->capability_bounding_set, net | chown_);
        ASSERT_OK(apply(&f, "CapabilityBoundingSet", "")); /* empty set */
        ASSERT_EQ_U64(e->capability_bounding_set, 0);
        ASSERT_TRUE(e->capability_bounding_set_set);
        ASSERT_OK(apply(&f, "CapabilityBoundingSet", "~")); /* full set */
        ASSERT_EQ_U64(e->capability_bounding_set, UINT64_MAX);
        ASSERT_OK(apply(&f, "CapabilityBoundingSet", "~CAP_CHOWN")); /* first after "~": replace */
        ASSERT_EQ_U64(e->capability_bounding_set, ~chown_);
        ASSERT_FAIL(apply(&f, "CapabilityBoundingSet", "CAP_NOT_A_CAP"));
        ASSERT_TRUE(f.diags.n > 0);
        ASSERT_TRUE(strstr(f.diags.items[f.diags.n - 1].message, "CAP_NOT_A_CAP") != NULL);

        ASSERT_OK(apply(&f, "AmbientCapabilities", "CAP_NET_ADMIN"));
        ASSERT_OK(apply(&f, "AmbientCapabilities", "CAP_CHOWN"));
        ASSERT_EQ_U64(e->ambient_capabilities, net | chown_);
        ASSERT_OK(apply(&f, "AmbientCapabilities", "~CAP_CHOWN"));
        ASSERT_EQ_U64(e->ambient_capabilities, net);
        ASSERT_OK(apply(&f, "AmbientCapabilities", ""));
        ASSERT_EQ_U64(e->ambient_capabilities, 0);
        fixture_done(&f);
}

TEST(syscall_filter_allow_mode) {
        Fixture f = { .plan = sandbox_plan_new() };
        SyscallSet *s = &f.plan->exec.system_call_filter;
        int a;

        ASSERT_OK(apply(&f, "SystemCallFilter", "@system-service"));
        ASSERT_TRUE(s->set && s->allow_list);
        ASSERT_TRUE(syscall_has(s, "execve", &a)); /* @default added */
        ASSERT_EQ(a, SECCOMP_ERRNO_ALLOW);
        ASSERT_TRUE(syscall_has(s, "read", NULL));
        ASSERT_TRUE(syscall_has(s, "setuid", NULL)); /* @system-service includes @setuid */
        ASSERT_OK(apply(&f, "SystemCallFilter", "~setuid"));
        ASSERT_FALSE(syscall_has(s, "setuid", NULL));
        ASSERT_OK(apply(&f, "SystemCallFilter", "~setgid:EPERM"));
        ASSERT_TRUE(syscall_has(s, "setgid", &a));
        ASSERT_EQ(a, EPERM);
        ASSERT_OK(apply(&f, "SystemCallFilter", "setuid"));
        ASSERT_TRUE(syscall_has(s, "setuid", &a));
        ASSERT_EQ(a, SECCOMP_ERRNO_ALLOW);
        ASSERT_FAIL(apply(&f, "SystemCallFilter", "read:EPERM")); /* errno on an allow-list line */
        ASSERT_FAIL(apply(&f, "SystemCallFilter", "not_a_syscall_at_all"));
        ASSERT_FAIL(apply(&f, "SystemCallFilter", "@no-such-group"));
        ASSERT_FAIL(apply(&f, "SystemCallFilter", "~read:ENOTANERRNO"));
        /* Sorted and unique. */
        for (size_t i = 1; i < s->n; i++)
                ASSERT_TRUE(strcmp(s->items[i - 1].name, s->items[i].name) < 0);
        ASSERT_OK(apply(&f, "SystemCallFilter", ""));
        ASSERT_FALSE(s->set);
        ASSERT_EQ(s->n, 0);
        fixture_done(&f);
}

TEST(syscall_filter_deny_mode) {
        Fixture f = { .plan = sandbox_plan_new() };
        SyscallSet *s = &f.plan->exec.system_call_filter;
        int a;

        ASSERT_OK(apply(&f, "SystemCallFilter", "~@mount reboot:EACCES kexec_load:kill"));
        ASSERT_TRUE(s->set && !s->allow_list);
        ASSERT_TRUE(syscall_has(s, "mount", &a));
        ASSERT_EQ(a, SECCOMP_ERRNO_DEFAULT);
        ASSERT_TRUE(syscall_has(s, "reboot", &a));
        ASSERT_EQ(a, EACCES);
        ASSERT_TRUE(syscall_has(s, "kexec_load", &a));
        ASSERT_EQ(a, SECCOMP_ERRNO_KILL);
        ASSERT_FALSE(syscall_has(s, "execve", NULL)); /* no @default in deny mode */
        ASSERT_OK(apply(&f, "SystemCallFilter", "mount")); /* plain line removes from a deny-list */
        ASSERT_FALSE(syscall_has(s, "mount", NULL));
        ASSERT_TRUE(syscall_has(s, "umount2", NULL));
        /* After a reset the next line decides the mode again. */
        ASSERT_OK(apply(&f, "SystemCallFilter", ""));
        ASSERT_OK(apply(&f, "SystemCallFilter", "read"));
        ASSERT_TRUE(s->allow_list);

        ASSERT_OK(apply(&f, "SystemCallErrorNumber", "EPERM"));
        ASSERT_EQ(f.plan->exec.system_call_error_number, EPERM);
        ASSERT_OK(apply(&f, "SystemCallErrorNumber", "kill"));
        ASSERT_EQ(f.plan->exec.system_call_error_number, SECCOMP_ERRNO_KILL);
        ASSERT_OK(apply(&f, "SystemCallErrorNumber", "13"));
        ASSERT_EQ(f.plan->exec.system_call_error_number, 13);
        ASSERT_FAIL(apply(&f, "SystemCallErrorNumber", "EBOGUS"));
        ASSERT_FAIL(apply(&f, "SystemCallErrorNumber", "5000"));

        ASSERT_OK(apply(&f, "SystemCallLog", "~@system-service"));
        ASSERT_FALSE(f.plan->exec.system_call_log.allow_list);
        ASSERT_FAIL(apply(&f, "SystemCallLog", "~read:EPERM"));

        ASSERT_OK(apply(&f, "SystemCallArchitectures", "native x86-64 native"));
        ASSERT_EQ(strv_length(f.plan->exec.system_call_architectures), 2);
        ASSERT_FAIL(apply(&f, "SystemCallArchitectures", "vax"));
        fixture_done(&f);
}

TEST(address_families_and_namespaces) {
        Fixture f = { .plan = sandbox_plan_new() };
        ExecPart *e = &f.plan->exec;

        ASSERT_OK(apply(&f, "RestrictAddressFamilies", "AF_INET AF_UNIX"));
        ASSERT_TRUE(e->restrict_address_families_set && e->restrict_address_families_allow_list);
        ASSERT_EQ_U64(e->restrict_address_families, (UINT64_C(1) << AF_INET) | (UINT64_C(1) << AF_UNIX));
        ASSERT_OK(apply(&f, "RestrictAddressFamilies", "~AF_INET")); /* opposite polarity removes */
        ASSERT_EQ_U64(e->restrict_address_families, UINT64_C(1) << AF_UNIX);
        ASSERT_FAIL(apply(&f, "RestrictAddressFamilies", "AF_BOGUS"));
        ASSERT_OK(apply(&f, "RestrictAddressFamilies", "none"));
        ASSERT_TRUE(e->restrict_address_families_allow_list);
        ASSERT_EQ_U64(e->restrict_address_families, 0);
        ASSERT_OK(apply(&f, "RestrictAddressFamilies", ""));
        ASSERT_FALSE(e->restrict_address_families_set);
        ASSERT_OK(apply(&f, "RestrictAddressFamilies", "~AF_PACKET"));
        ASSERT_FALSE(e->restrict_address_families_allow_list);

        ASSERT_OK(apply(&f, "RestrictNamespaces", "yes"));
        ASSERT_TRUE(e->restrict_namespaces_set);
        ASSERT_EQ_U64(e->restrict_namespaces_allowed, 0);
        ASSERT_OK(apply(&f, "RestrictNamespaces", "net"));  /* OR */
        ASSERT_OK(apply(&f, "RestrictNamespaces", "ipc"));
        ASSERT_EQ_U64(e->restrict_namespaces_allowed, CLONE_NEWNET | CLONE_NEWIPC);
        ASSERT_OK(apply(&f, "RestrictNamespaces", "~net")); /* AND NOT */
        ASSERT_EQ_U64(e->restrict_namespaces_allowed, CLONE_NEWIPC);
        ASSERT_OK(apply(&f, "RestrictNamespaces", ""));
        ASSERT_FALSE(e->restrict_namespaces_set);
        ASSERT_OK(apply(&f, "RestrictNamespaces", "~user mnt")); /* first: all but these */
        ASSERT_EQ_U64(e->restrict_namespaces_allowed, NAMESPACE_FLAGS_ALL & ~(unsigned long) (CLONE_NEWUSER | CLONE_NEWNS));
        ASSERT_FAIL(apply(&f, "RestrictNamespaces", "bogus"));
        fixture_done(&f);
}

TEST(paths_binds_env) {
        Fixture f = { .plan = sandbox_plan_new() };
        ExecPart *e = &f.plan->exec;

        ASSERT_OK(apply(&f, "ReadOnlyPaths", "/usr -/opt//x/ -+/srv \"/with space\""));
        ASSERT_EQ(e->read_only_paths.n, 4);
        ASSERT_STREQ(e->read_only_paths.items[1].path, "/opt/x");
        ASSERT_TRUE(e->read_only_paths.items[1].ignore_missing);
        ASSERT_TRUE(e->read_only_paths.items[2].ignore_missing && e->read_only_paths.items[2].below_root);
        ASSERT_STREQ(e->read_only_paths.items[3].path, "/with space");
        ASSERT_FAIL(apply(&f, "ReadOnlyPaths", "relative/path"));
        ASSERT_FAIL(apply(&f, "ReadOnlyPaths", "+-/x")); /* '-' must precede '+' */
        ASSERT_FAIL(apply(&f, "ReadOnlyPaths", "/a/../b"));
        ASSERT_OK(apply(&f, "ReadOnlyPaths", ""));
        ASSERT_EQ(e->read_only_paths.n, 0);

        ASSERT_OK(apply(&f, "BindPaths", "/a -/b:/c /d:/e:norbind"));
        ASSERT_OK(apply(&f, "BindReadOnlyPaths", "/f:/g:rbind"));
        ASSERT_EQ(e->bind_paths.n, 4);
        ASSERT_STREQ(e->bind_paths.items[0].destination, "/a");
        ASSERT_TRUE(e->bind_paths.items[1].ignore_missing);
        ASSERT_STREQ(e->bind_paths.items[1].destination, "/c");
        ASSERT_FALSE(e->bind_paths.items[2].recursive);
        ASSERT_TRUE(e->bind_paths.items[3].read_only && e->bind_paths.items[3].recursive);
        ASSERT_FAIL(apply(&f, "BindPaths", "/a:"));
        ASSERT_FAIL(apply(&f, "BindPaths", "/a:/b:bogus"));
        ASSERT_FAIL(apply(&f, "BindPaths", "a:/b"));
        ASSERT_OK(apply(&f, "BindPaths", "")); /* resets both */
        ASSERT_EQ(e->bind_paths.n, 0);

        ASSERT_OK(apply(&f, "TemporaryFileSystem", "/run /var:ro,size=10%"));
        ASSERT_EQ(e->temporary_file_system.n, 2);
        ASSERT_NULL(e->temporary_file_system.items[0].options);
        ASSERT_STREQ(e->temporary_file_system.items[1].options, "ro,size=10%");

        ASSERT_OK(apply(&f, "Environment", "\"A=a b\" B=c\\td C="));
        ASSERT_OK(apply(&f, "Environment", "B=override"));
        ASSERT_EQ(strv_length(e->environment), 3);
        ASSERT_STREQ(e->environment[0], "A=a b");
        ASSERT_STREQ(e->environment[1], "B=override");
        ASSERT_FAIL(apply(&f, "Environment", "NOEQUALS"));
        ASSERT_FAIL(apply(&f, "Environment", "1X=y"));
        ASSERT_FAIL(apply(&f, "Environment", "\"A=unterminated"));
        ASSERT_OK(apply(&f, "Environment", ""));
        ASSERT_NULL(e->environment);

        ASSERT_OK(apply(&f, "EnvironmentFile", "-/etc/default/x"));
        ASSERT_TRUE(e->environment_files.items[0].ignore_missing);
        ASSERT_FAIL(apply(&f, "EnvironmentFile", "etc/x"));
        ASSERT_OK(apply(&f, "UnsetEnvironment", "A B=c"));
        ASSERT_FAIL(apply(&f, "PassEnvironment", "B=c"));
        ASSERT_OK(apply(&f, "PassEnvironment", "PATH TERM"));

        ASSERT_OK(apply(&f, "WorkingDirectory", "-~"));
        ASSERT_STREQ(e->working_directory, "~");
        ASSERT_TRUE(e->working_directory_missing_ok);
        ASSERT_OK(apply(&f, "WorkingDirectory", "/srv/"));
        ASSERT_STREQ(e->working_directory, "/srv");
        ASSERT_FALSE(e->working_directory_missing_ok);
        ASSERT_FAIL(apply(&f, "WorkingDirectory", "srv"));

        ASSERT_OK(apply(&f, "UMask", "0027"));
        ASSERT_TRUE(e->umask_set && e->umask == 027);
        ASSERT_FAIL(apply(&f, "UMask", "0999"));
        ASSERT_OK(apply(&f, "User", "nobody"));
        ASSERT_OK(apply(&f, "Group", "1000"));
        ASSERT_FAIL(apply(&f, "User", "bad:name"));
        ASSERT_OK(apply(&f, "LimitNOFILE", "1024:2048"));
        ASSERT_TRUE(e->rlimits[RLIMIT_NOFILE].set);
        ASSERT_EQ(e->rlimits[RLIMIT_NOFILE].hard, 2048);
        ASSERT_FAIL(apply(&f, "LimitNOFILE", "2048:1024"));
        ASSERT_OK(apply(&f, "ProtectSystem", "strict"));
        ASSERT_EQ(e->protect_system, PROTECT_SYSTEM_STRICT);
        ASSERT_OK(apply(&f, "ProtectSystem", "yes"));
        ASSERT_EQ(e->protect_system, PROTECT_SYSTEM_YES);
        ASSERT_FAIL(apply(&f, "ProtectSystem", "sometimes"));
        ASSERT_OK(apply(&f, "ProtectHome", "read-only"));
        ASSERT_OK(apply(&f, "ProtectControlGroups", "private"));
        ASSERT_EQ(e->protect_control_groups, PROTECT_CONTROL_GROUPS_PRIVATE);
        ASSERT_OK(apply(&f, "ProtectProc", "invisible"));
        ASSERT_FAIL(apply(&f, "ProtectProc", "yes"));
        ASSERT_OK(apply(&f, "KeyringMode", "shared"));
        ASSERT_OK(apply(&f, "MountAPIVFS", "no"));
        ASSERT_TRUE(e->mount_api_vfs_set && !e->mount_api_vfs);
        ASSERT_FAIL(apply(&f, "PrivateTmp", "maybe"));
#if defined(__x86_64__)
        ASSERT_OK(apply(&f, "Personality", "x86"));
        ASSERT_EQ(e->personality, PER_LINUX32);
#endif
        ASSERT_FAIL(apply(&f, "Personality", "vax"));
        fixture_done(&f);
}

TEST(exec_start) {
        Fixture f = { .plan = sandbox_plan_new() };
        SandboxPlan *p = f.plan;

        ASSERT_OK(apply(&f, "ExecStart", "/bin/echo \"hello world\" a\\x41 'b c'"));
        ASSERT_EQ(p->n_exec_start, 1);
        ASSERT_STREQ(p->exec_start[0].path, "/bin/echo");
        ASSERT_EQ(strv_length(p->exec_start[0].argv), 4);
        ASSERT_STREQ(p->exec_start[0].argv[0], "/bin/echo");
        ASSERT_STREQ(p->exec_start[0].argv[1], "hello world");
        ASSERT_STREQ(p->exec_start[0].argv[2], "aA");
        ASSERT_STREQ(p->exec_start[0].argv[3], "b c");
        ASSERT_EQ(p->exec_start[0].flags, 0);
        ASSERT_STREQ(p->exec_start[0].file, "t.unit");

        ASSERT_OK(apply(&f, "ExecStart", "-@/bin/sh mysh -c 'echo $$x; done' \\;"));
        ASSERT_EQ(p->n_exec_start, 2);
        ASSERT_EQ(p->exec_start[1].flags, EXEC_COMMAND_IGNORE_FAILURE);
        ASSERT_STREQ(p->exec_start[1].path, "/bin/sh");
        ASSERT_STREQ(p->exec_start[1].argv[0], "mysh");
        ASSERT_STREQ(p->exec_start[1].argv[2], "echo $$x; done");
        ASSERT_STREQ(p->exec_start[1].argv[3], ";");

        ASSERT_OK(apply(&f, "ExecStart", "!!/bin/true"));
        ASSERT_EQ(p->exec_start[2].flags, EXEC_COMMAND_AMBIENT_MAGIC);
        ASSERT_OK(apply(&f, "ExecStart", ":+/bin/true"));
        ASSERT_EQ(p->exec_start[3].flags, EXEC_COMMAND_NO_ENV_EXPAND | EXEC_COMMAND_FULLY_PRIVILEGED);

        ASSERT_FAIL(apply(&f, "ExecStart", "bin/echo hi"));
        ASSERT_TRUE(strstr(f.diags.items[f.diags.n - 1].message, "must be an absolute path") != NULL);
        ASSERT_FAIL(apply(&f, "ExecStart", "./echo hi"));
        ASSERT_FAIL(apply(&f, "ExecStart", "+!/bin/true"));
        ASSERT_FAIL(apply(&f, "ExecStart", "--/bin/true"));
        ASSERT_FAIL(apply(&f, "ExecStart", "/bin/echo \"unterminated"));
        ASSERT_FAIL(apply(&f, "ExecStart", "@/bin/true"));
        ASSERT_FAIL(apply(&f, "ExecStart", "/bin/true ; /bin/false"));
        ASSERT_FAIL(apply(&f, "ExecStart", "/usr/bin/"));
        ASSERT_EQ(p->n_exec_start, 4);

        /* A plain file name is looked up in PATH at start, as systemd ≥ 239 does. */
        ASSERT_OK(apply(&f, "ExecStart", "echo hi"));
        ASSERT_EQ(p->n_exec_start, 5);
        ASSERT_STREQ(p->exec_start[4].path, "echo");
        ASSERT_OK(apply(&f, "ExecStart", ""));
        ASSERT_EQ(p->n_exec_start, 0);
        fixture_done(&f);
}

TEST(every_bad_word_is_reported) {
        Fixture f = { .plan = sandbox_plan_new() };
        size_t n;

        n = f.diags.n;
        ASSERT_FAIL(apply(&f, "CapabilityBoundingSet", "CAP_BAD_ONE CAP_CHOWN CAP_BAD_TWO"));
        ASSERT_EQ(f.diags.n - n, 2);
        ASSERT_TRUE(strstr(f.diags.items[n + 1].message, "CAP_BAD_TWO") != NULL);
        ASSERT_EQ_U64(f.plan->exec.capability_bounding_set, UINT64_MAX); /* a failed line changes nothing */

        n = f.diags.n;
        ASSERT_FAIL(apply(&f, "SystemCallFilter", "~nope_one @nope-two read:EBOGUS mount"));
        ASSERT_EQ(f.diags.n - n, 3);

        n = f.diags.n;
        ASSERT_FAIL(apply(&f, "RestrictAddressFamilies", "AF_X AF_UNIX AF_Y"));
        ASSERT_EQ(f.diags.n - n, 2);
        n = f.diags.n;
        ASSERT_FAIL(apply(&f, "RestrictNamespaces", "foo net bar"));
        ASSERT_EQ(f.diags.n - n, 2);
        n = f.diags.n;
        ASSERT_FAIL(apply(&f, "SystemCallArchitectures", "vax native pdp11"));
        ASSERT_EQ(f.diags.n - n, 2);
        fixture_done(&f);
}

TEST(exec_env_expansion) {
        char *argv[] = { (char *) "/bin/echo", (char *) "$WORDS", (char *) "$UNSET", (char *) "a${X}b",
                         (char *) "$$X", (char *) "${UNSET:-dflt}", (char *) "${X:-dflt}", (char *) "${X:+alt}",
                         (char *) "${UNSET:+alt}", (char *) "${EMPTY:-e}", (char *) "$X-mid", (char *) "${open",
                         (char *) "${A:x}", NULL };
        char *env[] = { (char *) "WORDS=one 'two three'", (char *) "X=x", (char *) "EMPTY=", NULL };
        _cleanup_strv_free_ char **r = exec_command_expand_env(argv, env);

        ASSERT_EQ(strv_length(r), 12);
        ASSERT_STREQ(r[0], "/bin/echo");
        ASSERT_STREQ(r[1], "one");
        ASSERT_STREQ(r[2], "two three"); /* "$UNSET" gave no word at all */
        ASSERT_STREQ(r[3], "axb");
        ASSERT_STREQ(r[4], "$X");
        ASSERT_STREQ(r[5], "dflt");
        ASSERT_STREQ(r[6], "x");
        ASSERT_STREQ(r[7], "alt");
        ASSERT_STREQ(r[8], "");
        ASSERT_STREQ(r[9], "e");
        /* "$X-mid" is a whole-word lookup of "X-mid" (as systemd): unset, so no word. */
        ASSERT_STREQ(r[10], "${open");
        ASSERT_STREQ(r[11], "${A:x}");
}

TEST(table) {
        ASSERT_NOT_NULL(directive_lookup("PrivateTmp"));
        ASSERT_NULL(directive_lookup("privatetmp"));
        ASSERT_STREQ(directive_suggest("PrivateTmpp"), "PrivateTmp");
        ASSERT_STREQ(directive_suggest("privatetmp"), "PrivateTmp");
        ASSERT_STREQ(directive_suggest("MemoryMaxx"), "MemoryMax");
        ASSERT_NULL(directive_suggest("Xyzzy"));
        ASSERT_STREQ(directive_where_to_string(WHERE_CGROUP), "cgroup");

        /* Every row: unique name, a parser unless ignored, enforced only where nothing is to enforce. */
        for (size_t i = 0; i < directive_table_size; i++) {
                const Directive *d = &directive_table[i];

                ASSERT_TRUE(directive_lookup(d->name) == d);
                ASSERT_TRUE((d->parse == NULL) == (d->where == WHERE_IGNORED));
                ASSERT_TRUE(d->sections != 0);
                if (d->where == WHERE_CGROUP || d->where == WHERE_EXEC)
                        (void) 0; /* enforced is flipped by the engineers who implement the row */
                else
                        ASSERT_TRUE(d->enforced);
        }
}

TEST_MAIN();
