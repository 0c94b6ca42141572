/* SPDX-License-Identifier: MIT */
/* syscall_filter_compile(): which programs a plan gets, in which order, and when a supervisor must stay to
 * report SIGSYS. The programs' effect is tested from inside sandboxes by the host suite. */
#include <sys/socket.h>

#include "names.h"
#include "plan.h"
#include "strv.h"
#include "syscall-filter.h"
#include "tests.h"


static void add_syscall(SyscallSet *s, const char *name, int action) {
        s->set = true;
        s->items = xrealloc(s->items, (s->n + 1) * sizeof(SyscallEntry));
        s->items[s->n++] = (SyscallEntry) { .name = xstrdup(name), .action = action };
}

static SyscallFilterSet *compile(SandboxPlan *p, int expect) {
        SyscallFilterSet *s = NULL;
        DiagList diags = {};
        int r;

        r = syscall_filter_compile(p, &diags, &s);
        diag_list_done(&diags);
        if (expect < 0) {
                ASSERT_EQ(r, expect);
                return NULL;
        }
        ASSERT_OK(r);
        ASSERT_NOT_NULL(s);
        for (size_t i = 0; i < s->n; i++) {
                ASSERT_TRUE(s->items[i].n_insns > 0);
                ASSERT_NOT_NULL(s->items[i].insns);
        }
        return s;
}

TEST(empty_plan_has_no_program) {
        _cleanup_(sandbox_plan_freep) SandboxPlan *p = sandbox_plan_new();
        _cleanup_(syscall_filter_set_freep) SyscallFilterSet *s = compile(p, 0);

        ASSERT_EQ(s->n, 0);
        ASSERT_FALSE(s->may_kill);
}

TEST(deny_list_kills_by_default) {
        _cleanup_(sandbox_plan_freep) SandboxPlan *p = sandbox_plan_new();
        _cleanup_(syscall_filter_set_freep) SyscallFilterSet *s = NULL;

        add_syscall(&p->exec.system_call_filter, "uname", SECCOMP_ERRNO_DEFAULT);
        s = compile(p, 0);
        ASSERT_EQ(s->n, 1);
        ASSERT_STREQ(s->items[0].directive, "SystemCallFilter");
        ASSERT_EQ(s->items[0].n_rules, 1);
        ASSERT_TRUE(s->may_kill);
}

TEST(deny_list_with_errno_does_not_kill) {
        _cleanup_(sandbox_plan_freep) SandboxPlan *p = sandbox_plan_new();
        _cleanup_(syscall_filter_set_freep) SyscallFilterSet *s = NULL;

        add_syscall(&p->exec.system_call_filter, "uname", SECCOMP_ERRNO_DEFAULT);
        add_syscall(&p->exec.system_call_filter, "sethostname", EACCES);
        add_syscall(&p->exec.system_call_filter, "no_such_syscall_sandboxctl", EPERM); /* skipped */
        p->exec.system_call_error_number = EPERM;
        s = compile(p, 0);
        ASSERT_EQ(s->n, 1);
        ASSERT_EQ(s->items[0].n_rules, 2);
        ASSERT_FALSE(s->may_kill);
}

TEST(item_kill_in_deny_list) {
        _cleanup_(sandbox_plan_freep) SandboxPlan *p = sandbox_plan_new();
        _cleanup_(syscall_filter_set_freep) SyscallFilterSet *s = NULL;

        add_syscall(&p->exec.system_call_filter, "uname", SECCOMP_ERRNO_KILL);
        p->exec.system_call_error_number = EPERM;
        s = compile(p, 0);
        ASSERT_TRUE(s->may_kill);
}

TEST(allow_list_default_action) {
        _cleanup_(sandbox_plan_freep) SandboxPlan *p = sandbox_plan_new();
        _cleanup_(syscall_filter_set_freep) SyscallFilterSet *s = NULL;

        p->exec.system_call_filter.allow_list = true;
        add_syscall(&p->exec.system_call_filter, "execve", SECCOMP_ERRNO_ALLOW);
        add_syscall(&p->exec.system_call_filter, "exit_group", SECCOMP_ERRNO_ALLOW);
        add_syscall(&p->exec.system_call_filter, "uname", ENOTTY);
        s = compile(p, 0);
        ASSERT_EQ(s->items[0].n_rules, 3);
        ASSERT_TRUE(s->may_kill); /* unlisted calls: SystemCallErrorNumber= unset = kill */
        s = syscall_filter_set_free(s);

        p->exec.system_call_error_number = EPERM;
        s = compile(p, 0);
        ASSERT_FALSE(s->may_kill);
}

TEST(every_program_in_systemds_order) {
        static const char *const order[] = {
                "RestrictAddressFamilies", "MemoryDenyWriteExecute", "RestrictRealtime", "RestrictSUIDSGID",
                "RestrictNamespaces", "ProtectKernelTunables", "ProtectKernelModules", "ProtectKernelLogs",
                "ProtectClock", "PrivateDevices", "ProtectHostname", "SystemCallArchitectures", "LockPersonality",
                "SystemCallLog", "SystemCallFilter",
        };
        _cleanup_(sandbox_plan_freep) SandboxPlan *p = sandbox_plan_new();
        _cleanup_(syscall_filter_set_freep) SyscallFilterSet *s = NULL;
        ExecPart *e = &p->exec;

        e->restrict_address_families_set = true;
        e->restrict_address_families_allow_list = true;
        e->restrict_address_families = UINT64_C(1) << AF_UNIX;
        e->memory_deny_write_execute = e->restrict_realtime = e->restrict_suid_sgid = true;
        e->restrict_namespaces_set = true;
        e->restrict_namespaces_allowed = 0;
        e->protect_kernel_tunables = e->protect_kernel_modules = e->protect_kernel_logs = true;
        e->protect_clock = e->private_devices = e->protect_hostname = true;
        strv_extend(&e->system_call_architectures, "native");
        e->lock_personality = true;
        e->system_call_log.allow_list = true;
        add_syscall(&e->system_call_log, "uname", SECCOMP_ERRNO_ALLOW);
        add_syscall(&e->system_call_filter, "uname", SECCOMP_ERRNO_DEFAULT);

        s = compile(p, 0);
        ASSERT_EQ(s->n, ELEMENTSOF(order));
        for (size_t i = 0; i < ELEMENTSOF(order); i++)
                ASSERT_STREQ(s->items[i].directive, order[i]);
        ASSERT_TRUE(s->may_kill); /* SystemCallArchitectures= kills other ABIs */
}

TEST(restrict_namespaces_allowing_everything_is_no_program) {
        _cleanup_(sandbox_plan_freep) SandboxPlan *p = sandbox_plan_new();
        _cleanup_(syscall_filter_set_freep) SyscallFilterSet *s = NULL;

        p->exec.restrict_namespaces_set = true;
        p->exec.restrict_namespaces_allowed = NAMESPACE_FLAGS_ALL;
        s = compile(p, 0);
        ASSERT_EQ(s->n, 0);
}

TEST(unknown_architecture_is_an_error) {
        _cleanup_(sandbox_plan_freep) SandboxPlan *p = sandbox_plan_new();

        strv_extend(&p->exec.system_call_architectures, "no-such-arch");
        (void) compile(p, -EINVAL);
}

TEST_MAIN();
