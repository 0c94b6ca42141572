/* SPDX-License-Identifier: MIT */
/* PrivatePIDs= (systemd >= 257 semantics): after unshare(CLONE_NEWPID) the next child is PID 1 of the new PID
 * namespace. exec_run() forks here, right after the namespaces and before the mounts, so the procfs the mount
 * list puts on /proc is the new namespace's (a procfs shows the PID namespace of the process that mounts it).
 * The parent stays outside as the reaper: it forwards signals, waits, and exits the way the payload did.
 *
 * PID 1 of a namespace only gets the signals it has a handler for; the kernel drops the others, even SIGTERM
 * (pid_namespaces(7)), and only SIGKILL/SIGSTOP from an ancestor namespace are forced. So a forwarded SIGINT,
 * SIGTERM, SIGHUP, SIGQUIT, SIGUSR1 or SIGUSR2 goes to the payload as is when it catches that signal
 * (SigCgt in /proc/PID/status), and becomes SIGKILL when it does not: the default action of all six is to
 * terminate, which the payload would otherwise never see. Exit status 137 then says so. */
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/wait.h>

#include "exec-internal.h"

static const int forwarded_signals[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2 };

/* PID 1's end of a pipe whose other end only the reaper holds: EOF means the reaper is gone. */
static int reaper_watch_fd = -EBADF;

/* Whether pid (in the PID namespace of the procfs behind proc_fd) has a handler for sig. Unknown counts as
 * "no handler": then the payload gets SIGKILL, which terminates it either way. */
static bool has_handler(int proc_fd, pid_t pid, int sig) {
        char path[32], buf[4096];
        unsigned long long mask = 0;
        const char *l;
        ssize_t n;
        int fd;

        (void) snprintf(path, sizeof(path), "%d/status", (int) pid);
        fd = openat(proc_fd, path, O_RDONLY | O_CLOEXEC);
        if (fd < 0)
                return false;
        n = read(fd, buf, sizeof(buf) - 1);
        (void) close(fd);
        if (n <= 0)
                return false;
        buf[n] = '\0';
        l = strstr(buf, "\nSigCgt:");
        if (!l || sscanf(l + 8, "%llx", &mask) != 1)
                return false;
        return sig >= 1 && sig <= 64 && (mask & (1ULL << (sig - 1)));
}

_noreturn_ static void reaper(pid_t pid, int proc_fd, const sigset_t *mask) {
        int status;

        for (;;) {
                siginfo_t si;
                pid_t r;
                bool handled;

                r = waitpid(pid, &status, WNOHANG);
                if (r == pid)
                        break;
                if (r < 0 && errno != EINTR)
                        _exit(EXIT_FAILURE);
                if (sigwaitinfo(mask, &si) < 0 || si.si_signo == SIGCHLD)
                        continue;

                handled = has_handler(proc_fd, pid, si.si_signo);
                /* From the terminal (SI_KERNEL), the signal already reached the whole foreground process
                 * group: a payload with a handler got it, one without had it dropped. */
                if (si.si_code == SI_KERNEL && handled)
                        continue;
                (void) kill(pid, handled ? si.si_signo : SIGKILL);
        }

        if (WIFSIGNALED(status)) {
                int sig = WTERMSIG(status);
                sigset_t s;

                /* Die the same way, so a supervisor or the shell sees the payload's signal (no core dump of
                 * our own). */
                (void) prctl(PR_SET_DUMPABLE, 0UL, 0UL, 0UL, 0UL);
                (void) signal(sig, SIG_DFL);
                (void) sigemptyset(&s);
                (void) sigaddset(&s, sig);
                (void) sigprocmask(SIG_UNBLOCK, &s, NULL);
                (void) raise(sig);
                _exit(128 + sig);
        }
        _exit(WIFEXITED(status) ? WEXITSTATUS(status) : EXIT_FAILURE);
}

int exec_pidns_fork(void) {
        sigset_t mask, saved;
        int watch[2], proc_fd, r;
        pid_t pid;

        /* The host's (old namespace's) procfs, opened before PID 1 can cover /proc: the reaper reads the
         * payload's signal handlers there. Never reaches PID 1 past the close below. */
        proc_fd = open("/proc", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (proc_fd < 0)
                return -errno;
        if (pipe2(watch, O_CLOEXEC) < 0) {
                r = -errno;
                (void) close(proc_fd);
                return r;
        }

        (void) sigemptyset(&mask);
        for (size_t i = 0; i < ELEMENTSOF(forwarded_signals); i++)
                (void) sigaddset(&mask, forwarded_signals[i]);
        (void) sigaddset(&mask, SIGCHLD);
        if (sigprocmask(SIG_BLOCK, &mask, &saved) < 0) {
                r = -errno;
                goto fail;
        }

        pid = fork();
        if (pid < 0) {
                r = -errno;
                (void) sigprocmask(SIG_SETMASK, &saved, NULL);
                goto fail;
        }
        if (pid == 0) {
                /* PID 1: the reaper's death must take the sandbox with it (every process of the namespace
                 * dies with its PID 1). getppid() is 0 here, so the pipe tells whether the reaper is alive. */
                (void) close(proc_fd);
                (void) close(watch[1]);
                reaper_watch_fd = watch[0];
                if (prctl(PR_SET_PDEATHSIG, SIGKILL, 0UL, 0UL, 0UL) < 0)
                        return -errno;
                r = exec_pidns_pdeathsig_rearm();
                if (r < 0)
                        return r;
                (void) sigprocmask(SIG_SETMASK, &saved, NULL);
                return 0;
        }

        (void) close(watch[0]);
        reaper(pid, proc_fd, &mask); /* keeps watch[1] open until it exits */

fail:
        (void) close(proc_fd);
        (void) close(watch[0]);
        (void) close(watch[1]);
        return r;
}

int exec_pidns_pdeathsig_rearm(void) {
        struct pollfd p = { .fd = reaper_watch_fd, .events = POLLIN };

        if (reaper_watch_fd < 0)
                return -EBADF;
        if (prctl(PR_SET_PDEATHSIG, SIGKILL, 0UL, 0UL, 0UL) < 0)
                return -errno;
        /* The reaper may have died before the request. */
        if (poll(&p, 1, 0) != 0)
                _exit(EXIT_FAILURE);
        return 0;
}
