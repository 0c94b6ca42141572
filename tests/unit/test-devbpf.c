/* SPDX-License-Identifier: MIT */
/* The device program generator: rules resolved from paths and a /proc/devices fixture, and the generated
 * instructions run through a small interpreter of the eBPF subset the generator emits (the kernel has no
 * BPF_PROG_TEST_RUN for cgroup device programs). The real program is attached on the host by
 * tests/host/test-cgroupfs-devices.sh. */
#include <stdint.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

#include "devbpf.h"
#include "tests.h"

static char *fixture(void) {
        const char *root = getenv("SANDBOXCTL_SOURCE_ROOT");

        return xasprintf("%s/tests/data/devbpf/proc-devices", root ?: ".");
}

/* Runs the program for one access; returns the program's r0, or -1 on an instruction the interpreter does
 * not know / a jump out of range / a read outside the context (all of which the generator must never emit). */
static int run(const struct bpf_insn *insns, size_t n, char type, unsigned major, unsigned minor, unsigned bpf_acc) {
        struct bpf_cgroup_dev_ctx ctx = {
                .access_type = (type == 'c' ? BPF_DEVCG_DEV_CHAR : BPF_DEVCG_DEV_BLOCK) | (bpf_acc << 16),
                .major = major,
                .minor = minor,
        };
        uint64_t reg[11] = {};
        bool r1_is_ctx = true;

        for (size_t pc = 0; pc < n; pc++) {
                const struct bpf_insn *i = insns + pc;

                switch (i->code) {
                case BPF_LDX | BPF_W | BPF_MEM:
                        if (i->src_reg != BPF_REG_1 || !r1_is_ctx || i->off < 0 ||
                            (size_t) i->off + 4 > sizeof ctx || i->off % 4 != 0)
                                return -1;
                        reg[i->dst_reg] = *(uint32_t *) ((uint8_t *) &ctx + i->off);
                        break;
                case BPF_ALU | BPF_AND | BPF_K:
                        reg[i->dst_reg] = (uint32_t) reg[i->dst_reg] & (uint32_t) i->imm;
                        break;
                case BPF_ALU | BPF_RSH | BPF_K:
                        reg[i->dst_reg] = (uint32_t) reg[i->dst_reg] >> i->imm;
                        break;
                case BPF_ALU | BPF_MOV | BPF_X:
                        reg[i->dst_reg] = (uint32_t) reg[i->src_reg];
                        if (i->dst_reg == BPF_REG_1)
                                r1_is_ctx = false;
                        break;
                case BPF_ALU64 | BPF_MOV | BPF_K:
                        reg[i->dst_reg] = (uint64_t) (int64_t) i->imm;
                        break;
                case BPF_JMP | BPF_JNE | BPF_K:
                        if (reg[i->dst_reg] != (uint64_t) (int64_t) i->imm) {
                                if (i->off < 0 || pc + 1 + (size_t) i->off >= n)
                                        return -1;
                                pc += (size_t) i->off;
                        }
                        break;
                case BPF_JMP | BPF_EXIT:
                        return (int) reg[0];
                default:
                        return -1;
                }
        }
        return -1; /* fell off the end */
}

#define R BPF_DEVCG_ACC_READ
#define W BPF_DEVCG_ACC_WRITE
#define M BPF_DEVCG_ACC_MKNOD

TEST(generate_empty_denies_everything) {
        struct bpf_insn *insns = NULL;
        size_t n = 0;

        ASSERT_OK(devbpf_generate(NULL, 0, &insns, &n));
        ASSERT_EQ(n, 8u);
        ASSERT_EQ(insns[n - 1].code, BPF_JMP | BPF_EXIT);
        ASSERT_EQ(run(insns, n, 'c', 1, 3, R), 0);
        ASSERT_EQ(run(insns, n, 'b', 8, 0, R | W | M), 0);
        free(insns);
}

TEST(generate_exact_rule) {
        DevbpfRule rules[] = { { 'c', 1, 3, DEVICE_ACCESS_READ | DEVICE_ACCESS_WRITE } };
        struct bpf_insn *insns = NULL;
        size_t n = 0;

        ASSERT_OK(devbpf_generate(rules, 1, &insns, &n));
        /* prologue 6 + type 1 + access 3 + major 1 + minor 1 + allow 2 + deny 2 */
        ASSERT_EQ(n, 16u);
        ASSERT_EQ(run(insns, n, 'c', 1, 3, R), 1);
        ASSERT_EQ(run(insns, n, 'c', 1, 3, W), 1);
        ASSERT_EQ(run(insns, n, 'c', 1, 3, R | W), 1);
        ASSERT_EQ(run(insns, n, 'c', 1, 3, M), 0);       /* mknod not granted */
        ASSERT_EQ(run(insns, n, 'c', 1, 3, R | M), 0);
        ASSERT_EQ(run(insns, n, 'c', 1, 5, R), 0);       /* other minor */
        ASSERT_EQ(run(insns, n, 'c', 2, 3, R), 0);       /* other major */
        ASSERT_EQ(run(insns, n, 'b', 1, 3, R), 0);       /* block, not char */
        free(insns);
}

TEST(generate_wildcards_and_order) {
        DevbpfRule rules[] = {
                { 'b', DEVBPF_ANY, DEVBPF_ANY, DEVICE_ACCESS_READ },   /* block-* r */
                { 'c', 136, DEVBPF_ANY, DEVICE_ACCESS_ALL },            /* char-pts rwm */
                { 'c', 1, 5, DEVICE_ACCESS_MKNOD },                     /* /dev/zero m */
        };
        struct bpf_insn *insns = NULL;
        size_t n = 0;

        ASSERT_OK(devbpf_generate(rules, ELEMENTSOF(rules), &insns, &n));
        ASSERT_EQ(run(insns, n, 'b', 8, 0, R), 1);
        ASSERT_EQ(run(insns, n, 'b', 254, 17, R), 1);
        ASSERT_EQ(run(insns, n, 'b', 8, 0, W), 0);
        ASSERT_EQ(run(insns, n, 'c', 136, 0, R | W | M), 1);
        ASSERT_EQ(run(insns, n, 'c', 136, 99, W), 1);
        ASSERT_EQ(run(insns, n, 'c', 137, 0, R), 0);
        ASSERT_EQ(run(insns, n, 'c', 1, 5, M), 1);
        ASSERT_EQ(run(insns, n, 'c', 1, 5, R), 0);
        ASSERT_EQ(run(insns, n, 'c', 1, 3, R), 0);
        free(insns);
}

static size_t resolve(const char *path, unsigned access, DevbpfRule **rules, size_t *n, int *ret_r, char **ret_msg) {
        _cleanup_free_ char *fx = fixture();
        size_t before = *n;

        *ret_r = devbpf_resolve_rule(path, access, fx, rules, n, ret_msg);
        return *n - before;
}

TEST(resolve_paths) {
        _cleanup_free_ DevbpfRule *rules = NULL;
        _cleanup_free_ char *msg = NULL;
        size_t n = 0;
        struct stat st;
        int r;

        ASSERT_EQ(resolve("/dev/char/1:3", DEVICE_ACCESS_READ, &rules, &n, &r, &msg), 1u);
        ASSERT_OK(r);
        ASSERT_NULL(msg);
        ASSERT_EQ(rules[0].type, 'c');
        ASSERT_EQ(rules[0].major, 1);
        ASSERT_EQ(rules[0].minor, 3);
        ASSERT_EQ(rules[0].access, DEVICE_ACCESS_READ);

        ASSERT_EQ(resolve("/dev/block/8:16", DEVICE_ACCESS_ALL, &rules, &n, &r, &msg), 1u);
        ASSERT_EQ(rules[1].type, 'b');
        ASSERT_EQ(rules[1].major, 8);
        ASSERT_EQ(rules[1].minor, 16);

        /* A real node: stat()ed, major/minor from st_rdev. */
        ASSERT_TRUE(stat("/dev/null", &st) >= 0);
        ASSERT_EQ(resolve("/dev/null", DEVICE_ACCESS_ALL, &rules, &n, &r, &msg), 1u);
        ASSERT_EQ(rules[2].type, 'c');
        ASSERT_EQ(rules[2].major, (int) major(st.st_rdev));
        ASSERT_EQ(rules[2].minor, (int) minor(st.st_rdev));

        /* Missing node and non-device: no rule, a message, but no error (systemd drops them too). */
        ASSERT_EQ(resolve("/dev/does-not-exist-sandboxctl", DEVICE_ACCESS_ALL, &rules, &n, &r, &msg), 0u);
        ASSERT_OK(r);
        ASSERT_NOT_NULL(msg);
        free(msg);
        msg = NULL;
        ASSERT_EQ(resolve("/etc/passwd", DEVICE_ACCESS_ALL, &rules, &n, &r, &msg), 0u);
        ASSERT_OK(r);
        ASSERT_NOT_NULL(msg);
        free(msg);
        msg = NULL;

        /* Malformed: errors. */
        ASSERT_EQ(resolve("/dev/char/1", DEVICE_ACCESS_ALL, &rules, &n, &r, &msg), 0u);
        ASSERT_ERROR(r, EINVAL);
        free(msg);
        msg = NULL;
        ASSERT_EQ(resolve("pts", DEVICE_ACCESS_ALL, &rules, &n, &r, &msg), 0u);
        ASSERT_ERROR(r, EINVAL);
        free(msg);
        msg = NULL;
        ASSERT_EQ(resolve("char-", DEVICE_ACCESS_ALL, &rules, &n, &r, &msg), 0u);
        ASSERT_ERROR(r, EINVAL);
        free(msg);
        msg = NULL;
}

TEST(resolve_drivers) {
        _cleanup_free_ DevbpfRule *rules = NULL;
        _cleanup_free_ char *msg = NULL;
        size_t n = 0;
        int r;

        ASSERT_EQ(resolve("char-pts", DEVICE_ACCESS_READ | DEVICE_ACCESS_WRITE, &rules, &n, &r, &msg), 1u);
        ASSERT_OK(r);
        ASSERT_EQ(rules[0].type, 'c');
        ASSERT_EQ(rules[0].major, 136);
        ASSERT_EQ(rules[0].minor, DEVBPF_ANY);

        /* Glob: usb (180) and usb_device (189). */
        ASSERT_EQ(resolve("char-usb*", DEVICE_ACCESS_ALL, &rules, &n, &r, &msg), 2u);
        ASSERT_EQ(rules[1].major, 180);
        ASSERT_EQ(rules[2].major, 189);

        /* Only the block section is searched for block-: "virtblk" is 254 there, "gpiochip" 254 in char. */
        ASSERT_EQ(resolve("block-virtblk", DEVICE_ACCESS_READ, &rules, &n, &r, &msg), 1u);
        ASSERT_EQ(rules[3].type, 'b');
        ASSERT_EQ(rules[3].major, 254);
        ASSERT_EQ(resolve("block-gpiochip", DEVICE_ACCESS_READ, &rules, &n, &r, &msg), 0u);
        ASSERT_OK(r);
        ASSERT_NOT_NULL(msg);
        free(msg);
        msg = NULL;

        /* tty: major 4 listed under three names, and a glob matching two of them yields one rule. */
        ASSERT_EQ(resolve("char-tty*", DEVICE_ACCESS_ALL, &rules, &n, &r, &msg), 1u);
        ASSERT_EQ(rules[4].major, 4);

        /* Numeric major and type wildcards. */
        ASSERT_EQ(resolve("char-195", DEVICE_ACCESS_ALL, &rules, &n, &r, &msg), 1u);
        ASSERT_EQ(rules[5].major, 195);
        ASSERT_EQ(rules[5].minor, DEVBPF_ANY);
        ASSERT_EQ(resolve("block-*", DEVICE_ACCESS_READ, &rules, &n, &r, &msg), 1u);
        ASSERT_EQ(rules[6].type, 'b');
        ASSERT_EQ(rules[6].major, DEVBPF_ANY);
        ASSERT_NULL(msg);
}

static void plan_init(SandboxPlan *p, DevicePolicy policy, DeviceRule *items, size_t n) {
        *p = (SandboxPlan) {
                .unit_name = (char *) "test.unit",
                .unit_path = (char *) "/tmp/test.unit",
        };
        p->cgroup.device_policy = policy;
        p->cgroup.device_allow.items = items;
        p->cgroup.device_allow.n = n;
}

static bool allows(const DevbpfProgram *prog, char type, unsigned major, unsigned minor, unsigned acc) {
        return run(prog->insns, prog->n_insns, type, major, minor, acc) == 1;
}

TEST(compile_policies) {
        _cleanup_free_ char *fx = fixture();
        DeviceRule items[] = {
                { (char *) "/dev/char/10:200", DEVICE_ACCESS_READ | DEVICE_ACCESS_WRITE },
                { (char *) "char-nonexistent-driver", DEVICE_ACCESS_READ },
        };
        DevbpfProgram *prog = NULL;
        DiagList diags = {};
        SandboxPlan p;

        /* auto without entries: no filter at all. */
        plan_init(&p, DEVICE_POLICY_AUTO, NULL, 0);
        ASSERT_FALSE(devbpf_needed(&p.cgroup));
        ASSERT_OK(devbpf_compile(&p, fx, &diags, &prog));
        ASSERT_NULL(prog);

        /* strict without entries: deny everything, /dev/null included. */
        plan_init(&p, DEVICE_POLICY_STRICT, NULL, 0);
        ASSERT_OK(devbpf_compile(&p, fx, &diags, &prog));
        ASSERT_NOT_NULL(prog);
        ASSERT_EQ(prog->n_rules, 0u);
        ASSERT_FALSE(allows(prog, 'c', 1, 3, BPF_DEVCG_ACC_READ));
        prog = devbpf_program_free(prog);

        /* closed: the static list (char 1:3, 1:5, 5:0, 5:2, pts rw) and nothing else. */
        plan_init(&p, DEVICE_POLICY_CLOSED, NULL, 0);
        ASSERT_OK(devbpf_compile(&p, fx, &diags, &prog));
        ASSERT_TRUE(allows(prog, 'c', 1, 3, BPF_DEVCG_ACC_READ | BPF_DEVCG_ACC_WRITE | BPF_DEVCG_ACC_MKNOD));
        ASSERT_TRUE(allows(prog, 'c', 1, 5, BPF_DEVCG_ACC_READ));
        ASSERT_TRUE(allows(prog, 'c', 1, 7, BPF_DEVCG_ACC_WRITE));   /* full */
        ASSERT_TRUE(allows(prog, 'c', 1, 8, BPF_DEVCG_ACC_READ));    /* random */
        ASSERT_TRUE(allows(prog, 'c', 1, 9, BPF_DEVCG_ACC_READ));    /* urandom */
        ASSERT_TRUE(allows(prog, 'c', 5, 0, BPF_DEVCG_ACC_READ));    /* tty */
        ASSERT_TRUE(allows(prog, 'c', 5, 2, BPF_DEVCG_ACC_READ));    /* ptmx */
        ASSERT_TRUE(allows(prog, 'c', 136, 4, BPF_DEVCG_ACC_READ | BPF_DEVCG_ACC_WRITE));
        ASSERT_FALSE(allows(prog, 'c', 136, 4, BPF_DEVCG_ACC_MKNOD)); /* pts is rw only */
        ASSERT_FALSE(allows(prog, 'c', 1, 1, BPF_DEVCG_ACC_READ));    /* /dev/mem */
        ASSERT_FALSE(allows(prog, 'b', 254, 0, BPF_DEVCG_ACC_READ));  /* a disk */
        ASSERT_FALSE(allows(prog, 'c', 10, 200, BPF_DEVCG_ACC_READ));
        prog = devbpf_program_free(prog);
        ASSERT_EQ(diags.n, 0u);

        /* auto with entries behaves as closed + entries; an unmatched driver is a warning with FILE:LINE. */
        DirectiveOrigin origin = { .name = "DeviceAllow", .file = (char *) "/tmp/test.unit", .line = 7 };
        plan_init(&p, DEVICE_POLICY_AUTO, items, ELEMENTSOF(items));
        p.set = &origin;
        p.n_set = 1;
        ASSERT_TRUE(devbpf_needed(&p.cgroup));
        ASSERT_OK(devbpf_compile(&p, fx, &diags, &prog));
        ASSERT_TRUE(allows(prog, 'c', 1, 3, BPF_DEVCG_ACC_READ));
        ASSERT_TRUE(allows(prog, 'c', 10, 200, BPF_DEVCG_ACC_READ | BPF_DEVCG_ACC_WRITE));
        ASSERT_FALSE(allows(prog, 'c', 10, 200, BPF_DEVCG_ACC_MKNOD));
        ASSERT_FALSE(allows(prog, 'c', 10, 201, BPF_DEVCG_ACC_READ));
        ASSERT_EQ(diags.n, 1u);
        ASSERT_TRUE(diags.items[0].warning);
        ASSERT_EQ(diags.items[0].line, 7u);
        ASSERT_STREQ(diags.items[0].directive, "DeviceAllow");
        ASSERT_TRUE(strstr(diags.items[0].message, "nonexistent-driver") != NULL);
        prog = devbpf_program_free(prog);

        /* strict with entries: only the entries. */
        plan_init(&p, DEVICE_POLICY_STRICT, items, 1);
        ASSERT_OK(devbpf_compile(&p, fx, &diags, &prog));
        ASSERT_EQ(prog->n_rules, 1u);
        ASSERT_FALSE(allows(prog, 'c', 1, 3, BPF_DEVCG_ACC_READ));
        ASSERT_TRUE(allows(prog, 'c', 10, 200, BPF_DEVCG_ACC_WRITE));
        prog = devbpf_program_free(prog);

        /* A malformed entry is an error and yields no program. */
        DeviceRule bad[] = { { (char *) "/dev/char/x:1", DEVICE_ACCESS_READ } };
        plan_init(&p, DEVICE_POLICY_CLOSED, bad, 1);
        ASSERT_ERROR(devbpf_compile(&p, fx, &diags, &prog), EINVAL);
        ASSERT_NULL(prog);
        ASSERT_FALSE(diags.items[diags.n - 1].warning);
        diag_list_done(&diags);
}

TEST(access_string_and_dump) {
        char buf[4];
        DevbpfRule rules[] = { { 'c', 1, 3, DEVICE_ACCESS_READ }, { 'b', DEVBPF_ANY, DEVBPF_ANY, DEVICE_ACCESS_ALL } };
        DevbpfProgram prog = { .rules = rules, .n_rules = 2 };
        char *out = NULL;
        size_t len = 0;
        FILE *f;

        ASSERT_STREQ(devbpf_access_to_string(DEVICE_ACCESS_ALL, buf), "rwm");
        ASSERT_STREQ(devbpf_access_to_string(DEVICE_ACCESS_WRITE | DEVICE_ACCESS_MKNOD, buf), "wm");
        f = open_memstream(&out, &len);
        devbpf_program_dump(&prog, f);
        fclose(f);
        ASSERT_STREQ(out, "allow char 1:3 r\nallow block *:* rwm\ndeny everything else\n");
        free(out);
}

TEST_MAIN();
