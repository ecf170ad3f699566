/* account.h - users, roles, credentials (sessions and API tokens) and audit
 * entries: the rules that apply to them (email and password policy, roles
 * that need an organisation; the records are in model/account.h), plus the cryptography that makes credentials safe at
 * rest: argon2id password hashes and hashed random tokens (libsodium). No
 * JSON, no HTTP, no SQL. See docs/security.md for the design. */
#ifndef TB_ACCOUNT_H
#define TB_ACCOUNT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "core/err.h"
#include "model/account.h"

bool role_valid(const char *role);
/* Roles that must belong to an organisation (org_admin, member, broker). */
bool role_needs_org(const char *role);

/* Validation (field names: email, password, role, org). */
int account_email_validate(const char *email, struct tb_field_error *fe);
int account_password_validate(const char *password, struct tb_field_error *fe);
/* The same, also refusing the account's own email (or its local part) and
 * name; email and name may be NULL. Use this wherever the account is known. */
int account_password_validate_for(const char *password, const char *email, const char *name,
                                  struct tb_field_error *fe);
int user_validate(const struct user *u, struct tb_field_error *fe);
/* Lower-cases ASCII letters in place (emails compare case-insensitively). */
void account_email_normalize(char *email);

/* ---- crypto (libsodium); account_crypto_init() must run once first (idempotent). */
int account_crypto_init(void);
#define ACCOUNT_HASH_MAX 128     /* crypto_pwhash_STRBYTES */
/* argon2id, OPSLIMIT_INTERACTIVE / MEMLIMIT_INTERACTIVE. TB_ENOMEM when the
 * 64 MiB could not be had. password_needs_rehash compares with the cost in
 * force. */
int password_hash(const char *password, char out[ACCOUNT_HASH_MAX]);
bool password_verify(const char *hash, const char *password);
bool password_needs_rehash(const char *hash);
/* Random readable password (for admin-init and generated accounts): 20 chars. */
void password_generate(char out[32]);
/* The test suite's cost (TB_PWHASH=test, docs/security.md): argon2id at
 * libsodium's minimum (t=1, 8 KiB), logged as insecure on the first hash.
 * Off by default; set once at start, before any thread hashes. */
void password_cost_set_test(bool on);
bool password_cost_is_test(void);

/* Random 32-byte secret as 64 hex chars, with a prefix ("" for sessions,
 * "tbk_" for API tokens). out must hold 80 bytes. */
#define TOKEN_STR_MAX 80
#define TOKEN_HASH_HEX 65
void token_generate(const char *prefix, char out[TOKEN_STR_MAX]);
/* hex(crypto_generichash(token)) into out[65]. */
void token_hash(const char *token, char out[TOKEN_HASH_HEX]);
/* Constant-time string equality (sodium_memcmp); false on NULL or length mismatch. */
bool secret_equal(const char *a, const char *b);

#endif
