/* SPDX-License-Identifier: MIT */
/* The supervising parent, for when sandboxctl cannot simply become the payload: several ExecStart= commands,
 * a cgroup that must be removed afterwards, a death by SIGSYS that must be reported. It forks the "sandbox
 * process", has the backend move it into the cgroup before it does anything, forwards signals, reaps it,
 * reports a failed exec step from the error pipe, and exits with the payload's status.
 *
 * perf (docs/PERFORMANCE.md, "Supervisor RSS"): once the sandbox process is in its cgroup and released, the
 * parent has nothing left to do but wait, yet as a fork of the process that parsed, planned, compiled and
 * loaded libbpf it keeps ~3 MiB resident for the payload's whole life. So it re-executes itself
 * (/proc/self/exe: the same binary, whatever happened to the file since) as `sandboxctl __supervise`, which
 * only waits, forwards, reports and cleans up: same pid (the registry, the watchdog's pidfd and the child's
 * parent-death signal all stay valid), same exit status. Handed over through execve(): the child pid, the
 * error pipe (an inherited fd), the log level and the backend's finish state in argv; the blocked signals
 * in the signal mask, with whatever is pending. Where that is impossible (no /proc/self/exe, a backend whose
 * finish needs more than strings), the in-process supervisor below carries on as before. */
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>

#include "exec-internal.h"
#include "exec-step.h"
#include "log.h"
#include "strv.h"
#include "timing.h"
#include "values.h"

#define SUPERVISE_VERB "__supervise"

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

/* Our own command line as it was (/proc/self/cmdline), appended after "--" so that ps and pgrep -f still
 * show what this supervisor runs. NULL when unreadable. */
static char **own_cmdline(void) {
        _cleanup_fclose_ FILE *f = NULL;
        _cleanup_free_ char *buf = NULL;
        size_t n = 0, size = 0;
        char **l = NULL;

        f = fopen("/proc/self/cmdline", "re");
        if (!f)
                return NULL;
        for (;;) {
                size_t k;

                if (size - n < 4096) {
                        size = size * 2 + 4096;
                        buf = xrealloc(buf, size + 1);
                }
                k = fread(buf + n, 1, size - n, f);
                n += k;
                if (k == 0)
                        break;
        }
        if (ferror(f) || n == 0)
                return NULL;
        buf[n] = '\0';
        for (size_t i = 0; i < n; i += strlen(buf + i) + 1)
                strv_extend(&l, buf + i);
        return l;
}

/* Replaces this process, which keeps the sandbox process as its child, with `sandboxctl __supervise`.
 * Returns (with everything as it was) when that cannot be done. */
static void supervisor_reexec(const Backend *b, pid_t pid, int err_fd) {
        _cleanup_free_ char *cgroup_dir = NULL, *state_file = NULL;
        _cleanup_strv_free_ char **argv = NULL, **orig = NULL;
        const char *e;
        int r;

        e = secure_getenv("SANDBOXCTL_SUPERVISOR_REEXEC");
        if (e && streq(e, "0"))
                return;
        r = backend_finish_state(b, &cgroup_dir, &state_file);
        if (r < 0) {
                log_debug_errno(r, "The backend's cleanup cannot be handed over, supervising in-process: %m");
                return;
        }

        orig = own_cmdline();
        strv_extend(&argv, orig ? orig[0] : "sandboxctl");
        strv_extend(&argv, SUPERVISE_VERB);
        strv_consume(&argv, xasprintf("--pid=%d", (int) pid));
        strv_consume(&argv, xasprintf("--error-fd=%d", err_fd));
        strv_consume(&argv, xasprintf("--log-level=%d", (int) log_get_max_level()));
        if (cgroup_dir)
                strv_consume(&argv, xasprintf("--cgroup=%s", cgroup_dir));
        if (state_file)
                strv_consume(&argv, xasprintf("--state-file=%s", state_file));
        strv_extend(&argv, "--");
        STRV_FOREACH(a, orig)
                strv_extend(&argv, *a);

        /* The error pipe is the one fd that must survive; every other one we opened is O_CLOEXEC. */
        if (fcntl(err_fd, F_SETFD, 0) < 0) {
                log_debug_errno(negative_errno(), "Failed to hand over the error pipe: %m");
                return;
        }
        fflush(stdout);
        fflush(stderr);
        (void) execve("/proc/self/exe", argv, environ);

        /* /proc not mounted, or the binary no longer executable: stay as we are. */
        log_debug_errno(negative_errno(), "Failed to re-execute /proc/self/exe, supervising in-process: %m");
        (void) fcntl(err_fd, F_SETFD, FD_CLOEXEC);
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

        supervisor_reexec(b, pid, err_read); /* returns only when it cannot */

        status = supervisor_wait(pid, &mask);
        (void) read_error(err_read);
        r = exit_status_of(status);

        if (backend_finish(b) < 0)
                log_warning("Failed to clean up the cgroup backend, ignoring.");
        (void) sigprocmask(SIG_SETMASK, &saved, NULL);
        return r;
}

/* `sandboxctl __supervise --pid=PID --error-fd=FD --log-level=N [--cgroup=DIR] [--state-file=PATH] -- ARGV…`:
 * the supervisor after supervisor_reexec(). Parses nothing else and loads nothing: the process holds little
 * more than libc. */
int supervisor_main(int argc, char **argv) {
        const char *cgroup_dir = NULL, *state_file = NULL;
        unsigned pid = 0, err_fd = 0, level = LOG_LEVEL_WARNING;
        bool have_pid = false, have_fd = false;
        sigset_t mask;
        int status, r;

        for (int i = 2; i < argc && !streq(argv[i], "--"); i++) {
                const char *a = argv[i];

                if (strneq(a, "--pid=", 6) && safe_atou(a + 6, &pid) >= 0 && pid > 0)
                        have_pid = true;
                else if (strneq(a, "--error-fd=", 11) && safe_atou(a + 11, &err_fd) >= 0 && err_fd <= INT_MAX)
                        have_fd = true;
                else if (strneq(a, "--log-level=", 12) && safe_atou(a + 12, &level) >= 0 && level <= LOG_LEVEL_DEBUG)
                        ;
                else if (strneq(a, "--cgroup=", 9) && a[9] == '/')
                        cgroup_dir = a + 9;
                else if (strneq(a, "--state-file=", 13) && a[13] == '/')
                        state_file = a + 13;
                else {
                        log_error("%s is internal to sandboxctl start; invalid argument '%s'.", SUPERVISE_VERB, a);
                        return EXIT_FAILURE;
                }
        }
        if (!have_pid || !have_fd) {
                log_error("%s is internal to sandboxctl start, not a command.", SUPERVISE_VERB);
                return EXIT_FAILURE;
        }
        log_set_max_level((LogLevel) level);

        /* execve() named us "exe" (after /proc/self/exe); ps, top and pgrep -x should still see the name we
         * were started as (argv[0] is the original one). */
        (void) prctl(PR_SET_NAME, (unsigned long) (strrchr(argv[0], '/') ? strrchr(argv[0], '/') + 1 : argv[0]),
                     0UL, 0UL, 0UL);

        /* Blocked across the execve() already (signals that arrived meanwhile are pending); again in case. */
        supervisor_sigset(&mask);
        (void) sigprocmask(SIG_BLOCK, &mask, NULL);

        status = supervisor_wait((pid_t) pid, &mask);
        (void) read_error((int) err_fd);
        (void) close((int) err_fd);
        r = exit_status_of(status);

        if (backend_finish_detached(cgroup_dir, state_file) < 0)
                log_warning("Failed to clean up the cgroup backend, ignoring.");
        return r;
}
