/* SPDX-License-Identifier: MIT */
#include <linux/capability.h>
#include <sched.h>
#include <seccomp.h>
#include <sys/socket.h>

#include "names.h"
#include "strv.h"
#include "tests.h"

TEST(capability_names) {
        ASSERT_EQ(capability_from_name("CAP_CHOWN"), 0);
        ASSERT_EQ(capability_from_name("cap_sys_admin"), CAP_SYS_ADMIN);
        ASSERT_EQ(capability_from_name("Cap_Net_Bind_Service"), CAP_NET_BIND_SERVICE);
        ASSERT_EQ(capability_from_name("CAP_PERFMON"), 38);
        ASSERT_EQ(capability_from_name("CAP_BPF"), 39);
        ASSERT_EQ(capability_from_name("CAP_CHECKPOINT_RESTORE"), 40);
        ASSERT_EQ(capability_from_name("0"), 0);
        ASSERT_EQ(capability_from_name("21"), 21);
        ASSERT_EQ(capability_from_name("63"), 63);
        ASSERT_ERROR(capability_from_name("64"), EINVAL);
        ASSERT_ERROR(capability_from_name("-1"), EINVAL);
        ASSERT_ERROR(capability_from_name("+1"), EINVAL);
        ASSERT_ERROR(capability_from_name(" 1"), EINVAL);
        ASSERT_ERROR(capability_from_name("1x"), EINVAL);
        ASSERT_ERROR(capability_from_name("99999999999999999999"), EINVAL);
        ASSERT_ERROR(capability_from_name(""), EINVAL);
        ASSERT_ERROR(capability_from_name("SYS_ADMIN"), EINVAL);
        ASSERT_ERROR(capability_from_name("CAP_SYS_ADMINX"), EINVAL);
        ASSERT_ERROR(capability_from_name("CAP_SYS_ADMI"), EINVAL);

        ASSERT_STREQ(capability_to_name(0), "CAP_CHOWN");
        ASSERT_STREQ(capability_to_name(CAP_SYS_ADMIN), "CAP_SYS_ADMIN");
        ASSERT_STREQ(capability_to_name(CAPABILITY_TABLE_LAST), "CAP_CHECKPOINT_RESTORE");
        ASSERT_NULL(capability_to_name(CAPABILITY_TABLE_LAST + 1));
        ASSERT_NULL(capability_to_name(-1));

        /* every name round-trips, and agrees with the kernel header where it has the name */
        for (int c = 0; c <= CAPABILITY_TABLE_LAST; c++) {
                ASSERT_NOT_NULL(capability_to_name(c));
                ASSERT_EQ(capability_from_name(capability_to_name(c)), c);
        }
#ifdef CAP_CHECKPOINT_RESTORE
        ASSERT_EQ(CAP_CHECKPOINT_RESTORE, CAPABILITY_TABLE_LAST);
#endif
        ASSERT_EQ(capability_from_name("CAP_AUDIT_READ"), CAP_AUDIT_READ);
        ASSERT_EQ(capability_from_name("CAP_MKNOD"), CAP_MKNOD);
        ASSERT_EQ(capability_from_name("CAP_SYSLOG"), CAP_SYSLOG);
        ASSERT_EQ(capability_from_name("CAP_WAKE_ALARM"), CAP_WAKE_ALARM);
}

TEST(errno_names) {
        ASSERT_EQ(errno_from_name("EPERM"), EPERM);
        ASSERT_EQ(errno_from_name("EACCES"), EACCES);
        ASSERT_EQ(errno_from_name("ENOSYS"), ENOSYS);
        ASSERT_EQ(errno_from_name("EAFNOSUPPORT"), EAFNOSUPPORT);
        ASSERT_EQ(errno_from_name("EHWPOISON"), EHWPOISON);
        ASSERT_EQ(errno_from_name("EWOULDBLOCK"), EAGAIN);
        ASSERT_EQ(errno_from_name("EDEADLOCK"), EDEADLK);
        ASSERT_EQ(errno_from_name("ENOTSUP"), EOPNOTSUPP);
        ASSERT_EQ(errno_from_name("0"), 0);
        ASSERT_EQ(errno_from_name("1"), 1);
        ASSERT_EQ(errno_from_name("4095"), 4095);
        ASSERT_ERROR(errno_from_name("4096"), EINVAL);
        ASSERT_ERROR(errno_from_name("-1"), EINVAL);
        ASSERT_ERROR(errno_from_name("eperm"), EINVAL);
        ASSERT_ERROR(errno_from_name("EPERMX"), EINVAL);
        ASSERT_ERROR(errno_from_name(""), EINVAL);
        ASSERT_ERROR(errno_from_name("kill"), EINVAL);

        ASSERT_STREQ(errno_to_name(EPERM), "EPERM");
        ASSERT_STREQ(errno_to_name(EAGAIN), "EAGAIN");
        ASSERT_STREQ(errno_to_name(EDEADLK), "EDEADLK");
        ASSERT_STREQ(errno_to_name(EOPNOTSUPP), "EOPNOTSUPP");
        ASSERT_NULL(errno_to_name(0));
        ASSERT_NULL(errno_to_name(4000));

        /* every errno the C library has a description for below EHWPOISON has a name, and it round-trips */
        for (int e = 1; e <= EHWPOISON; e++) {
                if (e == 41 || e == 58) /* unused numbers in asm-generic/errno.h */
                        continue;
                ASSERT_NOT_NULL(errno_to_name(e));
                ASSERT_EQ(errno_from_name(errno_to_name(e)), e);
        }
}

TEST(af_names) {
        ASSERT_EQ(af_from_name("AF_UNIX"), AF_UNIX);
        ASSERT_EQ(af_from_name("AF_LOCAL"), AF_UNIX);
        ASSERT_EQ(af_from_name("AF_INET"), AF_INET);
        ASSERT_EQ(af_from_name("AF_INET6"), AF_INET6);
        ASSERT_EQ(af_from_name("AF_NETLINK"), AF_NETLINK);
        ASSERT_EQ(af_from_name("AF_ROUTE"), AF_NETLINK);
        ASSERT_EQ(af_from_name("AF_PACKET"), AF_PACKET);
        ASSERT_EQ(af_from_name("AF_DECnet"), AF_DECnet);
        ASSERT_EQ(af_from_name("AF_VSOCK"), AF_VSOCK);
        ASSERT_ERROR(af_from_name("AF_UNSPEC"), EINVAL);
        ASSERT_ERROR(af_from_name("AF_MAX"), EINVAL);
        ASSERT_ERROR(af_from_name("af_inet"), EINVAL);
        ASSERT_ERROR(af_from_name("INET"), EINVAL);
        ASSERT_ERROR(af_from_name("2"), EINVAL);
        ASSERT_ERROR(af_from_name(""), EINVAL);

        ASSERT_STREQ(af_to_name(AF_UNIX), "AF_UNIX");
        ASSERT_STREQ(af_to_name(AF_NETLINK), "AF_NETLINK");
        ASSERT_STREQ(af_to_name(AF_INET6), "AF_INET6");
        ASSERT_NULL(af_to_name(AF_UNSPEC));
        ASSERT_NULL(af_to_name(AF_MAX));
        ASSERT_NULL(af_to_name(-1));

        /* the plan stores families as bits of a uint64_t */
        ASSERT_TRUE(AF_MAX <= 64);
        for (int af = 1; af < AF_MAX; af++)
                if (af_to_name(af))
                        ASSERT_EQ(af_from_name(af_to_name(af)), af);
}

TEST(namespace_names) {
        unsigned long all = 0;
        const char *names[] = { "cgroup", "ipc", "net", "mnt", "pid", "user", "uts" };

        ASSERT_EQ(namespace_flag_from_name("net"), CLONE_NEWNET);
        ASSERT_EQ(namespace_flag_from_name("mnt"), CLONE_NEWNS);
        ASSERT_EQ(namespace_flag_from_name("user"), CLONE_NEWUSER);
        ASSERT_EQ(namespace_flag_from_name("cgroup"), CLONE_NEWCGROUP);
        ASSERT_EQ(namespace_flag_from_name("time"), 0);
        ASSERT_EQ(namespace_flag_from_name("NET"), 0);
        ASSERT_EQ(namespace_flag_from_name(""), 0);
        for (size_t i = 0; i < ELEMENTSOF(names); i++) {
                unsigned long f = namespace_flag_from_name(names[i]);

                ASSERT_TRUE(f != 0);
                ASSERT_STREQ(namespace_flag_to_name(f), names[i]);
                all |= f;
        }
        ASSERT_EQ(all, NAMESPACE_FLAGS_ALL);
        ASSERT_NULL(namespace_flag_to_name(CLONE_NEWNET | CLONE_NEWNS));
        ASSERT_NULL(namespace_flag_to_name(0));
}

TEST(seccomp_arch_names) {
        uint32_t a = 1;

        ASSERT_OK(seccomp_arch_from_name("native", &a));
        ASSERT_EQ(a, SCMP_ARCH_NATIVE);
        ASSERT_OK(seccomp_arch_from_name("x86-64", &a));
        ASSERT_EQ(a, SCMP_ARCH_X86_64);
        ASSERT_OK(seccomp_arch_from_name("x86", &a));
        ASSERT_EQ(a, SCMP_ARCH_X86);
        ASSERT_OK(seccomp_arch_from_name("x32", &a));
        ASSERT_EQ(a, SCMP_ARCH_X32);
        ASSERT_OK(seccomp_arch_from_name("arm64", &a));
        ASSERT_EQ(a, SCMP_ARCH_AARCH64);
        ASSERT_OK(seccomp_arch_from_name("mips64-le-n32", &a));
        ASSERT_EQ(a, SCMP_ARCH_MIPSEL64N32);
        ASSERT_OK(seccomp_arch_from_name("ppc64-le", &a));
        ASSERT_EQ(a, SCMP_ARCH_PPC64LE);
        ASSERT_OK(seccomp_arch_from_name("s390x", &a));
        ASSERT_EQ(a, SCMP_ARCH_S390X);
        ASSERT_OK(seccomp_arch_from_name("riscv64", &a));
        ASSERT_EQ(a, SCMP_ARCH_RISCV64);

        a = 7;
        ASSERT_ERROR(seccomp_arch_from_name("x86_64", &a), EINVAL);
        ASSERT_ERROR(seccomp_arch_from_name("amd64", &a), EINVAL);
        ASSERT_ERROR(seccomp_arch_from_name("Native", &a), EINVAL);
        ASSERT_ERROR(seccomp_arch_from_name("", &a), EINVAL);
        ASSERT_EQ(a, 7); /* untouched on failure */
}

TEST(syscall_name_known) {
        ASSERT_TRUE(syscall_name_known("read"));
        ASSERT_TRUE(syscall_name_known("openat"));
        ASSERT_TRUE(syscall_name_known("execve"));
        ASSERT_TRUE(syscall_name_known("socketcall")); /* i386 only */
        ASSERT_TRUE(syscall_name_known("chown32"));    /* i386 only */
        ASSERT_FALSE(syscall_name_known("no_such_syscall"));
        ASSERT_FALSE(syscall_name_known("reade"));
        ASSERT_FALSE(syscall_name_known("@system-service"));
        ASSERT_FALSE(syscall_name_known(""));
}

TEST(syscall_group_table) {
        const SyscallGroup *g;

        ASSERT_EQ(syscall_groups_count, 29);
        ASSERT_STREQ(syscall_groups[0].name, "@default");
        ASSERT_STREQ(syscall_groups[syscall_groups_count - 1].name, "@known");

        g = syscall_group_lookup("@clock");
        ASSERT_NOT_NULL(g);
        ASSERT_STREQ(g->help, "Change the system time");
        ASSERT_STREQ(g->members, "adjtimex clock_adjtime clock_adjtime64 clock_settime clock_settime64 settimeofday");
        ASSERT_NOT_NULL(syscall_group_lookup("@system-service"));
        ASSERT_NULL(syscall_group_lookup("clock"));
        ASSERT_NULL(syscall_group_lookup("@nope"));
        ASSERT_NULL(syscall_group_lookup("@"));
        ASSERT_NULL(syscall_group_lookup(""));

        /* every member is a syscall name or a group that exists; groups are unique */
        for (size_t i = 0; i < syscall_groups_count; i++) {
                ASSERT_TRUE(syscall_group_lookup(syscall_groups[i].name) == &syscall_groups[i]);
                ASSERT_TRUE(syscall_groups[i].help && syscall_groups[i].help[0]);
                for (const char *p = syscall_groups[i].members; *p;) {
                        char w[128];
                        size_t n = strcspn(p, " ");

                        ASSERT_TRUE(n > 0 && n < sizeof(w));
                        memcpy(w, p, n);
                        w[n] = 0;
                        if (w[0] == '@')
                                ASSERT_NOT_NULL(syscall_group_lookup(w));
                        p += n;
                        p += strspn(p, " ");
                }
        }
}

static size_t expand_count(const char *group, bool known_only) {
        _cleanup_strv_free_ char **l = NULL;

        if (syscall_group_expand(group, known_only, &l) < 0)
                return SIZE_MAX;
        return strv_length(l);
}

TEST(syscall_group_expand) {
        _cleanup_strv_free_ char **l = NULL, **priv = NULL, **svc = NULL;

        ASSERT_OK(syscall_group_expand("@clock", false, &l));
        ASSERT_EQ(strv_length(l), 6);
        ASSERT_TRUE(strv_contains(l, "settimeofday"));
        ASSERT_TRUE(strv_contains(l, "clock_adjtime64"));

        /* appends, without duplicates */
        ASSERT_OK(syscall_group_expand("@clock", false, &l));
        ASSERT_EQ(strv_length(l), 6);
        ASSERT_OK(syscall_group_expand("@swap", false, &l));
        ASSERT_EQ(strv_length(l), 8);

        /* nested groups are expanded, their names never appear */
        ASSERT_OK(syscall_group_expand("@privileged", false, &priv));
        ASSERT_TRUE(strv_contains(priv, "settimeofday")); /* from @clock */
        ASSERT_TRUE(strv_contains(priv, "reboot"));       /* from @reboot */
        ASSERT_TRUE(strv_contains(priv, "swapon"));       /* from @swap */
        ASSERT_TRUE(strv_contains(priv, "init_module"));  /* from @module */
        ASSERT_TRUE(strv_contains(priv, "bpf"));
        STRV_FOREACH(s, priv)
                ASSERT_TRUE((*s)[0] != '@');

        /* two levels: @system-service → @default, @basic-io, … */
        ASSERT_OK(syscall_group_expand("@system-service", false, &svc));
        ASSERT_TRUE(strv_contains(svc, "execve"));
        ASSERT_TRUE(strv_contains(svc, "read"));
        ASSERT_TRUE(strv_contains(svc, "openat"));
        ASSERT_TRUE(strv_contains(svc, "socket"));
        ASSERT_FALSE(strv_contains(svc, "reboot"));
        ASSERT_FALSE(strv_contains(svc, "init_module"));

        /* @known contains @obsolete */
        ASSERT_TRUE(expand_count("@known", false) > 500);
        ASSERT_TRUE(expand_count("@known", false) >= expand_count("@known", true));
        ASSERT_TRUE(expand_count("@known", true) > 300);

        /* known_only drops names libseccomp does not know; everything kept resolves */
        {
                _cleanup_strv_free_ char **k = NULL;

                ASSERT_OK(syscall_group_expand("@known", true, &k));
                STRV_FOREACH(s, k)
                        ASSERT_TRUE(seccomp_syscall_resolve_name(*s) != __NR_SCMP_ERROR);
        }

        /* unknown groups */
        {
                _cleanup_strv_free_ char **x = NULL;

                ASSERT_ERROR(syscall_group_expand("@nope", false, &x), ENOENT);
                ASSERT_ERROR(syscall_group_expand("read", false, &x), ENOENT);
                ASSERT_NULL(x);
        }
}

TEST_MAIN();
