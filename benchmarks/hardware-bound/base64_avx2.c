// What AVX2 base64 costs on this machine without .NET: the Mula-Lemire AVX2 block arithmetic (the same algorithm as the
// runtime's encoder and decoder and Avx2Base64) in C, timed for one 50 ms frame (2400 bytes <-> 3200 characters),
// plus a chain of dependent adds to estimate the clock. Reference for the "Encode + frame <= 100 ns" target in
// docs/benchmarks.md; not part of the build or the tests.
//
//   gcc -O3 -mavx2 -funroll-loops -o /tmp/base64_avx2 benchmarks/hardware-bound/base64_avx2.c && /tmp/base64_avx2
//
// The loops handle whole blocks only, with slack around the buffers (no tails, no validation beyond the decoder's
// own), so this is about the least an encoder or decoder built on this algorithm can take on this core.
#include <immintrin.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

static double now_ns(void) { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return t.tv_sec * 1e9 + t.tv_nsec; }

static inline __m256i enc_reshuffle(__m256i input) {
    const __m256i in = _mm256_shuffle_epi8(input, _mm256_set_epi8(
        10, 11, 9, 10, 7, 8, 6, 7, 4, 5, 3, 4, 1, 2, 0, 1,
        14, 15, 13, 14, 11, 12, 10, 11, 8, 9, 7, 8, 5, 6, 4, 5));
    const __m256i t0 = _mm256_and_si256(in, _mm256_set1_epi32(0x0fc0fc00));
    const __m256i t1 = _mm256_mulhi_epu16(t0, _mm256_set1_epi32(0x04000040));
    const __m256i t2 = _mm256_and_si256(in, _mm256_set1_epi32(0x003f03f0));
    const __m256i t3 = _mm256_mullo_epi16(t2, _mm256_set1_epi32(0x01000010));
    return _mm256_or_si256(t1, t3);
}
static inline __m256i enc_translate(__m256i in) {
    const __m256i lut = _mm256_setr_epi8(65, 71, -4, -4, -4, -4, -4, -4, -4, -4, -4, -4, -19, -16, 0, 0,
                                         65, 71, -4, -4, -4, -4, -4, -4, -4, -4, -4, -4, -19, -16, 0, 0);
    __m256i indices = _mm256_subs_epu8(in, _mm256_set1_epi8(51));
    __m256i mask = _mm256_cmpgt_epi8(in, _mm256_set1_epi8(25));
    indices = _mm256_sub_epi8(indices, mask);
    return _mm256_add_epi8(in, _mm256_shuffle_epi8(lut, indices));
}
// src has 4 readable bytes before it and 8 after len (the benchmark buffer has slack); len multiple of 24.
__attribute__((noinline)) static void encode(const uint8_t* src, size_t len, uint8_t* dst) {
    for (size_t i = 0; i < len; i += 24, dst += 32) {
        __m256i in = _mm256_loadu_si256((const __m256i*)(src + i - 4));
        _mm256_storeu_si256((__m256i*)dst, enc_translate(enc_reshuffle(in)));
    }
}
__attribute__((noinline)) static int decode(const uint8_t* src, size_t len, uint8_t* dst) {
    const __m256i lut_lo = _mm256_setr_epi8(0x15, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x13, 0x1A, 0x1B, 0x1B, 0x1B, 0x1A,
                                            0x15, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x13, 0x1A, 0x1B, 0x1B, 0x1B, 0x1A);
    const __m256i lut_hi = _mm256_setr_epi8(0x10, 0x10, 0x01, 0x02, 0x04, 0x08, 0x04, 0x08, 0x10, 0x10, 0x10, 0x10, 0x10, 0x10, 0x10, 0x10,
                                            0x10, 0x10, 0x01, 0x02, 0x04, 0x08, 0x04, 0x08, 0x10, 0x10, 0x10, 0x10, 0x10, 0x10, 0x10, 0x10);
    const __m256i lut_roll = _mm256_setr_epi8(0, 16, 19, 4, -65, -65, -71, -71, 0, 0, 0, 0, 0, 0, 0, 0,
                                              0, 16, 19, 4, -65, -65, -71, -71, 0, 0, 0, 0, 0, 0, 0, 0);
    const __m256i mask_2F = _mm256_set1_epi8(0x2f);
    for (size_t i = 0; i < len; i += 32, dst += 24) {
        __m256i in = _mm256_loadu_si256((const __m256i*)(src + i));
        const __m256i hi_nibbles = _mm256_and_si256(_mm256_srli_epi32(in, 4), mask_2F);
        const __m256i lo_nibbles = _mm256_and_si256(in, mask_2F);
        const __m256i lo = _mm256_shuffle_epi8(lut_lo, lo_nibbles);
        const __m256i hi = _mm256_shuffle_epi8(lut_hi, hi_nibbles);
        if (!_mm256_testz_si256(lo, hi)) return -1;
        const __m256i eq_2F = _mm256_cmpeq_epi8(in, mask_2F);
        const __m256i roll = _mm256_shuffle_epi8(lut_roll, _mm256_add_epi8(eq_2F, hi_nibbles));
        in = _mm256_add_epi8(in, roll);
        const __m256i ab = _mm256_maddubs_epi16(in, _mm256_set1_epi32(0x01400140));
        __m256i out = _mm256_madd_epi16(ab, _mm256_set1_epi32(0x00011000));
        out = _mm256_shuffle_epi8(out, _mm256_setr_epi8(2, 1, 0, 6, 5, 4, 10, 9, 8, 14, 13, 12, -1, -1, -1, -1,
                                                        2, 1, 0, 6, 5, 4, 10, 9, 8, 14, 13, 12, -1, -1, -1, -1));
        out = _mm256_permutevar8x32_epi32(out, _mm256_setr_epi32(0, 1, 2, 4, 5, 6, -1, -1));
        _mm256_storeu_si256((__m256i*)dst, out);
    }
    return 0;
}
static const char* B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
static int cmp(const void* a, const void* b) { double x = *(double*)a, y = *(double*)b; return x < y ? -1 : x > y; }
int main(void) {
    static uint8_t pcmbuf[2400 + 64], enc[3200 + 64], dec[2400 + 64];
    uint8_t* pcm = pcmbuf + 16;
    uint32_t s = 42; for (int i = 0; i < 2400; i++) { s = s * 1103515245 + 12345; pcm[i] = s >> 16; }
    encode(pcm, 2400, enc);
    for (int i = 0; i < 3200; i += 4) { // check against a scalar encoder
        int g = i / 4 * 3; uint32_t v = pcm[g] << 16 | pcm[g + 1] << 8 | pcm[g + 2];
        if (enc[i] != B64[v >> 18] || enc[i + 1] != B64[(v >> 12) & 63] || enc[i + 2] != B64[(v >> 6) & 63] || enc[i + 3] != B64[v & 63]) { printf("encode mismatch at %d\n", i); return 1; }
    }
    if (decode(enc, 3200, dec) != 0 || memcmp(dec, pcm, 2400) != 0) { printf("decode mismatch\n"); return 1; }
    enum { Reps = 2000, Rounds = 200 };
    double e[Rounds], d[Rounds], c[Rounds];
    volatile uint64_t sink = 0;
    for (int r = 0; r < Rounds; r++) {
        double t0 = now_ns(); for (int k = 0; k < Reps; k++) { encode(pcm, 2400, enc); __asm__ volatile("" ::: "memory"); } e[r] = (now_ns() - t0) / Reps;
        t0 = now_ns(); for (int k = 0; k < Reps; k++) { sink += decode(enc, 3200, dec); __asm__ volatile("" ::: "memory"); } d[r] = (now_ns() - t0) / Reps;
        // 100,000 dependent adds: one cycle each on any x86 core, so ns per add = 1 / GHz.
        uint64_t x = r; t0 = now_ns();
        for (int k = 0; k < 100000; k++) { __asm__ volatile("add $1, %0\n\tadd $1, %0\n\tadd $1, %0\n\tadd $1, %0" : "+r"(x)); }
        c[r] = 400000.0 / (now_ns() - t0); sink += x;
    }
    qsort(e, Rounds, sizeof(double), cmp); qsort(d, Rounds, sizeof(double), cmp); qsort(c, Rounds, sizeof(double), cmp);
    printf("AVX2 encode 2400 B: min %.1f ns, median %.1f ns\n", e[0], e[Rounds / 2]);
    printf("AVX2 decode 3200 B: min %.1f ns, median %.1f ns\n", d[0], d[Rounds / 2]);
    printf("clock (dependent adds): max %.2f GHz, median %.2f GHz\n", c[Rounds - 1], c[Rounds / 2]);
    return (int)(sink & 0);
}
