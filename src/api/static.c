/* static.c - the web UI's files. Paths are confined to web_dir (no "..",
 * no hidden files); "/" and extension-less paths get index.html so the UI can
 * use clean URLs. ETag from size+mtime answers 304s; vendor libraries
 * (/vendor/, copied from node_modules at build) are cached for a day. */
#include "api/static.h"
#include "api/api.h"
#include "core/util.h"
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *mime_for(const char *path)
{
	static const struct { const char *ext, *type; } m[] = {
		{ ".html", "text/html; charset=utf-8" }, { ".js", "text/javascript; charset=utf-8" },
		{ ".mjs", "text/javascript; charset=utf-8" }, { ".css", "text/css; charset=utf-8" },
		{ ".json", "application/json; charset=utf-8" }, { ".svg", "image/svg+xml" },
		{ ".png", "image/png" }, { ".ico", "image/x-icon" }, { ".txt", "text/plain; charset=utf-8" },
		{ ".csv", "text/csv; charset=utf-8" },
		/* documents linked from the UI (docs/indicators.md): shown as text */
		{ ".md", "text/plain; charset=utf-8" },
	};
	const char *dot = strrchr(path, '.');
	for (size_t i = 0; dot && i < ARRAY_SIZE(m); i++)
		if (!strcmp(dot, m[i].ext))
			return m[i].type;
	return "application/octet-stream";
}

static void not_found(struct http_resp *resp)
{
	resp->status = 404;
	resp->content_type = "text/plain; charset=utf-8";
	buf_adds(&resp->body, "not found\n");
}

bool static_path_allowed(const char *rel)
{
	/* A path without the leading '/' would be appended to web_dir as a
	 * sibling name ("web" + "-private/x"), outside the directory. */
	return rel[0] == '/' && !strstr(rel, "..") && !strstr(rel, "/.") && strlen(rel) <= 512;
}

void static_serve(struct http_req *req, struct http_resp *resp, const char *web_dir)
{
	char path[1024];
	const char *rel = req->path, *inm;
	struct stat sb;
	char *etag;
	int fd;

	if (strcmp(req->method, "GET") && strcmp(req->method, "HEAD")) {
		resp->status = 405;
		http_resp_header(resp, "Allow", "GET, HEAD");
		buf_adds(&resp->body,
		         "{\"error\":\"method not allowed\",\"code\":\"method_not_allowed\"}");
		return;
	}
	if (!web_dir || !static_path_allowed(rel)) {
		not_found(resp);
		return;
	}
	/* /docs/NAME.md: the project's documents next to web/ (the dashboard links
	 * its indicator definitions), so the UI can link them instead of naming a path. */
	if (!strncmp(rel, "/docs/", 6) && strlen(rel) > 9 && !strcmp(rel + strlen(rel) - 3, ".md") &&
	    !strchr(rel + 6, '/')) {
		snprintf(path, sizeof(path), "%s/..%s", web_dir, rel);
		if (stat(path, &sb) != 0 || !S_ISREG(sb.st_mode)) {
			not_found(resp);
			return;
		}
	} else
		snprintf(path, sizeof(path), "%s%s", web_dir, rel);
	if (stat(path, &sb) != 0 || S_ISDIR(sb.st_mode)) {
		/* Clean URLs: /search, /achievements/12 -> index.html (the app routes). */
		const char *last = strrchr(rel, '/');
		if (last && strchr(last, '.')) {
			not_found(resp);
			return;
		}
		snprintf(path, sizeof(path), "%s/index.html", web_dir);
		if (stat(path, &sb) != 0) {
			not_found(resp);
			return;
		}
	}
	etag = arena_printf(req->arena, "\"%llx-%llx\"", (unsigned long long)sb.st_size,
	                    (unsigned long long)sb.st_mtime);
	http_resp_header(resp, "ETag", etag);
	http_resp_header(resp, "Cache-Control", strstr(path, "/vendor/") ? "public, max-age=86400"
	                                                                  : "no-cache");
	inm = http_header(req, "If-None-Match");
	if (api_etag_match(inm, etag)) { /* weakly: the gzip variant's ETag is W/ */
		resp->status = 304;
		return;
	}
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || buf_grow(&resp->body, (size_t)sb.st_size)) {
		if (fd >= 0)
			close(fd);
		not_found(resp);
		return;
	}
	while (resp->body.len < (size_t)sb.st_size) {
		ssize_t n = read(fd, resp->body.ptr + resp->body.len, (size_t)sb.st_size - resp->body.len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		resp->body.len += (size_t)n;
	}
	resp->body.ptr[resp->body.len] = '\0';
	close(fd);
	resp->status = 200;
	resp->content_type = mime_for(path);
}
