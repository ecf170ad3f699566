/* mail.c - the e-mail options of serve and maintain (--smtp URL, --mail-from
 * ADDR, --public-url URL) and the digest step they run under the
 * maintenance lease, sending through libcurl (http/smtp.h). */
#include "cli/cli.h"
#include "core/err.h"
#include "core/log.h"
#include "domain/digest.h"
#include "http/smtp.h"
#include <stdio.h>
#include <string.h>

static int send_smtp(void *ctx, const char *to, const char *msg, size_t len)
{
	const struct cli_mail *m = ctx;
	char err[256];
	int rc = smtp_send(m->smtp, m->from, to, msg, len, 20, err, sizeof(err));
	if (rc)
		tb_error("smtp %s: %s", m->smtp, err);
	return rc;
}

int cli_mail_options(const char *cmd, int argc, char **argv, struct cli_mail *m)
{
	memset(m, 0, sizeof(*m));
	m->smtp = cli_opt(argc, argv, "--smtp", NULL);
	m->from = cli_opt(argc, argv, "--mail-from", "techbridge@localhost");
	m->public_url = cli_opt(argc, argv, "--public-url", "http://127.0.0.1:8080");
	if (m->smtp && strncmp(m->smtp, "smtp://", 7) && strncmp(m->smtp, "smtps://", 8))
		return cli_usage_error(cmd, "--smtp must be smtp://HOST:PORT or smtps://HOST:PORT");
	if (!strchr(m->from, '@'))
		return cli_usage_error(cmd, "--mail-from must be an e-mail address");
	return CLI_EXIT_OK;
}

int cli_mail_digest(struct store *st, int64_t now, void *ctx)
{
	struct cli_mail *m = ctx;
	struct digest_config cfg = { m->from, m->public_url, send_smtp, m };
	if (!m->smtp)
		return TB_OK; /* no server configured: alerts stay in-app */
	return digest_run(st, now, &cfg, &m->last);
}
