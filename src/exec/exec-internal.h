/* SPDX-License-Identifier: MIT */
#pragma once

/* Helpers shared by the files of exec/. Functions named …_prepare and …_build run in the parent and may allocate;
 * the others run in the child between fork (or unshare) and execve and must not allocate or log: they
 * return a negative errno and, where useful, the name they failed on. */

#include "exec-step.h"
#include "exec.h"

/* exec-creds.c */
int exec_creds_resolve(const SandboxPlan *p, DiagList *diags, ExecCreds *ret);
void exec_creds_done(ExecCreds *c);
int exec_creds_apply_groups(const ExecCreds *c);
int exec_creds_apply_user(const ExecCreds *c);

/* exec-env.c */
int exec_env_build(const SandboxPlan *p, const ExecCreds *c, DiagList *diags, char ***ret);

/* exec-ns.c */
int exec_ns_prepare_user(const SandboxPlan *p, const ExecCreds *c, ExecPrepared *x);
int exec_ns_user(const ExecPrepared *x, const char **ret_what);
int exec_ns_unshare(const ExecPrepared *x);
int exec_ns_loopback_up(void);

/* exec-caps.c */
int exec_caps_prepare(const SandboxPlan *p, DiagList *diags, ExecPrepared *x);
int exec_caps_before_user(const ExecPrepared *x); /* bounding set, inheritable, ambient, keep-caps */
int exec_caps_after_user(const ExecPrepared *x);  /* ambient again after setresuid() cleared it */
bool exec_caps_have_effective(int cap);

/* exec-seccomp.c */
int exec_seccomp_load(const SyscallFilterSet *s, const char **ret_directive);

/* exec-pidns.c */
int exec_pidns_fork(void);          /* returns 0 in PID 1; the parent stays outside as the reaper, never returns */
int exec_pidns_pdeathsig_rearm(void); /* in PID 1, after setresuid() cleared the parent-death signal */

/* exec-lsm.c */
int exec_lsm_prepare(const SandboxPlan *p, DiagList *diags, ExecPrepared *x);
int exec_lsm_apply(const ExecPrepared *x, ExecStep *ret_step, const char **ret_what);
