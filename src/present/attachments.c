/* attachments.c - the JSON shape of attachments (metadata and download url): one builder per record,
 * shared by the API's answers and the command line's --json/export output
 * (present/present.h). Builds values only: no request, no store, no policy. */
#include "present/present.h"
#include "core/buf.h"
#include "core/util.h"
#include "domain/attachment.h"
#include "domain/brokerage.h"
#include "domain/catalog_ops.h"
#include "domain/challenge.h"
#include <string.h>

json_t *attachment_json(const struct attachment *x)
{
	return json_pack("{s:I,s:s,s:I,s:s,s:s,s:I,s:s,s:o,s:o}", "id", (json_int_t)x->id, "kind",
	                 x->kind, "item_id", (json_int_t)x->item_id,
	                 "name", x->name, "mime", x->mime, "size", (json_int_t)x->size, "sha256",
	                 x->sha256, "created_at", jstr(x->created_at), "url",
	                 json_sprintf("/api/attachments/%lld", (long long)x->id));
}
