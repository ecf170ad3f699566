/* attachment.c - the table of attachment types accepted on listings
 * (issue #18): PDF, PNG, JPEG, DOCX and XLSX, with the extensions a name of
 * each may end in. */
#include "model/attachment.h"
#include <string.h>

const struct attachment_type attachment_types[] = {
	{ "application/pdf", ".pdf", "PDF" },
	{ "image/png", ".png", "PNG" },
	{ "image/jpeg", ".jpg.jpeg", "JPEG" },
	{ "application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx", "DOCX" },
	{ "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx", "XLSX" },
	{ NULL, NULL, NULL },
};

const struct attachment_type *attachment_type_find(const char *mime)
{
	for (const struct attachment_type *t = attachment_types; mime && t->mime; t++)
		if (!strcmp(t->mime, mime))
			return t;
	return NULL;
}
