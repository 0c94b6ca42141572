/* SPDX-License-Identifier: MIT */
/* Loads the pre-compiled seccomp programs with the raw syscall: no libseccomp, no allocation. */
#include <linux/seccomp.h>
#include <sys/syscall.h>

#include "exec-internal.h"

int exec_seccomp_load(const SyscallFilterSet *s, const char **ret_directive) {
        if (!s)
                return 0;

        for (size_t i = 0; i < s->n; i++) {
                struct sock_fprog prog = {
                        .len = (unsigned short) s->items[i].n_insns,
                        .filter = s->items[i].insns,
                };

                if (syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog) < 0) {
                        *ret_directive = s->items[i].directive;
                        return -errno;
                }
        }
        return 0;
}
