/*
 * attachments.c — reads a stored photo for its owner.
 */
#include <string.h>

#include "attachments.h"

enum db_err attachment_get(struct db *db, struct arena *a, long long id,
                           long long customer_id, struct attachment *out)
{
	struct dbrow *row;
	enum db_err e;

	memset(out, 0, sizeof *out);
	e = db_row(db, a,
	           "SELECT id, mime, filename, sha256, data FROM attachments "
	           "WHERE id = ? AND (? = 0 OR customer_id = ?)",
	           DB_ARGS(DB_INT(id), DB_INT(customer_id), DB_INT(customer_id)), &row);
	if (e != DB_OK || !row)
		return e;
	out->id = db_int(row, 0);
	out->mime = row->col[1];
	out->filename = row->col[2];
	out->sha256 = row->col[3];
	out->data = (const unsigned char *)row->col[4];
	out->len = row->len[4];
	return DB_OK;
}
