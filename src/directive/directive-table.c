/* SPDX-License-Identifier: MIT */
/* The directive table: the only list of directive names in the code (spec shared/spec/directives.md §2).
 * One row per directive, name first. `enforced` is false on every row that `start` cannot apply yet:
 * whoever implements a directive's enforcement flips its row to true together with the test that proves
 * it. Rows of [Unit] metadata, ExecStart= and ignored service-only keys are "enforced" (nothing to do). */

#include <ctype.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/resource.h>

#include "directive.h"
#include "values.h"

#define EX(f) offsetof(SandboxPlan, exec.f)
#define CG(f) offsetof(SandboxPlan, cgroup.f)
#define PL(f) offsetof(SandboxPlan, f)
#define RL(r) offsetof(SandboxPlan, exec.rlimits[r])

#define UNIT SECTION_UNIT
#define SB SECTION_SANDBOX
#define SBS (SECTION_SANDBOX | SECTION_SCOPE) /* cgroup and kill settings: [Service]/[Sandbox] and [Scope] */
#define INST SECTION_INSTALL

/* Specifiers are expanded by the parser itself (per word), or not at all (values containing '%'). */
#define NOSPEC .no_specifiers = true

/* Service-only and dependency keys: accepted, warned about as ignored. */
#define IGNORED(name, sections) { name, sections, NULL, 0, IGNORED_SERVICE, WHERE_IGNORED, true }
/* systemd settings sandboxctl does not implement: a warning (UNSUPPORTED) or, for protections and limits,
 * an error (REFUSED). */
#define UNSUPPORTED(name, sections) { name, sections, NULL, 0, IGNORED_UNSUPPORTED, WHERE_IGNORED, true }
#define REFUSED(name, sections) { name, sections, NULL, 0, IGNORED_REFUSED, WHERE_IGNORED, true }

const Directive directive_table[] = {
        /* [Unit] */
        { "Description",                UNIT, config_parse_string,      PL(description), 0, WHERE_UNIT, true },
        { "Documentation",              UNIT, config_parse_strv,        PL(documentation), 0, WHERE_UNIT, true },
        { "DefaultDependencies",        UNIT, config_parse_bool,        PL(default_dependencies), 1, WHERE_UNIT, true },

        /* ExecStart= */
        { "ExecStart",                  SB, config_parse_exec,          PL(exec_start), 0, WHERE_COMMAND, true, NOSPEC },

        /* §2.2–2.3 namespaces and mounts */
        { "PrivateTmp",                 SB, config_parse_bool,          EX(private_tmp), 0, WHERE_EXEC, true },
        { "PrivateNetwork",             SB, config_parse_bool,          EX(private_network), 0, WHERE_EXEC, true },
        { "PrivateUsers",               SB, config_parse_bool,          EX(private_users), 0, WHERE_EXEC, true },
        { "PrivateIPC",                 SB, config_parse_bool,          EX(private_ipc), 0, WHERE_EXEC, true },
        { "PrivateMounts",              SB, config_parse_bool,          EX(private_mounts), 0, WHERE_EXEC, true },
        { "PrivateDevices",             SB, config_parse_bool,          EX(private_devices), 0, WHERE_EXEC, true },
        { "PrivatePIDs",                SB, config_parse_bool,          EX(private_pids), 0, WHERE_EXEC, true },
        { "ProtectHostname",            SB, config_parse_bool,          EX(protect_hostname), 0, WHERE_EXEC, true },
        { "ProtectClock",               SB, config_parse_bool,          EX(protect_clock), 0, WHERE_EXEC, true },
        { "ProtectKernelTunables",      SB, config_parse_bool,          EX(protect_kernel_tunables), 0, WHERE_EXEC, true },
        { "ProtectKernelModules",       SB, config_parse_bool,          EX(protect_kernel_modules), 0, WHERE_EXEC, true },
        { "ProtectKernelLogs",          SB, config_parse_bool,          EX(protect_kernel_logs), 0, WHERE_EXEC, true },
        { "ProtectControlGroups",       SB, config_parse_protect_control_groups, EX(protect_control_groups), 0, WHERE_EXEC, true },
        { "ProtectSystem",              SB, config_parse_protect_system, EX(protect_system), 0, WHERE_EXEC, true },
        { "ProtectHome",                SB, config_parse_protect_home,  EX(protect_home), 0, WHERE_EXEC, true },
        { "ProtectProc",                SB, config_parse_enum,          EX(protect_proc), ENUM_PROTECT_PROC, WHERE_EXEC, true },
        { "ProcSubset",                 SB, config_parse_enum,          EX(proc_subset), ENUM_PROC_SUBSET, WHERE_EXEC, true },
        { "RootDirectory",              SB, config_parse_path,          EX(root_directory), 0, WHERE_EXEC, true },
        { "RootImage",                  SB, config_parse_path,          EX(root_image), 0, WHERE_EXEC },
        { "MountAPIVFS",                SB, config_parse_bool_with_set, EX(mount_api_vfs), 0, WHERE_EXEC, true },
        { "ReadWritePaths",             SB, config_parse_path_list,     EX(read_write_paths), 0, WHERE_EXEC, true, NOSPEC },
        { "ReadOnlyPaths",              SB, config_parse_path_list,     EX(read_only_paths), 0, WHERE_EXEC, true, NOSPEC },
        { "InaccessiblePaths",          SB, config_parse_path_list,     EX(inaccessible_paths), 0, WHERE_EXEC, true, NOSPEC },
        { "ExecPaths",                  SB, config_parse_path_list,     EX(exec_paths), 0, WHERE_EXEC, true, NOSPEC },
        { "NoExecPaths",                SB, config_parse_path_list,     EX(no_exec_paths), 0, WHERE_EXEC, true, NOSPEC },
        { "TemporaryFileSystem",        SB, config_parse_temporary_filesystem, EX(temporary_file_system), 0, WHERE_EXEC, true, NOSPEC },
        { "BindPaths",                  SB, config_parse_bind_paths,    EX(bind_paths), false, WHERE_EXEC, true, NOSPEC },
        { "BindReadOnlyPaths",          SB, config_parse_bind_paths,    EX(bind_paths), true, WHERE_EXEC, true, NOSPEC },
        { "WorkingDirectory",           SB, config_parse_working_directory, EX(working_directory), 0, WHERE_EXEC, true },

        /* §2.4 identity, capabilities, environment */
        { "User",                       SB, config_parse_user_group,    EX(user), 0, WHERE_EXEC, true },
        { "Group",                      SB, config_parse_user_group,    EX(group), 0, WHERE_EXEC, true },
        { "SupplementaryGroups",        SB, config_parse_user_group_strv, EX(supplementary_groups), 0, WHERE_EXEC, true },
        { "DynamicUser",                SB, config_parse_bool,          EX(dynamic_user), 0, WHERE_EXEC },
        { "UMask",                      SB, config_parse_umask,         EX(umask), 0, WHERE_EXEC, true },
        { "CapabilityBoundingSet",      SB, config_parse_capability_set, EX(capability_bounding_set), CAPABILITY_BOUNDING, WHERE_EXEC, true },
        { "AmbientCapabilities",        SB, config_parse_capability_set, EX(ambient_capabilities), CAPABILITY_AMBIENT, WHERE_EXEC, true },
        { "NoNewPrivileges",            SB, config_parse_bool,          EX(no_new_privileges), 0, WHERE_EXEC, true },
        { "Environment",                SB, config_parse_environ,       EX(environment), 0, WHERE_EXEC, true, NOSPEC },
        { "EnvironmentFile",            SB, config_parse_environment_file, EX(environment_files), 0, WHERE_EXEC, true },
        { "UnsetEnvironment",           SB, config_parse_unset_environ, EX(unset_environment), UNSET_ENVIRONMENT, WHERE_EXEC, true, NOSPEC },
        { "PassEnvironment",            SB, config_parse_unset_environ, EX(pass_environment), PASS_ENVIRONMENT, WHERE_EXEC, true, NOSPEC },
        { "KeyringMode",                SB, config_parse_enum,          EX(keyring_mode), ENUM_KEYRING_MODE, WHERE_EXEC },
        { "RemoveIPC",                  SB, config_parse_bool,          EX(remove_ipc), 0, WHERE_EXEC },
        { "Personality",                SB, config_parse_personality,   EX(personality), 0, WHERE_EXEC },
        { "AppArmorProfile",            SB, config_parse_prefixed_string, EX(apparmor_profile), 0, WHERE_EXEC, true },
        { "SELinuxContext",             SB, config_parse_prefixed_string, EX(selinux_context), 1, WHERE_EXEC, true },

        /* §2.2, §2.5 seccomp-based */
        { "SystemCallFilter",           SB, config_parse_syscall_filter, EX(system_call_filter), 0, WHERE_EXEC, true },
        { "SystemCallErrorNumber",      SB, config_parse_syscall_errno, EX(system_call_error_number), 0, WHERE_EXEC, true },
        { "SystemCallArchitectures",    SB, config_parse_syscall_archs, EX(system_call_architectures), 0, WHERE_EXEC, true },
        { "SystemCallLog",              SB, config_parse_syscall_log,   EX(system_call_log), 0, WHERE_EXEC, true },
        { "RestrictAddressFamilies",    SB, config_parse_address_families, EX(restrict_address_families), 0, WHERE_EXEC, true },
        { "RestrictNamespaces",         SB, config_parse_restrict_namespaces, EX(restrict_namespaces_allowed), 0, WHERE_EXEC, true },
        { "LockPersonality",            SB, config_parse_bool,          EX(lock_personality), 0, WHERE_EXEC, true },
        { "MemoryDenyWriteExecute",     SB, config_parse_bool,          EX(memory_deny_write_execute), 0, WHERE_EXEC, true },
        { "RestrictRealtime",           SB, config_parse_bool,          EX(restrict_realtime), 0, WHERE_EXEC, true },
        { "RestrictSUIDSGID",           SB, config_parse_bool,          EX(restrict_suid_sgid), 0, WHERE_EXEC, true },

        /* §2.6 resource limits */
        { "LimitCPU",                   SB, config_parse_rlimit,        RL(RLIMIT_CPU), RLIMIT_CPU, WHERE_EXEC, true },
        { "LimitFSIZE",                 SB, config_parse_rlimit,        RL(RLIMIT_FSIZE), RLIMIT_FSIZE, WHERE_EXEC, true },
        { "LimitDATA",                  SB, config_parse_rlimit,        RL(RLIMIT_DATA), RLIMIT_DATA, WHERE_EXEC, true },
        { "LimitSTACK",                 SB, config_parse_rlimit,        RL(RLIMIT_STACK), RLIMIT_STACK, WHERE_EXEC, true },
        { "LimitCORE",                  SB, config_parse_rlimit,        RL(RLIMIT_CORE), RLIMIT_CORE, WHERE_EXEC, true },
        { "LimitRSS",                   SB, config_parse_rlimit,        RL(RLIMIT_RSS), RLIMIT_RSS, WHERE_EXEC, true },
        { "LimitNOFILE",                SB, config_parse_rlimit,        RL(RLIMIT_NOFILE), RLIMIT_NOFILE, WHERE_EXEC, true },
        { "LimitAS",                    SB, config_parse_rlimit,        RL(RLIMIT_AS), RLIMIT_AS, WHERE_EXEC, true },
        { "LimitNPROC",                 SB, config_parse_rlimit,        RL(RLIMIT_NPROC), RLIMIT_NPROC, WHERE_EXEC, true },
        { "LimitMEMLOCK",               SB, config_parse_rlimit,        RL(RLIMIT_MEMLOCK), RLIMIT_MEMLOCK, WHERE_EXEC, true },
        { "LimitLOCKS",                 SB, config_parse_rlimit,        RL(RLIMIT_LOCKS), RLIMIT_LOCKS, WHERE_EXEC, true },
        { "LimitSIGPENDING",            SB, config_parse_rlimit,        RL(RLIMIT_SIGPENDING), RLIMIT_SIGPENDING, WHERE_EXEC, true },
        { "LimitMSGQUEUE",              SB, config_parse_rlimit,        RL(RLIMIT_MSGQUEUE), RLIMIT_MSGQUEUE, WHERE_EXEC, true },
        { "LimitNICE",                  SB, config_parse_rlimit,        RL(RLIMIT_NICE), RLIMIT_NICE, WHERE_EXEC, true },
        { "LimitRTPRIO",                SB, config_parse_rlimit,        RL(RLIMIT_RTPRIO), RLIMIT_RTPRIO, WHERE_EXEC, true },
        { "LimitRTTIME",                SB, config_parse_rlimit,        RL(RLIMIT_RTTIME), RLIMIT_RTTIME, WHERE_EXEC, true },

        /* §2.7 cgroup resource control */
        { "CPUAccounting",              SBS, config_parse_bool,         CG(cpu_accounting), 0, WHERE_CGROUP, .enforced = true },
        { "MemoryAccounting",           SBS, config_parse_bool,         CG(memory_accounting), 0, WHERE_CGROUP, .enforced = true },
        { "IOAccounting",               SBS, config_parse_bool,         CG(io_accounting), 0, WHERE_CGROUP, .enforced = true },
        { "TasksAccounting",            SBS, config_parse_bool,         CG(tasks_accounting), 0, WHERE_CGROUP, .enforced = true },
        { "CPUWeight",                  SBS, config_parse_cpu_weight,   CG(cpu_weight), 0, WHERE_CGROUP, .enforced = true },
        { "StartupCPUWeight",           SBS, config_parse_cpu_weight,   CG(startup_cpu_weight), 0, WHERE_CGROUP, .enforced = true },
        { "CPUQuota",                   SBS, config_parse_cpu_quota,    CG(cpu_quota_per_sec_usec), 0, WHERE_CGROUP, NOSPEC, .enforced = true },
        { "CPUQuotaPeriodSec",          SBS, config_parse_sec_def_unset, CG(cpu_quota_period_usec), 0, WHERE_CGROUP, .enforced = true },
        { "AllowedCPUs",                SBS, config_parse_cpu_set,      CG(allowed_cpus), 0, WHERE_CGROUP, .enforced = true },
        { "AllowedMemoryNodes",         SBS, config_parse_cpu_set,      CG(allowed_memory_nodes), 0, WHERE_CGROUP, .enforced = true },
        { "MemoryMin",                  SBS, config_parse_memory_limit, CG(memory_min), MEMORY_LIMIT_MIN_LIKE, WHERE_CGROUP, NOSPEC, .enforced = true },
        { "MemoryLow",                  SBS, config_parse_memory_limit, CG(memory_low), MEMORY_LIMIT_MIN_LIKE, WHERE_CGROUP, NOSPEC, .enforced = true },
        { "MemoryHigh",                 SBS, config_parse_memory_limit, CG(memory_high), MEMORY_LIMIT_MAX_LIKE, WHERE_CGROUP, NOSPEC, .enforced = true },
        { "MemoryMax",                  SBS, config_parse_memory_limit, CG(memory_max), MEMORY_LIMIT_MAX_LIKE, WHERE_CGROUP, NOSPEC, .enforced = true },
        { "MemoryLimit",                SBS, config_parse_memory_limit, CG(memory_max), MEMORY_LIMIT_MAX_LIKE, WHERE_CGROUP, NOSPEC, .enforced = true }, /* cgroup v1 spelling of MemoryMax= */
        { "MemorySwapMax",              SBS, config_parse_memory_limit, CG(memory_swap_max), MEMORY_LIMIT_SWAP, WHERE_CGROUP, NOSPEC, .enforced = true },
        { "TasksMax",                   SBS, config_parse_tasks_max,    CG(tasks_max), 0, WHERE_CGROUP, NOSPEC, .enforced = true },
        { "IOWeight",                   SBS, config_parse_io_weight,    CG(io_weight), 0, WHERE_CGROUP, .enforced = true },
        { "StartupIOWeight",            SBS, config_parse_io_weight,    CG(startup_io_weight), 0, WHERE_CGROUP, .enforced = true },
        { "IODeviceWeight",             SBS, config_parse_io_device,    CG(io_device_weight), IO_DEVICE_WEIGHT, WHERE_CGROUP },
        { "IOReadBandwidthMax",         SBS, config_parse_io_device,    CG(io_read_bandwidth_max), IO_DEVICE_BANDWIDTH, WHERE_CGROUP, .enforced = true },
        { "IOWriteBandwidthMax",        SBS, config_parse_io_device,    CG(io_write_bandwidth_max), IO_DEVICE_BANDWIDTH, WHERE_CGROUP, .enforced = true },
        { "IOReadIOPSMax",              SBS, config_parse_io_device,    CG(io_read_iops_max), IO_DEVICE_IOPS, WHERE_CGROUP, .enforced = true },
        { "IOWriteIOPSMax",             SBS, config_parse_io_device,    CG(io_write_iops_max), IO_DEVICE_IOPS, WHERE_CGROUP, .enforced = true },
        { "IODeviceLatencyTargetSec",   SBS, config_parse_io_device,    CG(io_device_latency_target_usec), IO_DEVICE_LATENCY, WHERE_CGROUP },
        { "DevicePolicy",               SBS, config_parse_enum,         CG(device_policy), ENUM_DEVICE_POLICY, WHERE_CGROUP, .enforced = true },
        { "DeviceAllow",                SBS, config_parse_device_allow, CG(device_allow), 0, WHERE_CGROUP, .enforced = true },
        { "Delegate",                   SBS, config_parse_delegate,     CG(delegate), 0, WHERE_CGROUP },
        { "IPAddressAllow",             SBS, config_parse_ip_address_list, CG(ip_address_allow), 0, WHERE_CGROUP, .enforced = true },
        { "IPAddressDeny",              SBS, config_parse_ip_address_list, CG(ip_address_deny), 0, WHERE_CGROUP, .enforced = true },
        { "OOMPolicy",                  SBS, config_parse_enum,         CG(oom_policy), ENUM_OOM_POLICY, WHERE_CGROUP, .enforced = true },

        /* systemd-oomd: not applicable */
        { "ManagedOOMSwap",             SBS, NULL, 0, IGNORED_OOMD, WHERE_IGNORED, true },
        { "ManagedOOMMemoryPressure",   SBS, NULL, 0, IGNORED_OOMD, WHERE_IGNORED, true },
        { "ManagedOOMMemoryPressureLimit", SBS, NULL, 0, IGNORED_OOMD, WHERE_IGNORED, true },
        { "ManagedOOMPreference",       SBS, NULL, 0, IGNORED_OOMD, WHERE_IGNORED, true },

        /* systemd protections and limits sandboxctl cannot apply: refused (fail closed) */
        REFUSED("RestrictFileSystems", SB),
        REFUSED("RestrictNetworkInterfaces", SBS),
        REFUSED("SocketBindAllow", SBS),
        REFUSED("SocketBindDeny", SBS),
        REFUSED("IPIngressFilterPath", SBS),
        REFUSED("IPEgressFilterPath", SBS),
        REFUSED("BPFProgram", SBS),
        REFUSED("DisableControllers", SBS),
        REFUSED("SecureBits", SB),
        REFUSED("NetworkNamespacePath", SB),
        REFUSED("IPCNamespacePath", SB),
        REFUSED("MountFlags", SB),
        REFUSED("RootHash", SB),
        REFUSED("RootHashSignature", SB),
        REFUSED("RootVerity", SB),
        REFUSED("RootImageOptions", SB),
        REFUSED("MountImages", SB),
        REFUSED("ExtensionImages", SB),
        REFUSED("ExtensionDirectories", SB),
        REFUSED("CPUShares", SBS),
        REFUSED("StartupCPUShares", SBS),
        REFUSED("BlockIOAccounting", SBS),
        REFUSED("BlockIOWeight", SBS),
        REFUSED("StartupBlockIOWeight", SBS),
        REFUSED("BlockIODeviceWeight", SBS),
        REFUSED("BlockIOReadBandwidth", SBS),
        REFUSED("BlockIOWriteBandwidth", SBS),
        REFUSED("MemoryZSwapMax", SBS),

        /* systemd settings sandboxctl does not implement and that confine nothing: warned about */
        UNSUPPORTED("LoadCredential", SB),
        UNSUPPORTED("LoadCredentialEncrypted", SB),
        UNSUPPORTED("SetCredential", SB),
        UNSUPPORTED("SetCredentialEncrypted", SB),
        UNSUPPORTED("ImportCredential", SB),
        UNSUPPORTED("IgnoreSIGPIPE", SB),
        UNSUPPORTED("RuntimeDirectory", SB),
        UNSUPPORTED("StateDirectory", SB),
        UNSUPPORTED("CacheDirectory", SB),
        UNSUPPORTED("LogsDirectory", SB),
        UNSUPPORTED("ConfigurationDirectory", SB),
        UNSUPPORTED("RuntimeDirectoryMode", SB),
        UNSUPPORTED("StateDirectoryMode", SB),
        UNSUPPORTED("CacheDirectoryMode", SB),
        UNSUPPORTED("LogsDirectoryMode", SB),
        UNSUPPORTED("ConfigurationDirectoryMode", SB),
        UNSUPPORTED("RuntimeDirectoryPreserve", SB),
        UNSUPPORTED("UtmpIdentifier", SB),
        UNSUPPORTED("UtmpMode", SB),
        UNSUPPORTED("OOMScoreAdjust", SB),
        UNSUPPORTED("IOSchedulingClass", SB),
        UNSUPPORTED("IOSchedulingPriority", SB),
        UNSUPPORTED("CPUSchedulingPolicy", SB),
        UNSUPPORTED("CPUSchedulingPriority", SB),
        UNSUPPORTED("CPUSchedulingResetOnFork", SB),
        UNSUPPORTED("CPUAffinity", SB),
        UNSUPPORTED("NUMAPolicy", SB),
        UNSUPPORTED("NUMAMask", SB),
        UNSUPPORTED("Nice", SB),
        UNSUPPORTED("PAMName", SB),
        UNSUPPORTED("Slice", SBS),
        UNSUPPORTED("TimerSlackNSec", SB),
        UNSUPPORTED("CoredumpFilter", SB),
        UNSUPPORTED("LogNamespace", SB),
        UNSUPPORTED("LogFilterPatterns", SB),

        /* Service-only keys of [Service] */
        IGNORED("Type", SB),
        IGNORED("ExitType", SB),
        IGNORED("Restart", SB),
        IGNORED("RestartSec", SB),
        IGNORED("RestartSteps", SB),
        IGNORED("RestartMaxDelaySec", SB),
        IGNORED("RestartPreventExitStatus", SB),
        IGNORED("RestartForceExitStatus", SB),
        IGNORED("SuccessExitStatus", SB),
        IGNORED("ExecCondition", SB),
        IGNORED("ExecStartPre", SB),
        IGNORED("ExecStartPost", SB),
        IGNORED("ExecStop", SB),
        IGNORED("ExecStopPost", SB),
        IGNORED("ExecReload", SB),
        IGNORED("TimeoutSec", SB),
        IGNORED("TimeoutStartSec", SB),
        IGNORED("TimeoutStopSec", SB),
        IGNORED("TimeoutAbortSec", SB),
        IGNORED("TimeoutStartFailureMode", SB),
        IGNORED("TimeoutStopFailureMode", SB),
        IGNORED("RuntimeMaxSec", SB),
        IGNORED("RuntimeRandomizedExtraSec", SB),
        IGNORED("WatchdogSec", SB),
        IGNORED("PIDFile", SB),
        IGNORED("RemainAfterExit", SB),
        IGNORED("GuessMainPID", SB),
        IGNORED("BusName", SB),
        IGNORED("NotifyAccess", SB),
        IGNORED("Sockets", SB),
        IGNORED("FileDescriptorStoreMax", SB),
        IGNORED("USBFunctionDescriptors", SB),
        IGNORED("USBFunctionStrings", SB),
        IGNORED("PermissionsStartOnly", SB),
        IGNORED("RootDirectoryStartOnly", SB),
        IGNORED("KillMode", SBS),
        IGNORED("KillSignal", SBS),
        IGNORED("RestartKillSignal", SBS),
        IGNORED("FinalKillSignal", SBS),
        IGNORED("WatchdogSignal", SBS),
        IGNORED("SendSIGKILL", SBS),
        IGNORED("SendSIGHUP", SBS),
        IGNORED("StandardInput", SB),
        IGNORED("StandardOutput", SB),
        IGNORED("StandardError", SB),
        IGNORED("StandardInputText", SB),
        IGNORED("StandardInputData", SB),
        IGNORED("SyslogIdentifier", SB),
        IGNORED("SyslogFacility", SB),
        IGNORED("SyslogLevel", SB),
        IGNORED("SyslogLevelPrefix", SB),
        IGNORED("LogLevelMax", SB),
        IGNORED("LogExtraFields", SB),
        IGNORED("LogRateLimitIntervalSec", SB),
        IGNORED("LogRateLimitBurst", SB),
        IGNORED("TTYPath", SB),
        IGNORED("TTYReset", SB),
        IGNORED("TTYVHangup", SB),
        IGNORED("TTYVTDisallocate", SB),

        /* [Unit] dependencies, ordering, conditions, job settings */
        IGNORED("After", UNIT),
        IGNORED("Before", UNIT),
        IGNORED("Wants", UNIT),
        IGNORED("Requires", UNIT),
        IGNORED("Requisite", UNIT),
        IGNORED("BindsTo", UNIT),
        IGNORED("PartOf", UNIT),
        IGNORED("Upholds", UNIT),
        IGNORED("Conflicts", UNIT),
        IGNORED("OnFailure", UNIT),
        IGNORED("OnSuccess", UNIT),
        IGNORED("PropagatesReloadTo", UNIT),
        IGNORED("ReloadPropagatedFrom", UNIT),
        IGNORED("PropagatesStopTo", UNIT),
        IGNORED("StopPropagatedFrom", UNIT),
        IGNORED("JoinsNamespaceOf", UNIT),
        IGNORED("RequiresMountsFor", UNIT),
        IGNORED("OnFailureJobMode", UNIT),
        IGNORED("IgnoreOnIsolate", UNIT),
        IGNORED("StopWhenUnneeded", UNIT),
        IGNORED("RefuseManualStart", UNIT),
        IGNORED("RefuseManualStop", UNIT),
        IGNORED("AllowIsolate", UNIT),
        IGNORED("CollectMode", UNIT),
        IGNORED("FailureAction", UNIT),
        IGNORED("SuccessAction", UNIT),
        IGNORED("FailureActionExitStatus", UNIT),
        IGNORED("SuccessActionExitStatus", UNIT),
        IGNORED("JobTimeoutSec", UNIT),
        IGNORED("JobRunningTimeoutSec", UNIT),
        IGNORED("JobTimeoutAction", UNIT),
        IGNORED("JobTimeoutRebootArgument", UNIT),
        IGNORED("StartLimitIntervalSec", UNIT),
        IGNORED("StartLimitBurst", UNIT),
        IGNORED("StartLimitAction", UNIT),
        IGNORED("RebootArgument", UNIT),
        IGNORED("SourcePath", UNIT),
        IGNORED("ConditionArchitecture", UNIT),
        IGNORED("ConditionFirmware", UNIT),
        IGNORED("ConditionVirtualization", UNIT),
        IGNORED("ConditionHost", UNIT),
        IGNORED("ConditionKernelCommandLine", UNIT),
        IGNORED("ConditionKernelVersion", UNIT),
        IGNORED("ConditionCredential", UNIT),
        IGNORED("ConditionEnvironment", UNIT),
        IGNORED("ConditionSecurity", UNIT),
        IGNORED("ConditionCapability", UNIT),
        IGNORED("ConditionACPower", UNIT),
        IGNORED("ConditionNeedsUpdate", UNIT),
        IGNORED("ConditionFirstBoot", UNIT),
        IGNORED("ConditionPathExists", UNIT),
        IGNORED("ConditionPathExistsGlob", UNIT),
        IGNORED("ConditionPathIsDirectory", UNIT),
        IGNORED("ConditionPathIsSymbolicLink", UNIT),
        IGNORED("ConditionPathIsMountPoint", UNIT),
        IGNORED("ConditionPathIsReadWrite", UNIT),
        IGNORED("ConditionPathIsEncrypted", UNIT),
        IGNORED("ConditionDirectoryNotEmpty", UNIT),
        IGNORED("ConditionFileNotEmpty", UNIT),
        IGNORED("ConditionFileIsExecutable", UNIT),
        IGNORED("ConditionUser", UNIT),
        IGNORED("ConditionGroup", UNIT),
        IGNORED("ConditionControlGroupController", UNIT),
        IGNORED("ConditionMemory", UNIT),
        IGNORED("ConditionCPUs", UNIT),
        IGNORED("ConditionCPUFeature", UNIT),
        IGNORED("ConditionOSRelease", UNIT),
        IGNORED("ConditionMemoryPressure", UNIT),
        IGNORED("ConditionCPUPressure", UNIT),
        IGNORED("ConditionIOPressure", UNIT),
        IGNORED("AssertArchitecture", UNIT),
        IGNORED("AssertFirmware", UNIT),
        IGNORED("AssertVirtualization", UNIT),
        IGNORED("AssertHost", UNIT),
        IGNORED("AssertKernelCommandLine", UNIT),
        IGNORED("AssertKernelVersion", UNIT),
        IGNORED("AssertCredential", UNIT),
        IGNORED("AssertEnvironment", UNIT),
        IGNORED("AssertSecurity", UNIT),
        IGNORED("AssertCapability", UNIT),
        IGNORED("AssertACPower", UNIT),
        IGNORED("AssertNeedsUpdate", UNIT),
        IGNORED("AssertFirstBoot", UNIT),
        IGNORED("AssertPathExists", UNIT),
        IGNORED("AssertPathExistsGlob", UNIT),
        IGNORED("AssertPathIsDirectory", UNIT),
        IGNORED("AssertPathIsSymbolicLink", UNIT),
        IGNORED("AssertPathIsMountPoint", UNIT),
        IGNORED("AssertPathIsReadWrite", UNIT),
        IGNORED("AssertPathIsEncrypted", UNIT),
        IGNORED("AssertDirectoryNotEmpty", UNIT),
        IGNORED("AssertFileNotEmpty", UNIT),
        IGNORED("AssertFileIsExecutable", UNIT),
        IGNORED("AssertUser", UNIT),
        IGNORED("AssertGroup", UNIT),
        IGNORED("AssertControlGroupController", UNIT),
        IGNORED("AssertMemory", UNIT),
        IGNORED("AssertCPUs", UNIT),
        IGNORED("AssertCPUFeature", UNIT),
        IGNORED("AssertOSRelease", UNIT),
        IGNORED("AssertMemoryPressure", UNIT),
        IGNORED("AssertCPUPressure", UNIT),
        IGNORED("AssertIOPressure", UNIT),

        /* [Install] */
        IGNORED("Alias", INST),
        IGNORED("WantedBy", INST),
        IGNORED("RequiredBy", INST),
        IGNORED("UpheldBy", INST),
        IGNORED("Also", INST),
        IGNORED("DefaultInstance", INST),
};

const size_t directive_table_size = ELEMENTSOF(directive_table);

static int directive_ptr_compare(const void *a, const void *b) {
        return strcmp((*(const Directive * const *) a)->name, (*(const Directive * const *) b)->name);
}

static int directive_key_compare(const void *key, const void *elem) {
        return strcmp(key, (*(const Directive * const *) elem)->name);
}

const Directive *directive_lookup(const char *name) {
        /* perf: every parsed line, every plan entry and every show field looks a directive up; a linear scan
         * of the table was a visible part of parse and plan. Sorted once, searched in log time. */
        static const Directive *sorted[ELEMENTSOF(directive_table)];
        static bool sorted_ready = false;
        const Directive * const *found;

        if (!name)
                return NULL;
        if (!sorted_ready) {
                for (size_t i = 0; i < directive_table_size; i++)
                        sorted[i] = &directive_table[i];
                qsort(sorted, directive_table_size, sizeof(sorted[0]), directive_ptr_compare);
                sorted_ready = true;
        }
        found = bsearch(name, sorted, directive_table_size, sizeof(sorted[0]), directive_key_compare);
        return found ? *found : NULL;
}

/* Case-insensitive Levenshtein distance, two rows. */
static size_t levenshtein(const char *a, const char *b) {
        size_t la = strlen(a), lb = strlen(b);
        _cleanup_free_ size_t *prev = xcalloc(lb + 1, sizeof(size_t)), *cur = xcalloc(lb + 1, sizeof(size_t));

        for (size_t j = 0; j <= lb; j++)
                prev[j] = j;
        for (size_t i = 1; i <= la; i++) {
                cur[0] = i;
                for (size_t j = 1; j <= lb; j++) {
                        size_t cost = tolower((unsigned char) a[i - 1]) == tolower((unsigned char) b[j - 1]) ? 0 : 1;
                        cur[j] = MIN(MIN(prev[j] + 1, cur[j - 1] + 1), prev[j - 1] + cost);
                }
                memcpy(prev, cur, sizeof(size_t) * (lb + 1));
        }
        return prev[lb];
}

const char *directive_suggest(const char *name) {
        const char *best = NULL;
        size_t best_d = SIZE_MAX, limit;

        if (isempty(name))
                return NULL;

        /* Accept up to a third of the name's length in edits (at least 1, at most 4): catches typos and
         * case mistakes without suggesting unrelated keys for short names. */
        limit = MAX((size_t) 1, MIN((size_t) 4, strlen(name) / 3));

        for (size_t i = 0; i < directive_table_size; i++) {
                size_t d = levenshtein(name, directive_table[i].name);
                if (d < best_d) {
                        best_d = d;
                        best = directive_table[i].name;
                }
        }
        return best_d <= limit ? best : NULL;
}

const Directive *directive_lookup_alias(const char *name) {
        static const struct {
                const char *alias, *name;
        } aliases[] = {
                { "ReadWriteDirectories", "ReadWritePaths" },
                { "ReadOnlyDirectories", "ReadOnlyPaths" },
                { "InaccessibleDirectories", "InaccessiblePaths" },
        };

        for (size_t i = 0; i < ELEMENTSOF(aliases); i++)
                if (streq(aliases[i].alias, name))
                        return directive_lookup(aliases[i].name);
        return NULL;
}

const char *directive_where_to_string(DirectiveWhere w) {
        static const char *const table[_WHERE_MAX] = {
                [WHERE_UNIT] = "unit",
                [WHERE_CGROUP] = "cgroup",
                [WHERE_EXEC] = "exec",
                [WHERE_COMMAND] = "command",
                [WHERE_IGNORED] = "ignored",
        };

        if (w < 0 || w >= _WHERE_MAX)
                return NULL;
        return table[w];
}
