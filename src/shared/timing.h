/* SPDX-License-Identifier: MIT */
#pragma once

/* --timings / SANDBOXCTL_TIMINGS=1: how long each start-up step took, as "timing: STEP N.NNN ms" lines on
 * stderr (tests/bench/ parses them). Each line is the time since the previous mark (or since
 * timing_enable()), on CLOCK_MONOTONIC. Safe between fork() and execve(): no allocation, one write(2). */

#include <stdbool.h>

void timing_enable(bool b);
bool timing_enabled(void);
/* Prints the time since the previous mark under the name step, and starts the next interval. A no-op when
 * timings are off. */
void timing_mark(const char *step);
