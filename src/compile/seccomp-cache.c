/* SPDX-License-Identifier: MIT */
/* The content-keyed cache of compiled seccomp programs (seccomp-cache.h says what the key is and why). File
 * format, native endianness (the cache never leaves the machine):
 *     "SBXSECC3" | u64 key length | key (a SHA-256) | u64 may_kill | programs | merged programs
 * where each list of programs is
 *     u64 n | n × (u64 name length | name | u64 n_rules | u64 n_insns | n_insns × struct sock_filter)
 * and the merged list may be empty (nothing to merge). */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <seccomp.h>
#include <stdio.h>
#include <stdio_ext.h>
#include <stdlib.h>
#include <string.h>
#include <sys/personality.h>
#include <sys/stat.h>
#include <unistd.h>

#include "directive.h"
#include "log.h"
#include "plan-build.h"
#include "seccomp-cache.h"
#include "seccomp-merge.h"
#include "sha256.h"

#define CACHE_MAGIC "SBXSECC3"
#define CACHE_MAX_SIZE (4U * 1024U * 1024U)
#define CACHE_MAX_PROGRAMS 64U
/* At most this many cached units (about 40 KiB each for @system-service): past it, the cache starts over. */
#define CACHE_MAX_FILES 64U

static bool cache_enabled(void) {
        const char *e = secure_getenv("SANDBOXCTL_SECCOMP_CACHE");

        return !e || !streq(e, "0");
}

/* A directory only we can write, made when missing. */
static int dir_ensure_private(const char *path) {
        struct stat st;

        if (mkdir(path, 0700) < 0 && errno != EEXIST)
                return -errno;
        if (lstat(path, &st) < 0)
                return -errno;
        if (!S_ISDIR(st.st_mode) || st.st_uid != geteuid() || (st.st_mode & 0022))
                return -EPERM;
        return 0;
}

/* The cache directory, created on the way when create is set. */
static int cache_dir(bool create, char **ret) {
        _cleanup_free_ char *base = NULL, *top = NULL, *dir = NULL;
        const char *rt;
        int r;

        if (geteuid() == 0)
                base = xstrdup("/run");
        else {
                rt = secure_getenv("XDG_RUNTIME_DIR");
                if (!rt || rt[0] != '/')
                        return -ENOENT;
                base = xstrdup(rt);
        }
        if (asprintf(&top, "%s/sandboxctl", base) < 0 || asprintf(&dir, "%s/seccomp", top) < 0)
                return -ENOMEM;
        if (create) {
                r = dir_ensure_private(top);
                if (r >= 0)
                        r = dir_ensure_private(dir);
                if (r < 0)
                        return r;
        }
        *ret = TAKE_PTR(dir);
        return 0;
}

static ssize_t sha256_cookie_write(void *cookie, const char *buf, size_t n) {
        sha256_update(cookie, buf, n);
        return (ssize_t) n;
}

/* Everything the compiler's output depends on, hashed: the key is its SHA-256. The text is hashed as it is
 * written, never stored (perf: building and storing 41 KiB of JSON per unit in a memstream, then reading
 * it back from the cache file and comparing, cost most of a cache hit). A collision cannot be crafted, so
 * equal digests mean equal inputs. */
static int cache_key(const SandboxPlan *p, char **ret_key, size_t *ret_len) {
        const struct scmp_version *v = seccomp_version();
        uint8_t *digest;
        char buf[16384];
        struct stat st;
        Sha256 h;
        FILE *f;

        if (stat("/proc/self/exe", &st) < 0)
                return -errno;
        sha256_init(&h);
        f = fopencookie(&h, "w", (cookie_io_functions_t) { .write = sha256_cookie_write });
        if (!f)
                return -ENOMEM;
        /* perf: tens of thousands of small writes; no other thread sees this stream, so no locking. */
        (void) __fsetlocking(f, FSETLOCKING_BYCALLER);
        (void) setvbuf(f, buf, _IOFBF, sizeof(buf));
        fprintf(f, "sandboxctl seccomp cache 3\nexe %llu:%llu %lld %lld.%09ld\nlibseccomp %u.%u.%u\n"
                   "arch %u\npersonality %d\n",
                (unsigned long long) st.st_dev, (unsigned long long) st.st_ino, (long long) st.st_size,
                (long long) st.st_mtim.tv_sec, st.st_mtim.tv_nsec, v ? v->major : 0, v ? v->minor : 0,
                v ? v->micro : 0, seccomp_arch_native(), personality(0xffffffff));
        plan_show_json(p, f);
        if (fclose(f) != 0)
                return -EIO;
        digest = xmalloc(SHA256_DIGEST_SIZE);
        sha256_final(&h, digest);
        *ret_len = SHA256_DIGEST_SIZE;
        *ret_key = (char *) digest;
        return 0;
}

static char *cache_path(const char *dir, const char *key, size_t len) {
        uint64_t h = 0xcbf29ce484222325ULL; /* FNV-1a: only names the file, the key stored in it decides */
        char *path;

        for (size_t i = 0; i < len; i++) {
                h ^= (unsigned char) key[i];
                h *= 0x100000001b3ULL;
        }
        if (asprintf(&path, "%s/%016llx.bpf", dir, (unsigned long long) h) < 0)
                return NULL;
        return path;
}

typedef struct Reader {
        const char *p, *end;
} Reader;

static bool read_bytes(Reader *r, void *dst, size_t n) {
        if ((size_t) (r->end - r->p) < n)
                return false;
        memcpy(dst, r->p, n);
        r->p += n;
        return true;
}

static bool read_u64(Reader *r, uint64_t *v) {
        return read_bytes(r, v, sizeof(*v));
}

/* One list of programs into s->items. The directive names are borrowed static strings: take the directive
 * table's (or the merged program's constant). */
static bool read_programs(Reader *r, SyscallFilterSet *s) {
        uint64_t n;

        if (!read_u64(r, &n) || n > CACHE_MAX_PROGRAMS)
                return false;
        s->items = n > 0 ? xcalloc((size_t) n, sizeof(SyscallFilter)) : NULL;
        for (uint64_t i = 0; i < n; i++) {
                SyscallFilter *it = &s->items[i];
                const Directive *d;
                char name[64];
                uint64_t nlen, n_rules, n_insns;

                if (!read_u64(r, &nlen) || nlen == 0 || nlen >= sizeof(name) || !read_bytes(r, name, nlen))
                        return false;
                name[nlen] = 0;
                if (streq(name, SECCOMP_MERGED_NAME))
                        it->directive = SECCOMP_MERGED_NAME;
                else {
                        d = directive_lookup(name);
                        if (!d || !streq(d->name, name))
                                return false;
                        it->directive = d->name;
                }
                if (!read_u64(r, &n_rules) || !read_u64(r, &n_insns) || n_insns == 0 || n_insns > BPF_MAXINSNS)
                        return false;
                it->n_rules = (size_t) n_rules;
                it->n_insns = (size_t) n_insns;
                it->insns = xmalloc((size_t) n_insns * sizeof(struct sock_filter));
                s->n++;
                if (!read_bytes(r, it->insns, (size_t) n_insns * sizeof(struct sock_filter)))
                        return false;
        }
        return true;
}

static int cache_parse(const char *data, size_t size, const char *key, size_t key_len, SyscallFilterSet **ret) {
        _cleanup_(syscall_filter_set_freep) SyscallFilterSet *s = NULL;
        Reader r = { data, data + size };
        char magic[8];
        uint64_t klen, may_kill;

        if (!read_bytes(&r, magic, sizeof(magic)) || memcmp(magic, CACHE_MAGIC, sizeof(magic)) != 0)
                return 0;
        if (!read_u64(&r, &klen) || klen != key_len || (size_t) (r.end - r.p) < klen ||
            memcmp(r.p, key, key_len) != 0)
                return 0;
        r.p += klen;
        if (!read_u64(&r, &may_kill))
                return 0;

        s = xcalloc(1, sizeof(SyscallFilterSet));
        s->may_kill = may_kill != 0;
        s->merged = xcalloc(1, sizeof(SyscallFilterSet));
        s->merged->may_kill = s->may_kill;
        if (!read_programs(&r, s) || !read_programs(&r, s->merged) || r.p != r.end)
                return 0;
        if (s->merged->n == 0)
                s->merged = syscall_filter_set_free(s->merged);
        *ret = TAKE_PTR(s);
        return 1;
}

int seccomp_cache_load(const SandboxPlan *p, SyscallFilterSet **ret) {
        _cleanup_free_ char *dir = NULL, *key = NULL, *path = NULL, *data = NULL;
        _cleanup_close_ int fd = -EBADF;
        size_t key_len, got = 0;
        struct stat st;
        int r;

        if (!cache_enabled() || cache_dir(false, &dir) < 0 || cache_key(p, &key, &key_len) < 0)
                return 0;
        path = cache_path(dir, key, key_len);
        if (!path)
                return 0;
        fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY);
        if (fd < 0)
                return 0;
        /* Only a file we wrote ourselves: ours, not writable by anyone else, in a directory that is ours. */
        if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) || st.st_uid != geteuid() || (st.st_mode & 0022) ||
            st.st_size <= 0 || (uint64_t) st.st_size > CACHE_MAX_SIZE)
                return 0;
        {
                struct stat dst;

                if (lstat(dir, &dst) < 0 || !S_ISDIR(dst.st_mode) || dst.st_uid != geteuid() ||
                    (dst.st_mode & 0022))
                        return 0;
        }
        data = xmalloc((size_t) st.st_size);
        while (got < (size_t) st.st_size) {
                ssize_t k = read(fd, data + got, (size_t) st.st_size - got);

                if (k <= 0)
                        return 0;
                got += (size_t) k;
        }
        r = cache_parse(data, got, key, key_len, ret);
        if (r <= 0)
                log_debug("Seccomp cache: '%s' does not match, compiling.", path);
        return r > 0;
}

/* Keeps the cache bounded (it lives in RAM): when full, drop every cached file. Simple and good enough: a
 * machine that runs more than CACHE_MAX_FILES different hardened units just recompiles more often. */
static void cache_trim(const char *dir) {
        struct dirent *de;
        unsigned n = 0;
        DIR *d;

        d = opendir(dir);
        if (!d)
                return;
        while ((de = readdir(d)))
                if (de->d_name[0] != '.')
                        n++;
        if (n >= CACHE_MAX_FILES) {
                rewinddir(d);
                while ((de = readdir(d)))
                        if (de->d_name[0] != '.')
                                (void) unlinkat(dirfd(d), de->d_name, 0);
        }
        (void) closedir(d);
}

static bool write_all(FILE *f, const void *b, size_t n) {
        return fwrite(b, 1, n, f) == n;
}

static bool write_programs(FILE *f, const SyscallFilterSet *s) {
        uint64_t v = s->n;
        bool ok = write_all(f, &v, sizeof(v));

        for (size_t i = 0; ok && i < s->n; i++) {
                const SyscallFilter *it = &s->items[i];

                v = strlen(it->directive);
                ok = write_all(f, &v, sizeof(v)) && write_all(f, it->directive, v);
                v = it->n_rules;
                ok = ok && write_all(f, &v, sizeof(v));
                v = it->n_insns;
                ok = ok && write_all(f, &v, sizeof(v)) &&
                     write_all(f, it->insns, it->n_insns * sizeof(struct sock_filter));
        }
        return ok;
}

void seccomp_cache_store(const SandboxPlan *p, const SyscallFilterSet *s) {
        _cleanup_free_ char *dir = NULL, *key = NULL, *path = NULL, *tmp = NULL;
        size_t key_len;
        uint64_t v;
        bool ok;
        FILE *f;
        int fd;

        /* Nothing to load: compiling that is as cheap as a lookup, so do not fill the cache with it. */
        if (!s || s->n == 0 || !cache_enabled() || cache_dir(true, &dir) < 0 || cache_key(p, &key, &key_len) < 0)
                return;
        path = cache_path(dir, key, key_len);
        if (!path || asprintf(&tmp, "%s.XXXXXX", path) < 0)
                return;
        cache_trim(dir);
        fd = mkostemp(tmp, O_CLOEXEC);
        if (fd < 0)
                return;
        f = fdopen(fd, "we");
        if (!f) {
                (void) close(fd);
                (void) unlink(tmp);
                return;
        }
        ok = write_all(f, CACHE_MAGIC, 8);
        v = key_len;
        ok = ok && write_all(f, &v, sizeof(v)) && write_all(f, key, key_len);
        v = s->may_kill;
        ok = ok && write_all(f, &v, sizeof(v));
        ok = ok && write_programs(f, s);
        ok = ok && write_programs(f, s->merged ?: &(const SyscallFilterSet) {});
        if (fclose(f) != 0)
                ok = false;
        /* rename() is atomic: a concurrent start reads the old file, the new one, or none. */
        if (!ok || rename(tmp, path) < 0) {
                (void) unlink(tmp);
                log_debug("Seccomp cache: cannot store '%s', ignoring.", path);
        }
}
