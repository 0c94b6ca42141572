/* SPDX-License-Identifier: MIT */
/* plan_build() on unit files under tests/data/plan-build/: fields, diagnostics with their lines, implied
 * settings, reset semantics across a drop-in, and the `set` origins. */

#include <linux/capability.h>

#include "directive.h"
#include "plan-build.h"
#include "strv.h"
#include "tests.h"
#include "unit-file.h"

static int build(const char *name, bool strict, DiagList *diags, SandboxPlan **ret) {
        _cleanup_(unit_freep) Unit *u = NULL;
        _cleanup_free_ char *path = NULL;
        const char *root = getenv("SANDBOXCTL_SOURCE_ROOT");
        int r;

        path = xasprintf("%s/tests/data/plan-build/%s", root ?: ".", name);
        unit_file_init();
        r = unit_load(path, diags, &u);
        if (r < 0) {
                diag_list_print(diags, stdout);
                return r;
        }
        return plan_build(u, &(PlanBuildOptions) { .strict = strict }, diags, ret);
}

static const Diag *find_diag(const DiagList *l, unsigned line, const char *directive) {
        for (size_t i = 0; i < l->n; i++)
                if (l->items[i].line == line && l->items[i].directive && streq(l->items[i].directive, directive))
                        return &l->items[i];
        return NULL;
}

static bool has_syscall(const SyscallSet *s, const char *name) {
        for (size_t i = 0; i < s->n; i++)
                if (streq(s->items[i].name, name))
                        return true;
        return false;
}

TEST(basic_fields) {
        _cleanup_(sandbox_plan_freep) SandboxPlan *p = NULL;
        DiagList diags = {};
        const DirectiveOrigin *o;

        ASSERT_OK(build("basic.unit", false, &diags, &p));
        ASSERT_EQ(diag_list_errors(&diags), 0);

        ASSERT_STREQ(p->unit_name, "basic.unit");
        ASSERT_STREQ(p->description, "Basic basic.unit test");
        ASSERT_EQ(strv_length(p->documentation), 2);
        ASSERT_TRUE(p->default_dependencies);

        ASSERT_EQ(p->n_exec_start, 1);
        ASSERT_STREQ(p->exec_start[0].path, "/bin/sh");
        ASSERT_STREQ(p->exec_start[0].argv[2], "echo basic.unit");
        ASSERT_EQ(p->exec_start[0].line, 8);

        ASSERT_TRUE(p->exec.private_tmp);
        ASSERT_TRUE(p->exec.private_network);
        ASSERT_EQ(p->exec.protect_system, PROTECT_SYSTEM_STRICT);
        ASSERT_EQ(p->exec.protect_home, PROTECT_HOME_READ_ONLY);
        ASSERT_EQ(p->exec.read_write_paths.n, 2);
        ASSERT_TRUE(p->exec.read_write_paths.items[0].ignore_missing);

        ASSERT_TRUE(p->cgroup.memory_max.set);
        ASSERT_EQ_U64(p->cgroup.memory_max.value, UINT64_C(512) << 20);
        ASSERT_TRUE(p->cgroup.memory_high.is_scale);
        ASSERT_EQ(p->cgroup.memory_high.permyriad, 2500);
        ASSERT_EQ_U64(p->cgroup.cpu_quota_per_sec_usec, 1500000);
        ASSERT_EQ_U64(p->cgroup.tasks_max.value, 64);

        ASSERT_TRUE(p->exec.capability_bounding_set_set);
        ASSERT_EQ_U64(p->exec.capability_bounding_set,
                      (UINT64_C(1) << CAP_NET_BIND_SERVICE) | (UINT64_C(1) << CAP_CHOWN));
        ASSERT_TRUE(p->exec.system_call_filter.set && p->exec.system_call_filter.allow_list);
        ASSERT_TRUE(has_syscall(&p->exec.system_call_filter, "read"));
        ASSERT_FALSE(has_syscall(&p->exec.system_call_filter, "setrlimit")); /* removed by ~@resources */
        ASSERT_FALSE(has_syscall(&p->exec.system_call_filter, "chown"));     /* removed by ~@privileged */
        ASSERT_EQ(p->exec.system_call_error_number, EPERM);
        ASSERT_STREQ(p->exec.system_call_architectures[0], "native");
        ASSERT_TRUE(p->exec.no_new_privileges_implied);
        ASSERT_FALSE(p->exec.no_new_privileges);
        ASSERT_STREQ(p->exec.environment[0], "GREETING=hello world");
        ASSERT_STREQ(p->exec.environment[1], "UNIT=basic");
        ASSERT_TRUE(p->exec.umask_set && p->exec.umask == 0077);
        ASSERT_TRUE(p->exec.rlimits[RLIMIT_NOFILE].set);

        ASSERT_FALSE(exec_part_is_empty(&p->exec));
        ASSERT_FALSE(cgroup_part_is_empty(&p->cgroup));

        /* Origins: last assignment, table order, ignored keys not listed. */
        ASSERT_TRUE(sandbox_plan_has(p, "SystemCallFilter", &o));
        ASSERT_EQ(o->line, 20);
        ASSERT_TRUE(strstr(o->file, "basic.unit") != NULL);
        ASSERT_TRUE(sandbox_plan_has(p, "MemoryMax", NULL));
        ASSERT_TRUE(sandbox_plan_has(p, "Description", NULL));
        ASSERT_FALSE(sandbox_plan_has(p, "Restart", NULL));
        ASSERT_FALSE(sandbox_plan_has(p, "After", NULL));
        ASSERT_FALSE(sandbox_plan_has(p, "PrivateDevices", NULL));
        for (size_t i = 1; i < p->n_set; i++)
                ASSERT_TRUE(directive_lookup(p->set[i - 1].name) < directive_lookup(p->set[i].name));

        /* Restart= and After= are warnings, not errors. */
        ASSERT_NOT_NULL(find_diag(&diags, 26, "Restart"));
        ASSERT_TRUE(find_diag(&diags, 26, "Restart")->warning);
        ASSERT_TRUE(strstr(find_diag(&diags, 26, "Restart")->message, "not a service") != NULL);
        ASSERT_TRUE(find_diag(&diags, 5, "After")->warning);
        diag_list_done(&diags);
}

TEST(all_errors_with_lines) {
        SandboxPlan *p = NULL;
        DiagList diags = {};
        static const struct {
                unsigned line;
                const char *directive;
                const char *needle;
        } expected[] = {
                { 3, "MemoryMax", "10Q" },
                { 5, "CPUQuota", "too small" },
                { 6, "CapabilityBoundingSet", "CAP_BOGUS" },
                { 7, "SystemCallFilter", "definitely_not_a_syscall" },
                { 8, "PrivateNetwork", "perhaps" },
                { 9, "DeviceAllow", "rwx" },
                { 10, "ExecStart", "must be an absolute path" },
                { 11, "Environment", "quot" },
        };

        ASSERT_ERROR(build("errors.unit", false, &diags, &p), EINVAL);
        ASSERT_NULL(p);
        ASSERT_EQ(diag_list_errors(&diags), ELEMENTSOF(expected));
        for (size_t i = 0; i < ELEMENTSOF(expected); i++) {
                const Diag *d = find_diag(&diags, expected[i].line, expected[i].directive);

                if (!d)
                        TEST_FAIL_("no diagnostic for %s= at line %u", expected[i].directive, expected[i].line);
                ASSERT_FALSE(d->warning);
                ASSERT_TRUE(strstr(d->file, "errors.unit") != NULL);
                if (!strstr(d->message, expected[i].needle))
                        TEST_FAIL_("line %u: '%s' lacks '%s'", d->line, d->message, expected[i].needle);
                /* The message names the directive. */
                ASSERT_TRUE(strstr(d->message, expected[i].directive) != NULL);
        }
        diag_list_done(&diags);
}

TEST(implied_settings) {
        _cleanup_(sandbox_plan_freep) SandboxPlan *p = NULL;
        DiagList diags = {};
        uint64_t b;

        ASSERT_OK(build("implied.unit", false, &diags, &p));
        b = p->exec.capability_bounding_set;
        ASSERT_TRUE(p->exec.capability_bounding_set_set);
        ASSERT_FALSE(b & (UINT64_C(1) << CAP_MKNOD));
        ASSERT_FALSE(b & (UINT64_C(1) << CAP_SYS_RAWIO));
        ASSERT_FALSE(b & (UINT64_C(1) << CAP_SYS_MODULE));
        ASSERT_FALSE(b & (UINT64_C(1) << CAP_SYSLOG));
        ASSERT_FALSE(b & (UINT64_C(1) << CAP_SYS_TIME));
        ASSERT_FALSE(b & (UINT64_C(1) << CAP_WAKE_ALARM));
        ASSERT_TRUE(b & (UINT64_C(1) << CAP_SYS_ADMIN));
        ASSERT_TRUE(b & (UINT64_C(1) << CAP_CHOWN));
        ASSERT_EQ(p->cgroup.device_policy, DEVICE_POLICY_CLOSED);
        ASSERT_EQ(p->cgroup.device_allow.n, 1);
        ASSERT_STREQ(p->cgroup.device_allow.items[0].path, "char-rtc");
        ASSERT_EQ(p->cgroup.device_allow.items[0].access, DEVICE_ACCESS_READ);
        ASSERT_TRUE(p->exec.no_new_privileges_implied);
        /* Implied changes are not "set" by the user. */
        ASSERT_FALSE(sandbox_plan_has(p, "CapabilityBoundingSet", NULL));
        ASSERT_FALSE(sandbox_plan_has(p, "DevicePolicy", NULL));
        ASSERT_TRUE(sandbox_plan_has(p, "ProtectClock", NULL));
        diag_list_done(&diags);
}

TEST(protect_clock_without_device_policy) {
        _cleanup_(unit_freep) Unit *u = xcalloc(1, sizeof(Unit));
        _cleanup_(sandbox_plan_freep) SandboxPlan *p = NULL;
        DiagList diags = {};
        UnitAssignment a[] = {
                { .section = (char *) "Sandbox", .key = (char *) "ProtectClock", .value = (char *) "yes",
                  .file = "mem.unit", .line = 2 },
                { .section = (char *) "Sandbox", .key = (char *) "NoNewPrivileges", .value = (char *) "yes",
                  .file = "mem.unit", .line = 3 },
        };
        Unit v = { .name = (char *) "mem.unit", .path = (char *) "mem.unit", .assignments = a, .n_assignments = 2 };

        /* A Unit built in memory (not through unit_load()). */
        ASSERT_OK(plan_build(&v, NULL, &diags, &p));
        ASSERT_EQ(p->cgroup.device_policy, DEVICE_POLICY_AUTO);
        ASSERT_EQ(p->cgroup.device_allow.n, 0); /* no policy active: no char-rtc entry */
        ASSERT_FALSE(p->exec.capability_bounding_set & (UINT64_C(1) << CAP_SYS_TIME));
        ASSERT_TRUE(p->exec.no_new_privileges);
        diag_list_done(&diags);
}

TEST(reset_across_dropin) {
        _cleanup_(sandbox_plan_freep) SandboxPlan *p = NULL;
        DiagList diags = {};
        const DirectiveOrigin *o;

        ASSERT_OK(build("reset.unit", false, &diags, &p));
        ASSERT_EQ(diag_list_errors(&diags), 0);

        ASSERT_EQ(p->n_exec_start, 1);
        ASSERT_STREQ(p->exec_start[0].argv[1], "dropin");
        ASSERT_TRUE(strstr(p->exec_start[0].file, "10-reset.conf") != NULL);
        ASSERT_EQ(p->exec_start[0].line, 3);

        ASSERT_EQ(p->exec.read_only_paths.n, 1);
        ASSERT_STREQ(p->exec.read_only_paths.items[0].path, "/opt");
        ASSERT_FALSE(p->exec.system_call_filter.set);
        ASSERT_EQ(p->exec.system_call_filter.n, 0);
        ASSERT_TRUE(p->exec.capability_bounding_set_set); /* empty = drop everything */
        ASSERT_EQ_U64(p->exec.capability_bounding_set, 0);
        ASSERT_EQ(strv_length(p->exec.environment), 1);
        ASSERT_STREQ(p->exec.environment[0], "C=3");
        ASSERT_EQ(p->cgroup.device_allow.n, 0);
        ASSERT_FALSE(p->cgroup.memory_max.set);
        ASSERT_EQ(p->exec.bind_paths.n, 0); /* BindReadOnlyPaths= empty resets BindPaths= too */

        /* Origins follow the resets. */
        ASSERT_FALSE(sandbox_plan_has(p, "SystemCallFilter", NULL));
        ASSERT_FALSE(sandbox_plan_has(p, "MemoryMax", NULL));
        ASSERT_FALSE(sandbox_plan_has(p, "DeviceAllow", NULL));
        ASSERT_FALSE(sandbox_plan_has(p, "BindPaths", NULL));
        ASSERT_TRUE(sandbox_plan_has(p, "CapabilityBoundingSet", &o));
        ASSERT_TRUE(strstr(o->file, "10-reset.conf") != NULL);
        ASSERT_EQ(o->line, 7);
        ASSERT_TRUE(sandbox_plan_has(p, "ReadOnlyPaths", &o));
        ASSERT_EQ(o->line, 5);
        diag_list_done(&diags);
}

TEST(sections_and_unknown_keys) {
        SandboxPlan *p = NULL;
        DiagList diags = {};
        const Diag *d;

        ASSERT_ERROR(build("sections.unit", false, &diags, &p), EINVAL);
        /* Exec directive in [Unit]: error naming the right section. */
        d = find_diag(&diags, 2, "PrivateTmp");
        ASSERT_NOT_NULL(d);
        ASSERT_FALSE(d->warning);
        ASSERT_TRUE(strstr(d->message, "[Service]") != NULL);
        /* [Unit] key in [Service]. */
        d = find_diag(&diags, 6, "Description");
        ASSERT_NOT_NULL(d);
        ASSERT_TRUE(strstr(d->message, "[Unit]") != NULL);
        /* Unknown key: warning with a suggestion. */
        d = find_diag(&diags, 7, "PrivateTmpp");
        ASSERT_NOT_NULL(d);
        ASSERT_TRUE(d->warning);
        ASSERT_TRUE(strstr(d->message, "did you mean 'PrivateTmp='") != NULL);
        /* Ignored key in the wrong section: still just a warning. */
        ASSERT_TRUE(find_diag(&diags, 9, "WantedBy")->warning);
        ASSERT_TRUE(find_diag(&diags, 8, "Restart")->warning);
        /* [Scope] takes cgroup settings but not exec ones. */
        ASSERT_NULL(find_diag(&diags, 12, "MemoryMax"));
        ASSERT_FALSE(find_diag(&diags, 13, "PrivateNetwork")->warning);
        ASSERT_TRUE(find_diag(&diags, 16, "WantedBy")->warning);
        ASSERT_EQ(diag_list_errors(&diags), 3);
        diag_list_done(&diags);
}

TEST(strict) {
        SandboxPlan *p = NULL;
        DiagList diags = {};
        const Diag *d;

        /* Without --strict: the unknown key is a warning and the plan builds. */
        ASSERT_OK(build("unknown-only.unit", false, &diags, &p));
        p = sandbox_plan_free(p);
        ASSERT_EQ(diag_list_errors(&diags), 0);
        diag_list_done(&diags);

        /* With --strict: an error; the ignored service key Type= stays a warning. */
        ASSERT_ERROR(build("unknown-only.unit", true, &diags, &p), EINVAL);
        d = find_diag(&diags, 3, "PrivateTmpp");
        ASSERT_FALSE(d->warning);
        ASSERT_TRUE(find_diag(&diags, 4, "Type")->warning);
        ASSERT_EQ(diag_list_errors(&diags), 1);
        diag_list_done(&diags);
}

TEST(unsupported_and_aliases) {
        _cleanup_(sandbox_plan_freep) SandboxPlan *p = NULL;
        DiagList diags = {};
        const Diag *d;

        ASSERT_ERROR(build("unsupported.unit", false, &diags, &p), EINVAL);
        /* Deprecated alias: a warning, and the value lands in the current directive. */
        d = find_diag(&diags, 3, "ReadOnlyDirectories");
        ASSERT_TRUE(d && d->warning && strstr(d->message, "ReadOnlyPaths=") != NULL);
        /* Unsupported non-protections: warnings. */
        ASSERT_TRUE(find_diag(&diags, 4, "Nice")->warning);
        ASSERT_TRUE(find_diag(&diags, 5, "StateDirectory")->warning);
        /* Unsupported protections and limits: errors (fail closed). */
        d = find_diag(&diags, 6, "RestrictFileSystems");
        ASSERT_TRUE(d && !d->warning && strstr(d->message, "not supported") != NULL);
        ASSERT_FALSE(find_diag(&diags, 7, "CPUShares")->warning);
        /* X- keys: nothing at all. */
        ASSERT_NULL(find_diag(&diags, 8, "X-Vendor-Thing"));
        ASSERT_EQ(diag_list_errors(&diags), 2);
        diag_list_done(&diags);

        /* With --strict the unsupported ones become errors too. */
        ASSERT_ERROR(build("unsupported.unit", true, &diags, &p), EINVAL);
        ASSERT_FALSE(find_diag(&diags, 4, "Nice")->warning);
        ASSERT_EQ(diag_list_errors(&diags), 4);
        diag_list_done(&diags);
}

TEST(alias_lands_in_plan) {
        _cleanup_(sandbox_plan_freep) SandboxPlan *p = NULL;
        DiagList diags = {};
        UnitAssignment a[] = {
                { .section = (char *) "Sandbox", .key = (char *) "InaccessibleDirectories", .value = (char *) "/srv",
                  .file = "mem.unit", .line = 2 },
        };
        Unit v = { .name = (char *) "mem.unit", .path = (char *) "mem.unit", .assignments = a, .n_assignments = 1 };

        ASSERT_OK(plan_build(&v, NULL, &diags, &p));
        ASSERT_EQ(p->exec.inaccessible_paths.n, 1);
        ASSERT_STREQ(p->exec.inaccessible_paths.items[0].path, "/srv");
        ASSERT_TRUE(sandbox_plan_has(p, "InaccessiblePaths", NULL));
        diag_list_done(&diags);
}

TEST(command_line_overrides_any_section) {
        _cleanup_(sandbox_plan_freep) SandboxPlan *p = NULL;
        DiagList diags = {};
        UnitAssignment a[] = {
                { .section = (char *) "Sandbox", .key = (char *) "Description", .value = (char *) "from -p",
                  .file = "<command line>", .line = 1 },
                { .section = (char *) "Sandbox", .key = (char *) "MemoryMax", .value = (char *) "1G",
                  .file = "<command line>", .line = 2 },
        };
        Unit v = { .name = (char *) "mem.unit", .path = (char *) "mem.unit", .assignments = a, .n_assignments = 2 };
        const DirectiveOrigin *o;

        ASSERT_OK(plan_build(&v, NULL, &diags, &p));
        ASSERT_STREQ(p->description, "from -p");
        ASSERT_TRUE(sandbox_plan_has(p, "MemoryMax", &o));
        ASSERT_STREQ(o->file, "<command line>");
        ASSERT_EQ(o->line, 2);
        ASSERT_EQ(diags.n, 0);
}

TEST(nnp_implied_only_by_effective_filters) {
        _cleanup_(sandbox_plan_freep) SandboxPlan *p = NULL, *q = NULL;
        DiagList diags = {};
        UnitAssignment a[] = {
                { .section = (char *) "Sandbox", .key = (char *) "SystemCallFilter", .value = (char *) "~reboot",
                  .file = "mem.unit", .line = 1 },
                { .section = (char *) "Sandbox", .key = (char *) "SystemCallFilter", .value = (char *) "reboot",
                  .file = "mem.unit", .line = 2 },
                { .section = (char *) "Sandbox", .key = (char *) "RestrictNamespaces", .value = (char *) "no",
                  .file = "mem.unit", .line = 3 },
                { .section = (char *) "Sandbox", .key = (char *) "LockPersonality", .value = (char *) "yes",
                  .file = "mem.unit", .line = 4 },
        };
        Unit v = { .name = (char *) "mem.unit", .path = (char *) "mem.unit", .assignments = a, .n_assignments = 3 };

        /* An emptied deny-list and RestrictNamespaces=no restrict nothing: no implied NoNewPrivileges. */
        ASSERT_OK(plan_build(&v, NULL, &diags, &p));
        ASSERT_TRUE(p->exec.system_call_filter.set);
        ASSERT_EQ(p->exec.system_call_filter.n, 0);
        ASSERT_FALSE(p->exec.no_new_privileges_implied);
        /* One real seccomp-based option turns it on. */
        v.n_assignments = 4;
        ASSERT_OK(plan_build(&v, NULL, &diags, &q));
        ASSERT_TRUE(q->exec.no_new_privileges_implied);
        ASSERT_EQ(diags.n, 0);
}

TEST(specifiers_in_template) {
        _cleanup_(sandbox_plan_freep) SandboxPlan *p = NULL;
        _cleanup_(unit_freep) Unit *u = NULL;
        _cleanup_free_ char *dir = NULL;
        const char *root = getenv("SANDBOXCTL_SOURCE_ROOT");
        DiagList diags = {};

        dir = xasprintf("%s/tests/data/plan-build", root ?: ".");
        ASSERT_OK(setenv("SANDBOXCTL_UNIT_PATH", dir, 1));
        unit_file_init();
        ASSERT_OK(unit_load("tmpl@inst.unit", &diags, &u));
        ASSERT_OK(plan_build(u, NULL, &diags, &p));
        ASSERT_EQ(diag_list_errors(&diags), 0);

        ASSERT_STREQ(p->description, "Instance inst of tmpl");
        ASSERT_STREQ(p->exec_start[0].argv[1], "inst");
        ASSERT_STREQ(p->exec_start[0].argv[2], "inst with space");
        ASSERT_STREQ(p->exec_start[0].argv[3], "100%");
        ASSERT_EQ(p->exec.read_only_paths.n, 2);
        ASSERT_STREQ(p->exec.read_only_paths.items[0].path, "/srv/inst");
        ASSERT_STREQ(p->exec.read_only_paths.items[1].path, "/var/lib/tmpl");
        ASSERT_STREQ(p->exec.environment[0], "INSTANCE=inst");
        ASSERT_STREQ(p->exec.environment[1], "NAME=tmpl@inst.unit");
        ASSERT_STREQ(p->exec.working_directory, "/srv/inst");
        /* '%' in MemoryMax= is a percentage, never a specifier. */
        ASSERT_TRUE(p->cgroup.memory_max.is_scale);
        ASSERT_EQ(p->cgroup.memory_max.permyriad, 1000);
        (void) unsetenv("SANDBOXCTL_UNIT_PATH");
        diag_list_done(&diags);
}

TEST(empty_unit) {
        _cleanup_(sandbox_plan_freep) SandboxPlan *p = NULL;
        DiagList diags = {};
        Unit v = { .name = (char *) "empty.unit", .path = (char *) "empty.unit" };

        ASSERT_OK(plan_build(&v, NULL, &diags, &p));
        ASSERT_TRUE(exec_part_is_empty(&p->exec));
        ASSERT_TRUE(cgroup_part_is_empty(&p->cgroup));
        ASSERT_EQ(p->n_set, 0);
        ASSERT_EQ(p->n_exec_start, 0); /* a missing ExecStart= is start's business */
        ASSERT_EQ(diags.n, 0);
}

TEST_MAIN();
