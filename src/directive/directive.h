/* SPDX-License-Identifier: MIT */
#pragma once

/* The directive table: the only list of directive names in the code. One row per directive:
 * name, section(s), value parser, target field (offset into SandboxPlan), where it takes effect, and
 * whether `start` can enforce it. tests/check-directives.sh keeps this table, the man page's directive
 * list and the fuzz corpus in agreement. */

#include <stdbool.h>
#include <stddef.h>

#include "plan.h"
#include "unit-file.h"

#define SECTION_UNIT (1u << 0)
#define SECTION_SANDBOX (1u << 1) /* [Sandbox] and its synonym [Service] */
#define SECTION_SCOPE (1u << 2)
#define SECTION_INSTALL (1u << 3)

typedef struct DirectiveContext DirectiveContext;

/* Parses one assignment. `value` has specifiers expanded unless the row says otherwise; an empty value
 * means "reset". Problems are reported with directive_error()/directive_warning(); returns 0 or <0. */
typedef int (*DirectiveParser)(DirectiveContext *ctx, const char *value, void *field);

typedef struct Directive {
        const char *name;
        unsigned sections;     /* SECTION_* mask */
        DirectiveParser parse; /* NULL for WHERE_IGNORED rows */
        size_t offset;         /* offsetof(SandboxPlan, …) of the target field */
        int ltype;             /* parser-specific extra (enum value, rlimit resource, list kind, …) */
        DirectiveWhere where;
        bool enforced;         /* `start` can apply it; false = parsed only, `start` refuses the unit */
        bool no_specifiers;    /* pass the raw value (the parser expands itself) */
} Directive;

extern const Directive directive_table[];
extern const size_t directive_table_size;

const Directive *directive_lookup(const char *name);
/* The closest directive name by edit distance, or NULL when nothing is close. */
const char *directive_suggest(const char *name);
const char *directive_where_to_string(DirectiveWhere w);
