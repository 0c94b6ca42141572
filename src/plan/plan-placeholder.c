/* SPDX-License-Identifier: MIT */
/* PLACEHOLDER: replaced by plan.c, plan-build.c and plan-show.c. */
#include "plan-build.h"

SandboxPlan *sandbox_plan_free(SandboxPlan *p) { free(p); return NULL; }
int plan_build(const Unit *u, const PlanBuildOptions *o, DiagList *d, SandboxPlan **r) { return -EOPNOTSUPP; }
void plan_show_text(const SandboxPlan *p, FILE *f) {}
void plan_show_json(const SandboxPlan *p, FILE *f) {}
