/* challenge.c - the name tables of open competitions (model/challenge.h)
 * and the bilingual status labels pages and CSV exports show. */
#include "model/challenge.h"
#include <stddef.h>
#include <string.h>

const char *const challenge_statuses[] = { "draft", "submitted", "published",
                                           "applications_closed", "under_review", "notice",
                                           "awarded", "in_progress", "accepted", "failed",
                                           "closed", NULL };
const char *const challenge_line_kinds[] = { "indicator", "deliverable", "stage", "criterion",
                                             "contact", "member", "consortium", "achievement",
                                             "budget", "milestone", NULL };
const char *const challenge_tranche_kinds[] = { "initial", "milestone", "reward", NULL };
const char *const challenge_app_statuses[] = { "submitted", "won", "lost", NULL };
const char *const challenge_ms_statuses[] = { "pending", "reported", "accepted", "rejected",
                                              "paid", NULL };

static const char *const labels_zh[] = { "草稿", "待审核", "已发榜", "申报截止", "评审中",
                                         "公示中", "已揭榜", "攻关中", "已验收", "未通过",
                                         "已关闭" };

const char *challenge_status_label(const char *status, bool zh)
{
	for (size_t i = 0; status && challenge_statuses[i]; i++)
		if (!strcmp(challenge_statuses[i], status))
			return zh ? labels_zh[i] : challenge_statuses[i];
	return status;
}
