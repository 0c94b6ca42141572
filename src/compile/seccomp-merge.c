/* SPDX-License-Identifier: MIT */
/* Stacked seccomp programs → one program with the same verdict for every system call.
 *
 * Why: the kernel JIT-compiles and allocates every program separately; for the benchmark's kitchen sink,
 * loading its 14 programs cost 3.4 ms per start on the development machine against 0.35 ms for the largest
 * one alone (docs/PERFORMANCE.md). The per-directive programs stay what `--dry-run`, `-v` and the cache see;
 * only the load uses the merged form.
 *
 * The kernel's rule (kernel/seccomp.c, seccomp_run_filters()): the filters run from the last loaded to the
 * first; starting from SECCOMP_RET_ALLOW, a filter's return value replaces the current one when its action,
 * (s32)(ret & SECCOMP_RET_ACTION_FULL), is strictly smaller. The merged program does exactly that: each
 * input program runs in that order with A = X = 0, its "ret" instructions become jumps to a combine block
 * that keeps the best value in scratch memory, and the end returns it. Classic BPF compares unsigned only,
 * so the signed order is compared on the action plus 0x80000000 (the sign bit flipped).
 *
 * Every "ret" is replaced by exactly one jump, so the input program's own (8-bit) jump offsets stay valid;
 * a "ret #K" jumps to a two-instruction stub "ld #K; ja combine" after the program. The input programs must
 * not use the scratch words this program reserves; one that does, or a result too long for the kernel,
 * makes the merge decline (the caller then loads the programs as they are).
 *
 * The kernel's action cache (kernel/seccomp.c, seccomp_cache_prepare(), Linux >= 5.11) lets a system call
 * skip the filters entirely when every filter allows it whatever its arguments. It finds those calls by
 * emulating each filter with only the number and architecture known, and its emulator understands only
 * loads of those two, jumps on constants, "and" with a constant and "ret" of a constant: it gives up on the
 * merged body (scratch memory), which would make every system call run the filter. So the merged program
 * starts with a prefix in exactly that subset that returns ALLOW for the (architecture, number) pairs that
 * every input program allows unconditionally, found with the same emulation: the cache then sees the same
 * always-allowed calls as with the stacked programs. */
#include <errno.h>
#include <linux/audit.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "seccomp-merge.h"

/* Scratch words of the merged program (BPF_MEMWORDS is 16). */
#define M_CUR 13  /* the return value of the program that just ran */
#define M_KEY 14  /* the best value's action, sign bit flipped: smaller wins */
#define M_BEST 15 /* the best return value so far */

/* The system call numbers the prefix covers: above every architecture's table (x86-64 ends below 470). */
#define PREFIX_NR_MAX 512U

#define ACTION_KEY(ret) ((((uint32_t) (ret)) & SECCOMP_RET_ACTION_FULL) + 0x80000000U)

typedef struct Emitter {
        struct sock_filter *insns;
        size_t n, allocated;
} Emitter;

static void emit(Emitter *e, uint16_t code, uint8_t jt, uint8_t jf, uint32_t k) {
        if (e->n >= e->allocated) {
                e->allocated = e->allocated ? e->allocated * 2 : 256;
                e->insns = xrealloc(e->insns, e->allocated * sizeof(struct sock_filter));
        }
        e->insns[e->n++] = (struct sock_filter) { .code = code, .jt = jt, .jf = jf, .k = k };
}

/* Whether a program can be embedded: only return forms the kernel accepts for seccomp, and none of the
 * scratch words reserved above. */
static bool program_embeddable(const SyscallFilter *f) {
        for (size_t i = 0; i < f->n_insns; i++) {
                const struct sock_filter *in = &f->insns[i];
                uint16_t cls = BPF_CLASS(in->code);

                if (cls == BPF_RET && BPF_RVAL(in->code) != BPF_K && BPF_RVAL(in->code) != BPF_A)
                        return false;
                if (((cls == BPF_LD || cls == BPF_LDX) && BPF_MODE(in->code) == BPF_MEM) || cls == BPF_ST ||
                    cls == BPF_STX)
                        if (in->k >= M_CUR)
                                return false;
        }
        return f->n_insns > 0;
}

/* Appends one input program, its stubs and the combine block; the next program starts right after. */
static void emit_program(Emitter *e, const SyscallFilter *f) {
        size_t base, stubs, n_stubs = 0, combine;
        uint32_t *stub_k;

        /* The kernel starts every program with A = X = 0. */
        emit(e, BPF_LD | BPF_W | BPF_IMM, 0, 0, 0);
        emit(e, BPF_LDX | BPF_W | BPF_IMM, 0, 0, 0);

        /* One stub per distinct "ret #K" value. */
        stub_k = xmalloc(f->n_insns * sizeof(uint32_t));
        for (size_t i = 0; i < f->n_insns; i++) {
                const struct sock_filter *in = &f->insns[i];
                size_t j;

                if (BPF_CLASS(in->code) != BPF_RET || BPF_RVAL(in->code) != BPF_K)
                        continue;
                for (j = 0; j < n_stubs && stub_k[j] != in->k; j++)
                        ;
                if (j == n_stubs)
                        stub_k[n_stubs++] = in->k;
        }

        base = e->n;
        stubs = base + f->n_insns;
        combine = stubs + 2 * n_stubs;
        for (size_t i = 0; i < f->n_insns; i++) {
                const struct sock_filter *in = &f->insns[i];
                size_t target;

                if (BPF_CLASS(in->code) != BPF_RET) {
                        emit(e, in->code, in->jt, in->jf, in->k);
                        continue;
                }
                if (BPF_RVAL(in->code) == BPF_A)
                        target = combine;
                else {
                        size_t j;

                        for (j = 0; stub_k[j] != in->k; j++)
                                ;
                        target = stubs + 2 * j;
                }
                emit(e, BPF_JMP | BPF_JA, 0, 0, (uint32_t) (target - (base + i) - 1));
        }
        for (size_t j = 0; j < n_stubs; j++) {
                emit(e, BPF_LD | BPF_W | BPF_IMM, 0, 0, stub_k[j]);
                emit(e, BPF_JMP | BPF_JA, 0, 0, (uint32_t) (combine - e->n - 1));
        }
        free(stub_k);

        /* combine: A is this program's verdict; keep it when its action is strictly stronger. */
        emit(e, BPF_ST, 0, 0, M_CUR);
        emit(e, BPF_ALU | BPF_AND | BPF_K, 0, 0, SECCOMP_RET_ACTION_FULL);
        emit(e, BPF_ALU | BPF_ADD | BPF_K, 0, 0, 0x80000000U);
        emit(e, BPF_LDX | BPF_W | BPF_MEM, 0, 0, M_KEY);
        emit(e, BPF_JMP | BPF_JGE | BPF_X, 3, 0, 0); /* A >= best: not stronger, keep the best */
        emit(e, BPF_ST, 0, 0, M_KEY);
        emit(e, BPF_LD | BPF_W | BPF_MEM, 0, 0, M_CUR);
        emit(e, BPF_ST, 0, 0, M_BEST);
}

/* The architectures the kernel keeps an action cache for: native and compat. */
static const uint32_t cache_arches[] = {
#if defined(__x86_64__)
        AUDIT_ARCH_X86_64, AUDIT_ARCH_I386,
#elif defined(__aarch64__)
        AUDIT_ARCH_AARCH64, AUDIT_ARCH_ARM,
#endif
};

/* The kernel's emulation (seccomp_is_const_allow()): does the program allow (arch, nr) whatever the
 * arguments? Anything it does not understand means "no". */
static bool const_allow(const SyscallFilter *f, uint32_t arch, uint32_t nr) {
        uint32_t a = 0;

        for (size_t pc = 0; pc < f->n_insns; pc++) {
                const struct sock_filter *in = &f->insns[pc];

                switch (in->code) {
                case BPF_LD | BPF_W | BPF_ABS:
                        if (in->k == offsetof(struct seccomp_data, nr))
                                a = nr;
                        else if (in->k == offsetof(struct seccomp_data, arch))
                                a = arch;
                        else
                                return false;
                        break;
                case BPF_RET | BPF_K:
                        return in->k == SECCOMP_RET_ALLOW;
                case BPF_JMP | BPF_JA:
                        pc += in->k;
                        break;
                case BPF_JMP | BPF_JEQ | BPF_K:
                        pc += a == in->k ? in->jt : in->jf;
                        break;
                case BPF_JMP | BPF_JGE | BPF_K:
                        pc += a >= in->k ? in->jt : in->jf;
                        break;
                case BPF_JMP | BPF_JGT | BPF_K:
                        pc += a > in->k ? in->jt : in->jf;
                        break;
                case BPF_JMP | BPF_JSET | BPF_K:
                        pc += (a & in->k) ? in->jt : in->jf;
                        break;
                case BPF_ALU | BPF_AND | BPF_K:
                        a &= in->k;
                        break;
                default:
                        return false;
                }
        }
        return false;
}

typedef struct Range {
        uint32_t lo, hi;
} Range;

/* The numbers below PREFIX_NR_MAX that every program of items [from, to) allows unconditionally on arch, as
 * ascending ranges. */
static size_t allowed_ranges(const SyscallFilter *items, size_t from, size_t to, uint32_t arch,
                             Range ret[static PREFIX_NR_MAX]) {
        size_t n = 0;

        for (uint32_t nr = 0; nr < PREFIX_NR_MAX; nr++) {
                bool all = true;

                for (size_t i = from; i < to && all; i++)
                        all = const_allow(&items[i], arch, nr);
                if (!all)
                        continue;
                if (n > 0 && ret[n - 1].hi + 1 == nr)
                        ret[n - 1].hi = nr;
                else
                        ret[n++] = (Range) { nr, nr };
        }
        return n;
}

/* The prefix: for each cached architecture, "ret ALLOW" for the numbers every program of items [from, to)
 * allows unconditionally; everything else jumps to the body that follows. The ranges are grouped in blocks
 * of PREFIX_BLOCK numbers, each skipped with one comparison when the number is above it, so a call that is
 * not always allowed makes at most a few dozen comparisons. At most budget instructions: ranges that do
 * not fit are left out (those calls get their verdict from the body, the cache just does not know them).
 * Jumps to the body are patched by the caller: their indexes are collected in *to_body. */
#define PREFIX_BLOCK 64U
static void emit_prefix(Emitter *e, const SyscallFilter *items, size_t from, size_t to, size_t budget,
                        size_t **to_body, size_t *n_to_body) {
        size_t arch_jumps[ELEMENTSOF(cache_arches) + 1], start = e->n;
        _cleanup_free_ Range *ranges = NULL;

        if (ELEMENTSOF(cache_arches) == 0 || budget < 16)
                return;
        ranges = xmalloc(PREFIX_NR_MAX * sizeof(Range));
        *to_body = xmalloc((2 + ELEMENTSOF(cache_arches) * (1 + 2 * PREFIX_NR_MAX)) * sizeof(size_t));
#define TO_BODY() ((*to_body)[(*n_to_body)++] = e->n, emit(e, BPF_JMP | BPF_JA, 0, 0, 0))

        emit(e, BPF_LD | BPF_W | BPF_ABS, 0, 0, offsetof(struct seccomp_data, arch));
        for (size_t ai = 0; ai < ELEMENTSOF(cache_arches); ai++) {
                emit(e, BPF_JMP | BPF_JEQ | BPF_K, 0, 1, cache_arches[ai]);
                arch_jumps[ai] = e->n;
                emit(e, BPF_JMP | BPF_JA, 0, 0, 0); /* patched below */
        }
        TO_BODY();

        for (size_t ai = 0; ai < ELEMENTSOF(cache_arches); ai++) {
                size_t n = allowed_ranges(items, from, to, cache_arches[ai], ranges);
                /* What is left for this and the following architectures, shared evenly. */
                size_t left = (budget - MIN(budget, e->n - start)) / (ELEMENTSOF(cache_arches) - ai);

                e->insns[arch_jumps[ai]].k = (uint32_t) (e->n - arch_jumps[ai] - 1);
                emit(e, BPF_LD | BPF_W | BPF_ABS, 0, 0, offsetof(struct seccomp_data, nr));
                for (size_t r = 0; r < n;) {
                        uint32_t block_end = (ranges[r].lo / PREFIX_BLOCK + 1) * PREFIX_BLOCK - 1;
                        size_t skip = e->n, k;

                        /* This block's ranges (one that runs past the block ends it), if they all fit. */
                        for (k = r; k < n && ranges[k].lo <= block_end; k++)
                                ;
                        if (4 * (k - r) + 3 > left)
                                break;
                        left -= 4 * (k - r) + 1;
                        block_end = MAX(block_end, ranges[k - 1].hi);
                        emit(e, BPF_JMP | BPF_JGT | BPF_K, 0, 0, block_end); /* jt patched: past the block */
                        for (; r < k; r++) {
                                /* [lo, hi]: below lo → body (the ranges ascend); above → the next range. */
                                emit(e, BPF_JMP | BPF_JGE | BPF_K, 1, 0, ranges[r].lo);
                                TO_BODY();
                                emit(e, BPF_JMP | BPF_JGT | BPF_K, 1, 0, ranges[r].hi);
                                emit(e, BPF_RET | BPF_K, 0, 0, SECCOMP_RET_ALLOW);
                        }
                        e->insns[skip].jt = (uint8_t) (e->n - skip - 1); /* at most 4 × 32 */
                }
                TO_BODY();
        }
#undef TO_BODY
}

/* The merged program's length for items [from, to), an upper bound. */
static size_t merged_length(const SyscallFilter *items, size_t from, size_t to) {
        size_t n = 4 + 2; /* prologue, epilogue; the prefix takes what is left (emit_prefix()) */

        for (size_t i = from; i < to; i++) {
                size_t n_ret_k = 0;

                for (size_t k = 0; k < items[i].n_insns; k++)
                        n_ret_k += BPF_CLASS(items[i].insns[k].code) == BPF_RET &&
                                   BPF_RVAL(items[i].insns[k].code) == BPF_K;
                n += 2 + items[i].n_insns + 2 * n_ret_k + 8; /* upper bound: a stub per ret #K */
        }
        return n;
}

/* Items [from, to) as one program, evaluated last to first like the kernel. */
static void merge_range(const SyscallFilter *items, size_t from, size_t to, SyscallFilter *ret) {
        _cleanup_free_ size_t *to_body = NULL;
        size_t n_rules = 0, n_to_body = 0;
        Emitter e = {};

        if (to - from == 1) { /* alone: as it is */
                *ret = items[from];
                ret->insns = xmalloc(items[from].n_insns * sizeof(struct sock_filter));
                memcpy(ret->insns, items[from].insns, items[from].n_insns * sizeof(struct sock_filter));
                return;
        }
        emit_prefix(&e, items, from, to, BPF_MAXINSNS - merged_length(items, from, to), &to_body, &n_to_body);
        for (size_t i = 0; i < n_to_body; i++) /* the body starts here */
                e.insns[to_body[i]].k = (uint32_t) (e.n - to_body[i] - 1);

        emit(&e, BPF_LD | BPF_W | BPF_IMM, 0, 0, SECCOMP_RET_ALLOW);
        emit(&e, BPF_ST, 0, 0, M_BEST);
        emit(&e, BPF_LD | BPF_W | BPF_IMM, 0, 0, ACTION_KEY(SECCOMP_RET_ALLOW));
        emit(&e, BPF_ST, 0, 0, M_KEY);
        for (size_t i = to; i > from; i--) {
                emit_program(&e, &items[i - 1]);
                n_rules += items[i - 1].n_rules;
        }
        emit(&e, BPF_LD | BPF_W | BPF_MEM, 0, 0, M_BEST);
        emit(&e, BPF_RET | BPF_A, 0, 0, 0);

        *ret = (SyscallFilter) {
                .directive = SECCOMP_MERGED_NAME,
                .insns = e.insns,
                .n_insns = e.n,
                .n_rules = n_rules,
        };
}

int syscall_filter_set_merge(const SyscallFilterSet *s, SyscallFilterSet **ret) {
        _cleanup_(syscall_filter_set_freep) SyscallFilterSet *m = NULL;
        size_t from = 0;

        if (!s || s->n < 2)
                return -EALREADY;
        for (size_t i = 0; i < s->n; i++)
                if (!program_embeddable(&s->items[i]))
                        return -EOPNOTSUPP;

        m = xcalloc(1, sizeof(SyscallFilterSet));
        m->may_kill = s->may_kill;
        m->items = xcalloc(s->n, sizeof(SyscallFilter));
        /* Greedy runs of consecutive programs, each within the kernel's limit: stacking the runs keeps the
         * overall order, so the verdict is the same. */
        while (from < s->n) {
                size_t to = from + 1;

                if (merged_length(s->items, from, to) > BPF_MAXINSNS)
                        return -E2BIG;
                while (to < s->n && merged_length(s->items, from, to + 1) <= BPF_MAXINSNS)
                        to++;
                merge_range(s->items, from, to, &m->items[m->n++]);
                from = to;
        }
        if (m->n >= s->n)
                return -EALREADY; /* nothing gained */
        *ret = TAKE_PTR(m);
        return 0;
}
