/* SPDX-License-Identifier: MIT */
/* Namespaces: PrivateUsers= (user namespace, maps written by a helper that stays in the parent namespace),
 * PrivateNetwork=, PrivateIPC=, ProtectHostname= and the mount namespace; the loopback device of a new
 * network namespace. */
#include <fcntl.h>
#include <net/if.h>
#include <sched.h>
#include <stdio.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/wait.h>

#include "exec-internal.h"

static void map_add(char **map, unsigned long id) {
        char *n;

        /* One "ID ID 1" line per id, no duplicates. */
        if (*map) {
                char needle[32];

                (void) snprintf(needle, sizeof(needle), "%lu %lu 1\n", id, id);
                for (const char *l = *map; *l; l = strchr(l, '\n') + 1)
                        if (strneq(l, needle, strlen(needle)))
                                return;
        }
        n = xasprintf("%s%lu %lu 1\n", *map ?: "", id, id);
        free(*map);
        *map = n;
}

int exec_ns_prepare_user(const SandboxPlan *p, const ExecCreds *c, ExecPrepared *x) {
        uid_t ouid = geteuid();
        gid_t ogid = getegid();

        if (!p->exec.private_users)
                return 0;

        /* As systemd's setup_private_users(): the caller's own id maps to itself; with privileges
         * (CAP_SETUID/CAP_SETGID in the parent namespace, i.e. root here) User=/Group= and the
         * supplementary groups map to themselves too. Everything else shows as the overflow id (nobody). */
        x->private_users = true;
        map_add(&x->uid_map, ouid);
        map_add(&x->gid_map, ogid);
        if (ouid == 0) {
                if (c->set_uid)
                        map_add(&x->uid_map, c->uid);
                if (c->set_gid)
                        map_add(&x->gid_map, c->gid);
                for (size_t i = 0; i < c->n_groups; i++)
                        map_add(&x->gid_map, c->groups[i]);
        } else
                /* Unprivileged: the kernel only accepts a gid_map after setgroups() is denied. */
                x->deny_setgroups = true;
        return 0;
}

static int write_file(const char *path, const char *s) {
        int fd, r = 0;

        fd = open(path, O_WRONLY | O_CLOEXEC);
        if (fd < 0)
                return -errno;
        if (write(fd, s, strlen(s)) != (ssize_t) strlen(s))
                r = errno > 0 ? -errno : -EIO;
        (void) close(fd);
        return r;
}

/* Runs in the helper: writes the maps of process pid from the parent namespace. Returns a positive errno or
 * 0, as exit status. */
static int user_ns_helper(const ExecPrepared *x, pid_t pid, const char **what) {
        char path[64];
        int r;

        if (x->deny_setgroups) {
                (void) snprintf(path, sizeof(path), "/proc/%d/setgroups", (int) pid);
                *what = "setgroups";
                r = write_file(path, "deny");
                if (r < 0)
                        return -r;
        }
        (void) snprintf(path, sizeof(path), "/proc/%d/uid_map", (int) pid);
        *what = "uid_map";
        r = write_file(path, x->uid_map);
        if (r < 0)
                return -r;
        (void) snprintf(path, sizeof(path), "/proc/%d/gid_map", (int) pid);
        *what = "gid_map";
        r = write_file(path, x->gid_map);
        if (r < 0)
                return -r;
        return 0;
}

int exec_ns_user(const ExecPrepared *x, const char **ret_what) {
        int go[2], status, r;
        pid_t self = getpid(), helper;
        char c = 0;

        if (!x->private_users)
                return 0;

        /* Only a process outside the new namespace with CAP_SETUID there may write more than one mapping:
         * fork a helper before unsharing, let it write our maps once we are in the namespace. */
        if (pipe2(go, O_CLOEXEC) < 0) {
                *ret_what = "pipe";
                return -errno;
        }
        helper = fork();
        if (helper < 0) {
                r = -errno;
                (void) close(go[0]);
                (void) close(go[1]);
                *ret_what = "fork";
                return r;
        }
        if (helper == 0) {
                const char *what = NULL;

                (void) close(go[1]);
                if (read(go[0], &c, 1) != 1)
                        _exit(ECANCELED);
                _exit(user_ns_helper(x, self, &what));
        }
        (void) close(go[0]);

        r = unshare(CLONE_NEWUSER) < 0 ? -errno : 0;
        if (r == 0 && write(go[1], &c, 1) != 1)
                r = -errno;
        (void) close(go[1]); /* on failure: EOF makes the helper exit */

        while (waitpid(helper, &status, 0) < 0)
                if (errno != EINTR) {
                        *ret_what = "waitpid";
                        return -errno;
                }
        if (r < 0) {
                *ret_what = "unshare(CLONE_NEWUSER)";
                return r;
        }
        if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
                *ret_what = "writing uid_map/gid_map";
                return WIFEXITED(status) ? -WEXITSTATUS(status) : -ECHILD;
        }
        return 0;
}

int exec_ns_unshare(const ExecPrepared *x) {
        if (x->unshare_flags != 0 && unshare(x->unshare_flags) < 0)
                return -errno;
        return 0;
}

int exec_ns_loopback_up(void) {
        struct ifreq ifr = { .ifr_name = "lo" };
        int fd, r = 0;

        fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
        if (fd < 0)
                return -errno;
        if (ioctl(fd, SIOCGIFFLAGS, &ifr) < 0)
                r = -errno;
        else {
                ifr.ifr_flags |= IFF_UP | IFF_RUNNING;
                if (ioctl(fd, SIOCSIFFLAGS, &ifr) < 0)
                        r = -errno;
        }
        (void) close(fd);
        return r;
}
