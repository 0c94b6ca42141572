/* SPDX-License-Identifier: MIT */
#pragma once

#include <stdbool.h>

#include "backend.h"

/* Command-line state shared by the verbs (systemd's arg_ convention). Set by sandboxctl.c. */
extern bool arg_json;
extern bool arg_strict;
extern bool arg_dry_run;
extern int arg_verbose;
extern bool arg_timings;
extern char **arg_properties; /* -p KEY=VALUE, in order */
extern BackendOptions arg_backend;
extern double arg_threshold; /* security --threshold; < 0 = unset */
extern bool arg_explain;
extern char *arg_signal;     /* kill --signal= */

/* Each verb gets argv after the verb name (positional arguments only) and returns an exit status. */
int verb_start(int argc, char **argv);
int verb_verify(int argc, char **argv);
int verb_show(int argc, char **argv);
int verb_cat(int argc, char **argv);
int verb_security(int argc, char **argv);
int verb_list(int argc, char **argv);
int verb_status(int argc, char **argv);
int verb_stop(int argc, char **argv);
int verb_freeze(int argc, char **argv);
int verb_thaw(int argc, char **argv);
int verb_kill(int argc, char **argv);
int verb_syscall_filter(int argc, char **argv);
int verb_capabilities(int argc, char **argv);
int verb_directives(int argc, char **argv);

/* Exit statuses of the non-start verbs. */
#define EXIT_OK 0
#define EXIT_INVALID 1
#define EXIT_USAGE 2
