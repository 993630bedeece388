/*
 * attachments.h — photos stored with a case, served only to their owner
 * (and, from the staff pages, to staff).
 */
#ifndef AFTERCARE_ATTACHMENTS_H
#define AFTERCARE_ATTACHMENTS_H

#include <stddef.h>

#include "db.h"

struct attachment {
	long long id;       /* 0: not found, or not this customer's */
	const char *mime;
	const char *filename;
	const char *sha256;
	const unsigned char *data;
	size_t len;
};

struct photo;
/* Stores a photo of case_id owned by customer_id; *id its new id. */
enum db_err attachment_add(struct db *db, long long case_id, long long customer_id,
                           const struct photo *p, const char *now, long long *id);

/* customer_id 0: any owner (staff). */
enum db_err attachment_get(struct db *db, struct arena *a, long long id,
                           long long customer_id, struct attachment *out);

#endif
