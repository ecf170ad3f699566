/* fuzz_analyzer.c - libFuzzer entry for the analyzer target (see fuzz_targets.c). */
#include <stddef.h>
#include <stdint.h>
int fuzz_analyzer(const uint8_t *d, size_t n);
int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n);
int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n) { return fuzz_analyzer(d, n); }
