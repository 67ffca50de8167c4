#ifndef HERALD_CCRC32C_H
#define HERALD_CCRC32C_H

#include <stddef.h>
#include <stdint.h>

/// Whether this CPU has CRC-32C instructions (SSE4.2 on x86-64, the CRC extension on AArch64).
int herald_crc32c_hardware_available(void);

/// Feeds `count` bytes into a running (pre-inverted) CRC-32C state with the CPU's instructions and returns the
/// new state. Call only when herald_crc32c_hardware_available() returned non-zero.
uint32_t herald_crc32c_hardware_update(uint32_t state, const void *bytes, size_t count);

#endif
