/* SPDX-License-Identifier: MIT */
/* mount_list_needed()/mount_list_compile()/mount_list_dump(): what the parent decides, without root. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "mount-list.h"
#include "tests.h"

/* A plan assembled by hand, as plan_build() would leave it. */
static SandboxPlan *plan_new(void) {
        SandboxPlan *p = xcalloc(1, sizeof(SandboxPlan));

        p->unit_name = xstrdup("t.unit");
        p->unit_path = xstrdup("/units/t.unit");
        return p;
}

static void plan_origin(SandboxPlan *p, const char *name, unsigned line) {
        p->set = xrealloc(p->set, (p->n_set + 1) * sizeof(DirectiveOrigin));
        p->set[p->n_set++] = (DirectiveOrigin) { .name = name, .file = xstrdup("/units/t.unit"), .line = line };
}

static void path_add(PathSpecList *l, const char *path, bool ignore_missing) {
        l->items = xrealloc(l->items, (l->n + 1) * sizeof(PathSpec));
        l->items[l->n++] = (PathSpec) { .path = xstrdup(path), .ignore_missing = ignore_missing };
}

static void bind_add(SandboxPlan *p, const char *src, const char *dst, bool ro, bool ignore_missing) {
        BindSpecList *l = &p->exec.bind_paths;

        l->items = xrealloc(l->items, (l->n + 1) * sizeof(BindSpec));
        l->items[l->n++] = (BindSpec) {
                .source = xstrdup(src),
                .destination = xstrdup(dst),
                .read_only = ro,
                .recursive = true,
                .ignore_missing = ignore_missing,
        };
}

static void tmpfs_add(SandboxPlan *p, const char *path, const char *opts) {
        TmpfsSpecList *l = &p->exec.temporary_file_system;

        l->items = xrealloc(l->items, (l->n + 1) * sizeof(TmpfsSpec));
        l->items[l->n++] = (TmpfsSpec) { .path = xstrdup(path), .options = opts ? xstrdup(opts) : NULL };
}

/* Compiles and returns the dump (owned), or NULL when compile failed (diags filled). */
static char *compile_dump(const SandboxPlan *p, DiagList *diags, int *ret_r) {
        _cleanup_(mount_list_freep) MountList *m = NULL;
        char *buf = NULL;
        size_t size = 0;
        FILE *f;

        *ret_r = mount_list_compile(p, diags, &m);
        if (*ret_r < 0)
                return NULL;
        f = open_memstream(&buf, &size);
        mount_list_dump(m, f);
        fclose(f);
        return buf;
}

/* A scratch tree: DIR/{a/{b,c},file}, removed at exit. */
static char scratch[64];

static void scratch_remove(void) {
        char cmd[128];

        if (scratch[0] == '\0')
                return;
        snprintf(cmd, sizeof(cmd), "rm -rf -- '%s'", scratch);
        (void) system(cmd);
}


static const char *scratch_path(const char *rel) {
        static char buf[4][256];
        static unsigned k;
        char *b = buf[k++ % 4];

        if (scratch[0] == '\0') {
                char s[PATH_MAX];

                strcpy(scratch, "/tmp/test-mount-list-XXXXXX");
                if (!mkdtemp(scratch))
                        abort();
                /* canonical, in case /tmp is a symlink */
                if (!realpath(scratch, s))
                        abort();
                if (strlen(s) >= sizeof(scratch))
                        abort();
                strcpy(scratch, s);
                atexit(scratch_remove);
                snprintf(b, 256, "%s/a/b", scratch);
                (void) mkdir(b, 0755); /* fails: parent missing */
                snprintf(b, 256, "%s/a", scratch);
                (void) mkdir(b, 0755);
                snprintf(b, 256, "%s/a/b", scratch);
                (void) mkdir(b, 0755);
                snprintf(b, 256, "%s/a/c", scratch);
                (void) mkdir(b, 0755);
                snprintf(b, 256, "%s/file", scratch);
                fclose(fopen(b, "w"));
        }
        snprintf(b, 256, "%s%s%s", scratch, *rel ? "/" : "", rel);
        return b;
}

/* Position of `needle` in `hay`, or -1. */
static long find(const char *hay, const char *needle) {
        const char *s = strstr(hay, needle);

        return s ? s - hay : -1;
}

TEST(needed) {
        _cleanup_(sandbox_plan_freep) SandboxPlan *p = plan_new();

        ASSERT_FALSE(mount_list_needed(p));
        p->exec.private_tmp = true;
        ASSERT_TRUE(mount_list_needed(p));
        p->exec.private_tmp = false;
        p->exec.private_mounts = true;
        ASSERT_TRUE(mount_list_needed(p));
        p->exec.private_mounts = false;
        p->exec.protect_proc = PROTECT_PROC_INVISIBLE;
        ASSERT_TRUE(mount_list_needed(p));
        p->exec.protect_proc = PROTECT_PROC_DEFAULT;
        path_add(&p->exec.read_only_paths, "/usr", false);
        ASSERT_TRUE(mount_list_needed(p));
}

TEST(empty_plan_compiles_to_nothing) {
        _cleanup_(diag_list_done) DiagList diags = {};
        int r;
        _cleanup_(sandbox_plan_freep) SandboxPlan *p = plan_new();
        _cleanup_free_ char *d = compile_dump(p, &diags, &r);

        ASSERT_OK(r);
        ASSERT_EQ(diags.n, 0);
        ASSERT_STREQ(d, "propagation / slave,recursive\n");
}

TEST(missing_path_is_an_error_at_file_line) {
        _cleanup_(sandbox_plan_freep) SandboxPlan *p = plan_new();
        _cleanup_(diag_list_done) DiagList diags = {};
        int r;
        _cleanup_free_ char *d = NULL;

        path_add(&p->exec.read_write_paths, "/nonexistent/mount-list-test", false);
        plan_origin(p, "ReadWritePaths", 7);
        d = compile_dump(p, &diags, &r);
        ASSERT_ERROR(r, EINVAL);
        ASSERT_NULL(d);
        ASSERT_EQ(diag_list_errors(&diags), 1);
        ASSERT_STREQ(diags.items[0].file, "/units/t.unit");
        ASSERT_EQ(diags.items[0].line, 7);
        ASSERT_STREQ(diags.items[0].directive, "ReadWritePaths=");
        ASSERT_TRUE(strstr(diags.items[0].message, "ReadWritePaths=") != NULL);
        ASSERT_TRUE(strstr(diags.items[0].message, "/nonexistent/mount-list-test") != NULL);
}

TEST(every_missing_path_is_reported) {
        _cleanup_(sandbox_plan_freep) SandboxPlan *p = plan_new();
        _cleanup_(diag_list_done) DiagList diags = {};
        int r;
        _cleanup_free_ char *d = NULL;

        path_add(&p->exec.read_only_paths, "/nonexistent/one", false);
        path_add(&p->exec.inaccessible_paths, "/nonexistent/two", false);
        bind_add(p, "/nonexistent/three", "/mnt/x", false, false);
        plan_origin(p, "ReadOnlyPaths", 3);
        plan_origin(p, "InaccessiblePaths", 4);
        plan_origin(p, "BindPaths", 5);
        d = compile_dump(p, &diags, &r);
        ASSERT_ERROR(r, EINVAL);
        ASSERT_EQ(diag_list_errors(&diags), 3);
        ASSERT_EQ(diags.items[0].line, 3);
        ASSERT_EQ(diags.items[1].line, 4);
        ASSERT_EQ(diags.items[2].line, 5);
}

TEST(dash_prefix_drops_missing_paths) {
        _cleanup_(sandbox_plan_freep) SandboxPlan *p = plan_new();
        _cleanup_(diag_list_done) DiagList diags = {};
        int r;
        _cleanup_free_ char *d = NULL;

        path_add(&p->exec.read_write_paths, "/nonexistent/mount-list-test", true);
        path_add(&p->exec.inaccessible_paths, "/nonexistent/other", true);
        bind_add(p, "/nonexistent/src", "/mnt/x", true, true);
        d = compile_dump(p, &diags, &r);
        ASSERT_OK(r);
        ASSERT_EQ(diags.n, 0);
        ASSERT_EQ(find(d, "nonexistent"), -1);
        ASSERT_EQ(find(d, "/mnt/x"), -1);
}

TEST(parents_first_and_holes_after_their_read_only_parent) {
        _cleanup_(sandbox_plan_freep) SandboxPlan *p = plan_new();
        _cleanup_(diag_list_done) DiagList diags = {};
        int r;
        _cleanup_free_ char *d = NULL, *hole = NULL, *ro = NULL;

        path_add(&p->exec.read_write_paths, scratch_path("a/b"), false);
        path_add(&p->exec.read_only_paths, scratch_path("a"), false);
        p->exec.protect_system = PROTECT_SYSTEM_STRICT;
        d = compile_dump(p, &diags, &r);
        ASSERT_OK(r);
        ro = xasprintf("read-only %s ", scratch_path("a"));
        hole = xasprintf("read-write %s ", scratch_path("a/b"));
        ASSERT_TRUE(find(d, "read-only / ") >= 0);
        ASSERT_TRUE(find(d, ro) > find(d, "read-only / "));
        ASSERT_TRUE(find(d, hole) > find(d, ro));
        /* strict leaves the API file systems to their own directives */
        ASSERT_TRUE(find(d, "bind-self /proc [keep]") >= 0);
        ASSERT_TRUE(find(d, "bind-self /dev [keep]") >= 0);
}

TEST(protect_system_yes_and_full) {
        _cleanup_(sandbox_plan_freep) SandboxPlan *p = plan_new();
        _cleanup_(diag_list_done) DiagList diags = {};
        int r;
        _cleanup_free_ char *d = NULL, *d2 = NULL;

        p->exec.protect_system = PROTECT_SYSTEM_YES;
        d = compile_dump(p, &diags, &r);
        ASSERT_OK(r);
        ASSERT_TRUE(find(d, "read-only /usr ") >= 0);
        ASSERT_EQ(find(d, "/etc"), -1);
        ASSERT_EQ(find(d, "read-only / "), -1);
        p->exec.protect_system = PROTECT_SYSTEM_FULL;
        d2 = compile_dump(p, &diags, &r);
        ASSERT_OK(r);
        ASSERT_TRUE(find(d2, "read-only /etc ") >= 0);
}

TEST(same_path_merges_read_only_wins) {
        _cleanup_(sandbox_plan_freep) SandboxPlan *p = plan_new();
        _cleanup_(diag_list_done) DiagList diags = {};
        int r;
        _cleanup_free_ char *d = NULL, *line = NULL;

        path_add(&p->exec.read_write_paths, scratch_path("a"), false);
        path_add(&p->exec.read_only_paths, scratch_path("a"), false);
        d = compile_dump(p, &diags, &r);
        ASSERT_OK(r);
        line = xasprintf("read-only %s ", scratch_path("a"));
        ASSERT_TRUE(find(d, line) >= 0);
        ASSERT_EQ(find(d, "read-write"), -1);
}

TEST(rows_below_an_inaccessible_path_are_dropped) {
        _cleanup_(sandbox_plan_freep) SandboxPlan *p = plan_new();
        _cleanup_(diag_list_done) DiagList diags = {};
        int r;
        _cleanup_free_ char *d = NULL, *line = NULL;

        path_add(&p->exec.inaccessible_paths, scratch_path("a"), false);
        path_add(&p->exec.read_write_paths, scratch_path("a/b"), false);
        bind_add(p, scratch_path("file"), scratch_path("a/c/x"), false, false);
        d = compile_dump(p, &diags, &r);
        ASSERT_OK(r);
        line = xasprintf("inaccessible %s ", scratch_path("a"));
        ASSERT_TRUE(find(d, line) >= 0);
        ASSERT_EQ(find(d, "/a/b"), -1);
        ASSERT_EQ(find(d, "/a/c"), -1);
}

TEST(bind_destination_may_be_missing) {
        _cleanup_(sandbox_plan_freep) SandboxPlan *p = plan_new();
        _cleanup_(diag_list_done) DiagList diags = {};
        int r;
        _cleanup_free_ char *d = NULL, *line = NULL;

        bind_add(p, scratch_path("a/b"), scratch_path("new/dir"), true, false);
        d = compile_dump(p, &diags, &r);
        ASSERT_OK(r);
        line = xasprintf("bind-ro %s -> %s", scratch_path("a/b"), scratch_path("new/dir"));
        ASSERT_TRUE(find(d, line) >= 0);
}

TEST(temporary_file_system_options) {
        _cleanup_(sandbox_plan_freep) SandboxPlan *p = plan_new();
        _cleanup_(diag_list_done) DiagList diags = {};
        int r;
        _cleanup_free_ char *d = NULL, *a = NULL, *b = NULL;

        tmpfs_add(p, scratch_path("a"), NULL);
        tmpfs_add(p, scratch_path("new"), "ro,size=10%,noexec");
        d = compile_dump(p, &diags, &r);
        ASSERT_OK(r);
        a = xasprintf("tmpfs %s (mode=0755)  #", scratch_path("a"));
        b = xasprintf("tmpfs %s (mode=0755,size=10%%) [ro]", scratch_path("new"));
        ASSERT_TRUE(find(d, a) >= 0);
        ASSERT_TRUE(find(d, b) >= 0);
}

TEST(private_tmp_and_protect_home) {
        _cleanup_(sandbox_plan_freep) SandboxPlan *p = plan_new();
        _cleanup_(diag_list_done) DiagList diags = {};
        int r;
        _cleanup_free_ char *d = NULL;
        struct stat st;

        p->exec.private_tmp = true;
        p->exec.protect_home = PROTECT_HOME_YES;
        d = compile_dump(p, &diags, &r);
        ASSERT_OK(r);
        ASSERT_TRUE(find(d, "tmpfs /tmp (mode=1777)") >= 0);
        if (stat("/var/tmp", &st) >= 0)
                ASSERT_TRUE(find(d, "tmpfs /var/tmp (mode=1777)") >= 0);
        if (stat("/root", &st) >= 0)
                ASSERT_TRUE(find(d, "inaccessible /root [ro]") >= 0);
}

TEST(protect_proc_and_subset) {
        _cleanup_(sandbox_plan_freep) SandboxPlan *p = plan_new();
        _cleanup_(diag_list_done) DiagList diags = {};
        int r;
        _cleanup_free_ char *d = NULL;

        p->exec.protect_proc = PROTECT_PROC_INVISIBLE;
        p->exec.proc_subset = PROC_SUBSET_PID;
        d = compile_dump(p, &diags, &r);
        ASSERT_OK(r);
        ASSERT_TRUE(find(d, "proc /proc (hidepid=invisible,subset=pid)") >= 0);
}

TEST(protect_control_groups_private_and_strict_mount_cgroup2) {
        _cleanup_(sandbox_plan_freep) SandboxPlan *p = plan_new();
        _cleanup_(diag_list_done) DiagList diags = {};
        int r;
        _cleanup_free_ char *d = NULL, *d2 = NULL;

        /* A new cgroup2 instance on /sys/fs/cgroup (the exec side unshares the cgroup namespace): writable
         * for private, read-only for strict, and never "if present". */
        p->exec.protect_control_groups = PROTECT_CONTROL_GROUPS_PRIVATE;
        plan_origin(p, "ProtectControlGroups", 9);
        d = compile_dump(p, &diags, &r);
        ASSERT_OK(r);
        ASSERT_TRUE(find(d, "cgroup2 /sys/fs/cgroup [rw]  # ProtectControlGroups=") >= 0);

        p->exec.protect_control_groups = PROTECT_CONTROL_GROUPS_STRICT;
        p->exec.protect_kernel_tunables = true; /* its ATTR_KEEP row on /sys/fs/cgroup must not win */
        d2 = compile_dump(p, &diags, &r);
        ASSERT_OK(r);
        ASSERT_TRUE(find(d2, "cgroup2 /sys/fs/cgroup [ro]  # ProtectControlGroups=") >= 0);
}

TEST(private_pids_mounts_a_new_proc) {
        _cleanup_(sandbox_plan_freep) SandboxPlan *p = plan_new();
        _cleanup_(diag_list_done) DiagList diags = {};
        int r;
        _cleanup_free_ char *d = NULL;

        p->exec.private_pids = true;
        ASSERT_TRUE(mount_list_needed(p));
        d = compile_dump(p, &diags, &r);
        ASSERT_OK(r);
        ASSERT_TRUE(find(d, "proc /proc (defaults)") >= 0);
        ASSERT_TRUE(find(d, "# PrivatePIDs=") >= 0);
}

TEST(root_directory_prefixes_the_sandbox_view) {
        _cleanup_(sandbox_plan_freep) SandboxPlan *p = plan_new();
        _cleanup_(diag_list_done) DiagList diags = {};
        _cleanup_free_ char *d = NULL, *link = NULL, *want = NULL;
        const char *root = scratch_path("a");
        int r;

        /* an absolute symlink inside the root must resolve inside it */
        link = xasprintf("%s/escape", root);
        ASSERT_OK(symlink("/b", link));
        p->exec.root_directory = xstrdup(root);
        p->exec.private_tmp = true;
        tmpfs_add(p, "/escape/sub", NULL);
        path_add(&p->exec.read_only_paths, "/usr", false);  /* a host path */
        p->exec.read_only_paths.items[0].below_root = false;
        bind_add(p, "/usr", "/usr", true, false);           /* host source, destination in the root */
        d = compile_dump(p, &diags, &r);
        ASSERT_OK(r);

        want = xasprintf("tmpfs %s/b/sub (mode=0755)", root);
        ASSERT_TRUE(find(d, want) >= 0);
        free(want);
        want = xasprintf("bind-ro /usr -> %s/usr", root);
        ASSERT_TRUE(find(d, want) >= 0);
        free(want);
        want = xasprintf("proc %s/proc (defaults)", root);
        ASSERT_TRUE(find(d, want) >= 0);
        free(want);
        want = xasprintf("tmpfs %s/run (mode=0755)", root);
        ASSERT_TRUE(find(d, want) >= 0);
        free(want);
        want = xasprintf("bind /dev -> %s/dev", root);
        ASSERT_TRUE(find(d, want) >= 0);
        free(want);
        want = xasprintf("root-directory %s (pivot_root)", root);
        ASSERT_TRUE(find(d, want) >= 0);
        ASSERT_TRUE(find(d, "read-only /usr ") >= 0);
        ASSERT_EQ(find(d, "tmpfs /b/sub"), -1);
        (void) unlink(link);
}

TEST(implicit_paths_follow_symlinks) {
        _cleanup_(sandbox_plan_freep) SandboxPlan *p = plan_new();
        _cleanup_(diag_list_done) DiagList diags = {};
        _cleanup_free_ char *d = NULL, *link = NULL, *want = NULL;
        const char *root = scratch_path("a");
        int r;

        /* /home -> c (as /home -> var/home): ProtectHome= must cover the target, not skip the link */
        link = xasprintf("%s/home", root);
        ASSERT_OK(symlink("c", link));
        p->exec.root_directory = xstrdup(root);
        p->exec.protect_home = PROTECT_HOME_YES;
        d = compile_dump(p, &diags, &r);
        ASSERT_OK(r);
        want = xasprintf("inaccessible %s/c [ro]", root);
        ASSERT_TRUE(find(d, want) >= 0);
        (void) unlink(link);
}

/* Paths are canonical whatever the symlinks on the way (relative, absolute, chained, with ".."), as
 * realpath() of the longest existing prefix; a dangling link or a loop counts as missing. */
TEST(explicit_paths_are_canonical_through_symlinks) {
        _cleanup_(sandbox_plan_freep) SandboxPlan *p = plan_new();
        _cleanup_(diag_list_done) DiagList diags = {};
        _cleanup_free_ char *d = NULL, *want = NULL;
        static const char *const links[][2] = {
                { "l-rel", "a" }, { "l-chain", "l-rel" }, { "l-dangling", "nowhere" }, { "l-loop1", "l-loop2" },
                { "l-loop2", "l-loop1" }, { "a/up", "../a/b" }, { "l-file", "file" },
        };
        char abs_link[PATH_MAX], abs_target[PATH_MAX];
        int r;

        for (size_t i = 0; i < ELEMENTSOF(links); i++) {
                char l[PATH_MAX];

                snprintf(l, sizeof(l), "%s", scratch_path(links[i][0]));
                ASSERT_OK(symlink(links[i][1], l));
        }
        snprintf(abs_link, sizeof(abs_link), "%s", scratch_path("l-abs"));
        snprintf(abs_target, sizeof(abs_target), "%s", scratch_path("a"));
        ASSERT_OK(symlink(abs_target, abs_link));

        path_add(&p->exec.read_only_paths, scratch_path("l-rel/b"), false);
        path_add(&p->exec.read_only_paths, scratch_path("l-abs/c"), false);
        path_add(&p->exec.read_only_paths, scratch_path("l-file"), false);
        path_add(&p->exec.read_only_paths, scratch_path("l-dangling"), true);
        path_add(&p->exec.read_only_paths, scratch_path("l-loop1"), true);
        path_add(&p->exec.read_write_paths, scratch_path("l-chain/up"), false);
        path_add(&p->exec.read_write_paths, scratch_path("l-rel/missing/x"), true);
        bind_add(p, scratch_path("l-chain"), scratch_path("l-abs/new/x"), false, false);
        tmpfs_add(p, scratch_path("l-chain/t"), NULL);
        d = compile_dump(p, &diags, &r);
        ASSERT_OK(r);
        want = xasprintf("read-only %s/a/b ", scratch);
        ASSERT_TRUE(find(d, want) >= 0);
        free(want);
        want = xasprintf("read-only %s/a/c ", scratch);
        ASSERT_TRUE(find(d, want) >= 0);
        free(want);
        want = xasprintf("read-only %s/file ", scratch);
        ASSERT_TRUE(find(d, want) >= 0);
        free(want);
        /* ReadWritePaths= through a chain and "..": the same path as the read-only row, which wins */
        want = xasprintf("read-write %s/a/b ", scratch);
        ASSERT_EQ(find(d, want), -1);
        free(want);
        want = xasprintf("bind %s/a -> %s/a/new/x ", scratch, scratch);
        ASSERT_TRUE(find(d, want) >= 0);
        free(want);
        want = xasprintf("tmpfs %s/a/t ", scratch);
        ASSERT_TRUE(find(d, want) >= 0);
        ASSERT_EQ(find(d, "l-"), -1);       /* no path kept a link */
        ASSERT_EQ(find(d, "missing"), -1);  /* '-' and missing: dropped */

        /* without '-', a dangling link and a loop are missing paths */
        diag_list_done(&diags);
        diags = (DiagList) {};
        sandbox_plan_free(p);
        p = plan_new();
        plan_origin(p, "ReadOnlyPaths", 3);
        path_add(&p->exec.read_only_paths, scratch_path("l-dangling"), false);
        path_add(&p->exec.read_only_paths, scratch_path("l-loop1"), false);
        free(d);
        d = compile_dump(p, &diags, &r);
        ASSERT_ERROR(r, EINVAL);
        ASSERT_EQ(diags.n, 2u);

        for (size_t i = 0; i < ELEMENTSOF(links); i++)
                (void) unlink(scratch_path(links[i][0]));
        (void) unlink(abs_link);
}

TEST(merged_usr_links_add_no_rows) {
        _cleanup_(sandbox_plan_freep) SandboxPlan *p = plan_new();
        _cleanup_(diag_list_done) DiagList diags = {};
        _cleanup_free_ char *d = NULL;
        struct stat st;
        int r;

        if (lstat("/bin", &st) < 0 || !S_ISLNK(st.st_mode))
                return; /* split /usr: /bin is a row of its own */
        p->exec.protect_system = PROTECT_SYSTEM_YES;
        d = compile_dump(p, &diags, &r);
        ASSERT_OK(r);
        ASSERT_TRUE(find(d, "read-only /usr ") >= 0);
        ASSERT_EQ(find(d, "/usr/bin"), -1);
}

TEST(root_directory_plus_paths_and_no_api_vfs) {
        _cleanup_(sandbox_plan_freep) SandboxPlan *p = plan_new();
        _cleanup_(diag_list_done) DiagList diags = {};
        _cleanup_free_ char *d = NULL, *want = NULL;
        const char *root = scratch_path("a");
        int r;

        p->exec.root_directory = xstrdup(root);
        p->exec.mount_api_vfs_set = true;
        p->exec.mount_api_vfs = false;
        path_add(&p->exec.read_only_paths, "/b", false);
        p->exec.read_only_paths.items[0].below_root = true;
        d = compile_dump(p, &diags, &r);
        ASSERT_OK(r);
        want = xasprintf("read-only %s/b ", root);
        ASSERT_TRUE(find(d, want) >= 0);
        ASSERT_EQ(find(d, "/proc"), -1);
        ASSERT_EQ(find(d, "/run"), -1);
}

TEST(root_directory_missing_is_an_error) {
        _cleanup_(sandbox_plan_freep) SandboxPlan *p = plan_new();
        _cleanup_(diag_list_done) DiagList diags = {};
        _cleanup_free_ char *d = NULL;
        int r;

        p->exec.root_directory = xstrdup("/nonexistent/mount-list-root");
        plan_origin(p, "RootDirectory", 12);
        d = compile_dump(p, &diags, &r);
        ASSERT_ERROR(r, EINVAL);
        ASSERT_EQ(diags.items[0].line, 12);
        ASSERT_TRUE(strstr(diags.items[0].message, "RootDirectory=") != NULL);
}

TEST(mount_api_vfs_alone_needs_a_namespace_only) {
        _cleanup_(sandbox_plan_freep) SandboxPlan *p = plan_new();
        _cleanup_(diag_list_done) DiagList diags = {};
        _cleanup_free_ char *d = NULL;
        int r;

        p->exec.mount_api_vfs_set = true;
        p->exec.mount_api_vfs = true;
        ASSERT_TRUE(mount_list_needed(p));
        d = compile_dump(p, &diags, &r);
        ASSERT_OK(r);
        ASSERT_STREQ(d, "propagation / slave,recursive\n");
}

TEST_MAIN();
