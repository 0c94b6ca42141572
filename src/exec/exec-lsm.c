/* SPDX-License-Identifier: MIT */
/* AppArmorProfile= and SELinuxContext=: the parent checks that the LSM is active before anything changes;
 * the child asks for the transition at the next execve() by writing its own /proc/self/attr/…/exec (what
 * libapparmor's aa_change_onexec() and libselinux's setexeccon() do), after the uid switch and before
 * no_new_privs and seccomp (no_new_privs restricts LSM transitions; seccomp filters must not see the write).
 *
 * Fail closed, a documented difference from systemd (which ignores the directive when the LSM is off): without
 * the '-' prefix an inactive LSM refuses the start at the directive's FILE:LINE, and a refused transition
 * stops the run at that step. With '-', both are ignored, as systemd's '-' does. */
#include <fcntl.h>
#include <stdio.h>

#include "exec-internal.h"
#include "log.h"

/* The active LSMs from securityfs, or NULL when it cannot be read (not mounted, no permission). */
static char *lsm_list(void) {
        char buf[512];
        ssize_t n;
        int fd;

        fd = open("/sys/kernel/security/lsm", O_RDONLY | O_CLOEXEC);
        if (fd < 0)
                return NULL;
        n = read(fd, buf, sizeof(buf) - 1);
        (void) close(fd);
        if (n < 0)
                return NULL;
        buf[n] = '\0';
        return xstrdup(buf);
}

static bool lsm_listed(const char *list, const char *name) {
        size_t l = strlen(name);

        for (const char *p = list; p && *p;) {
                size_t n = strcspn(p, ",\n");

                if (n == l && strneq(p, name, l))
                        return true;
                p += n + (p[n] != '\0');
        }
        return false;
}

static bool apparmor_active(const char *list, const char **ret_why) {
        char c = 0;
        int fd;

        fd = open("/sys/module/apparmor/parameters/enabled", O_RDONLY | O_CLOEXEC);
        if (fd < 0) {
                *ret_why = "/sys/module/apparmor/parameters/enabled is missing: the kernel has no AppArmor";
                return false;
        }
        if (read(fd, &c, 1) != 1)
                c = 0;
        (void) close(fd);
        if (c != 'Y') {
                *ret_why = "AppArmor is disabled (/sys/module/apparmor/parameters/enabled is not Y)";
                return false;
        }
        if (list && !lsm_listed(list, "apparmor")) {
                *ret_why = "AppArmor is not in /sys/kernel/security/lsm";
                return false;
        }
        return true;
}

static bool selinux_active(const char *list, const char **ret_why) {
        if (access("/sys/fs/selinux/enforce", F_OK) < 0) {
                *ret_why = "SELinux is not active (no selinuxfs at /sys/fs/selinux)";
                return false;
        }
        if (list && !lsm_listed(list, "selinux")) {
                *ret_why = "SELinux is not in /sys/kernel/security/lsm";
                return false;
        }
        return true;
}

static void origin_of(const SandboxPlan *p, const char *name, const char **ret_file, unsigned *ret_line) {
        const DirectiveOrigin *o = NULL;

        if (sandbox_plan_has(p, name, &o) && o) {
                *ret_file = o->file;
                *ret_line = o->line;
        } else {
                *ret_file = p->unit_path;
                *ret_line = 0;
        }
}

int exec_lsm_prepare(const SandboxPlan *p, DiagList *diags, ExecPrepared *x) {
        _cleanup_free_ char *list = NULL;
        const ExecPart *e = &p->exec;
        const char *why = NULL, *file;
        unsigned line;
        int r = 0;

        if (!e->apparmor_profile && !e->selinux_context)
                return 0;
        list = lsm_list();

        if (e->apparmor_profile) {
                if (apparmor_active(list, &why)) {
                        x->apparmor_profile = e->apparmor_profile;
                        x->apparmor_ignore = e->apparmor_profile_ignore;
                } else if (e->apparmor_profile_ignore)
                        log_notice("AppArmorProfile=-%s: %s, running without the profile ('-' prefix).",
                                   e->apparmor_profile, why);
                else {
                        origin_of(p, "AppArmorProfile", &file, &line);
                        diag_add(diags, false, file, line, "AppArmorProfile",
                                 "AppArmorProfile=%s cannot be applied: %s; refusing to run without it "
                                 "(write AppArmorProfile=-%s to run without it where AppArmor is off).",
                                 e->apparmor_profile, why, e->apparmor_profile);
                        r = -EOPNOTSUPP;
                }
        }

        if (e->selinux_context) {
                if (selinux_active(list, &why)) {
                        x->selinux_context = e->selinux_context;
                        x->selinux_ignore = e->selinux_context_ignore;
                } else if (e->selinux_context_ignore)
                        log_notice("SELinuxContext=-%s: %s, running without the context ('-' prefix).",
                                   e->selinux_context, why);
                else {
                        origin_of(p, "SELinuxContext", &file, &line);
                        diag_add(diags, false, file, line, "SELinuxContext",
                                 "SELinuxContext=%s cannot be applied: %s; refusing to run without it "
                                 "(write SELinuxContext=-%s to run without it where SELinux is off).",
                                 e->selinux_context, why, e->selinux_context);
                        r = -EOPNOTSUPP;
                }
        }
        return r;
}

static int attr_write(const char *path, const char *prefix, const char *value) {
        char buf[4096];
        int fd, n, r = 0;

        n = snprintf(buf, sizeof(buf), "%s%s", prefix, value);
        if (n < 0 || (size_t) n >= sizeof(buf))
                return -ENAMETOOLONG;
        fd = open(path, O_WRONLY | O_CLOEXEC);
        if (fd < 0)
                return -errno;
        if (write(fd, buf, n) != n)
                r = errno > 0 ? -errno : -EIO;
        (void) close(fd);
        return r;
}

int exec_lsm_apply(const ExecPrepared *x, ExecStep *ret_step, const char **ret_what) {
        int r;

        if (x->selinux_context) {
                r = attr_write("/proc/self/attr/exec", "", x->selinux_context);
                if (r < 0 && !x->selinux_ignore) {
                        *ret_step = EXEC_STEP_SELINUX_CONTEXT;
                        *ret_what = x->selinux_context;
                        return r;
                }
        }
        if (x->apparmor_profile) {
                /* The per-LSM file (Linux >= 5.1, LSM stacking) first, the shared one on older kernels. */
                r = attr_write("/proc/self/attr/apparmor/exec", "exec ", x->apparmor_profile);
                if (r == -ENOENT)
                        r = attr_write("/proc/self/attr/exec", "exec ", x->apparmor_profile);
                if (r < 0 && !x->apparmor_ignore) {
                        *ret_step = EXEC_STEP_APPARMOR_PROFILE;
                        *ret_what = x->apparmor_profile;
                        return r;
                }
        }
        return 0;
}
