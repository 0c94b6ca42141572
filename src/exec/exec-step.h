/* SPDX-License-Identifier: MIT */
#pragma once

/* The exec-side steps, in the order exec-run.c runs them, each with its own documented exit code (systemd's
 * EXIT_* values where systemd has a step of the same meaning, sandboxctl-specific values from 250 up
 * otherwise), and the error-pipe protocol a child uses to tell its supervising parent which step failed.
 *
 *   step               exit  systemd equivalent
 *   USER_NAMESPACE     250   (systemd reports PrivateUsers= failures as EXIT_USER)
 *   NAMESPACES         225   EXIT_NETWORK (net, ipc, uts, pid namespaces)
 *   MOUNTS             226   EXIT_NAMESPACE (the mount namespace and its mounts)
 *   LOOPBACK           251   (systemd ignores loopback failures; sandboxctl fails closed)
 *   LIMITS             205   EXIT_LIMITS (rlimits, umask)
 *   GROUP              216   EXIT_GROUP
 *   USER               217   EXIT_USER
 *   CAPABILITIES       218   EXIT_CAPABILITIES
 *   CHDIR              200   EXIT_CHDIR
 *   SELINUX_CONTEXT    229   EXIT_SELINUX_CONTEXT
 *   APPARMOR_PROFILE   231   EXIT_APPARMOR_PROFILE
 *   NO_NEW_PRIVILEGES  227   EXIT_NO_NEW_PRIVILEGES
 *   SECCOMP            228   EXIT_SECCOMP
 *   EXEC               203   EXIT_EXEC
 *   SPAWN              252   (the supervisor could not start the child)
 */

#include <stdbool.h>
#include <stdint.h>

#include "macro.h"

typedef enum ExecStep {
        EXEC_STEP_USER_NAMESPACE,
        EXEC_STEP_NAMESPACES,
        EXEC_STEP_MOUNTS,
        EXEC_STEP_LOOPBACK,
        EXEC_STEP_LIMITS,
        EXEC_STEP_GROUP,
        EXEC_STEP_USER,
        EXEC_STEP_CAPABILITIES,
        EXEC_STEP_CHDIR,
        EXEC_STEP_SELINUX_CONTEXT,
        EXEC_STEP_APPARMOR_PROFILE,
        EXEC_STEP_NO_NEW_PRIVILEGES,
        EXEC_STEP_SECCOMP,
        EXEC_STEP_EXEC,
        EXEC_STEP_SPAWN,
        _EXEC_STEP_MAX,
        _EXEC_STEP_INVALID = -EINVAL,
} ExecStep;

const char *exec_step_to_string(ExecStep s);
ExecStep exec_step_from_string(const char *s);
/* The documented exit status of a failed step (see the table above). */
int exec_step_exit_status(ExecStep s);

/* One record on the error pipe: written once by the child, with a single write() (smaller than PIPE_BUF, so
 * atomic), just before it exits with exec_step_exit_status(step). A successful execve() closes the CLOEXEC
 * pipe without a record. */
typedef struct ExecError {
        int32_t step;  /* ExecStep */
        int32_t error; /* positive errno */
        char detail[248]; /* NUL-terminated path or name the step failed on, may be empty */
} ExecError;

/* Child side: reports the failure (to fd when >= 0, else as one line on stderr) and exits with the step's
 * status. Async-signal-safe: no allocation, no stdio. */
_noreturn_ void exec_step_fail(int error_fd, ExecStep step, int error, const char *detail);

/* Parent side: reads a record from the pipe. Returns 1 when one was read (and fills *ret), 0 on EOF (the child
 * reached execve), <0 on error. */
int exec_error_read(int fd, ExecError *ret);
/* Prints "Failed at step NAME: strerror (detail)" to stderr. */
void exec_error_log(const ExecError *e);
