/* SPDX-License-Identifier: MIT */
#pragma once

#include <stdio.h>

#include "diag.h"
#include "plan.h"
#include "unit-file.h"

typedef struct PlanBuildOptions {
        bool strict; /* unknown keys are errors instead of warnings (ignored service-only keys stay warnings) */
} PlanBuildOptions;

/* Unit + directive table -> SandboxPlan. Collects every diagnostic in diags (errors and warnings, each
 * with FILE:LINE and the directive). Returns -EINVAL when there is at least one error (with --strict an
 * unknown key is an error); *ret is then not set. Pure: no syscall changes anything. */
int plan_build(const Unit *u, const PlanBuildOptions *o, DiagList *diags, SandboxPlan **ret);

/* Human-readable dump (`show`, `start --dry-run`). */
void plan_show_text(const SandboxPlan *p, FILE *f);
/* JSON dump (`show --json`); schema documented in sandboxctl(1). Keys are directive names. */
void plan_show_json(const SandboxPlan *p, FILE *f);
