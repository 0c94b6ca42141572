/* SPDX-License-Identifier: MIT */
/* SandboxPlan lifetime and small queries. */

#include "names.h"
#include "plan.h"
#include "strv.h"

SandboxPlan *sandbox_plan_new(void) {
        SandboxPlan *p = xcalloc(1, sizeof(SandboxPlan));
        CGroupPart *c = &p->cgroup;
        ExecPart *e = &p->exec;

        p->default_dependencies = true;

        c->cpu_weight = c->startup_cpu_weight = CPU_WEIGHT_UNSET;
        c->cpu_quota_per_sec_usec = CGROUP_LIMIT_MAX;
        c->cpu_quota_period_usec = CGROUP_LIMIT_MAX;
        c->memory_high = c->memory_max = c->memory_swap_max = (CGroupLimit) { .value = CGROUP_LIMIT_MAX };
        c->memory_min = c->memory_low = (CGroupLimit) { .value = 0 };
        c->tasks_max = (CGroupLimit) { .value = CGROUP_LIMIT_MAX };
        c->device_policy = DEVICE_POLICY_AUTO;
        c->oom_policy = OOM_POLICY_STOP;

        e->protect_control_groups = PROTECT_CONTROL_GROUPS_NO;
        e->protect_system = PROTECT_SYSTEM_NO;
        e->protect_home = PROTECT_HOME_NO;
        e->protect_proc = PROTECT_PROC_DEFAULT;
        e->proc_subset = PROC_SUBSET_ALL;
        e->capability_bounding_set = UINT64_MAX; /* systemd's CAP_MASK_ALL: not modified */
        e->system_call_error_number = SECCOMP_ERRNO_KILL;
        e->restrict_namespaces_allowed = NAMESPACE_FLAGS_ALL;
        e->umask = 0022;
        e->keyring_mode = KEYRING_MODE_PRIVATE; /* systemd's default for system services */
        e->personality = -1;
        return p;
}

static void path_list_free(PathSpecList *l) {
        for (size_t i = 0; i < l->n; i++)
                free(l->items[i].path);
        free(l->items);
}

static void io_list_free(IODeviceValueList *l) {
        for (size_t i = 0; i < l->n; i++)
                free(l->items[i].path);
        free(l->items);
}

static void syscall_set_free(SyscallSet *s) {
        for (size_t i = 0; i < s->n; i++)
                free(s->items[i].name);
        free(s->items);
}

SandboxPlan *sandbox_plan_free(SandboxPlan *p) {
        if (!p)
                return NULL;

        free(p->unit_name);
        free(p->unit_path);
        free(p->description);
        strv_free(p->documentation);

        io_list_free(&p->cgroup.io_device_weight);
        io_list_free(&p->cgroup.io_read_bandwidth_max);
        io_list_free(&p->cgroup.io_write_bandwidth_max);
        io_list_free(&p->cgroup.io_read_iops_max);
        io_list_free(&p->cgroup.io_write_iops_max);
        io_list_free(&p->cgroup.io_device_latency_target_usec);
        for (size_t i = 0; i < p->cgroup.device_allow.n; i++)
                free(p->cgroup.device_allow.items[i].path);
        free(p->cgroup.device_allow.items);
        strv_free(p->cgroup.ip_address_allow);
        strv_free(p->cgroup.ip_address_deny);

        free(p->exec.root_directory);
        free(p->exec.root_image);
        path_list_free(&p->exec.read_write_paths);
        path_list_free(&p->exec.read_only_paths);
        path_list_free(&p->exec.inaccessible_paths);
        path_list_free(&p->exec.exec_paths);
        path_list_free(&p->exec.no_exec_paths);
        path_list_free(&p->exec.environment_files);
        for (size_t i = 0; i < p->exec.temporary_file_system.n; i++) {
                free(p->exec.temporary_file_system.items[i].path);
                free(p->exec.temporary_file_system.items[i].options);
        }
        free(p->exec.temporary_file_system.items);
        for (size_t i = 0; i < p->exec.bind_paths.n; i++) {
                free(p->exec.bind_paths.items[i].source);
                free(p->exec.bind_paths.items[i].destination);
        }
        free(p->exec.bind_paths.items);
        syscall_set_free(&p->exec.system_call_filter);
        syscall_set_free(&p->exec.system_call_log);
        strv_free(p->exec.system_call_architectures);
        free(p->exec.user);
        free(p->exec.group);
        strv_free(p->exec.supplementary_groups);
        strv_free(p->exec.environment);
        strv_free(p->exec.unset_environment);
        strv_free(p->exec.pass_environment);
        free(p->exec.working_directory);
        free(p->exec.apparmor_profile);
        free(p->exec.selinux_context);

        for (size_t i = 0; i < p->n_exec_start; i++) {
                free(p->exec_start[i].path);
                strv_free(p->exec_start[i].argv);
                free(p->exec_start[i].file);
        }
        free(p->exec_start);

        for (size_t i = 0; i < p->n_set; i++)
                free(p->set[i].file);
        free(p->set);

        free(p);
        return NULL;
}

bool sandbox_plan_has(const SandboxPlan *p, const char *name, const DirectiveOrigin **ret_origin) {
        for (size_t i = 0; i < p->n_set; i++)
                if (streq(p->set[i].name, name)) {
                        if (ret_origin)
                                *ret_origin = &p->set[i];
                        return true;
                }
        if (ret_origin)
                *ret_origin = NULL;
        return false;
}

bool exec_part_is_empty(const ExecPart *e) {
        bool rlimits = false;

        for (size_t i = 0; i < SANDBOX_RLIMIT_MAX; i++)
                rlimits = rlimits || e->rlimits[i].set;

        return !rlimits &&
                !e->private_tmp && !e->private_network && !e->private_users && !e->private_ipc &&
                !e->private_mounts && !e->private_devices && !e->private_pids &&
                !e->protect_hostname && !e->protect_clock && !e->protect_kernel_tunables &&
                !e->protect_kernel_modules && !e->protect_kernel_logs &&
                e->protect_control_groups == PROTECT_CONTROL_GROUPS_NO &&
                e->protect_system == PROTECT_SYSTEM_NO && e->protect_home == PROTECT_HOME_NO &&
                e->protect_proc == PROTECT_PROC_DEFAULT && e->proc_subset == PROC_SUBSET_ALL &&
                !e->root_directory && !e->root_image && !e->mount_api_vfs_set &&
                e->read_write_paths.n == 0 && e->read_only_paths.n == 0 && e->inaccessible_paths.n == 0 &&
                e->exec_paths.n == 0 && e->no_exec_paths.n == 0 && e->temporary_file_system.n == 0 &&
                e->bind_paths.n == 0 &&
                !e->capability_bounding_set_set && e->ambient_capabilities == 0 &&
                !e->no_new_privileges && !e->no_new_privileges_implied &&
                !e->system_call_filter.set && e->system_call_error_number == SECCOMP_ERRNO_KILL &&
                !e->system_call_architectures && !e->system_call_log.set &&
                !e->restrict_address_families_set && !e->restrict_namespaces_set &&
                !e->lock_personality && !e->memory_deny_write_execute && !e->restrict_realtime &&
                !e->restrict_suid_sgid &&
                !e->user && !e->group && !e->supplementary_groups && !e->dynamic_user && !e->umask_set &&
                !e->environment && e->environment_files.n == 0 && !e->unset_environment &&
                !e->pass_environment && !e->working_directory &&
                e->keyring_mode == KEYRING_MODE_PRIVATE && !e->remove_ipc && e->personality < 0 &&
                !e->apparmor_profile && !e->selinux_context;
}

static bool cpu_set_is_empty(const CpuSetSpec *s) {
        return !s->set;
}

bool cgroup_part_is_empty(const CGroupPart *c) {
        return !c->cpu_accounting && !c->memory_accounting && !c->io_accounting && !c->tasks_accounting &&
                c->cpu_weight == CPU_WEIGHT_UNSET && c->startup_cpu_weight == CPU_WEIGHT_UNSET &&
                c->cpu_quota_per_sec_usec == CGROUP_LIMIT_MAX && c->cpu_quota_period_usec == CGROUP_LIMIT_MAX &&
                cpu_set_is_empty(&c->allowed_cpus) && cpu_set_is_empty(&c->allowed_memory_nodes) &&
                !c->memory_min.set && !c->memory_low.set && !c->memory_high.set && !c->memory_max.set &&
                !c->memory_swap_max.set && !c->tasks_max.set &&
                c->io_weight == 0 && c->startup_io_weight == 0 &&
                c->io_device_weight.n == 0 && c->io_read_bandwidth_max.n == 0 &&
                c->io_write_bandwidth_max.n == 0 && c->io_read_iops_max.n == 0 &&
                c->io_write_iops_max.n == 0 && c->io_device_latency_target_usec.n == 0 &&
                c->device_policy == DEVICE_POLICY_AUTO && c->device_allow.n == 0 &&
                !c->delegate && !c->ip_address_allow && !c->ip_address_deny && !c->oom_policy_set;
}
