/* region.h - kept so that existing `#include "domain/region.h"` lines still
 * compile: the city table and its lookups are plain data and live in
 * model/region.h (the SQLite backend needs them too). New code includes
 * model/region.h. */
#ifndef TB_REGION_H
#define TB_REGION_H

#include "model/region.h"

#endif
