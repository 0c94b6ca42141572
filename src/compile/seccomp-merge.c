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
 * makes the merge decline (the caller then loads the programs as they are). */
#include <errno.h>
#include <linux/seccomp.h>
#include <stdlib.h>
#include <string.h>

#include "seccomp-merge.h"

/* Scratch words of the merged program (BPF_MEMWORDS is 16). */
#define M_CUR 13  /* the return value of the program that just ran */
#define M_KEY 14  /* the best value's action, sign bit flipped: smaller wins */
#define M_BEST 15 /* the best return value so far */

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

/* The merged program's length for items [from, to). */
static size_t merged_length(const SyscallFilter *items, size_t from, size_t to) {
        size_t n = 4 + 2; /* prologue, epilogue */

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
        Emitter e = {};
        size_t n_rules = 0;

        if (to - from == 1) { /* alone: as it is */
                *ret = items[from];
                ret->insns = xmalloc(items[from].n_insns * sizeof(struct sock_filter));
                memcpy(ret->insns, items[from].insns, items[from].n_insns * sizeof(struct sock_filter));
                return;
        }
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
                .directive = "merged seccomp program",
                .insns = e.insns,
                .n_insns = e.n,
                .n_rules = n_rules,
        };
}

int seccomp_merge(const SyscallFilterSet *s, SyscallFilterSet **ret) {
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
