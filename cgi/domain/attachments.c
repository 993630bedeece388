/*
 * attachments.c — reads a stored photo for its owner.
 */
#include <string.h>

#include "attachments.h"
#include "cases.h"
#include "session.h"

enum db_err attachment_add(struct db *db, long long case_id, long long customer_id,
                           const struct photo *p, const char *now, long long *id)
{
	char digest[65];
	struct dbres res;
	enum db_err e;

	sha256_hex(p->data, p->len, digest);
	e = db_run(db, NULL,
	           "INSERT INTO attachments (case_id, customer_id, filename, mime, "
	           "size, sha256, data, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
	           DB_ARGS(DB_INT(case_id), DB_INT(customer_id), DB_STR(p->filename),
	                   DB_STR(p->mime), DB_INT((long long)p->len), DB_STR(digest),
	                   DB_BLOB(p->data, p->len), DB_STR(now)),
	           &res);
	*id = e == DB_OK ? (long long)res.insert_id : 0;
	return e;
}

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
