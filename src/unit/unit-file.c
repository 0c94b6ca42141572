/* SPDX-License-Identifier: MIT */
/* PLACEHOLDER: replaced by the unit loader. */
#include "unit-file.h"

Unit *unit_free(Unit *u) { free(u); return NULL; }
void unit_file_init(void) {}
int unit_find(const char *n, char **r) { return -ENOENT; }
char **unit_search_path(void) { return NULL; }
int unit_load(const char *n, DiagList *d, Unit **r) { return -EOPNOTSUPP; }
int unit_add_override(Unit *u, const char *a, unsigned i, DiagList *d) { return -EOPNOTSUPP; }
int unit_specifier_expand(const Unit *u, const char *in, char **r, char **b) { return -EOPNOTSUPP; }
int unit_cat(const Unit *u, FILE *f) { return -EOPNOTSUPP; }
