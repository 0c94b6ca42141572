/* SPDX-License-Identifier: MIT */
/* Name tables: capabilities, errno names, address families, namespaces, seccomp architectures, and the
 * syscall-group lookups over the generated syscall-groups.c. Pure lookups, no allocation except in
 * syscall_group_expand(). */
#include <errno.h>
#include <assert.h>
#include <limits.h>
#include <sched.h>
#include <seccomp.h>
#include <strings.h>
#include <sys/socket.h>

#include "names.h"
#include "strv.h"
#include "suggest.h"

/* Parses a plain decimal number without sign, leading '+', whitespace or overflow; 0 or -EINVAL. */
static int parse_small_uint(const char *s, unsigned max, unsigned *ret) {
        unsigned long v = 0;

        if (isempty(s))
                return -EINVAL;
        for (const char *p = s; *p; p++) {
                if (*p < '0' || *p > '9')
                        return -EINVAL;
                v = v * 10 + (unsigned) (*p - '0');
                if (v > max)
                        return -EINVAL;
        }
        *ret = (unsigned) v;
        return 0;
}

/* Our own table, so that names newer than the installed libcap (CAP_PERFMON, CAP_BPF,
 * CAP_CHECKPOINT_RESTORE) are known regardless of the build (spec §6.4). Index = capability number. */
static const char *const capability_names[CAPABILITY_TABLE_LAST + 1] = {
        [0] = "CAP_CHOWN",
        [1] = "CAP_DAC_OVERRIDE",
        [2] = "CAP_DAC_READ_SEARCH",
        [3] = "CAP_FOWNER",
        [4] = "CAP_FSETID",
        [5] = "CAP_KILL",
        [6] = "CAP_SETGID",
        [7] = "CAP_SETUID",
        [8] = "CAP_SETPCAP",
        [9] = "CAP_LINUX_IMMUTABLE",
        [10] = "CAP_NET_BIND_SERVICE",
        [11] = "CAP_NET_BROADCAST",
        [12] = "CAP_NET_ADMIN",
        [13] = "CAP_NET_RAW",
        [14] = "CAP_IPC_LOCK",
        [15] = "CAP_IPC_OWNER",
        [16] = "CAP_SYS_MODULE",
        [17] = "CAP_SYS_RAWIO",
        [18] = "CAP_SYS_CHROOT",
        [19] = "CAP_SYS_PTRACE",
        [20] = "CAP_SYS_PACCT",
        [21] = "CAP_SYS_ADMIN",
        [22] = "CAP_SYS_BOOT",
        [23] = "CAP_SYS_NICE",
        [24] = "CAP_SYS_RESOURCE",
        [25] = "CAP_SYS_TIME",
        [26] = "CAP_SYS_TTY_CONFIG",
        [27] = "CAP_MKNOD",
        [28] = "CAP_LEASE",
        [29] = "CAP_AUDIT_WRITE",
        [30] = "CAP_AUDIT_CONTROL",
        [31] = "CAP_SETFCAP",
        [32] = "CAP_MAC_OVERRIDE",
        [33] = "CAP_MAC_ADMIN",
        [34] = "CAP_SYSLOG",
        [35] = "CAP_WAKE_ALARM",
        [36] = "CAP_BLOCK_SUSPEND",
        [37] = "CAP_AUDIT_READ",
        [38] = "CAP_PERFMON",
        [39] = "CAP_BPF",
        [40] = "CAP_CHECKPOINT_RESTORE",
};

int capability_from_name(const char *s) {
        unsigned n;

        if (isempty(s))
                return -EINVAL;
        for (size_t i = 0; i < ELEMENTSOF(capability_names); i++)
                if (strcasecmp(s, capability_names[i]) == 0)
                        return (int) i;
        /* systemd's capability_from_name() also takes the number, for caps newer than any table. */
        if (parse_small_uint(s, 63, &n) < 0)
                return -EINVAL;
        return (int) n;
}

const char *capability_to_name(int cap) {
        if (cap < 0 || (size_t) cap >= ELEMENTSOF(capability_names))
                return NULL;
        return capability_names[cap];
}

/* All of <errno.h> on Linux (asm-generic/errno-base.h + errno.h). The aliases come after their canonical
 * names so that errno_to_name() returns the canonical spelling. */
typedef struct NameValue {
        const char *name;
        int value;
} NameValue;

static const NameValue errno_names[] = {
        { "EPERM", EPERM },
        { "ENOENT", ENOENT },
        { "ESRCH", ESRCH },
        { "EINTR", EINTR },
        { "EIO", EIO },
        { "ENXIO", ENXIO },
        { "E2BIG", E2BIG },
        { "ENOEXEC", ENOEXEC },
        { "EBADF", EBADF },
        { "ECHILD", ECHILD },
        { "EAGAIN", EAGAIN },
        { "ENOMEM", ENOMEM },
        { "EACCES", EACCES },
        { "EFAULT", EFAULT },
        { "ENOTBLK", ENOTBLK },
        { "EBUSY", EBUSY },
        { "EEXIST", EEXIST },
        { "EXDEV", EXDEV },
        { "ENODEV", ENODEV },
        { "ENOTDIR", ENOTDIR },
        { "EISDIR", EISDIR },
        { "EINVAL", EINVAL },
        { "ENFILE", ENFILE },
        { "EMFILE", EMFILE },
        { "ENOTTY", ENOTTY },
        { "ETXTBSY", ETXTBSY },
        { "EFBIG", EFBIG },
        { "ENOSPC", ENOSPC },
        { "ESPIPE", ESPIPE },
        { "EROFS", EROFS },
        { "EMLINK", EMLINK },
        { "EPIPE", EPIPE },
        { "EDOM", EDOM },
        { "ERANGE", ERANGE },
        { "EDEADLK", EDEADLK },
        { "ENAMETOOLONG", ENAMETOOLONG },
        { "ENOLCK", ENOLCK },
        { "ENOSYS", ENOSYS },
        { "ENOTEMPTY", ENOTEMPTY },
        { "ELOOP", ELOOP },
        { "ENOMSG", ENOMSG },
        { "EIDRM", EIDRM },
        { "ECHRNG", ECHRNG },
        { "EL2NSYNC", EL2NSYNC },
        { "EL3HLT", EL3HLT },
        { "EL3RST", EL3RST },
        { "ELNRNG", ELNRNG },
        { "EUNATCH", EUNATCH },
        { "ENOCSI", ENOCSI },
        { "EL2HLT", EL2HLT },
        { "EBADE", EBADE },
        { "EBADR", EBADR },
        { "EXFULL", EXFULL },
        { "ENOANO", ENOANO },
        { "EBADRQC", EBADRQC },
        { "EBADSLT", EBADSLT },
        { "EBFONT", EBFONT },
        { "ENOSTR", ENOSTR },
        { "ENODATA", ENODATA },
        { "ETIME", ETIME },
        { "ENOSR", ENOSR },
        { "ENONET", ENONET },
        { "ENOPKG", ENOPKG },
        { "EREMOTE", EREMOTE },
        { "ENOLINK", ENOLINK },
        { "EADV", EADV },
        { "ESRMNT", ESRMNT },
        { "ECOMM", ECOMM },
        { "EPROTO", EPROTO },
        { "EMULTIHOP", EMULTIHOP },
        { "EDOTDOT", EDOTDOT },
        { "EBADMSG", EBADMSG },
        { "EOVERFLOW", EOVERFLOW },
        { "ENOTUNIQ", ENOTUNIQ },
        { "EBADFD", EBADFD },
        { "EREMCHG", EREMCHG },
        { "ELIBACC", ELIBACC },
        { "ELIBBAD", ELIBBAD },
        { "ELIBSCN", ELIBSCN },
        { "ELIBMAX", ELIBMAX },
        { "ELIBEXEC", ELIBEXEC },
        { "EILSEQ", EILSEQ },
        { "ERESTART", ERESTART },
        { "ESTRPIPE", ESTRPIPE },
        { "EUSERS", EUSERS },
        { "ENOTSOCK", ENOTSOCK },
        { "EDESTADDRREQ", EDESTADDRREQ },
        { "EMSGSIZE", EMSGSIZE },
        { "EPROTOTYPE", EPROTOTYPE },
        { "ENOPROTOOPT", ENOPROTOOPT },
        { "EPROTONOSUPPORT", EPROTONOSUPPORT },
        { "ESOCKTNOSUPPORT", ESOCKTNOSUPPORT },
        { "EOPNOTSUPP", EOPNOTSUPP },
        { "EPFNOSUPPORT", EPFNOSUPPORT },
        { "EAFNOSUPPORT", EAFNOSUPPORT },
        { "EADDRINUSE", EADDRINUSE },
        { "EADDRNOTAVAIL", EADDRNOTAVAIL },
        { "ENETDOWN", ENETDOWN },
        { "ENETUNREACH", ENETUNREACH },
        { "ENETRESET", ENETRESET },
        { "ECONNABORTED", ECONNABORTED },
        { "ECONNRESET", ECONNRESET },
        { "ENOBUFS", ENOBUFS },
        { "EISCONN", EISCONN },
        { "ENOTCONN", ENOTCONN },
        { "ESHUTDOWN", ESHUTDOWN },
        { "ETOOMANYREFS", ETOOMANYREFS },
        { "ETIMEDOUT", ETIMEDOUT },
        { "ECONNREFUSED", ECONNREFUSED },
        { "EHOSTDOWN", EHOSTDOWN },
        { "EHOSTUNREACH", EHOSTUNREACH },
        { "EALREADY", EALREADY },
        { "EINPROGRESS", EINPROGRESS },
        { "ESTALE", ESTALE },
        { "EUCLEAN", EUCLEAN },
        { "ENOTNAM", ENOTNAM },
        { "ENAVAIL", ENAVAIL },
        { "EISNAM", EISNAM },
        { "EREMOTEIO", EREMOTEIO },
        { "EDQUOT", EDQUOT },
        { "ENOMEDIUM", ENOMEDIUM },
        { "EMEDIUMTYPE", EMEDIUMTYPE },
        { "ECANCELED", ECANCELED },
        { "ENOKEY", ENOKEY },
        { "EKEYEXPIRED", EKEYEXPIRED },
        { "EKEYREVOKED", EKEYREVOKED },
        { "EKEYREJECTED", EKEYREJECTED },
        { "EOWNERDEAD", EOWNERDEAD },
        { "ENOTRECOVERABLE", ENOTRECOVERABLE },
        { "ERFKILL", ERFKILL },
        { "EHWPOISON", EHWPOISON },
        /* aliases: accepted by errno_from_name(), never printed */
        { "EWOULDBLOCK", EWOULDBLOCK },
        { "EDEADLOCK", EDEADLOCK },
        { "ENOTSUP", ENOTSUP },
};

#define ERRNO_MAX 4095 /* the largest errno a seccomp filter can return (SECCOMP_RET_DATA is 16 bits, systemd caps it) */

int errno_from_name(const char *s) {
        unsigned n;

        if (isempty(s))
                return -EINVAL;
        for (size_t i = 0; i < ELEMENTSOF(errno_names); i++)
                if (streq(s, errno_names[i].name))
                        return errno_names[i].value;
        if (parse_small_uint(s, ERRNO_MAX, &n) < 0)
                return -EINVAL;
        return (int) n;
}

const char *errno_to_name(int e) {
        for (size_t i = 0; i < ELEMENTSOF(errno_names); i++)
                if (errno_names[i].value == e)
                        return errno_names[i].name;
        return NULL;
}

/* <sys/socket.h> as shipped with glibc 2.36 (Debian 12), bounded by AF_MAX; the aliases (AF_LOCAL, AF_FILE,
 * AF_ROUTE) come after their canonical names. AF_UNSPEC and AF_MAX are not families, as in systemd's
 * generated af-list. */
static const NameValue af_names[] = {
        { "AF_UNIX", AF_UNIX },
        { "AF_INET", AF_INET },
        { "AF_AX25", AF_AX25 },
        { "AF_IPX", AF_IPX },
        { "AF_APPLETALK", AF_APPLETALK },
        { "AF_NETROM", AF_NETROM },
        { "AF_BRIDGE", AF_BRIDGE },
        { "AF_ATMPVC", AF_ATMPVC },
        { "AF_X25", AF_X25 },
        { "AF_INET6", AF_INET6 },
        { "AF_ROSE", AF_ROSE },
        { "AF_DECnet", AF_DECnet },
        { "AF_NETBEUI", AF_NETBEUI },
        { "AF_SECURITY", AF_SECURITY },
        { "AF_KEY", AF_KEY },
        { "AF_NETLINK", AF_NETLINK },
        { "AF_PACKET", AF_PACKET },
        { "AF_ASH", AF_ASH },
        { "AF_ECONET", AF_ECONET },
        { "AF_ATMSVC", AF_ATMSVC },
        { "AF_RDS", AF_RDS },
        { "AF_SNA", AF_SNA },
        { "AF_IRDA", AF_IRDA },
        { "AF_PPPOX", AF_PPPOX },
        { "AF_WANPIPE", AF_WANPIPE },
        { "AF_LLC", AF_LLC },
#ifdef AF_IB
        { "AF_IB", AF_IB },
#endif
#ifdef AF_MPLS
        { "AF_MPLS", AF_MPLS },
#endif
        { "AF_CAN", AF_CAN },
        { "AF_TIPC", AF_TIPC },
        { "AF_BLUETOOTH", AF_BLUETOOTH },
        { "AF_IUCV", AF_IUCV },
        { "AF_RXRPC", AF_RXRPC },
        { "AF_ISDN", AF_ISDN },
        { "AF_PHONET", AF_PHONET },
        { "AF_IEEE802154", AF_IEEE802154 },
        { "AF_CAIF", AF_CAIF },
        { "AF_ALG", AF_ALG },
        { "AF_NFC", AF_NFC },
        { "AF_VSOCK", AF_VSOCK },
#ifdef AF_KCM
        { "AF_KCM", AF_KCM },
#endif
#ifdef AF_QIPCRTR
        { "AF_QIPCRTR", AF_QIPCRTR },
#endif
#ifdef AF_SMC
        { "AF_SMC", AF_SMC },
#endif
#ifdef AF_XDP
        { "AF_XDP", AF_XDP },
#endif
#ifdef AF_MCTP
        { "AF_MCTP", AF_MCTP },
#endif
        /* aliases */
        { "AF_LOCAL", AF_LOCAL },
        { "AF_FILE", AF_FILE },
        { "AF_ROUTE", AF_ROUTE },
};

int af_from_name(const char *s) {
        if (isempty(s))
                return -EINVAL;
        for (size_t i = 0; i < ELEMENTSOF(af_names); i++)
                if (streq(s, af_names[i].name) && af_names[i].value < AF_MAX)
                        return af_names[i].value;
        return -EINVAL;
}

const char *af_to_name(int af) {
        if (af <= 0 || af >= AF_MAX)
                return NULL;
        for (size_t i = 0; i < ELEMENTSOF(af_names); i++)
                if (af_names[i].value == af)
                        return af_names[i].name;
        return NULL;
}

/* In the order systemd's namespace_info[] lists them (`systemd-analyze` prints them so). */
static const struct {
        const char *name;
        unsigned long flag;
} namespace_names[] = {
        { "cgroup", CLONE_NEWCGROUP },
        { "ipc", CLONE_NEWIPC },
        { "net", CLONE_NEWNET },
        { "mnt", CLONE_NEWNS },
        { "pid", CLONE_NEWPID },
        { "user", CLONE_NEWUSER },
        { "uts", CLONE_NEWUTS },
};

unsigned long namespace_flag_from_name(const char *s) {
        if (isempty(s))
                return 0;
        for (size_t i = 0; i < ELEMENTSOF(namespace_names); i++)
                if (streq(s, namespace_names[i].name))
                        return namespace_names[i].flag;
        return 0;
}

const char *namespace_flag_to_name(unsigned long flag) {
        for (size_t i = 0; i < ELEMENTSOF(namespace_names); i++)
                if (namespace_names[i].flag == flag)
                        return namespace_names[i].name;
        return NULL;
}

const SyscallGroup *syscall_group_lookup(const char *name) {
        if (isempty(name) || name[0] != '@')
                return NULL;
        for (size_t i = 0; i < syscall_groups_count; i++)
                if (streq(name, syscall_groups[i].name))
                        return &syscall_groups[i];
        return NULL;
}

/* The architectures a sandboxctl filter is built for on x86-64: native plus the secondary ABIs (spec §2:
 * "each local architecture"). A name known on any of them is a syscall name, not a typo. */
bool syscall_name_known(const char *name) {
        static const uint32_t archs[] = { SCMP_ARCH_NATIVE, SCMP_ARCH_X86, SCMP_ARCH_X32 };

        if (isempty(name) || name[0] == '@')
                return false;
        for (size_t i = 0; i < ELEMENTSOF(archs); i++) {
                uint32_t a = archs[i] == SCMP_ARCH_NATIVE ? seccomp_arch_native() : archs[i];

                if (seccomp_syscall_resolve_name_arch(a, name) != __NR_SCMP_ERROR)
                        return true;
        }
        return false;
}

#define GROUP_DEPTH_MAX 16
#define NAME_SET_BUCKETS 2048 /* a power of two, well above the number of system call names */

/* The names being collected, with a hash index: a group expands to hundreds of names (@system-service
 * ~370), and a linear duplicate check per name made the expansion quadratic (the largest part of `plan`
 * for a hardened unit, docs/PERFORMANCE.md). */
typedef struct NameSet {
        char ***names;
        size_t n;
        const char *index[NAME_SET_BUCKETS];
} NameSet;

static size_t name_hash(const char *s) {
        size_t h = 5381;

        for (; *s; s++)
                h = h * 33 + (unsigned char) *s;
        return h & (NAME_SET_BUCKETS - 1);
}

/* Adds name unless present; false when the index is full (cannot happen with real tables). */
static bool name_set_add(NameSet *ns, const char *name) {
        size_t h = name_hash(name);

        for (size_t probe = 0; probe < NAME_SET_BUCKETS; probe++, h = (h + 1) & (NAME_SET_BUCKETS - 1)) {
                if (!ns->index[h]) {
                        char *copy = xstrdup(name);

                        *ns->names = xrealloc(*ns->names, (ns->n + 2) * sizeof(char *));
                        (*ns->names)[ns->n++] = copy;
                        (*ns->names)[ns->n] = NULL;
                        ns->index[h] = copy;
                        return true;
                }
                if (streq(ns->index[h], name))
                        return true;
        }
        return false;
}

static int group_expand_one(const char *group, bool known_only, const char **stack, size_t depth, NameSet *ns) {
        const SyscallGroup *g;
        const char *p;

        g = syscall_group_lookup(group);
        if (!g)
                return -ENOENT;

        /* A group that (indirectly) contains itself would recurse forever; none does in systemd's tables,
         * but the table is data, so refuse instead of trusting it. */
        for (size_t i = 0; i < depth; i++)
                if (streq(stack[i], g->name))
                        return -ELOOP;
        if (depth >= GROUP_DEPTH_MAX)
                return -ELOOP;
        stack[depth] = g->name;

        p = g->members;
        while (*p) {
                size_t len;
                char word[128];
                int r;

                p += strspn(p, " ");
                len = strcspn(p, " ");
                if (len == 0)
                        break;
                if (len >= sizeof(word))
                        return -EINVAL;
                memcpy(word, p, len);
                word[len] = '\0';
                p += len;

                if (word[0] == '@') {
                        r = group_expand_one(word, known_only, stack, depth + 1, ns);
                        if (r < 0)
                                return r;
                        continue;
                }
                if (known_only && seccomp_syscall_resolve_name(word) == __NR_SCMP_ERROR)
                        continue;
                if (!name_set_add(ns, word))
                        return -E2BIG;
        }
        return 0;
}

int syscall_group_expand(const char *group, bool known_only, char ***names) {
        const char *stack[GROUP_DEPTH_MAX + 1];
        _cleanup_free_ NameSet *ns = NULL;

        assert(names);
        ns = xcalloc(1, sizeof(NameSet));
        ns->names = names;
        /* Names already there stay, and are not added twice. */
        for (char **n = *names; n && *n; n++) {
                size_t h = name_hash(*n);

                while (ns->index[h] && !streq(ns->index[h], *n))
                        h = (h + 1) & (NAME_SET_BUCKETS - 1);
                ns->index[h] = *n;
                ns->n++;
        }
        if (ns->n >= NAME_SET_BUCKETS / 2)
                return -E2BIG;
        return group_expand_one(group, known_only, stack, 0, ns);
}

/* SystemCallArchitectures= spellings, as systemd's seccomp_arch_to_string()/seccomp_arch_from_string(). */
static const struct {
        const char *name;
        uint32_t token;
} arch_names[] = {
        { "native", SCMP_ARCH_NATIVE },
        { "x86", SCMP_ARCH_X86 },
        { "x86-64", SCMP_ARCH_X86_64 },
        { "x32", SCMP_ARCH_X32 },
        { "arm", SCMP_ARCH_ARM },
        { "arm64", SCMP_ARCH_AARCH64 },
#ifdef SCMP_ARCH_LOONGARCH64
        { "loongarch64", SCMP_ARCH_LOONGARCH64 },
#endif
        { "mips", SCMP_ARCH_MIPS },
        { "mips64", SCMP_ARCH_MIPS64 },
        { "mips64-n32", SCMP_ARCH_MIPS64N32 },
        { "mips-le", SCMP_ARCH_MIPSEL },
        { "mips64-le", SCMP_ARCH_MIPSEL64 },
        { "mips64-le-n32", SCMP_ARCH_MIPSEL64N32 },
        { "parisc", SCMP_ARCH_PARISC },
        { "parisc64", SCMP_ARCH_PARISC64 },
        { "ppc", SCMP_ARCH_PPC },
        { "ppc64", SCMP_ARCH_PPC64 },
        { "ppc64-le", SCMP_ARCH_PPC64LE },
#ifdef SCMP_ARCH_RISCV64
        { "riscv64", SCMP_ARCH_RISCV64 },
#endif
        { "s390", SCMP_ARCH_S390 },
        { "s390x", SCMP_ARCH_S390X },
};

int seccomp_arch_from_name(const char *name, uint32_t *ret) {
        assert(ret);

        if (isempty(name))
                return -EINVAL;
        for (size_t i = 0; i < ELEMENTSOF(arch_names); i++)
                if (streq(name, arch_names[i].name)) {
                        *ret = arch_names[i].token;
                        return 0;
                }
        return -EINVAL;
}

const char *capability_suggest(const char *s) {
        Suggestion g = SUGGESTION_INIT(s);

        for (size_t i = 0; i < ELEMENTSOF(capability_names); i++)
                suggest_consider(&g, capability_names[i], "CAP_");
        return suggest_result(&g);
}

const char *errno_suggest(const char *s) {
        Suggestion g = SUGGESTION_INIT(s);

        for (size_t i = 0; i < ELEMENTSOF(errno_names); i++)
                suggest_consider(&g, errno_names[i].name, NULL);
        return suggest_result(&g);
}

const char *af_suggest(const char *s) {
        Suggestion g = SUGGESTION_INIT(s);

        for (size_t i = 0; i < ELEMENTSOF(af_names); i++)
                if (af_names[i].value < AF_MAX)
                        suggest_consider(&g, af_names[i].name, "AF_");
        return suggest_result(&g);
}

const char *namespace_suggest(const char *s) {
        Suggestion g = SUGGESTION_INIT(s);

        for (size_t i = 0; i < ELEMENTSOF(namespace_names); i++)
                suggest_consider(&g, namespace_names[i].name, NULL);
        return suggest_result(&g);
}

const char *syscall_group_suggest(const char *s) {
        Suggestion g = SUGGESTION_INIT(s);

        for (size_t i = 0; i < syscall_groups_count; i++)
                suggest_consider(&g, syscall_groups[i].name, NULL);
        return suggest_result(&g);
}

/* The members of @known, split once: a static table is what it is, the list is kept for the process. */
const char *syscall_suggest(const char *s) {
        static char **known = NULL;
        Suggestion g = SUGGESTION_INIT(s);

        if (!known && syscall_group_expand("@known", false, &known) < 0)
                return NULL;
        STRV_FOREACH(n, known)
                suggest_consider(&g, *n, NULL);
        return suggest_result(&g);
}

const char *seccomp_arch_suggest(const char *s) {
        Suggestion g = SUGGESTION_INIT(s);

        for (size_t i = 0; i < ELEMENTSOF(arch_names); i++)
                suggest_consider(&g, arch_names[i].name, NULL);
        return suggest_result(&g);
}
