/* fuzz_import_jsonl.c - libFuzzer entry for the import_jsonl target (see fuzz_targets.c). */
#include <stddef.h>
#include <stdint.h>
int fuzz_import_jsonl(const uint8_t *d, size_t n);
int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n);
int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n) { return fuzz_import_jsonl(d, n); }
