/* SPDX-License-Identifier: MIT */
/* syscall_filter_set_merge(): the merged program must give the same 32-bit verdict as the stacked per-directive
 * programs under the kernel's rule, for every system call number of three architectures and a spread of
 * argument values. Both sides run in a classic-BPF interpreter written here after the kernel's semantics;
 * the merged program's acceptance by the kernel itself is checked by the host suite (every seccomp probe
 * runs with the merged program since it exists). */
#include <fcntl.h>
#include <linux/audit.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "plan-build.h"
#include "seccomp-merge.h"
#include "syscall-filter.h"
#include "tests.h"
#include "unit-file.h"

/* The classic BPF a seccomp program may use (kernel/seccomp.c, seccomp_check_filter()). Returns the verdict;
 * aborts the test on an instruction the kernel would have refused or a jump out of the program. */
static uint32_t bpf_run(const struct sock_filter *insns, size_t n, const struct seccomp_data *d) {
        uint32_t a = 0, x = 0, mem[BPF_MEMWORDS] = {};
        bool mem_set[BPF_MEMWORDS] = {};

        for (size_t pc = 0; pc < n; pc++) {
                const struct sock_filter *in = &insns[pc];
                uint32_t src = BPF_SRC(in->code) == BPF_X ? x : in->k;

                switch (BPF_CLASS(in->code)) {
                case BPF_LD:
                        if (BPF_MODE(in->code) == BPF_ABS) {
                                ASSERT_TRUE(in->k % 4 == 0 && in->k + 4 <= sizeof(*d));
                                memcpy(&a, (const char *) d + in->k, 4);
                        } else if (BPF_MODE(in->code) == BPF_IMM)
                                a = in->k;
                        else if (BPF_MODE(in->code) == BPF_LEN)
                                a = sizeof(*d);
                        else if (BPF_MODE(in->code) == BPF_MEM) {
                                ASSERT_TRUE(in->k < BPF_MEMWORDS && mem_set[in->k]);
                                a = mem[in->k];
                        } else
                                ASSERT_TRUE(!"LD mode");
                        break;
                case BPF_LDX:
                        if (BPF_MODE(in->code) == BPF_IMM)
                                x = in->k;
                        else if (BPF_MODE(in->code) == BPF_LEN)
                                x = sizeof(*d);
                        else if (BPF_MODE(in->code) == BPF_MEM) {
                                ASSERT_TRUE(in->k < BPF_MEMWORDS && mem_set[in->k]);
                                x = mem[in->k];
                        } else
                                ASSERT_TRUE(!"LDX mode");
                        break;
                case BPF_ST:
                case BPF_STX:
                        ASSERT_TRUE(in->k < BPF_MEMWORDS);
                        mem[in->k] = BPF_CLASS(in->code) == BPF_ST ? a : x;
                        mem_set[in->k] = true;
                        break;
                case BPF_ALU:
                        switch (BPF_OP(in->code)) {
                        case BPF_ADD: a += src; break;
                        case BPF_SUB: a -= src; break;
                        case BPF_MUL: a *= src; break;
                        case BPF_DIV: ASSERT_TRUE(src != 0); a /= src; break;
                        case BPF_AND: a &= src; break;
                        case BPF_OR: a |= src; break;
                        case BPF_XOR: a ^= src; break;
                        case BPF_LSH: a = src < 32 ? a << src : 0; break;
                        case BPF_RSH: a = src < 32 ? a >> src : 0; break;
                        case BPF_NEG: a = -a; break;
                        default: ASSERT_TRUE(!"ALU op");
                        }
                        break;
                case BPF_JMP: {
                        bool t;

                        if (BPF_OP(in->code) == BPF_JA) {
                                pc += in->k;
                                break;
                        }
                        switch (BPF_OP(in->code)) {
                        case BPF_JEQ: t = a == src; break;
                        case BPF_JGT: t = a > src; break;
                        case BPF_JGE: t = a >= src; break;
                        case BPF_JSET: t = (a & src) != 0; break;
                        default: ASSERT_TRUE(!"JMP op"); t = false;
                        }
                        pc += t ? in->jt : in->jf;
                        break;
                }
                case BPF_RET:
                        ASSERT_TRUE(BPF_RVAL(in->code) == BPF_K || BPF_RVAL(in->code) == BPF_A);
                        return BPF_RVAL(in->code) == BPF_K ? in->k : a;
                case BPF_MISC:
                        if (BPF_MISCOP(in->code) == BPF_TAX)
                                x = a;
                        else
                                a = x;
                        break;
                }
        }
        ASSERT_TRUE(!"fell off the end of the program");
        return 0;
}

/* kernel/seccomp.c, seccomp_is_const_allow(): the action cache's emulation with only nr and arch known. */
static bool kernel_const_allow(const struct sock_filter *insns, size_t n, uint32_t arch, uint32_t nr) {
        uint32_t a = 0;

        for (size_t pc = 0; pc < n; pc++) {
                const struct sock_filter *in = &insns[pc];

                if (in->code == (BPF_LD | BPF_W | BPF_ABS)) {
                        if (in->k == offsetof(struct seccomp_data, nr))
                                a = nr;
                        else if (in->k == offsetof(struct seccomp_data, arch))
                                a = arch;
                        else
                                return false;
                } else if (in->code == (BPF_RET | BPF_K))
                        return in->k == SECCOMP_RET_ALLOW;
                else if (in->code == (BPF_JMP | BPF_JA))
                        pc += in->k;
                else if (in->code == (BPF_JMP | BPF_JEQ | BPF_K))
                        pc += a == in->k ? in->jt : in->jf;
                else if (in->code == (BPF_JMP | BPF_JGE | BPF_K))
                        pc += a >= in->k ? in->jt : in->jf;
                else if (in->code == (BPF_JMP | BPF_JGT | BPF_K))
                        pc += a > in->k ? in->jt : in->jf;
                else if (in->code == (BPF_JMP | BPF_JSET | BPF_K))
                        pc += (a & in->k) ? in->jt : in->jf;
                else if (in->code == (BPF_ALU | BPF_AND | BPF_K))
                        a &= in->k;
                else
                        return false;
        }
        return false;
}

/* The kernel caches "always allowed" per (native or compat arch, nr) when every stacked filter is: the merged
 * program must give the cache the same calls as the stacked programs. Returns how many there are. */
static size_t compare_cache(const SyscallFilterSet *s, const SyscallFilterSet *m) {
        static const uint32_t cached[] = { AUDIT_ARCH_X86_64, AUDIT_ARCH_I386 };
        size_t n_allowed = 0;

        for (size_t ai = 0; ai < ELEMENTSOF(cached); ai++)
                for (uint32_t nr = 0; nr < 512; nr++) {
                        bool want = true, got = true;

                        for (size_t i = 0; i < s->n; i++)
                                want = want && kernel_const_allow(s->items[i].insns, s->items[i].n_insns, cached[ai], nr);
                        for (size_t i = 0; i < m->n; i++)
                                got = got && kernel_const_allow(m->items[i].insns, m->items[i].n_insns, cached[ai], nr);
                        if (want != got)
                                printf("# cache: arch %#x nr %u: stacked %d, merged %d\n", cached[ai], nr, want, got);
                        ASSERT_EQ(want, got);
                        n_allowed += want;
                }
        return n_allowed;
}

/* kernel/seccomp.c, seccomp_run_filters(): last loaded first; a strictly stronger action replaces. */
static uint32_t stack_run(const SyscallFilterSet *s, const struct seccomp_data *d) {
        uint32_t ret = SECCOMP_RET_ALLOW;

        for (size_t i = s->n; i > 0; i--) {
                uint32_t cur = bpf_run(s->items[i - 1].insns, s->items[i - 1].n_insns, d);

                if ((int32_t) (cur & SECCOMP_RET_ACTION_FULL) < (int32_t) (ret & SECCOMP_RET_ACTION_FULL))
                        ret = cur;
        }
        return ret;
}

static SyscallFilterSet *compile_unit(const char *text) {
        char path[] = "/tmp/test-seccomp-merge-XXXXXX.unit";
        _cleanup_(unit_freep) Unit *u = NULL;
        _cleanup_(sandbox_plan_freep) SandboxPlan *p = NULL;
        SyscallFilterSet *s = NULL;
        DiagList diags = {};
        int fd;

        fd = mkstemps(path, 5);
        ASSERT_TRUE(fd >= 0);
        ASSERT_TRUE(write(fd, text, strlen(text)) == (ssize_t) strlen(text));
        close(fd);
        unit_file_init();
        ASSERT_OK(unit_load(path, &diags, &u));
        ASSERT_OK(plan_build(u, NULL, &diags, &p));
        ASSERT_OK(syscall_filter_compile(p, &diags, &s));
        diag_list_done(&diags);
        unlink(path);
        return s;
}

static const uint32_t arches[] = { AUDIT_ARCH_X86_64, AUDIT_ARCH_I386, AUDIT_ARCH_AARCH64 };
/* Flag and number values the directives look at: address families, PROT_*, S_IS[UG]ID, CLONE_NEW*,
 * personalities, and the extremes. */
static const uint64_t arg_values[] = {
        0, 1, 2, 3, 4, 6, 7, 10, 16, 17, 0x8, 0x400, 0x800, 02000, 04000, 06000, 0x20000, 0x4000000,
        0x8000000, 0x10000000, 0x20000000, 0x40000000, 0x80000000, 0x7e020000, 0xffffffff, 0x100000000ULL,
        0xffffffffffffffffULL,
};

/* Compares merged and stacked on every input; returns how many distinct verdicts were seen. */
static size_t compare_all(const SyscallFilterSet *s, const SyscallFilterSet *m) {
        uint32_t seen[64];
        size_t n_seen = 0;

        for (size_t ai = 0; ai < ELEMENTSOF(arches); ai++)
                for (uint32_t nr = 0; nr < 600; nr++)
                        for (size_t v = 0; v < ELEMENTSOF(arg_values) * 4; v++) {
                                struct seccomp_data d = { .arch = arches[ai], .instruction_pointer = 0x1000 };
                                uint32_t want, got;
                                size_t j;

                                /* x32 system calls: the x32 bit on x86_64 numbers. */
                                d.nr = (int) (ai == 0 && nr >= 500 ? (nr - 500) | 0x40000000U : nr);
                                for (size_t k = 0; k < 6; k++) /* all arguments, or only argument v/len */
                                        d.args[k] = v < ELEMENTSOF(arg_values) || k == v / ELEMENTSOF(arg_values)
                                                            ? arg_values[v % ELEMENTSOF(arg_values)] : 0;
                                want = stack_run(s, &d);
                                got = bpf_run(m->items[0].insns, m->items[0].n_insns, &d);
                                if (m->n > 1)
                                        got = stack_run(m, &d);
                                if (want != got) {
                                        printf("# arch %#x nr %d arg %#llx: stacked %#x, merged %#x\n", d.arch, d.nr,
                                               (unsigned long long) d.args[0], want, got);
                                        ASSERT_EQ(want, got);
                                }
                                for (j = 0; j < n_seen && seen[j] != want; j++)
                                        ;
                                if (j == n_seen && n_seen < ELEMENTSOF(seen))
                                        seen[n_seen++] = want;
                        }
        return n_seen;
}

static void check_unit(const char *text, size_t min_verdicts, size_t min_cached) {
        _cleanup_(syscall_filter_set_freep) SyscallFilterSet *s = compile_unit(text);
        _cleanup_(syscall_filter_set_freep) SyscallFilterSet *m = NULL;

        ASSERT_TRUE(s->n >= 2);
        ASSERT_OK(syscall_filter_set_merge(s, &m));
        ASSERT_EQ(m->n, 1);
        ASSERT_EQ(m->may_kill, s->may_kill);
        ASSERT_TRUE(m->items[0].n_insns <= BPF_MAXINSNS);
        /* Not vacuous: the inputs give several different verdicts (allow, errnos, kill, log). */
        ASSERT_TRUE(compare_all(s, m) >= min_verdicts);
        /* And the kernel's action cache still skips the filter for the always-allowed calls. */
        ASSERT_TRUE(compare_cache(s, m) >= min_cached);
}

TEST(kitchen_sink) {
        check_unit("[Sandbox]\nPrivateDevices=yes\nProtectHostname=yes\nProtectClock=yes\n"
                   "ProtectKernelTunables=yes\nProtectKernelModules=yes\nProtectKernelLogs=yes\n"
                   "RestrictNamespaces=yes\nRestrictAddressFamilies=AF_UNIX\nLockPersonality=yes\n"
                   "MemoryDenyWriteExecute=yes\nRestrictRealtime=yes\nRestrictSUIDSGID=yes\n"
                   "SystemCallArchitectures=native\nSystemCallFilter=@system-service\nSystemCallErrorNumber=EPERM\n",
                   3, 200);
}

TEST(deny_list_errnos_kill_and_log) {
        /* Different actions for different calls, overlapping other directives' calls: ties and strengths. */
        check_unit("[Sandbox]\nSystemCallFilter=~uname:ENOTTY sethostname:EACCES adjtimex:kill @mount\n"
                   "SystemCallErrorNumber=EIO\nSystemCallLog=uname personality mount\n"
                   "ProtectHostname=yes\nLockPersonality=yes\nRestrictNamespaces=~user net\n"
                   "RestrictAddressFamilies=~AF_INET AF_INET6\nSystemCallArchitectures=native x86\n",
                   5, 400);
}

TEST(allow_list_with_exceptions) {
        check_unit("[Sandbox]\nSystemCallFilter=@system-service\nSystemCallFilter=~@privileged @resources\n"
                   "SystemCallErrorNumber=EPERM\nMemoryDenyWriteExecute=yes\nRestrictSUIDSGID=yes\n"
                   "RestrictRealtime=yes\n",
                   3, 100);
}

TEST(nothing_to_gain_or_unsupported) {
        SyscallFilterSet *m = NULL;
        struct sock_filter ret_allow = BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW);
        struct sock_filter uses_m15[] = { BPF_STMT(BPF_ST, 15), BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW) };
        SyscallFilter items[2] = {
                { .directive = "SystemCallFilter", .insns = &ret_allow, .n_insns = 1 },
                { .directive = "SystemCallLog", .insns = uses_m15, .n_insns = 2 },
        };
        SyscallFilterSet s = { .items = items, .n = 1 };

        ASSERT_ERROR(syscall_filter_set_merge(NULL, &m), EALREADY);
        ASSERT_ERROR(syscall_filter_set_merge(&s, &m), EALREADY);
        s.n = 2; /* the second program uses a scratch word the merge reserves */
        ASSERT_ERROR(syscall_filter_set_merge(&s, &m), EOPNOTSUPP);
        ASSERT_NULL(m);
}

TEST_MAIN();
