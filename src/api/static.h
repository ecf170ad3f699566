/* static.h - serves web/ files with content types and caching headers. */
#ifndef TB_STATIC_H
#define TB_STATIC_H
#include "http/http.h"
/* The path filter: true when `rel` (the request path) may name a file under
 * web_dir - it starts with '/', has no ".." and no hidden segment, and is at
 * most 512 bytes. Exported for the fuzz target. */
#include <stdbool.h>
bool static_path_allowed(const char *rel);
void static_serve(struct http_req *req, struct http_resp *resp, const char *web_dir);
#endif
