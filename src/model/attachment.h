/* attachment.h - a file attached to an achievement, a demand, a challenge
 * or a docking case (issue #18),
 * and a saved listing (a favourite, same issue):
 * its name, the type its content was identified as, size, SHA-256 and the
 * bytes themselves. The bytes live in the store (a BLOB), so that every app
 * node serving the same database sees every file. Data, no rules. */
#ifndef TB_MODEL_ATTACHMENT_H
#define TB_MODEL_ATTACHMENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The largest attachment: 8 MiB (a patent certificate scan, a product sheet). */
#define ATTACHMENT_MAX_BYTES ((size_t)8 << 20)
/* At most this many attachments per listing. */
#define ATTACHMENT_MAX_PER_ITEM 20

struct attachment {
	int64_t id;
	const char *kind;          /* "achievement", "demand", "challenge" or "case" */
	int64_t item_id;
	const char *name;          /* the file name shown and offered on download */
	const char *mime;          /* identified from the content, never the caller's word */
	int64_t size;
	const char *sha256;        /* hex */
	const unsigned char *data; /* NULL in listings */
	int64_t uploaded_by;       /* user id, 0 = none */
	const char *created_at;
};

/* The accepted types: MIME type, the file name extensions that may carry it,
 * and the label shown. NULL-terminated. */
struct attachment_type { const char *mime; const char *exts; const char *label; };
extern const struct attachment_type attachment_types[];
const struct attachment_type *attachment_type_find(const char *mime);

/* A listing a user saved (issue #18, favourites). */
struct favourite { bool is_ach; int64_t item_id; const char *created_at; };
/* Favourites a user may keep. */
#define FAVOURITES_MAX 200

#endif
