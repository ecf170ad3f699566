/* fuzz_match_query.c - libFuzzer entry for the match_query target (see fuzz_targets.c). */
#include <stddef.h>
#include <stdint.h>
int fuzz_match_query(const uint8_t *d, size_t n);
int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n);
int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n) { return fuzz_match_query(d, n); }
