/* SPDX-License-Identifier: MIT */
/* `sandboxctl directives`: the directive table as text or JSON (completion, docs checks, users). */
#include "directive.h"
#include "verbs.h"

static const char *section_name(unsigned s) {
        if (s & SECTION_SANDBOX)
                return "Sandbox";
        if (s & SECTION_UNIT)
                return "Unit";
        if (s & SECTION_SCOPE)
                return "Scope";
        return "Install";
}

static const char *status_name(const Directive *d) {
        if (d->where == WHERE_IGNORED)
                return "ignored";
        return d->enforced ? "enforced" : "parsed-only";
}

int verb_directives(int argc, char **argv) {
        if (arg_json)
                putchar('[');
        for (size_t i = 0; i < directive_table_size; i++) {
                const Directive *d = &directive_table[i];

                if (arg_json)
                        printf("%s\n{\"name\":\"%s\",\"section\":\"%s\",\"where\":\"%s\",\"status\":\"%s\"}",
                               i > 0 ? "," : "", d->name, section_name(d->sections),
                               directive_where_to_string(d->where), status_name(d));
                else
                        printf("%-32s %-8s %-8s %s\n", d->name, section_name(d->sections),
                               directive_where_to_string(d->where), status_name(d));
        }
        if (arg_json)
                puts("\n]");
        return fflush(stdout) == 0 ? EXIT_OK : EXIT_INVALID;
}
