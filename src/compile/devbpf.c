/* SPDX-License-Identifier: MIT */
/* DeviceAllow=/DevicePolicy= → BPF_PROG_TYPE_CGROUP_DEVICE instructions (see devbpf.h). Pure except for
 * stat() of device nodes and reading /proc/devices, both done before anything is created. */
#include <assert.h>
#include <ctype.h>
#include <fnmatch.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

#include "devbpf.h"

/* The static allow list of DevicePolicy=closed (systemd's bpf_devices_allow_list_static()). Nodes that
 * do not exist (e.g. /run/systemd/inaccessible/ without systemd) are skipped silently, like systemd. */
static const struct {
        const char *path;
        unsigned access;
} static_allow_list[] = {
        { "/dev/null",                      DEVICE_ACCESS_ALL },
        { "/dev/zero",                      DEVICE_ACCESS_ALL },
        { "/dev/full",                      DEVICE_ACCESS_ALL },
        { "/dev/random",                    DEVICE_ACCESS_ALL },
        { "/dev/urandom",                   DEVICE_ACCESS_ALL },
        { "/dev/tty",                       DEVICE_ACCESS_ALL },
        { "/dev/ptmx",                      DEVICE_ACCESS_ALL },
        { "/run/systemd/inaccessible/chr",  DEVICE_ACCESS_ALL },
        { "/run/systemd/inaccessible/blk",  DEVICE_ACCESS_ALL },
        { "char-pts",                       DEVICE_ACCESS_READ | DEVICE_ACCESS_WRITE },
};

static const char *startswith_or_null(const char *s, const char *prefix) {
        size_t l = strlen(prefix);

        return strncmp(s, prefix, l) == 0 ? s + l : NULL;
}

bool devbpf_needed(const CGroupPart *c) {
        return c->device_policy == DEVICE_POLICY_CLOSED || c->device_policy == DEVICE_POLICY_STRICT ||
                c->device_allow.n > 0;
}

const char *devbpf_access_to_string(unsigned access, char buf[static 4]) {
        char *p = buf;

        if (access & DEVICE_ACCESS_READ)
                *p++ = 'r';
        if (access & DEVICE_ACCESS_WRITE)
                *p++ = 'w';
        if (access & DEVICE_ACCESS_MKNOD)
                *p++ = 'm';
        *p = '\0';
        return buf;
}

static void rule_add(DevbpfRule **rules, size_t *n, char type, int major, int minor, unsigned access) {
        *rules = xrealloc(*rules, (*n + 1) * sizeof(DevbpfRule));
        (*rules)[(*n)++] = (DevbpfRule) {
                .type = type,
                .major = major,
                .minor = minor,
                .access = access,
        };
}

static int parse_uint(const char *s, size_t len, int *ret) {
        unsigned long v = 0;

        if (len == 0 || len > 9)
                return -EINVAL;
        for (size_t i = 0; i < len; i++) {
                if (!isdigit((unsigned char) s[i]))
                        return -EINVAL;
                v = v * 10 + (unsigned long) (s[i] - '0');
        }
        *ret = (int) v;
        return 0;
}

/* "MAJ:MIN" as in /dev/char/1:3. */
static int parse_major_minor(const char *s, int *ret_major, int *ret_minor) {
        const char *colon = strchr(s, ':');
        int major, minor;

        if (!colon)
                return -EINVAL;
        if (parse_uint(s, (size_t) (colon - s), &major) < 0 ||
            parse_uint(colon + 1, strlen(colon + 1), &minor) < 0)
                return -EINVAL;
        *ret_major = major;
        *ret_minor = minor;
        return 0;
}

/* Adds one rule per /proc/devices driver of the given type whose name matches the glob. */
static int resolve_driver_glob(char type, const char *glob, unsigned access, const char *proc_devices,
                               DevbpfRule **rules, size_t *n, size_t *ret_added) {
        _cleanup_fclose_ FILE *f = NULL;
        char line[256];
        bool in_section = false;
        size_t added = 0;

        f = fopen(proc_devices ?: "/proc/devices", "re");
        if (!f)
                return negative_errno();

        while (fgets(line, sizeof line, f)) {
                char *name, *end;
                int major;

                line[strcspn(line, "\n")] = '\0';
                if (streq(line, "Character devices:")) {
                        in_section = type == 'c';
                        continue;
                }
                if (streq(line, "Block devices:")) {
                        in_section = type == 'b';
                        continue;
                }
                if (!in_section || line[0] == '\0')
                        continue;

                name = line + strspn(line, " ");
                end = name + strspn(name, "0123456789");
                if (end == name || *end != ' ')
                        continue;
                if (parse_uint(name, (size_t) (end - name), &major) < 0)
                        continue;
                name = end + strspn(end, " ");
                if (fnmatch(glob, name, 0) != 0)
                        continue;

                /* Several drivers can share a major (4 = tty and /dev/vc/0): one rule is enough. */
                bool dup = false;
                for (size_t i = 0; i < *n; i++)
                        if ((*rules)[i].type == type && (*rules)[i].major == major &&
                            (*rules)[i].minor == DEVBPF_ANY && (*rules)[i].access == access)
                                dup = true;
                if (dup)
                        continue;

                rule_add(rules, n, type, major, DEVBPF_ANY, access);
                added++;
        }

        *ret_added = added;
        return 0;
}

int devbpf_resolve_rule(const char *path, unsigned access, const char *proc_devices,
                        DevbpfRule **rules, size_t *n, char **ret_message) {
        const char *rest;
        char type;
        int major, minor, r;

        assert(path);
        *ret_message = NULL;

        if (access == 0 || (access & ~DEVICE_ACCESS_ALL)) {
                *ret_message = xasprintf("invalid access mask for '%s'", path);
                return -EINVAL;
        }

        if ((rest = startswith_or_null(path, "/dev/char/")) || (rest = startswith_or_null(path, "/dev/block/"))) {
                type = path[5] == 'c' ? 'c' : 'b';
                if (parse_major_minor(rest, &major, &minor) < 0) {
                        *ret_message = xasprintf("invalid device node '%s', expected %sMAJOR:MINOR",
                                                 path, type == 'c' ? "/dev/char/" : "/dev/block/");
                        return -EINVAL;
                }
                rule_add(rules, n, type, major, minor, access);
                return 0;
        }

        if (path[0] == '/') {
                struct stat st;

                if (stat(path, &st) < 0) {
                        *ret_message = xasprintf("cannot access device node '%s' (%s), rule not added",
                                                 path, strerror(errno));
                        return 0;
                }
                if (!S_ISCHR(st.st_mode) && !S_ISBLK(st.st_mode)) {
                        *ret_message = xasprintf("'%s' is not a device node, rule not added", path);
                        return 0;
                }
                rule_add(rules, n, S_ISCHR(st.st_mode) ? 'c' : 'b',
                         (int) major(st.st_rdev), (int) minor(st.st_rdev), access);
                return 0;
        }

        if ((rest = startswith_or_null(path, "char-")))
                type = 'c';
        else if ((rest = startswith_or_null(path, "block-")))
                type = 'b';
        else {
                *ret_message = xasprintf("invalid device '%s': expected a /dev/ path, char-NAME or block-NAME",
                                         path);
                return -EINVAL;
        }

        if (isempty(rest)) {
                *ret_message = xasprintf("invalid device '%s': missing driver name after '%s'",
                                         path, type == 'c' ? "char-" : "block-");
                return -EINVAL;
        }

        if (streq(rest, "*")) {
                rule_add(rules, n, type, DEVBPF_ANY, DEVBPF_ANY, access);
                return 0;
        }

        if (parse_uint(rest, strlen(rest), &major) >= 0) {
                rule_add(rules, n, type, major, DEVBPF_ANY, access);
                return 0;
        }

        size_t added = 0;
        r = resolve_driver_glob(type, rest, access, proc_devices, rules, n, &added);
        if (r < 0) {
                *ret_message = xasprintf("cannot read %s to resolve '%s': %s",
                                         proc_devices ?: "/proc/devices", path, strerror(-r));
                return 0;
        }
        if (added == 0)
                *ret_message = xasprintf("no %s device driver matches '%s' in %s, rule not added",
                                         type == 'c' ? "character" : "block", rest,
                                         proc_devices ?: "/proc/devices");
        return 0;
}

/* eBPF instruction builders (the uapi has no macros for eBPF, only for classic BPF). */
static struct bpf_insn insn(uint8_t code, uint8_t dst, uint8_t src, int16_t off, int32_t imm) {
        return (struct bpf_insn) { .code = code, .dst_reg = dst, .src_reg = src, .off = off, .imm = imm };
}
#define LDX_W(dst, src, off) insn(BPF_LDX | BPF_W | BPF_MEM, (dst), (src), (off), 0)
#define ALU32_IMM(op, dst, imm) insn(BPF_ALU | (op) | BPF_K, (dst), 0, 0, (imm))
#define MOV32_REG(dst, src) insn(BPF_ALU | BPF_MOV | BPF_X, (dst), (src), 0, 0)
#define MOV64_IMM(dst, imm) insn(BPF_ALU64 | BPF_MOV | BPF_K, (dst), 0, 0, (imm))
#define JNE_IMM(dst, imm, off) insn(BPF_JMP | BPF_JNE | BPF_K, (dst), 0, (off), (imm))
#define EXIT_INSN() insn(BPF_JMP | BPF_EXIT, 0, 0, 0, 0)

static unsigned access_to_bpf(unsigned access) {
        return ((access & DEVICE_ACCESS_READ) ? BPF_DEVCG_ACC_READ : 0) |
                ((access & DEVICE_ACCESS_WRITE) ? BPF_DEVCG_ACC_WRITE : 0) |
                ((access & DEVICE_ACCESS_MKNOD) ? BPF_DEVCG_ACC_MKNOD : 0);
}

int devbpf_generate(const DevbpfRule *rules, size_t n_rules, struct bpf_insn **ret_insns, size_t *ret_n) {
        struct bpf_insn *v;
        size_t n = 0;

        /* Prologue: 6, per rule at most 3 + 1 + 1 + 1 + 2 = 8, epilogue 2. */
        v = xcalloc(6 + 8 * n_rules + 2, sizeof(struct bpf_insn));

        /* r2 = device type, r3 = access, r4 = major, r5 = minor (struct bpf_cgroup_dev_ctx). */
        v[n++] = LDX_W(BPF_REG_2, BPF_REG_1, offsetof(struct bpf_cgroup_dev_ctx, access_type));
        v[n++] = ALU32_IMM(BPF_AND, BPF_REG_2, 0xFFFF);
        v[n++] = LDX_W(BPF_REG_3, BPF_REG_1, offsetof(struct bpf_cgroup_dev_ctx, access_type));
        v[n++] = ALU32_IMM(BPF_RSH, BPF_REG_3, 16);
        v[n++] = LDX_W(BPF_REG_4, BPF_REG_1, offsetof(struct bpf_cgroup_dev_ctx, major));
        v[n++] = LDX_W(BPF_REG_5, BPF_REG_1, offsetof(struct bpf_cgroup_dev_ctx, minor));

        for (size_t i = 0; i < n_rules; i++) {
                const DevbpfRule *rule = rules + i;
                unsigned acc = access_to_bpf(rule->access);
                bool check_acc = acc != (BPF_DEVCG_ACC_READ | BPF_DEVCG_ACC_WRITE | BPF_DEVCG_ACC_MKNOD);
                size_t block = 1 + (check_acc ? 3 : 0) + (rule->major != DEVBPF_ANY) +
                        (rule->minor != DEVBPF_ANY) + 2;
                size_t start = n;

                /* Each conditional jump skips to the first instruction after this rule's block. */
#define SKIP() ((int16_t) (start + block - (n + 1)))
                v[n] = JNE_IMM(BPF_REG_2, rule->type == 'c' ? BPF_DEVCG_DEV_CHAR : BPF_DEVCG_DEV_BLOCK, 0);
                v[n].off = SKIP();
                n++;
                if (check_acc) {
                        /* Deny when the request has any access bit the rule does not grant. */
                        v[n++] = MOV32_REG(BPF_REG_1, BPF_REG_3);
                        v[n++] = ALU32_IMM(BPF_AND, BPF_REG_1, (int32_t) ~acc);
                        v[n] = JNE_IMM(BPF_REG_1, 0, 0);
                        v[n].off = SKIP();
                        n++;
                }
                if (rule->major != DEVBPF_ANY) {
                        v[n] = JNE_IMM(BPF_REG_4, rule->major, 0);
                        v[n].off = SKIP();
                        n++;
                }
                if (rule->minor != DEVBPF_ANY) {
                        v[n] = JNE_IMM(BPF_REG_5, rule->minor, 0);
                        v[n].off = SKIP();
                        n++;
                }
#undef SKIP
                v[n++] = MOV64_IMM(BPF_REG_0, 1);
                v[n++] = EXIT_INSN();
                assert(n == start + block);
        }

        v[n++] = MOV64_IMM(BPF_REG_0, 0);
        v[n++] = EXIT_INSN();

        *ret_insns = v;
        *ret_n = n;
        return 0;
}

static const DirectiveOrigin *plan_origin(const SandboxPlan *p, const char *name) {
        for (size_t i = 0; i < p->n_set; i++)
                if (p->set[i].name && streq(p->set[i].name, name))
                        return p->set + i;
        return NULL;
}

int devbpf_compile(const SandboxPlan *p, const char *proc_devices, DiagList *diags, DevbpfProgram **ret) {
        _cleanup_(devbpf_program_freep) DevbpfProgram *prog = NULL;
        const CGroupPart *c = &p->cgroup;
        const DirectiveOrigin *o;
        bool failed = false;
        int r;

        if (!devbpf_needed(c)) {
                *ret = NULL;
                return 0;
        }

        prog = xcalloc(1, sizeof(DevbpfProgram));

        if (c->device_policy != DEVICE_POLICY_STRICT)
                for (size_t i = 0; i < ELEMENTSOF(static_allow_list); i++) {
                        _cleanup_free_ char *msg = NULL;

                        if (static_allow_list[i].path[0] == '/' && access(static_allow_list[i].path, F_OK) < 0)
                                continue;
                        (void) devbpf_resolve_rule(static_allow_list[i].path, static_allow_list[i].access,
                                                   proc_devices, &prog->rules, &prog->n_rules, &msg);
                }

        o = plan_origin(p, "DeviceAllow");
        for (size_t i = 0; i < c->device_allow.n; i++) {
                _cleanup_free_ char *msg = NULL;

                r = devbpf_resolve_rule(c->device_allow.items[i].path, c->device_allow.items[i].access,
                                        proc_devices, &prog->rules, &prog->n_rules, &msg);
                /* Entries the unit did not write (ProtectClock= implies "char-rtc r") are dropped silently when
                 * they do not resolve, like closed's static list: a warning would name a line that is not there. */
                if (msg && (o || r < 0))
                        diag_add(diags, r >= 0, o ? o->file : p->unit_path, o ? o->line : 0, "DeviceAllow",
                                 "DeviceAllow=: %s.", msg);
                if (r < 0)
                        failed = true;
        }
        if (failed)
                return -EINVAL;

        r = devbpf_generate(prog->rules, prog->n_rules, &prog->insns, &prog->n_insns);
        if (r < 0)
                return r;

        *ret = TAKE_PTR(prog);
        return 0;
}

DevbpfProgram *devbpf_program_free(DevbpfProgram *p) {
        if (!p)
                return NULL;
        free(p->rules);
        free(p->insns);
        free(p);
        return NULL;
}

void devbpf_program_dump(const DevbpfProgram *p, FILE *f) {
        if (!p) {
                fputs("no device filter\n", f);
                return;
        }
        for (size_t i = 0; i < p->n_rules; i++) {
                const DevbpfRule *rule = p->rules + i;
                char acc[4], maj[16], min[16];

                if (rule->major == DEVBPF_ANY)
                        strcpy(maj, "*");
                else
                        snprintf(maj, sizeof maj, "%d", rule->major);
                if (rule->minor == DEVBPF_ANY)
                        strcpy(min, "*");
                else
                        snprintf(min, sizeof min, "%d", rule->minor);
                fprintf(f, "allow %s %s:%s %s\n", rule->type == 'c' ? "char" : "block", maj, min,
                        devbpf_access_to_string(rule->access, acc));
        }
        fputs("deny everything else\n", f);
}
