#ifndef HERALD_BENCH_ALLOCATIONS_H
#define HERALD_BENCH_ALLOCATIONS_H
#include <stdint.h>

/// Heap allocations (malloc, calloc, realloc, aligned allocations) made by this process so far; -1 when not counted on this platform.
int64_t herald_bench_allocation_count(void);

#endif
