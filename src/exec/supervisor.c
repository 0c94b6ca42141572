/* SPDX-License-Identifier: MIT */
/* The supervising parent, for when sandboxctl cannot simply become the payload: several ExecStart= commands,
 * a cgroup that must be removed afterwards, a death by SIGSYS that must be reported. It forks the "sandbox
 * process", has the backend move it into the cgroup before it does anything, forwards signals, reaps it,
 * reports a failed exec step from the error pipe, and exits with the payload's status. */
#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>

#include "exec-internal.h"
#include "exec-step.h"
#include "log.h"
#include "timing.h"

static const int forwarded_signals[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2 };

static void supervisor_sigset(sigset_t *s) {
        (void) sigemptyset(s);
        for (size_t i = 0; i < ELEMENTSOF(forwarded_signals); i++)
                (void) sigaddset(s, forwarded_signals[i]);
        (void) sigaddset(s, SIGCHLD);
}

/* Waits for pid, forwarding signals to it. Returns its wait status. */
static int supervisor_wait(pid_t pid, const sigset_t *mask) {
        for (;;) {
                siginfo_t si;
                int status;
                pid_t r;

                r = waitpid(pid, &status, WNOHANG);
                if (r == pid)
                        return status;
                if (r < 0 && errno != EINTR)
                        return W_EXITCODE(EXIT_FAILURE, 0);

                if (sigwaitinfo(mask, &si) < 0)
                        continue;
                if (si.si_signo == SIGCHLD)
                        continue;
                /* A signal the terminal generated already went to the whole foreground process group,
                 * payload included: do not deliver it twice. */
                if (si.si_code == SI_KERNEL)
                        continue;
                (void) kill(pid, si.si_signo);
        }
}

/* The payload's status as sandboxctl's exit status: its exit code, or 128+N for a death by signal N. */
static int exit_status_of(int status) {
        if (WIFEXITED(status))
                return WEXITSTATUS(status);
        if (WIFSIGNALED(status)) {
                int sig = WTERMSIG(status);

                if (sig == SIGSYS)
                        log_error("Payload killed by SIGSYS (bad system call): a system call was denied by the "
                                  "seccomp filter (SystemCallFilter=, SystemCallArchitectures=).");
                return 128 + sig;
        }
        return EXIT_FAILURE;
}

static int read_error(int fd) {
        ExecError e;

        if (exec_error_read(fd, &e) > 0) {
                exec_error_log(&e);
                return 1;
        }
        return 0;
}

/* The sandbox process with several commands: each runs in its own child, one after the other, in the same
 * cgroup (systemd's Type=oneshot). */
static int run_commands(const ExecPrepared *x, const ExecCommand *cmds, size_t n_cmds, const sigset_t *mask) {
        pid_t self = getpid();
        int status = 0;

        for (size_t i = 0; i < n_cmds; i++) {
                _cleanup_close_ int err_read = -EBADF;
                int errp[2], s;
                pid_t pid;

                if (pipe2(errp, O_CLOEXEC) < 0) {
                        (void) log_error_errno(errno, "Failed to create a pipe: %m");
                        return EXIT_FAILURE;
                }
                pid = fork();
                if (pid < 0) {
                        (void) log_error_errno(errno, "Failed to fork: %m");
                        (void) close(errp[0]);
                        (void) close(errp[1]);
                        return exec_step_exit_status(EXEC_STEP_SPAWN);
                }
                if (pid == 0) {
                        (void) close(errp[0]);
                        exec_run(x, &cmds[i], errp[1], self);
                }
                (void) close(errp[1]);
                err_read = errp[0];

                s = supervisor_wait(pid, mask);
                (void) read_error(err_read);
                status = exit_status_of(s);
                if (status != 0 && (cmds[i].flags & EXEC_COMMAND_IGNORE_FAILURE))
                        status = 0;
                else if (status != 0)
                        break;
        }
        return status;
}

int supervisor_run(const ExecPrepared *x, Backend *b, const ExecCommand *cmds, size_t n_cmds) {
        _cleanup_close_ int go_write = -EBADF, err_read = -EBADF;
        sigset_t mask, saved;
        int go[2], errp[2], status, r;
        pid_t self = getpid(), pid;

        supervisor_sigset(&mask);
        if (sigprocmask(SIG_BLOCK, &mask, &saved) < 0) {
                (void) log_error_errno(errno, "Failed to block signals: %m");
                return EXIT_FAILURE;
        }

        if (pipe2(go, O_CLOEXEC) < 0) {
                (void) log_error_errno(errno, "Failed to create a pipe: %m");
                return EXIT_FAILURE;
        }
        if (pipe2(errp, O_CLOEXEC) < 0) {
                (void) close(go[0]);
                (void) close(go[1]);
                (void) log_error_errno(errno, "Failed to create a pipe: %m");
                return EXIT_FAILURE;
        }

        fflush(stdout);
        fflush(stderr);
        pid = fork();
        if (pid < 0) {
                (void) log_error_errno(errno, "Failed to fork: %m");
                (void) close(go[0]);
                (void) close(go[1]);
                (void) close(errp[0]);
                (void) close(errp[1]);
                return exec_step_exit_status(EXEC_STEP_SPAWN);
        }
        if (pid == 0) {
                char c;

                (void) close(go[1]);
                (void) close(errp[0]);
                if (prctl(PR_SET_PDEATHSIG, SIGKILL, 0UL, 0UL, 0UL) < 0 || getppid() != self)
                        _exit(EXIT_FAILURE);
                /* Wait until the backend moved us into the cgroup: nothing runs outside of it. */
                if (read(go[0], &c, 1) != 1)
                        _exit(EXIT_FAILURE);
                (void) close(go[0]);
                timing_mark("(child-waited)"); /* the parent's fork and backend-enter, counted there */

                if (n_cmds == 1)
                        exec_run(x, &cmds[0], errp[1], self);
                _exit(run_commands(x, cmds, n_cmds, &mask));
        }
        (void) close(go[0]);
        (void) close(errp[1]);
        go_write = go[1];
        err_read = errp[0];

        timing_mark("fork");
        r = backend_enter(b, x->plan, pid); /* logs its failures, leaves nothing behind */
        if (r < 0) {
                (void) kill(pid, SIGKILL);
                (void) waitpid(pid, NULL, 0);
                (void) sigprocmask(SIG_SETMASK, &saved, NULL);
                return EXIT_FAILURE;
        }
        timing_mark("backend-enter");
        if (write(go_write, "x", 1) != 1) {
                (void) log_error_errno(errno, "Failed to start the sandbox process: %m");
                (void) kill(pid, SIGKILL);
        }
        go_write = safe_close(go_write);

        status = supervisor_wait(pid, &mask);
        (void) read_error(err_read);
        r = exit_status_of(status);

        if (backend_finish(b) < 0)
                log_warning("Failed to clean up the cgroup backend, ignoring.");
        (void) sigprocmask(SIG_SETMASK, &saved, NULL);
        return r;
}
