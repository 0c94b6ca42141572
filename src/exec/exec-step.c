/* SPDX-License-Identifier: MIT */
#include <string.h>
#include <unistd.h>

#include "exec-step.h"
#include "log.h"

static const struct {
        const char *name;
        int status;
} exec_step_table[_EXEC_STEP_MAX] = {
        [EXEC_STEP_USER_NAMESPACE]    = { "USER_NAMESPACE",    250 },
        [EXEC_STEP_NAMESPACES]        = { "NAMESPACES",        225 },
        [EXEC_STEP_MOUNTS]            = { "MOUNTS",            226 },
        [EXEC_STEP_LOOPBACK]          = { "LOOPBACK",          251 },
        [EXEC_STEP_LIMITS]            = { "LIMITS",            205 },
        [EXEC_STEP_GROUP]             = { "GROUP",             216 },
        [EXEC_STEP_USER]              = { "USER",              217 },
        [EXEC_STEP_CAPABILITIES]      = { "CAPABILITIES",      218 },
        [EXEC_STEP_CHDIR]             = { "CHDIR",             200 },
        [EXEC_STEP_SELINUX_CONTEXT]   = { "SELINUX_CONTEXT",   229 },
        [EXEC_STEP_APPARMOR_PROFILE]  = { "APPARMOR_PROFILE",  231 },
        [EXEC_STEP_NO_NEW_PRIVILEGES] = { "NO_NEW_PRIVILEGES", 227 },
        [EXEC_STEP_SECCOMP]           = { "SECCOMP",           228 },
        [EXEC_STEP_EXEC]              = { "EXEC",              203 },
        [EXEC_STEP_SPAWN]             = { "SPAWN",             252 },
};

const char *exec_step_to_string(ExecStep s) {
        if (s < 0 || s >= _EXEC_STEP_MAX)
                return NULL;
        return exec_step_table[s].name;
}

ExecStep exec_step_from_string(const char *s) {
        for (ExecStep i = 0; i < _EXEC_STEP_MAX; i++)
                if (streq(exec_step_table[i].name, s))
                        return i;
        return _EXEC_STEP_INVALID;
}

int exec_step_exit_status(ExecStep s) {
        if (s < 0 || s >= _EXEC_STEP_MAX)
                return 1;
        return exec_step_table[s].status;
}

static void write_str(int fd, const char *s) {
        (void) !write(fd, s, strlen(s));
}

_noreturn_ void exec_step_fail(int error_fd, ExecStep step, int error, const char *detail) {
        if (error < 0)
                error = -error;

        if (error_fd >= 0) {
                ExecError e = {
                        .step = step,
                        .error = error,
                };

                if (detail)
                        strncpy(e.detail, detail, sizeof(e.detail) - 1);
                (void) !write(error_fd, &e, sizeof(e));
        } else {
                /* No supervisor: one line on stderr, built without stdio (we may be past the point where
                 * allocating is safe, e.g. under a seccomp filter). strerrordesc_np() only returns a
                 * static string. */
                const char *m = strerrordesc_np(error);

                write_str(STDERR_FILENO, "sandboxctl: Failed at step ");
                write_str(STDERR_FILENO, exec_step_to_string(step) ?: "?");
                write_str(STDERR_FILENO, ": ");
                write_str(STDERR_FILENO, m ?: "Unknown error");
                if (!isempty(detail)) {
                        write_str(STDERR_FILENO, " (");
                        write_str(STDERR_FILENO, detail);
                        write_str(STDERR_FILENO, ")");
                }
                write_str(STDERR_FILENO, "\n");
        }
        _exit(exec_step_exit_status(step));
}

int exec_error_read(int fd, ExecError *ret) {
        ExecError e;
        ssize_t n;

        do
                n = read(fd, &e, sizeof(e));
        while (n < 0 && errno == EINTR);
        if (n < 0)
                return -errno;
        if (n == 0)
                return 0;
        if ((size_t) n != sizeof(e))
                return -EIO;
        e.detail[sizeof(e.detail) - 1] = '\0';
        *ret = e;
        return 1;
}

void exec_error_log(const ExecError *e) {
        if (!isempty(e->detail))
                log_error_errno(e->error, "Failed at step %s: %m (%s)",
                                exec_step_to_string(e->step) ?: "?", e->detail);
        else
                log_error_errno(e->error, "Failed at step %s: %m", exec_step_to_string(e->step) ?: "?");
}
