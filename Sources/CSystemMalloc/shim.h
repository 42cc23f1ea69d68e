// glibc's malloc tuning, which the Glibc module's headers leave out: the arena cap and the release
// of freed memory, called by name instead of through dlsym and a copied constant.
#ifndef SHAREGRAPH_CSYSTEMMALLOC_SHIM_H
#define SHAREGRAPH_CSYSTEMMALLOC_SHIM_H

#if defined(__GLIBC__) || defined(__linux__)
#include <malloc.h>

/// Caps the number of malloc arenas (M_ARENA_MAX); 1 on success.
static inline int sharegraph_limit_arenas(int count) { return mallopt(M_ARENA_MAX, count); }

/// Gives freed memory at the top of the heaps back to the system.
static inline int sharegraph_release_freed_memory(void) { return malloc_trim(0); }
#else
static inline int sharegraph_limit_arenas(int count) { (void)count; return 0; }
static inline int sharegraph_release_freed_memory(void) { return 0; }
#endif

#endif
