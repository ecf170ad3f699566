/* static.h - serves web/ files with content types and caching headers. */
#ifndef TB_STATIC_H
#define TB_STATIC_H
#include "http/http.h"
void static_serve(struct http_req *req, struct http_resp *resp, const char *web_dir);
#endif
