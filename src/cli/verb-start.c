/* SPDX-License-Identifier: MIT */
#include "log.h"
#include "verbs.h"

int verb_start(int argc, char **argv) {
        log_error("start: not wired up yet");
        return EXIT_INVALID;
}
