/* alliance.c - name tables of the alliance and service-agency registries:
 * member roles, and the services an agency offers with their labels in
 * both languages (the web and the CLI show them). */
#include "model/alliance.h"
#include <stddef.h>

const char *const alliance_roles[] = { "lead", "vice_lead", "member", NULL };

const struct agency_service_name agency_services[] = {
	{ "finance", "科技金融", "technology finance" },
	{ "transfer", "技术转移", "technology transfer" },
	{ "testing", "检验检测", "inspection and testing" },
	{ "ip", "知识产权", "intellectual property" },
	{ "roadshow", "路演对接", "roadshows" },
	{ "incubation", "创业孵化", "incubation" },
	{ "consulting", "科技咨询", "S&T consulting" },
	{ "training", "人才培训", "training" },
	{ NULL, NULL, NULL },
};
