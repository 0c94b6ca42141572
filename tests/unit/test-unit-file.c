/* SPDX-License-Identifier: MIT */
/* The unit loader: systemd line syntax through inih, file-level errors, drop-ins, templates, the search
 * path and specifiers. Text fixtures live in tests/data/unit-file/; binary or huge inputs (CRLF, BOM, NUL,
 * invalid UTF-8, 900 KiB and 2 MiB lines, FIFOs, loops) are generated into a temporary directory. */
#include <fcntl.h>
#include <ftw.h>
#include <pwd.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/utsname.h>

#include "diag.h"
#include "strv.h"
#include "tests.h"
#include "unit-file.h"
#include "unit-reader.h"

static char *tmpdir;

static int rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw) {
        (void) remove(path);
        return 0;
}

static void tmp_cleanup(void) {
        if (tmpdir)
                (void) nftw(tmpdir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

/* A fresh temporary directory per call, removed at exit. */
static char *tmp_path(const char *name) {
        if (!tmpdir) {
                tmpdir = xstrdup("/tmp/test-unit-file.XXXXXX");
                if (!mkdtemp(tmpdir))
                        abort();
                atexit(tmp_cleanup);
        }
        return xasprintf("%s/%s", tmpdir, name);
}

static char *data_path(const char *name) {
        const char *root = getenv("SANDBOXCTL_SOURCE_ROOT");

        return xasprintf("%s/tests/data/unit-file/%s", root ?: "..", name);
}

static void write_file(const char *path, const void *data, size_t n) {
        FILE *f = fopen(path, "we");

        if (!f || fwrite(data, 1, n, f) != n || fclose(f) != 0)
                abort();
}

static void *mfree(void *p) {
        free(p);
        return NULL;
}

/* The nth (0-based) assignment of key, or NULL. */
static const UnitAssignment *find_or_null(const Unit *u, const char *key, unsigned nth) {
        for (size_t i = 0; i < u->n_assignments; i++)
                if (streq(u->assignments[i].key, key) && nth-- == 0)
                        return &u->assignments[i];
        return NULL;
}

/* Same, but a missing key gives a dummy whose fields fail every comparison instead of a crash. */
static const UnitAssignment *find(const Unit *u, const char *key, unsigned nth) {
        static const UnitAssignment missing = {
                .section = (char *) "(missing)", .key = (char *) "(missing)", .value = (char *) "(missing)",
                .file = "(missing)", .line = (unsigned) -1,
        };

        return find_or_null(u, key, nth) ?: &missing;
}

static const Diag *first_error(const DiagList *d) {
        for (size_t i = 0; i < d->n; i++)
                if (!d->items[i].warning)
                        return &d->items[i];
        return NULL;
}

static bool has_diag(const DiagList *d, bool warning, unsigned line, const char *needle) {
        for (size_t i = 0; i < d->n; i++)
                if (d->items[i].warning == warning && d->items[i].line == line &&
                    strstr(d->items[i].message, needle))
                        return true;
        return false;
}

static void print_diags(const DiagList *d) {
        for (size_t i = 0; i < d->n; i++)
                printf("# diag %s:%u: %s%s\n", d->items[i].file, d->items[i].line,
                       d->items[i].warning ? "warning: " : "", d->items[i].message);
}

/* Loads a file that must fail, and checks the first error's line and message. */
static void expect_load_error(const char *path, unsigned line, const char *needle) {
        Unit *u = NULL;
        DiagList d = {};
        const Diag *e;

        ASSERT_FAIL(unit_load(path, &d, &u));
        ASSERT_NULL(u);
        print_diags(&d);
        e = first_error(&d);
        ASSERT_NOT_NULL(e);
        ASSERT_STREQ(e->file, path);
        ASSERT_EQ(e->line, line);
        ASSERT_NOT_NULL(strstr(e->message, needle));
        diag_list_done(&d);
}

TEST(comments_and_whitespace) {
        _cleanup_(unit_freep) Unit *u = NULL;
        _cleanup_free_ char *p = data_path("comments.unit");
        DiagList d = {};

        ASSERT_OK(unit_load(p, &d, &u));
        print_diags(&d);
        ASSERT_EQ(d.n, 0);
        ASSERT_EQ(u->n_assignments, 6);
        /* No inline comments: '#' and ';' after a value are part of it. */
        ASSERT_STREQ(find(u, "Description", 0)->value, "comments # are not inline here");
        ASSERT_STREQ(find(u, "Description", 0)->section, "Unit");
        ASSERT_EQ(find(u, "Description", 0)->line, 7);
        ASSERT_STREQ(find(u, "Documentation", 0)->value, "man:foo(1) ; nor this");
        ASSERT_NULL(find_or_null(u, "#Commented", 0));
        /* Leading whitespace is ignored (inih's multi-line mode would have glued these to the previous
         * key); ';' inside a value arrives whole. */
        ASSERT_STREQ(find(u, "Environment", 0)->value, "INDENTED=1");
        ASSERT_STREQ(find(u, "Environment", 0)->section, "Sandbox");
        ASSERT_STREQ(find(u, "ExecStart", 0)->value, "/bin/sh -c 'a ; b'");
        ASSERT_EQ(find(u, "ExecStart", 0)->line, 12);
        ASSERT_STREQ(find(u, "Empty", 0)->value, "");
        ASSERT_STREQ(find(u, "Spaced", 0)->value, "value with  inner  spaces");
        ASSERT_STREQ(u->files[0], p);
        ASSERT_EQ(strv_length(u->files), 1);
        ASSERT_TRUE(u->assignments[0].file == u->files[0]);
}

TEST(continuation_lines) {
        _cleanup_(unit_freep) Unit *u = NULL;
        _cleanup_free_ char *p = data_path("continuation.unit");
        DiagList d = {};

        ASSERT_OK(unit_load(p, &d, &u));
        print_diags(&d);
        ASSERT_EQ(d.n, 0);
        /* The backslash becomes a space, the next line is appended verbatim (its indentation kept). */
        ASSERT_STREQ(find(u, "Environment", 0)->value, "A=1    B=2");
        ASSERT_EQ(find(u, "Environment", 0)->line, 2);
        /* Comment lines inside a continuation are dropped, the continuation goes on. */
        ASSERT_STREQ(find(u, "ExecStart", 0)->value, "/bin/echo one              two");
        ASSERT_EQ(find(u, "ExecStart", 0)->line, 4);
        /* An even number of trailing backslashes is no continuation. */
        ASSERT_STREQ(find(u, "Even", 0)->value, "ends with two \\\\");
        ASSERT_EQ(find(u, "Even", 0)->line, 8);
        ASSERT_STREQ(find(u, "Next", 0)->value, "line");
        ASSERT_EQ(find(u, "Next", 0)->line, 9);
        /* An odd number is. */
        ASSERT_STREQ(find(u, "Odd", 0)->value, "ends with three \\\\ continued");
        ASSERT_EQ(find(u, "Odd", 0)->line, 10);
        ASSERT_STREQ(find(u, "Middle", 0)->value, "a \\b");
        /* A continuation still open at EOF is the last line. */
        ASSERT_STREQ(find(u, "Last", 0)->value, "open at end of file");
        ASSERT_EQ(find(u, "Last", 0)->line, 13);
        ASSERT_EQ(u->n_assignments, 7);
}

TEST(sections) {
        _cleanup_(unit_freep) Unit *u = NULL;
        _cleanup_free_ char *p = data_path("sections.unit");
        DiagList d = {};

        ASSERT_OK(unit_load(p, &d, &u));
        print_diags(&d);
        ASSERT_EQ(diag_list_errors(&d), 0);
        ASSERT_EQ(d.n, 5);
        ASSERT_TRUE(has_diag(&d, true, 1, "outside of a section"));
        ASSERT_TRUE(has_diag(&d, true, 7, "Unknown section 'Foo'"));   /* once, not again at line 11 */
        ASSERT_TRUE(has_diag(&d, true, 17, "Did you mean [Service]?"));
        ASSERT_TRUE(has_diag(&d, true, 20, "Missing '='"));
        ASSERT_TRUE(has_diag(&d, true, 21, "Missing key name"));

        ASSERT_STREQ(find(u, "Description", 0)->section, "Unit");
        ASSERT_STREQ(find(u, "MemoryMax", 0)->section, "Sandbox"); /* [Service] is [Sandbox] */
        ASSERT_EQ(find(u, "MemoryMax", 0)->line, 6);
        ASSERT_NULL(find_or_null(u, "Ignored", 0));
        ASSERT_NULL(find_or_null(u, "AlsoIgnored", 0));
        ASSERT_NULL(find_or_null(u, "StillIgnored", 0));
        ASSERT_NULL(find_or_null(u, "Typo", 0));
        ASSERT_NULL(find_or_null(u, "Orphan", 0));
        ASSERT_STREQ(find(u, "CPUQuota", 0)->section, "Scope"); /* an indented header is a header */
        ASSERT_STREQ(find(u, "WantedBy", 0)->section, "Install");
        /* Split at the first '=' only, and never at ':' (inih would). */
        ASSERT_STREQ(find(u, "a:b", 0)->value, "c");
        ASSERT_EQ(find(u, "a:b", 0)->line, 22);
        ASSERT_STREQ(find(u, "Key", 0)->value, "value=with=equals");
        ASSERT_EQ(u->n_assignments, 6);
        diag_list_done(&d);
}

static void check_long_line(size_t value_len) {
        _cleanup_(unit_freep) Unit *u = NULL;
        _cleanup_free_ char *p = tmp_path("long.unit"), *text = NULL;
        static const char head[] = "[Sandbox]\nEnvironment=";
        size_t n = strlen(head);
        DiagList d = {};

        text = xmalloc(n + value_len + 32);
        memcpy(text, head, n);
        for (size_t i = 0; i < value_len; i++)
                text[n + i] = 'a' + (char) (i % 26);
        strcpy(text + n + value_len, "\nAfter=1\n");
        write_file(p, text, strlen(text));

        ASSERT_OK(unit_load(p, &d, &u));
        print_diags(&d);
        ASSERT_EQ(d.n, 0);
        ASSERT_EQ(u->n_assignments, 2);
        ASSERT_EQ(strlen(find(u, "Environment", 0)->value), value_len);
        ASSERT_TRUE(memcmp(find(u, "Environment", 0)->value, text + n, value_len) == 0);
        ASSERT_STREQ(find(u, "After", 0)->value, "1");
        ASSERT_EQ(find(u, "After", 0)->line, 3);
}

TEST(long_lines) {
        _cleanup_(unit_freep) Unit *u = NULL;
        _cleanup_free_ char *p = data_path("long-300.unit"), *big = NULL, *text = NULL;
        DiagList d = {};

        /* 300 bytes: inih's default 200-byte buffer would cut it. */
        ASSERT_OK(unit_load(p, &d, &u));
        ASSERT_EQ(d.n, 0);
        ASSERT_EQ(u->n_assignments, 1);
        ASSERT_EQ(strlen(find(u, "Environment", 0)->value), 288);

        /* Lines that end exactly where inih's growing buffer (200, 400, 800… bytes) is full: the reader's
         * '\n' is what tells inih the line is complete, instead of fetching the next one into it. */
        for (size_t k = 200; k <= 1600; k *= 2) {
                check_long_line(k - 1 - strlen("Environment="));
                check_long_line(k - 2 - strlen("Environment="));
        }

        /* 900 KiB, and the longest accepted line (exactly filling inih's 1 MiB buffer with its '\n' and
         * NUL), arrive whole. */
        check_long_line(900 * 1024);
        check_long_line(UNIT_READER_LINE_MAX - strlen("Environment="));

        /* One byte more, and 2 MiB: rejected, at the right line. */
        big = tmp_path("too-long.unit");
        text = xmalloc(3 * 1024 * 1024);
        strcpy(text, "[Sandbox]\nA=1\nEnvironment=");
        memset(text + strlen(text), 'x', UNIT_READER_LINE_MAX - strlen("Environment=") + 1);
        write_file(big, text, strlen(text));
        expect_load_error(big, 3, "Line too long");

        strcpy(text, "[Sandbox]\n# c\n\nEnvironment=");
        memset(text + strlen(text), 'y', 2 * 1024 * 1024);
        strcat(text, "\nB=2\n");
        write_file(big, text, strlen(text));
        expect_load_error(big, 4, "Line too long");

        /* A continuation that grows past the limit: reported at the line where it starts. */
        strcpy(text, "[Sandbox]\n\nEnvironment=\\\n");
        for (size_t i = 0; i < 3; i++) {
                size_t k = strlen(text);

                memset(text + k, 'z', 400 * 1024);
                strcpy(text + k + 400 * 1024, " \\\n");
        }
        write_file(big, text, strlen(text));
        expect_load_error(big, 3, "Continuation line too long");
}

TEST(crlf_and_bom) {
        _cleanup_(unit_freep) Unit *u = NULL, *v = NULL;
        _cleanup_free_ char *p = tmp_path("crlf.unit"), *q = tmp_path("bom.unit");
        static const char crlf[] = "[Unit]\r\nDescription=dos\r\n\r\n[Service]\r\nExecStart=/bin/a \\\r\n  b\r\nX=1";
        static const char bom[] = "\xef\xbb\xbf[Sandbox]\nUser=nobody\n";
        DiagList d = {};

        write_file(p, crlf, strlen(crlf));
        ASSERT_OK(unit_load(p, &d, &u));
        print_diags(&d);
        ASSERT_EQ(d.n, 0);
        ASSERT_STREQ(find(u, "Description", 0)->value, "dos");
        ASSERT_STREQ(find(u, "ExecStart", 0)->value, "/bin/a    b");
        ASSERT_EQ(find(u, "ExecStart", 0)->line, 5);
        ASSERT_STREQ(find(u, "X", 0)->value, "1");
        ASSERT_EQ(find(u, "X", 0)->line, 7);

        write_file(q, bom, strlen(bom));
        ASSERT_OK(unit_load(q, &d, &v));
        ASSERT_EQ(d.n, 0);
        ASSERT_EQ(v->n_assignments, 1);
        ASSERT_STREQ(find(v, "User", 0)->value, "nobody");
        ASSERT_EQ(find(v, "User", 0)->line, 2);
}

TEST(nul_and_invalid_utf8) {
        _cleanup_free_ char *p = tmp_path("bad-bytes.unit");
        static const char nul[] = "[Sandbox]\nA=1\nB=x\0y\n";
        static const char bad[] = "[Sandbox]\nA=1\n\nB=caf\xc3\n";
        static const char overlong[] = "[Sandbox]\nA=\xc0\xaf\n";
        static const char good[] = "[Sandbox]\nA=caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80\n";
        _cleanup_(unit_freep) Unit *u = NULL;
        DiagList d = {};

        write_file(p, nul, sizeof nul - 1);
        expect_load_error(p, 3, "NUL byte");
        write_file(p, bad, sizeof bad - 1);
        expect_load_error(p, 4, "not valid UTF-8");
        write_file(p, overlong, sizeof overlong - 1);
        expect_load_error(p, 2, "not valid UTF-8");
        write_file(p, good, sizeof good - 1);
        ASSERT_OK(unit_load(p, &d, &u));
        ASSERT_STREQ(find(u, "A", 0)->value, "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80");
}

TEST(missing_bracket) {
        _cleanup_free_ char *p = tmp_path("bracket.unit");
        static const char text[] = "[Unit]\nDescription=x\n\n[Sandbox\nA=1\n";

        write_file(p, text, sizeof text - 1);
        expect_load_error(p, 4, "missing ']'");
}

TEST(file_types) {
        _cleanup_free_ char *dir = tmp_path("dir.unit"), *loop = tmp_path("loop.unit"),
                            *loop2 = tmp_path("loop2.unit"), *fifo = tmp_path("fifo.unit"),
                            *huge = tmp_path("huge.unit"), *masked = tmp_path("masked.unit"),
                            *missing = tmp_path("missing.unit");
        int fd;

        ASSERT_OK(mkdir(dir, 0755));
        expect_load_error(dir, 0, "is a directory");

        ASSERT_OK(symlink(loop2, loop));
        ASSERT_OK(symlink(loop, loop2));
        expect_load_error(loop, 0, "symbolic links");

        /* A FIFO without a writer: must be refused, not waited on. The alarm turns a hang into a
         * failure of this test program. */
        ASSERT_OK(mkfifo(fifo, 0644));
        alarm(10);
        expect_load_error(fifo, 0, "not a regular file");
        alarm(0);

        /* Larger than 16 MiB (sparse: nothing is written). */
        fd = open(huge, O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
        ASSERT_TRUE(fd >= 0);
        ASSERT_OK(ftruncate(fd, UNIT_FILE_MAX_SIZE + 1));
        close(fd);
        expect_load_error(huge, 0, "too large");

        ASSERT_OK(symlink("/dev/null", masked));
        expect_load_error(masked, 0, "masked");

        expect_load_error(missing, 0, "does not exist");
}

TEST(search_path) {
        _cleanup_strv_free_ char **l = NULL;
        _cleanup_free_ char *high = data_path("search/high"), *low = data_path("search/low"), *env = NULL,
                            *expected = NULL;
        _cleanup_free_ char *found = NULL;
        DiagList d = {};
        Unit *u = NULL;

        /* The default list. */
        ASSERT_OK(unsetenv("SANDBOXCTL_UNIT_PATH"));
        ASSERT_OK(setenv("XDG_CONFIG_HOME", "/xdg", 1));
        l = unit_search_path();
        ASSERT_EQ(strv_length(l), 4);
        ASSERT_STREQ(l[0], "./");
        ASSERT_STREQ(l[1], "/xdg/sandboxctl/units");
        ASSERT_STREQ(l[2], "/etc/sandboxctl/units");
        ASSERT_STREQ(l[3], "/usr/lib/sandboxctl/units");
        l = strv_free(l);
        ASSERT_OK(unsetenv("XDG_CONFIG_HOME"));
        ASSERT_OK(setenv("HOME", "/home/someone", 1));
        l = unit_search_path();
        ASSERT_STREQ(l[1], "/home/someone/.config/sandboxctl/units");
        l = strv_free(l);

        /* $SANDBOXCTL_UNIT_PATH replaces it. */
        env = xasprintf("%s::%s", high, low);
        ASSERT_OK(setenv("SANDBOXCTL_UNIT_PATH", env, 1));
        l = unit_search_path();
        ASSERT_EQ(strv_length(l), 2);
        ASSERT_STREQ(l[0], high);
        ASSERT_STREQ(l[1], low);

        ASSERT_OK(unit_find("foo.unit", &found));
        expected = xasprintf("%s/foo.unit", low);
        ASSERT_STREQ(found, expected);

        /* Not found: the message names the unit and where it looked. */
        ASSERT_ERROR(unit_load("nonexistent.unit", &d, &u), ENOENT);
        print_diags(&d);
        ASSERT_EQ(d.n, 1);
        ASSERT_STREQ(d.items[0].file, "nonexistent.unit");
        ASSERT_NOT_NULL(strstr(d.items[0].message, "not found"));
        ASSERT_NOT_NULL(strstr(d.items[0].message, high));
        ASSERT_NOT_NULL(strstr(d.items[0].message, low));
        diag_list_done(&d);
        ASSERT_OK(unsetenv("SANDBOXCTL_UNIT_PATH"));
}

TEST(dropins) {
        _cleanup_free_ char *high = data_path("search/high"), *low = data_path("search/low"), *env = NULL,
                            *dirconf = NULL, *expected = NULL, *out = NULL;
        _cleanup_(unit_freep) Unit *u = NULL;
        DiagList d = {};
        FILE *f;
        size_t n = 0;

        /* A directory named *.conf is not a drop-in (created here: git keeps no empty directories). */
        dirconf = xasprintf("%s/foo.unit.d/40-dir.conf", high);
        (void) mkdir(dirconf, 0755);

        env = xasprintf("%s:%s", high, low);
        ASSERT_OK(setenv("SANDBOXCTL_UNIT_PATH", env, 1));
        ASSERT_OK(unit_load("foo.unit", &d, &u));
        (void) rmdir(dirconf);
        print_diags(&d);
        ASSERT_EQ(d.n, 0);
        ASSERT_STREQ(u->name, "foo.unit");
        ASSERT_STREQ(u->prefix, "foo");
        ASSERT_NULL(u->instance);

        /* Main file, then 05 (high), 10 (low), 20 (high masks low); 30 masked by /dev/null. */
        ASSERT_EQ(strv_length(u->files), 4);
        expected = xasprintf("%s/foo.unit", low);
        ASSERT_STREQ(u->files[0], expected);
        free(expected);
        expected = xasprintf("%s/foo.unit.d/05-first.conf", high);
        ASSERT_STREQ(u->files[1], expected);
        free(expected);
        expected = xasprintf("%s/foo.unit.d/10-a.conf", low);
        ASSERT_STREQ(u->files[2], expected);
        free(expected);
        expected = xasprintf("%s/foo.unit.d/20-b.conf", high);
        ASSERT_STREQ(u->files[3], expected);
        free(expected);
        expected = NULL;

        ASSERT_EQ(u->n_assignments, 6);
        ASSERT_STREQ(u->assignments[0].value, "MAIN=1");
        ASSERT_STREQ(u->assignments[1].key, "ExecStart");
        ASSERT_STREQ(u->assignments[2].value, "first drop-in");
        ASSERT_STREQ(u->assignments[2].section, "Unit");
        ASSERT_TRUE(u->assignments[2].file == u->files[1]);
        ASSERT_STREQ(u->assignments[3].value, "LOW_A=1");
        /* An empty assignment in a drop-in is kept as an ordinary assignment (the plan builder resets). */
        ASSERT_STREQ(u->assignments[4].key, "Environment");
        ASSERT_STREQ(u->assignments[4].value, "");
        ASSERT_EQ(u->assignments[4].line, 2);
        ASSERT_TRUE(u->assignments[4].file == u->files[3]);
        ASSERT_STREQ(u->assignments[5].value, "HIGH_B=1");
        ASSERT_EQ(u->assignments[5].line, 3);

        /* cat: "# path" headers, a blank line between files. */
        f = open_memstream(&out, &n);
        ASSERT_NOT_NULL(f);
        ASSERT_OK(unit_cat(u, f));
        fclose(f);
        expected = xasprintf("# %s/foo.unit\n[Sandbox]\nEnvironment=MAIN=1\nExecStart=/bin/true\n\n"
                             "# %s/foo.unit.d/05-first.conf\n[Unit]\nDescription=first drop-in\n\n"
                             "# %s/foo.unit.d/10-a.conf\n[Sandbox]\nEnvironment=LOW_A=1\n\n"
                             "# %s/foo.unit.d/20-b.conf\n[Sandbox]\nEnvironment=\nEnvironment=HIGH_B=1\n",
                             low, high, low, high);
        ASSERT_STREQ(out, expected);
        ASSERT_OK(unsetenv("SANDBOXCTL_UNIT_PATH"));
}

static void mkdir_write(const char *root, const char *rel, const char *text) {
        _cleanup_free_ char *p = xasprintf("%s/%s", root, rel);

        for (char *slash = strchr(p + strlen(root) + 1, '/'); slash; slash = strchr(slash + 1, '/')) {
                *slash = '\0';
                (void) mkdir(p, 0755);
                *slash = '/';
        }
        write_file(p, text, strlen(text));
}

TEST(dropins_prefix_and_type) {
        _cleanup_free_ char *root = tmp_path("prefix"), *env = NULL;
        _cleanup_(unit_freep) Unit *u = NULL;
        DiagList d = {};

        /* p1 is the higher-priority search directory, p2 holds the unit. Within a directory the more
         * specific name wins a file-name clash; the type-wide unit.d/ loses to everything. */
        ASSERT_OK(mkdir(root, 0755));
        mkdir_write(root, "p2/a-b-c.unit", "[Sandbox]\nM=main\n");
        mkdir_write(root, "p2/a-.unit.d/10-x.conf", "[Sandbox]\nX=generic\n");
        mkdir_write(root, "p2/a-b-.unit.d/20-y.conf", "[Sandbox]\nY=specific\n");
        mkdir_write(root, "p2/a-.unit.d/20-y.conf", "[Sandbox]\nY=generic\n");
        mkdir_write(root, "p1/unit.d/20-y.conf", "[Sandbox]\nY=type\n");
        mkdir_write(root, "p2/a-b-c.unit.d/30-z.conf", "[Sandbox]\nZ=own\n");
        mkdir_write(root, "p2/unit.d/30-z.conf", "[Sandbox]\nZ=type\n");
        mkdir_write(root, "p1/unit.d/40-w.conf", "[Sandbox]\nW=type\n");

        env = xasprintf("%s/p1:%s/p2", root, root);
        ASSERT_OK(setenv("SANDBOXCTL_UNIT_PATH", env, 1));
        ASSERT_OK(unit_load("a-b-c.unit", &d, &u));
        print_diags(&d);
        for (size_t i = 0; i < u->n_assignments; i++)
                printf("# %s=%s (%s)\n", u->assignments[i].key, u->assignments[i].value, u->assignments[i].file);
        ASSERT_EQ(u->n_assignments, 5);
        ASSERT_STREQ(find(u, "M", 0)->value, "main");
        ASSERT_STREQ(find(u, "X", 0)->value, "generic");
        ASSERT_STREQ(find(u, "Y", 0)->value, "specific");
        ASSERT_STREQ(find(u, "Z", 0)->value, "own");
        ASSERT_STREQ(find(u, "W", 0)->value, "type");
        ASSERT_EQ(strv_length(u->files), 5);
        ASSERT_OK(unsetenv("SANDBOXCTL_UNIT_PATH"));
}

TEST(dropins_next_to_path) {
        _cleanup_free_ char *p = tmp_path("side"), *unit = NULL, *dd = NULL, *conf = NULL, *bad = NULL;
        _cleanup_(unit_freep) Unit *u = NULL;
        DiagList d = {};

        /* A unit given by path gets the drop-ins next to it, even outside the search path. */
        ASSERT_OK(mkdir(p, 0755));
        unit = xasprintf("%s/web.service", p);
        dd = xasprintf("%s/web.service.d", p);
        conf = xasprintf("%s/web.service.d/override.conf", p);
        write_file(unit, "[Service]\nA=1\n", 14);
        ASSERT_OK(mkdir(dd, 0755));
        write_file(conf, "[Service]\nB=2\n", 14);
        ASSERT_OK(setenv("SANDBOXCTL_UNIT_PATH", "/nonexistent", 1));
        ASSERT_OK(unit_load(unit, &d, &u));
        ASSERT_EQ(strv_length(u->files), 2);
        ASSERT_STREQ(u->name, "web.service");
        ASSERT_STREQ(find(u, "B", 0)->value, "2");
        ASSERT_STREQ(find(u, "B", 0)->section, "Sandbox");
        ASSERT_STREQ(find(u, "B", 0)->file, conf);
        u = unit_free(u);

        /* An error in a drop-in fails the load, at the drop-in's line. */
        bad = xasprintf("%s/web.service.d/zz-bad.conf", p);
        write_file(bad, "[Service]\n\n[Oops\n", 17);
        ASSERT_FAIL(unit_load(unit, &d, &u));
        print_diags(&d);
        ASSERT_NULL(u);
        ASSERT_NOT_NULL(first_error(&d));
        ASSERT_STREQ(first_error(&d)->file, bad);
        ASSERT_EQ(first_error(&d)->line, 3);
        ASSERT_NOT_NULL(strstr(first_error(&d)->message, "missing ']'"));
        diag_list_done(&d);
        ASSERT_OK(unsetenv("SANDBOXCTL_UNIT_PATH"));
}

TEST(templates) {
        _cleanup_free_ char *high = data_path("search/high"), *low = data_path("search/low"), *env = NULL,
                            *expected = NULL, *bypath = NULL;
        _cleanup_(unit_freep) Unit *u = NULL, *v = NULL, *w = NULL;
        DiagList d = {};

        env = xasprintf("%s:%s", high, low);
        ASSERT_OK(setenv("SANDBOXCTL_UNIT_PATH", env, 1));

        /* No tmpl@inst.unit: the template, with instance "inst", and drop-ins of both names. */
        ASSERT_OK(unit_load("tmpl@inst.unit", &d, &u));
        print_diags(&d);
        ASSERT_STREQ(u->name, "tmpl@inst.unit");
        ASSERT_STREQ(u->prefix, "tmpl");
        ASSERT_STREQ(u->instance, "inst");
        expected = xasprintf("%s/tmpl@.unit", low);
        ASSERT_STREQ(u->path, expected);
        ASSERT_EQ(u->n_assignments, 3);
        ASSERT_STREQ(u->assignments[0].value, "INSTANCE=%i"); /* raw: not expanded by the loader */
        ASSERT_STREQ(u->assignments[1].value, "FROM_TEMPLATE_DROPIN=1");
        ASSERT_STREQ(u->assignments[2].value, "FROM_INSTANCE_DROPIN=1");

        /* An existing instance file wins over the template. */
        ASSERT_OK(unit_load("tmpl@real.unit", &d, &v));
        free(expected);
        expected = xasprintf("%s/tmpl@real.unit", high);
        ASSERT_STREQ(v->path, expected);
        ASSERT_STREQ(v->instance, "real");
        ASSERT_STREQ(find(v, "Environment", 0)->value, "REAL_INSTANCE_FILE=1");
        ASSERT_STREQ(find(v, "Environment", 1)->value, "FROM_TEMPLATE_DROPIN=1");

        /* A path to an instance that does not exist: the template next to it. */
        bypath = xasprintf("%s/tmpl@x-y.unit", low);
        ASSERT_OK(unit_load(bypath, &d, &w));
        ASSERT_STREQ(w->instance, "x-y");
        free(expected);
        expected = xasprintf("%s/tmpl@.unit", low);
        ASSERT_STREQ(w->path, expected);
        ASSERT_EQ(d.n, 0);

        /* Neither the instance nor the template exists: both are named. */
        free(bypath);
        bypath = xasprintf("%s/nothing@x.unit", low);
        expect_load_error(bypath, 0, "nor its template 'nothing@.unit'");
        ASSERT_OK(unsetenv("SANDBOXCTL_UNIT_PATH"));
}

static void expect_expand(const Unit *u, const char *in, const char *out) {
        _cleanup_free_ char *s = NULL, *bad = NULL;

        ASSERT_OK(unit_specifier_expand(u, in, &s, &bad));
        if (!streq(s, out))
                printf("# '%s' expanded to '%s', expected '%s'\n", in, s, out);
        ASSERT_STREQ(s, out);
        ASSERT_NULL(bad);
}

TEST(specifiers) {
        _cleanup_free_ char *low = data_path("search/low"), *path = NULL, *real = NULL, *realdir = NULL,
                            *s = NULL, *bad = NULL, *uid = NULL, *gid = NULL;
        _cleanup_(unit_freep) Unit *u = NULL, *plain = NULL;
        struct passwd *pw = getpwuid(geteuid());
        struct utsname un;
        DiagList d = {};
        char host[256];

        path = xasprintf("%s/tmpl@a-b\\x2dc.unit", low);
        ASSERT_OK(unit_load(path, &d, &u));
        ASSERT_STREQ(u->instance, "a-b\\x2dc");

        expect_expand(u, "%n", "tmpl@a-b\\x2dc.unit");
        expect_expand(u, "%N", "tmpl@a-b\\x2dc");
        expect_expand(u, "%p|%P", "tmpl|tmpl");
        expect_expand(u, "%i", "a-b\\x2dc");
        expect_expand(u, "%I", "a/b-c");
        expect_expand(u, "%f", "/a/b-c");
        expect_expand(u, "%j|%J", "tmpl|tmpl");
        expect_expand(u, "100%% sure, 50%%", "100% sure, 50%");
        expect_expand(u, "no specifiers", "no specifiers");
        expect_expand(u, "", "");
        expect_expand(u, "trailing %", "trailing %");
        real = realpath(u->path, NULL);
        ASSERT_NOT_NULL(real);
        expect_expand(u, "%y", real);
        realdir = xstrndup(real, strrchr(real, '/') - real);
        expect_expand(u, "%Y", realdir);

        /* The invoking user. */
        uid = xasprintf("%u", (unsigned) geteuid());
        gid = xasprintf("%u", (unsigned) getegid());
        expect_expand(u, "%U", uid);
        expect_expand(u, "%G", gid);
        if (pw)
                expect_expand(u, "%u", pw->pw_name);
        ASSERT_OK(setenv("HOME", "/home/h", 1));
        expect_expand(u, "%h", "/home/h");
        ASSERT_OK(setenv("SHELL", "/bin/zsh", 1));
        expect_expand(u, "%s", "/bin/zsh");
        ASSERT_OK(setenv("TMPDIR", "/tmp/t", 1));
        expect_expand(u, "%T|%V", "/tmp/t|/tmp/t");
        ASSERT_OK(unsetenv("TMPDIR"));
        ASSERT_OK(unsetenv("TEMP"));
        ASSERT_OK(unsetenv("TMP"));
        expect_expand(u, "%T|%V", "/tmp|/var/tmp");
        if (geteuid() == 0) {
                expect_expand(u, "%t|%S|%C|%L|%E", "/run|/var/lib|/var/cache|/var/log|/etc");
        } else {
                ASSERT_OK(setenv("XDG_RUNTIME_DIR", "/run/user/x", 1));
                ASSERT_OK(unsetenv("XDG_STATE_HOME"));
                ASSERT_OK(unsetenv("XDG_CACHE_HOME"));
                ASSERT_OK(unsetenv("XDG_CONFIG_HOME"));
                expect_expand(u, "%t|%S|%C|%L|%E",
                              "/run/user/x|/home/h/.local/state|/home/h/.cache|/home/h/.local/state/log|/home/h/.config");
        }

        /* The host. */
        ASSERT_OK(gethostname(host, sizeof host));
        expect_expand(u, "%H", host);
        host[strcspn(host, ".")] = '\0';
        expect_expand(u, "%l", host);
        ASSERT_OK(uname(&un));
        expect_expand(u, "%v", un.release);
        if (streq(un.machine, "x86_64"))
                expect_expand(u, "%a", "x86-64");
        ASSERT_OK(unit_specifier_expand(u, "%b", &s, &bad));
        ASSERT_EQ(strlen(s), 32);
        ASSERT_EQ(strspn(s, "0123456789abcdef"), 32);
        s = mfree(s);
        if (access("/etc/machine-id", R_OK) == 0) {
                ASSERT_OK(unit_specifier_expand(u, "%m", &s, &bad));
                ASSERT_EQ(strlen(s), 32);
                s = mfree(s);
        }
        ASSERT_OK(unit_specifier_expand(u, "%o %w %B %W %M %A", &s, &bad));
        s = mfree(s);

        /* Unknown and unsupported specifiers. */
        ASSERT_ERROR(unit_specifier_expand(u, "a%zb", &s, &bad), EBADMSG);
        ASSERT_STREQ(bad, "%z");
        bad = mfree(bad);
        ASSERT_ERROR(unit_specifier_expand(u, "%d", &s, &bad), EBADMSG);
        ASSERT_STREQ(bad, "%d");
        bad = mfree(bad);
        ASSERT_ERROR(unit_specifier_expand(u, "%c", &s, NULL), EBADMSG);
        ASSERT_ERROR(unit_specifier_expand(u, "%\xc3\xa9", &s, &bad), EBADMSG);
        ASSERT_STREQ(bad, "%\xc3\xa9");
        bad = mfree(bad);

        /* Non-template: %p is the name without suffix, %i is empty, %f is "/" + prefix. */
        free(path);
        path = data_path("comments.unit");
        ASSERT_OK(unit_load(path, &d, &plain));
        expect_expand(plain, "[%n|%N|%p|%i|%I|%f|%j]", "[comments.unit|comments|comments|||/comments|comments]");
        diag_list_done(&d);
}

TEST(overrides) {
        _cleanup_(unit_freep) Unit *u = NULL;
        _cleanup_free_ char *p = data_path("comments.unit");
        DiagList d = {};
        const UnitAssignment *a;

        ASSERT_OK(unit_load(p, &d, &u));
        ASSERT_OK(unit_add_override(u, "MemoryMax=1G", 1, &d));
        ASSERT_OK(unit_add_override(u, " ExecStart = /bin/sh -c 'x ; y' ", 2, &d));
        ASSERT_OK(unit_add_override(u, "Environment=", 3, &d));
        a = &u->assignments[u->n_assignments - 3];
        ASSERT_STREQ(a->section, "Sandbox");
        ASSERT_STREQ(a->key, "MemoryMax");
        ASSERT_STREQ(a->value, "1G");
        ASSERT_STREQ(a->file, "<command line>");
        ASSERT_EQ(a->line, 1);
        ASSERT_STREQ(a[1].key, "ExecStart");
        ASSERT_STREQ(a[1].value, "/bin/sh -c 'x ; y'");
        ASSERT_EQ(a[1].line, 2);
        ASSERT_STREQ(a[2].value, "");
        ASSERT_EQ(d.n, 0);

        ASSERT_ERROR(unit_add_override(u, "NoEquals", 4, &d), EINVAL);
        ASSERT_ERROR(unit_add_override(u, "=value", 5, &d), EINVAL);
        ASSERT_EQ(d.n, 2);
        ASSERT_STREQ(d.items[0].file, "<command line>");
        ASSERT_EQ(d.items[0].line, 4);
        ASSERT_FALSE(d.items[0].warning);
        diag_list_done(&d);
}

TEST_MAIN();
