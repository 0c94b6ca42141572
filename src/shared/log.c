/* SPDX-License-Identifier: MIT */
#include <stdarg.h>
#include <stdlib.h>

#include "log.h"

static LogLevel max_level = LOG_LEVEL_NOTICE;
static bool silent;

void log_set_max_level(LogLevel l) {
        max_level = l;
}

LogLevel log_get_max_level(void) {
        return max_level;
}

void log_set_silent(bool b) {
        silent = b;
}

int log_internal(LogLevel level, int error, const char *fmt, ...) {
        int saved = errno;
        va_list ap;

        if (error < 0)
                error = -error;
        if (!silent && level <= max_level) {
                errno = error;
                va_start(ap, fmt);
                fputs("sandboxctl: ", stderr);
                vfprintf(stderr, fmt, ap);
                fputc('\n', stderr);
                va_end(ap);
        }
        errno = saved;
        return -error;
}
