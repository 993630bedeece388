/*
 * delivery.c — claiming outbox rows and recording outcomes (delivery.h).
 * FOR UPDATE SKIP LOCKED keeps two workers' claims apart while they are
 * made; claimed_until keeps them apart while the messages are on their way.
 */
#include <stdio.h>
#include <string.h>

#include "delivery.h"

#define RESET_TEMPLATE "reset_code"
#define RESET_BLANK "{\"code\":\"\xe2\x80\x94\"}" /* {"code":"—"} */

struct claim {
	struct arena *a;
	const char *who;
	char now[20], until[20];
	size_t max;
	struct delivery *rows;
	size_t n;
};

static int claim_tx(struct db *db, void *ctx)
{
	struct claim *c = ctx;
	struct dbres res;
	enum db_err e;

	c->n = 0;
	if ((e = db_run(db, c->a,
	                "SELECT id, msg_key, channel, event_type, case_id, endpoint_id, recipient, "
	                "lang, template, data, body, attempts FROM outbox "
	                "WHERE status = 'queued' AND next_at <= ? "
	                "AND (claimed_until IS NULL OR claimed_until < ?) "
	                "ORDER BY next_at LIMIT ? FOR UPDATE SKIP LOCKED",
	                DB_ARGS(DB_STR(c->now), DB_STR(c->now), DB_INT((long long)c->max)),
	                &res)) != DB_OK)
		return db_fail(e);
	c->rows = amalloc(c->a, (res.nrows ? res.nrows : 1) * sizeof *c->rows);
	for (size_t i = 0; i < res.nrows; i++) {
		const struct dbrow *r = &res.rows[i];
		struct delivery *d = &c->rows[i];

		d->id = db_int(r, 0);
		d->msg_key = r->col[1];
		d->channel = r->col[2];
		d->event_type = r->col[3];
		d->case_id = db_int(r, 4);
		d->endpoint_id = db_int(r, 5);
		d->recipient = r->col[6];
		d->lang = r->col[7];
		d->tmpl = r->col[8];
		d->data = r->col[9];
		d->body = r->col[10];
		d->attempts = (int)db_int(r, 11);
		if ((e = db_run(db, NULL,
		                "UPDATE outbox SET claimed_until = ?, claimed_by = ? WHERE id = ?",
		                DB_ARGS(DB_STR(c->until), DB_STR(c->who), DB_INT(d->id)), NULL)) != DB_OK)
			return db_fail(e);
	}
	c->n = res.nrows;
	return 0;
}

enum db_err delivery_claim(struct db *db, struct arena *a, const char *who, time_t now,
                           int lease, size_t max, struct delivery **out, size_t *n)
{
	struct claim c = {.a = a, .who = who, .max = max};
	int rc;

	format_db_datetime(now, c.now);
	format_db_datetime(now + lease, c.until);
	*out = NULL;
	*n = 0;
	if ((rc = db_tx(db, claim_tx, &c)) != 0)
		return rc < 0 ? (enum db_err)-rc : DB_ERROR;
	*out = c.rows;
	*n = c.n;
	return DB_OK;
}

enum db_err delivery_release(struct db *db, const struct delivery *d, const char *who)
{
	return db_run(db, NULL,
	              "UPDATE outbox SET claimed_until = NULL, claimed_by = NULL "
	              "WHERE id = ? AND claimed_by = ? AND status = 'queued'",
	              DB_ARGS(DB_INT(d->id), DB_STR(who)), NULL);
}

enum db_err delivery_sent(struct db *db, const struct delivery *d, const char *who, time_t now)
{
	char at[20];

	format_db_datetime(now, at);
	return db_run(db, NULL,
	              "UPDATE outbox SET status = 'sent', sent_at = ?, attempts = attempts + 1, "
	              "claimed_until = NULL, last_error = NULL, "
	              "data = CASE WHEN template = ? THEN ? ELSE data END "
	              "WHERE id = ? AND claimed_by = ? AND status = 'queued'",
	              DB_ARGS(DB_STR(at), DB_STR(RESET_TEMPLATE), DB_STR(RESET_BLANK), DB_INT(d->id),
	                      DB_STR(who)),
	              NULL);
}

enum db_err delivery_retry(struct db *db, const struct delivery *d, const char *who,
                           time_t next_at, const char *error)
{
	char at[20];

	format_db_datetime(next_at, at);
	return db_run(db, NULL,
	              "UPDATE outbox SET attempts = attempts + 1, next_at = ?, claimed_until = NULL, "
	              "last_error = ? WHERE id = ? AND claimed_by = ? AND status = 'queued'",
	              DB_ARGS(DB_STR(at), DB_STR(error), DB_INT(d->id), DB_STR(who)), NULL);
}

enum db_err delivery_failed(struct db *db, const struct delivery *d, const char *who,
                            const char *error)
{
	return db_run(db, NULL,
	              "UPDATE outbox SET status = 'failed', attempts = attempts + 1, "
	              "claimed_until = NULL, last_error = ?, "
	              "data = CASE WHEN template = ? THEN ? ELSE data END "
	              "WHERE id = ? AND claimed_by = ? AND status = 'queued'",
	              DB_ARGS(DB_STR(error), DB_STR(RESET_TEMPLATE), DB_STR(RESET_BLANK),
	                      DB_INT(d->id), DB_STR(who)),
	              NULL);
}

enum db_err delivery_endpoint_secret(struct db *db, struct arena *a, long long endpoint_id,
                                     const char **secret)
{
	struct dbrow *row;
	enum db_err e;

	*secret = NULL;
	if ((e = db_row(db, a, "SELECT secret FROM webhook_endpoints WHERE id = ? AND enabled = 1",
	                DB_ARGS(DB_INT(endpoint_id)), &row)) != DB_OK)
		return e;
	if (row)
		*secret = row->col[0];
	return DB_OK;
}

enum db_err delivery_webhook_allow(struct db *db, struct arena *a, const char **hosts)
{
	struct dbrow *row;
	enum db_err e;

	*hosts = "";
	if ((e = db_row(db, a, "SELECT value FROM settings WHERE name = 'webhook_allow'", DB_NOARGS,
	                &row)) != DB_OK)
		return e;
	if (row && row->col[0])
		*hosts = row->col[0];
	return DB_OK;
}
