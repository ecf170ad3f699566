/* attachments.c - files on achievements, demands, challenges and docking
 * cases (issue #18):
 *   GET    /api/{achievements,demands,challenges,cases}/{id}/attachments
 *          the list (metadata)
 *   POST   /api/{achievements,demands,challenges,cases}/{id}/attachments?name=F
 *          the body is the file itself, sent with its own Content-Type
 *          (the type is identified from the bytes; see domain/attachment.h)
 *   GET    /api/attachments/{id}[?inline=1]               the file
 *   DELETE /api/attachments/{id}
 * Who may see a file is who may see its item: a published listing everyone,
 * a draft its organisation and reviewers; a challenge as GET /api/challenges/
 * {id} (a draft: its issuer and the bureau; 404 to others); a docking case
 * its participants and reviewers (403 to other accounts, 401 anonymous).
 * Files hang on the challenge itself, never on an application, so a sealed
 * application's content cannot leak through them. Who may add or remove one
 * is who may edit the item (a listing's or challenge's organisation, the
 * case's participants). A download is served as an attachment (inline only
 * for images, asked for), with nosniff and a sandboxing CSP, so that a file
 * can never run as a page of this site. */
#include "api/api.h"
#include "domain/attachment.h"
#include "domain/brokerage.h"
#include "domain/catalog_ops.h"
#include "domain/challenge.h"
#include "core/buf.h"
#include "core/util.h"
#include <string.h>

/* The item kinds in URL order: /api/<plural>/{id}/attachments. */
static const struct { const char *plural, *kind; } KINDS[] = {
	{ "achievements", "achievement" }, { "demands", "demand" },
	{ "challenges", "challenge" }, { "cases", "case" },
};

bool api_is_upload(const char *method, const char *path)
{
	int64_t ids[4];
	int n;
	char pat[64];
	if (strcmp(method, "POST"))
		return false;
	for (size_t i = 0; i < ARRAY_SIZE(KINDS); i++) {
		snprintf(pat, sizeof(pat), "/api/%s/{id}/attachments", KINDS[i].plural);
		if (api_match_pattern(pat, path, ids, &n))
			return true;
	}
	return false;
}

/* A listing's visibility follows catalog.c can_see; false: answered. */
static bool listing_access(struct api_ctx *c, bool is_ach, int64_t id, bool write)
{
	const char *res = is_ach ? "achievement" : "demand", *status;
	struct achievement a;
	struct demand d;
	int64_t owner;
	int rc = is_ach ? catalog_ach_get(c->st, c->a, id, &a) : catalog_dem_get(c->st, c->a, id, &d);
	if (rc)
		return api_fail(c, rc), false;
	owner = is_ach ? a.owner_org_id : d.org_id;
	status = is_ach ? a.status : d.status;
	if (write)
		return api_allow(c, res, "update", owner);
	if (!strcmp(status, "published") || !strcmp(status, "commercialised") ||
	    !strcmp(status, "closed"))
		return api_allow(c, res, "read", owner);
	return api_allow(c, res, "read_draft", owner);
}

/* A challenge: seen as GET /api/challenges/{id} sees it (the domain hides a
 * draft from all but its issuer and the bureau: 404); changed by whoever may
 * edit it (its issuer's organisation, the bureau). */
static bool challenge_access(struct api_ctx *c, int64_t id, bool write)
{
	struct ch_actor by = { c->who.user_id, c->who.org_id, c->who.email, c->who.role, false };
	struct ch_full x;
	int rc;
	by.bureau = c->who.role && (!strcmp(c->who.role, "reviewer") || !strcmp(c->who.role, "admin"));
	if (!api_allow(c, "challenge", "read", 0))
		return false;
	if ((rc = challenge_get(c->st, c->a, &by, id, &x)))
		return api_fail(c, rc), false;
	return !write || api_allow(c, "challenge", "update", x.c.issuer_org_id);
}

/* A docking case: its participants (case_may: the broker, the two sides'
 * organisations) see and change its files; reviewers read every case. */
/* write: the action a refusal is audited as (attachment_add or
 * attachment_delete, the domain's names); NULL for a read, which is refused
 * without an audit row as listing reads are. */
static bool case_access(struct api_ctx *c, int64_t id, const char *write)
{
	struct actor by = { c->who.user_id, c->who.org_id, c->who.role };
	struct dcase k;
	int rc;
	if (c->who.user_id <= 0)
		return api_error(c, 401, "login required", NULL), false;
	if ((rc = brokerage_case_get(c->st, c->a, id, &k)))
		return api_fail(c, rc), false;
	if (case_may(c->st, &by, &k) || (!write && api_may(c, "case", "read_any", 0)))
		return true;
	if (write)
		api_audit(c, write, "case", id, "deny", NULL);
	return api_fail(c, TB_EPERM), false;
}

/* May the caller see (write false) or change (write true) the item's files?
 * false: the answer (401/403/404) is sent. */
static bool item_access(struct api_ctx *c, const char *kind, int64_t id, const char *write)
{
	if (!strcmp(kind, "achievement") || !strcmp(kind, "demand"))
		return listing_access(c, !strcmp(kind, "achievement"), id, write != NULL);
	if (!strcmp(kind, "challenge"))
		return challenge_access(c, id, write != NULL);
	if (!strcmp(kind, "case"))
		return case_access(c, id, write);
	api_fail(c, TB_ENOTFOUND);
	return false;
}

static void list(struct api_ctx *c, const char *kind)
{
	struct attachment *rows;
	int n, rc;
	json_t *items;

	if (!item_access(c, kind, c->ids[0], NULL))
		return;
	if ((rc = attachment_list(c->st, c->a, kind, c->ids[0], &rows, &n)))
		return api_fail(c, rc);
	items = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(items, attachment_json(&rows[i]));
	api_json(c, 200, json_pack("{s:o,s:i,s:i,s:I}", "items", items, "total", n, "max",
	                           ATTACHMENT_MAX_PER_ITEM, "max_bytes",
	                           (json_int_t)ATTACHMENT_MAX_BYTES));
}

static void upload(struct api_ctx *c, const char *kind)
{
	struct attachment_actor who = { c->who.user_id, c->who.email, c->who.role };
	struct attachment x;
	const char *name = qs_str(c, "name"), *ct = http_header(c->req, "Content-Type");
	char declared[128] = "";
	int rc;

	if (!item_access(c, kind, c->ids[0], "attachment_add"))
		return;
	if (ct) {
		/* the media type without parameters ("; charset=...") */
		size_t n = strcspn(ct, "; ");
		snprintf(declared, sizeof(declared), "%.*s", (int)(n < sizeof(declared) ? n : 0), ct);
	}
	if ((rc = attachment_add(c->st, c->a, kind, c->ids[0], name, declared,
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
	const char *disp;
	bool is_image, inl;
	int rc;

	if ((rc = attachment_get(c->st, c->a, c->ids[0], false, &x)))
		return api_fail(c, rc);
	if (!item_access(c, x.kind, x.item_id, NULL))
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
	int rc;

	if ((rc = attachment_get(c->st, c->a, c->ids[0], false, &x)))
		return api_fail(c, rc);
	if (!item_access(c, x.kind, x.item_id, "attachment_delete"))
		return;
	if ((rc = attachment_remove(c->st, c->a, x.id, &who)))
		return api_fail(c, rc);
	c->resp->status = 204;
	buf_reset(&c->resp->body);
	c->answered = 1;
}

static void ach_list(struct api_ctx *c) { list(c, "achievement"); }
static void dem_list(struct api_ctx *c) { list(c, "demand"); }
static void ch_list(struct api_ctx *c) { list(c, "challenge"); }
static void case_list(struct api_ctx *c) { list(c, "case"); }
static void ach_upload(struct api_ctx *c) { upload(c, "achievement"); }
static void dem_upload(struct api_ctx *c) { upload(c, "demand"); }
static void ch_upload(struct api_ctx *c) { upload(c, "challenge"); }
static void case_upload(struct api_ctx *c) { upload(c, "case"); }

const struct api_route api_attachment_routes[] = {
	{ "GET", "/api/achievements/{id}/attachments", ach_list,
	  { .en = "An achievement's attachments (as visible as the listing)", .zh = "成果附件列表（可见性同成果）", .access = "achievement:read", .ok = "200" } },
	{ "POST", "/api/achievements/{id}/attachments", ach_upload,
	  { .en = "Upload an attachment (PDF, PNG, JPEG, DOCX, XLSX; type checked by content)", .zh = "上传成果附件（PDF、PNG、JPEG、DOCX、XLSX，按内容识别类型）", .access = "achievement:update", .ok = "201" } },
	{ "GET", "/api/demands/{id}/attachments", dem_list,
	  { .en = "A demand's attachments (as visible as the listing)", .zh = "需求附件列表（可见性同需求）", .access = "demand:read", .ok = "200" } },
	{ "POST", "/api/demands/{id}/attachments", dem_upload,
	  { .en = "Upload an attachment (PDF, PNG, JPEG, DOCX, XLSX; type checked by content)", .zh = "上传需求附件（PDF、PNG、JPEG、DOCX、XLSX，按内容识别类型）", .access = "demand:update", .ok = "201" } },
	{ "GET", "/api/challenges/{id}/attachments", ch_list,
	  { .en = "A challenge's attachments (as visible as the challenge)", .zh = "榜单附件列表（可见性同榜单）", .access = "challenge:read", .ok = "200" } },
	{ "POST", "/api/challenges/{id}/attachments", ch_upload,
	  { .en = "Upload an attachment to a challenge (PDF, PNG, JPEG, DOCX, XLSX; type checked by content)", .zh = "上传榜单附件（PDF、PNG、JPEG、DOCX、XLSX，按内容识别类型）", .access = "challenge:update", .ok = "201" } },
	{ "GET", "/api/cases/{id}/attachments", case_list,
	  { .en = "A docking case's attachments (its participants and reviewers)", .zh = "对接案例附件列表（案例参与方与审核人员）", .access = "login", .ok = "200" } },
	{ "POST", "/api/cases/{id}/attachments", case_upload,
	  { .en = "Upload an attachment to a docking case (its participants; type checked by content)", .zh = "上传对接案例附件（案例参与方，按内容识别类型）", .access = "login", .ok = "201" } },
	{ "GET", "/api/attachments/{id}", download,
	  { .en = "Download an attachment", .zh = "下载附件", .access = "achievement:read", .ok = "200",
	    .media = "application/octet-stream" } },
	{ "DELETE", "/api/attachments/{id}", remove_one,
	  { .en = "Delete an attachment", .zh = "删除附件", .access = "achievement:update", .ok = "200" } },
	{ NULL, NULL, NULL, { 0 } },
};
