/* SPDX-License-Identifier: MIT */
/* sha256: the FIPS 180-4 example vectors, and every length around the block and padding boundaries against
 * the system's sha256sum (a wrong round constant or padding changes every digest). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sha256.h"
#include "tests.h"

static void hex(const uint8_t d[static SHA256_DIGEST_SIZE], char out[static 2 * SHA256_DIGEST_SIZE + 1]) {
        for (size_t i = 0; i < SHA256_DIGEST_SIZE; i++)
                sprintf(out + 2 * i, "%02x", d[i]);
}

static void digest_hex(const void *data, size_t n, size_t chunk, char out[static 2 * SHA256_DIGEST_SIZE + 1]) {
        uint8_t d[SHA256_DIGEST_SIZE];
        Sha256 c;

        sha256_init(&c);
        for (size_t i = 0; i < n; i += chunk)
                sha256_update(&c, (const uint8_t *) data + i, n - i < chunk ? n - i : chunk);
        sha256_final(&c, d);
        hex(d, out);
}

TEST(fips_vectors) {
        static const char *msg2 = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
        char out[65];

        digest_hex("", 0, 1, out);
        ASSERT_STREQ(out, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        digest_hex("abc", 3, 1, out);
        ASSERT_STREQ(out, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        digest_hex(msg2, strlen(msg2), 7, out);
        ASSERT_STREQ(out, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

TEST(lengths_against_sha256sum) {
        char path[] = "/tmp/test-sha256-XXXXXX";
        uint8_t data[300];
        int fd;

        if (system("command -v sha256sum >/dev/null 2>&1") != 0) {
                printf("# no sha256sum: skipped\n");
                return;
        }
        for (size_t i = 0; i < sizeof(data); i++)
                data[i] = (uint8_t) (i * 131 + 7);
        fd = mkstemp(path);
        ASSERT_TRUE(fd >= 0);
        close(fd);
        for (size_t n = 0; n <= sizeof(data); n += (n < 140 ? 1 : 37)) {
                char cmd[128], want[65] = "", got[65];
                FILE *f = fopen(path, "we"), *p;

                ASSERT_NOT_NULL(f);
                ASSERT_EQ(fwrite(data, 1, n, f), n);
                fclose(f);
                snprintf(cmd, sizeof(cmd), "sha256sum %s", path);
                p = popen(cmd, "r");
                ASSERT_NOT_NULL(p);
                ASSERT_EQ(fscanf(p, "%64s", want), 1);
                pclose(p);
                digest_hex(data, n, n % 13 + 1, got); /* fed in odd pieces */
                ASSERT_STREQ(got, want);
        }
        unlink(path);
}

TEST_MAIN();
