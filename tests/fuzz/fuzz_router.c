/* fuzz_router.c - libFuzzer entry for the router target (see fuzz_targets.c). */
#include <stddef.h>
#include <stdint.h>
int fuzz_router(const uint8_t *d, size_t n);
int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n);
int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n) { return fuzz_router(d, n); }
