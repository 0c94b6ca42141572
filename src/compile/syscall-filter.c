/* SPDX-License-Identifier: MIT */
/* Compiles the seccomp-based directives into classic-BPF programs with libseccomp (systemd v252
 * src/shared/seccomp-util.c semantics). The programs are exported into memory here, in the parent, so the
 * child only has to hand them to seccomp(2). */
#include <fcntl.h>
#include <linux/sched.h>
#include <sched.h>
#include <seccomp.h>
#include <stdarg.h>
#include <sys/mman.h>
#include <sys/personality.h>
#include <sys/shm.h>
#include <sys/socket.h>
#include <sys/stat.h>

#include "names.h"
#include "strv.h"
#include "syscall-filter.h"

static inline void seccomp_releasep(scmp_filter_ctx *c) {
        if (*c)
                seccomp_release(*c);
}
#define _cleanup_seccomp_ _cleanup_(seccomp_releasep)

typedef struct Compiler {
        const SandboxPlan *plan;
        DiagList *diags;
        uint32_t archs[8]; /* architectures each filter covers: this machine's ABIs ∩ SystemCallArchitectures= */
        size_t n_archs;
        SyscallFilterSet *set;
} Compiler;

_printf_(4, 5)
static int compiler_error(Compiler *c, const char *directive, int r, const char *fmt, ...) {
        const DirectiveOrigin *o = NULL;
        char buf[256];
        va_list ap;

        (void) sandbox_plan_has(c->plan, directive, &o);
        va_start(ap, fmt);
        (void) vsnprintf(buf, sizeof(buf), fmt, ap);
        va_end(ap);
        diag_add(c->diags, false, o ? o->file : c->plan->unit_path, o ? o->line : 0, directive,
                 "%s=: cannot compile the seccomp filter: %s: %s", directive, buf, strerror(r < 0 ? -r : r));
        return -EINVAL;
}

static uint32_t action_for_errno(int e) {
        if (e == SECCOMP_ERRNO_KILL)
                return SCMP_ACT_KILL_PROCESS;
        return SCMP_ACT_ERRNO((uint32_t) e);
}

/* A context for one program. Every local ABI is added so that a syscall made through the i386 or x32 entry
 * points meets the same rules (systemd installs one filter per local architecture for the same reason);
 * ABIs the filter does not cover fall to the bad-arch action, ALLOW, except in the SystemCallArchitectures=
 * program itself. NO_NEW_PRIVS is handled by its own exec step, not by libseccomp. */
static int compiler_new_ctx(Compiler *c, const char *directive, uint32_t default_action, bool skip_x86,
                            scmp_filter_ctx *ret) {
        _cleanup_seccomp_ scmp_filter_ctx ctx = NULL;
        uint32_t native = seccomp_arch_native();
        bool have_native = false;
        int r;

        ctx = seccomp_init(default_action);
        if (!ctx)
                return compiler_error(c, directive, -ENOMEM, "%s", "seccomp_init");

        for (size_t i = 0; i < c->n_archs; i++) {
                if (c->archs[i] == native) {
                        have_native = true;
                        continue;
                }
                if (skip_x86 && c->archs[i] == SCMP_ARCH_X86)
                        continue;
                r = seccomp_arch_add(ctx, c->archs[i]);
                if (r < 0 && r != -EEXIST)
                        return compiler_error(c, directive, r, "%s", "seccomp_arch_add");
        }
        if (!have_native && c->n_archs > 0) {
                r = seccomp_arch_remove(ctx, native);
                if (r < 0)
                        return compiler_error(c, directive, r, "%s", "seccomp_arch_remove");
        }

        r = seccomp_attr_set(ctx, SCMP_FLTATR_ACT_BADARCH, SCMP_ACT_ALLOW);
        if (r >= 0)
                r = seccomp_attr_set(ctx, SCMP_FLTATR_CTL_NNP, 0);
        if (r >= 0)
                /* Binary-tree syscall lookup: long allow-lists stay fast. */
                r = seccomp_attr_set(ctx, SCMP_FLTATR_CTL_OPTIMIZE, 2);
        if (r < 0)
                return compiler_error(c, directive, r, "%s", "seccomp_attr_set");

        *ret = TAKE_PTR(ctx);
        return 0;
}

/* Adds one rule; names unknown to libseccomp are skipped (systemd does the same at load time), and a rule
 * whose action equals the default action is redundant. */
static int compiler_rule(Compiler *c, scmp_filter_ctx ctx, const char *directive, uint32_t action,
                         const char *name, unsigned n_args, const struct scmp_arg_cmp *args, size_t *n_rules) {
        int nr, r;

        nr = seccomp_syscall_resolve_name(name);
        if (nr == __NR_SCMP_ERROR)
                return 0;

        r = seccomp_rule_add_array(ctx, action, nr, n_args, args);
        if (r == -EACCES) /* action == default action */
                return 0;
        if (r < 0)
                return compiler_error(c, directive, r, "rule for '%s'", name);
        (*n_rules)++;
        return 0;
}

static int compiler_finish(Compiler *c, const char *directive, scmp_filter_ctx ctx, size_t n_rules) {
        _cleanup_close_ int fd = -EBADF;
        _cleanup_free_ struct sock_filter *insns = NULL;
        struct stat st;
        ssize_t n;
        int r;

        /* libseccomp 2.5 can only export into a file descriptor: use an anonymous memory file. */
        fd = memfd_create("sandboxctl-seccomp", MFD_CLOEXEC);
        if (fd < 0)
                return compiler_error(c, directive, -errno, "%s", "memfd_create");
        r = seccomp_export_bpf(ctx, fd);
        if (r < 0)
                return compiler_error(c, directive, r, "%s", "seccomp_export_bpf");
        if (fstat(fd, &st) < 0)
                return compiler_error(c, directive, -errno, "%s", "fstat");
        if (st.st_size <= 0 || st.st_size % sizeof(struct sock_filter) != 0 ||
            st.st_size / sizeof(struct sock_filter) > BPF_MAXINSNS)
                return compiler_error(c, directive, -E2BIG, "%s", "exported program");

        insns = xmalloc(st.st_size);
        n = pread(fd, insns, st.st_size, 0);
        if (n != st.st_size)
                return compiler_error(c, directive, n < 0 ? -errno : -EIO, "%s", "reading the program");

        c->set->items = xrealloc(c->set->items, (c->set->n + 1) * sizeof(SyscallFilter));
        c->set->items[c->set->n++] = (SyscallFilter) {
                .directive = directive,
                .insns = TAKE_PTR(insns),
                .n_insns = st.st_size / sizeof(struct sock_filter),
                .n_rules = n_rules,
        };
        return 0;
}

/* A deny-list program: default ALLOW, every member of the listed syscalls/groups gets `action`. */
static int compile_deny_names(Compiler *c, const char *directive, const char *const *names, uint32_t action) {
        _cleanup_seccomp_ scmp_filter_ctx ctx = NULL;
        size_t n_rules = 0;
        int r;

        r = compiler_new_ctx(c, directive, SCMP_ACT_ALLOW, false, &ctx);
        if (r < 0)
                return r;

        for (const char *const *n = names; *n; n++) {
                _cleanup_strv_free_ char **members = NULL;

                if ((*n)[0] == '@') {
                        r = syscall_group_expand(*n, /* known_only= */ true, &members);
                        if (r < 0)
                                return compiler_error(c, directive, r, "group '%s'", *n);
                } else
                        strv_extend(&members, *n);

                STRV_FOREACH(m, members) {
                        r = compiler_rule(c, ctx, directive, action, *m, 0, NULL, &n_rules);
                        if (r < 0)
                                return r;
                }
        }

        return compiler_finish(c, directive, ctx, n_rules);
}

static int compile_address_families(Compiler *c) {
        const ExecPart *e = &c->plan->exec;
        _cleanup_seccomp_ scmp_filter_ctx ctx = NULL;
        const char *d = "RestrictAddressFamilies";
        uint32_t action = SCMP_ACT_ERRNO(EAFNOSUPPORT);
        size_t n_rules = 0;
        int r;

        if (!e->restrict_address_families_set)
                return 0;

        /* i386 multiplexes sockets through socketcall(), whose family argument cannot be inspected: like
         * systemd, the program is not installed for it; pair with SystemCallArchitectures=native. */
        r = compiler_new_ctx(c, d, SCMP_ACT_ALLOW, /* skip_x86= */ true, &ctx);
        if (r < 0)
                return r;

        for (int af = 0; af < AF_MAX && af < 64; af++) {
                bool listed = e->restrict_address_families & (UINT64_C(1) << af);

                if (listed == e->restrict_address_families_allow_list)
                        continue;
                r = compiler_rule(c, ctx, d, action, "socket", 1,
                                  (struct scmp_arg_cmp[]) { SCMP_A0(SCMP_CMP_EQ, af) }, &n_rules);
                if (r < 0)
                        return r;
        }
        if (e->restrict_address_families_allow_list) {
                /* Families this build does not know yet are not in the allow-list either. */
                r = compiler_rule(c, ctx, d, action, "socket", 1,
                                  (struct scmp_arg_cmp[]) { SCMP_A0(SCMP_CMP_GE, AF_MAX) }, &n_rules);
                if (r < 0)
                        return r;
        }

        return compiler_finish(c, d, ctx, n_rules);
}

static int compile_memory_deny_write_execute(Compiler *c) {
        _cleanup_seccomp_ scmp_filter_ctx ctx = NULL;
        const char *d = "MemoryDenyWriteExecute";
        uint32_t eperm = SCMP_ACT_ERRNO(EPERM);
        size_t n_rules = 0;
        int r;

        if (!c->plan->exec.memory_deny_write_execute)
                return 0;

        r = compiler_new_ctx(c, d, SCMP_ACT_ALLOW, false, &ctx);
        if (r < 0)
                return r;

        static const struct {
                const char *name;
                unsigned arg;
                uint64_t mask;
        } rules[] = {
                { "mmap",          2, PROT_WRITE | PROT_EXEC },
                { "mmap2",         2, PROT_WRITE | PROT_EXEC },
                { "mprotect",      2, PROT_EXEC },
                { "pkey_mprotect", 2, PROT_EXEC },
                { "shmat",         2, SHM_EXEC },
        };
        for (size_t i = 0; i < ELEMENTSOF(rules); i++) {
                struct scmp_arg_cmp a = SCMP_CMP(rules[i].arg, SCMP_CMP_MASKED_EQ, rules[i].mask, rules[i].mask);

                r = compiler_rule(c, ctx, d, eperm, rules[i].name, 1, &a, &n_rules);
                if (r < 0)
                        return r;
        }

        return compiler_finish(c, d, ctx, n_rules);
}

static int compile_restrict_realtime(Compiler *c) {
        _cleanup_seccomp_ scmp_filter_ctx ctx = NULL;
        const char *d = "RestrictRealtime";
        size_t n_rules = 0;
        int r;

        if (!c->plan->exec.restrict_realtime)
                return 0;

        r = compiler_new_ctx(c, d, SCMP_ACT_ALLOW, false, &ctx);
        if (r < 0)
                return r;

        /* Allowed: SCHED_OTHER, SCHED_BATCH, SCHED_IDLE. Denied: FIFO, RR, ISO (4), DEADLINE and above. */
        static const struct scmp_arg_cmp denied[] = {
                SCMP_A1(SCMP_CMP_EQ, SCHED_FIFO),
                SCMP_A1(SCMP_CMP_EQ, SCHED_RR),
                SCMP_A1(SCMP_CMP_EQ, 4),
                SCMP_A1(SCMP_CMP_GT, SCHED_IDLE),
        };
        for (size_t i = 0; i < ELEMENTSOF(denied); i++) {
                r = compiler_rule(c, ctx, d, SCMP_ACT_ERRNO(EPERM), "sched_setscheduler", 1, &denied[i],
                                  &n_rules);
                if (r < 0)
                        return r;
        }

        return compiler_finish(c, d, ctx, n_rules);
}

static int compile_restrict_suid_sgid(Compiler *c) {
        _cleanup_seccomp_ scmp_filter_ctx ctx = NULL;
        const char *d = "RestrictSUIDSGID";
        uint32_t eperm = SCMP_ACT_ERRNO(EPERM);
        size_t n_rules = 0;
        int r;

        if (!c->plan->exec.restrict_suid_sgid)
                return 0;

        r = compiler_new_ctx(c, d, SCMP_ACT_ALLOW, false, &ctx);
        if (r < 0)
                return r;

        static const struct {
                const char *name;
                unsigned mode_arg;
        } mode_rules[] = {
                { "chmod", 1 },  { "fchmod", 1 }, { "fchmodat", 2 }, { "fchmodat2", 2 },
                { "mkdir", 1 },  { "mkdirat", 2 }, { "mknod", 1 },   { "mknodat", 2 },
                { "creat", 1 },
        };
        static const mode_t bits[] = { S_ISUID, S_ISGID };

        for (size_t b = 0; b < ELEMENTSOF(bits); b++) {
                for (size_t i = 0; i < ELEMENTSOF(mode_rules); i++) {
                        struct scmp_arg_cmp a = SCMP_CMP(mode_rules[i].mode_arg, SCMP_CMP_MASKED_EQ, bits[b], bits[b]);

                        r = compiler_rule(c, ctx, d, eperm, mode_rules[i].name, 1, &a, &n_rules);
                        if (r < 0)
                                return r;
                }

                r = compiler_rule(c, ctx, d, eperm, "open", 2,
                                  (struct scmp_arg_cmp[]) {
                                          SCMP_A1(SCMP_CMP_MASKED_EQ, O_CREAT, O_CREAT),
                                          SCMP_A2(SCMP_CMP_MASKED_EQ, bits[b], bits[b]),
                                  }, &n_rules);
                if (r < 0)
                        return r;
                r = compiler_rule(c, ctx, d, eperm, "openat", 2,
                                  (struct scmp_arg_cmp[]) {
                                          SCMP_A2(SCMP_CMP_MASKED_EQ, O_CREAT, O_CREAT),
                                          SCMP_A3(SCMP_CMP_MASKED_EQ, bits[b], bits[b]),
                                  }, &n_rules);
                if (r < 0)
                        return r;
        }

        /* openat2() keeps flags and mode in a struct: ENOSYS makes libc fall back to openat(). */
        r = compiler_rule(c, ctx, d, SCMP_ACT_ERRNO(ENOSYS), "openat2", 0, NULL, &n_rules);
        if (r < 0)
                return r;

        return compiler_finish(c, d, ctx, n_rules);
}

static int compile_restrict_namespaces(Compiler *c) {
        const ExecPart *e = &c->plan->exec;
        _cleanup_seccomp_ scmp_filter_ctx ctx = NULL;
        const char *d = "RestrictNamespaces";
        uint32_t eperm = SCMP_ACT_ERRNO(EPERM);
        unsigned long allowed = e->restrict_namespaces_allowed & NAMESPACE_FLAGS_ALL;
        size_t n_rules = 0;
        int r;

        if (!e->restrict_namespaces_set || allowed == NAMESPACE_FLAGS_ALL)
                return 0;

        r = compiler_new_ctx(c, d, SCMP_ACT_ALLOW, false, &ctx);
        if (r < 0)
                return r;

        /* clone3() passes its flags in a struct: ENOSYS makes libc fall back to clone(). */
        r = compiler_rule(c, ctx, d, SCMP_ACT_ERRNO(ENOSYS), "clone3", 0, NULL, &n_rules);
        if (r < 0)
                return r;

        if (allowed == 0) {
                r = compiler_rule(c, ctx, d, eperm, "setns", 0, NULL, &n_rules);
                if (r < 0)
                        return r;
        } else {
                /* setns(fd, 0) joins whatever namespace fd is. */
                r = compiler_rule(c, ctx, d, eperm, "setns", 1,
                                  (struct scmp_arg_cmp[]) { SCMP_A1(SCMP_CMP_EQ, 0) }, &n_rules);
                if (r < 0)
                        return r;
        }

        for (unsigned bit = 0; bit < 64; bit++) {
                unsigned long f = 1UL << bit;

                if (!(NAMESPACE_FLAGS_ALL & f) || (allowed & f))
                        continue;

                r = compiler_rule(c, ctx, d, eperm, "unshare", 1,
                                  (struct scmp_arg_cmp[]) { SCMP_A0(SCMP_CMP_MASKED_EQ, f, f) }, &n_rules);
                if (r >= 0)
                        /* x86, x86-64 and x32 all take the flags as the first clone() argument. */
                        r = compiler_rule(c, ctx, d, eperm, "clone", 1,
                                          (struct scmp_arg_cmp[]) { SCMP_A0(SCMP_CMP_MASKED_EQ, f, f) }, &n_rules);
                if (r >= 0 && allowed != 0)
                        r = compiler_rule(c, ctx, d, eperm, "setns", 1,
                                          (struct scmp_arg_cmp[]) { SCMP_A1(SCMP_CMP_MASKED_EQ, f, f) }, &n_rules);
                if (r < 0)
                        return r;
        }

        return compiler_finish(c, d, ctx, n_rules);
}

static int compile_architectures(Compiler *c) {
        const ExecPart *e = &c->plan->exec;
        _cleanup_seccomp_ scmp_filter_ctx ctx = NULL;
        const char *d = "SystemCallArchitectures";
        uint32_t native = seccomp_arch_native();
        bool have_native = false;
        int r;

        if (strv_length(e->system_call_architectures) == 0)
                return 0;

        ctx = seccomp_init(SCMP_ACT_ALLOW);
        if (!ctx)
                return compiler_error(c, d, -ENOMEM, "%s", "seccomp_init");

        STRV_FOREACH(a, e->system_call_architectures) {
                uint32_t t;

                r = seccomp_arch_from_name(*a, &t);
                if (r < 0)
                        return compiler_error(c, d, r, "architecture '%s'", *a);
                if (t == SCMP_ARCH_NATIVE)
                        t = native;
                if (t == native) {
                        have_native = true;
                        continue;
                }
                r = seccomp_arch_add(ctx, t);
                if (r < 0 && r != -EEXIST)
                        return compiler_error(c, d, r, "architecture '%s'", *a);
        }
        if (!have_native) {
                r = seccomp_arch_remove(ctx, native);
                if (r < 0)
                        return compiler_error(c, d, r, "%s", "seccomp_arch_remove");
        }

        /* Syscalls through any other ABI kill the process. */
        r = seccomp_attr_set(ctx, SCMP_FLTATR_ACT_BADARCH, SCMP_ACT_KILL_PROCESS);
        if (r >= 0)
                r = seccomp_attr_set(ctx, SCMP_FLTATR_CTL_NNP, 0);
        if (r < 0)
                return compiler_error(c, d, r, "%s", "seccomp_attr_set");

        c->set->may_kill = true;
        return compiler_finish(c, d, ctx, 0);
}

static int compile_lock_personality(Compiler *c) {
        _cleanup_seccomp_ scmp_filter_ctx ctx = NULL;
        const char *d = "LockPersonality";
        unsigned long persona;
        int r;
        size_t n_rules = 0;

        if (!c->plan->exec.lock_personality)
                return 0;

        /* The persona the payload starts with: Personality= when set, else PER_LINUX or PER_LINUX32 as now. */
        if (c->plan->exec.personality >= 0)
                persona = (unsigned long) c->plan->exec.personality;
        else {
                int cur = personality(0xffffffff);

                persona = cur >= 0 && (cur & PER_MASK) == PER_LINUX32 ? PER_LINUX32 : PER_LINUX;
        }

        r = compiler_new_ctx(c, d, SCMP_ACT_ALLOW, false, &ctx);
        if (r < 0)
                return r;
        r = compiler_rule(c, ctx, d, SCMP_ACT_ERRNO(EPERM), "personality", 1,
                          (struct scmp_arg_cmp[]) { SCMP_A0(SCMP_CMP_NE, persona) }, &n_rules);
        if (r < 0)
                return r;

        return compiler_finish(c, d, ctx, n_rules);
}

static int compile_syscall_log(Compiler *c) {
        const SyscallSet *s = &c->plan->exec.system_call_log;
        _cleanup_seccomp_ scmp_filter_ctx ctx = NULL;
        const char *d = "SystemCallLog";
        size_t n_rules = 0;
        int r;

        if (!s->set)
                return 0;

        /* Allow-list form: log only the listed calls; deny-list form: log everything except them. */
        r = compiler_new_ctx(c, d, s->allow_list ? SCMP_ACT_ALLOW : SCMP_ACT_LOG, false, &ctx);
        if (r < 0)
                return r;
        for (size_t i = 0; i < s->n; i++) {
                r = compiler_rule(c, ctx, d, s->allow_list ? SCMP_ACT_LOG : SCMP_ACT_ALLOW, s->items[i].name, 0,
                                  NULL, &n_rules);
                if (r < 0)
                        return r;
        }

        return compiler_finish(c, d, ctx, n_rules);
}

static int compile_syscall_filter(Compiler *c) {
        const ExecPart *e = &c->plan->exec;
        const SyscallSet *s = &e->system_call_filter;
        _cleanup_seccomp_ scmp_filter_ctx ctx = NULL;
        const char *d = "SystemCallFilter";
        uint32_t default_action, listed_action;
        size_t n_rules = 0;
        int r;

        if (!s->set)
                return 0;

        /* Allow-list: unlisted calls get SystemCallErrorNumber= (default: kill the process); deny-list:
         * unlisted calls are allowed and listed ones get their own errno or SystemCallErrorNumber=. */
        listed_action = action_for_errno(e->system_call_error_number);
        default_action = s->allow_list ? listed_action : SCMP_ACT_ALLOW;
        if (default_action == SCMP_ACT_KILL_PROCESS)
                c->set->may_kill = true;

        r = compiler_new_ctx(c, d, default_action, false, &ctx);
        if (r < 0)
                return r;

        for (size_t i = 0; i < s->n; i++) {
                const SyscallEntry *en = &s->items[i];
                uint32_t action;

                switch (en->action) {
                case SECCOMP_ERRNO_ALLOW:
                        action = SCMP_ACT_ALLOW;
                        break;
                case SECCOMP_ERRNO_DEFAULT:
                        if (s->allow_list)
                                continue; /* the default action applies */
                        action = listed_action;
                        break;
                case SECCOMP_ERRNO_KILL:
                        action = SCMP_ACT_KILL_PROCESS;
                        break;
                default:
                        if (en->action < 0 || en->action > 4095)
                                return compiler_error(c, d, -EINVAL, "action for '%s'", en->name);
                        action = SCMP_ACT_ERRNO((uint32_t) en->action);
                }
                if (action == SCMP_ACT_KILL_PROCESS)
                        c->set->may_kill = true;

                r = compiler_rule(c, ctx, d, action, en->name, 0, NULL, &n_rules);
                if (r < 0)
                        return r;
        }

        return compiler_finish(c, d, ctx, n_rules);
}

static int compiler_pick_archs(Compiler *c) {
        const ExecPart *e = &c->plan->exec;
        uint32_t native = seccomp_arch_native();
        uint32_t local[3] = { native };
        size_t n_local = 1;

        /* The ABIs a process on this machine can enter the kernel through. */
        if (native == SCMP_ARCH_X86_64) {
                local[n_local++] = SCMP_ARCH_X86;
                local[n_local++] = SCMP_ARCH_X32;
        } else if (native == SCMP_ARCH_AARCH64)
                local[n_local++] = SCMP_ARCH_ARM;

        for (size_t i = 0; i < n_local; i++) {
                bool want = strv_length(e->system_call_architectures) == 0;

                STRV_FOREACH(a, e->system_call_architectures) {
                        uint32_t t;

                        if (seccomp_arch_from_name(*a, &t) < 0)
                                continue; /* reported by compile_architectures() */
                        if (t == SCMP_ARCH_NATIVE)
                                t = native;
                        if (t == local[i])
                                want = true;
                }
                if (want)
                        c->archs[c->n_archs++] = local[i];
        }
        return 0;
}

int syscall_filter_compile(const SandboxPlan *p, DiagList *diags, SyscallFilterSet **ret) {
        _cleanup_(syscall_filter_set_freep) SyscallFilterSet *set = NULL;
        const ExecPart *e = &p->exec;
        Compiler c = {
                .plan = p,
                .diags = diags,
        };
        int r;

        set = xcalloc(1, sizeof(SyscallFilterSet));
        c.set = set;
        (void) compiler_pick_archs(&c);

        /* systemd's order (exec_child()); SystemCallFilter= last. */
        r = compile_address_families(&c);
        if (r >= 0)
                r = compile_memory_deny_write_execute(&c);
        if (r >= 0)
                r = compile_restrict_realtime(&c);
        if (r >= 0)
                r = compile_restrict_suid_sgid(&c);
        if (r >= 0)
                r = compile_restrict_namespaces(&c);
        if (r >= 0 && e->protect_kernel_tunables)
                r = compile_deny_names(&c, "ProtectKernelTunables", (const char *const[]) { "_sysctl", NULL },
                                       SCMP_ACT_ERRNO(EPERM));
        if (r >= 0 && e->protect_kernel_modules)
                r = compile_deny_names(&c, "ProtectKernelModules", (const char *const[]) { "@module", NULL },
                                       SCMP_ACT_ERRNO(EPERM));
        if (r >= 0 && e->protect_kernel_logs)
                r = compile_deny_names(&c, "ProtectKernelLogs", (const char *const[]) { "syslog", NULL },
                                       SCMP_ACT_ERRNO(EPERM));
        if (r >= 0 && e->protect_clock)
                r = compile_deny_names(&c, "ProtectClock", (const char *const[]) { "@clock", NULL },
                                       SCMP_ACT_ERRNO(EPERM));
        if (r >= 0 && e->private_devices)
                r = compile_deny_names(&c, "PrivateDevices", (const char *const[]) { "@raw-io", NULL },
                                       SCMP_ACT_ERRNO(EPERM));
        if (r >= 0 && e->protect_hostname)
                r = compile_deny_names(&c, "ProtectHostname",
                                       (const char *const[]) { "sethostname", "setdomainname", NULL },
                                       SCMP_ACT_ERRNO(EPERM));
        if (r >= 0)
                r = compile_architectures(&c);
        if (r >= 0)
                r = compile_lock_personality(&c);
        if (r >= 0)
                r = compile_syscall_log(&c);
        if (r >= 0)
                r = compile_syscall_filter(&c);
        if (r < 0)
                return r;

        *ret = TAKE_PTR(set);
        return 0;
}

SyscallFilterSet *syscall_filter_set_free(SyscallFilterSet *s) {
        if (!s)
                return NULL;
        for (size_t i = 0; i < s->n; i++)
                free(s->items[i].insns);
        free(s->items);
        syscall_filter_set_free(s->merged);
        free(s);
        return NULL;
}

void syscall_filter_set_dump(const SyscallFilterSet *s, FILE *f) {
        if (!s)
                return;
        for (size_t i = 0; i < s->n; i++)
                fprintf(f, "seccomp %s: %zu rules, %zu BPF instructions\n", s->items[i].directive,
                        s->items[i].n_rules, s->items[i].n_insns);
}
