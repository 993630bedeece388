/*
 * common.c — the helpers every command of aftercare-admin may use: naming a
 * database error on stderr, reading a whole file, looking up a staff email.
 * main() and the command table are in admin.c.
 */
#include <stdio.h>

#include "admin.h"

const char *db_err_text(enum db_err e)
{
	static const char *const text[] = {
		[DB_OK] = "ok",
		[DB_DUPLICATE] = "a unique key refused the row (1062)",
		[DB_DEADLOCK] = "deadlock or lock wait timeout, rolled back",
		[DB_DOWN] = "the database server is unreachable",
		[DB_ERROR] = "the server refused the statement (its message is above)",
	};

	return (size_t)e < NELEM(text) && text[e] ? text[e] : "unknown error";
}

int fail_db(const char *what, enum db_err e)
{
	fprintf(stderr, PROG ": %s: %s\n", what, db_err_text(e));
	return 1;
}

/* Reads a whole stream into a heap buffer (NUL-terminated), stopping one
 * byte past max so the caller can tell "too large". NULL on a read error. */
char *read_stream(FILE *f, size_t max, size_t *len)
{
	struct buf b = {0};
	char chunk[65536];
	size_t n;

	while (b.len <= max && (n = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_add(&b, chunk, n);
	if (ferror(f)) {
		buf_free(&b);
		return NULL;
	}
	buf_add(&b, "", 0);
	*len = b.len;
	return b.p;
}

/* Whether a staff account has this email: demo and create-staff say
 * "new" or "updated". 0, or 1 with a message. */
int staff_exists(struct ctx *c, const char *email, bool *exists)
{
	struct dbrow *row;
	enum db_err e;

	if ((e = db_row(c->db, c->a, "SELECT id FROM staff WHERE email = ?",
	                DB_ARGS(DB_STR(email)), &row)) != DB_OK)
		return fail_db(email, e);
	*exists = row != NULL;
	return 0;
}
