// CRC-32C with the CPU's own instructions; the portable table version lives in Swift (CRC32C.swift).
#include "CCRC32C.h"

#include <string.h>

#define HERALD_CRC32C_POLY 0x82F63B78u

// Multiplication modulo the CRC polynomial in the reflected representation (bit 31 is x^0).
static uint32_t herald_crc32c_multiply(uint32_t a, uint32_t b) {
    uint32_t m = (uint32_t)1 << 31;
    uint32_t product = 0;
    while (m != 0) {
        if (a & m) product ^= b;
        m >>= 1;
        b = (b & 1) ? (b >> 1) ^ HERALD_CRC32C_POLY : b >> 1;
    }
    return product;
}

// x^(8n) modulo the polynomial: multiplying a CRC register by it advances the register over n zero bytes.
static uint32_t herald_crc32c_zero_bytes_operator(size_t n) {
    uint32_t result = (uint32_t)1 << 31;  // 1
    uint32_t square = (uint32_t)1 << 30;  // x
    for (int i = 0; i < 3; i++) square = herald_crc32c_multiply(square, square);  // x^8
    while (n != 0) {
        if (n & 1) result = herald_crc32c_multiply(square, result);
        square = herald_crc32c_multiply(square, square);
        n >>= 1;
    }
    return result;
}

#if defined(__x86_64__)

#include <cpuid.h>

// Bytes per lane when three lanes run interleaved: the instruction's latency is three times its throughput.
#define HERALD_CRC32C_LANE 16384

int herald_crc32c_hardware_available(void) {
    unsigned int eax, ebx, ecx, edx;
    if (!__get_cpuid(1, &eax, &ebx, &ecx, &edx)) return 0;
    return (ecx & bit_SSE4_2) != 0;
}

__attribute__((target("sse4.2")))
uint32_t herald_crc32c_hardware_update(uint32_t state, const void *bytes, size_t count) {
    const unsigned char *p = bytes;
    uint64_t crc = state;
    // Byte steps up to 8-byte alignment, then 8 bytes per instruction.
    while (count > 0 && ((uintptr_t)p & 7) != 0) {
        crc = __builtin_ia32_crc32qi((uint32_t)crc, *p++);
        count--;
    }
    if (count >= 3 * HERALD_CRC32C_LANE) {
        // Three independent registers over consecutive lanes, then joined: the first advanced over a lane of
        // zeros and xored with the second (which started at zero), and the same again for the third.
        const uint32_t shift = herald_crc32c_zero_bytes_operator(HERALD_CRC32C_LANE);
        while (count >= 3 * HERALD_CRC32C_LANE) {
            uint64_t a = crc, b = 0, c = 0;
            for (size_t i = 0; i < HERALD_CRC32C_LANE; i += 8) {
                uint64_t wa, wb, wc;
                memcpy(&wa, p + i, 8);
                memcpy(&wb, p + HERALD_CRC32C_LANE + i, 8);
                memcpy(&wc, p + 2 * HERALD_CRC32C_LANE + i, 8);
                a = __builtin_ia32_crc32di(a, wa);
                b = __builtin_ia32_crc32di(b, wb);
                c = __builtin_ia32_crc32di(c, wc);
            }
            uint32_t joined = herald_crc32c_multiply(shift, (uint32_t)a) ^ (uint32_t)b;
            crc = herald_crc32c_multiply(shift, joined) ^ (uint32_t)c;
            p += 3 * HERALD_CRC32C_LANE;
            count -= 3 * HERALD_CRC32C_LANE;
        }
    }
    while (count >= 8) {
        uint64_t word;
        memcpy(&word, p, 8);
        crc = __builtin_ia32_crc32di(crc, word);
        p += 8;
        count -= 8;
    }
    while (count > 0) {
        crc = __builtin_ia32_crc32qi((uint32_t)crc, *p++);
        count--;
    }
    return (uint32_t)crc;
}

#elif defined(__aarch64__) && defined(__linux__)

#include <sys/auxv.h>
#ifndef HWCAP_CRC32
#define HWCAP_CRC32 (1 << 7)
#endif

int herald_crc32c_hardware_available(void) {
    return (getauxval(AT_HWCAP) & HWCAP_CRC32) != 0;
}

__attribute__((target("crc")))
uint32_t herald_crc32c_hardware_update(uint32_t state, const void *bytes, size_t count) {
    const unsigned char *p = bytes;
    uint32_t crc = state;
    while (count >= 8) {
        uint64_t word;
        memcpy(&word, p, 8);
        crc = __builtin_arm_crc32cd(crc, word);
        p += 8;
        count -= 8;
    }
    while (count > 0) {
        crc = __builtin_arm_crc32cb(crc, *p++);
        count--;
    }
    return crc;
}

#else

int herald_crc32c_hardware_available(void) {
    return 0;
}

uint32_t herald_crc32c_hardware_update(uint32_t state, const void *bytes, size_t count) {
    (void)bytes;
    (void)count;
    return state;
}

#endif
