/* SPDX-License-Identifier: MIT */
/* The mount list (see mount-list.h): compiled in the parent from the plan, applied in the child.
 *
 * Model (systemd's src/core/namespace.c, reshaped):
 *   - every directive becomes one or more MountEntry rows: what to mount on a path (a tmpfs, a bind, an
 *     inaccessible object, a private /dev, a procfs, or nothing but a bind onto itself) plus two
 *     attributes, read-only and noexec, each of which may be set, cleared or left alone;
 *   - rows are sorted parents first and merged per path (the strongest mount kind wins, attributes merge);
 *     rows below an inaccessible path are dropped;
 *   - apply() runs three phases: prepare (clone every bind source with open_tree() and open the directories
 *     later clones come from, while the tree is still the host's, so later mounts cannot shadow a source;
 *     the inaccessible objects are persistent ones in /run/sandboxctl/inaccessible/, see objects_open()),
 *     mount (in order, parents first, creating missing bind destinations), attributes (read-only/noexec
 *     with mount_setattr(), walking /proc/self/mountinfo for submounts, skipping submounts that belong to a
 *     deeper row that decides the same attribute itself, so ReadWritePaths= holes survive a read-only
 *     parent). Doing attributes last means a destination can still be created below a path that ends up
 *     read-only. With RootDirectory= every sandbox-side path lies below the root (resolved with the root
 *     as "/"), the API file systems are mounted there too, and pivot_root() enters it last.
 *
 * Kernel baseline: open_tree()/move_mount() (5.2), statx STATX_ATTR_MOUNT_ROOT (5.8), mount_setattr()
 * (5.12), per-mount hidepid=/subset= (5.8). Without them apply() fails (fail closed), it never degrades. */
#include <assert.h>
#include <dirent.h>
#include <stdarg.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/file.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>

#include "mount-list.h"

typedef enum MountKind {
        /* Ordered by priority: when two rows name the same path, the higher kind is mounted. */
        MOUNT_KIND_SELF,         /* attributes only: bind onto itself unless already a mount point */
        MOUNT_KIND_PROC,         /* new procfs instance (ProtectProc=, ProcSubset=, MountAPIVFS=, PrivatePIDs=) */
        MOUNT_KIND_CGROUP,       /* new cgroup2 instance in the cgroup namespace (ProtectControlGroups=private|strict) */
        MOUNT_KIND_MQUEUE,       /* new mqueue instance on /dev/mqueue (PrivateIPC=) */
        MOUNT_KIND_TMPFS,        /* PrivateTmp=, TemporaryFileSystem=, ProtectHome=tmpfs */
        MOUNT_KIND_DEV,          /* PrivateDevices= */
        MOUNT_KIND_BIND,         /* BindPaths=, BindReadOnlyPaths= */
        MOUNT_KIND_INACCESSIBLE, /* InaccessiblePaths=, ProtectHome=yes, ProtectKernel*= */
        _MOUNT_KIND_MAX,
} MountKind;

typedef enum MountAttr {
        ATTR_UNSET, /* this row does not decide the attribute: a parent row's decision reaches it */
        ATTR_KEEP,  /* decided "as the host has it" (ProtectSystem=strict's API fs): blocks the parent */
        ATTR_OFF,   /* cleared (ReadWritePaths=, ExecPaths=) */
        ATTR_ON,    /* set (ReadOnlyPaths=, NoExecPaths=, …) */
} MountAttr;

typedef struct PathCache PathCache;
static PathCache *path_cache_free(PathCache *c);

typedef struct MountEntry {
        MountKind kind;
        char *path;           /* owned, canonical target inside the namespace */
        char *source;         /* owned, BIND: canonical host source */
        char *data;           /* owned, TMPFS/PROC: file system options */
        unsigned long flags;  /* TMPFS: MS_* flags */
        bool recursive;       /* BIND: rbind; attributes: also on submounts */
        bool source_is_dir;   /* BIND: what to create when the destination is missing */
        bool ignore_missing;  /* '-' prefix or an implicit row */
        bool implicit;        /* added by a protection (ProtectSystem=, …), not a path the unit names */
        MountAttr read_only, no_exec;
        const char *directive; /* borrowed, static: the directive that asked for it (dump) */
} MountEntry;

struct MountList {
        MountEntry *entries;
        size_t n;
        char *root;    /* owned: canonical RootDirectory=, NULL for the host's root; entered last */
        bool api_vfs;  /* MountAPIVFS= in effect: /proc, /sys, /dev, /run mounted inside root */
        bool private_pids; /* PrivatePIDs=: /proc must be a new instance, never the host's as a fallback */
        char *staging; /* owned: an existing directory briefly covered by a tmpfs to build inaccessible
                        * objects in when the persistent ones cannot be used (never a parent of an
                        * inaccessible path) */
        /* Scratch space for apply(), allocated here because apply() must not allocate. */
        int *fds;      /* one per entry: open_tree() clone, or a FD_* marker */
        int *dir_fds;  /* _DIR_FD_MAX O_PATH fds held while applying (see the enum), or -EBADF */
        char *buf;     /* /proc/self/mountinfo */
        size_t buf_size;
        PathCache *path_cache; /* owned, during compile only */
};

#define RET_GATHER(r, e)                        \
        ({                                      \
                int _e_ = (e);                  \
                if (_e_ < 0 && (r) >= 0)        \
                        (r) = _e_;              \
        })

#define FD_SKIP (-ENOENT) /* the row's path is missing and may be: nothing was mounted */
/* The mount table's buffer: allocated by compile for ~500 mounts (a large allocation is a mapping of its
 * own, which costs more than the whole lookup here); apply() maps a larger one when the table does not fit. */
#define MOUNTINFO_INITIAL (64u * 1024u)
#define MOUNTINFO_MAX (64u * 1024u * 1024u)

/* Names of the inaccessible objects on the staging tmpfs. */
#define INACCESSIBLE_DIR "d"
#define INACCESSIBLE_REG "r"
#define INACCESSIBLE_CHR "c"

static const struct {
        const char *name;
        const char *host_path; /* also the name the payload sees, for errors */
        mode_t type;
        dev_t dev_major, dev_minor;
} dev_nodes[] = {
        { "null",    "/dev/null",    S_IFCHR, 1, 3 },
        { "zero",    "/dev/zero",    S_IFCHR, 1, 5 },
        { "full",    "/dev/full",    S_IFCHR, 1, 7 },
        { "random",  "/dev/random",  S_IFCHR, 1, 8 },
        { "urandom", "/dev/urandom", S_IFCHR, 1, 9 },
        { "tty",     "/dev/tty",     S_IFCHR, 5, 0 },
};

/* Directories apply() holds open (O_PATH) so that it can clone from them later, once they may be covered. */
enum {
        DIR_FD_OBJECTS,  /* the persistent inaccessible objects (or -EBADF: the staging tmpfs is in use) */
        DIR_FD_HOST_DEV, /* the host's /dev (PrivateDevices=), for the fallbacks below */
        _DIR_FD_MAX,
};

static const struct {
        const char *name;
        const char *target;
} dev_symlinks[] = {
        { "fd",     "/proc/self/fd" },
        { "stdin",  "/proc/self/fd/0" },
        { "stdout", "/proc/self/fd/1" },
        { "stderr", "/proc/self/fd/2" },
        { "core",   "/proc/kcore" },
        { "log",    "/run/systemd/journal/dev-log" },
};

/* ---------------------------------------------------------------------------------------------------- */
/* Pure helpers (no allocation: used by apply() too). */

/* "/a/b" is below (or equal to) "/a"; "/ab" is not. "/" is the parent of everything. */
static bool path_below_or_equal(const char *path, const char *prefix) {
        size_t l;

        if (streq(prefix, "/"))
                return path[0] == '/';
        l = strlen(prefix);
        return strneq(path, prefix, l) && (path[l] == '\0' || path[l] == '/');
}

static bool path_strictly_below(const char *path, const char *prefix) {
        return path_below_or_equal(path, prefix) && !streq(path, prefix);
}

/* Component-wise order, so that a parent sorts right before its children ("/a", "/a/b", "/a-b"). */
static int path_compare(const char *a, const char *b) {
        for (;; a++, b++) {
                if (*a == *b) {
                        if (*a == '\0')
                                return 0;
                        continue;
                }
                if (*a == '\0')
                        return -1;
                if (*b == '\0')
                        return 1;
                if (*a == '/')
                        return -1;
                if (*b == '/')
                        return 1;
                return (unsigned char) *a < (unsigned char) *b ? -1 : 1;
        }
}

static const char *mount_kind_to_string(MountKind k) {
        static const char *const table[_MOUNT_KIND_MAX] = {
                [MOUNT_KIND_SELF] = "bind-self",
                [MOUNT_KIND_PROC] = "proc",
                [MOUNT_KIND_CGROUP] = "cgroup2",
                [MOUNT_KIND_MQUEUE] = "mqueue",
                [MOUNT_KIND_TMPFS] = "tmpfs",
                [MOUNT_KIND_DEV] = "private-dev",
                [MOUNT_KIND_BIND] = "bind",
                [MOUNT_KIND_INACCESSIBLE] = "inaccessible",
        };
        return k >= 0 && k < _MOUNT_KIND_MAX ? table[k] : NULL;
}

/* ---------------------------------------------------------------------------------------------------- */
/* Compile (parent): allocation and logging-free diagnostics are fine here. */

MountList *mount_list_free(MountList *m) {
        if (!m)
                return NULL;
        for (size_t i = 0; i < m->n; i++) {
                free(m->entries[i].path);
                free(m->entries[i].source);
                free(m->entries[i].data);
        }
        free(m->entries);
        free(m->root);
        free(m->staging);
        free(m->fds);
        free(m->dir_fds);
        free(m->buf);
        path_cache_free(m->path_cache);
        free(m);
        return NULL;
}

bool mount_list_needed(const SandboxPlan *p) {
        const ExecPart *e;

        assert(p);
        e = &p->exec;
        return e->read_write_paths.n > 0 || e->read_only_paths.n > 0 || e->inaccessible_paths.n > 0 ||
                e->exec_paths.n > 0 || e->no_exec_paths.n > 0 || e->bind_paths.n > 0 ||
                e->temporary_file_system.n > 0 || e->private_tmp || e->private_devices ||
                e->private_mounts || e->private_ipc || e->protect_system != PROTECT_SYSTEM_NO ||
                e->protect_home != PROTECT_HOME_NO || e->protect_kernel_tunables ||
                e->protect_kernel_modules || e->protect_kernel_logs ||
                e->protect_control_groups != PROTECT_CONTROL_GROUPS_NO ||
                e->protect_proc != PROTECT_PROC_DEFAULT || e->proc_subset != PROC_SUBSET_ALL ||
                e->private_pids || e->root_directory || (e->mount_api_vfs_set && e->mount_api_vfs);
}

/* Where the directive was written, for FILE:LINE diagnostics. Table names may or may not carry '='. */
static void origin_lookup(const SandboxPlan *p, const char *directive, const char **ret_file, unsigned *ret_line) {
        size_t l = strlen(directive);

        for (size_t i = 0; i < p->n_set; i++) {
                const char *n = p->set[i].name;

                if (n && strneq(n, directive, l) && (n[l] == '\0' || streq(n + l, "="))) {
                        *ret_file = p->set[i].file;
                        *ret_line = p->set[i].line;
                        return;
                }
        }
        *ret_file = p->unit_path ?: p->unit_name;
        *ret_line = 0;
}

_printf_(4, 5)
static void error_at(const SandboxPlan *p, DiagList *diags, const char *directive, const char *fmt, ...) {
        _cleanup_free_ char *msg = NULL, *name = NULL;
        const char *file;
        unsigned line;
        va_list ap;

        va_start(ap, fmt);
        if (vasprintf(&msg, fmt, ap) < 0)
                abort();
        va_end(ap);
        name = xasprintf("%s=", directive);
        origin_lookup(p, directive, &file, &line);
        diag_add(diags, false, file, line, name, "%s=: %s", directive, msg);
}

/* What lstat() and readlink() said about one canonical path during a compile: many rows share prefixes
 * (/proc, /sys, /run, …), and each is looked up once. apply() checks everything again on its own. */
typedef struct PathCacheEntry {
        char *path;   /* a canonical directory plus one name */
        int error;    /* 0, or -errno of lstat() (or of readlink() for a symlink) */
        mode_t mode;  /* lstat()'s st_mode when error == 0 */
        char *target; /* S_ISLNK: the link's target */
} PathCacheEntry;

struct PathCache {
        PathCacheEntry *entries;
        size_t n, allocated;
};

static PathCache *path_cache_free(PathCache *c) {
        if (!c)
                return NULL;
        for (size_t i = 0; i < c->n; i++) {
                free(c->entries[i].path);
                free(c->entries[i].target);
        }
        free(c->entries);
        free(c);
        return NULL;
}

static const PathCacheEntry *path_cache_lstat(PathCache *c, const char *path) {
        PathCacheEntry *e;
        struct stat st;

        for (size_t i = 0; i < c->n; i++)
                if (streq(c->entries[i].path, path))
                        return &c->entries[i];

        c->entries = xgreedy_realloc(c->entries, &c->allocated, c->n + 1, sizeof(PathCacheEntry));
        e = &c->entries[c->n++];
        *e = (PathCacheEntry) { .path = xstrdup(path) };
        if (lstat(path, &st) < 0) {
                e->error = negative_errno();
                return e;
        }
        e->mode = st.st_mode;
        if (S_ISLNK(st.st_mode)) {
                char target[PATH_MAX];
                ssize_t k = readlink(path, target, sizeof(target) - 1);

                if (k < 0)
                        e->error = negative_errno();
                else {
                        target[k] = '\0';
                        e->target = xstrdup(target);
                }
        }
        return e;
}

#define PATH_LINKS_MAX 40 /* glibc's MAXSYMLINKS */

/* realpath() of `rel` taken from the canonical directory `base` (an absolute `rel` starts over at "/"), each
 * step looked up through the cache. On success *ret is canonical and *ret_mode the type of what it names. */
static int path_resolve_from(PathCache *c, const char *base, const char *rel, unsigned *links, char **ret,
                             mode_t *ret_mode) {
        _cleanup_free_ char *canon = xstrdup(rel[0] == '/' ? "/" : base);
        mode_t mode = S_IFDIR;

        for (const char *s = rel;;) {
                _cleanup_free_ char *candidate = NULL;
                const PathCacheEntry *e;
                size_t l;

                while (*s == '/')
                        s++;
                if (*s == '\0')
                        break;
                l = strcspn(s, "/");
                if (!S_ISDIR(mode))
                        return -ENOTDIR;
                if (l == 1 && s[0] == '.') {
                        s += l;
                        continue;
                }
                if (l == 2 && s[0] == '.' && s[1] == '.') {
                        char *slash = strrchr(canon, '/');

                        if (slash == canon)
                                canon[1] = '\0';
                        else
                                *slash = '\0';
                        s += l;
                        continue;
                }
                candidate = xasprintf("%s/%.*s", streq(canon, "/") ? "" : canon, (int) l, s);
                s += l;
                e = path_cache_lstat(c, candidate);
                if (e->error < 0)
                        return e->error;
                if (e->target) {
                        char *t;
                        int r;

                        if (++*links > PATH_LINKS_MAX)
                                return -ELOOP;
                        r = path_resolve_from(c, canon, e->target, links, &t, &mode);
                        if (r < 0)
                                return r;
                        free(canon);
                        canon = t;
                        continue;
                }
                free(canon);
                canon = TAKE_PTR(candidate);
                mode = e->mode;
        }
        *ret = TAKE_PTR(canon);
        *ret_mode = mode;
        return 0;
}

typedef enum PathState {
        PATH_MISSING,   /* neither stat() nor lstat() would find it */
        PATH_LINK_ONLY, /* lstat() would, stat() would not: a dangling (or looping) symlink */
        PATH_EXISTS,    /* stat() would find it */
} PathState;

/* The canonical form of a path that may not exist yet: realpath() of its longest existing prefix, plus
 * the rest as written. Mount targets must be canonical: mountinfo reports canonical paths, and a target
 * reached through a symlink would be mounted somewhere else than the attribute pass looks. Also says
 * whether stat() or lstat() would find the path, and what it is. Works one component at a time, since
 * realpath(prefix + "/" + name) is the resolution of name from realpath(prefix). */
static char *path_canonicalize_full(MountList *m, const char *path, PathState *ret_state, mode_t *ret_mode) {
        _cleanup_free_ char *canon = NULL;
        PathState state = PATH_EXISTS;
        mode_t mode = S_IFDIR;
        const char *s = path;

        if (path[0] != '/') {
                /* not expected (the parser wants absolute paths): what realpath() makes of it */
                struct stat st;
                char *r = realpath(path, NULL);

                state = r && stat(r, &st) >= 0 ? PATH_EXISTS : lstat(path, &st) >= 0 ? PATH_LINK_ONLY : PATH_MISSING;
                if (ret_state)
                        *ret_state = state;
                if (ret_mode)
                        *ret_mode = state == PATH_EXISTS ? st.st_mode : 0;
                return r ?: xstrdup(path);
        }

        canon = xstrdup("/");
        for (;;) {
                unsigned links = 0;
                char *next, *component;
                size_t l;
                int r;

                while (*s == '/')
                        s++;
                if (*s == '\0')
                        break;
                l = strcspn(s, "/");
                component = xstrndup(s, l);
                r = path_resolve_from(m->path_cache, canon, component, &links, &next, &mode);
                if (r < 0) {
                        /* This prefix does not resolve, nor does anything below it. lstat() would still
                         * find a symlink that is the last component. */
                        bool last = s[l + strspn(s + l, "/")] == '\0';
                        _cleanup_free_ char *candidate = xasprintf("%s/%s", streq(canon, "/") ? "" : canon,
                                                                   component);
                        const PathCacheEntry *e = path_cache_lstat(m->path_cache, candidate);
                        char *res;

                        state = last && e->target ? PATH_LINK_ONLY : PATH_MISSING;
                        free(component);
                        res = xasprintf("%s%s%s", streq(canon, "/") ? "" : canon, "/", s);
                        if (ret_state)
                                *ret_state = state;
                        if (ret_mode)
                                *ret_mode = 0;
                        return res;
                }
                free(component);
                free(canon);
                canon = next;
                s += l;
        }
        if (ret_state)
                *ret_state = state;
        if (ret_mode)
                *ret_mode = mode;
        return TAKE_PTR(canon);
}

static char *path_canonicalize(MountList *m, const char *path) {
        return path_canonicalize_full(m, path, NULL, NULL);
}

/* Resolves `path` below `root` as if root were "/" (systemd's chase() with CHASE_PREFIX_ROOT): an
 * absolute symlink inside the tree restarts at root and ".." stops there, so nothing in the tree can point a
 * mount outside of it. The part that does not exist yet is kept as written. Returns root + resolved path. */
static char *path_chase_in_root(const char *root, const char *path) {
        _cleanup_free_ char *done = xstrdup(""), *todo = xstrdup(path);
        unsigned links = 0;

        for (;;) {
                _cleanup_free_ char *candidate = NULL;
                char *c = todo, *rest;
                struct stat st;
                size_t l;

                while (*c == '/')
                        c++;
                if (*c == '\0')
                        break;
                l = strcspn(c, "/");
                rest = c + l;

                if (l == 1 && c[0] == '.') {
                        memmove(todo, rest, strlen(rest) + 1);
                        continue;
                }
                if (l == 2 && c[0] == '.' && c[1] == '.') {
                        char *slash = strrchr(done, '/');

                        if (slash)
                                *slash = '\0';
                        memmove(todo, rest, strlen(rest) + 1);
                        continue;
                }

                candidate = xasprintf("%s%s/%.*s", streq(root, "/") ? "" : root, done, (int) l, c);
                if (lstat(candidate, &st) < 0) {
                        /* missing: keep the rest as written */
                        char *r = xasprintf("%s%s/%s", streq(root, "/") ? "" : root, done, c);
                        return r;
                }
                if (S_ISLNK(st.st_mode) && links++ < 40) {
                        char target[PATH_MAX];
                        ssize_t k = readlink(candidate, target, sizeof(target) - 1);
                        char *t;

                        if (k < 0)
                                return xasprintf("%s%s/%s", streq(root, "/") ? "" : root, done, c);
                        target[k] = '\0';
                        if (target[0] == '/')
                                done[0] = '\0';
                        t = xasprintf("%s%s", target, rest);
                        free(todo);
                        todo = t;
                        continue;
                }
                {
                        char *d = xasprintf("%s/%.*s", done, (int) l, c);

                        free(done);
                        done = d;
                }
                memmove(todo, rest, strlen(rest) + 1);
        }
        return xasprintf("%s%s", streq(root, "/") ? "" : root, isempty(done) ? (streq(root, "/") ? "/" : "") : done);
}

/* A path of the sandbox's view: below RootDirectory= when one is set. */
static char *path_in_root(const MountList *m, const char *path) {
        return m->root ? path_chase_in_root(m->root, path) : xstrdup(path);
}

/* Takes `canonical` (owned). */
static MountEntry *entry_add_canonical(MountList *m, size_t *allocated, MountKind kind, char *canonical,
                                       bool ignore_missing, const char *directive) {
        MountEntry *e;

        m->entries = xgreedy_realloc(m->entries, allocated, m->n + 1, sizeof(MountEntry));
        e = &m->entries[m->n++];
        *e = (MountEntry) {
                .kind = kind,
                .path = canonical,
                .recursive = true,
                .ignore_missing = ignore_missing,
                .directive = directive,
                /* the objects are mounted read-only already; this keeps deeper rows from changing it */
                .read_only = kind == MOUNT_KIND_INACCESSIBLE ? ATTR_ON : ATTR_UNSET,
        };
        return e;
}

static MountEntry *entry_add(MountList *m, size_t *allocated, MountKind kind, const char *path,
                             bool ignore_missing, const char *directive) {
        return entry_add_canonical(m, allocated, kind, path_canonicalize(m, path), ignore_missing, directive);
}

/* Implicit rows (ProtectSystem=, ProtectHome=, ProtectKernel*=, …): skipped when the path is missing. A
 * symlink is followed, as systemd does: /home -> var/home must protect /var/home, not be skipped. (Merged
 * /usr's /bin -> usr/bin then duplicates /usr's row; entries_normalize() drops such no-ops.) */
static MountEntry *implicit_add(MountList *m, size_t *allocated, MountKind kind, const char *path,
                                const char *directive) {
        _cleanup_free_ char *joined = NULL, *resolved = NULL, *canonical = NULL;
        bool found;
        MountEntry *e;

        if (m->root) {
                struct stat st;

                resolved = path_in_root(m, path);
                joined = xasprintf("%s%s", m->root, path);
                found = stat(resolved, &st) >= 0 || lstat(joined, &st) >= 0;
                canonical = path_canonicalize(m, resolved);
        } else {
                PathState state;

                canonical = path_canonicalize_full(m, path, &state, NULL);
                found = state != PATH_MISSING; /* stat() or lstat() finds it */
        }
        if (!found)
                /* Below an API file system that is only mounted inside the root: decided when applying. */
                if (!(m->api_vfs && (strneq(path, "/proc/", 6) || strneq(path, "/sys/", 5) || strneq(path, "/dev/", 5))))
                        return NULL;
        e = entry_add_canonical(m, allocated, kind, TAKE_PTR(canonical), true, directive);
        e->implicit = true;
        return e;
}

static void implicit_add_attr(MountList *m, size_t *allocated, const char *path, MountAttr ro,
                              const char *directive) {
        MountEntry *e = implicit_add(m, allocated, MOUNT_KIND_SELF, path, directive);

        if (e)
                e->read_only = ro;
}

static int paths_add(const SandboxPlan *p, DiagList *diags, MountList *m, size_t *allocated,
                     const PathSpecList *l, MountKind kind, MountAttr ro, MountAttr no_exec,
                     const char *directive) {
        int r = 0;

        for (size_t i = 0; i < l->n; i++) {
                const PathSpec *s = &l->items[i];
                /* '+': relative to RootDirectory=; otherwise a host path, as in systemd. */
                _cleanup_free_ char *path = s->below_root ? path_in_root(m, s->path) : xstrdup(s->path);
                _cleanup_free_ char *canonical = NULL;
                PathState state;
                MountEntry *e;

                canonical = path_canonicalize_full(m, path, &state, NULL);
                if (state != PATH_EXISTS) {
                        if (s->ignore_missing)
                                continue;
                        error_at(p, diags, directive,
                                 "path '%s' does not exist (prefix it with '-' to ignore a missing path)",
                                 path);
                        r = -EINVAL;
                        continue;
                }
                e = entry_add_canonical(m, allocated, kind, TAKE_PTR(canonical), s->ignore_missing, directive);
                e->read_only = ro;
                e->no_exec = no_exec;
        }
        return r;
}

/* systemd's mount_option_mangle(): MS_* flag names become flags, anything else is file system data. */
static const struct {
        const char *name;
        unsigned long set, clear;
} mount_flag_names[] = {
        { "dev",           0,              MS_NODEV },
        { "nodev",         MS_NODEV,       0 },
        { "suid",          0,              MS_NOSUID },
        { "nosuid",        MS_NOSUID,      0 },
        { "exec",          0,              MS_NOEXEC },
        { "noexec",        MS_NOEXEC,      0 },
        { "sync",          MS_SYNCHRONOUS, 0 },
        { "async",         0,              MS_SYNCHRONOUS },
        { "dirsync",       MS_DIRSYNC,     0 },
        { "mand",          MS_MANDLOCK,    0 },
        { "nomand",        0,              MS_MANDLOCK },
        { "atime",         0,              MS_NOATIME },
        { "noatime",       MS_NOATIME,     0 },
        { "diratime",      0,              MS_NODIRATIME },
        { "nodiratime",    MS_NODIRATIME,  0 },
        { "relatime",      MS_RELATIME,    0 },
        { "norelatime",    0,              MS_RELATIME },
        { "strictatime",   MS_STRICTATIME, 0 },
        { "nostrictatime", 0,              MS_STRICTATIME },
        { "lazytime",      MS_LAZYTIME,    0 },
        { "nolazytime",    0,              MS_LAZYTIME },
        { "silent",        MS_SILENT,      0 },
        { "loud",          0,              MS_SILENT },
};

static int tmpfs_add(const SandboxPlan *p, DiagList *diags, MountList *m, size_t *allocated,
                     const TmpfsSpec *s) {
        _cleanup_free_ char *opts = xstrdup(s->options ?: "");
        _cleanup_free_ char *data = xstrdup("mode=0755");
        unsigned long flags = MS_NODEV | MS_STRICTATIME;
        MountAttr ro = ATTR_UNSET;
        MountEntry *e;
        char *word, *state = NULL;

        for (word = strtok_r(opts, ",", &state); word; word = strtok_r(NULL, ",", &state)) {
                bool found = false;

                if (streq(word, "ro")) {
                        /* Applied in the attribute pass, so binds can still create their destinations. */
                        ro = ATTR_ON;
                        continue;
                }
                if (streq(word, "rw")) {
                        ro = ATTR_UNSET;
                        continue;
                }
                for (size_t i = 0; i < ELEMENTSOF(mount_flag_names); i++)
                        if (streq(word, mount_flag_names[i].name)) {
                                flags = (flags & ~mount_flag_names[i].clear) | mount_flag_names[i].set;
                                found = true;
                                break;
                        }
                if (found)
                        continue;
                if (strpbrk(word, " \t\n")) {
                        error_at(p, diags, "TemporaryFileSystem", "invalid mount option '%s'", word);
                        return -EINVAL;
                }
                {
                        char *d = xasprintf("%s,%s", data, word);
                        free(data);
                        data = d;
                }
        }
        if (strlen(data) >= 4096) {
                error_at(p, diags, "TemporaryFileSystem", "mount options of '%s' are too long", s->path);
                return -EINVAL;
        }

        {
                _cleanup_free_ char *path = path_in_root(m, s->path);

                e = entry_add(m, allocated, MOUNT_KIND_TMPFS, path, false, "TemporaryFileSystem");
        }
        e->flags = flags;
        e->data = TAKE_PTR(data);
        e->read_only = ro;
        return 0;
}

static int binds_add(const SandboxPlan *p, DiagList *diags, MountList *m, size_t *allocated) {
        const BindSpecList *l = &p->exec.bind_paths;
        int r = 0;

        for (size_t i = 0; i < l->n; i++) {
                const BindSpec *b = &l->items[i];
                const char *directive = b->read_only ? "BindReadOnlyPaths" : "BindPaths";
                _cleanup_free_ char *source = NULL;
                PathState state;
                mode_t mode;
                MountEntry *e;

                source = path_canonicalize_full(m, b->source, &state, &mode);
                if (state != PATH_EXISTS) {
                        if (b->ignore_missing)
                                continue;
                        error_at(p, diags, directive,
                                 "source path '%s' does not exist (prefix it with '-' to ignore a missing source)",
                                 b->source);
                        r = -EINVAL;
                        continue;
                }
                {
                        _cleanup_free_ char *dst = path_in_root(m, b->destination ?: b->source);

                        e = entry_add(m, allocated, MOUNT_KIND_BIND, dst, b->ignore_missing, directive);
                }
                e->source = TAKE_PTR(source);
                e->source_is_dir = S_ISDIR(mode);
                e->recursive = b->recursive;
                e->read_only = b->read_only ? ATTR_ON : ATTR_UNSET;
        }
        return r;
}

static int entry_compare(const void *a, const void *b) {
        const MountEntry *x = a, *y = b;
        int r = path_compare(x->path, y->path);

        if (r != 0)
                return r;
        /* Same path: the strongest kind first, it is the one that survives the merge. */
        return (int) y->kind - (int) x->kind;
}

static void entry_done(MountEntry *e) {
        free(e->path);
        free(e->source);
        free(e->data);
        *e = (MountEntry) {};
}

/* Sort parents first, merge rows on the same path, drop rows below an inaccessible path (they could only
 * expose what the inaccessible path hides). */
static void entries_normalize(MountList *m) {
        size_t k = 0;

        if (m->n == 0)
                return;
        qsort(m->entries, m->n, sizeof(MountEntry), entry_compare);

        for (size_t i = 0; i < m->n; i++) {
                MountEntry *e = &m->entries[i];
                bool drop = false;

                if (k > 0 && streq(m->entries[k - 1].path, e->path)) {
                        MountEntry *keep = &m->entries[k - 1];

                        /* Attributes merge: setting beats clearing beats keeping (ReadOnlyPaths= and
                         * ReadWritePaths= on one path: read-only, as systemd). */
                        if (e->read_only > keep->read_only || e->no_exec > keep->no_exec)
                                keep->directive = e->directive; /* name the row that decided, in dumps */
                        keep->read_only = MAX(keep->read_only, e->read_only);
                        keep->no_exec = MAX(keep->no_exec, e->no_exec);
                        keep->ignore_missing = keep->ignore_missing && e->ignore_missing;
                        keep->implicit = keep->implicit && e->implicit;
                        if (keep->kind == MOUNT_KIND_INACCESSIBLE)
                                keep->read_only = ATTR_ON;
                        drop = true;
                } else {
                        const MountEntry *parent = NULL;

                        for (size_t j = 0; j < k; j++) {
                                if (!path_strictly_below(e->path, m->entries[j].path))
                                        continue;
                                if (m->entries[j].kind == MOUNT_KIND_INACCESSIBLE) {
                                        drop = true;
                                        break;
                                }
                                parent = &m->entries[j]; /* sorted: the last one is the nearest */
                        }
                        /* An implicit read-only row below a plain read-only row changes nothing (/usr/bin
                         * under /usr): skip the extra bind mount. */
                        if (!drop && parent && e->implicit && e->kind == MOUNT_KIND_SELF &&
                            e->read_only == ATTR_ON && e->no_exec == ATTR_UNSET && parent->kind == MOUNT_KIND_SELF &&
                            parent->read_only == ATTR_ON && parent->no_exec == ATTR_UNSET)
                                drop = true;
                }

                if (drop) {
                        entry_done(e);
                        continue;
                }
                if (k != i) {
                        m->entries[k] = *e;
                        *e = (MountEntry) {};
                }
                k++;
        }
        m->n = k;
}

/* An existing directory to cover briefly with the staging tmpfs: not a parent of (or equal to) any
 * inaccessible row, so the targets can still be looked up while it is mounted, and not "/". */
static char *staging_pick(const MountList *m) {
        static const char *const candidates[] = { "/run", "/tmp", "/var/tmp", "/mnt", "/srv", "/opt", "/media",
                                                  "/dev", "/usr" };

        for (size_t i = 0; i < ELEMENTSOF(candidates); i++) {
                const PathCacheEntry *c = path_cache_lstat(m->path_cache, candidates[i]);
                bool clash = false;

                if (c->error < 0 || !S_ISDIR(c->mode))
                        continue;
                for (size_t j = 0; j < m->n; j++)
                        if (path_below_or_equal(m->entries[j].path, candidates[i]) ||
                            (m->entries[j].source && path_below_or_equal(m->entries[j].source, candidates[i]))) {
                                clash = true;
                                break;
                        }
                if (!clash)
                        return xstrdup(candidates[i]);
        }
        return NULL;
}

int mount_list_compile(const SandboxPlan *p, DiagList *diags, MountList **ret) {
        _cleanup_(mount_list_freep) MountList *m = NULL;
        const ExecPart *x;
        size_t allocated = 0;
        int r = 0;

        assert(p);
        assert(diags);
        assert(ret);

        x = &p->exec;
        m = xcalloc(1, sizeof(MountList));
        m->path_cache = xcalloc(1, sizeof(PathCache));

        if (x->root_directory) {
                struct stat st;

                m->root = realpath(x->root_directory, NULL);
                if (!m->root || stat(m->root, &st) < 0 || !S_ISDIR(st.st_mode)) {
                        error_at(p, diags, "RootDirectory", "'%s' is not an existing directory", x->root_directory);
                        return -EINVAL;
                }
                if (streq(m->root, "/"))
                        m->root = (free(m->root), NULL);
        }
        /* MountAPIVFS= defaults to yes with RootDirectory= (systemd ≥ 240) and has no effect without one. */
        m->api_vfs = m->root && (!x->mount_api_vfs_set || x->mount_api_vfs);
        if (m->root) {
                /* The root becomes a mount point of its own, moved onto "/" at the end. */
                MountEntry *e = entry_add(m, &allocated, MOUNT_KIND_SELF, m->root, false, "RootDirectory");

                e->read_only = ATTR_UNSET;
        }
        if (m->api_vfs) {
                static const char *const binds[] = { "/sys", "/dev" };

                for (size_t i = 0; i < ELEMENTSOF(binds); i++) {
                        _cleanup_free_ char *path = NULL;
                        MountEntry *e;

                        if (streq(binds[i], "/dev") && x->private_devices)
                                continue; /* PrivateDevices= builds its own below */
                        path = path_in_root(m, binds[i]);
                        e = entry_add(m, &allocated, MOUNT_KIND_BIND, path, false, "MountAPIVFS");
                        e->source = xstrdup(binds[i]);
                        e->source_is_dir = true;
                }
                {
                        _cleanup_free_ char *path = path_in_root(m, "/run");
                        MountEntry *e = entry_add(m, &allocated, MOUNT_KIND_TMPFS, path, false, "MountAPIVFS");

                        e->flags = MS_NOSUID | MS_NODEV | MS_STRICTATIME;
                        e->data = xstrdup("mode=0755");
                }
        }
        /* ProtectControlGroups=private|strict (systemd >= 257): the exec side unshares a cgroup namespace
         * once the process is in its final cgroup; a new cgroup2 instance then shows that cgroup as the
         * root, writable for private, read-only for strict. Not "if present": it must apply. */
        if (x->protect_control_groups == PROTECT_CONTROL_GROUPS_PRIVATE ||
            x->protect_control_groups == PROTECT_CONTROL_GROUPS_STRICT) {
                _cleanup_free_ char *path = path_in_root(m, "/sys/fs/cgroup");
                MountEntry *e = entry_add(m, &allocated, MOUNT_KIND_CGROUP, path, false, "ProtectControlGroups");

                e->read_only = x->protect_control_groups == PROTECT_CONTROL_GROUPS_STRICT ? ATTR_ON : ATTR_OFF;
                e->recursive = false;
        }

        /* ProtectSystem= */
        if (x->protect_system != PROTECT_SYSTEM_NO && x->protect_system != PROTECT_SYSTEM_STRICT) {
                static const char *const ro[] = { "/usr", "/boot", "/efi", "/bin", "/sbin", "/lib", "/lib64" };

                for (size_t i = 0; i < ELEMENTSOF(ro); i++)
                        implicit_add_attr(m, &allocated, ro[i], ATTR_ON, "ProtectSystem");
                if (x->protect_system == PROTECT_SYSTEM_FULL)
                        implicit_add_attr(m, &allocated, "/etc", ATTR_ON, "ProtectSystem");
        }
        if (x->protect_system == PROTECT_SYSTEM_STRICT) {
                /* Everything read-only except the API file systems and the home directories, which
                 * PrivateDevices=, ProtectKernelTunables= and ProtectHome= decide about. */
                static const char *const keep[] = { "/proc", "/sys", "/dev", "/home", "/root", "/run/user" };

                implicit_add_attr(m, &allocated, "/", ATTR_ON, "ProtectSystem");
                for (size_t i = 0; i < ELEMENTSOF(keep); i++)
                        implicit_add_attr(m, &allocated, keep[i], ATTR_KEEP, "ProtectSystem");
        }

        /* ProtectHome= */
        if (x->protect_home != PROTECT_HOME_NO) {
                static const char *const homes[] = { "/home", "/root", "/run/user" };

                for (size_t i = 0; i < ELEMENTSOF(homes); i++) {
                        MountEntry *e;

                        switch (x->protect_home) {
                        case PROTECT_HOME_YES:
                                (void) implicit_add(m, &allocated, MOUNT_KIND_INACCESSIBLE, homes[i], "ProtectHome");
                                break;
                        case PROTECT_HOME_READ_ONLY:
                                implicit_add_attr(m, &allocated, homes[i], ATTR_ON, "ProtectHome");
                                break;
                        case PROTECT_HOME_TMPFS:
                                e = implicit_add(m, &allocated, MOUNT_KIND_TMPFS, homes[i], "ProtectHome");
                                if (e) {
                                        e->flags = MS_NODEV | MS_STRICTATIME;
                                        e->data = xstrdup(streq(homes[i], "/root") ? "mode=0700" : "mode=0755");
                                        e->read_only = ATTR_ON;
                                }
                                break;
                        default:
                                break;
                        }
                }
        }

        /* PrivateTmp=: a fresh tmpfs, nothing on the host disk (a documented difference from systemd). */
        if (x->private_tmp) {
                static const char *const tmps[] = { "/tmp", "/var/tmp" };

                for (size_t i = 0; i < ELEMENTSOF(tmps); i++) {
                        MountEntry *e;

                        if (m->root) {
                                /* Created when missing: else the payload could make a shared, on-disk
                                 * /tmp in the root itself. */
                                _cleanup_free_ char *path = path_in_root(m, tmps[i]);

                                e = entry_add(m, &allocated, MOUNT_KIND_TMPFS, path, false, "PrivateTmp");
                                e->implicit = true;
                        } else
                                e = implicit_add(m, &allocated, MOUNT_KIND_TMPFS, tmps[i], "PrivateTmp");
                        if (e) {
                                e->flags = MS_NOSUID | MS_NODEV | MS_STRICTATIME;
                                e->data = xstrdup("mode=1777");
                        }
                }
        }

        if (x->private_devices) {
                MountEntry *e;

                if (m->root) {
                        _cleanup_free_ char *path = path_in_root(m, "/dev");

                        e = entry_add(m, &allocated, MOUNT_KIND_DEV, path, false, "PrivateDevices");
                } else
                        e = implicit_add(m, &allocated, MOUNT_KIND_DEV, "/dev", "PrivateDevices");
                if (e)
                        e->read_only = ATTR_ON, e->recursive = false; /* the tmpfs only, not /dev/shm, /dev/pts */
        }
        if (x->private_ipc)
                (void) implicit_add(m, &allocated, MOUNT_KIND_MQUEUE, "/dev/mqueue", "PrivateIPC");

        if (x->protect_kernel_tunables) {
                static const char *const ro[] = {
                        "/proc/acpi", "/proc/apm", "/proc/asound", "/proc/bus", "/proc/fs", "/proc/irq",
                        "/proc/latency_stats", "/proc/mtrr", "/proc/scsi", "/proc/sys", "/proc/sysrq-trigger",
                        "/proc/timer_stats", "/sys", "/sys/fs/bpf", "/sys/kernel/debug", "/sys/kernel/tracing",
                };
                static const char *const hidden[] = { "/proc/kallsyms", "/proc/kcore" };

                for (size_t i = 0; i < ELEMENTSOF(ro); i++)
                        implicit_add_attr(m, &allocated, ro[i], ATTR_ON, "ProtectKernelTunables");
                for (size_t i = 0; i < ELEMENTSOF(hidden); i++)
                        (void) implicit_add(m, &allocated, MOUNT_KIND_INACCESSIBLE, hidden[i], "ProtectKernelTunables");
                /* Left to ProtectControlGroups= (and SELinux), as systemd does. */
                implicit_add_attr(m, &allocated, "/sys/fs/cgroup", ATTR_KEEP, "ProtectKernelTunables");
                implicit_add_attr(m, &allocated, "/sys/fs/selinux", ATTR_KEEP, "ProtectKernelTunables");
        }
        if (x->protect_kernel_modules) {
                (void) implicit_add(m, &allocated, MOUNT_KIND_INACCESSIBLE, "/usr/lib/modules", "ProtectKernelModules");
                (void) implicit_add(m, &allocated, MOUNT_KIND_INACCESSIBLE, "/lib/modules", "ProtectKernelModules");
        }
        if (x->protect_kernel_logs) {
                (void) implicit_add(m, &allocated, MOUNT_KIND_INACCESSIBLE, "/proc/kmsg", "ProtectKernelLogs");
                (void) implicit_add(m, &allocated, MOUNT_KIND_INACCESSIBLE, "/dev/kmsg", "ProtectKernelLogs");
        }
        if (x->protect_control_groups == PROTECT_CONTROL_GROUPS_YES)
                implicit_add_attr(m, &allocated, "/sys/fs/cgroup", ATTR_ON, "ProtectControlGroups");

        /* PrivatePIDs=: a procfs of the new PID namespace, mounted by its PID 1 (the exec side forks before
         * the mounts), so the payload sees only its own processes. */
        m->private_pids = x->private_pids;
        if (x->protect_proc != PROTECT_PROC_DEFAULT || x->proc_subset != PROC_SUBSET_ALL || m->api_vfs ||
            x->private_pids) {
                static const char *const hidepid[_PROTECT_PROC_MAX] = {
                        [PROTECT_PROC_NOACCESS] = "noaccess",
                        [PROTECT_PROC_INVISIBLE] = "invisible",
                        [PROTECT_PROC_PTRACEABLE] = "ptraceable",
                };
                const char *h = x->protect_proc > PROTECT_PROC_DEFAULT && x->protect_proc < _PROTECT_PROC_MAX ?
                        hidepid[x->protect_proc] : NULL;
                bool subset = x->proc_subset == PROC_SUBSET_PID;
                const char *directive = x->protect_proc != PROTECT_PROC_DEFAULT ? "ProtectProc" :
                        x->proc_subset != PROC_SUBSET_ALL ? "ProcSubset" :
                        x->private_pids ? "PrivatePIDs" : "MountAPIVFS";
                MountEntry *e;

                if (m->api_vfs) {
                        _cleanup_free_ char *path = path_in_root(m, "/proc");

                        e = entry_add(m, &allocated, MOUNT_KIND_PROC, path, false, directive);
                } else
                        e = implicit_add(m, &allocated, MOUNT_KIND_PROC, "/proc", directive);

                if (e)
                        e->data = xasprintf("%s%s%s%s", h ? "hidepid=" : "", h ?: "", h && subset ? "," : "",
                                            subset ? "subset=pid" : "");
        }

        /* Explicit paths. */
        RET_GATHER(r, paths_add(p, diags, m, &allocated, &x->read_only_paths, MOUNT_KIND_SELF, ATTR_ON,
                                ATTR_UNSET, "ReadOnlyPaths"));
        RET_GATHER(r, paths_add(p, diags, m, &allocated, &x->read_write_paths, MOUNT_KIND_SELF, ATTR_OFF,
                                ATTR_UNSET, "ReadWritePaths"));
        RET_GATHER(r, paths_add(p, diags, m, &allocated, &x->inaccessible_paths, MOUNT_KIND_INACCESSIBLE,
                                ATTR_ON, ATTR_UNSET, "InaccessiblePaths"));
        RET_GATHER(r, paths_add(p, diags, m, &allocated, &x->exec_paths, MOUNT_KIND_SELF, ATTR_UNSET, ATTR_OFF,
                                "ExecPaths"));
        RET_GATHER(r, paths_add(p, diags, m, &allocated, &x->no_exec_paths, MOUNT_KIND_SELF, ATTR_UNSET,
                                ATTR_ON, "NoExecPaths"));
        for (size_t i = 0; i < x->temporary_file_system.n; i++)
                RET_GATHER(r, tmpfs_add(p, diags, m, &allocated, &x->temporary_file_system.items[i]));
        RET_GATHER(r, binds_add(p, diags, m, &allocated));
        if (r < 0)
                return -EINVAL;

        entries_normalize(m);

        for (size_t i = 0; i < m->n; i++)
                if (m->entries[i].kind == MOUNT_KIND_INACCESSIBLE) {
                        m->staging = staging_pick(m);
                        if (!m->staging) {
                                error_at(p, diags, m->entries[i].directive,
                                         "no directory left to prepare inaccessible objects in");
                                return -EINVAL;
                        }
                        break;
                }

        m->fds = xcalloc(MAX(m->n, 1u), sizeof(int));
        m->dir_fds = xcalloc(_DIR_FD_MAX, sizeof(int));
        for (size_t i = 0; i < m->n; i++)
                m->fds[i] = -EBADF;
        for (size_t i = 0; i < _DIR_FD_MAX; i++)
                m->dir_fds[i] = -EBADF;
        m->buf_size = MOUNTINFO_INITIAL;
        m->buf = xmalloc(m->buf_size);

        m->path_cache = path_cache_free(m->path_cache);
        *ret = TAKE_PTR(m);
        return 0;
}

static const char *attr_to_string(MountAttr a, const char *on, const char *off) {
        return a == ATTR_ON ? on : a == ATTR_OFF ? off : a == ATTR_KEEP ? "keep" : NULL;
}

void mount_list_dump(const MountList *m, FILE *f) {
        assert(f);

        if (!m)
                return;
        fputs("propagation / slave,recursive\n", f);
        for (size_t i = 0; i < m->n; i++) {
                const MountEntry *e = &m->entries[i];
                const char *ro = attr_to_string(e->read_only, "ro", "rw");
                const char *nx = attr_to_string(e->no_exec, "noexec", "exec");

                if (e->kind == MOUNT_KIND_SELF && e->read_only == ATTR_ON && e->no_exec == ATTR_UNSET)
                        fprintf(f, "read-only %s", e->path);
                else if (e->kind == MOUNT_KIND_SELF && e->read_only == ATTR_OFF && e->no_exec == ATTR_UNSET)
                        fprintf(f, "read-write %s", e->path);
                else if (e->kind == MOUNT_KIND_BIND)
                        fprintf(f, "%s%s %s -> %s", e->read_only == ATTR_ON ? "bind-ro" : "bind",
                                e->recursive ? "" : "-norbind", e->source, e->path);
                else
                        fprintf(f, "%s %s", mount_kind_to_string(e->kind), e->path);

                if (e->kind == MOUNT_KIND_TMPFS || e->kind == MOUNT_KIND_PROC)
                        fprintf(f, " (%s)", isempty(e->data) ? "defaults" : e->data);
                if (e->kind != MOUNT_KIND_BIND &&
                    !(e->kind == MOUNT_KIND_SELF && e->no_exec == ATTR_UNSET &&
                      (e->read_only == ATTR_ON || e->read_only == ATTR_OFF)) &&
                    (ro || nx)) {
                        fputs(" [", f);
                        if (ro)
                                fputs(ro, f);
                        if (nx)
                                fprintf(f, "%s%s", ro ? "," : "", nx);
                        fputc(']', f);
                }
                if (e->ignore_missing)
                        fputs(" (if present)", f);
                fprintf(f, "  # %s=\n", e->directive);
        }
        if (m->root)
                fprintf(f, "root-directory %s (pivot_root)  # RootDirectory=\n", m->root);
}

/* ---------------------------------------------------------------------------------------------------- */
/* Apply (child, inside the new mount namespace): no allocation, no logging. Every failure returns
 * -errno and names the path through *failed, which always points into the list or to a static string. */

#ifndef STATX_ATTR_MOUNT_ROOT
#define STATX_ATTR_MOUNT_ROOT 0x00002000 /* kernel ≥ 5.8 */
#endif

#define FD_TYPE_DIR (-1001) /* inaccessible row, before its clone is made: the target's type */
#define FD_TYPE_REG (-1002)
#define FD_TYPE_CHR (-1003)

/* 1: a mount's root, 0: an ordinary directory entry, -ENOENT…: missing. Never triggers an automount.
 * *ret_mode (optional): its type, as lstat() says. */
static int path_is_mount_root_mode(const char *path, mode_t *ret_mode) {
        struct statx sx;

        if (statx(AT_FDCWD, path, AT_SYMLINK_NOFOLLOW | AT_NO_AUTOMOUNT, STATX_TYPE, &sx) < 0)
                return negative_errno();
        if (!(sx.stx_attributes_mask & STATX_ATTR_MOUNT_ROOT))
                return -ENOSYS;
        if (ret_mode)
                *ret_mode = sx.stx_mode;
        return !!(sx.stx_attributes & STATX_ATTR_MOUNT_ROOT);
}

static int path_is_mount_root(const char *path) {
        return path_is_mount_root_mode(path, NULL);
}

/* Which inaccessible object covers a file of this type. */
static int fd_type_of(mode_t mode) {
        return S_ISDIR(mode) ? FD_TYPE_DIR : S_ISCHR(mode) || S_ISBLK(mode) ? FD_TYPE_CHR : FD_TYPE_REG;
}

static bool errno_is_missing(int r) {
        return r == -ENOENT || r == -ENOTDIR;
}

/* Creates the missing parents of path (0755). */
static int mkdir_parents(const char *path) {
        char buf[PATH_MAX];
        size_t l = strlen(path);

        if (l >= sizeof(buf))
                return -ENAMETOOLONG;
        memcpy(buf, path, l + 1);
        for (char *s = buf + 1; *s; s++) {
                if (*s != '/')
                        continue;
                *s = '\0';
                if (mkdir(buf, 0755) < 0 && errno != EEXIST)
                        return negative_errno();
                *s = '/';
        }
        return 0;
}

/* Makes sure path exists as a directory or an empty file, creating parents. 0: existed, 1: created. */
static int path_make(const char *path, bool directory) {
        struct stat st;
        int r, fd;

        if (lstat(path, &st) >= 0)
                return 0;
        if (errno != ENOENT)
                return negative_errno();
        r = mkdir_parents(path);
        if (r < 0)
                return r;
        if (directory) {
                if (mkdir(path, 0755) < 0 && errno != EEXIST)
                        return negative_errno();
                return 1;
        }
        fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOCTTY | O_NOFOLLOW, 0644);
        if (fd < 0)
                return errno == EEXIST ? 0 : negative_errno();
        (void) close(fd);
        return 1;
}

static int fd_move_to(int *fd, const char *target) {
        int r = 0;

        if (move_mount(*fd, "", AT_FDCWD, target, MOVE_MOUNT_F_EMPTY_PATH | MOVE_MOUNT_T_SYMLINKS) < 0)
                r = negative_errno();
        *fd = safe_close(*fd);
        return r;
}

static void fds_close(const MountList *m) {
        for (size_t i = 0; i < m->n; i++)
                if (m->fds[i] >= 0)
                        m->fds[i] = safe_close(m->fds[i]);
        for (size_t i = 0; i < _DIR_FD_MAX; i++)
                m->dir_fds[i] = safe_close(m->dir_fds[i]);
}

/* The persistent inaccessible objects (systemd keeps the same in /run/systemd/inaccessible/): made once by
 * root and reused by every later start, so a start needs no staging mount of its own (mounting, then
 * detaching a tmpfs and dropping unused clones each wait for an RCU grace period: milliseconds under load).
 * They are used only when every check below holds; anything else is repaired under a lock, and where that is
 * impossible (a user namespace, no CAP_MKNOD, a read-only /run) the staging tmpfs is used instead. */
#define OBJECTS_PARENT "/run/sandboxctl"
#define OBJECTS_NAME "inaccessible"
#define OBJECTS_NEW ".inaccessible.new" /* built here under the lock, then renamed into place */
#define OBJECT_DIR "dir"
#define OBJECT_REG "reg"
#define OBJECT_CHR "chr"

/* Owned by root and writable by nobody else: what a directory on the way to the objects must be. */
static bool stat_is_safe_dir(const struct stat *st) {
        return S_ISDIR(st->st_mode) && st->st_uid == 0 && (st->st_mode & 0022) == 0;
}

/* Of its type, root's and mode 0000 (its group does not matter then: a set-group-ID /run/sandboxctl or a
 * default ACL must not make every start rebuild the objects). */
static bool stat_is_object(const struct stat *st, mode_t type) {
        if ((st->st_mode & S_IFMT) != type || (st->st_mode & 07777) != 0 || st->st_uid != 0)
                return false;
        if (type == S_IFREG)
                return st->st_size == 0 && st->st_nlink == 1;
        if (type == S_IFCHR)
                return st->st_rdev == makedev(0, 0);
        /* dir must be empty: mode 0000 keeps out everyone but a payload with CAP_DAC_READ_SEARCH, which must
         * find nothing either. It is made with mtime 0, and adding or removing an entry sets the mtime to
         * now, so a time of 0 and no subdirectory prove it (only root can set a time back: the owner). */
        return st->st_nlink == 2 && st->st_mtim.tv_sec == 0 && st->st_mtim.tv_nsec == 0;
}

/* 0 when dfd is a complete, untampered object directory. */
static int objects_verify(int dfd) {
        static const struct {
                const char *name;
                mode_t type;
        } objects[] = {
                { OBJECT_DIR, S_IFDIR },
                { OBJECT_REG, S_IFREG },
                { OBJECT_CHR, S_IFCHR },
        };
        struct stat st;

        if (fstat(dfd, &st) < 0)
                return negative_errno();
        if (!stat_is_safe_dir(&st))
                return -EPERM;
        for (size_t k = 0; k < ELEMENTSOF(objects); k++) {
                if (fstatat(dfd, objects[k].name, &st, AT_SYMLINK_NOFOLLOW) < 0)
                        return negative_errno();
                if (!stat_is_object(&st, objects[k].type))
                        return -EPERM;
        }
        return 0;
}

/* Removes `name` below dfd and everything under it (a tampered object directory), without allocating;
 * gives up below a few levels. */
static int rm_rf_at(int dfd, const char *name, unsigned depth) {
        union {
                struct dirent64 de;
                char raw[1024];
        } buf;
        ssize_t n;
        int fd, r = 0;

        if (unlinkat(dfd, name, 0) >= 0 || errno == ENOENT)
                return 0;
        if (errno != EISDIR && errno != EPERM)
                return negative_errno();
        if (depth == 0)
                return -ELOOP;
        fd = openat(dfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        if (fd < 0)
                return negative_errno();
        /* Each pass removes what it saw; read again from the start until only "." and ".." are left. */
        for (;;) {
                bool removed = false;

                if (lseek(fd, 0, SEEK_SET) < 0) {
                        r = negative_errno();
                        break;
                }
                while ((n = getdents64(fd, buf.raw, sizeof(buf.raw))) > 0)
                        for (ssize_t o = 0; o < n; o += ((const struct dirent64 *) (buf.raw + o))->d_reclen) {
                                const struct dirent64 *de = (const struct dirent64 *) (buf.raw + o);

                                if (streq(de->d_name, ".") || streq(de->d_name, ".."))
                                        continue;
                                r = rm_rf_at(fd, de->d_name, depth - 1);
                                if (r < 0)
                                        goto finish;
                                removed = true;
                        }
                if (n < 0) {
                        r = negative_errno();
                        break;
                }
                if (!removed)
                        break;
        }
finish:
        (void) close(fd);
        if (r >= 0 && unlinkat(dfd, name, AT_REMOVEDIR) < 0 && errno != ENOENT)
                r = negative_errno();
        return r;
}

/* Builds a fresh object directory as OBJECTS_NEW and swaps it into place (the caller holds the lock). */
static int objects_make(int pfd) {
        int r = 0, tfd, fd;

        r = rm_rf_at(pfd, OBJECTS_NEW, 4); /* left over by a run that was killed while making it */
        if (r < 0)
                return r;
        if (mkdirat(pfd, OBJECTS_NEW, 0700) < 0)
                return negative_errno();
        tfd = openat(pfd, OBJECTS_NEW, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        if (tfd < 0)
                r = negative_errno();
        /* fchmodat(): the mode must not depend on the caller's umask. */
        if (r >= 0 && (mkdirat(tfd, OBJECT_DIR, 0000) < 0 || fchmodat(tfd, OBJECT_DIR, 0000, 0) < 0 ||
                       utimensat(tfd, OBJECT_DIR, (const struct timespec[2]) {}, AT_SYMLINK_NOFOLLOW) < 0))
                r = negative_errno();
        if (r >= 0) {
                fd = openat(tfd, OBJECT_REG, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_NOCTTY | O_CLOEXEC, 0000);
                if (fd < 0)
                        r = negative_errno();
                else
                        (void) close(fd);
        }
        /* A 0:0 character device: opening it fails even for root. */
        if (r >= 0 && mknodat(tfd, OBJECT_CHR, S_IFCHR | 0000, makedev(0, 0)) < 0)
                r = negative_errno();
        if (r >= 0 && fchmodat(pfd, OBJECTS_NEW, 0755, 0) < 0)
                r = negative_errno();
        if (tfd >= 0)
                (void) close(tfd);
        if (r >= 0) {
                /* Atomic for every reader: the old entry (a wrong one) is swapped out whole, then removed. */
                if (renameat2(pfd, OBJECTS_NEW, pfd, OBJECTS_NAME, RENAME_EXCHANGE) >= 0)
                        return rm_rf_at(pfd, OBJECTS_NEW, 4);
                if (errno != ENOENT || renameat(pfd, OBJECTS_NEW, pfd, OBJECTS_NAME) < 0)
                        r = negative_errno();
        }
        (void) rm_rf_at(pfd, OBJECTS_NEW, 4);
        return r;
}

static int objects_open_verified(int pfd, const char *name) {
        int dfd, r;

        dfd = openat(pfd, name, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        if (dfd < 0)
                return negative_errno();
        r = objects_verify(dfd);
        if (r < 0) {
                (void) close(dfd);
                return r;
        }
        return dfd;
}

/* An O_PATH fd of the verified object directory, made or repaired first when needed. */
static int objects_open(void) {
        struct stat st;
        int pfd, dfd;

        /* The common case: the parent is safe (only root can replace it: /run is root's) and the objects
         * are right, checked without opening the parent. */
        if (lstat(OBJECTS_PARENT, &st) >= 0) {
                if (!stat_is_safe_dir(&st))
                        return -EPERM;
                dfd = objects_open_verified(AT_FDCWD, OBJECTS_PARENT "/" OBJECTS_NAME);
                if (dfd >= 0)
                        return dfd;
        } else if (errno != ENOENT)
                return negative_errno();

        pfd = open(OBJECTS_PARENT, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        if (pfd < 0 && errno == ENOENT) {
                if (mkdir(OBJECTS_PARENT, 0755) < 0 && errno != EEXIST)
                        return negative_errno();
                pfd = open(OBJECTS_PARENT, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        }
        if (pfd < 0)
                return negative_errno();
        if (fstat(pfd, &st) < 0 || !stat_is_safe_dir(&st)) {
                (void) close(pfd);
                return -EPERM;
        }

        /* Missing or wrong: one process repairs it, the others wait and then find it right. */
        if (flock(pfd, LOCK_EX) < 0)
                dfd = negative_errno();
        else {
                dfd = objects_open_verified(pfd, OBJECTS_NAME);
                if (dfd < 0 && objects_make(pfd) >= 0)
                        dfd = objects_open_verified(pfd, OBJECTS_NAME);
        }
        (void) close(pfd); /* drops the lock */
        return dfd;
}

/* The clone for inaccessible row i from the persistent objects: read-only, nosuid, nodev, noexec (as the
 * staging tmpfs), and private, so nothing mounted on the host's object later propagates into the sandbox. */
static int objects_clone(const MountList *m, size_t i) {
        struct mount_attr a = {
                .attr_set = MOUNT_ATTR_RDONLY | MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV | MOUNT_ATTR_NOEXEC,
                .propagation = MS_PRIVATE,
        };
        const char *obj = m->fds[i] == FD_TYPE_DIR ? OBJECT_DIR : m->fds[i] == FD_TYPE_CHR ? OBJECT_CHR : OBJECT_REG;
        int fd;

        fd = open_tree(m->dir_fds[DIR_FD_OBJECTS], obj, OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC | AT_SYMLINK_NOFOLLOW);
        if (fd < 0)
                return negative_errno();
        if (mount_setattr(fd, "", AT_EMPTY_PATH, &a, sizeof(a)) < 0) {
                int r = negative_errno();

                (void) close(fd);
                return r;
        }
        return fd;
}

/* Finds the type of every inaccessible row's target, then takes the objects: the persistent ones (cloned
 * when mounting, so a row that turns out to be missing costs nothing), or else mode-000 objects built on a
 * tmpfs briefly mounted on m->staging and cloned here, one per row. */
static int inaccessible_prepare(const MountList *m, const char **failed) {
        char d[PATH_MAX], f[PATH_MAX], c[PATH_MAX];
        bool have_chr, any = false;
        int fd, r = 0;

        for (size_t i = 0; i < m->n && !any; i++)
                any = m->entries[i].kind == MOUNT_KIND_INACCESSIBLE;
        if (!any)
                return 0;

        /* The persistent objects: entry_mount() learns each target's type from the statx() it makes anyway. */
        m->dir_fds[DIR_FD_OBJECTS] = objects_open();
        if (m->dir_fds[DIR_FD_OBJECTS] >= 0)
                return 0;

        /* Else one clone per row now, before the staging tmpfs goes away: the types are needed first. */
        for (size_t i = 0; i < m->n; i++) {
                const MountEntry *e = &m->entries[i];
                struct stat st;

                if (e->kind != MOUNT_KIND_INACCESSIBLE)
                        continue;
                if (stat(e->path, &st) < 0) {
                        if (e->ignore_missing && errno_is_missing(negative_errno())) {
                                m->fds[i] = FD_SKIP;
                                continue;
                        }
                        *failed = e->path;
                        return negative_errno();
                }
                m->fds[i] = fd_type_of(st.st_mode);
        }

        if (!m->staging)
                return 0;
        *failed = m->staging;
        if (snprintf(d, sizeof(d), "%s/" INACCESSIBLE_DIR, m->staging) >= (int) sizeof(d) ||
            snprintf(f, sizeof(f), "%s/" INACCESSIBLE_REG, m->staging) >= (int) sizeof(f) ||
            snprintf(c, sizeof(c), "%s/" INACCESSIBLE_CHR, m->staging) >= (int) sizeof(c))
                return -ENAMETOOLONG;
        if (mount("tmpfs", m->staging, "tmpfs", MS_NOSUID | MS_NODEV | MS_NOEXEC, "mode=0000,size=64k") < 0)
                return negative_errno();

        if (mkdir(d, 0000) < 0 || chmod(d, 0000) < 0)
                r = negative_errno();
        if (r >= 0) {
                fd = open(f, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOCTTY, 0000);
                if (fd < 0)
                        r = negative_errno();
                else
                        (void) close(fd);
        }
        /* A 0:0 character device, as the persistent chr. Without CAP_MKNOD (user namespace) devices are
         * covered by the mode-000 file instead. */
        have_chr = r >= 0 && mknod(c, S_IFCHR | 0000, makedev(0, 0)) >= 0;
        if (r >= 0 && mount(NULL, m->staging, NULL, MS_REMOUNT | MS_BIND | MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC,
                            NULL) < 0)
                r = negative_errno();

        for (size_t i = 0; r >= 0 && i < m->n; i++) {
                const char *obj;

                if (m->entries[i].kind != MOUNT_KIND_INACCESSIBLE || m->fds[i] == FD_SKIP)
                        continue;
                obj = m->fds[i] == FD_TYPE_DIR ? d : m->fds[i] == FD_TYPE_CHR && have_chr ? c : f;
                m->fds[i] = open_tree(AT_FDCWD, obj, OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC);
                if (m->fds[i] < 0) {
                        r = negative_errno();
                        m->fds[i] = -EBADF;
                }
        }

        if (umount2(m->staging, MNT_DETACH) < 0 && r >= 0)
                r = negative_errno();
        return r;
}

/* Everything that must be taken from the host's tree before the first mount can shadow it. */
static int prepare(const MountList *m, const char **failed) {
        int r;

        for (size_t i = 0; i < m->n; i++) {
                const MountEntry *e = &m->entries[i];

                if (e->kind == MOUNT_KIND_BIND) {
                        m->fds[i] = open_tree(AT_FDCWD, e->source,
                                              OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC | (e->recursive ? AT_RECURSIVE : 0));
                        if (m->fds[i] < 0) {
                                r = negative_errno();
                                if (e->ignore_missing && errno_is_missing(r)) {
                                        m->fds[i] = FD_SKIP;
                                        continue;
                                }
                                m->fds[i] = -EBADF;
                                *failed = e->source;
                                return r;
                        }
                }

                /* The fallbacks below are cloned only when needed, from directories held open here: an unused
                 * clone would cost an unmount (and an RCU grace period) when closed. */
                if (e->kind == MOUNT_KIND_PROC && isempty(e->data) && !m->private_pids)
                        /* Fallback for a plain API /proc where a new procfs instance is refused (a user namespace
                         * without its own PID namespace): the host's, as systemd does. Not with hidepid=/subset=:
                         * those would silently not apply; not with PrivatePIDs=: it would show the host's
                         * processes. */
                        m->fds[i] = open("/proc", O_PATH | O_DIRECTORY | O_CLOEXEC);

                if (e->kind == MOUNT_KIND_DEV && m->dir_fds[DIR_FD_HOST_DEV] < 0)
                        /* Fallbacks for PrivateDevices= where mknod() or a new devpts is not permitted. */
                        m->dir_fds[DIR_FD_HOST_DEV] = open("/dev", O_PATH | O_DIRECTORY | O_CLOEXEC);
        }

        return inaccessible_prepare(m, failed);
}

/* "<dev>/<name>" for the /dev being built (it is below RootDirectory= when one is set). */
static int dev_path(char buf[static PATH_MAX], const MountEntry *e, const char *name) {
        if (snprintf(buf, PATH_MAX, "%s/%s", e->path, name) >= PATH_MAX)
                return -ENAMETOOLONG;
        return 0;
}

/* Clones `name` of the host's /dev and moves it onto p (a fallback where the kernel refuses to make it). */
static int dev_bind_host(const MountList *m, const char *name, const char *p) {
        int fd;

        if (m->dir_fds[DIR_FD_HOST_DEV] < 0)
                return -ENOENT;
        fd = open_tree(m->dir_fds[DIR_FD_HOST_DEV], name, OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC);
        if (fd < 0)
                return negative_errno();
        return fd_move_to(&fd, p);
}

/* PrivateDevices=: a minimal /dev on a fresh tmpfs (systemd's mount_private_dev()). Failures name the path
 * as the payload would see it ("/dev/null"), a static string. Runs with umask 0 (see dev_setup()). */
static int dev_setup_umask0(const MountList *m, const MountEntry *e, const char **failed) {
        char p[PATH_MAX];
        bool new_pts;
        int r;

        *failed = e->path;
        if (mount("tmpfs", e->path, "tmpfs", MS_NOSUID | MS_NOEXEC | MS_STRICTATIME, "mode=0755,size=4m") < 0)
                return negative_errno();

        for (size_t k = 0; k < ELEMENTSOF(dev_nodes); k++) {
                *failed = dev_nodes[k].host_path;
                r = dev_path(p, e, dev_nodes[k].name);
                if (r < 0)
                        return r;
                if (mknod(p, dev_nodes[k].type | 0666, makedev(dev_nodes[k].dev_major, dev_nodes[k].dev_minor)) >= 0)
                        continue;
                r = negative_errno();
                if (r != -EPERM)
                        return r;
                /* No CAP_MKNOD (user namespace): bind the host's node instead. */
                r = path_make(p, false);
                if (r < 0)
                        return r;
                r = dev_bind_host(m, dev_nodes[k].name, p);
                if (r < 0)
                        return r == -ENOENT ? -EPERM : r;
        }

        *failed = "/dev/pts";
        r = dev_path(p, e, "pts");
        if (r < 0)
                return r;
        if (mkdir(p, 0755) < 0)
                return negative_errno();
        new_pts = mount("devpts", p, "devpts", MS_NOSUID | MS_NOEXEC, "newinstance,ptmxmode=0666,mode=0620,gid=5") >= 0 ||
                /* gid 5 ("tty") may be unmapped in a user namespace */
                mount("devpts", p, "devpts", MS_NOSUID | MS_NOEXEC, "newinstance,ptmxmode=0666,mode=0620") >= 0;
        if (!new_pts) {
                int k = errno;

                r = dev_bind_host(m, "pts", p);
                if (r < 0)
                        return r == -ENOENT ? -k : r;
        }

        *failed = "/dev/ptmx";
        r = dev_path(p, e, "ptmx");
        if (r < 0)
                return r;
        if (new_pts) {
                if (symlink("pts/ptmx", p) < 0)
                        return negative_errno();
        } else {
                r = path_make(p, false);
                if (r >= 0)
                        r = dev_bind_host(m, "ptmx", p);
                if (r < 0)
                        return r;
        }

        *failed = "/dev/shm";
        r = dev_path(p, e, "shm");
        if (r < 0)
                return r;
        if (mkdir(p, 01777) < 0 || mount("tmpfs", p, "tmpfs", MS_NOSUID | MS_NODEV, "mode=01777") < 0)
                return negative_errno();

        /* The host's POSIX message queues, where it has them mounted (PrivateIPC= mounts its own later). */
        if (m->dir_fds[DIR_FD_HOST_DEV] >= 0) {
                int fd = open_tree(m->dir_fds[DIR_FD_HOST_DEV], "mqueue", OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC);

                if (fd >= 0) {
                        *failed = "/dev/mqueue";
                        r = dev_path(p, e, "mqueue");
                        if (r >= 0 && mkdir(p, 0755) < 0)
                                r = negative_errno();
                        if (r < 0) {
                                (void) close(fd);
                                return r;
                        }
                        r = fd_move_to(&fd, p);
                        if (r < 0)
                                return r;
                }
        }

        for (size_t k = 0; k < ELEMENTSOF(dev_symlinks); k++) {
                *failed = dev_symlinks[k].target;
                r = dev_path(p, e, dev_symlinks[k].name);
                if (r < 0)
                        return r;
                if (symlink(dev_symlinks[k].target, p) < 0)
                        return negative_errno();
        }
        return 0;
}

/* The modes above are meant exactly (0666 nodes, a 01777 shm): umask 0 spares a chmod() per node. */
static int dev_setup(const MountList *m, const MountEntry *e, const char **failed) {
        mode_t old = umask(0);
        int r = dev_setup_umask0(m, e, failed);

        (void) umask(old);
        return r;
}

/* The mount pass: parents first, so a row lands in (or on) what its parent rows mounted. */
static int entry_mount(const MountList *m, size_t i, const char **failed) {
        const MountEntry *e = &m->entries[i];
        mode_t mode = 0;
        bool missing;
        int r;

        *failed = e->path;
        r = path_is_mount_root_mode(e->path, &mode);
        if (r < 0 && !errno_is_missing(r))
                return r;
        missing = r < 0;

        /* A missing path is created for binds and explicit TemporaryFileSystem= rows, skipped for implicit
         * and '-' rows, and an error otherwise. */
        if (missing && e->kind != MOUNT_KIND_BIND && (e->ignore_missing || e->kind == MOUNT_KIND_MQUEUE)) {
                if (m->fds[i] >= 0)
                        m->fds[i] = safe_close(m->fds[i]);
                m->fds[i] = FD_SKIP;
                return 0;
        }

        switch (e->kind) {

        case MOUNT_KIND_SELF:
                if (missing)
                        return -ENOENT;
                /* Make it a mount point of its own, so its attributes can differ from its parent's. */
                if (r == 0 && mount(e->path, e->path, NULL, MS_BIND | MS_REC, NULL) < 0)
                        return negative_errno();
                return 0;

        case MOUNT_KIND_TMPFS:
                if (missing) {
                        r = path_make(e->path, true);
                        if (r < 0)
                                return r;
                }
                if (mount("tmpfs", e->path, "tmpfs", e->flags, e->data) < 0)
                        return negative_errno();
                return 0;

        case MOUNT_KIND_PROC:
                if (missing) {
                        r = path_make(e->path, true);
                        if (r < 0)
                                return r;
                }
                if (mount("proc", e->path, "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, e->data) >= 0) {
                        m->fds[i] = safe_close(m->fds[i]);
                        return 0;
                }
                if (errno != EPERM || m->fds[i] < 0)
                        return negative_errno();
                {
                        /* The host's /proc, from the O_PATH fd prepare() took. */
                        int fd = open_tree(m->fds[i], "", AT_EMPTY_PATH | OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC | AT_RECURSIVE);

                        r = fd < 0 ? negative_errno() : 0;
                        m->fds[i] = safe_close(m->fds[i]);
                        if (r < 0)
                                return r;
                        return fd_move_to(&fd, e->path);
                }

        case MOUNT_KIND_CGROUP:
                if (missing) {
                        r = path_make(e->path, true);
                        if (r < 0)
                                return r;
                }
                if (mount("cgroup2", e->path, "cgroup2", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) >= 0)
                        return 0;
                if (errno != EBUSY)
                        return negative_errno();
                /* A pure cgroup v2 host has this very superblock mounted right here, and the kernel refuses
                 * the same file system twice on one mount point: put a tiny empty tmpfs in between. */
                if (mount("tmpfs", e->path, "tmpfs", MS_NOSUID | MS_NODEV | MS_NOEXEC, "size=4k,mode=0755") < 0)
                        return negative_errno();
                if (mount("cgroup2", e->path, "cgroup2", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) < 0)
                        return negative_errno();
                return 0;

        case MOUNT_KIND_MQUEUE:
                if (mount("mqueue", e->path, "mqueue", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) < 0)
                        return negative_errno();
                return 0;

        case MOUNT_KIND_DEV:
                if (missing) {
                        r = path_make(e->path, true);
                        if (r < 0)
                                return r;
                }
                return dev_setup(m, e, failed);

        case MOUNT_KIND_BIND:
                if (m->fds[i] == FD_SKIP)
                        return 0;
                if (missing) {
                        r = path_make(e->path, e->source_is_dir);
                        if (r < 0)
                                return r;
                }
                return fd_move_to(&m->fds[i], e->path);

        case MOUNT_KIND_INACCESSIBLE:
                if (m->fds[i] == FD_SKIP)
                        return 0;
                if (missing)
                        return -ENOENT;
                if (m->fds[i] < 0) {
                        /* The persistent objects are in use: clone the one this row needs, of the type of
                         * what the path names (following a symlink, as stat() would). */
                        struct stat st;

                        if (S_ISLNK(mode)) {
                                if (stat(e->path, &st) < 0)
                                        return negative_errno();
                                mode = st.st_mode;
                        }
                        m->fds[i] = fd_type_of(mode);
                        r = objects_clone(m, i);
                        if (r < 0)
                                return r;
                        m->fds[i] = r;
                }
                return fd_move_to(&m->fds[i], e->path);

        default:
                return -EINVAL;
        }
}

/* The mount table as read once by apply(). */
typedef struct MountTable {
        char *buf;     /* m->buf, or a mapping of `mapped` bytes when that was too small */
        size_t size;   /* bytes in buf; SIZE_MAX: not read yet */
        size_t mapped;
} MountTable;

static int mountinfo_read_into(char *buf, size_t buf_size, size_t *ret_size) {
        size_t n = 0;
        int fd;

        fd = open("/proc/self/mountinfo", O_RDONLY | O_CLOEXEC);
        if (fd < 0)
                return negative_errno();
        for (;;) {
                ssize_t k;

                if (n >= buf_size - 1) {
                        (void) close(fd);
                        return -E2BIG;
                }
                k = read(fd, buf + n, buf_size - 1 - n);
                if (k < 0) {
                        if (errno == EINTR)
                                continue;
                        (void) close(fd);
                        return negative_errno();
                }
                if (k == 0)
                        break;
                n += (size_t) k;
        }
        (void) close(fd);
        buf[n] = '\0';
        *ret_size = n;
        return 0;
}

/* Reads /proc/self/mountinfo into the list's buffer or, when it does not fit, into a mapping (a system call,
 * not the allocator) growing up to MOUNTINFO_MAX. */
static int mountinfo_read(const MountList *m, MountTable *t) {
        int r;

        t->buf = m->buf;
        r = mountinfo_read_into(m->buf, m->buf_size, &t->size);
        for (size_t want = 1024u * 1024u; r == -E2BIG && want <= MOUNTINFO_MAX; want *= 4) {
                void *p;

                if (t->mapped > 0)
                        (void) munmap(t->buf, t->mapped);
                t->buf = m->buf;
                t->mapped = 0;
                p = mmap(NULL, want, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
                if (p == MAP_FAILED)
                        return negative_errno();
                t->buf = p;
                t->mapped = want;
                r = mountinfo_read_into(t->buf, want, &t->size);
        }
        if (r < 0)
                t->size = SIZE_MAX;
        return r;
}

/* Copies field `index` (0-based, space-separated) of a mountinfo line, undoing the kernel's octal escapes
 * ("\040" for a space). */
static int mountinfo_field(const char *line, const char *end, unsigned index, char *out, size_t size) {
        const char *s = line;
        size_t n = 0;

        for (unsigned k = 0; k < index; k++) {
                s = memchr(s, ' ', end - s);
                if (!s)
                        return -EBADMSG;
                s++;
        }
        for (; s < end && *s != ' '; s++) {
                char ch = *s;

                if (ch == '\\' && end - s >= 4 && s[1] >= '0' && s[1] <= '3' && s[2] >= '0' && s[2] <= '7' &&
                    s[3] >= '0' && s[3] <= '7') {
                        ch = (char) (((s[1] - '0') << 6) | ((s[2] - '0') << 3) | (s[3] - '0'));
                        s += 3;
                }
                if (n + 1 >= size)
                        return -ENAMETOOLONG;
                out[n++] = ch;
        }
        out[n] = '\0';
        return 0;
}

static bool mount_options_have(const char *opts, const char *word) {
        size_t l = strlen(word);

        for (const char *s = opts; s; s = strchr(s, ',') ? strchr(s, ',') + 1 : NULL)
                if (strneq(s, word, l) && (s[l] == ',' || s[l] == '\0'))
                        return true;
        return false;
}

/* True when submount `mp` belongs to a deeper row that decides `attr` itself (or mounted something of its
 * own there): the row being applied must leave it alone. This is what keeps ReadWritePaths= holes. */
static bool attr_denied(const MountList *m, size_t i, const char *mp, unsigned attr) {
        const MountEntry *e = &m->entries[i];

        for (size_t j = 0; j < m->n; j++) {
                const MountEntry *f = &m->entries[j];
                bool decides;

                if (j == i || m->fds[j] == FD_SKIP || !path_strictly_below(f->path, e->path))
                        continue;
                decides = f->kind != MOUNT_KIND_SELF ||
                        (attr == MOUNT_ATTR_RDONLY ? f->read_only : f->no_exec) != ATTR_UNSET;
                if (decides && path_below_or_equal(mp, f->path))
                        return true;
        }
        return false;
}

static int attr_set_one(const char *mp, unsigned attr, bool on) {
        struct mount_attr a = {
                .attr_set = on ? attr : 0,
                .attr_clr = on ? 0 : attr,
        };
        int r;

        if (mount_setattr(AT_FDCWD, mp, AT_SYMLINK_NOFOLLOW | AT_NO_AUTOMOUNT, &a, sizeof(a)) >= 0)
                return 0;
        r = negative_errno();
        /* EINVAL also says "not a mount root": a mount point in the table that a later mount covers is
         * unreachable, nothing to protect. Asked only then, so the common case is one system call. */
        if (errno_is_missing(r))
                return 0;
        if (r == -EINVAL) {
                int k = path_is_mount_root(mp);

                if (k == 0 || errno_is_missing(k))
                        return 0;
                if (k < 0)
                        return k;
        }
        return r;
}

/* 1 when row i decides `attr` for every mount below its path and none of them is stacked on another (a
 * covered mount, which entry_attr() leaves alone): then one recursive mount_setattr() does the same as one
 * call per mount (ProtectControlGroups= on a v1 host: a dozen mounts). */
static int attr_subtree_whole(const MountList *m, size_t i, unsigned attr, const MountTable *t) {
        const MountEntry *e = &m->entries[i];
        char mp[PATH_MAX], other[PATH_MAX];
        unsigned n = 0;

        for (const char *line = t->buf, *end; line < t->buf + t->size; line = end + 1) {
                end = memchr(line, '\n', t->buf + t->size - line) ?: t->buf + t->size;
                if (mountinfo_field(line, end, 4, mp, sizeof(mp)) < 0)
                        return -EBADMSG;
                if (!path_below_or_equal(mp, e->path))
                        continue;
                if (attr_denied(m, i, mp, attr))
                        return 0;
                n++;
        }
        if (n < 2)
                return 0; /* nothing to save */

        for (const char *line = t->buf, *end; line < t->buf + t->size; line = end + 1) {
                end = memchr(line, '\n', t->buf + t->size - line) ?: t->buf + t->size;
                if (mountinfo_field(line, end, 4, mp, sizeof(mp)) < 0)
                        return -EBADMSG;
                if (!path_below_or_equal(mp, e->path))
                        continue;
                for (const char *l2 = end + 1, *end2; l2 < t->buf + t->size; l2 = end2 + 1) {
                        end2 = memchr(l2, '\n', t->buf + t->size - l2) ?: t->buf + t->size;
                        if (mountinfo_field(l2, end2, 4, other, sizeof(other)) < 0)
                                return -EBADMSG;
                        if (streq(mp, other))
                                return 0;
                }
        }
        return 1;
}

/* Applies one row's attribute to its mount and, when recursive, to the submounts it decides for. `t` holds
 * the mount table as it was after the mount pass: the attribute pass adds no mount, and every
 * mount gets each attribute from one row at most (attr_denied() leaves it to the deepest row deciding it),
 * so its options there are still current when that row looks at them. */
static int entry_attr(const MountList *m, size_t i, unsigned attr, bool on, const MountTable *t,
                      const char **failed) {
        const MountEntry *e = &m->entries[i];
        char mp[PATH_MAX], opts[1024];
        int r;

        *failed = e->path;
        if (!e->recursive)
                return attr_set_one(e->path, attr, on);

        r = attr_subtree_whole(m, i, attr, t);
        if (r < 0)
                return r;
        if (r > 0) {
                struct mount_attr a = {
                        .attr_set = on ? attr : 0,
                        .attr_clr = on ? 0 : attr,
                };

                if (mount_setattr(AT_FDCWD, e->path, AT_SYMLINK_NOFOLLOW | AT_NO_AUTOMOUNT | AT_RECURSIVE, &a,
                                  sizeof(a)) >= 0)
                        return 0;
                /* else mount by mount below, which decides what is an error */
        }

        for (const char *line = t->buf, *end; line < t->buf + t->size; line = end + 1) {
                bool has;

                end = memchr(line, '\n', t->buf + t->size - line) ?: t->buf + t->size;
                /* "36 35 98:0 /mnt1 /mnt2 rw,noatime master:1 - ext3 /dev/root rw,errors=continue" */
                if (mountinfo_field(line, end, 4, mp, sizeof(mp)) < 0 ||
                    mountinfo_field(line, end, 5, opts, sizeof(opts)) < 0)
                        return -EBADMSG;
                if (!path_below_or_equal(mp, e->path) || attr_denied(m, i, mp, attr))
                        continue;
                has = mount_options_have(opts, attr == MOUNT_ATTR_RDONLY ? "ro" : "noexec");
                if (has == on)
                        continue;
                r = attr_set_one(mp, attr, on);
                if (r < 0) {
                        /* Report the row's path: the submount's path lives in the scratch buffer. */
                        return r;
                }
        }
        return 0;
}

int mount_list_apply(const MountList *m, const char **ret_failed_path) {
        const char *failed = "/";
        MountTable t = { .size = SIZE_MAX };
        int r;

        assert(m);

        for (size_t i = 0; i < m->n; i++)
                m->fds[i] = -EBADF;

        /* Nothing done from here on propagates back to the host's mount namespace. */
        if (mount(NULL, "/", NULL, MS_SLAVE | MS_REC, NULL) < 0) {
                r = negative_errno();
                goto finish;
        }

        r = prepare(m, &failed);
        if (r < 0)
                goto finish;

        for (size_t i = 0; i < m->n; i++) {
                r = entry_mount(m, i, &failed);
                if (r < 0)
                        goto finish;
        }

        /* Attributes last: destinations could still be created above, and each row's deny list is complete.
         * One read of the mount table serves every row (see entry_attr()). */
        for (size_t i = 0; i < m->n; i++) {
                const MountEntry *e = &m->entries[i];

                if (m->fds[i] == FD_SKIP)
                        continue;
                if (e->recursive && t.size == SIZE_MAX &&
                    (e->read_only == ATTR_ON || e->read_only == ATTR_OFF || e->no_exec == ATTR_ON ||
                     e->no_exec == ATTR_OFF)) {
                        failed = "/proc/self/mountinfo";
                        r = mountinfo_read(m, &t);
                        if (r < 0)
                                goto finish;
                }
                if (e->read_only == ATTR_ON || e->read_only == ATTR_OFF) {
                        r = entry_attr(m, i, MOUNT_ATTR_RDONLY, e->read_only == ATTR_ON, &t, &failed);
                        if (r < 0)
                                goto finish;
                }
                if (e->no_exec == ATTR_ON || e->no_exec == ATTR_OFF) {
                        r = entry_attr(m, i, MOUNT_ATTR_NOEXEC, e->no_exec == ATTR_ON, &t, &failed);
                        if (r < 0)
                                goto finish;
                }
        }
        /* RootDirectory=: make the prepared tree the namespace's root. pivot_root(".", ".") stacks the old
         * root below the new one, and detaching it leaves no path back to the host's tree (a chroot() would,
         * for a payload that keeps CAP_SYS_CHROOT). The root is a mount point of its own (its row above) and
         * the tree is not shared (MS_SLAVE), as pivot_root(2) requires. */
        if (m->root) {
                failed = m->root;
                if (chdir(m->root) < 0 || syscall(SYS_pivot_root, ".", ".") < 0 || umount2(".", MNT_DETACH) < 0 ||
                    chdir("/") < 0) {
                        r = negative_errno();
                        goto finish;
                }
        }
        r = 0;

finish:
        if (t.mapped > 0)
                (void) munmap(t.buf, t.mapped);
        fds_close(m);
        if (r < 0 && ret_failed_path)
                *ret_failed_path = failed;
        return r;
}
