/* import.h - the import loop without the command around it: reads CSV or
 * JSONL rows from fp into st through the same mapping and validators as
 * `techbridge import`. The caller owns the transaction. Used by the JSONL
 * fuzz target (tests/fuzz/fuzz_targets.c). */
#ifndef TB_IMPORT_H
#define TB_IMPORT_H

#include <stdbool.h>
#include <stdio.h>
#include "domain/transfer.h"

struct store;

/* TB_OK with *rows imported, TB_EINVAL for a bad row (reported on stderr
 * unless quiet), another code for a failure of ours. */
int import_stream(struct store *st, enum xfer_kind kind, bool jsonl, FILE *fp, bool quiet, long *rows);

#endif
