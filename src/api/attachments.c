/* attachments.c - files on achievements and demands (issue #18):
 *   GET    /api/{achievements,demands}/{id}/attachments   the list (metadata)
 *   POST   /api/{achievements,demands}/{id}/attachments?name=F
 *          the body is the file itself, sent with its own Content-Type
 *          (the type is identified from the bytes; see domain/attachment.h)
 *   GET    /api/attachments/{id}[?inline=1]               the file
 *   DELETE /api/attachments/{id}
 * Who may see a file is who may see its listing (a published one: everyone;
 * a draft: its organisation and reviewers); who may add or remove one is who
 * may edit the listing. A download is served as an attachment (inline only
 * for images, asked for), with nosniff and a sandboxing CSP, so that a file
 * can never run as a page of this site. */
#include "api/api.h"
#include "domain/attachment.h"
#include "domain/catalog_ops.h"
#include "core/buf.h"
#include <string.h>

bool api_is_upload(const char *method, const char *path)
{
	int64_t ids[4];
	int n;
	return !strcmp(method, "POST") &&
	       (api_match_pattern("/api/achievements/{id}/attachments", path, ids, &n) ||
	        api_match_pattern("/api/demands/{id}/attachments", path, ids, &n));
}

static json_t *attachment_json(const struct attachment *x)
{
	return json_pack("{s:I,s:s,s:I,s:s,s:s,s:I,s:s,s:o,s:o}", "id", (json_int_t)x->id, "kind",
	                 x->is_ach ? "achievement" : "demand", "item_id", (json_int_t)x->item_id,
	                 "name", x->name, "mime", x->mime, "size", (json_int_t)x->size, "sha256",
	                 x->sha256, "created_at", jstr(x->created_at), "url",
	                 json_sprintf("/api/attachments/%lld", (long long)x->id));
}

/* The listing's owner and status; answers 404 when there is none. */
static int listing(struct api_ctx *c, bool is_ach, int64_t id, int64_t *owner, const char **status)
{
	struct achievement a;
	struct demand d;
	int rc = is_ach ? catalog_ach_get(c->st, c->a, id, &a) : catalog_dem_get(c->st, c->a, id, &d);
	if (rc)
		return rc;
	*owner = is_ach ? a.owner_org_id : d.org_id;
	*status = is_ach ? a.status : d.status;
	return TB_OK;
}

/* Visibility follows the listing's (catalog.c can_see): answers when not. */
static bool may_see(struct api_ctx *c, bool is_ach, int64_t owner, const char *status)
{
	const char *res = is_ach ? "achievement" : "demand";
	if (!strcmp(status, "published") || !strcmp(status, "commercialised") ||
	    !strcmp(status, "closed"))
		return api_allow(c, res, "read", owner);
	return api_allow(c, res, "read_draft", owner);
}

static void list(struct api_ctx *c, bool is_ach)
{
	struct attachment *rows;
	const char *status;
	int64_t owner;
	int n, rc;
	json_t *items;

	if ((rc = listing(c, is_ach, c->ids[0], &owner, &status)))
		return api_fail(c, rc);
	if (!may_see(c, is_ach, owner, status))
		return;
	if ((rc = attachment_list(c->st, c->a, is_ach, c->ids[0], &rows, &n)))
		return api_fail(c, rc);
	items = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(items, attachment_json(&rows[i]));
	api_json(c, 200, json_pack("{s:o,s:i,s:i,s:I}", "items", items, "total", n, "max",
	                           ATTACHMENT_MAX_PER_ITEM, "max_bytes",
	                           (json_int_t)ATTACHMENT_MAX_BYTES));
}

static void upload(struct api_ctx *c, bool is_ach)
{
	struct attachment_actor who = { c->who.user_id, c->who.email, c->who.role };
	struct attachment x;
	const char *status, *name = qs_str(c, "name"), *ct = http_header(c->req, "Content-Type");
	char declared[128] = "";
	int64_t owner;
	int rc;

	if ((rc = listing(c, is_ach, c->ids[0], &owner, &status)))
		return api_fail(c, rc);
	if (!api_allow(c, is_ach ? "achievement" : "demand", "update", owner))
		return;
	if (ct) {
		/* the media type without parameters ("; charset=...") */
		size_t n = strcspn(ct, "; ");
		snprintf(declared, sizeof(declared), "%.*s", (int)(n < sizeof(declared) ? n : 0), ct);
	}
	if ((rc = attachment_add(c->st, c->a, is_ach, c->ids[0], name, declared,
	                         (const unsigned char *)c->req->body, c->req->body_len, &who, &x,
	                         &c->fe)))
		return api_fail(c, rc);
	api_json(c, 201, attachment_json(&x));
}

/* filename="ascii fallback"; filename*=UTF-8''percent-encoded (RFC 6266). */
static const char *disposition(struct api_ctx *c, const char *kind, const char *name)
{
	static const char hex[] = "0123456789ABCDEF";
	struct buf b;
	const char *out;
	buf_init(&b, 2048);
	buf_adds(&b, kind);
	buf_adds(&b, "; filename=\"");
	for (const unsigned char *p = (const unsigned char *)name; *p; p++)
		buf_addc(&b, *p < 0x80 && *p >= 0x20 && *p != '"' && *p != '\\' ? (char)*p : '_');
	buf_adds(&b, "\"; filename*=UTF-8''");
	for (const unsigned char *p = (const unsigned char *)name; *p; p++) {
		if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
		    strchr("-._~", *p))
			buf_addc(&b, (char)*p);
		else {
			buf_addc(&b, '%');
			buf_addc(&b, hex[*p >> 4]);
			buf_addc(&b, hex[*p & 15]);
		}
	}
	out = b.ptr ? arena_strndup(c->a, b.ptr, b.len) : NULL;
	buf_release(&b);
	return out;
}

static void download(struct api_ctx *c)
{
	struct attachment x;
	const char *status, *disp;
	int64_t owner;
	bool is_image, inl;
	int rc;

	if ((rc = attachment_get(c->st, c->a, c->ids[0], false, &x)) ||
	    (rc = listing(c, x.is_ach, x.item_id, &owner, &status)))
		return api_fail(c, rc);
	if (!may_see(c, x.is_ach, owner, status))
		return;
	if ((rc = attachment_get(c->st, c->a, c->ids[0], true, &x)))
		return api_fail(c, rc);
	is_image = !strncmp(x.mime, "image/", 6);
	inl = is_image && qs_str(c, "inline");
	if (!(disp = disposition(c, inl ? "inline" : "attachment", x.name)))
		return api_fail(c, TB_ENOMEM);
	buf_reset(&c->resp->body);
	if (buf_add(&c->resp->body, x.data, (size_t)x.size))
		return api_fail(c, TB_ETOOBIG);
	c->resp->status = 200;
	c->resp->content_type = x.mime;
	http_resp_header(c->resp, "Content-Disposition", disp);
	/* never a page of this site: no scripts, no plugins, no same origin */
	http_resp_header(c->resp, "Content-Security-Policy", "sandbox; default-src 'none'; "
	                                                     "img-src 'self'; style-src 'unsafe-inline'");
	http_resp_header(c->resp, "Cache-Control", "private, no-cache");
	http_resp_header(c->resp, "X-Content-SHA256", x.sha256);
	c->answered = 1;
}

static void remove_one(struct api_ctx *c)
{
	struct attachment_actor who = { c->who.user_id, c->who.email, c->who.role };
	struct attachment x;
	const char *status;
	int64_t owner;
	int rc;

	if ((rc = attachment_get(c->st, c->a, c->ids[0], false, &x)) ||
	    (rc = listing(c, x.is_ach, x.item_id, &owner, &status)))
		return api_fail(c, rc);
	if (!api_allow(c, x.is_ach ? "achievement" : "demand", "update", owner))
		return;
	if ((rc = attachment_remove(c->st, c->a, x.id, &who)))
		return api_fail(c, rc);
	c->resp->status = 204;
	buf_reset(&c->resp->body);
	c->answered = 1;
}

static void ach_list(struct api_ctx *c) { list(c, true); }
static void dem_list(struct api_ctx *c) { list(c, false); }
static void ach_upload(struct api_ctx *c) { upload(c, true); }
static void dem_upload(struct api_ctx *c) { upload(c, false); }

const struct api_route api_attachment_routes[] = {
	{ "GET", "/api/achievements/{id}/attachments", ach_list,
	  { .en = "An achievement's attachments (as visible as the listing)", .zh = "成果附件列表（可见性同成果）", .access = "achievement:read", .ok = "200" } },
	{ "POST", "/api/achievements/{id}/attachments", ach_upload,
	  { .en = "Upload an attachment (PDF, PNG, JPEG, DOCX, XLSX; type checked by content)", .zh = "上传成果附件（PDF、PNG、JPEG、DOCX、XLSX，按内容识别类型）", .access = "achievement:update", .ok = "201" } },
	{ "GET", "/api/demands/{id}/attachments", dem_list,
	  { .en = "A demand's attachments (as visible as the listing)", .zh = "需求附件列表（可见性同需求）", .access = "demand:read", .ok = "200" } },
	{ "POST", "/api/demands/{id}/attachments", dem_upload,
	  { .en = "Upload an attachment (PDF, PNG, JPEG, DOCX, XLSX; type checked by content)", .zh = "上传需求附件（PDF、PNG、JPEG、DOCX、XLSX，按内容识别类型）", .access = "demand:update", .ok = "201" } },
	{ "GET", "/api/attachments/{id}", download,
	  { .en = "Download an attachment", .zh = "下载附件", .access = "achievement:read", .ok = "200",
	    .media = "application/octet-stream" } },
	{ "DELETE", "/api/attachments/{id}", remove_one,
	  { .en = "Delete an attachment", .zh = "删除附件", .access = "achievement:update", .ok = "200" } },
	{ NULL, NULL, NULL, { 0 } },
};
