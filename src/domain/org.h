/* org.h - organisation rules (validation). The record and the kinds table
 * are in model/org.h. */
#ifndef TB_ORG_H
#define TB_ORG_H

#include "core/err.h"
#include "model/org.h"

int org_validate(const struct org *o, struct tb_field_error *fe);

#endif
