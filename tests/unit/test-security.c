/* SPDX-License-Identifier: MIT */
/* plan-security: the exposure formula, the badness rules and the implied settings, on hand-built plans.
 * Expected numbers come from `systemd-analyze security --offline=yes` (systemd 252.39, Debian 12) on the
 * equivalent .service files; tests/unit/test-security.sh checks whole unit files end to end. */
#include <sched.h>
#include <sys/socket.h>

#include "names.h"
#include "plan-security.h"
#include "strv.h"
#include "tests.h"

#define ALL_CAPS ((UINT64_C(1) << (CAPABILITY_TABLE_LAST + 1)) - 1)

/* A plan with systemd's defaults for a service, as plan_build() produces for a unit with only ExecStart=. */
static SandboxPlan bare(void) {
        return (SandboxPlan) {
                .unit_name = (char *) "test.unit",
                .default_dependencies = true,
                .exec = {
                        .keyring_mode = KEYRING_MODE_PRIVATE,
                        .umask = 0022,
                        .system_call_error_number = SECCOMP_ERRNO_KILL,
                        .personality = -1,
                },
        };
}

static SecurityReport *assess(const SandboxPlan *p) {
        SecurityReport *r = NULL;
        if (plan_security_assess(p, &r) < 0 || !r)
                abort();
        return r;
}

static const SecurityResult *result(const SecurityReport *r, const char *json_field) {
        for (size_t i = 0; i < r->n_results; i++)
                if (streq(r->results[i].check->json_field, json_field))
                        return &r->results[i];
        fprintf(stdout, "# no check %s\n", json_field);
        abort();
}

static uint64_t badness(const SandboxPlan *p, const char *json_field) {
        _cleanup_(security_report_freep) SecurityReport *r = assess(p);
        return result(r, json_field)->badness;
}

static unsigned exposure(const SandboxPlan *p) {
        _cleanup_(security_report_freep) SecurityReport *r = assess(p);
        return r->exposure;
}

TEST(table_shape) {
        uint64_t weights = 0;

        ASSERT_EQ(ELEMENTSOF(security_checks), 81);
        for (size_t i = 0; i < ELEMENTSOF(security_checks); i++) {
                const SecurityCheck *c = &security_checks[i];
                ASSERT_TRUE(c->weight > 0);
                ASSERT_TRUE(c->range == 1 || c->range == 3 || c->range == 10);
                ASSERT_NOT_NULL(c->fix);
                ASSERT_TRUE(security_check_find(c->json_field) == c);
                ASSERT_TRUE(security_check_find(c->id) == c);
                weights += c->weight;
        }
        /* Sum of v252's weights (§5.3). */
        ASSERT_EQ_U64(weights, 56460);
        ASSERT_STREQ(security_checks[0].id, "User=/DynamicUser=");
        ASSERT_STREQ(security_checks[80].json_field, "AmbientCapabilities");
}

TEST(bare_unit_is_9_6_unsafe) {
        SandboxPlan p = bare();
        _cleanup_(security_report_freep) SecurityReport *r = assess(&p);

        ASSERT_EQ(r->exposure, 96);
        ASSERT_STREQ(security_rating_to_string(r->exposure), "UNSAFE");
        ASSERT_STREQ(security_rating_glyph(r->exposure, true), "😨");
        /* Two checks are N/A for root: SupplementaryGroups=, RemoveIPC=. */
        ASSERT_EQ_U64(r->weight_sum, 56460 - 200 - 100);
        ASSERT_TRUE(result(r, "SupplementaryGroups")->badness == SECURITY_BADNESS_NA);
        ASSERT_TRUE(result(r, "RemoveIPC")->badness == SECURITY_BADNESS_NA);
        /* The only passing checks of a bare unit, as systemd-analyze shows them. */
        ASSERT_EQ(result(r, "AmbientCapabilities")->badness, 0);
        ASSERT_EQ(result(r, "KeyringMode")->badness, 0);
        ASSERT_EQ(result(r, "Delegate")->badness, 0);
        ASSERT_EQ(result(r, "NotifyAccess")->badness, 0);
        size_t passing = 0;
        for (size_t i = 0; i < r->n_results; i++)
                passing += r->results[i].badness == 0;
        ASSERT_EQ(passing, 4);
        /* Per-row EXPOSURE column values from systemd-analyze's output. */
        ASSERT_EQ(result(r, "PrivateNetwork")->exposure, 5);
        ASSERT_EQ(result(r, "UserOrDynamicUser")->exposure, 4);
        ASSERT_EQ(result(r, "CapabilityBoundingSet_CAP_SYS_ADMIN")->exposure, 3);
        ASSERT_EQ(result(r, "UMask")->exposure, 1);
        ASSERT_EQ(result(r, "UMask")->badness, 5);
        ASSERT_EQ(result(r, "ProtectProc")->badness, 3);
        ASSERT_EQ(result(r, "SystemCallFilter_obsolete")->exposure, 1);
        ASSERT_EQ(result(r, "KeyringMode")->exposure, 0);
}

TEST(ratings) {
        static const struct {
                unsigned exposure;
                const char *name, *glyph;
        } t[] = {
                { 100, "DANGEROUS", "🤢" }, { 99, "UNSAFE", "😨" }, { 90, "UNSAFE", "😨" },
                { 89, "EXPOSED", "🙁" },    { 75, "EXPOSED", "🙁" }, { 74, "MEDIUM", "😐" },
                { 50, "MEDIUM", "😐" },     { 49, "OK", "🙂" },      { 10, "OK", "🙂" },
                { 9, "SAFE", "😀" },        { 1, "SAFE", "😀" },     { 0, "PERFECT", "😇" },
        };
        for (size_t i = 0; i < ELEMENTSOF(t); i++) {
                ASSERT_STREQ(security_rating_to_string(t[i].exposure), t[i].name);
                ASSERT_STREQ(security_rating_glyph(t[i].exposure, true), t[i].glyph);
        }
        ASSERT_STREQ(security_rating_glyph(47, false), ":-)");
        ASSERT_NULL(security_rating_color(60));
        ASSERT_NOT_NULL(security_rating_color(96));
}

TEST(private_devices_implies_closed_policy_and_cap_drops) {
        SandboxPlan p = bare();

        ASSERT_EQ(badness(&p, "DeviceAllow"), 10);
        ASSERT_EQ(badness(&p, "CapabilityBoundingSet_CAP_MKNOD"), 1);
        p.exec.private_devices = true;
        ASSERT_EQ(badness(&p, "PrivateDevices"), 0);
        ASSERT_EQ(badness(&p, "DeviceAllow"), 0);
        ASSERT_EQ(badness(&p, "CapabilityBoundingSet_CAP_MKNOD"), 0);
        ASSERT_EQ(badness(&p, "CapabilityBoundingSet_CAP_SYS_RAWIO"), 0);
        ASSERT_EQ(badness(&p, "CapabilityBoundingSet_CAP_SYS_ADMIN"), 1);
        /* An explicit bounding set with those caps is still patched. */
        p.exec.capability_bounding_set_set = true;
        p.exec.capability_bounding_set = ALL_CAPS;
        ASSERT_EQ(badness(&p, "CapabilityBoundingSet_CAP_MKNOD"), 0);
        ASSERT_EQ(exposure(&p), 90); /* systemd-analyze: PrivateDevices=yes → 9.0 */
}

TEST(protect_clock_device_rule) {
        SandboxPlan p = bare();

        p.exec.protect_clock = true;
        ASSERT_EQ(badness(&p, "CapabilityBoundingSet_CAP_SYS_TIME"), 0);
        ASSERT_EQ(badness(&p, "CapabilityBoundingSet_CAP_WAKE_ALARM"), 0);
        ASSERT_EQ(badness(&p, "DeviceAllow"), 10); /* policy auto: no char-rtc rule added */
        p.cgroup.device_policy = DEVICE_POLICY_CLOSED;
        ASSERT_EQ(badness(&p, "DeviceAllow"), 5); /* closed + implied char-rtc */
        ASSERT_EQ(exposure(&p), 91);              /* systemd-analyze: 9.1 */
        p.exec.protect_clock = false;
        ASSERT_EQ(badness(&p, "DeviceAllow"), 0);
        p.cgroup.device_policy = DEVICE_POLICY_STRICT;
        ASSERT_EQ(badness(&p, "DeviceAllow"), 0);
        DeviceRule rule = { .path = (char *) "/dev/null", .access = DEVICE_ACCESS_READ };
        p.cgroup.device_allow = (DeviceRuleList) { .items = &rule, .n = 1 };
        ASSERT_EQ(badness(&p, "DeviceAllow"), 5);
        p.cgroup.device_policy = DEVICE_POLICY_AUTO;
        ASSERT_EQ(badness(&p, "DeviceAllow"), 10); /* auto scores 10 even with entries */
}

TEST(default_dependencies_no) {
        SandboxPlan p = bare();
        _cleanup_(security_report_freep) SecurityReport *r = NULL;

        p.default_dependencies = false;
        r = assess(&p);
        ASSERT_TRUE(result(r, "PrivateTmp")->badness == SECURITY_BADNESS_NA);
        ASSERT_TRUE(result(r, "ProtectHome")->badness == SECURITY_BADNESS_NA);
        ASSERT_TRUE(result(r, "ProtectSystem")->badness == SECURITY_BADNESS_NA);
        ASSERT_TRUE(result(r, "RootDirectoryOrRootImage")->badness == SECURITY_BADNESS_NA);
        ASSERT_EQ(result(r, "PrivateNetwork")->badness, 1);
        ASSERT_EQ_U64(r->weight_sum, 56460 - 300 - 3200);
}

TEST(user) {
        SandboxPlan p = bare();
        char *groups[] = { (char *) "adm", NULL };

        p.exec.user = (char *) "root";
        ASSERT_EQ(badness(&p, "UserOrDynamicUser"), 10);
        ASSERT_TRUE(badness(&p, "RemoveIPC") == SECURITY_BADNESS_NA);
        p.exec.user = (char *) "0";
        ASSERT_EQ(badness(&p, "UserOrDynamicUser"), 10);
        p.exec.user = (char *) "nobody";
        ASSERT_EQ(badness(&p, "UserOrDynamicUser"), 9);
        ASSERT_EQ(badness(&p, "SupplementaryGroups"), 0);
        ASSERT_EQ(badness(&p, "RemoveIPC"), 1);
        ASSERT_EQ(exposure(&p), 95); /* systemd-analyze: User=nobody → 9.5 */
        p.exec.user = (char *) "daemon";
        ASSERT_EQ(badness(&p, "UserOrDynamicUser"), 0);
        p.exec.supplementary_groups = groups;
        ASSERT_EQ(badness(&p, "SupplementaryGroups"), 1);
        p.exec.remove_ipc = true;
        ASSERT_EQ(badness(&p, "RemoveIPC"), 0);
}

TEST(dynamic_user_implications) {
        SandboxPlan p = bare();

        p.exec.dynamic_user = true;
        ASSERT_EQ(badness(&p, "UserOrDynamicUser"), 0);
        ASSERT_EQ(badness(&p, "PrivateTmp"), 0);
        ASSERT_EQ(badness(&p, "RemoveIPC"), 0);
        ASSERT_EQ(badness(&p, "ProtectSystem"), 0);
        ASSERT_EQ(badness(&p, "ProtectHome"), 5);
        ASSERT_EQ(badness(&p, "NoNewPrivileges"), 0);
        ASSERT_EQ(badness(&p, "RestrictSUIDSGID"), 0);
        ASSERT_EQ(exposure(&p), 84); /* systemd-analyze: DynamicUser=yes → 8.4 */
}

TEST(umask) {
        static const struct {
                mode_t umask;
                uint64_t badness;
        } t[] = {
                { 0000, 10 }, { 0020, 10 }, { 0002, 5 }, { 0022, 5 }, { 0006, 2 },
                { 0007, 2 },  { 0026, 1 },  { 0027, 1 }, { 0066, 0 }, { 0077, 0 },
        };
        SandboxPlan p = bare();

        p.exec.umask_set = true;
        for (size_t i = 0; i < ELEMENTSOF(t); i++) {
                p.exec.umask = t[i].umask;
                ASSERT_EQ(badness(&p, "UMask"), t[i].badness);
        }
}

TEST(protect_home_system_proc) {
        SandboxPlan p = bare();

        p.exec.protect_home = PROTECT_HOME_YES;
        ASSERT_EQ(badness(&p, "ProtectHome"), 0);
        p.exec.protect_home = PROTECT_HOME_TMPFS;
        ASSERT_EQ(badness(&p, "ProtectHome"), 1);
        p.exec.protect_home = PROTECT_HOME_READ_ONLY;
        ASSERT_EQ(badness(&p, "ProtectHome"), 5);
        p.exec.protect_system = PROTECT_SYSTEM_YES;
        ASSERT_EQ(badness(&p, "ProtectSystem"), 5);
        p.exec.protect_system = PROTECT_SYSTEM_FULL;
        ASSERT_EQ(badness(&p, "ProtectSystem"), 3);
        p.exec.protect_system = PROTECT_SYSTEM_STRICT;
        ASSERT_EQ(badness(&p, "ProtectSystem"), 0);
        p.exec.protect_proc = PROTECT_PROC_NOACCESS;
        ASSERT_EQ(badness(&p, "ProtectProc"), 1);
        p.exec.protect_proc = PROTECT_PROC_INVISIBLE;
        ASSERT_EQ(badness(&p, "ProtectProc"), 0);
        p.exec.protect_proc = PROTECT_PROC_PTRACEABLE;
        ASSERT_EQ(badness(&p, "ProtectProc"), 0);
        p.exec.proc_subset = PROC_SUBSET_PID;
        ASSERT_EQ(badness(&p, "ProcSubset"), 0);
        p.exec.keyring_mode = KEYRING_MODE_SHARED;
        ASSERT_EQ(badness(&p, "KeyringMode"), 1);
        p.exec.root_directory = (char *) "/";
        ASSERT_EQ(badness(&p, "RootDirectoryOrRootImage"), 1);
        p.exec.root_directory = (char *) "/srv/root";
        ASSERT_EQ(badness(&p, "RootDirectoryOrRootImage"), 0);
        p.cgroup.delegate = true;
        ASSERT_EQ(badness(&p, "Delegate"), 1);
}

TEST(capability_bounding_set) {
        SandboxPlan p = bare();

        p.exec.capability_bounding_set_set = true;
        p.exec.capability_bounding_set = 0;
        _cleanup_(security_report_freep) SecurityReport *r = assess(&p);
        for (size_t i = 0; i < r->n_results; i++)
                if (r->results[i].check->assessor == SECURITY_ASSESS_CAPABILITY_BOUNDING_SET)
                        ASSERT_EQ(r->results[i].badness, 0);
        /* One member of a group is enough to fail it. */
        p.exec.capability_bounding_set = UINT64_C(1) << 7; /* CAP_SETUID */
        ASSERT_EQ(badness(&p, "CapabilityBoundingSet_CAP_SET_UID_GID_PCAP"), 1);
        ASSERT_EQ(badness(&p, "CapabilityBoundingSet_CAP_SYS_ADMIN"), 0);
        p.exec.capability_bounding_set = UINT64_C(1) << 39; /* CAP_BPF */
        ASSERT_EQ(badness(&p, "CapabilityBoundingSet_CAP_BPF"), 1);
        p.exec.ambient_capabilities = UINT64_C(1) << 10;
        ASSERT_EQ(badness(&p, "AmbientCapabilities"), 1);
}

TEST(restrict_namespaces) {
        SandboxPlan p = bare();

        p.exec.restrict_namespaces_set = true;
        p.exec.restrict_namespaces_allowed = 0;
        ASSERT_EQ(badness(&p, "RestrictNamespaces_user"), 0);
        ASSERT_EQ(badness(&p, "RestrictNamespaces_uts"), 0);
        p.exec.restrict_namespaces_allowed = CLONE_NEWNET | CLONE_NEWUTS;
        ASSERT_EQ(badness(&p, "RestrictNamespaces_net"), 1);
        ASSERT_EQ(badness(&p, "RestrictNamespaces_uts"), 1);
        ASSERT_EQ(badness(&p, "RestrictNamespaces_user"), 0);
        ASSERT_EQ(badness(&p, "RestrictNamespaces_mnt"), 0);
}

TEST(restrict_address_families) {
        SandboxPlan p = bare();

        /* RestrictAddressFamilies=AF_UNIX: only the unix bucket stays open. */
        p.exec.restrict_address_families_set = true;
        p.exec.restrict_address_families_allow_list = true;
        p.exec.restrict_address_families = UINT64_C(1) << AF_UNIX;
        ASSERT_EQ(badness(&p, "RestrictAddressFamilies_AF_UNIX"), 1);
        ASSERT_EQ(badness(&p, "RestrictAddressFamilies_AF_INET_INET6"), 0);
        ASSERT_EQ(badness(&p, "RestrictAddressFamilies_OTHER"), 0);
        /* RestrictAddressFamilies=none: allow-list, empty. */
        p.exec.restrict_address_families = 0;
        ASSERT_EQ(badness(&p, "RestrictAddressFamilies_AF_UNIX"), 0);
        /* ~AF_PACKET AF_INET6: a deny-list closes the buckets it names (one of INET/INET6 is enough). */
        p.exec.restrict_address_families_allow_list = false;
        p.exec.restrict_address_families = (UINT64_C(1) << AF_PACKET) | (UINT64_C(1) << AF_INET6);
        ASSERT_EQ(badness(&p, "RestrictAddressFamilies_AF_PACKET"), 0);
        ASSERT_EQ(badness(&p, "RestrictAddressFamilies_AF_INET_INET6"), 0);
        ASSERT_EQ(badness(&p, "RestrictAddressFamilies_AF_NETLINK"), 1);
        ASSERT_EQ(badness(&p, "RestrictAddressFamilies_OTHER"), 1);
        /* An allow-list naming an exotic family opens "other". */
        p.exec.restrict_address_families_allow_list = true;
        p.exec.restrict_address_families = UINT64_C(1) << AF_BLUETOOTH;
        ASSERT_EQ(badness(&p, "RestrictAddressFamilies_OTHER"), 1);
        ASSERT_EQ(badness(&p, "RestrictAddressFamilies_AF_INET_INET6"), 0);
}

TEST(system_call_architectures) {
        SandboxPlan p = bare();
        char *native[] = { (char *) "native", NULL };
        char *x86_64[] = { (char *) "x86-64", NULL };
        char *both[] = { (char *) "native", (char *) "x86", NULL };

        ASSERT_EQ(badness(&p, "SystemCallArchitectures"), 10);
        p.exec.system_call_architectures = native;
        ASSERT_EQ(badness(&p, "SystemCallArchitectures"), 0);
        p.exec.system_call_architectures = x86_64;
        ASSERT_EQ(badness(&p, "SystemCallArchitectures"), 8);
        p.exec.system_call_architectures = both;
        ASSERT_EQ(badness(&p, "SystemCallArchitectures"), 8);
}

TEST(system_call_filter) {
        SandboxPlan p = bare();
        SyscallEntry allow[] = {
                { (char *) "read", SECCOMP_ERRNO_ALLOW },
                { (char *) "reboot", SECCOMP_ERRNO_ALLOW },
                { (char *) "swapon", 1 /* EPERM: not an allowed entry */ },
                { (char *) "write", SECCOMP_ERRNO_ALLOW },
        };
        SyscallEntry deny[] = {
                { (char *) "swapoff", SECCOMP_ERRNO_DEFAULT },
                { (char *) "swapon", 1 },
        };

        ASSERT_EQ(badness(&p, "SystemCallFilter_swap"), 10);

        p.exec.system_call_filter = (SyscallSet) { .set = true, .allow_list = true, .items = allow, .n = 4 };
        ASSERT_EQ(badness(&p, "SystemCallFilter_reboot"), 9);
        ASSERT_EQ(badness(&p, "SystemCallFilter_swap"), 0);
        ASSERT_EQ(badness(&p, "SystemCallFilter_mount"), 0);
        /* @privileged contains @reboot: the allowed reboot() fails it too. */
        ASSERT_EQ(badness(&p, "SystemCallFilter_privileged"), 9);
        /* An empty allow-list is a filter (nothing allowed). */
        p.exec.system_call_filter.n = 0;
        ASSERT_EQ(badness(&p, "SystemCallFilter_reboot"), 0);

        /* Deny-lists must cover every member the native architecture has. */
        p.exec.system_call_filter = (SyscallSet) { .set = true, .allow_list = false, .items = deny, .n = 2 };
        ASSERT_EQ(badness(&p, "SystemCallFilter_swap"), 0);
        ASSERT_EQ(badness(&p, "SystemCallFilter_reboot"), 10);
        deny[0].name = (char *) "mount";
        ASSERT_EQ(badness(&p, "SystemCallFilter_swap"), 10);
        /* An empty deny-list is no filter. */
        p.exec.system_call_filter.n = 0;
        ASSERT_EQ(badness(&p, "SystemCallFilter_swap"), 10);
}

TEST(ip_address_deny) {
        SandboxPlan p = bare();
        char *any[] = { (char *) "any", NULL };
        char *v4only[] = { (char *) "0.0.0.0/0", NULL };
        char *both[] = { (char *) "0.0.0.0/0 ::/0", NULL };
        char *localhost[] = { (char *) "localhost", NULL };
        char *loopback[] = { (char *) "127.0.0.1", (char *) "::1/128", NULL };
        char *lan[] = { (char *) "127.0.0.1", (char *) "10.0.0.0/8", NULL };

        ASSERT_EQ(badness(&p, "IPAddressDeny"), 10);
        p.cgroup.ip_address_deny = v4only;
        ASSERT_EQ(badness(&p, "IPAddressDeny"), 10);
        p.cgroup.ip_address_deny = both;
        ASSERT_EQ(badness(&p, "IPAddressDeny"), 0);
        p.cgroup.ip_address_deny = any;
        ASSERT_EQ(badness(&p, "IPAddressDeny"), 0);
        p.cgroup.ip_address_allow = localhost;
        ASSERT_EQ(badness(&p, "IPAddressDeny"), 2);
        p.cgroup.ip_address_allow = loopback;
        ASSERT_EQ(badness(&p, "IPAddressDeny"), 2);
        p.cgroup.ip_address_allow = lan;
        ASSERT_EQ(badness(&p, "IPAddressDeny"), 5);
}

TEST(worst_and_exposure_without) {
        SandboxPlan p = bare();
        _cleanup_(security_report_freep) SecurityReport *r = assess(&p);
        size_t worst[3];

        ASSERT_EQ(security_report_worst(r, 3, worst), 3);
        ASSERT_STREQ(r->results[worst[0]].check->json_field, "PrivateNetwork");
        ASSERT_STREQ(r->results[worst[1]].check->json_field, "UserOrDynamicUser");
        ASSERT_STREQ(r->results[worst[2]].check->json_field, "CapabilityBoundingSet_CAP_SYS_ADMIN");
        ASSERT_EQ(security_result_points(&r->results[worst[0]]), 2500);
        /* PrivateNetwork=yes alone: systemd-analyze says 9.1. */
        ASSERT_EQ(security_report_exposure_without(r, worst[0]), 91);

        p.exec.private_network = true;
        ASSERT_EQ(exposure(&p), 91);
}

TEST(fixes_depend_on_the_unit) {
        SandboxPlan p = bare();
        char *two[] = { (char *) "native", (char *) "x86", NULL };
        char *any[] = { (char *) "any", NULL };
        char *lan[] = { (char *) "10.0.0.0/8", NULL };
        DeviceRule rule = { .path = (char *) "/dev/null", .access = DEVICE_ACCESS_READ };
        _cleanup_(security_report_freep) SecurityReport *r = assess(&p);

        ASSERT_STREQ(result(r, "PrivateNetwork")->fix, "PrivateNetwork=yes");
        ASSERT_STREQ(result(r, "RestrictAddressFamilies_OTHER")->fix,
                     "RestrictAddressFamilies=AF_UNIX AF_INET AF_INET6");
        ASSERT_STREQ(result(r, "SystemCallArchitectures")->fix, "SystemCallArchitectures=native");
        ASSERT_STREQ(result(r, "IPAddressDeny")->fix, "IPAddressDeny=any");
        ASSERT_STREQ(result(r, "DeviceAllow")->fix, "DevicePolicy=closed");
        r = security_report_free(r);

        /* An allow-list with an exotic family: take it out with "~". */
        p.exec.restrict_address_families_set = true;
        p.exec.restrict_address_families_allow_list = true;
        p.exec.restrict_address_families = (UINT64_C(1) << AF_UNIX) | (UINT64_C(1) << AF_BLUETOOTH);
        p.exec.system_call_architectures = two;
        p.cgroup.ip_address_deny = any;
        p.cgroup.ip_address_allow = lan;
        p.cgroup.device_policy = DEVICE_POLICY_CLOSED;
        p.cgroup.device_allow = (DeviceRuleList) { .items = &rule, .n = 1 };
        r = assess(&p);
        ASSERT_STREQ(result(r, "RestrictAddressFamilies_OTHER")->fix,
                     "RestrictAddressFamilies=~AF_BLUETOOTH");
        ASSERT_STREQ(result(r, "SystemCallArchitectures")->fix,
                     "SystemCallArchitectures=\nSystemCallArchitectures=native");
        ASSERT_STREQ(result(r, "IPAddressDeny")->fix, "IPAddressAllow=");
        ASSERT_STREQ(result(r, "DeviceAllow")->fix, "DeviceAllow=");
        r = security_report_free(r);

        /* A deny-list must be reset before an allow-list can start. */
        p.exec.restrict_address_families_allow_list = false;
        p.exec.protect_clock = true;
        r = assess(&p);
        ASSERT_STREQ(result(r, "RestrictAddressFamilies_OTHER")->fix,
                     "RestrictAddressFamilies=\nRestrictAddressFamilies=AF_UNIX AF_INET AF_INET6");
        ASSERT_STREQ(result(r, "DeviceAllow")->fix, "DeviceAllow=\nProtectClock=no");
}

TEST_MAIN();
