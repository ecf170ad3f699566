/* attachment.h - files on achievements, demands, challenges and docking
 * cases (issue #18): the one writer of attachments. The type of a file is identified from its bytes
 * (libmagic), never taken from the caller's Content-Type or file name: a
 * renamed executable is refused naming what it really is. No JSON, no SQL. */
#ifndef TB_DOMAIN_ATTACHMENT_H
#define TB_DOMAIN_ATTACHMENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "core/arena.h"
#include "core/err.h"
#include "model/attachment.h"

struct store;

/* Who acts, for the audit log. */
struct attachment_actor { int64_t user_id; const char *email, *role; };

/* The MIME type of the bytes as libmagic identifies them, into out (e.g.
 * "application/x-dosexec"). TB_EIO when the magic database cannot be loaded. */
int attachment_detect(const unsigned char *data, size_t len, char *out, size_t outsz);

/* Is kind one of "achievement", "demand", "challenge", "case"? */
bool attachment_kind_valid(const char *kind);

/* Adds a file to the item (kind, item_id; the caller checked that it exists
 * and that who may change it), checked in this order: name
 * (1-200 bytes, no path, no control characters; field "name"), size (1 byte
 * to ATTACHMENT_MAX_BYTES: TB_ETOOBIG, field "file"), the listing's count
 * (ATTACHMENT_MAX_PER_ITEM: TB_ECONFLICT), the content's type (not accepted:
 * TB_ETYPE naming the detected type, field "file"), the declared type when
 * given (differs from the content: TB_ETYPE, field "Content-Type") and the
 * name's extension (not one of the type's: TB_ETYPE, field "name"). Insert and
 * audit in one transaction; *out gets the stored metadata. */
int attachment_add(struct store *st, struct arena *a, const char *kind, int64_t item_id,
                   const char *name, const char *declared, const unsigned char *data,
                   size_t len, const struct attachment_actor *who, struct attachment *out,
                   struct tb_field_error *fe);
/* Removes one, audited on its item. TB_ENOTFOUND. */
int attachment_remove(struct store *st, struct arena *a, int64_t id,
                      const struct attachment_actor *who);
int attachment_list(struct store *st, struct arena *a, const char *kind, int64_t item_id,
                    struct attachment **out, int *n);
int attachment_get(struct store *st, struct arena *a, int64_t id, bool with_data,
                   struct attachment *out);

#endif
