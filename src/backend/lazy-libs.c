/* SPDX-License-Identifier: MIT */
/* libsystemd and libbpf, loaded with dlopen() on first use instead of at exec time.
 *
 * Why (perf, docs/PERFORMANCE.md): linked normally, every start pays the dynamic loader for libsystemd and its
 * five dependencies (libgcrypt, libgpg-error, liblzma, libzstd, liblz4) and for libbpf (libelf, libz), even
 * with --backend=none or a cgroupfs backend without DeviceAllow=. Measured on the dev machine, that was most of
 * sandboxctl's fixed start-up cost. The binary is linked against neither library (src/meson.build takes only
 * their headers); the functions below have the libraries' own names and prototypes, so backend code calls them
 * exactly as before, and each one loads the library and resolves its symbol on its first call (the pattern of
 * systemd's dlopen-*.c, by forwarding instead of sym_ names).
 *
 * Fail closed: when a library cannot be loaded, the call fails with -EOPNOTSUPP (a NULL bus or program fd
 * follows), the backend reports it, and nothing runs. The variadic calls forward to the v-variants. */
#include <dlfcn.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <systemd/sd-bus.h>

#include "config.h"
#if HAVE_LIBBPF
#include <bpf/bpf.h>
#endif

#include "log.h"

static void *lib_open(const char *soname, void **handle, bool *failed) {
        if (!*handle && !*failed) {
                *handle = dlopen(soname, RTLD_NOW | RTLD_LOCAL);
                if (!*handle) {
                        *failed = true;
                        log_error("Cannot load %s: %s", soname, dlerror());
                }
        }
        return *handle;
}

static void *sd_sym(const char *name) {
        static void *handle = NULL;
        static bool failed = false;
        void *h = lib_open("libsystemd.so.0", &handle, &failed);
        void *p;

        if (!h)
                return NULL;
        p = dlsym(h, name);
        if (!p)
                log_error("libsystemd.so.0 lacks %s.", name);
        return p;
}

/* One forwarding function: resolves NAME once, then calls it; RET_FAIL when the library is missing. */
#define FORWARD(ret_type, name, ret_fail, params, args)                   \
        ret_type name params {                                           \
                static ret_type (*f) params = NULL;                      \
                if (!f)                                                  \
                        f = (ret_type (*) params) sd_sym(#name);         \
                if (!f)                                                  \
                        return ret_fail;                                 \
                return f args;                                           \
        }

FORWARD(int, sd_bus_open_system, -EOPNOTSUPP, (sd_bus **ret), (ret))
FORWARD(int, sd_bus_open_user, -EOPNOTSUPP, (sd_bus **ret), (ret))
FORWARD(sd_bus *, sd_bus_flush_close_unref, NULL, (sd_bus *bus), (bus))
FORWARD(int, sd_bus_new, -EOPNOTSUPP, (sd_bus **ret), (ret))
FORWARD(int, sd_bus_set_address, -EOPNOTSUPP, (sd_bus *bus, const char *address), (bus, address))
FORWARD(int, sd_bus_start, -EOPNOTSUPP, (sd_bus *bus), (bus))
FORWARD(int, sd_bus_get_fd, -EOPNOTSUPP, (sd_bus *bus), (bus))
FORWARD(int, sd_bus_add_filter, -EOPNOTSUPP,
        (sd_bus *bus, sd_bus_slot **slot, sd_bus_message_handler_t callback, void *userdata),
        (bus, slot, callback, userdata))
FORWARD(int, sd_bus_call_async, -EOPNOTSUPP,
        (sd_bus *bus, sd_bus_slot **slot, sd_bus_message *m, sd_bus_message_handler_t callback, void *userdata,
         uint64_t usec),
        (bus, slot, m, callback, userdata, usec))
FORWARD(int, sd_bus_message_is_signal, -EOPNOTSUPP,
        (sd_bus_message *m, const char *interface, const char *member), (m, interface, member))
FORWARD(int, sd_bus_message_is_method_error, -EOPNOTSUPP, (sd_bus_message *m, const char *name), (m, name))
FORWARD(const char *, sd_bus_message_get_path, NULL, (sd_bus_message *m), (m))
FORWARD(int, sd_bus_is_bus_client, -EOPNOTSUPP, (sd_bus *bus), (bus))
FORWARD(int, sd_bus_set_method_call_timeout, -EOPNOTSUPP, (sd_bus *bus, uint64_t usec), (bus, usec))
FORWARD(int, sd_bus_wait, -EOPNOTSUPP, (sd_bus *bus, uint64_t timeout_usec), (bus, timeout_usec))
FORWARD(int, sd_bus_process, -EOPNOTSUPP, (sd_bus *bus, sd_bus_message **r), (bus, r))
FORWARD(sd_bus_slot *, sd_bus_slot_unref, NULL, (sd_bus_slot *slot), (slot))
FORWARD(int, sd_bus_match_signal, -EOPNOTSUPP,
        (sd_bus *bus, sd_bus_slot **ret, const char *sender, const char *path, const char *interface,
         const char *member, sd_bus_message_handler_t callback, void *userdata),
        (bus, ret, sender, path, interface, member, callback, userdata))
FORWARD(int, sd_bus_call, -EOPNOTSUPP,
        (sd_bus *bus, sd_bus_message *m, uint64_t usec, sd_bus_error *ret_error, sd_bus_message **reply),
        (bus, m, usec, ret_error, reply))
FORWARD(int, sd_bus_get_property_string, -EOPNOTSUPP,
        (sd_bus *bus, const char *destination, const char *path, const char *interface, const char *member,
         sd_bus_error *ret_error, char **ret),
        (bus, destination, path, interface, member, ret_error, ret))
FORWARD(int, sd_bus_get_property_trivial, -EOPNOTSUPP,
        (sd_bus *bus, const char *destination, const char *path, const char *interface, const char *member,
         sd_bus_error *ret_error, char type, void *ret_ptr),
        (bus, destination, path, interface, member, ret_error, type, ret_ptr))
FORWARD(int, sd_bus_message_new_method_call, -EOPNOTSUPP,
        (sd_bus *bus, sd_bus_message **m, const char *destination, const char *path, const char *interface,
         const char *member),
        (bus, m, destination, path, interface, member))
FORWARD(sd_bus_message *, sd_bus_message_unref, NULL, (sd_bus_message *m), (m))
FORWARD(int, sd_bus_message_open_container, -EOPNOTSUPP, (sd_bus_message *m, char type, const char *contents),
        (m, type, contents))
FORWARD(int, sd_bus_message_close_container, -EOPNOTSUPP, (sd_bus_message *m), (m))
FORWARD(int, sd_bus_message_enter_container, -EOPNOTSUPP, (sd_bus_message *m, char type, const char *contents),
        (m, type, contents))
FORWARD(int, sd_bus_message_exit_container, -EOPNOTSUPP, (sd_bus_message *m), (m))
FORWARD(int, sd_bus_message_append_array, -EOPNOTSUPP,
        (sd_bus_message *m, char type, const void *ptr, size_t size), (m, type, ptr, size))
FORWARD(int, sd_bus_message_appendv, -EOPNOTSUPP, (sd_bus_message *m, const char *types, va_list ap),
        (m, types, ap))
FORWARD(int, sd_bus_message_readv, -EOPNOTSUPP, (sd_bus_message *m, const char *types, va_list ap),
        (m, types, ap))
FORWARD(int, sd_bus_call_methodv, -EOPNOTSUPP,
        (sd_bus *bus, const char *destination, const char *path, const char *interface, const char *member,
         sd_bus_error *ret_error, sd_bus_message **reply, const char *types, va_list ap),
        (bus, destination, path, interface, member, ret_error, reply, types, ap))
FORWARD(int, sd_bus_error_has_name, 0, (const sd_bus_error *e, const char *name), (e, name))

void sd_bus_error_free(sd_bus_error *e) {
        static void (*f)(sd_bus_error *) = NULL;

        /* Nothing can have filled an error without the library: an unset error needs no freeing. */
        if (!f && e && !e->name && !e->message)
                return;
        if (!f)
                f = (void (*)(sd_bus_error *)) sd_sym("sd_bus_error_free");
        if (f)
                f(e);
}

int sd_bus_message_append(sd_bus_message *m, const char *types, ...) {
        va_list ap;
        int r;

        va_start(ap, types);
        r = sd_bus_message_appendv(m, types, ap);
        va_end(ap);
        return r;
}

int sd_bus_message_read(sd_bus_message *m, const char *types, ...) {
        va_list ap;
        int r;

        va_start(ap, types);
        r = sd_bus_message_readv(m, types, ap);
        va_end(ap);
        return r;
}

int sd_bus_call_method(sd_bus *bus, const char *destination, const char *path, const char *interface,
                       const char *member, sd_bus_error *ret_error, sd_bus_message **reply, const char *types,
                       ...) {
        va_list ap;
        int r;

        va_start(ap, types);
        r = sd_bus_call_methodv(bus, destination, path, interface, member, ret_error, reply, types, ap);
        va_end(ap);
        return r;
}

#if HAVE_LIBBPF
static void *bpf_sym(const char *name) {
        static void *handle = NULL;
        static bool failed = false;
        void *h = lib_open("libbpf.so.1", &handle, &failed);
        void *p;

        if (!h)
                return NULL;
        p = dlsym(h, name);
        if (!p)
                log_error("libbpf.so.1 lacks %s.", name);
        return p;
}

int bpf_prog_load(enum bpf_prog_type prog_type, const char *prog_name, const char *license,
                  const struct bpf_insn *insns, size_t insn_cnt, const struct bpf_prog_load_opts *opts) {
        static int (*f)(enum bpf_prog_type, const char *, const char *, const struct bpf_insn *, size_t,
                        const struct bpf_prog_load_opts *) = NULL;

        if (!f)
                f = (int (*)(enum bpf_prog_type, const char *, const char *, const struct bpf_insn *, size_t,
                             const struct bpf_prog_load_opts *)) bpf_sym("bpf_prog_load");
        if (!f)
                return (errno = EOPNOTSUPP), -EOPNOTSUPP;
        return f(prog_type, prog_name, license, insns, insn_cnt, opts);
}

int bpf_prog_attach(int prog_fd, int attachable_fd, enum bpf_attach_type type, unsigned int flags) {
        static int (*f)(int, int, enum bpf_attach_type, unsigned int) = NULL;

        if (!f)
                f = (int (*)(int, int, enum bpf_attach_type, unsigned int)) bpf_sym("bpf_prog_attach");
        if (!f)
                return (errno = EOPNOTSUPP), -EOPNOTSUPP;
        return f(prog_fd, attachable_fd, type, flags);
}
#endif
