/*
 * resets.c — password-reset codes (resets.h, the password_resets table of
 * schema/012). A wrong guess is counted in its own committed statement, so
 * a guesser cannot roll it back.
 */
#include <string.h>

#include "outbox.h"
#include "resets.h"

struct request_tx {
	struct arena *a;
	long long customer_id;
	const char *code, *mac;
	time_t now;
	bool *sent;
};

static int request_body(struct db *db, void *ctx)
{
	struct request_tx *t = ctx;
	struct dbrow *row;
	char now[20], hour_ago[20], expires[20];
	enum db_err e;

	format_db_datetime(t->now, now);
	format_db_datetime(t->now - 3600, hour_ago);
	format_db_datetime(t->now + RESET_VALID, expires);
	/* The customer's row serialises two requests at once. */
	if ((e = db_row(db, t->a, "SELECT id FROM customers WHERE id = ? FOR UPDATE",
	                DB_ARGS(DB_INT(t->customer_id)), &row)) != DB_OK ||
	    (row && (e = db_row(db, t->a,
	                        "SELECT COUNT(*) FROM password_resets WHERE customer_id = ? "
	                        "AND created_at > ?",
	                        DB_ARGS(DB_INT(t->customer_id), DB_STR(hour_ago)), &row)) != DB_OK))
		return db_fail(e);
	if (!row || db_int(row, 0) >= RESET_PER_HOUR)
		return 0;
	if ((e = outbox_reset_code(db, t->a, t->customer_id, t->code, t->now, t->sent)) != DB_OK)
		return db_fail(e);
	if (!*t->sent)
		return 0;
	e = db_run(db, NULL,
	           "INSERT INTO password_resets (customer_id, code_hash, created_at, expires_at) "
	           "VALUES (?, ?, ?, ?)",
	           DB_ARGS(DB_INT(t->customer_id), DB_STR(t->mac), DB_STR(now), DB_STR(expires)),
	           NULL);
	return e == DB_OK ? 0 : db_fail(e);
}

enum db_err reset_request(struct db *db, struct arena *a, long long customer_id,
                          const char *code, const char *code_mac, time_t now, bool *sent)
{
	struct request_tx t = {a, customer_id, code, code_mac, now, sent};
	int rc;

	*sent = false;
	rc = db_tx(db, request_body, &t);
	return rc < 0 ? (enum db_err)-rc : DB_OK;
}

struct confirm_tx {
	struct arena *a;
	long long customer_id;
	const char *mac, *hash;
	time_t now;
	enum reset_result *result;
	long long wrong_id; /* a wrong guess at this code: counted after */
};

static int confirm_body(struct db *db, void *ctx)
{
	struct confirm_tx *t = ctx;
	struct dbrow *row;
	char now[20];
	enum db_err e;

	format_db_datetime(t->now, now);
	*t->result = RESET_WRONG;
	t->wrong_id = 0;
	if ((e = db_row(db, t->a,
	                "SELECT id, code_hash, tries FROM password_resets WHERE customer_id = ? "
	                "AND used_at IS NULL AND expires_at > ? ORDER BY id DESC LIMIT 1 FOR UPDATE",
	                DB_ARGS(DB_INT(t->customer_id), DB_STR(now)), &row)) != DB_OK)
		return db_fail(e);
	if (!row)
		return 0;
	if (db_int(row, 2) >= RESET_TRIES) {
		*t->result = RESET_LOCKED;
		return 0;
	}
	/* Both are MACs under the app's key: their timing tells nothing of a code. */
	if (strcmp(row->col[1], t->mac) != 0) {
		t->wrong_id = db_int(row, 0);
		return 0;
	}
	if ((e = db_run(db, NULL, "UPDATE password_resets SET used_at = ? WHERE id = ?",
	                DB_ARGS(DB_STR(now), DB_INT(db_int(row, 0))), NULL)) != DB_OK ||
	    (e = db_run(db, NULL,
	                "UPDATE customers SET password_hash = ?, session_epoch = session_epoch + 1 "
	                "WHERE id = ?",
	                DB_ARGS(DB_STR(t->hash), DB_INT(t->customer_id)), NULL)) != DB_OK)
		return db_fail(e);
	*t->result = RESET_OK;
	return 0;
}

enum db_err reset_confirm(struct db *db, struct arena *a, long long customer_id,
                          const char *code_mac, const char *password_hash, time_t now,
                          enum reset_result *result)
{
	struct confirm_tx t = {a, customer_id, code_mac, password_hash, now, result, 0};
	int rc = db_tx(db, confirm_body, &t);

	if (rc < 0)
		return (enum db_err)-rc;
	if (t.wrong_id)
		return db_run(db, NULL, "UPDATE password_resets SET tries = tries + 1 WHERE id = ?",
		              DB_ARGS(DB_INT(t.wrong_id)), NULL);
	return DB_OK;
}
