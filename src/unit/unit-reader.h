/* SPDX-License-Identifier: MIT */
#pragma once

/* The systemd-syntax layer under inih (spec/directives.md §1.1, §1.8). unit_reader_parse() turns the bytes
 * of one unit file into systemd's logical lines (comment lines dropped, also inside a continuation;
 * backslash continuation joined; whitespace stripped; BOM and CRLF handled), tracks sections itself, and
 * hands every assignment line to libinih's ini_parse_stream() through an fgets()-exact reader. The
 * handler then sees each assignment with its normalized section and the physical line where the logical
 * line starts. */

#include <stddef.h>

#include "diag.h"

/* Called once per assignment, in file order. section is normalized ("Unit", "Sandbox", "Scope",
 * "Install"); all strings are borrowed for the duration of the call. Return < 0 to stop parsing. */
typedef int (*UnitReaderHandler)(const char *section, const char *key, const char *value, unsigned line,
                                 void *userdata);

/* Sets libinih's runtime switches (Debian's build) once. Idempotent. */
void unit_reader_init(void);

/* Reads a unit file or drop-in into memory: must be a regular file of at most UNIT_FILE_MAX_SIZE bytes.
 * Opens with O_NONBLOCK and checks the type before reading, so a FIFO or a device never blocks. Problems
 * are added to diags as errors naming path; returns -EISDIR, -ELOOP, -ENOENT, -EFBIG, -EBADFD, -ERFKILL
 * (masked: the file is /dev/null) or another negative errno. *ret_data is NUL-terminated. */
int unit_reader_read_file(const char *path, DiagList *diags, char **ret_data, size_t *ret_size);

/* Parses size bytes of data as a unit file named file (used in diagnostics). Structural problems (NUL
 * byte, invalid UTF-8, line longer than the limit, section header without ']') are errors and make it
 * return -EINVAL; per-line problems (unknown section, assignment outside a section, missing '=') are
 * warnings and parsing goes on. */
int unit_reader_parse(const char *file, const char *data, size_t size, DiagList *diags,
                      UnitReaderHandler handler, void *userdata);

/* Longest accepted line (physical or joined logical, without its line break): inih's buffer of
 * ini_max_line = 1 MiB bytes must hold the line, the '\n' the reader appends and the terminating NUL, so
 * anything that would not fit is rejected here instead of being split by inih. */
#define UNIT_READER_LINE_MAX (UNIT_LINE_MAX - 2u)
