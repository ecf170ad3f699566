/* fuzz_csv.c - libFuzzer entry for the csv target (see fuzz_targets.c). */
#include <stddef.h>
#include <stdint.h>
int fuzz_csv(const uint8_t *d, size_t n);
int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n);
int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n) { return fuzz_csv(d, n); }
