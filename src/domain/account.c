/* account.c - role names, account validation, and credential cryptography:
 * argon2id password hashing (libsodium crypto_pwhash_str) and random tokens
 * that are stored only as BLAKE2b hashes (crypto_generichash). */
#include "domain/account.h"
#include "domain/catalog.h"
#include "core/log.h"
#include "core/util.h"
#include <ctype.h>
#include <stdbool.h>
#include <pthread.h>
#include <semaphore.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

bool role_valid(const char *role) { return name_in(account_roles, role); }

bool role_needs_org(const char *role)
{
	return str_eq(role, "org_admin") || str_eq(role, "member") || str_eq(role, "broker");
}

void account_email_normalize(char *email)
{
	for (char *p = email; p && *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
}

int account_email_validate(const char *email, struct tb_field_error *fe)
{
	const char *at;
	size_t n;
	if (str_empty(email))
		return TB_FE(fe, "email", "field_required"), TB_EINVAL;
	n = strlen(email);
	at = strchr(email, '@');
	if (n > 254 || !utf8_valid(email, n))
		return TB_FE(fe, "email", "invalid_email"), TB_EINVAL;
	if (!at || at == email || strchr(at + 1, '@') || !strchr(at + 1, '.') || at[1] == '.' ||
	    email[n - 1] == '.' || strpbrk(email, " \t\r\n,;<>\"'"))
		return TB_FE(fe, "email", "invalid_email"), TB_EINVAL;
	return TB_OK;
}

/* NIST SP 800-63B 5.1.1.2: a password is taken exactly as typed (never
 * trimmed, never replaced), at least 10 characters, and refused when it is
 * common or guessable: on the deny list (also after removing leading and
 * trailing digits and symbols), one repeated character, a run of consecutive
 * digits or letters (either direction), or the account's own email, the
 * email's local part or the person's name. */
static const char *const common_passwords[] = {
#include "domain/common_passwords.inc"
};

static bool in_deny_list(const char *lower)
{
	for (size_t i = 0; i < sizeof(common_passwords) / sizeof(common_passwords[0]); i++)
		if (!strcmp(common_passwords[i], lower))
			return true;
	return false;
}

/* All one character, or each byte one more (or one less) than the previous
 * within digits or letters: 1234567890, 9876543210, abcdefghij. The digit run
 * may wrap 9 -> 0 as keyboards do. */
static bool repeated_or_sequential(const char *s, size_t n)
{
	bool same = true, up = true, down = true;
	for (size_t i = 1; i < n; i++) {
		unsigned char a = (unsigned char)s[i - 1], b = (unsigned char)s[i];
		bool alnum = (isdigit(a) && isdigit(b)) || (isalpha(a) && isalpha(b));
		same = same && a == b;
		up = up && alnum && (b == a + 1 || (a == '9' && b == '0'));
		down = down && alnum && (a == b + 1 || (a == '0' && b == '9'));
	}
	return same || up || down;
}

int account_password_validate_for(const char *password, const char *email, const char *name,
                                  struct tb_field_error *fe)
{
	char lower[257], core[257];
	size_t len, i, b, e;
	long n;

	if (!password || !*password)
		return TB_FE(fe, "password", "field_required"), TB_EINVAL;
	len = strlen(password);
	n = utf8_len(password, len);
	if (n < 0)
		return TB_FE(fe, "password", "invalid_utf8"), TB_EINVAL;
	if (n < 10)
		return TB_FE_N(fe, "password", "too_short", 10), TB_EINVAL;
	if (len > 256)
		return TB_FE_N(fe, "password", "too_long_bytes", 256), TB_EINVAL;
	for (i = 0; i < len; i++)
		lower[i] = (char)tolower((unsigned char)password[i]);
	lower[len] = '\0';
	if (repeated_or_sequential(lower, len))
		return TB_FE(fe, "password", "password_pattern"), TB_EINVAL;
	for (b = 0; b < len && !isalpha((unsigned char)lower[b]) && !(lower[b] & 0x80); b++)
		;
	for (e = len; e > b && !isalpha((unsigned char)lower[e - 1]) && !(lower[e - 1] & 0x80); e--)
		;
	memcpy(core, lower + b, e - b);
	core[e - b] = '\0';
	if (in_deny_list(lower) || (core[0] && in_deny_list(core)))
		return TB_FE(fe, "password", "password_common"), TB_EINVAL;
	if (email && *email) {
		size_t at = strcspn(email, "@");
		if (!strcasecmp(password, email) || (at >= 3 && at == len && !strncasecmp(password, email, at)) ||
		    (at >= 3 && at == e - b && !strncasecmp(core, email, at)))
			return TB_FE(fe, "password", "password_is_email"), TB_EINVAL;
	}
	if (name && *name && (!strcasecmp(password, name) || !strcasecmp(core, name)))
		return TB_FE(fe, "password", "password_is_name"), TB_EINVAL;
	return TB_OK;
}

int account_password_validate(const char *password, struct tb_field_error *fe)
{
	return account_password_validate_for(password, NULL, NULL, fe);
}

int user_validate(const struct user *u, struct tb_field_error *fe)
{
	int rc;
	if ((rc = account_email_validate(u->email, fe)))
		return rc;
	if (!role_valid(u->role))
		return tb_fe_code(fe, "role", "one_of_list", 0, 0,
		                  "admin, reviewer, org_admin, member, broker",
		                  NULL), TB_EINVAL;
	if (role_needs_org(u->role) && u->org_id <= 0)
		return TB_FE_S(fe, "org", "role_requires", u->role), TB_EINVAL;
	if (u->name && utf8_len(u->name, strlen(u->name)) > 100)
		return TB_FE_N(fe, "name", "too_long", 100), TB_EINVAL;
	return TB_OK;
}

int account_crypto_init(void)
{
	/* sodium_init is thread-safe and returns 1 when already initialised. */
	return sodium_init() < 0 ? TB_EIO : TB_OK;
}

/* Each argon2id computation takes 64 MiB; a burst of logins on a 16-thread
 * server must not take a gigabyte. At most HASH_SLOTS run at once; the rest wait. */
#define HASH_SLOTS 4
static sem_t hash_slots;
static pthread_once_t hash_once = PTHREAD_ONCE_INIT;
static void hash_slots_init(void) { sem_init(&hash_slots, 0, HASH_SLOTS); }
static void slot_take(void)
{
	pthread_once(&hash_once, hash_slots_init);
	while (sem_wait(&hash_slots) != 0)
		; /* EINTR: retry */
}
static void slot_give(void) { sem_post(&hash_slots); }

/* The hash cost: argon2id INTERACTIVE (t=2, 64 MiB) always, except in the
 * test suite, which creates and logs in thousands of users and spent most of
 * its time in argon2id (docs/testing.md). The CLI switches to the test cost
 * only for TB_PWHASH=test, and serve refuses that without a test clock
 * (docs/security.md). Set once at start, before any thread hashes. */
static bool cost_test;
static pthread_once_t cost_warn_once = PTHREAD_ONCE_INIT;

void password_cost_set_test(bool on) { cost_test = on; }
bool password_cost_is_test(void) { return cost_test; }

static void cost_warn(void)
{
	tb_warn("TB_PWHASH=test: passwords are hashed at the INSECURE test cost (argon2id t=1, 8 KiB); "
	        "for the test suite only");
}

static unsigned long long cost_ops(void)
{
	return cost_test ? crypto_pwhash_OPSLIMIT_MIN : crypto_pwhash_OPSLIMIT_INTERACTIVE;
}

static size_t cost_mem(void)
{
	return cost_test ? crypto_pwhash_MEMLIMIT_MIN : crypto_pwhash_MEMLIMIT_INTERACTIVE;
}

int password_hash(const char *password, char out[ACCOUNT_HASH_MAX])
{
	int r;
	_Static_assert(crypto_pwhash_STRBYTES <= ACCOUNT_HASH_MAX, "hash buffer");
	if (account_crypto_init())
		return TB_EIO;
	if (cost_test)
		pthread_once(&cost_warn_once, cost_warn);
	slot_take();
	r = crypto_pwhash_str_alg(out, password, strlen(password), cost_ops(), cost_mem(),
	                          crypto_pwhash_ALG_ARGON2ID13);
	slot_give();
	return r == 0 ? TB_OK : TB_ENOMEM;
}

bool password_verify(const char *hash, const char *password)
{
	int r;
	if (!hash || !password || account_crypto_init())
		return false;
	slot_take();
	r = crypto_pwhash_str_verify(hash, password, strlen(password));
	slot_give();
	return r == 0;
}

/* Against the cost in force: a hash made at the test cost is upgraded at
 * the next login once the setting is off (tests/unit/test_auth.c). */
bool password_needs_rehash(const char *hash)
{
	return crypto_pwhash_str_needs_rehash(hash, cost_ops(), cost_mem()) != 0;
}

void password_generate(char out[32])
{
	/* 20 characters from a 56-symbol alphabet without look-alikes: ~116 bits. */
	static const char alpha[] = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
	account_crypto_init();
	for (int i = 0; i < 20; i++)
		out[i] = alpha[randombytes_uniform((uint32_t)(sizeof(alpha) - 1))];
	out[20] = '\0';
}

void token_generate(const char *prefix, char out[TOKEN_STR_MAX])
{
	unsigned char raw[32];
	size_t pl = strlen(prefix);
	account_crypto_init();
	randombytes_buf(raw, sizeof(raw));
	snprintf(out, TOKEN_STR_MAX, "%s", prefix);
	sodium_bin2hex(out + pl, TOKEN_STR_MAX - pl, raw, sizeof(raw));
	sodium_memzero(raw, sizeof(raw));
}

void token_hash(const char *token, char out[TOKEN_HASH_HEX])
{
	unsigned char h[32];
	account_crypto_init();
	crypto_generichash(h, sizeof(h), (const unsigned char *)token, strlen(token), NULL, 0);
	sodium_bin2hex(out, TOKEN_HASH_HEX, h, sizeof(h));
}

bool secret_equal(const char *a, const char *b)
{
	size_t n;
	if (!a || !b)
		return false;
	n = strlen(a);
	if (n != strlen(b) || n == 0)
		return false;
	return sodium_memcmp(a, b, n) == 0;
}
