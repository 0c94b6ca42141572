/* SPDX-License-Identifier: MIT */
/* `sandboxctl security [--json] [--threshold=N] [--explain] UNIT…`: the exposure score of each unit, as
 * `systemd-analyze security` shows it for a service (src/plan/plan-security.c computes it). */
#include <langinfo.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "json-out.h"
#include "log.h"
#include "plan-security.h"
#include "verb-load.h"
#include "verbs.h"

#define ANSI_NORMAL "\x1B[0m"
#define ANSI_HIGHLIGHT "\x1B[0;1;39m"
#define ANSI_RED "\x1B[0;1;31m"
#define ANSI_GREEN "\x1B[0;1;32m"
#define ANSI_UNDERLINE "\x1B[0;4m"

#define EXPLAIN_MAX 3

static bool colors_enabled(void) {
        const char *e = secure_getenv("SYSTEMD_COLORS");
        if (e)
                return !streq(e, "0") && !streq(e, "false") && !streq(e, "no");
        if (secure_getenv("NO_COLOR"))
                return false;
        e = secure_getenv("TERM");
        if (e && streq(e, "dumb"))
                return false;
        return isatty(STDOUT_FILENO) > 0;
}

/* As systemd's is_locale_utf8(): UTF-8 glyphs unless a non-UTF-8 locale was asked for explicitly (an
 * unset locale is "C" but is taken to mean "whatever the terminal does", which is UTF-8 nowadays). */
static bool utf8_enabled(void) {
        const char *set;

        (void) setlocale(LC_CTYPE, "");
        if (strcasecmp(nl_langinfo(CODESET), "UTF-8") == 0)
                return true;
        set = setlocale(LC_CTYPE, NULL);
        if (!set)
                return true;
        return (streq(set, "C") || streq(set, "POSIX")) && !getenv("LC_ALL") && !getenv("LC_CTYPE") &&
                !getenv("LANG");
}

/* Display width of a UTF-8 string: every glyph we print is one column wide. */
static size_t utf8_width(const char *s) {
        size_t n = 0;
        for (; *s; s++)
                if (((unsigned char) *s & 0xC0) != 0x80)
                        n++;
        return n;
}

static void print_padded(const char *s, size_t width, FILE *f) {
        fputs(s, f);
        for (size_t w = utf8_width(s); w < width; w++)
                fputc(' ', f);
}

static void format_tenths(unsigned x, char buf[static 16]) {
        snprintf(buf, 16, "%u.%u", x / 10, x % 10);
}

/* Display order: the checks that cost the most first, then the passing ones, then those that do not
 * apply; ties by name. (systemd sorts by its description strings, which only it has.) */
static int result_compare(const void *a, const void *b) {
        const SecurityResult *x = *(const SecurityResult * const *) a;
        const SecurityResult *y = *(const SecurityResult * const *) b;
        uint64_t px = security_result_points(x), py = security_result_points(y);
        bool nx = x->badness == SECURITY_BADNESS_NA, ny = y->badness == SECURITY_BADNESS_NA;

        if (px != py)
                return px > py ? -1 : 1;
        if (nx != ny)
                return nx ? 1 : -1;
        return strcmp(x->check->id, y->check->id);
}

static const DirectiveOrigin *plan_find_origin(const SandboxPlan *p, const char *fix) {
        size_t n = strcspn(fix, "=");

        for (size_t i = 0; i < p->n_set; i++) {
                const char *name = p->set[i].name;
                if (name && strneq(name, fix, n) && (name[n] == '\0' || streq(name + n, "=")))
                        return &p->set[i];
        }
        return NULL;
}

static void print_text(const SandboxPlan *p, const SecurityReport *r, bool colors, bool utf8) {
        _cleanup_free_ const SecurityResult **rows = xcalloc(r->n_results, sizeof(SecurityResult *));
        size_t wname = strlen("NAME"), wdesc = strlen("DESCRIPTION");
        char buf[16];

        for (size_t i = 0; i < r->n_results; i++) {
                rows[i] = &r->results[i];
                wname = MAX(wname, utf8_width(r->results[i].check->id));
                wdesc = MAX(wdesc, utf8_width(r->results[i].description));
        }
        qsort(rows, r->n_results, sizeof(rows[0]), result_compare);

        printf("%s  ", colors ? ANSI_UNDERLINE : "");
        print_padded("NAME", wname, stdout);
        putchar(' ');
        print_padded("DESCRIPTION", wdesc, stdout);
        printf(" EXPOSURE%s\n", colors ? ANSI_NORMAL : "");

        for (size_t i = 0; i < r->n_results; i++) {
                const SecurityResult *row = rows[i];

                if (row->badness == SECURITY_BADNESS_NA)
                        fputs("  ", stdout);
                else
                        printf("%s%s%s ",
                               colors ? (row->badness == 0 ? ANSI_GREEN : ANSI_RED) : "",
                               row->badness == 0 ? (utf8 ? "✓" : "+") : (utf8 ? "✗" : "-"),
                               colors ? ANSI_NORMAL : "");
                if (row->exposure == 0) {
                        /* No trailing padding on rows without an exposure value. */
                        print_padded(row->check->id, wname, stdout);
                        printf(" %s\n", row->description);
                        continue;
                }
                print_padded(row->check->id, wname, stdout);
                putchar(' ');
                print_padded(row->description, wdesc, stdout);
                format_tenths(row->exposure, buf);
                printf(" %8s\n", buf);
        }

        const char *color = security_rating_color(r->exposure);
        format_tenths(r->exposure, buf);
        printf("\n%s %sOverall exposure level for %s%s: %s%s %s%s %s\n",
               utf8 ? "→" : "->",
               colors ? ANSI_HIGHLIGHT : "",
               r->unit_name ?: p->unit_path ?: "?",
               colors ? ANSI_NORMAL : "",
               colors && color ? color : "",
               buf,
               security_rating_to_string(r->exposure),
               colors ? ANSI_NORMAL : "",
               security_rating_glyph(r->exposure, utf8));
}

static void print_explain_text(const SandboxPlan *p, const SecurityReport *r, bool utf8) {
        size_t worst[EXPLAIN_MAX];
        size_t n = security_report_worst(r, EXPLAIN_MAX, worst);
        char before[16], after[16];

        if (n == 0) {
                printf("\nNothing to fix: every check passes.\n");
                return;
        }

        /* One block per check: "  NAME: state (alone: 9.6 → 9.1)", then the line(s) to append, indented. */
        printf("\nThe %zu checks that cost the most, and the lines that fix each:\n", n);
        format_tenths(r->exposure, before);
        for (size_t k = 0; k < n; k++) {
                const SecurityResult *res = &r->results[worst[k]];
                const DirectiveOrigin *o = plan_find_origin(p, res->fix);

                format_tenths(security_report_exposure_without(r, worst[k]), after);
                printf("  %s: %s (alone: %s %s %s)", res->check->id, res->description, before,
                       utf8 ? "→" : "->", after);
                if (o && o->file)
                        printf(", currently set at %s:%u", o->file, o->line);
                putchar('\n');
                for (const char *l = res->fix; *l;) {
                        size_t len = strcspn(l, "\n");
                        printf("      %.*s\n", (int) len, l);
                        l += len;
                        if (*l == '\n')
                                l++;
                }
        }
}

static void print_json(const SandboxPlan *p, const SecurityReport *r) {
        JsonOut j;
        char buf[16];

        json_out_init(&j, stdout);
        json_out_begin_object(&j);
        json_out_key(&j, "unit");
        json_out_string(&j, r->unit_name);
        json_out_key(&j, "path");
        json_out_string(&j, p->unit_path);
        format_tenths(r->exposure, buf);
        json_out_key(&j, "exposure");
        json_out_string(&j, buf);
        json_out_key(&j, "rating");
        json_out_string(&j, security_rating_to_string(r->exposure));

        json_out_key(&j, "checks");
        json_out_begin_array(&j);
        for (size_t i = 0; i < r->n_results; i++) {
                const SecurityResult *res = &r->results[i];

                json_out_begin_object(&j);
                json_out_key(&j, "set");
                if (res->badness == SECURITY_BADNESS_NA)
                        json_out_null(&j);
                else
                        json_out_bool(&j, res->badness == 0);
                json_out_key(&j, "name");
                json_out_string(&j, res->check->id);
                json_out_key(&j, "json_field");
                json_out_string(&j, res->check->json_field);
                json_out_key(&j, "description");
                json_out_string(&j, res->description);
                json_out_key(&j, "exposure");
                if (res->exposure > 0) {
                        format_tenths(res->exposure, buf);
                        json_out_string(&j, buf);
                } else
                        json_out_null(&j);
                json_out_end_object(&j);
        }
        json_out_end_array(&j);

        if (arg_explain) {
                size_t worst[EXPLAIN_MAX];
                size_t n = security_report_worst(r, EXPLAIN_MAX, worst);

                json_out_key(&j, "fixes");
                json_out_begin_array(&j);
                for (size_t k = 0; k < n; k++) {
                        const SecurityResult *res = &r->results[worst[k]];

                        json_out_begin_object(&j);
                        json_out_key(&j, "line");
                        json_out_string(&j, res->fix); /* several lines are '\n'-separated */
                        json_out_key(&j, "name");
                        json_out_string(&j, res->check->id);
                        json_out_key(&j, "json_field");
                        json_out_string(&j, res->check->json_field);
                        format_tenths(security_report_exposure_without(r, worst[k]), buf);
                        json_out_key(&j, "exposure_after");
                        json_out_string(&j, buf);
                        json_out_end_object(&j);
                }
                json_out_end_array(&j);
        }

        json_out_end_object(&j);
        json_out_finish(&j);
}

int verb_security(int argc, char **argv) {
        bool colors = !arg_json && colors_enabled(), utf8 = utf8_enabled();
        int ret = EXIT_OK;

        for (int i = 0; i < argc; i++) {
                _cleanup_(sandbox_plan_freep) SandboxPlan *p = NULL;
                _cleanup_(security_report_freep) SecurityReport *r = NULL;
                int k;

                if (load_unit_and_plan(argv[i], NULL, &p) < 0) {
                        ret = EXIT_INVALID;
                        continue;
                }

                k = plan_security_assess(p, &r);
                if (k < 0) {
                        log_error_errno(k, "Failed to assess '%s': %m", argv[i]);
                        ret = EXIT_INVALID;
                        continue;
                }

                if (arg_json)
                        print_json(p, r);
                else {
                        if (i > 0)
                                putchar('\n');
                        print_text(p, r, colors, utf8);
                        if (arg_explain)
                                print_explain_text(p, r, utf8);
                }

                /* --threshold=N is on the 0.0–10.0 scale; the exposure is kept in tenths. Compare in tenths
                 * so that "--threshold=4.7" passes an exposure of exactly 4.7. */
                if (arg_threshold >= 0 && r->exposure > (unsigned) (arg_threshold * 10 + 1e-6)) {
                        char buf[16];
                        format_tenths(r->exposure, buf);
                        log_error("%s: exposure %s is above the threshold %.1f.",
                                  r->unit_name ?: argv[i], buf, arg_threshold);
                        ret = EXIT_INVALID;
                }
        }

        if (fflush(stdout) != 0)
                ret = EXIT_INVALID;
        return ret;
}
