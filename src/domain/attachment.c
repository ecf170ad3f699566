/* attachment.c - the rules for files on listings, challenges and docking
 * cases (issue #18): identify the
 * content with libmagic, accept PDF, PNG, JPEG, DOCX and XLSX only, hold the
 * size cap and the per-listing count, and write with an audit row in one
 * transaction. */
#include "domain/attachment.h"
#include "domain/account_ops.h"
#include "store/store.h"
#include "core/util.h"
#include <magic.h>
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

/* One libmagic cookie for the process, opened on first use. A cookie is not
 * safe to use from two threads at once, and loading the database costs a few
 * milliseconds, so the server's threads share it under a lock. */
static pthread_mutex_t magic_lock = PTHREAD_MUTEX_INITIALIZER;
static magic_t magic_cookie;

int attachment_detect(const unsigned char *data, size_t len, char *out, size_t outsz)
{
	const char *m;
	int rc = TB_OK;

	pthread_mutex_lock(&magic_lock);
	if (!magic_cookie) {
		/* MAGIC_NO_CHECK_COMPRESS: a zip is reported as what it holds (the
		 * Office formats), never decompressed. */
		magic_cookie = magic_open(MAGIC_MIME_TYPE | MAGIC_ERROR | MAGIC_NO_CHECK_COMPRESS);
		if (magic_cookie && magic_load(magic_cookie, NULL)) {
			magic_close(magic_cookie);
			magic_cookie = NULL;
		}
	}
	if (!magic_cookie || !(m = magic_buffer(magic_cookie, data, len)))
		rc = TB_EIO;
	else
		snprintf(out, outsz, "%s", m);
	pthread_mutex_unlock(&magic_lock);
	return rc;
}

static const char *accepted_list(void)
{
	return "PDF, PNG, JPEG, DOCX, XLSX";
}

/* The extension of name (".pdf"), lower-cased into ext; "" when none. */
static void name_ext(const char *name, char *ext, size_t n)
{
	const char *dot = strrchr(name, '.');
	size_t i = 0;
	ext[0] = '\0';
	if (!dot || dot == name)
		return;
	for (; dot[i] && i + 1 < n; i++)
		ext[i] = (char)((dot[i] >= 'A' && dot[i] <= 'Z') ? dot[i] + 32 : dot[i]);
	ext[i] = '\0';
}

/* exts is ".jpg.jpeg": ext must be one of its entries exactly. */
static bool ext_in(const char *exts, const char *ext)
{
	size_t n = strlen(ext);
	const char *p = exts;
	if (!n)
		return false;
	while ((p = strstr(p, ext))) {
		if (p[n] == '\0' || p[n] == '.')
			return true;
		p += n;
	}
	return false;
}

static int check_name(const char *name, struct tb_field_error *fe)
{
	size_t n = name ? strlen(name) : 0;
	if (!n)
		return TB_FE(fe, "name", "field_required"), TB_EINVAL;
	if (n > 200)
		return TB_FE_N(fe, "name", "too_long_bytes", 200), TB_EINVAL;
	for (const unsigned char *p = (const unsigned char *)name; *p; p++)
		if (*p < 0x20 || *p == 0x7f || *p == '/' || *p == '\\' || *p == '"')
			return TB_FE(fe, "name", "file_name_chars"), TB_EINVAL;
	return TB_OK;
}

bool attachment_kind_valid(const char *kind)
{
	static const char *const kinds[] = { "achievement", "demand", "challenge", "case" };
	for (size_t i = 0; kind && i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (!strcmp(kind, kinds[i]))
			return true;
	return false;
}

static int audit(struct store *st, const struct attachment_actor *who, const char *action,
                 const char *kind, int64_t item_id, const char *detail)
{
	return audit_ok(st, who ? who->user_id : 0, who && who->email ? who->email : "system",
	                who && who->role ? who->role : "system", kind, action, item_id, detail);
}

int attachment_add(struct store *st, struct arena *a, const char *kind, int64_t item_id,
                   const char *name, const char *declared, const unsigned char *data,
                   size_t len, const struct attachment_actor *who, struct attachment *out,
                   struct tb_field_error *fe)
{
	const struct attachment_type *t;
	struct attachment x, *have;
	unsigned char hash[crypto_hash_sha256_BYTES];
	char mime[128], ext[16], *hex;
	int rc, n;

	if (!attachment_kind_valid(kind))
		return TB_EINVAL;
	if ((rc = check_name(name, fe)))
		return rc;
	if (!len)
		return TB_FE(fe, "file", "file_empty"), TB_EINVAL;
	if (len > ATTACHMENT_MAX_BYTES)
		return TB_FE_N(fe, "file", "file_too_large", ATTACHMENT_MAX_BYTES), TB_ETOOBIG;
	if ((rc = attachment_detect(data, len, mime, sizeof(mime))))
		return rc;
	if (!(t = attachment_type_find(mime)))
		return TB_FE_ST(fe, "file", "file_type_refused", mime, accepted_list()), TB_ETYPE;
	if (declared && *declared && strcasecmp(declared, mime) &&
	    strcasecmp(declared, "application/octet-stream"))
		return TB_FE_ST(fe, "Content-Type", "file_type_declared", declared, mime), TB_ETYPE;
	name_ext(name, ext, sizeof(ext));
	if (!ext_in(t->exts, ext))
		return TB_FE_ST(fe, "name", "file_extension_mismatch", ext, t->label), TB_ETYPE;
	crypto_hash_sha256(hash, data, len);
	if (!(hex = arena_alloc(a, sizeof(hash) * 2 + 1)))
		return TB_ENOMEM;
	sodium_bin2hex(hex, sizeof(hash) * 2 + 1, hash, sizeof(hash));

	memset(&x, 0, sizeof(x));
	x.kind = kind;
	x.item_id = item_id;
	x.name = name;
	x.mime = t->mime;
	x.size = (int64_t)len;
	x.sha256 = hex;
	x.data = data;
	x.uploaded_by = who ? who->user_id : 0;
	if ((rc = store_begin(st)))
		return rc;
	/* the count is read inside the write transaction: two uploads at once
	 * cannot both take the last place */
	if ((rc = store_attachment_list(st, a, kind, item_id, &have, &n)))
		goto fail;
	if (n >= ATTACHMENT_MAX_PER_ITEM) {
		TB_FE_N(fe, "file", "max_attachments", ATTACHMENT_MAX_PER_ITEM);
		rc = TB_ECONFLICT;
		goto fail;
	}
	if ((rc = store_attachment_insert(st, &x)) ||
	    (rc = audit(st, who, "attachment_add", kind, item_id,
	                arena_printf(a, "attachment %lld %s %lld bytes", (long long)x.id, t->label,
	                             (long long)x.size))) ||
	    (rc = store_commit(st)))
		goto fail;
	return store_attachment_get(st, a, x.id, false, out);
fail:
	store_rollback(st);
	return rc;
}

int attachment_remove(struct store *st, struct arena *a, int64_t id,
                      const struct attachment_actor *who)
{
	struct attachment x;
	int rc;
	if ((rc = store_begin(st)))
		return rc;
	if ((rc = store_attachment_get(st, a, id, false, &x)) || (rc = store_attachment_delete(st, id)) ||
	    (rc = audit(st, who, "attachment_delete", x.kind, x.item_id,
	                arena_printf(a, "attachment %lld", (long long)id))) ||
	    (rc = store_commit(st))) {
		store_rollback(st);
		return rc;
	}
	return TB_OK;
}

int attachment_list(struct store *st, struct arena *a, const char *kind, int64_t item_id,
                    struct attachment **out, int *n)
{
	if (!attachment_kind_valid(kind))
		return TB_EINVAL;
	return store_attachment_list(st, a, kind, item_id, out, n);
}

int attachment_get(struct store *st, struct arena *a, int64_t id, bool with_data,
                   struct attachment *out)
{
	return store_attachment_get(st, a, id, with_data, out);
}
