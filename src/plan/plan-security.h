/* SPDX-License-Identifier: MIT */
#pragma once

/* Exposure score of a SandboxPlan, as `systemd-analyze security` (v252) computes it for a service:
 * 81 checks, each with a weight, a range and a badness 0..range (or N/A); the exposure is
 *
 *     ceil(100 × Σ ceil(badness × weight / range) / Σ weight)      over the checks that are not N/A
 *
 * an integer 0..100 shown as "N.N" (tenths of the 0.0–10.0 scale). Pure: no I/O, no syscall that changes
 * anything. See shared/spec/directives.md §5 and sandboxctl.security(7). */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "macro.h"
#include "plan.h"

#define SECURITY_BADNESS_NA UINT64_MAX
#define SECURITY_CHECKS_COUNT 81

typedef enum SecurityAssessor {
        SECURITY_ASSESS_BOOL,
        SECURITY_ASSESS_USER,
        SECURITY_ASSESS_SUPPLEMENTARY_GROUPS,
        SECURITY_ASSESS_PROTECT_HOME,
        SECURITY_ASSESS_PROTECT_SYSTEM,
        SECURITY_ASSESS_ROOT_DIRECTORY,
        SECURITY_ASSESS_CAPABILITY_BOUNDING_SET,
        SECURITY_ASSESS_UMASK,
        SECURITY_ASSESS_KEYRING_MODE,
        SECURITY_ASSESS_PROTECT_PROC,
        SECURITY_ASSESS_PROC_SUBSET,
        SECURITY_ASSESS_NOTIFY_ACCESS,
        SECURITY_ASSESS_REMOVE_IPC,
        SECURITY_ASSESS_RESTRICT_NAMESPACES,
        SECURITY_ASSESS_SYSTEM_CALL_ARCHITECTURES,
        SECURITY_ASSESS_SYSTEM_CALL_FILTER,
        SECURITY_ASSESS_IP_ADDRESS_ALLOW,
        SECURITY_ASSESS_DEVICE_ALLOW,
        SECURITY_ASSESS_AMBIENT_CAPABILITIES,
        _SECURITY_ASSESS_MAX,
        _SECURITY_ASSESS_INVALID = -EINVAL,
} SecurityAssessor;

/* One row of the check table (static data). */
typedef struct SecurityCheck {
        const char *id;         /* display name: "PrivateNetwork=", "CapabilityBoundingSet=~CAP_SYS_ADMIN" */
        const char *json_field; /* "PrivateNetwork" */
        const char *description_good; /* badness 0 */
        const char *description_bad;  /* badness == range */
        const char *description_na;   /* N/A */
        uint64_t weight, range;
        SecurityAssessor assessor;
        size_t offset;      /* SECURITY_ASSESS_BOOL: offset of the bool in the internal view */
        uint64_t parameter; /* capability mask, CLONE_NEW* flag, syscall group name (as a pointer) */
        bool invert;        /* SECURITY_ASSESS_BOOL: true = "on" is bad (Delegate=) */
        bool default_dependencies_only; /* N/A when DefaultDependencies=no */
        const char *fix;    /* the unit line that makes the check pass (--explain), in the usual case */
} SecurityCheck;

extern const SecurityCheck security_checks[SECURITY_CHECKS_COUNT];
const SecurityCheck *security_check_find(const char *id_or_json_field);

typedef struct SecurityResult {
        const SecurityCheck *check; /* borrowed from security_checks[] */
        uint64_t badness;           /* 0..range, or SECURITY_BADNESS_NA */
        char *description;          /* owned: the text shown for this badness */
        char *fix;                  /* owned: unit line(s), '\n'-separated, that make it pass when appended */
        unsigned exposure;          /* this row's share in tenths (EXPOSURE column); 0: passing or N/A */
} SecurityResult;

typedef struct SecurityReport {
        char *unit_name;          /* owned copy of SandboxPlan.unit_name */
        SecurityResult *results;  /* SECURITY_CHECKS_COUNT entries, in table (evaluation) order */
        size_t n_results;
        uint64_t badness_sum, weight_sum;
        unsigned exposure;        /* 0..100: the overall exposure in tenths */
} SecurityReport;

/* Scores the plan. The plan is read with systemd's implied settings applied first (PrivateDevices= →
 * DevicePolicy=closed and no CAP_MKNOD/CAP_SYS_RAWIO, ProtectClock= → char-rtc, DynamicUser= → …), so the
 * result is the same whether or not plan_build() already applied them. Returns 0 (allocation failure
 * aborts). */
int plan_security_assess(const SandboxPlan *p, SecurityReport **ret);
SecurityReport *security_report_free(SecurityReport *r);
DEFINE_TRIVIAL_CLEANUP_FUNC(SecurityReport *, security_report_free);

/* Points a check contributes to badness_sum (ceil(b × w / r)); 0 when passing or N/A. */
uint64_t security_result_points(const SecurityResult *r);
/* The overall exposure (tenths) if result `i` passed and nothing else changed. */
unsigned security_report_exposure_without(const SecurityReport *r, size_t i);
/* Indexes of the up to `n` results that cost the most points (ties: table order); returns the count. */
size_t security_report_worst(const SecurityReport *r, size_t n, size_t *ret_indexes);

/* systemd's rating of an exposure (tenths): DANGEROUS ≥100, UNSAFE ≥90, EXPOSED ≥75, MEDIUM ≥50, OK ≥10,
 * SAFE ≥1, PERFECT 0. */
const char *security_rating_to_string(unsigned exposure);
const char *security_rating_glyph(unsigned exposure, bool utf8); /* "🙂" or ":-)" */
const char *security_rating_color(unsigned exposure);            /* ANSI sequence, NULL = none */
