/* contract.c - the contract type and status names. */
#include "model/contract.h"
#include <stddef.h>

const char *const contract_types[] = { "development", "transfer", "licensing", "consulting",
                                       "service", NULL };
const char *const contract_statuses[] = { "registered", "amended", "terminated", NULL };
