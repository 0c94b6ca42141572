/* SPDX-License-Identifier: MIT */
/* systemd's line syntax on top of libinih. inih alone gets most of it wrong (multi-line values, inline ';'
 * comments, 200-byte lines, no line numbers, ':' as a separator), so this file decides what a logical line
 * is and what it means, and inih only splits assignment lines at '=' and strips them. */
#include <fcntl.h>
#include <ini.h>
#include <stdint.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

#include "strv.h"
#include "unit-file.h"
#include "unit-reader.h"

#define WHITESPACE " \t\n\r"

static const char *const known_sections[][2] = {
        /* name in the file, normalized name */
        { "Unit",    "Unit"    },
        { "Sandbox", "Sandbox" },
        { "Service", "Sandbox" }, /* a real .service file must load */
        { "Scope",   "Scope"   },
        { "Install", "Install" },
};

void unit_reader_init(void) {
        static bool done;

        if (done)
                return;
        done = true;

        /* Debian's libinih defaults conflict with systemd's syntax (spec/directives.md §1.8): an indented
         * line would continue the previous value, " ;" would start a comment inside ExecStart=, and lines
         * over 200 bytes would be split. The BOM is skipped by our reader, once, as systemd does; inih must
         * not strip a second one from the first line we hand it. */
        ini_allow_multiline = false;
        ini_allow_inline_comments = false;
        ini_allow_bom = false;
        ini_use_stack = false;
        ini_allow_realloc = true;
        ini_max_line = 1 << 20;
}

/* Reading the file ------------------------------------------------------------------------------------ */

static bool stat_is_dev_null(const struct stat *st) {
        return S_ISCHR(st->st_mode) && major(st->st_rdev) == 1 && minor(st->st_rdev) == 3;
}

int unit_reader_read_file(const char *path, DiagList *diags, char **ret_data, size_t *ret_size) {
        _cleanup_close_ int fd = -EBADF;
        _cleanup_free_ char *data = NULL;
        size_t size = 0, allocated = 0;
        struct stat st;

        /* O_NONBLOCK: opening a FIFO for reading must not wait for a writer. The type is checked before
         * the first read(), so nothing here can block. */
        fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
        if (fd < 0) {
                int r = negative_errno();

                if (r == -ELOOP)
                        diag_add(diags, false, path, 0, NULL,
                                 "Cannot open unit file: too many levels of symbolic links (a symlink loop?).");
                else if (r == -ENOENT)
                        diag_add(diags, false, path, 0, NULL, "Unit file does not exist.");
                else
                        diag_add(diags, false, path, 0, NULL, "Cannot open unit file: %s.", strerror(-r));
                return r;
        }
        if (fstat(fd, &st) < 0) {
                int r = negative_errno();

                diag_add(diags, false, path, 0, NULL, "Cannot stat unit file: %s.", strerror(-r));
                return r;
        }
        if (S_ISDIR(st.st_mode)) {
                diag_add(diags, false, path, 0, NULL, "Unit file is a directory.");
                return -EISDIR;
        }
        if (stat_is_dev_null(&st)) {
                diag_add(diags, false, path, 0, NULL, "Unit file is masked (it is /dev/null).");
                return -ERFKILL;
        }
        if (!S_ISREG(st.st_mode)) {
                diag_add(diags, false, path, 0, NULL, "Unit file is not a regular file.");
                return -EBADFD;
        }
        if (st.st_size > (off_t) UNIT_FILE_MAX_SIZE) {
                diag_add(diags, false, path, 0, NULL, "Unit file is too large (%jd bytes, the limit is 16 MiB).",
                         (intmax_t) st.st_size);
                return -EFBIG;
        }

        /* st_size is only a hint (files under /proc say 0, a file may grow): read until EOF, but never
         * more than one byte past the limit. */
        for (;;) {
                ssize_t n;

                if (allocated - size < 4096 + 1) {
                        allocated = MAX(allocated * 2, (size_t) st.st_size + 4096 + 1);
                        allocated = MIN(allocated, (size_t) UNIT_FILE_MAX_SIZE + 2);
                        data = xrealloc(data, allocated);
                }
                n = read(fd, data + size, allocated - size - 1);
                if (n < 0) {
                        int r = negative_errno();

                        if (r == -EINTR)
                                continue;
                        diag_add(diags, false, path, 0, NULL, "Cannot read unit file: %s.", strerror(-r));
                        return r;
                }
                if (n == 0)
                        break;
                size += (size_t) n;
                if (size > UNIT_FILE_MAX_SIZE) {
                        diag_add(diags, false, path, 0, NULL, "Unit file is too large (the limit is 16 MiB).");
                        return -EFBIG;
                }
        }
        if (!data)
                data = xmalloc(1);
        data[size] = '\0';

        *ret_data = TAKE_PTR(data);
        if (ret_size)
                *ret_size = size;
        return 0;
}

/* Validation of the raw bytes ---------------------------------------------------------------------------- */

/* Length of the valid UTF-8 sequence at s (at most n bytes), 0 when invalid: overlong forms, surrogates
 * and code points above U+10FFFF are invalid, as in systemd's utf8_is_valid(). */
static size_t utf8_sequence_length(const unsigned char *s, size_t n) {
        uint32_t c;
        size_t len;

        if (s[0] < 0x80)
                return 1;
        if (s[0] >= 0xc2 && s[0] <= 0xdf) {
                len = 2;
                c = s[0] & 0x1f;
        } else if (s[0] >= 0xe0 && s[0] <= 0xef) {
                len = 3;
                c = s[0] & 0x0f;
        } else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
                len = 4;
                c = s[0] & 0x07;
        } else
                return 0;
        if (len > n)
                return 0;
        for (size_t i = 1; i < len; i++) {
                if ((s[i] & 0xc0) != 0x80)
                        return 0;
                c = (c << 6) | (s[i] & 0x3f);
        }
        if ((len == 3 && c < 0x800) || (len == 4 && c < 0x10000) || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
                return 0;
        return len;
}

/* Physical lines end at "\n", "\r\n" or a lone "\r", as systemd's read_line() sees them. Returns the
 * length of the line starting at data[pos] and stores where the next one starts. */
static size_t physical_line(const char *data, size_t size, size_t pos, size_t *ret_next) {
        size_t e = pos;

        while (e < size && data[e] != '\n' && data[e] != '\r')
                e++;
        if (e >= size)
                *ret_next = size;
        else if (data[e] == '\r' && e + 1 < size && data[e + 1] == '\n')
                *ret_next = e + 2;
        else
                *ret_next = e + 1;
        return e - pos;
}

static int validate_bytes(const char *file, const char *data, size_t size, size_t start, DiagList *diags) {
        unsigned line = 1;

        for (size_t pos = start, next; pos < size; pos = next, line++) {
                size_t len = physical_line(data, size, pos, &next);

                if (len > UNIT_READER_LINE_MAX) {
                        diag_add(diags, false, file, line, NULL,
                                 "Line too long (%zu bytes, the limit is %u bytes).", len,
                                 (unsigned) UNIT_READER_LINE_MAX);
                        return -ENOBUFS;
                }
                for (size_t i = 0; i < len;) {
                        const unsigned char *p = (const unsigned char *) data + pos + i;
                        size_t n;

                        if (*p == '\0') {
                                diag_add(diags, false, file, line, NULL,
                                         "Line contains a NUL byte (column %zu); unit files are text.", i + 1);
                                return -EBADMSG;
                        }
                        n = utf8_sequence_length(p, len - i);
                        if (n == 0) {
                                diag_add(diags, false, file, line, NULL,
                                         "Line is not valid UTF-8 (byte 0x%02x at column %zu).", *p, i + 1);
                                return -EBADMSG;
                        }
                        i += n;
                }
        }
        return 0;
}

/* Logical lines and the inih reader -------------------------------------------------------------------- */

typedef struct LineReader {
        const char *file;  /* borrowed */
        const char *data;  /* borrowed; validated */
        size_t size, pos;
        unsigned next_line; /* physical line number of data[pos] */
        DiagList *diags;
        UnitReaderHandler handler;
        void *userdata;

        char *buf;         /* the logical line being handed to inih, '\n'-terminated */
        size_t len, allocated, out; /* out: bytes of buf already handed over */
        unsigned line;     /* physical line where that logical line starts */

        char *section;     /* raw name of the current section, NULL before the first header */
        const char *normalized; /* normalized name; NULL when the section is ignored */
        bool seen_section; /* any section header seen (even an ignored one) */
        char **warned_sections;
        int error;         /* first fatal error; stops parsing */
} LineReader;

static void line_reader_done(LineReader *r) {
        free(r->buf);
        free(r->section);
        strv_free(r->warned_sections);
}

static void buf_append(LineReader *r, const char *p, size_t n) {
        r->buf = xgreedy_realloc(r->buf, &r->allocated, r->len + n + 2, 1);
        memcpy(r->buf + r->len, p, n);
        r->len += n;
        r->buf[r->len] = '\0';
}

/* Renders at most n bytes of s for a message, cut at a character boundary: control characters as \xNN,
 * so a hostile file cannot write to the terminal. */
static char *printable(const char *s, size_t n) {
        char *t, *q;

        n = strnlen(s, n);
        if (s[n] != '\0')
                while (n > 0 && ((unsigned char) s[n] & 0xc0) == 0x80)
                        n--;
        t = q = xmalloc(n * 4 + 1);

        for (size_t i = 0; i < n; i++) {
                unsigned char c = (unsigned char) s[i];

                if (c < 0x20 || c == 0x7f)
                        q += sprintf(q, "\\x%02x", c);
                else
                        *q++ = (char) c;
        }
        *q = '\0';
        return t;
}

static unsigned edit_distance(const char *a, const char *b) {
        size_t la = strlen(a), lb = strlen(b);
        unsigned d[16][16];

        if (la >= 16 || lb >= 16)
                return UINT32_MAX;
        for (size_t i = 0; i <= la; i++)
                d[i][0] = i;
        for (size_t j = 0; j <= lb; j++)
                d[0][j] = j;
        for (size_t i = 1; i <= la; i++)
                for (size_t j = 1; j <= lb; j++) {
                        unsigned sub = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);

                        d[i][j] = MIN(MIN(d[i - 1][j] + 1, d[i][j - 1] + 1), sub);
                }
        return d[la][lb];
}

static void section_header(LineReader *r, const char *l, size_t n) {
        _cleanup_free_ char *shown = NULL;
        const char *suggestion = NULL;

        free(r->section);
        r->section = xstrndup(l + 1, n - 2);
        r->normalized = NULL;
        r->seen_section = true;

        for (size_t i = 0; i < ELEMENTSOF(known_sections); i++)
                if (streq(r->section, known_sections[i][0])) {
                        r->normalized = known_sections[i][1];
                        return;
                }

        /* Unknown: its assignments are ignored. X-… sections are for extensions and are silently
         * skipped, as in systemd. Warn once per section name and file. */
        if (strneq(r->section, "X-", 2) || strv_contains(r->warned_sections, r->section))
                return;
        strv_extend(&r->warned_sections, r->section);

        for (size_t i = 0; i < ELEMENTSOF(known_sections); i++)
                if (strcasecmp(r->section, known_sections[i][0]) == 0 ||
                    edit_distance(r->section, known_sections[i][0]) <= 2) {
                        suggestion = known_sections[i][0];
                        break;
                }
        shown = printable(r->section, strlen(r->section));
        if (suggestion)
                diag_add(r->diags, true, r->file, r->line, NULL,
                         "Unknown section '%s', ignoring its assignments. Did you mean [%s]?", shown, suggestion);
        else
                diag_add(r->diags, true, r->file, r->line, NULL,
                         "Unknown section '%s', ignoring its assignments.", shown);
}

/* Assembles the next logical line that inih must see (an assignment in an accepted section) into r->buf.
 * Everything else (comments, empty lines, section headers, lines to warn about) is consumed here.
 * Returns 1 with a line, 0 at the end of the data, < 0 on a fatal error (added to diags). */
static int next_assignment_line(LineReader *r) {
        for (;;) {
                bool continuation = false;
                char *l, *eq;
                size_t n;

                r->len = r->out = 0;
                for (;;) {
                        size_t len, next, trailing = 0;
                        const char *p;
                        unsigned number;

                        if (r->pos >= r->size) {
                                if (!continuation)
                                        return 0;
                                break; /* a continuation still open at EOF is parsed as the last line */
                        }
                        p = r->data + r->pos;
                        number = r->next_line++;
                        len = physical_line(r->data, r->size, r->pos, &next);
                        r->pos = next;

                        /* Comment lines are dropped before continuation handling, so a comment inside a
                         * continuation is skipped and the continuation goes on with the next line. */
                        for (n = 0; n < len && (p[n] == ' ' || p[n] == '\t'); n++)
                                ;
                        if (n < len && (p[n] == '#' || p[n] == ';'))
                                continue;

                        if (!continuation)
                                r->line = number;
                        if (r->len + len > UNIT_READER_LINE_MAX) {
                                diag_add(r->diags, false, r->file, r->line, NULL,
                                         "Continuation line too long (more than %u bytes).",
                                         (unsigned) UNIT_READER_LINE_MAX);
                                return -ENOBUFS;
                        }
                        buf_append(r, p, len);

                        /* An odd number of trailing backslashes: the last one is unescaped, is replaced by
                         * a space, and the next physical line is appended verbatim. */
                        while (trailing < r->len && r->buf[r->len - 1 - trailing] == '\\')
                                trailing++;
                        if (trailing % 2 == 0)
                                break;
                        r->buf[r->len - 1] = ' ';
                        continuation = true;
                }
                if (!r->buf)
                        buf_append(r, "", 0);

                /* Strip the logical line (systemd's WHITESPACE; '\v' and '\f' are content, as there). */
                l = r->buf + strspn(r->buf, WHITESPACE);
                n = strlen(l);
                while (n > 0 && strchr(WHITESPACE, l[n - 1]))
                        n--;
                l[n] = '\0';
                if (n == 0)
                        continue;

                if (l[0] == '[') {
                        if (l[n - 1] != ']' || n < 2) {
                                _cleanup_free_ char *shown = printable(l, MIN(n, (size_t) 80));

                                diag_add(r->diags, false, r->file, r->line, NULL,
                                         "Invalid section header '%s%s': missing ']'.", shown, n > 80 ? "…" : "");
                                return -EBADMSG;
                        }
                        section_header(r, l, n);
                        continue;
                }

                if (!r->seen_section) {
                        diag_add(r->diags, true, r->file, r->line, NULL,
                                 "Assignment outside of a section, ignoring line.");
                        continue;
                }
                if (!r->normalized)
                        continue; /* in an ignored section */

                eq = strchr(l, '=');
                if (!eq) {
                        _cleanup_free_ char *shown = printable(l, MIN(n, (size_t) 80));

                        diag_add(r->diags, true, r->file, r->line, NULL,
                                 "Missing '=' in '%s%s', ignoring line.", shown, n > 80 ? "…" : "");
                        continue;
                }
                if (eq == l) {
                        diag_add(r->diags, true, r->file, r->line, NULL,
                                 "Missing key name before '=', ignoring line.");
                        continue;
                }

                if (memchr(l, ':', eq - l)) {
                        /* inih splits at the first '=' *or* ':'; systemd only at '='. No directive name
                         * contains ':', but the key must still arrive as written so that the plan
                         * builder reports it as unknown: hand it over directly. */
                        _cleanup_free_ char *key = xstrndup(l, eq - l);
                        char *value = eq + 1, *e;
                        int k;

                        e = key + strlen(key);
                        while (e > key && strchr(WHITESPACE, e[-1]))
                                *--e = '\0';
                        value += strspn(value, WHITESPACE);
                        k = r->handler(r->normalized, key, value, r->line, r->userdata);
                        if (k < 0)
                                return k;
                        continue;
                }

                /* Hand the stripped line, '\n'-terminated, to inih: with the '\n', inih's realloc loop
                 * knows where the line ends even when it is exactly as long as its buffer. */
                memmove(r->buf, l, n);
                r->buf[n] = '\n';
                r->buf[n + 1] = '\0';
                r->len = n + 1;
                return 1;
        }
}

/* ini_reader: behaves exactly like fgets(): copies at most num-1 bytes, stops after a '\n', and keeps the
 * rest of a long line for the next call (inih's realloc loop calls again to fetch it). Returns NULL at
 * the end of the data, and also after a fatal error, which is kept in r->error. */
static char *line_reader_gets(char *str, int num, void *stream) {
        LineReader *r = stream;
        size_t n;

        if (num <= 0 || r->error < 0)
                return NULL;

        if (r->out >= r->len) {
                int k = next_assignment_line(r);

                if (k < 0) {
                        r->error = k;
                        return NULL;
                }
                if (k == 0)
                        return NULL;
        }

        n = MIN((size_t) num - 1, r->len - r->out);
        memcpy(str, r->buf + r->out, n);
        str[n] = '\0';
        r->out += n;
        return str;
}

static int line_reader_handler(void *user, const char *section, const char *name, const char *value) {
        LineReader *r = user;
        int k;

        /* inih's own section name is truncated at 50 bytes and never sees our headers: ours is used. */
        if (r->error < 0)
                return 0;
        k = r->handler(r->normalized, name, value, r->line, r->userdata);
        if (k < 0) {
                r->error = k;
                return 0;
        }
        return 1;
}

int unit_reader_parse(const char *file, const char *data, size_t size, DiagList *diags,
                      UnitReaderHandler handler, void *userdata) {
        LineReader r = {
                .file = file,
                .data = data,
                .size = size,
                .next_line = 1,
                .diags = diags,
                .handler = handler,
                .userdata = userdata,
        };
        int k;

        unit_reader_init();

        /* A UTF-8 byte order mark is skipped once, at the start of the file. */
        if (size >= 3 && memcmp(data, "\xef\xbb\xbf", 3) == 0)
                r.pos = 3;

        k = validate_bytes(file, data, size, r.pos, diags);
        if (k < 0)
                return -EINVAL;

        k = ini_parse_stream(line_reader_gets, &r, line_reader_handler, &r);
        line_reader_done(&r);
        if (r.error < 0)
                return r.error == -ENOMEM ? -ENOMEM : -EINVAL;
        if (k == -2)
                return -ENOMEM;
        if (k != 0) {
                /* Cannot happen: only assignment lines reach inih. Fail closed rather than guess. */
                diag_add(diags, false, file, 0, NULL, "Internal error: inih rejected logical line %d.", k);
                return -EINVAL;
        }
        return 0;
}
