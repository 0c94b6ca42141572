/* SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <time.h>
#include <unistd.h>

#include "timing.h"

static bool enabled = false;
static struct timespec last;

void timing_enable(bool b) {
        enabled = b;
        if (b)
                (void) clock_gettime(CLOCK_MONOTONIC, &last);
}

bool timing_enabled(void) {
        return enabled;
}

void timing_mark(const char *step) {
        struct timespec now;
        char buf[128];
        long long ns;
        int n;

        if (!enabled)
                return;
        (void) clock_gettime(CLOCK_MONOTONIC, &now);
        ns = (long long) (now.tv_sec - last.tv_sec) * 1000000000LL + (now.tv_nsec - last.tv_nsec);
        /* snprintf() with these conversions does not allocate; one write() keeps concurrent lines whole. */
        n = snprintf(buf, sizeof(buf), "timing: %s %lld.%03lld ms\n", step, ns / 1000000, (ns / 1000) % 1000);
        if (n > 0)
                (void) !write(STDERR_FILENO, buf, (size_t) n < sizeof(buf) ? (size_t) n : sizeof(buf) - 1);
        /* Not counting our own write() in the next step. */
        (void) clock_gettime(CLOCK_MONOTONIC, &last);
}
