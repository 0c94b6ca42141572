/* SPDX-License-Identifier: MIT */
#include "log.h"
#include "verbs.h"

int verb_security(int argc, char **argv) {
        log_error("security: not wired up yet");
        return EXIT_INVALID;
}
