/* SPDX-License-Identifier: MIT */
/* PLACEHOLDER: plan_show_*() until plan-show.c is in src/plan/meson.build; then delete this file. */
#include "plan-build.h"

void plan_show_text(const SandboxPlan *p, FILE *f) {}
void plan_show_json(const SandboxPlan *p, FILE *f) {}
