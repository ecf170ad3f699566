/* fuzz_json_fields.c - libFuzzer entry for the json_fields target (see fuzz_targets.c). */
#include <stddef.h>
#include <stdint.h>
int fuzz_json_fields(const uint8_t *d, size_t n);
int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n);
int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n) { return fuzz_json_fields(d, n); }
