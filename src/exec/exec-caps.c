/* SPDX-License-Identifier: MIT */
/* CapabilityBoundingSet= and AmbientCapabilities=. The child side uses the raw capget()/capset()/prctl()
 * syscalls: libcap allocates, and nothing between fork and execve may. */
#include <linux/capability.h>
#include <stdio.h>
#include <sys/prctl.h>
#include <sys/syscall.h>

#include "exec-internal.h"

static int read_cap_last(void) {
        _cleanup_fclose_ FILE *f = NULL;
        int v;

        f = fopen("/proc/sys/kernel/cap_last_cap", "re");
        if (!f || fscanf(f, "%d", &v) != 1 || v < 0 || v > 63)
                return CAP_LAST_CAP; /* the headers' idea, when /proc is not there */
        return v;
}

int exec_caps_prepare(const SandboxPlan *p, DiagList *diags, ExecPrepared *x) {
        const ExecPart *e = &p->exec;
        uint64_t all;

        x->cap_last = read_cap_last();
        all = x->cap_last >= 63 ? UINT64_MAX : (UINT64_C(1) << (x->cap_last + 1)) - 1;

        /* The plan's set already has the implied drops (PrivateDevices=, ProtectKernelModules=, …) applied;
         * it needs applying when configured or when an implied drop made it smaller than everything. */
        x->bounding = e->capability_bounding_set & all;
        x->drop_bounding = e->capability_bounding_set_set ||
                           ((e->capability_bounding_set & all) != all && e->capability_bounding_set != 0);

        x->ambient = e->ambient_capabilities & all;
        if (x->drop_bounding)
                x->ambient &= x->bounding; /* a capability outside the bounding set cannot be inherited */

        x->no_new_privileges = e->no_new_privileges;
        return 0;
}

static int caps_get(struct __user_cap_data_struct d[2]) {
        struct __user_cap_header_struct h = { .version = _LINUX_CAPABILITY_VERSION_3 };

        if (syscall(SYS_capget, &h, d) < 0)
                return -errno;
        return 0;
}

static int caps_set(struct __user_cap_data_struct d[2]) {
        struct __user_cap_header_struct h = { .version = _LINUX_CAPABILITY_VERSION_3 };

        if (syscall(SYS_capset, &h, d) < 0)
                return -errno;
        return 0;
}

bool exec_caps_have_effective(int cap) {
        struct __user_cap_data_struct d[2] = {};

        if (caps_get(d) < 0)
                return false;
        return d[cap / 32].effective & (1u << (cap % 32));
}

static int ambient_raise(const ExecPrepared *x) {
        for (int cap = 0; cap <= x->cap_last; cap++)
                if ((x->ambient & (UINT64_C(1) << cap)) &&
                    prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, (unsigned long) cap, 0UL, 0UL) < 0)
                        return -errno;
        return 0;
}

int exec_caps_before_user(const ExecPrepared *x) {
        struct __user_cap_data_struct d[2] = {};
        int r;

        /* PR_CAPBSET_DROP needs CAP_SETPCAP, which a non-root User= no longer has after setresuid(): drop
         * the bounding set first. It limits what any later execve() can gain, including a setuid root
         * binary's. */
        if (x->drop_bounding) {
                for (int cap = 0; cap <= x->cap_last; cap++)
                        if (!(x->bounding & (UINT64_C(1) << cap)) &&
                            prctl(PR_CAPBSET_DROP, (unsigned long) cap, 0UL, 0UL, 0UL) < 0)
                                return -errno;

                /* Also take them out of the inheritable set, as systemd does. */
                r = caps_get(d);
                if (r < 0)
                        return r;
                d[0].inheritable &= (uint32_t) x->bounding;
                d[1].inheritable &= (uint32_t) (x->bounding >> 32);
                r = caps_set(d);
                if (r < 0)
                        return r;
        }

        if (x->ambient == 0)
                return 0;

        /* An ambient capability must be permitted and inheritable: add to the inheritable set, raise, and
         * keep the permitted set across the uid change (setresuid() from root would clear it, and the
         * ambient set with it). */
        r = caps_get(d);
        if (r < 0)
                return r;
        d[0].inheritable |= (uint32_t) x->ambient;
        d[1].inheritable |= (uint32_t) (x->ambient >> 32);
        r = caps_set(d);
        if (r < 0)
                return r;
        r = ambient_raise(x);
        if (r < 0)
                return r;
        if (x->creds.set_uid && x->creds.uid != 0 && prctl(PR_SET_KEEPCAPS, 1UL, 0UL, 0UL, 0UL) < 0)
                return -errno;
        return 0;
}

int exec_caps_after_user(const ExecPrepared *x) {
        if (x->ambient == 0)
                return 0;
        return ambient_raise(x);
}
