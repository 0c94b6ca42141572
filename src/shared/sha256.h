/* SPDX-License-Identifier: MIT */
#pragma once

/* SHA-256, for content-keyed caches where a collision must not be craftable (the seccomp cache: a unit whose
 * key collided with another's would get the other's filter). Not constant-time; no secrets go through it. */

#include <stddef.h>
#include <stdint.h>

#define SHA256_DIGEST_SIZE 32

typedef struct Sha256 {
        uint32_t h[8];
        uint64_t length; /* bytes so far */
        uint8_t buf[64];
        size_t used;
} Sha256;

void sha256_init(Sha256 *c);
void sha256_update(Sha256 *c, const void *data, size_t n);
void sha256_final(Sha256 *c, uint8_t ret[static SHA256_DIGEST_SIZE]);
