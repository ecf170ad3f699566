/* test_attachment.c - the rules for files on listings (domain/attachment.h,
 * issue #18) against a real SQLite store: the type comes from the content
 * (libmagic), not from the name or the declared Content-Type; a renamed
 * executable is refused naming what it is; the size cap, the per-listing
 * count, and an audit row per change. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "tmpdir.h"
#include "core/err.h"
#include "domain/attachment.h"
#include "domain/favourite.h"
#include "store/store.h"

struct fx { struct store *st; struct arena a; char path[96]; };

static const unsigned char PDF[] = "%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n";
static const unsigned char PNG[] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R',
	0, 0, 0, 4, 0, 0, 0, 4, 8, 2, 0, 0, 0, 0x26, 0x93, 0x09, 0x29 };
static const unsigned char HTML[] = "<!DOCTYPE html><html><body><script>alert(1)</script></body></html>\n";

static unsigned char *pe_header(size_t *n)
{
	static unsigned char mz[256];
	memset(mz, 0, sizeof(mz));
	mz[0] = 'M'; mz[1] = 'Z'; mz[0x3c] = 0x80;
	memcpy(mz + 0x80, "PE\0\0", 4);
	mz[0x84] = 0x4c; mz[0x85] = 0x01;
	*n = sizeof(mz);
	return mz;
}

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));
	int applied;
	assert_non_null(f);
	snprintf(f->path, sizeof(f->path), "%s/tb-attach-%d.db", test_tmpdir(), (int)getpid());
	unlink(f->path);
	assert_int_equal(store_open(f->path, &f->st), TB_OK);
	assert_int_equal(store_migrate(f->st, &applied), TB_OK);
	arena_init(&f->a, 32 << 20);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	char p[120];
	arena_release(&f->a);
	store_close(f->st);
	unlink(f->path);
	snprintf(p, sizeof(p), "%s-wal", f->path); unlink(p);
	snprintf(p, sizeof(p), "%s-shm", f->path); unlink(p);
	free(f);
	return 0;
}

static const struct attachment_actor WHO = { 5, "member@demo.techbridge.cn", "member" };

/* Guards: the type was the caller's word (extension or header), so any file
 * could be served as a PDF. */
static void test_detect_by_content(void **state)
{
	char m[128];
	size_t n;
	assert_int_equal(attachment_detect(PDF, sizeof(PDF) - 1, m, sizeof(m)), TB_OK);
	assert_string_equal(m, "application/pdf");
	assert_int_equal(attachment_detect(PNG, sizeof(PNG), m, sizeof(m)), TB_OK);
	assert_string_equal(m, "image/png");
	unsigned char *pe = pe_header(&n);
	assert_int_equal(attachment_detect(pe, n, m, sizeof(m)), TB_OK);
	assert_string_equal(m, "application/vnd.microsoft.portable-executable");
}

/* Guards: a renamed executable ("setup.pdf", declared application/pdf) was
 * accepted; it must be refused naming what it is. */
static void test_forged_extension_refused(void **state)
{
	struct fx *f = *state;
	struct tb_field_error fe = { 0 };
	struct attachment x, *rows;
	size_t n;
	int k;
	unsigned char *pe = pe_header(&n);
	assert_int_equal(attachment_add(f->st, &f->a, "achievement", 1, "setup.pdf", "application/pdf", pe, n,
	                                &WHO, &x, &fe), TB_ETYPE);
	assert_string_equal(fe.field, "file");
	assert_non_null(strstr(fe.message, "application/vnd.microsoft.portable-executable"));
	memset(&fe, 0, sizeof(fe));
	assert_int_equal(attachment_add(f->st, &f->a, "achievement", 1, "page.png", "image/png", HTML,
	                                sizeof(HTML) - 1, &WHO, &x, &fe), TB_ETYPE);
	assert_non_null(strstr(fe.message, "text/html"));
	/* a PDF named .png: the name does not match its content */
	memset(&fe, 0, sizeof(fe));
	assert_int_equal(attachment_add(f->st, &f->a, "achievement", 1, "scan.png", NULL, PDF, sizeof(PDF) - 1,
	                                &WHO, &x, &fe), TB_ETYPE);
	assert_string_equal(fe.field, "name");
	/* declared as one type, content of another */
	memset(&fe, 0, sizeof(fe));
	assert_int_equal(attachment_add(f->st, &f->a, "achievement", 1, "scan.pdf", "image/png", PDF,
	                                sizeof(PDF) - 1, &WHO, &x, &fe), TB_ETYPE);
	assert_string_equal(fe.field, "Content-Type");
	assert_int_equal(store_attachment_list(f->st, &f->a, "achievement", 1, &rows, &k), TB_OK);
	assert_int_equal(k, 0);
}

static void test_add_audited_and_bounded(void **state)
{
	struct fx *f = *state;
	struct tb_field_error fe = { 0 };
	struct attachment x, *rows;
	struct audit_entry *au;
	struct audit_query q;
	int64_t total;
	int n;

	assert_int_equal(attachment_add(f->st, &f->a, "demand", 9, "证书 扫描.PDF", "application/pdf", PDF,
	                                sizeof(PDF) - 1, &WHO, &x, &fe), TB_OK);
	assert_true(x.id > 0);
	assert_string_equal(x.mime, "application/pdf");
	assert_int_equal(x.size, (int64_t)sizeof(PDF) - 1);
	assert_int_equal(strlen(x.sha256), 64);
	memset(&q, 0, sizeof(q));
	q.resource = "demand"; q.resource_id = 9; q.limit = 10;
	assert_int_equal(store_audit_list(f->st, &f->a, &q, &au, &n, &total), TB_OK);
	assert_int_equal(n, 1);
	assert_string_equal(au[0].action, "attachment_add");
	assert_int_equal(au[0].user_id, 5);
	/* names: no paths, quotes or control characters */
	memset(&fe, 0, sizeof(fe));
	assert_int_equal(attachment_add(f->st, &f->a, "demand", 9, "../etc/passwd.pdf", NULL, PDF,
	                                sizeof(PDF) - 1, &WHO, &x, &fe), TB_EINVAL);
	assert_string_equal(fe.field, "name");
	assert_int_equal(attachment_add(f->st, &f->a, "demand", 9, "", NULL, PDF, sizeof(PDF) - 1, &WHO,
	                                &x, &fe), TB_EINVAL);
	/* the size cap */
	unsigned char *big = calloc(1, ATTACHMENT_MAX_BYTES + 1);
	assert_non_null(big);
	memcpy(big, PDF, sizeof(PDF) - 1);
	memset(&fe, 0, sizeof(fe));
	assert_int_equal(attachment_add(f->st, &f->a, "demand", 9, "big.pdf", NULL, big,
	                                ATTACHMENT_MAX_BYTES + 1, &WHO, &x, &fe), TB_ETOOBIG);
	assert_string_equal(fe.field, "file");
	free(big);
	/* the count per listing */
	for (int i = 1; i < ATTACHMENT_MAX_PER_ITEM; i++)
		assert_int_equal(attachment_add(f->st, &f->a, "demand", 9, "more.pdf", NULL, PDF,
		                                sizeof(PDF) - 1, &WHO, &x, &fe), TB_OK);
	assert_int_equal(attachment_add(f->st, &f->a, "demand", 9, "one-too-many.pdf", NULL, PDF,
	                                sizeof(PDF) - 1, &WHO, &x, &fe), TB_ECONFLICT);
	assert_int_equal(attachment_list(f->st, &f->a, "demand", 9, &rows, &n), TB_OK);
	assert_int_equal(n, ATTACHMENT_MAX_PER_ITEM);
	/* remove, audited */
	assert_int_equal(attachment_remove(f->st, &f->a, rows[0].id, &WHO), TB_OK);
	assert_int_equal(attachment_remove(f->st, &f->a, rows[0].id, &WHO), TB_ENOTFOUND);
	q.action = "attachment_delete";
	assert_int_equal(store_audit_list(f->st, &f->a, &q, &au, &n, &total), TB_OK);
	assert_int_equal(n, 1);
}

/* A user keeps at most FAVOURITES_MAX favourites: the 200th is saved, the
 * 201st refused with a conflict naming the cap; saving one already saved
 * stays a no-op at the cap. Guards the mutant favourites-cap-off-by-one
 * (one more let in). */
static void test_favourites_cap(void **state)
{
	struct fx *f = *state;
	struct tb_field_error fe = { 0 };
	struct org o;
	struct user u;
	int64_t ids[FAVOURITES_MAX + 1];
	int created = 0;

	memset(&o, 0, sizeof(o));
	o.name = "收藏测试企业"; o.kind = "enterprise"; o.city = "沈阳";
	assert_int_equal(store_org_insert(f->st, &o), TB_OK);
	memset(&u, 0, sizeof(u));
	u.email = "fav@x.cn"; u.org_id = o.id; u.role = "member"; u.pw_hash = "x";
	assert_int_equal(store_user_insert(f->st, &u), TB_OK);
	assert_int_equal(store_begin(f->st), TB_OK);
	for (int i = 0; i <= FAVOURITES_MAX; i++) {
		struct achievement x;
		memset(&x, 0, sizeof(x));
		x.title_zh = "收藏条目"; x.trl = 5; x.modes = MODE_LICENCE; x.price = -1;
		x.owner_org_id = o.id; x.status = "published";
		assert_int_equal(store_achievement_insert(f->st, &x), TB_OK);
		ids[i] = x.id;
	}
	assert_int_equal(store_commit(f->st), TB_OK);
	for (int i = 0; i < FAVOURITES_MAX; i++) {
		assert_int_equal(favourite_add(f->st, &f->a, u.id, true, ids[i], &created, &fe), TB_OK);
		assert_int_equal(created, 1);
	}
	assert_int_equal(favourite_add(f->st, &f->a, u.id, true, ids[0], &created, &fe), TB_OK);
	assert_int_equal(created, 0);
	assert_int_equal(favourite_add(f->st, &f->a, u.id, true, ids[FAVOURITES_MAX], &created, &fe), TB_ECONFLICT);
	assert_string_equal(fe.field, "item_id");
	assert_string_equal(fe.code, "max_favourites");
	assert_int_equal(fe.n, FAVOURITES_MAX);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_detect_by_content),
		cmocka_unit_test_setup_teardown(test_forged_extension_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_add_audited_and_bounded, setup, teardown),
		cmocka_unit_test_setup_teardown(test_favourites_cap, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
