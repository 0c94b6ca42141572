/* SPDX-License-Identifier: MIT */
/* Exposure score (`sandboxctl security`): the 81 checks, weights, ranges and badness rules of
 * `systemd-analyze security` v252 (shared/spec/directives.md §5), evaluated on a SandboxPlan. The table
 * order is systemd's evaluation order; descriptions are our own wording. */
#include <arpa/inet.h>
#include <assert.h>
#include <linux/capability.h>
#include <sched.h>
#include <seccomp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "names.h"
#include "plan-security.h"
#include "strv.h"

#ifndef CAP_BPF
#define CAP_BPF 39
#endif

/* What the checks look at: the plan with systemd's unit_patch_contexts() implications applied. Pointers are
 * borrowed from the plan. */
typedef struct SecurityView {
        bool default_dependencies;

        uint64_t ambient_capabilities, capability_bounding_set;
        const char *user;
        char **supplementary_groups;
        bool dynamic_user;

        bool ip_address_deny_all, ip_address_allow_localhost, ip_address_allow_other, ip_address_allow_set;

        KeyringMode keyring_mode;
        ProtectProc protect_proc;
        ProcSubset proc_subset;
        bool lock_personality, memory_deny_write_execute, no_new_privileges, protect_hostname;
        bool private_devices, private_mounts, private_network, private_tmp, private_users;
        bool protect_control_groups, protect_kernel_modules, protect_kernel_tunables, protect_kernel_logs;
        bool protect_clock;
        ProtectHome protect_home;
        ProtectSystem protect_system;
        bool remove_ipc;

        /* true = sockets of this bucket cannot be created */
        bool restrict_address_family_inet, restrict_address_family_unix, restrict_address_family_netlink;
        bool restrict_address_family_packet, restrict_address_family_other;

        bool restrict_address_families_set, restrict_address_families_allow_list;
        uint64_t restrict_address_families;

        unsigned long restrict_namespaces; /* CLONE_NEW* still allowed */
        bool restrict_realtime, restrict_suid_sgid;
        const char *root_directory;

        bool delegate;
        DevicePolicy device_policy;
        bool device_allow_non_empty;

        char **system_call_architectures;
        bool system_call_filter_allow_list;
        const SyscallSet *system_call_filter; /* NULL: no filter */

        mode_t umask;
} SecurityView;

#define CAP_BIT(c) (UINT64_C(1) << (c))

#define BOOL_CHECK(_id, _json, _good, _bad, _weight, _field, _fix, ...)                                 \
        {                                                                                               \
                .id = _id, .json_field = _json, .description_good = _good, .description_bad = _bad,     \
                .weight = _weight, .range = 1, .assessor = SECURITY_ASSESS_BOOL,                        \
                .offset = offsetof(SecurityView, _field), .fix = _fix, __VA_ARGS__                      \
        }
#define CAP_CHECK(_suffix, _json, _good, _bad, _weight, _mask)                                          \
        {                                                                                               \
                .id = "CapabilityBoundingSet=~" _suffix, .json_field = "CapabilityBoundingSet_" _json,  \
                .description_good = _good, .description_bad = _bad, .weight = _weight, .range = 1,      \
                .assessor = SECURITY_ASSESS_CAPABILITY_BOUNDING_SET, .parameter = _mask,                \
                .fix = "CapabilityBoundingSet=~" _suffix,                                              \
        }
#define NS_CHECK(_name, _good, _bad, _weight, _flag)                                                    \
        {                                                                                               \
                .id = "RestrictNamespaces=~" _name, .json_field = "RestrictNamespaces_" _name,          \
                .description_good = _good, .description_bad = _bad, .weight = _weight, .range = 1,      \
                .assessor = SECURITY_ASSESS_RESTRICT_NAMESPACES, .parameter = _flag,                    \
                .fix = "RestrictNamespaces=~" _name,                                                   \
        }
#define SYSCALL_CHECK(_group, _json, _weight)                                                           \
        {                                                                                               \
                .id = "SystemCallFilter=~" _group, .json_field = "SystemCallFilter_" _json,             \
                .weight = _weight, .range = 10, .assessor = SECURITY_ASSESS_SYSTEM_CALL_FILTER,         \
                .parameter = (uintptr_t) (_group), .fix = "SystemCallFilter=~" _group,                 \
        }

const SecurityCheck security_checks[SECURITY_CHECKS_COUNT] = {
        {
                .id = "User=/DynamicUser=", .json_field = "UserOrDynamicUser",
                .description_bad = "Payload runs as root",
                .weight = 2000, .range = 10, .assessor = SECURITY_ASSESS_USER,
                .fix = "User=%p", /* a dedicated account named after the unit */
        },
        {
                .id = "SupplementaryGroups=", .json_field = "SupplementaryGroups",
                .description_good = "No supplementary groups",
                .description_bad = "Payload runs with supplementary groups",
                .description_na = "Runs as root, so the option does not matter",
                .weight = 200, .range = 1, .assessor = SECURITY_ASSESS_SUPPLEMENTARY_GROUPS,
                .fix = "SupplementaryGroups=",
        },
        BOOL_CHECK("PrivateDevices=", "PrivateDevices",
                   "No access to hardware device nodes",
                   "May access hardware device nodes",
                   1000, private_devices, "PrivateDevices=yes"),
        BOOL_CHECK("PrivateMounts=", "PrivateMounts",
                   "Cannot add mounts to the host's namespace",
                   "May add mounts to the host's namespace",
                   1000, private_mounts, "PrivateMounts=yes"),
        BOOL_CHECK("PrivateNetwork=", "PrivateNetwork",
                   "No access to the host's network",
                   "Has access to the host's network",
                   2500, private_network, "PrivateNetwork=yes"),
        BOOL_CHECK("PrivateTmp=", "PrivateTmp",
                   "Own /tmp and /var/tmp, not shared with others",
                   "Shares /tmp and /var/tmp with other software",
                   1000, private_tmp, "PrivateTmp=yes", .default_dependencies_only = true),
        BOOL_CHECK("PrivateUsers=", "PrivateUsers",
                   "Cannot see or act as the host's other users",
                   "Can see and act on the host's other users",
                   1000, private_users, "PrivateUsers=yes"),
        BOOL_CHECK("ProtectControlGroups=", "ProtectControlGroups",
                   "Control group file system is read-only",
                   "May write to the control group file system",
                   1000, protect_control_groups, "ProtectControlGroups=yes"),
        BOOL_CHECK("ProtectKernelModules=", "ProtectKernelModules",
                   "Cannot load or read kernel modules",
                   "May load or read kernel modules",
                   1000, protect_kernel_modules, "ProtectKernelModules=yes"),
        BOOL_CHECK("ProtectKernelTunables=", "ProtectKernelTunables",
                   "Kernel tunables (/proc/sys, /sys, …) are read-only",
                   "May change kernel tunables",
                   1000, protect_kernel_tunables, "ProtectKernelTunables=yes"),
        BOOL_CHECK("ProtectKernelLogs=", "ProtectKernelLogs",
                   "Cannot read or write the kernel log buffer",
                   "May read and write the kernel log buffer",
                   1000, protect_kernel_logs, "ProtectKernelLogs=yes"),
        BOOL_CHECK("ProtectClock=", "ProtectClock",
                   "Cannot set the system or hardware clock",
                   "May set the system or hardware clock",
                   1000, protect_clock, "ProtectClock=yes"),
        {
                .id = "ProtectHome=", .json_field = "ProtectHome",
                .weight = 1000, .range = 10, .assessor = SECURITY_ASSESS_PROTECT_HOME,
                .default_dependencies_only = true, .fix = "ProtectHome=yes",
        },
        BOOL_CHECK("ProtectHostname=", "ProtectHostname",
                   "Cannot change the host or domain name",
                   "May change the host or domain name",
                   50, protect_hostname, "ProtectHostname=yes"),
        {
                .id = "ProtectSystem=", .json_field = "ProtectSystem",
                .weight = 1000, .range = 10, .assessor = SECURITY_ASSESS_PROTECT_SYSTEM,
                .default_dependencies_only = true, .fix = "ProtectSystem=strict",
        },
        {
                .id = "RootDirectory=/RootImage=", .json_field = "RootDirectoryOrRootImage",
                .description_good = "Runs in its own root directory",
                .description_bad = "Runs in the host's root directory",
                .weight = 200, .range = 1, .assessor = SECURITY_ASSESS_ROOT_DIRECTORY,
                .default_dependencies_only = true, .fix = "RootDirectory=/path/to/minimal/tree",
        },
        BOOL_CHECK("LockPersonality=", "LockPersonality",
                   "Execution domain (personality) is locked",
                   "May change the execution domain (personality)",
                   100, lock_personality, "LockPersonality=yes"),
        BOOL_CHECK("MemoryDenyWriteExecute=", "MemoryDenyWriteExecute",
                   "Cannot create memory that is both writable and executable",
                   "May create memory that is both writable and executable",
                   100, memory_deny_write_execute, "MemoryDenyWriteExecute=yes"),
        BOOL_CHECK("NoNewPrivileges=", "NoNewPrivileges",
                   "Cannot gain privileges through setuid or file capabilities",
                   "May gain privileges through setuid or file capabilities",
                   1000, no_new_privileges, "NoNewPrivileges=yes"),
        CAP_CHECK("CAP_SYS_ADMIN", "CAP_SYS_ADMIN",
                  "No administrator capability", "Holds the administrator capability",
                  1500, (CAP_BIT(CAP_SYS_ADMIN))),
        CAP_CHECK("CAP_SET(UID|GID|PCAP)", "CAP_SET_UID_GID_PCAP",
                  "Cannot change user/group ids or capabilities",
                  "May change user/group ids or capabilities",
                  1500, (CAP_BIT(CAP_SETUID) | CAP_BIT(CAP_SETGID) | CAP_BIT(CAP_SETPCAP))),
        CAP_CHECK("CAP_SYS_PTRACE", "CAP_SYS_PTRACE",
                  "Cannot ptrace() other processes", "May ptrace() other processes",
                  1500, (CAP_BIT(CAP_SYS_PTRACE))),
        CAP_CHECK("CAP_SYS_TIME", "CAP_SYS_TIME",
                  "Cannot set the system clock", "May set the system clock",
                  1000, (CAP_BIT(CAP_SYS_TIME))),
        CAP_CHECK("CAP_NET_ADMIN", "CAP_NET_ADMIN",
                  "Cannot configure the network", "May configure the network",
                  1000, (CAP_BIT(CAP_NET_ADMIN))),
        CAP_CHECK("CAP_SYS_RAWIO", "CAP_SYS_RAWIO",
                  "No raw I/O access", "Has raw I/O access",
                  1000, (CAP_BIT(CAP_SYS_RAWIO))),
        CAP_CHECK("CAP_SYS_MODULE", "CAP_SYS_MODULE",
                  "Cannot load kernel modules", "May load kernel modules",
                  1000, (CAP_BIT(CAP_SYS_MODULE))),
        CAP_CHECK("CAP_AUDIT_*", "CAP_AUDIT",
                  "No access to the audit subsystem", "May use the audit subsystem",
                  500, (CAP_BIT(CAP_AUDIT_CONTROL) | CAP_BIT(CAP_AUDIT_READ) | CAP_BIT(CAP_AUDIT_WRITE))),
        CAP_CHECK("CAP_SYSLOG", "CAP_SYSLOG",
                  "No privileged access to the kernel log", "Has privileged access to the kernel log",
                  500, (CAP_BIT(CAP_SYSLOG))),
        CAP_CHECK("CAP_SYS_(NICE|RESOURCE)", "CAP_SYS_NICE_RESOURCE",
                  "Cannot raise priorities or resource limits", "May raise priorities and resource limits",
                  500, (CAP_BIT(CAP_SYS_NICE) | CAP_BIT(CAP_SYS_RESOURCE))),
        CAP_CHECK("CAP_MKNOD", "CAP_MKNOD",
                  "Cannot create device nodes", "May create device nodes",
                  500, (CAP_BIT(CAP_MKNOD))),
        CAP_CHECK("CAP_(CHOWN|FSETID|SETFCAP)", "CAP_CHOWN_FSETID_SETFCAP",
                  "Cannot change file owners, modes or capabilities freely",
                  "May change file owners, modes and capabilities freely",
                  1000, (CAP_BIT(CAP_CHOWN) | CAP_BIT(CAP_FSETID) | CAP_BIT(CAP_SETFCAP))),
        CAP_CHECK("CAP_(DAC_*|FOWNER|IPC_OWNER)", "CAP_DAC_FOWNER_IPC_OWNER",
                  "Cannot bypass file and IPC permission checks",
                  "May bypass file and IPC permission checks",
                  1000,
                  (CAP_BIT(CAP_DAC_OVERRIDE) | CAP_BIT(CAP_DAC_READ_SEARCH) | CAP_BIT(CAP_FOWNER) |
                   CAP_BIT(CAP_IPC_OWNER))),
        CAP_CHECK("CAP_KILL", "CAP_KILL",
                  "Cannot signal other users' processes", "May signal any process",
                  500, (CAP_BIT(CAP_KILL))),
        {
                /* systemd's json_field really ends in ')' here; kept for compatibility of --json. */
                .id = "CapabilityBoundingSet=~CAP_NET_(BIND_SERVICE|BROADCAST|RAW)",
                .json_field = "CapabilityBoundingSet_CAP_NET_BIND_SERVICE_BROADCAST_RAW)",
                .description_good = "No privileged networking (low ports, broadcast, raw sockets)",
                .description_bad = "Has privileged networking (low ports, broadcast, raw sockets)",
                .weight = 500, .range = 1, .assessor = SECURITY_ASSESS_CAPABILITY_BOUNDING_SET,
                .parameter = CAP_BIT(CAP_NET_BIND_SERVICE) | CAP_BIT(CAP_NET_BROADCAST) |
                             CAP_BIT(CAP_NET_RAW),
                .fix = "CapabilityBoundingSet=~CAP_NET_BIND_SERVICE CAP_NET_BROADCAST CAP_NET_RAW",
        },
        CAP_CHECK("CAP_SYS_BOOT", "CAP_SYS_BOOT",
                  "Cannot reboot the machine", "May reboot the machine",
                  100, (CAP_BIT(CAP_SYS_BOOT))),
        CAP_CHECK("CAP_MAC_*", "CAP_MAC",
                  "Cannot override or configure MAC policy", "May override or configure MAC policy",
                  100, (CAP_BIT(CAP_MAC_ADMIN) | CAP_BIT(CAP_MAC_OVERRIDE))),
        CAP_CHECK("CAP_LINUX_IMMUTABLE", "CAP_LINUX_IMMUTABLE",
                  "Cannot set immutable/append-only flags", "May set immutable/append-only flags",
                  75, (CAP_BIT(CAP_LINUX_IMMUTABLE))),
        CAP_CHECK("CAP_IPC_LOCK", "CAP_IPC_LOCK",
                  "Cannot lock memory beyond its limit", "May lock memory beyond its limit",
                  50, (CAP_BIT(CAP_IPC_LOCK))),
        CAP_CHECK("CAP_SYS_CHROOT", "CAP_SYS_CHROOT",
                  "Cannot chroot()", "May chroot()",
                  50, (CAP_BIT(CAP_SYS_CHROOT))),
        CAP_CHECK("CAP_BLOCK_SUSPEND", "CAP_BLOCK_SUSPEND",
                  "Cannot block system suspend", "May block system suspend",
                  25, (CAP_BIT(CAP_BLOCK_SUSPEND))),
        CAP_CHECK("CAP_WAKE_ALARM", "CAP_WAKE_ALARM",
                  "Cannot set alarms that wake the system", "May set alarms that wake the system",
                  25, (CAP_BIT(CAP_WAKE_ALARM))),
        CAP_CHECK("CAP_LEASE", "CAP_LEASE",
                  "Cannot take file leases", "May take file leases",
                  25, (CAP_BIT(CAP_LEASE))),
        CAP_CHECK("CAP_SYS_TTY_CONFIG", "CAP_SYS_TTY_CONFIG",
                  "Cannot vhangup() or configure terminals", "May vhangup() and configure terminals",
                  25, (CAP_BIT(CAP_SYS_TTY_CONFIG))),
        CAP_CHECK("CAP_SYS_PACCT", "CAP_SYS_PACCT",
                  "Cannot switch process accounting", "May switch process accounting (acct())",
                  25, (CAP_BIT(CAP_SYS_PACCT))),
        CAP_CHECK("CAP_BPF", "CAP_BPF",
                  "Cannot load BPF programs", "May load BPF programs",
                  25, (CAP_BIT(CAP_BPF))),
        {
                .id = "UMask=", .json_field = "UMask",
                .weight = 100, .range = 10, .assessor = SECURITY_ASSESS_UMASK,
                .fix = "UMask=0077",
        },
        {
                .id = "KeyringMode=", .json_field = "KeyringMode",
                .description_good = "Has its own session keyring",
                .description_bad = "Shares a kernel keyring with other processes",
                .weight = 1000, .range = 1, .assessor = SECURITY_ASSESS_KEYRING_MODE,
                .fix = "KeyringMode=private",
        },
        {
                .id = "ProtectProc=", .json_field = "ProtectProc",
                .description_good = "Other users' processes are hidden in /proc",
                .description_bad = "Sees every process in /proc (no hidepid=)",
                .weight = 1000, .range = 3, .assessor = SECURITY_ASSESS_PROTECT_PROC,
                .fix = "ProtectProc=invisible",
        },
        {
                .id = "ProcSubset=", .json_field = "ProcSubset",
                .description_good = "Sees only the process directories of /proc",
                .description_bad = "Sees all of /proc, not only processes (no subset=pid)",
                .weight = 10, .range = 1, .assessor = SECURITY_ASSESS_PROC_SUBSET,
                .fix = "ProcSubset=pid",
        },
        {
                .id = "NotifyAccess=", .json_field = "NotifyAccess",
                .description_good = "Child processes cannot send service notifications",
                .description_bad = "Child processes may send service notifications",
                .weight = 1000, .range = 1, .assessor = SECURITY_ASSESS_NOTIFY_ACCESS,
                .fix = "NotifyAccess=none",
        },
        {
                .id = "RemoveIPC=", .json_field = "RemoveIPC",
                .description_good = "SysV IPC objects of the user are removed at the end",
                .description_bad = "SysV IPC objects of the user may be left behind",
                .description_na = "Runs as root, so the option does not apply",
                .weight = 100, .range = 1, .assessor = SECURITY_ASSESS_REMOVE_IPC,
                .fix = "RemoveIPC=yes",
        },
        BOOL_CHECK("Delegate=", "Delegate",
                   "Does not manage a delegated control group subtree",
                   "Manages its own delegated control group subtree",
                   100, delegate, "Delegate=no", .invert = true),
        BOOL_CHECK("RestrictRealtime=", "RestrictRealtime",
                   "Cannot get realtime scheduling",
                   "May get realtime scheduling",
                   500, restrict_realtime, "RestrictRealtime=yes"),
        BOOL_CHECK("RestrictSUIDSGID=", "RestrictSUIDSGID",
                   "Cannot create setuid/setgid files",
                   "May create setuid/setgid files",
                   1000, restrict_suid_sgid, "RestrictSUIDSGID=yes"),
        NS_CHECK("user", "Cannot create user namespaces", "May create user namespaces", 1500, CLONE_NEWUSER),
        NS_CHECK("mnt", "Cannot create mount namespaces", "May create mount namespaces", 500, CLONE_NEWNS),
        NS_CHECK("ipc", "Cannot create IPC namespaces", "May create IPC namespaces", 500, CLONE_NEWIPC),
        NS_CHECK("pid", "Cannot create PID namespaces", "May create PID namespaces", 500, CLONE_NEWPID),
        NS_CHECK("cgroup", "Cannot create cgroup namespaces", "May create cgroup namespaces", 500,
                 CLONE_NEWCGROUP),
        NS_CHECK("net", "Cannot create network namespaces", "May create network namespaces", 500,
                 CLONE_NEWNET),
        NS_CHECK("uts", "Cannot create UTS (hostname) namespaces", "May create UTS (hostname) namespaces",
                 100, CLONE_NEWUTS),
        BOOL_CHECK("RestrictAddressFamilies=~AF_(INET|INET6)", "RestrictAddressFamilies_AF_INET_INET6",
                   "Cannot create Internet sockets",
                   "May create Internet sockets",
                   1500, restrict_address_family_inet, "RestrictAddressFamilies=~AF_INET AF_INET6"),
        BOOL_CHECK("RestrictAddressFamilies=~AF_UNIX", "RestrictAddressFamilies_AF_UNIX",
                   "Cannot create local (AF_UNIX) sockets",
                   "May create local (AF_UNIX) sockets",
                   25, restrict_address_family_unix, "RestrictAddressFamilies=~AF_UNIX"),
        BOOL_CHECK("RestrictAddressFamilies=~AF_NETLINK", "RestrictAddressFamilies_AF_NETLINK",
                   "Cannot create netlink sockets",
                   "May create netlink sockets",
                   200, restrict_address_family_netlink, "RestrictAddressFamilies=~AF_NETLINK"),
        BOOL_CHECK("RestrictAddressFamilies=~AF_PACKET", "RestrictAddressFamilies_AF_PACKET",
                   "Cannot create packet sockets",
                   "May create packet sockets",
                   1000, restrict_address_family_packet, "RestrictAddressFamilies=~AF_PACKET"),
        BOOL_CHECK("RestrictAddressFamilies=~…", "RestrictAddressFamilies_OTHER",
                   "Cannot create sockets of unusual families",
                   "May create sockets of unusual families",
                   1250, restrict_address_family_other, "RestrictAddressFamilies=AF_UNIX AF_INET AF_INET6"),
        {
                .id = "SystemCallArchitectures=", .json_field = "SystemCallArchitectures",
                .weight = 1000, .range = 10, .assessor = SECURITY_ASSESS_SYSTEM_CALL_ARCHITECTURES,
                .fix = "SystemCallArchitectures=native",
        },
        SYSCALL_CHECK("@swap", "swap", 1000),
        SYSCALL_CHECK("@obsolete", "obsolete", 250),
        SYSCALL_CHECK("@clock", "clock", 1000),
        SYSCALL_CHECK("@cpu-emulation", "cpu_emulation", 250),
        SYSCALL_CHECK("@debug", "debug", 1000),
        SYSCALL_CHECK("@mount", "mount", 1000),
        SYSCALL_CHECK("@module", "module", 1000),
        SYSCALL_CHECK("@raw-io", "raw_io", 1000),
        SYSCALL_CHECK("@reboot", "reboot", 1000),
        SYSCALL_CHECK("@privileged", "privileged", 700),
        SYSCALL_CHECK("@resources", "resources", 700),
        {
                .id = "IPAddressDeny=", .json_field = "IPAddressDeny",
                .weight = 1000, .range = 10, .assessor = SECURITY_ASSESS_IP_ADDRESS_ALLOW,
                .fix = "IPAddressDeny=any",
        },
        {
                .id = "DeviceAllow=", .json_field = "DeviceAllow",
                .weight = 1000, .range = 10, .assessor = SECURITY_ASSESS_DEVICE_ALLOW,
                .fix = "DevicePolicy=closed",
        },
        {
                .id = "AmbientCapabilities=", .json_field = "AmbientCapabilities",
                .description_good = "Gets no ambient capabilities",
                .description_bad = "Gets ambient capabilities",
                .weight = 500, .range = 1, .assessor = SECURITY_ASSESS_AMBIENT_CAPABILITIES,
                .fix = "AmbientCapabilities=",
        },
};

const SecurityCheck *security_check_find(const char *id_or_json_field) {
        for (size_t i = 0; i < ELEMENTSOF(security_checks); i++)
                if (streq(security_checks[i].id, id_or_json_field) ||
                    streq(security_checks[i].json_field, id_or_json_field))
                        return &security_checks[i];
        return NULL;
}

/* ---- building the view ---------------------------------------------------------------------------- */

/* "any", "localhost", "link-local", "multicast" or ADDRESS[/PREFIX], as IPAddressAllow=/IPAddressDeny=
 * accept them. Reports whether the entry covers all of IPv4 / all of IPv6 (prefix length 0), and whether
 * it is a loopback address or something else. Unparsable entries count as "other" (plan_build() already
 * rejected them, this only has to be safe). */
typedef struct IPEntryInfo {
        bool all_v4, all_v6;
        bool localhost, other;
} IPEntryInfo;

static void ip_entry_classify(const char *s, IPEntryInfo *info) {
        if (streq(s, "any")) {
                info->all_v4 = info->all_v6 = true;
                info->other = true;
                return;
        }
        if (streq(s, "localhost")) {
                info->localhost = true;
                return;
        }
        if (streq(s, "link-local") || streq(s, "multicast")) {
                info->other = true;
                return;
        }

        _cleanup_free_ char *addr = xstrdup(s);
        char *slash = strchr(addr, '/');
        long prefixlen = -1;
        if (slash) {
                char *end;
                *slash = '\0';
                prefixlen = strtol(slash + 1, &end, 10);
                if (*end || end == slash + 1)
                        prefixlen = -1;
        }

        struct in_addr a4;
        struct in6_addr a6;
        if (inet_pton(AF_INET, addr, &a4) == 1) {
                if (prefixlen == 0)
                        info->all_v4 = true;
                /* 127.0.0.0/8 is loopback (systemd's in_addr_is_localhost()) */
                if ((ntohl(a4.s_addr) >> 24) == 127)
                        info->localhost = true;
                else
                        info->other = true;
        } else if (inet_pton(AF_INET6, addr, &a6) == 1) {
                if (prefixlen == 0)
                        info->all_v6 = true;
                if (IN6_IS_ADDR_LOOPBACK(&a6))
                        info->localhost = true;
                else
                        info->other = true;
        } else
                info->other = true;
}

/* Entries may hold several space-separated prefixes (systemd accepts both forms). */
static void ip_list_classify(char * const *l, IPEntryInfo *info) {
        STRV_FOREACH(e, l) {
                _cleanup_free_ char *copy = xstrdup(*e);
                char *save = NULL;
                for (char *w = strtok_r(copy, " \t\n", &save); w; w = strtok_r(NULL, " \t\n", &save))
                        ip_entry_classify(w, info);
        }
}

static void security_view_from_plan(const SandboxPlan *p, SecurityView *v) {
        const ExecPart *e = &p->exec;
        const CGroupPart *c = &p->cgroup;

        *v = (SecurityView) {
                .default_dependencies = p->default_dependencies,
                .ambient_capabilities = e->ambient_capabilities,
                /* Unset means "all": every bit, as systemd's CAP_MASK_UNSET. */
                .capability_bounding_set = e->capability_bounding_set_set ? e->capability_bounding_set
                                                                          : UINT64_MAX,
                .user = e->user,
                .supplementary_groups = e->supplementary_groups,
                .dynamic_user = e->dynamic_user,
                .keyring_mode = e->keyring_mode,
                .protect_proc = e->protect_proc,
                .proc_subset = e->proc_subset,
                .lock_personality = e->lock_personality,
                .memory_deny_write_execute = e->memory_deny_write_execute,
                /* As configured: the implicit NoNewPrivileges= of seccomp options does not count (systemd
                 * scores the setting, not the effect). */
                .no_new_privileges = e->no_new_privileges,
                .protect_hostname = e->protect_hostname,
                .private_devices = e->private_devices,
                .private_mounts = e->private_mounts,
                .private_network = e->private_network,
                .private_tmp = e->private_tmp,
                .private_users = e->private_users,
                .protect_control_groups = e->protect_control_groups != PROTECT_CONTROL_GROUPS_NO,
                .protect_kernel_modules = e->protect_kernel_modules,
                .protect_kernel_tunables = e->protect_kernel_tunables,
                .protect_kernel_logs = e->protect_kernel_logs,
                .protect_clock = e->protect_clock,
                .protect_home = e->protect_home,
                .protect_system = e->protect_system,
                .remove_ipc = e->remove_ipc,
                .restrict_namespaces = e->restrict_namespaces_set ? e->restrict_namespaces_allowed
                                                                  : NAMESPACE_FLAGS_ALL,
                .restrict_realtime = e->restrict_realtime,
                .restrict_suid_sgid = e->restrict_suid_sgid,
                .root_directory = e->root_directory,
                .delegate = c->delegate,
                .device_policy = c->device_policy,
                .device_allow_non_empty = c->device_allow.n > 0,
                .system_call_architectures = e->system_call_architectures,
                .system_call_filter_allow_list =
                        e->system_call_filter.set && e->system_call_filter.allow_list,
                .system_call_filter = e->system_call_filter.set ? &e->system_call_filter : NULL,
                .umask = e->umask_set ? e->umask : 0022,
        };

        /* Address families: each bucket starts as "restricted" for an allow-list and "open" for a deny-list
         * (or no list); every listed family flips its bucket. */
        bool allow = e->restrict_address_families_set && e->restrict_address_families_allow_list;
        v->restrict_address_families_set = e->restrict_address_families_set;
        v->restrict_address_families_allow_list = allow;
        v->restrict_address_families = e->restrict_address_families;
        v->restrict_address_family_inet = v->restrict_address_family_unix =
                v->restrict_address_family_netlink = v->restrict_address_family_packet =
                v->restrict_address_family_other = allow;
        if (e->restrict_address_families_set)
                for (int af = 1; af < 64; af++) {
                        if (!(e->restrict_address_families & (UINT64_C(1) << af)))
                                continue;
                        if (af == AF_INET || af == AF_INET6)
                                v->restrict_address_family_inet = !allow;
                        else if (af == AF_UNIX)
                                v->restrict_address_family_unix = !allow;
                        else if (af == AF_NETLINK)
                                v->restrict_address_family_netlink = !allow;
                        else if (af == AF_PACKET)
                                v->restrict_address_family_packet = !allow;
                        else
                                v->restrict_address_family_other = !allow;
                }

        IPEntryInfo deny = {}, allowed = {};
        v->ip_address_allow_set = strv_length(c->ip_address_allow) > 0;
        ip_list_classify(c->ip_address_deny, &deny);
        ip_list_classify(c->ip_address_allow, &allowed);
        v->ip_address_deny_all = deny.all_v4 && deny.all_v6;
        v->ip_address_allow_localhost = allowed.localhost;
        v->ip_address_allow_other = allowed.other;

        /* systemd's unit_patch_contexts(): implications of other settings. plan_build() applies them to
         * the plan as well; doing it again here is idempotent and keeps the score right either way. */
        if (v->dynamic_user) {
                v->private_tmp = true;
                v->remove_ipc = true;
                v->protect_system = PROTECT_SYSTEM_STRICT;
                if (v->protect_home == PROTECT_HOME_NO)
                        v->protect_home = PROTECT_HOME_READ_ONLY;
                v->no_new_privileges = true;
                v->restrict_suid_sgid = true;
        }
        if (v->private_devices)
                v->capability_bounding_set &= ~(CAP_BIT(CAP_MKNOD) | CAP_BIT(CAP_SYS_RAWIO));
        if (v->protect_kernel_modules)
                v->capability_bounding_set &= ~(CAP_BIT(CAP_SYS_MODULE));
        if (v->protect_kernel_logs)
                v->capability_bounding_set &= ~(CAP_BIT(CAP_SYSLOG));
        if (v->protect_clock)
                v->capability_bounding_set &= ~(CAP_BIT(CAP_SYS_TIME) | CAP_BIT(CAP_WAKE_ALARM));
        if (v->private_devices && v->device_policy == DEVICE_POLICY_AUTO)
                v->device_policy = DEVICE_POLICY_CLOSED;
        /* ProtectClock= adds "char-rtc r" when a device policy is in force. */
        if (v->protect_clock && v->device_policy != DEVICE_POLICY_AUTO)
                v->device_allow_non_empty = true;
}

/* ---- assessors -------------------------------------------------------------------------------------- */

static bool runs_privileged(const SecurityView *v) {
        if (v->user && (streq(v->user, "root") || streq(v->user, "0")))
                return true;
        if (v->dynamic_user)
                return false;
        return isempty(v->user);
}

static bool is_root_user(const char *u) {
        return u && (streq(u, "root") || streq(u, "0"));
}

/* Is `name` allowed (allow-list) / denied (deny-list) by the filter? Allow-list entries that carry an
 * errno are not counted as allowed, as in systemd. */
static bool filter_contains(const SyscallSet *s, bool allow_list, const char *name) {
        for (size_t i = 0; i < s->n; i++) {
                if (!streq(s->items[i].name, name))
                        continue;
                return !allow_list || s->items[i].action < 0;
        }
        return false;
}

static const SyscallGroup *group_find(const char *name) {
        for (size_t i = 0; i < syscall_groups_count; i++)
                if (streq(syscall_groups[i].name, name))
                        return &syscall_groups[i];
        return NULL;
}

/* Walks the group recursively; returns true ("bad") at the first member that is allowed (allow-list) or
 * not denied (deny-list), skipping names the native architecture does not have. */
static bool group_offends(const SecurityView *v, const char *group, unsigned depth, char **ret_offender) {
        const SyscallGroup *g = group_find(group);
        if (!g || depth > 8)
                return false;

        _cleanup_free_ char *members = xstrdup(g->members);
        char *save = NULL;
        for (char *w = strtok_r(members, " \t\n", &save); w; w = strtok_r(NULL, " \t\n", &save)) {
                if (w[0] == '@') {
                        if (group_offends(v, w, depth + 1, ret_offender))
                                return true;
                        continue;
                }
                if (seccomp_syscall_resolve_name(w) < 0)
                        continue;
                if (filter_contains(v->system_call_filter, v->system_call_filter_allow_list, w) ==
                    v->system_call_filter_allow_list) {
                        *ret_offender = xstrdup(w);
                        return true;
                }
        }
        return false;
}

static uint64_t assess(const SecurityCheck *a, const SecurityView *v, char **ret_description) {
        char *d = NULL;
        uint64_t b;

        switch (a->assessor) {

        case SECURITY_ASSESS_BOOL: {
                bool on = *(const bool *) ((const uint8_t *) v + a->offset);
                b = a->invert ? on : !on;
                break;
        }

        case SECURITY_ASSESS_USER:
                if (v->user && streq(v->user, "nobody")) {
                        d = xstrdup("Runs as 'nobody', which is shared with other software");
                        b = 9;
                } else if (v->dynamic_user && !is_root_user(v->user)) {
                        d = xstrdup("Runs as a transient user of its own");
                        b = 0;
                } else if (!isempty(v->user) && !is_root_user(v->user)) {
                        d = xstrdup("Runs as a fixed non-root user");
                        b = 0;
                } else
                        b = 10;
                break;

        case SECURITY_ASSESS_SUPPLEMENTARY_GROUPS:
                b = runs_privileged(v) ? SECURITY_BADNESS_NA : strv_length(v->supplementary_groups) > 0;
                break;

        case SECURITY_ASSESS_PROTECT_HOME:
                switch (v->protect_home) {
                case PROTECT_HOME_YES:
                        d = xstrdup("No access to home directories");
                        b = 0;
                        break;
                case PROTECT_HOME_TMPFS:
                        d = xstrdup("Home directories are replaced by empty ones");
                        b = 1;
                        break;
                case PROTECT_HOME_READ_ONLY:
                        d = xstrdup("Home directories are read-only");
                        b = 5;
                        break;
                default:
                        d = xstrdup("Full access to home directories");
                        b = 10;
                }
                break;

        case SECURITY_ASSESS_PROTECT_SYSTEM:
                switch (v->protect_system) {
                case PROTECT_SYSTEM_STRICT:
                        d = xstrdup("The whole OS file hierarchy is read-only");
                        b = 0;
                        break;
                case PROTECT_SYSTEM_FULL:
                        d = xstrdup("/usr, /boot, /efi and /etc are read-only");
                        b = 3;
                        break;
                case PROTECT_SYSTEM_YES:
                        d = xstrdup("/usr, /boot and /efi are read-only");
                        b = 5;
                        break;
                default:
                        d = xstrdup("May write to the whole OS file hierarchy");
                        b = 10;
                }
                break;

        case SECURITY_ASSESS_ROOT_DIRECTORY:
                b = isempty(v->root_directory) || streq(v->root_directory, "/");
                break;

        case SECURITY_ASSESS_CAPABILITY_BOUNDING_SET:
                b = !!(v->capability_bounding_set & a->parameter);
                break;

        case SECURITY_ASSESS_UMASK:
                if (!(v->umask & 0002)) {
                        d = xstrdup("New files are world-writable by default");
                        b = 10;
                } else if (!(v->umask & 0004)) {
                        d = xstrdup("New files are world-readable by default");
                        b = 5;
                } else if (!(v->umask & 0020)) {
                        d = xstrdup("New files are group-writable by default");
                        b = 2;
                } else if (!(v->umask & 0040)) {
                        d = xstrdup("New files are group-readable by default");
                        b = 1;
                } else {
                        d = xstrdup("New files are private to the user by default");
                        b = 0;
                }
                break;

        case SECURITY_ASSESS_KEYRING_MODE:
                b = v->keyring_mode != KEYRING_MODE_PRIVATE;
                break;

        case SECURITY_ASSESS_PROTECT_PROC:
                if (v->protect_proc == PROTECT_PROC_INVISIBLE || v->protect_proc == PROTECT_PROC_PTRACEABLE)
                        b = 0;
                else if (v->protect_proc == PROTECT_PROC_NOACCESS) {
                        d = xstrdup("Other users' processes in /proc are visible but not accessible");
                        b = 1;
                } else
                        b = 3;
                break;

        case SECURITY_ASSESS_PROC_SUBSET:
                b = v->proc_subset != PROC_SUBSET_PID;
                break;

        case SECURITY_ASSESS_NOTIFY_ACCESS:
                /* sandboxctl has no notification socket: NotifyAccess= is always "none". */
                b = 0;
                break;

        case SECURITY_ASSESS_REMOVE_IPC:
                b = runs_privileged(v) ? SECURITY_BADNESS_NA : !v->remove_ipc;
                break;

        case SECURITY_ASSESS_RESTRICT_NAMESPACES:
                b = !!(v->restrict_namespaces & a->parameter);
                break;

        case SECURITY_ASSESS_SYSTEM_CALL_ARCHITECTURES:
                if (strv_length(v->system_call_architectures) == 0) {
                        d = xstrdup("System calls of every ABI are allowed");
                        b = 10;
                } else if (strv_length(v->system_call_architectures) == 1 &&
                           streq(v->system_call_architectures[0], "native")) {
                        d = xstrdup("Only system calls of the native ABI are allowed");
                        b = 0;
                } else {
                        d = xstrdup("System calls of several ABIs may be allowed");
                        b = 8;
                }
                break;

        case SECURITY_ASSESS_SYSTEM_CALL_FILTER: {
                const char *group = (const char *) (uintptr_t) a->parameter;
                _cleanup_free_ char *offender = NULL;

                if (!v->system_call_filter ||
                    (!v->system_call_filter_allow_list && v->system_call_filter->n == 0)) {
                        d = xstrdup("No system call filter");
                        b = 10;
                } else if (group_offends(v, group, 0, &offender)) {
                        if (v->system_call_filter_allow_list) {
                                d = xasprintf("Allow-list lets through %s (e.g. %s)", group, offender);
                                b = 9;
                        } else {
                                d = xasprintf("Deny-list misses part of %s (e.g. %s)", group, offender);
                                b = 10;
                        }
                } else {
                        d = xasprintf(v->system_call_filter_allow_list ? "Allow-list excludes all of %s"
                                                                       : "Deny-list covers all of %s",
                                      group);
                        b = 0;
                }
                break;
        }

        case SECURITY_ASSESS_IP_ADDRESS_ALLOW:
                if (!v->ip_address_deny_all) {
                        d = xstrdup("No IP address allow-list (IPAddressDeny=any missing)");
                        b = 10;
                } else if (v->ip_address_allow_other) {
                        d = xstrdup("IP address allow-list includes non-loopback addresses");
                        b = 5;
                } else if (v->ip_address_allow_localhost) {
                        d = xstrdup("IP address allow-list has loopback addresses only");
                        b = 2;
                } else {
                        d = xstrdup("Every IP address is blocked");
                        b = 0;
                }
                break;

        case SECURITY_ASSESS_DEVICE_ALLOW:
                if (v->device_policy == DEVICE_POLICY_STRICT || v->device_policy == DEVICE_POLICY_CLOSED) {
                        if (v->device_allow_non_empty) {
                                d = xstrdup("Device access list allows some devices");
                                b = 5;
                        } else {
                                d = xstrdup("Device access list allows only the basic pseudo devices");
                                b = 0;
                        }
                } else {
                        d = xstrdup("No device access list (DevicePolicy=auto)");
                        b = 10;
                }
                break;

        case SECURITY_ASSESS_AMBIENT_CAPABILITIES:
                b = v->ambient_capabilities != 0;
                break;

        default:
                abort();
        }

        *ret_description = d;
        return b;
}

/* The line(s) that make a failing check pass when appended to the unit. Most checks have one fixed line;
 * these depend on what the unit already says, because list directives accumulate: a second allow-list
 * line adds to the first, so it cannot take anything away. */
static char *fix_for(const SecurityCheck *a, const SecurityView *v) {
        switch (a->assessor) {

        case SECURITY_ASSESS_BOOL:
                if (a->offset != offsetof(SecurityView, restrict_address_family_other))
                        break;
                if (v->restrict_address_families_allow_list) {
                        /* "~AF_X" after an allow-list takes AF_X out of it. */
                        _cleanup_free_ char *list = NULL;
                        for (int af = 1; af < 64; af++) {
                                const char *name;
                                char *n;

                                if (!(v->restrict_address_families & (UINT64_C(1) << af)) ||
                                    af == AF_INET || af == AF_INET6 || af == AF_UNIX || af == AF_NETLINK ||
                                    af == AF_PACKET)
                                        continue;
                                name = af_to_name(af);
                                n = name ? xasprintf("%s%s%s", list ?: "", list ? " " : "", name)
                                         : xasprintf("%s%s%d", list ?: "", list ? " " : "", af);
                                free(list);
                                list = n;
                        }
                        if (list)
                                return xasprintf("RestrictAddressFamilies=~%s", list);
                } else if (v->restrict_address_families_set)
                        /* A deny-list cannot become an allow-list without a reset. */
                        return xasprintf("RestrictAddressFamilies=\n%s", a->fix);
                break;

        case SECURITY_ASSESS_SYSTEM_CALL_ARCHITECTURES:
                if (strv_length(v->system_call_architectures) > 0)
                        return xasprintf("SystemCallArchitectures=\n%s", a->fix);
                break;

        case SECURITY_ASSESS_IP_ADDRESS_ALLOW:
                if (v->ip_address_deny_all && v->ip_address_allow_set)
                        return xstrdup("IPAddressAllow=");
                break;

        case SECURITY_ASSESS_DEVICE_ALLOW:
                if (v->device_policy != DEVICE_POLICY_AUTO && v->device_allow_non_empty)
                        return xstrdup(v->protect_clock ? "DeviceAllow=\nProtectClock=no" : "DeviceAllow=");
                break;

        default:
                break;
        }
        return xstrdup(a->fix);
}

int plan_security_assess(const SandboxPlan *p, SecurityReport **ret) {
        _cleanup_(security_report_freep) SecurityReport *r = NULL;
        SecurityView v;

        assert(p);
        assert(ret);

        security_view_from_plan(p, &v);

        r = xcalloc(1, sizeof(SecurityReport));
        r->unit_name = p->unit_name ? xstrdup(p->unit_name) : NULL;
        r->results = xcalloc(ELEMENTSOF(security_checks), sizeof(SecurityResult));
        r->n_results = ELEMENTSOF(security_checks);

        for (size_t i = 0; i < ELEMENTSOF(security_checks); i++) {
                const SecurityCheck *a = &security_checks[i];
                SecurityResult *res = &r->results[i];
                char *d = NULL;

                res->check = a;
                if (a->default_dependencies_only && !v.default_dependencies) {
                        res->badness = SECURITY_BADNESS_NA;
                        d = xstrdup("DefaultDependencies=no: the option does not apply");
                } else
                        res->badness = assess(a, &v, &d);

                if (!d) {
                        if (res->badness == SECURITY_BADNESS_NA)
                                d = xstrdup(a->description_na ?: "Does not apply");
                        else if (res->badness == 0)
                                d = xstrdup(a->description_good ?: "");
                        else
                                d = xstrdup(a->description_bad ?: "");
                }
                res->description = d;
                res->fix = fix_for(a, &v);

                if (res->badness != SECURITY_BADNESS_NA) {
                        assert(res->badness <= a->range);
                        r->badness_sum += DIV_ROUND_UP(res->badness * a->weight, a->range);
                        r->weight_sum += a->weight;
                }
        }

        assert(r->weight_sum > 0);
        r->exposure = (unsigned) DIV_ROUND_UP(r->badness_sum * 100, r->weight_sum);

        /* The per-row column: this check's share of the 0..10 scale, rounded up to a tenth. */
        for (size_t i = 0; i < r->n_results; i++) {
                SecurityResult *res = &r->results[i];
                if (res->badness == SECURITY_BADNESS_NA || res->badness == 0)
                        continue;
                res->exposure = (unsigned) DIV_ROUND_UP(
                                DIV_ROUND_UP(res->badness * res->check->weight * 100, res->check->range),
                                r->weight_sum);
        }

        *ret = TAKE_PTR(r);
        return 0;
}

SecurityReport *security_report_free(SecurityReport *r) {
        if (!r)
                return NULL;
        for (size_t i = 0; i < r->n_results; i++) {
                free(r->results[i].description);
                free(r->results[i].fix);
        }
        free(r->results);
        free(r->unit_name);
        free(r);
        return NULL;
}

uint64_t security_result_points(const SecurityResult *r) {
        if (r->badness == SECURITY_BADNESS_NA || r->badness == 0)
                return 0;
        return DIV_ROUND_UP(r->badness * r->check->weight, r->check->range);
}

unsigned security_report_exposure_without(const SecurityReport *r, size_t i) {
        assert(i < r->n_results);
        return (unsigned) DIV_ROUND_UP((r->badness_sum - security_result_points(&r->results[i])) * 100,
                                       r->weight_sum);
}

size_t security_report_worst(const SecurityReport *r, size_t n, size_t *ret_indexes) {
        size_t k = 0;

        /* Selection by points, ties in table order; n is tiny. */
        for (; k < n; k++) {
                size_t best = SIZE_MAX;
                uint64_t best_points = 0;
                for (size_t i = 0; i < r->n_results; i++) {
                        uint64_t pts = security_result_points(&r->results[i]);
                        bool taken = false;
                        for (size_t j = 0; j < k; j++)
                                taken = taken || ret_indexes[j] == i;
                        if (taken || pts <= best_points)
                                continue;
                        best = i;
                        best_points = pts;
                }
                if (best == SIZE_MAX)
                        break;
                ret_indexes[k] = best;
        }
        return k;
}

static const struct {
        unsigned exposure;
        const char *name;
        const char *color;
        const char *glyph_utf8, *glyph_ascii;
} rating_table[] = {
        { 100, "DANGEROUS", "\x1B[0;1;31m",        "🤢", ":-[" },
        { 90,  "UNSAFE",    "\x1B[0;1;31m",        "😨", ":-{" },
        { 75,  "EXPOSED",   "\x1B[0;1;38;5;185m",  "🙁", ":-(" },
        { 50,  "MEDIUM",    NULL,                  "😐", ":-|" },
        { 10,  "OK",        "\x1B[0;1;32m",        "🙂", ":-)" },
        { 1,   "SAFE",      "\x1B[0;1;32m",        "😀", ":-}" },
        { 0,   "PERFECT",   "\x1B[0;1;32m",        "😇", ":-]" },
};

static size_t rating_index(unsigned exposure) {
        size_t i;
        for (i = 0; i < ELEMENTSOF(rating_table) - 1; i++)
                if (exposure >= rating_table[i].exposure)
                        break;
        return i;
}

const char *security_rating_to_string(unsigned exposure) {
        return rating_table[rating_index(exposure)].name;
}

const char *security_rating_glyph(unsigned exposure, bool utf8) {
        size_t i = rating_index(exposure);
        return utf8 ? rating_table[i].glyph_utf8 : rating_table[i].glyph_ascii;
}

const char *security_rating_color(unsigned exposure) {
        return rating_table[rating_index(exposure)].color;
}
