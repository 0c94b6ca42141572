/* SPDX-License-Identifier: MIT */
/* The unit loader: name → file (search path, templates), file + drop-ins → Unit. The line syntax lives in
 * unit-reader.c, the specifiers in specifier.c. */
#include <assert.h>
#include <dirent.h>
#include <pwd.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

#include "strv.h"
#include "unit-file.h"
#include "unit-reader.h"

#define COMMAND_LINE_FILE "<command line>"

Unit *unit_free(Unit *u) {
        if (!u)
                return NULL;
        for (size_t i = 0; i < u->n_assignments; i++) {
                free(u->assignments[i].section);
                free(u->assignments[i].key);
                free(u->assignments[i].value);
        }
        free(u->assignments);
        strv_free(u->files);
        free(u->name);
        free(u->path);
        free(u->prefix);
        free(u->instance);
        free(u);
        return NULL;
}

void unit_file_init(void) {
        unit_reader_init();
}

static char *path_join(const char *dir, const char *name) {
        size_t n = strlen(dir);

        if (n > 0 && dir[n - 1] == '/')
                return xasprintf("%s%s", dir, name);
        return xasprintf("%s/%s", dir, name);
}

static const char *last_path_component(const char *path) {
        const char *s = strrchr(path, '/');

        return s ? s + 1 : path;
}

static char *home_dir(void) {
        const char *e = secure_getenv("HOME");
        struct passwd *pw;

        if (e && e[0] == '/')
                return xstrdup(e);
        pw = getpwuid(geteuid());
        if (pw && pw->pw_dir && pw->pw_dir[0] == '/')
                return xstrdup(pw->pw_dir);
        return NULL;
}

char **unit_search_path(void) {
        _cleanup_free_ char *home = NULL;
        const char *e;
        char **l = NULL;

        e = secure_getenv("SANDBOXCTL_UNIT_PATH");
        if (e) {
                /* Replaces the whole list (tests, CI). Empty components are skipped. */
                for (const char *p = e; *p;) {
                        size_t n = strcspn(p, ":");

                        if (n > 0)
                                strv_consume(&l, xstrndup(p, n));
                        p += n;
                        if (*p == ':')
                                p++;
                }
                return l ?: xcalloc(1, sizeof(char *));
        }

        strv_extend(&l, "./");
        e = secure_getenv("XDG_CONFIG_HOME");
        if (e && e[0] == '/')
                strv_consume(&l, path_join(e, "sandboxctl/units"));
        else if ((home = home_dir()))
                strv_consume(&l, path_join(home, ".config/sandboxctl/units"));
        strv_extend(&l, "/etc/sandboxctl/units");
        strv_extend(&l, "/usr/lib/sandboxctl/units");
        return l;
}

/* "foo@bar.unit" → "foo@.unit"; NULL when name is not an instance (no '@', or nothing after it). */
static char *unit_name_template(const char *name) {
        const char *at = strchr(name, '@'), *dot;

        if (!at)
                return NULL;
        dot = strrchr(at, '.');
        if ((dot ? dot : at + strlen(at)) == at + 1)
                return NULL; /* "foo@.unit" is the template itself */
        return xasprintf("%.*s@%s", (int) (at - name), name, dot ?: "");
}

static bool path_exists(const char *path) {
        struct stat st;

        /* lstat(): a dangling symlink or a symlink loop is "found", so that loading reports the real
         * problem instead of "not found". */
        return lstat(path, &st) >= 0 || (errno != ENOENT && errno != ENOTDIR);
}

static int find_in_path(char * const *dirs, const char *name, char **ret_path) {
        STRV_FOREACH(d, dirs) {
                _cleanup_free_ char *p = path_join(*d, name);

                if (path_exists(p)) {
                        *ret_path = TAKE_PTR(p);
                        return 0;
                }
        }
        return -ENOENT;
}

int unit_find(const char *name_or_path, char **ret_path) {
        _cleanup_strv_free_ char **dirs = NULL;
        _cleanup_free_ char *template = NULL;
        const char *name;

        if (isempty(name_or_path))
                return -EINVAL;

        name = last_path_component(name_or_path);
        template = unit_name_template(name);

        if (strchr(name_or_path, '/')) {
                _cleanup_free_ char *dir = NULL, *p = NULL;

                /* A path is used as is; for an instance that does not exist as a file, its template in
                 * the same directory. */
                if (path_exists(name_or_path)) {
                        *ret_path = xstrdup(name_or_path);
                        return 0;
                }
                if (!template)
                        return -ENOENT;
                dir = xstrndup(name_or_path, name - name_or_path);
                p = path_join(dir, template);
                if (!path_exists(p))
                        return -ENOENT;
                *ret_path = TAKE_PTR(p);
                return 0;
        }

        /* A bare name: the instance file anywhere in the search path wins over the template. */
        dirs = unit_search_path();
        if (find_in_path(dirs, name, ret_path) >= 0)
                return 0;
        if (template && find_in_path(dirs, template, ret_path) >= 0)
                return 0;
        return -ENOENT;
}

/* Loading ---------------------------------------------------------------------------------------------- */

typedef struct LoadContext {
        Unit *unit;
        const char *file; /* borrowed from unit->files */
} LoadContext;

static void unit_append(Unit *u, const char *section, const char *key, const char *value, const char *file,
                        unsigned line) {
        UnitAssignment *a;

        u->assignments = xgreedy_realloc(u->assignments, &u->allocated, u->n_assignments + 1,
                                         sizeof(UnitAssignment));
        a = &u->assignments[u->n_assignments++];
        *a = (UnitAssignment) {
                .section = xstrdup(section),
                .key = xstrdup(key),
                .value = xstrdup(value),
                .file = file,
                .line = line,
        };
}

static int load_handler(const char *section, const char *key, const char *value, unsigned line, void *userdata) {
        LoadContext *c = userdata;

        unit_append(c->unit, section, key, value, c->file, line);
        return 0;
}

static int unit_parse_file(Unit *u, const char *path, DiagList *diags) {
        _cleanup_free_ char *data = NULL;
        LoadContext c = { .unit = u };
        size_t size;
        int r;

        r = unit_reader_read_file(path, diags, &data, &size);
        if (r < 0)
                return r;

        strv_extend(&u->files, path);
        c.file = u->files[strv_length(u->files) - 1];
        return unit_reader_parse(c.file, data, size, diags, load_handler, &c);
}

typedef struct DropIn {
        char *name;  /* "10-foo.conf" */
        char *path;  /* owned */
        bool masked; /* symlink to /dev/null (or empty): hides lower-priority files of the same name */
} DropIn;

static int dropin_compare(const void *a, const void *b) {
        return strcmp(((const DropIn *) a)->name, ((const DropIn *) b)->name);
}

static bool has_conf_suffix(const char *name) {
        size_t n = strlen(name);

        return name[0] != '.' && n > 5 && streq(name + n - 5, ".conf");
}

/* Adds the *.conf entries of dir whose name no higher-priority directory already had. */
static int dropin_collect_dir(const char *dir, DropIn **items, size_t *n, size_t *allocated, DiagList *diags) {
        DIR *d;
        struct dirent *de;
        int r = 0;

        d = opendir(dir);
        if (!d) {
                if (errno == ENOENT || errno == ENOTDIR)
                        return 0;
                r = negative_errno();
                /* Fail closed: a drop-in we cannot read may hold hardening the user relies on. */
                diag_add(diags, false, dir, 0, NULL, "Cannot read drop-in directory: %s.", strerror(-r));
                return r;
        }

        while ((errno = 0, de = readdir(d))) {
                _cleanup_free_ char *p = NULL;
                bool seen = false;
                struct stat st;

                if (!has_conf_suffix(de->d_name))
                        continue;
                for (size_t i = 0; i < *n; i++)
                        if (streq((*items)[i].name, de->d_name)) {
                                seen = true;
                                break;
                        }
                if (seen)
                        continue;

                p = path_join(dir, de->d_name);
                if (stat(p, &st) < 0)
                        st = (struct stat) {}; /* dangling or looping symlink: loading reports it */
                else if (S_ISDIR(st.st_mode))
                        continue; /* not a file: ignored, as systemd's conf_files_list() does */

                *items = xgreedy_realloc(*items, allocated, *n + 1, sizeof(DropIn));
                (*items)[(*n)++] = (DropIn) {
                        .name = xstrdup(de->d_name),
                        .path = TAKE_PTR(p),
                        /* systemd's null_or_empty(): /dev/null or an empty file masks the name. */
                        .masked = (S_ISCHR(st.st_mode) && major(st.st_rdev) == 1 && minor(st.st_rdev) == 3) ||
                                  (S_ISREG(st.st_mode) && st.st_size == 0),
                };
        }
        if (errno != 0) {
                r = negative_errno();
                diag_add(diags, false, dir, 0, NULL, "Cannot read drop-in directory: %s.", strerror(-r));
        }
        closedir(d);
        return r;
}

static void dropins_free(DropIn *items, size_t n) {
        for (size_t i = 0; i < n; i++) {
                free(items[i].name);
                free(items[i].path);
        }
        free(items);
}

typedef struct DirId {
        dev_t dev;
        ino_t ino;
} DirId;

/* The names whose NAME.d/ directories hold drop-ins for u, most specific first, as systemd's
 * unit_file_find_dirs(): the unit's name; for an instance, its template; then the "-" prefixes of the
 * prefix ("a-b-c.unit" → "a-b-.unit", "a-.unit"). The type-wide name ("unit" for *.unit, "service" for
 * *.service) is returned separately: it comes after all directories, as the most generic. */
static char **dropin_unit_names(const Unit *u, char **ret_type) {
        const char *dot = strrchr(u->name, '.');
        char **l = NULL, *template;

        strv_extend(&l, u->name);
        template = u->instance ? unit_name_template(u->name) : NULL;
        if (template)
                strv_consume(&l, template);

        *ret_type = NULL;
        if (!dot || dot == u->name)
                return l; /* no suffix: no prefix or type-wide drop-ins */

        for (size_t n = strlen(u->prefix); n > 0; n--)
                if (u->prefix[n - 1] == '-' && n > 1)
                        strv_consume(&l, xasprintf("%.*s%s", (int) n, u->prefix, dot));
        if (dot[1] != '\0')
                *ret_type = xstrdup(dot + 1);
        return l;
}

typedef struct DropInSearch {
        DirId *ids;     /* directories already read */
        size_t n_ids;
        DropIn *items;
        size_t n, allocated;
} DropInSearch;

static int dropin_search_dir(DropInSearch *s, const char *dir, const char *unit_name, DiagList *diags) {
        _cleanup_free_ char *dn = xasprintf("%s.d", unit_name), *dp = path_join(dir, dn);
        struct stat st;

        if (stat(dp, &st) < 0 || !S_ISDIR(st.st_mode))
                return 0;
        for (size_t i = 0; i < s->n_ids; i++)
                if (s->ids[i].dev == st.st_dev && s->ids[i].ino == st.st_ino)
                        return 0;
        s->ids = xrealloc(s->ids, (s->n_ids + 1) * sizeof(DirId));
        s->ids[s->n_ids++] = (DirId) { st.st_dev, st.st_ino };

        return dropin_collect_dir(dp, &s->items, &s->n, &s->allocated, diags);
}

/* Drop-in directories, highest priority first: the main file's own directory (unless it is also in the
 * search path, where it then keeps its place), then every search-path directory; in each, the
 * directories of dropin_unit_names(); then the type-wide directory in each. A *.conf name found in a
 * higher-priority directory hides the same name everywhere below. A directory reached twice (e.g. "./"
 * and the main file's directory) is read once. */
static int unit_load_dropins(Unit *u, DiagList *diags) {
        _cleanup_strv_free_ char **dirs = NULL, **existing_dirs = NULL, **dropin_dirs = NULL, **names = NULL;
        _cleanup_free_ char *main_dir = NULL, *type = NULL;
        DropInSearch s = {};
        bool main_dir_in_path = false, have_main_st;
        struct stat main_st;
        int r = 0;

        main_dir = xstrndup(u->path, last_path_component(u->path) - u->path);
        if (isempty(main_dir)) {
                free(main_dir);
                main_dir = xstrdup("./");
        }
        dirs = unit_search_path();
        have_main_st = stat(main_dir, &main_st) >= 0;
        STRV_FOREACH(d, dirs) {
                struct stat st;

                if (stat(*d, &st) < 0) {
                        if (errno == ENOENT || errno == ENOTDIR)
                                continue; /* perf: no directory, no drop-ins in it: skip its lookups */
                } else if (have_main_st && st.st_dev == main_st.st_dev && st.st_ino == main_st.st_ino)
                        main_dir_in_path = true;
                strv_extend(&existing_dirs, *d);
        }
        if (!main_dir_in_path)
                strv_extend(&dropin_dirs, main_dir);
        STRV_FOREACH(d, existing_dirs)
                strv_extend(&dropin_dirs, *d);

        names = dropin_unit_names(u, &type);
        STRV_FOREACH(d, dropin_dirs)
                STRV_FOREACH(nm, names) {
                        r = dropin_search_dir(&s, *d, *nm, diags);
                        if (r < 0)
                                goto finish;
                }
        if (type)
                STRV_FOREACH(d, dropin_dirs) {
                        r = dropin_search_dir(&s, *d, type, diags);
                        if (r < 0)
                                goto finish;
                }

        /* Parsed after the main file, in lexical order of the file name, whatever the directory. */
        if (s.n > 0)
                qsort(s.items, s.n, sizeof(DropIn), dropin_compare);
        for (size_t i = 0; i < s.n; i++) {
                if (s.items[i].masked)
                        continue;
                r = unit_parse_file(u, s.items[i].path, diags);
                if (r < 0)
                        goto finish;
        }
        r = 0;
finish:
        dropins_free(s.items, s.n);
        free(s.ids);
        return r;
}

/* Fills name, prefix and instance from the unit name ("foo@bar.unit": prefix "foo", instance "bar";
 * "foo.unit": prefix "foo"; "foo@.unit", the template itself: prefix "foo", no instance). */
static void unit_set_name(Unit *u, const char *name) {
        const char *at = strchr(name, '@'), *dot;

        u->name = xstrdup(name);
        if (at) {
                u->prefix = xstrndup(name, at - name);
                dot = strrchr(at, '.');
                if ((dot ? dot : at + strlen(at)) > at + 1)
                        u->instance = xstrndup(at + 1, (dot ? dot : at + strlen(at)) - (at + 1));
        } else {
                dot = strrchr(name, '.');
                u->prefix = dot && dot > name ? xstrndup(name, dot - name) : xstrdup(name);
        }
}

static void diag_not_found(DiagList *diags, const char *name) {
        _cleanup_strv_free_ char **dirs = unit_search_path();
        _cleanup_free_ char *template = unit_name_template(name), *list = strv_join(dirs, ", ");

        if (template)
                diag_add(diags, false, name, 0, NULL,
                         "Unit file not found, nor its template '%s'; looked in: %s (%s). Check the "
                         "name, give the file's path, or put it in one of these directories.", template,
                         isempty(list) ? "(nothing)" : list,
                         secure_getenv("SANDBOXCTL_UNIT_PATH") ? "$SANDBOXCTL_UNIT_PATH" : "default search path");
        else
                diag_add(diags, false, name, 0, NULL, "Unit file not found; looked in: %s (%s). Check the name, "
                         "give the file's path, or put it in one of these directories.",
                         isempty(list) ? "(nothing)" : list,
                         secure_getenv("SANDBOXCTL_UNIT_PATH") ? "$SANDBOXCTL_UNIT_PATH" : "default search path");
}

int unit_load(const char *name_or_path, DiagList *diags, Unit **ret) {
        _cleanup_(unit_freep) Unit *u = NULL;
        _cleanup_free_ char *path = NULL, *name = NULL;
        int r;

        unit_file_init();

        if (isempty(name_or_path)) {
                diag_add(diags, false, "<command line>", 0, NULL, "Empty unit name.");
                return -EINVAL;
        }

        /* The name is the last path component ("dir/foo.unit/" counts as "foo.unit"). */
        name = xstrdup(name_or_path);
        while (strlen(name) > 1 && name[strlen(name) - 1] == '/')
                name[strlen(name) - 1] = '\0';
        memmove(name, last_path_component(name), strlen(last_path_component(name)) + 1);
        if (isempty(name) || streq(name, ".") || streq(name, ".."))
                strcpy(name, "/");

        r = unit_find(name_or_path, &path);
        if (r == -ENOENT) {
                _cleanup_free_ char *template = unit_name_template(name);

                if (strchr(name_or_path, '/') && template)
                        diag_add(diags, false, name_or_path, 0, NULL,
                                 "Unit file does not exist, nor its template '%s' next to it.", template);
                else if (strchr(name_or_path, '/'))
                        diag_add(diags, false, name_or_path, 0, NULL, "Unit file does not exist.");
                else
                        diag_not_found(diags, name_or_path);
                return r;
        }
        if (r < 0) {
                diag_add(diags, false, name_or_path, 0, NULL, "Cannot look up unit: %s.", strerror(-r));
                return r;
        }

        u = xcalloc(1, sizeof(Unit));
        unit_set_name(u, name);
        u->path = TAKE_PTR(path);

        r = unit_parse_file(u, u->path, diags);
        if (r < 0)
                return r;
        r = unit_load_dropins(u, diags);
        if (r < 0)
                return r;

        *ret = TAKE_PTR(u);
        return 0;
}

int unit_add_override(Unit *u, const char *assignment, unsigned index, DiagList *diags) {
        _cleanup_free_ char *key = NULL;
        const char *eq, *value;
        size_t n;

        assert(u);
        assert(assignment);

        eq = strchr(assignment, '=');
        if (!eq) {
                diag_add(diags, false, COMMAND_LINE_FILE, index, NULL,
                         "Missing '=' in property '%s'; expected KEY=VALUE.", assignment);
                return -EINVAL;
        }

        /* Stripped like a line of the file. */
        key = xstrndup(assignment, eq - assignment);
        n = strlen(key);
        while (n > 0 && strchr(" \t\n\r", key[n - 1]))
                key[--n] = '\0';
        if (isempty(key + strspn(key, " \t\n\r"))) {
                diag_add(diags, false, COMMAND_LINE_FILE, index, NULL,
                         "Missing key name before '=' in property '%s'.", assignment);
                return -EINVAL;
        }
        value = eq + 1 + strspn(eq + 1, " \t\n\r");
        {
                _cleanup_free_ char *v = xstrdup(value);

                n = strlen(v);
                while (n > 0 && strchr(" \t\n\r", v[n - 1]))
                        v[--n] = '\0';
                /* file is a string constant: "borrowed", like the entries of u->files. */
                unit_append(u, "Sandbox", key + strspn(key, " \t\n\r"), v, COMMAND_LINE_FILE, index);
        }
        return 0;
}

int unit_cat(const Unit *u, FILE *f) {
        assert(u);
        assert(f);

        STRV_FOREACH(p, u->files) {
                _cleanup_free_ char *data = NULL;
                DiagList diags = {};
                size_t size;
                int r;

                r = unit_reader_read_file(*p, &diags, &data, &size);
                diag_list_done(&diags);
                if (r < 0)
                        return r;

                /* As `systemctl cat`: a "# path" header per file, a blank line between files. */
                if (p != u->files)
                        fputc('\n', f);
                fprintf(f, "# %s\n", *p);
                fwrite(data, 1, size, f);
                if (size > 0 && data[size - 1] != '\n')
                        fputc('\n', f);
        }
        return fflush(f) == 0 ? 0 : negative_errno();
}
