/* SPDX-License-Identifier: MIT */
/* plan_build(): Unit + directive table → SandboxPlan. Walks the assignments in file order (main file,
 * drop-ins, then -p overrides), hands each to its row's parser, collects every diagnostic, and at the end
 * applies systemd's implied settings (unit_patch_contexts(), spec §2 general notes). Pure. */

#include <assert.h>
#include <linux/capability.h>
#include <stdint.h>

#include "directive.h"
#include "names.h"
#include "plan-build.h"
#include "strv.h"
#include "values.h"

typedef struct Origin {
        const char *file; /* borrowed from the Unit */
        unsigned line;
        bool set;
} Origin;

static unsigned section_mask(const char *section) {
        if (streq(section, "Unit"))
                return SECTION_UNIT;
        if (streq(section, "Sandbox") || streq(section, "Service"))
                return SECTION_SANDBOX;
        if (streq(section, "Scope"))
                return SECTION_SCOPE;
        if (streq(section, "Install"))
                return SECTION_INSTALL;
        return 0;
}

static char *sections_to_string(unsigned mask) {
        char *s = NULL;

        if (mask & SECTION_UNIT)
                s = xstrdup("[Unit]");
        if (mask & SECTION_SANDBOX) {
                char *x = xasprintf("%s%s[Service] (or [Sandbox])", s ?: "", s ? " or " : "");
                free(s);
                s = x;
        }
        if (mask & SECTION_SCOPE) {
                char *x = xasprintf("%s%s[Scope]", s ?: "", s ? " or " : "");
                free(s);
                s = x;
        }
        if (mask & SECTION_INSTALL) {
                char *x = xasprintf("%s%s[Install]", s ?: "", s ? " or " : "");
                free(s);
                s = x;
        }
        return s ?: xstrdup("(none)");
}

/* The loader normalizes [Service] to [Sandbox]; name both, since the user may have written either. */
static const char *section_display(const char *section) {
        return streq(section, "Sandbox") ? "Service]/[Sandbox" : section;
}

static const char *ignored_reason(const Directive *d) {
        switch (d->ltype) {
        case IGNORED_OOMD:
                return "systemd-oomd does not monitor sandboxctl commands";
        case IGNORED_UNSUPPORTED:
                return "sandboxctl does not implement it";
        default:
                return "sandboxctl runs a command, not a service";
        }
}

/* An empty assignment resets every row that writes the same field (BindPaths=/BindReadOnlyPaths=,
 * MemoryMax=/MemoryLimit=). CapabilityBoundingSet= is the exception: empty means "drop everything". */
static void origin_update(Origin *origins, const Directive *d, const char *value, const char *file, unsigned line) {
        size_t idx = (size_t) (d - directive_table);

        if (isempty(value) && !(d->parse == config_parse_capability_set && d->ltype == CAPABILITY_BOUNDING)) {
                for (size_t i = 0; i < directive_table_size; i++)
                        if (directive_table[i].where != WHERE_IGNORED && directive_table[i].parse &&
                            directive_table[i].offset == d->offset)
                                origins[i].set = false;
                return;
        }
        origins[idx] = (Origin) { .file = file, .line = line, .set = true };
}

static void drop_capability(ExecPart *e, int cap) {
        uint64_t bit = UINT64_C(1) << cap;

        if (e->capability_bounding_set & bit) {
                e->capability_bounding_set &= ~bit;
                /* The exec side applies the bounding set only when it is "set". */
                e->capability_bounding_set_set = true;
        }
}

/* systemd's unit_patch_contexts() and context_has_no_new_privileges(). */
static void plan_apply_implied(SandboxPlan *p) {
        ExecPart *e = &p->exec;
        CGroupPart *c = &p->cgroup;

        if (e->private_devices) {
                drop_capability(e, CAP_MKNOD);
                drop_capability(e, CAP_SYS_RAWIO);
                if (c->device_policy == DEVICE_POLICY_AUTO)
                        c->device_policy = DEVICE_POLICY_CLOSED;
        }
        if (e->protect_kernel_modules)
                drop_capability(e, CAP_SYS_MODULE);
        if (e->protect_kernel_logs)
                drop_capability(e, CAP_SYSLOG);
        if (e->protect_clock) {
                drop_capability(e, CAP_SYS_TIME);
                drop_capability(e, CAP_WAKE_ALARM);
                /* Only where a device policy is in force: with "auto" and no entries there is no device
                 * filter at all, and adding an entry would create one. */
                if (c->device_policy != DEVICE_POLICY_AUTO || c->device_allow.n > 0)
                        device_rule_list_add(&c->device_allow, "char-rtc", DEVICE_ACCESS_READ);
        }

        /* As systemd's exec_context_*_set(): a filter that ends up empty restricts nothing. */
        e->no_new_privileges_implied =
                (e->system_call_filter.set && (e->system_call_filter.allow_list || e->system_call_filter.n > 0)) ||
                e->system_call_architectures ||
                (e->system_call_log.set && (e->system_call_log.allow_list || e->system_call_log.n > 0)) ||
                (e->restrict_address_families_set &&
                 (e->restrict_address_families_allow_list || e->restrict_address_families != 0)) ||
                (e->restrict_namespaces_set && e->restrict_namespaces_allowed != NAMESPACE_FLAGS_ALL) ||
                e->restrict_realtime || e->restrict_suid_sgid ||
                e->lock_personality || e->memory_deny_write_execute ||
                e->private_devices || e->protect_clock || e->protect_hostname ||
                e->protect_kernel_tunables || e->protect_kernel_modules || e->protect_kernel_logs;
}

int plan_build(const Unit *u, const PlanBuildOptions *o, DiagList *diags, SandboxPlan **ret) {
        _cleanup_(sandbox_plan_freep) SandboxPlan *plan = NULL;
        _cleanup_free_ Origin *origins = NULL;
        size_t errors_before;
        bool strict = o && o->strict;

        assert(u);
        assert(diags);
        assert(ret);

        errors_before = diag_list_errors(diags);
        plan = sandbox_plan_new();
        plan->unit_name = xstrdup(u->name ?: "");
        plan->unit_path = xstrdup(u->path ?: "");
        origins = xcalloc(directive_table_size, sizeof(Origin));

        for (size_t i = 0; i < u->n_assignments; i++) {
                const UnitAssignment *a = &u->assignments[i];
                const char *value = a->value ?: "";
                _cleanup_free_ char *expanded = NULL;
                const Directive *d;
                DirectiveContext ctx;
                unsigned mask;
                int r;

                mask = section_mask(a->section);
                if (mask == 0)
                        continue; /* the loader already warned about the section */

                d = directive_lookup(a->key);
                if (!d && strneq(a->key, "X-", 2))
                        continue; /* as systemd: vendor extension keys are ignored silently */
                if (!d) {
                        d = directive_lookup_alias(a->key);
                        if (d)
                                diag_add(diags, true, a->file, a->line, a->key,
                                         "%s= is a deprecated spelling of %s=, treating it as such", a->key, d->name);
                }
                if (!d) {
                        const char *s = directive_suggest(a->key);

                        diag_add(diags, !strict, a->file, a->line, a->key,
                                 "Unknown key '%s' in section [%s]%s%s%s%s", a->key, section_display(a->section),
                                 strict ? "" : ", ignoring", s ? "; did you mean '" : "", s ?: "", s ? "='?" : "");
                        continue;
                }

                /* -p KEY=VALUE lands in [Sandbox]; like systemd-run -p, any section's key is fine there. */
                if (a->file && streq(a->file, "<command line>"))
                        mask = d->sections;

                if (!(d->sections & mask)) {
                        _cleanup_free_ char *where = sections_to_string(d->sections);

                        diag_add(diags, d->where == WHERE_IGNORED, a->file, a->line, d->name,
                                 "%s= belongs in section %s, not [%s]%s", d->name, where, section_display(a->section),
                                 d->where == WHERE_IGNORED ? ", ignoring" : "; move the line there");
                        continue;
                }

                if (d->where == WHERE_IGNORED && d->ltype == IGNORED_REFUSED) {
                        diag_add(diags, false, a->file, a->line, d->name,
                                 "%s= is not supported by sandboxctl; refusing the unit, since ignoring it would "
                                 "run the command less confined than the unit asks", d->name);
                        continue;
                }
                if (d->where == WHERE_IGNORED) {
                        bool error = strict && d->ltype == IGNORED_UNSUPPORTED;

                        diag_add(diags, !error, a->file, a->line, d->name, "%s= is %s: %s", d->name,
                                 error ? "not supported" : "ignored", ignored_reason(d));
                        continue;
                }

                ctx = (DirectiveContext) {
                        .unit = u,
                        .directive = d,
                        .file = a->file,
                        .line = a->line,
                        .diags = diags,
                        .plan = plan,
                };

                if (!d->no_specifiers && !isempty(value)) {
                        r = directive_expand(&ctx, value, &expanded);
                        if (r < 0)
                                continue;
                        value = expanded;
                }

                r = d->parse(&ctx, value, (uint8_t *) plan + d->offset);
                if (r < 0) {
                        if (ctx.n_errors == 0)
                                (void) directive_error(&ctx, "invalid value '%s': %s", value, strerror(-r));
                        continue;
                }
                if (ctx.n_errors > 0)
                        continue;

                origin_update(origins, d, value, a->file, a->line);
        }

        plan_apply_implied(plan);

        for (size_t i = 0; i < directive_table_size; i++) {
                if (!origins[i].set)
                        continue;
                plan->set = xrealloc(plan->set, sizeof(DirectiveOrigin) * (plan->n_set + 1));
                plan->set[plan->n_set++] = (DirectiveOrigin) {
                        .name = directive_table[i].name,
                        .file = xstrdup(origins[i].file ?: "<unknown>"),
                        .line = origins[i].line,
                };
        }

        if (diag_list_errors(diags) > errors_before)
                return -EINVAL;

        *ret = TAKE_PTR(plan);
        return 0;
}
