/* SPDX-License-Identifier: MIT */
#pragma once

/* Unit: the text of a unit file and its drop-ins, with positions and no meaning.
 * Sections are normalized: "Service" becomes "Sandbox". Only [Unit], [Sandbox]/[Service], [Scope] and
 * [Install] assignments are kept; other sections produce a warning (X-… silently ignored). */

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"
#include "macro.h"

typedef struct UnitAssignment {
        char *section;    /* owned: "Unit", "Sandbox", "Scope", "Install" */
        char *key;        /* owned */
        char *value;      /* owned, raw (no specifiers expanded, continuation lines joined) */
        const char *file; /* borrowed from Unit.files */
        unsigned line;    /* physical line where the logical line starts */
} UnitAssignment;

typedef struct Unit {
        char *name;     /* "foo@bar.unit" */
        char *path;     /* the main file that was loaded (absolute or as given) */
        char *prefix;   /* "foo" */
        char *instance; /* "bar", NULL for non-templates */
        char **files;   /* main file then drop-ins, in the order they were parsed (owned) */
        UnitAssignment *assignments;
        size_t n_assignments, allocated;
} Unit;

#define UNIT_FILE_MAX_SIZE (16u * 1024u * 1024u) /* 16 MiB */
#define UNIT_LINE_MAX (1u * 1024u * 1024u)       /* 1 MiB, systemd's LONG_LINE_MAX */

Unit *unit_free(Unit *u);
DEFINE_TRIVIAL_CLEANUP_FUNC(Unit *, unit_free);

/* Global once-per-process setup of libinih's runtime switches. Idempotent. */
void unit_file_init(void);

/* Resolves NAME_OR_PATH: a path (contains '/') is used as is; a bare name is looked up in the search path
 * (see unit_search_path()). Returns -ENOENT when not found. */
int unit_find(const char *name_or_path, char **ret_path);

/* The search path, in priority order: "./", $XDG_CONFIG_HOME/sandboxctl/units (or ~/.config/…),
 * /etc/sandboxctl/units, /usr/lib/sandboxctl/units. $SANDBOXCTL_UNIT_PATH (colon-separated) replaces it
 * when set (tests). */
char **unit_search_path(void);

/* Loads the unit and its drop-ins. File-level problems (missing file, directory, symlink loop, NUL byte,
 * invalid UTF-8, line > 1 MiB, file too large, missing ']') are added to diags as errors and make this
 * return -EINVAL (or another negative errno); per-line problems (unknown section, line without '=') are
 * added as diagnostics and loading continues. */
int unit_load(const char *name_or_path, DiagList *diags, Unit **ret);

/* Appends "KEY=VALUE" as if written at the end of the unit in [Sandbox] (for `start -p`), with file
 * "<command line>" and line = index (1-based). Returns -EINVAL (with a diagnostic) when there is no '='. */
int unit_add_override(Unit *u, const char *assignment, unsigned index, DiagList *diags);

/* Expands %-specifiers in `in`. Returns -EBADMSG for an unknown or unsupported specifier, naming it in
 * *ret_bad (owned, may be NULL). */
int unit_specifier_expand(const Unit *u, const char *in, char **ret, char **ret_bad);

/* Prints the unit file and its drop-ins as `systemctl cat` does ("# /path" headers). */
int unit_cat(const Unit *u, FILE *f);
