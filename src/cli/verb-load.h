/* SPDX-License-Identifier: MIT */
#pragma once

#include "plan.h"
#include "unit-file.h"

/* Loads UNIT (name or path), applies -p overrides, builds the plan, prints every diagnostic as
 * FILE:LINE: message. Returns 0 with both outputs set, or a negative errno after printing. With
 * ret_plan NULL only the unit is loaded. */
int load_unit_and_plan(const char *name, Unit **ret_unit, SandboxPlan **ret_plan);

/* As load_unit_and_plan(), but a masked unit (a symlink to /dev/null) only warns and returns 0 with
 * *ret_plan left NULL: `verify` accepts it, as there is nothing wrong with it. */
int load_unit_and_plan_masked_ok(const char *name, SandboxPlan **ret_plan);
