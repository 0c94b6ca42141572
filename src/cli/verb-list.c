/* SPDX-License-Identifier: MIT */
#include "log.h"
#include "verbs.h"

int verb_list(int argc, char **argv) {
        log_error("list: not wired up yet");
        return EXIT_INVALID;
}

int verb_status(int argc, char **argv) {
        log_error("status: not wired up yet");
        return EXIT_INVALID;
}

int verb_stop(int argc, char **argv) {
        log_error("stop: not wired up yet");
        return EXIT_INVALID;
}
