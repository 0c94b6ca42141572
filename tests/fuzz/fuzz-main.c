/* SPDX-License-Identifier: MIT */
/* Replays fuzz inputs (files or directories of files) through LLVMFuzzerTestOneInput as an ordinary test,
 * so the corpus runs in every build, not only under libFuzzer (as systemd's src/fuzz/fuzz-main.c). */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int run_file(const char *path) {
        FILE *f = fopen(path, "re");
        uint8_t *buf = NULL;
        size_t n = 0, cap = 0;

        if (!f) {
                perror(path);
                return -1;
        }
        for (;;) {
                if (n == cap) {
                        cap = cap ? cap * 2 : 4096;
                        buf = realloc(buf, cap);
                        if (!buf)
                                abort();
                }
                size_t k = fread(buf + n, 1, cap - n, f);
                if (k == 0)
                        break;
                n += k;
        }
        fclose(f);
        printf("# %s (%zu bytes)\n", path, n);
        fflush(stdout);
        (void) LLVMFuzzerTestOneInput(buf, n);
        free(buf);
        return 0;
}

int main(int argc, char **argv) {
        int count = 0;

        for (int i = 1; i < argc; i++) {
                struct stat st;

                if (stat(argv[i], &st) < 0) {
                        perror(argv[i]);
                        return 1;
                }
                if (S_ISDIR(st.st_mode)) {
                        struct dirent **names;
                        int n = scandir(argv[i], &names, NULL, alphasort);

                        if (n < 0) {
                                perror(argv[i]);
                                return 1;
                        }
                        for (int j = 0; j < n; j++) {
                                if (names[j]->d_name[0] != '.') {
                                        char *p;

                                        if (asprintf(&p, "%s/%s", argv[i], names[j]->d_name) < 0)
                                                abort();
                                        if (run_file(p) < 0)
                                                return 1;
                                        free(p);
                                        count++;
                                }
                                free(names[j]);
                        }
                        free(names);
                } else {
                        if (run_file(argv[i]) < 0)
                                return 1;
                        count++;
                }
        }
        printf("ok: replayed %d inputs\n", count);
        return count > 0 ? 0 : 1;
}
