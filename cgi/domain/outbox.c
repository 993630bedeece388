/*
 * outbox.c — the event and the messages a change causes, written in its
 * transaction (outbox.h). Every message gets its key here, once: the same
 * webhook-id or Message-ID on every attempt the worker makes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "outbox.h"
#include "session.h"

static unsigned channels;

void outbox_channels(unsigned c)
{
	channels = c;
}

/* A fresh idempotency key: "msg_" and 24 random hex digits. */
static const char *new_key(struct arena *a)
{
	unsigned char raw[12];
	char *k = amalloc(a, 4 + 2 * sizeof raw + 1);

	random_bytes(raw, sizeof raw);
	memcpy(k, "msg_", 4);
	hex_encode(raw, sizeof raw, k + 4);
	return k;
}

/* json's compact text in the arena (json is freed). */
static const char *dump(struct arena *a, json_t *json)
{
	char *s = json_dumps(json, JSON_COMPACT | JSON_ENSURE_ASCII);
	const char *out;

	json_decref(json);
	if (!s)
		abort(); /* only when out of memory */
	out = astrdup(a, s);
	free(s);
	return out;
}

static void set_str(json_t *o, const char *k, const char *v)
{
	if (v)
		json_object_set_new(o, k, json_string(v));
}

/* The event's data: the fields of n that are set. */
static json_t *notice_data(const struct notice *n)
{
	json_t *d = json_object();

	set_str(d, "case_no", n->case_no);
	set_str(d, "action", n->action);
	set_str(d, "from", n->from);
	set_str(d, "to", n->to);
	if (n->amount_fen >= 0)
		json_object_set_new(d, "amount_fen", json_integer(n->amount_fen));
	set_str(d, "reference", n->reference);
	set_str(d, "kind", n->kind);
	set_str(d, "carrier", n->carrier);
	set_str(d, "tracking_no", n->tracking_no);
	set_str(d, "reason", n->reason);
	set_str(d, "level", n->level);
	set_str(d, "timer", n->timer);
	set_str(d, "due", n->due);
	set_str(d, "address", n->address);
	if (n->digest) {
		set_str(d, "day", n->digest->day);
		json_object_set_new(d, "created", json_integer(n->digest->created));
		json_object_set_new(d, "completed", json_integer(n->digest->completed));
		json_object_set_new(d, "refunds_fen", json_integer(n->digest->refunds_fen));
		json_object_set_new(d, "breached", json_integer(n->digest->breached));
		json_object_set_new(d, "at_risk", json_integer(n->digest->at_risk));
	}
	return d;
}

/* Does an endpoint's filter ("*" or "a,b,c") take type? */
static bool wants(const char *filter, const char *type)
{
	size_t n = strlen(type);

	if (strcmp(filter, "*") == 0)
		return true;
	for (const char *p = filter; *p;) {
		size_t len = strcspn(p, ",");

		if (len == n && strncmp(p, type, n) == 0)
			return true;
		p += len + (p[len] == ',');
	}
	return false;
}

/* One message of n's; its key is new. */
static enum db_err queue(struct db *db, struct arena *a, const char *channel,
                         const char *event_type, long long event_id, const struct notice *n,
                         long long endpoint_id, const char *recipient, const char *lang,
                         const char *data, const char *body, const char *now)
{
	return db_run(db, NULL,
	              "INSERT INTO outbox (msg_key, channel, event_type, event_id, case_id, "
	              "customer_id, endpoint_id, recipient, lang, template, data, body, next_at, "
	              "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
	              DB_ARGS(DB_STR(new_key(a)), DB_STR(channel), DB_STR(event_type),
	                      event_id ? DB_INT(event_id) : DB_NULLV,
	                      n->case_id ? DB_INT(n->case_id) : DB_NULLV,
	                      n->customer_id ? DB_INT(n->customer_id) : DB_NULLV,
	                      endpoint_id ? DB_INT(endpoint_id) : DB_NULLV, DB_STR(recipient),
	                      DB_STR(lang), DB_STR(data ? n->tmpl : NULL), DB_STR(data),
	                      DB_STR(body), DB_STR(now), DB_STR(now)),
	              NULL);
}

/* The event row and a webhook for each enabled endpoint that wants it. */
static enum db_err write_event(struct db *db, struct arena *a, const struct notice *n,
                               time_t t, const char *now, long long *event_id)
{
	json_t *data = notice_data(n), *payload;
	const char *data_text = dump(a, json_incref(data));
	struct dbres res, eps;
	char iso[21];
	enum db_err e;

	*event_id = 0;
	if ((e = db_run(db, a,
	                "INSERT INTO events (type, case_id, case_no, data, created_at) "
	                "VALUES (?, ?, ?, ?, ?)",
	                DB_ARGS(DB_STR(n->type), n->case_id ? DB_INT(n->case_id) : DB_NULLV,
	                        DB_STR(n->case_no), DB_STR(data_text), DB_STR(now)),
	                &res)) != DB_OK ||
	    (e = db_run(db, a, "SELECT id, url, events FROM webhook_endpoints WHERE enabled = 1",
	                DB_NOARGS, &eps)) != DB_OK) {
		json_decref(data);
		return e;
	}
	*event_id = (long long)res.insert_id;
	strftime(iso, sizeof iso, "%Y-%m-%dT%H:%M:%SZ", gmtime_r(&t, &(struct tm){0}));
	payload = json_pack("{s:s, s:s, s:O}", "type", n->type, "timestamp", iso, "data", data);
	json_decref(data);
	{
		const char *body = dump(a, payload);

		for (size_t i = 0; i < eps.nrows && e == DB_OK; i++)
			if (wants(eps.rows[i].col[2], n->type))
				e = queue(db, a, "webhook", n->type, *event_id, n, db_int(&eps.rows[i], 0),
				          eps.rows[i].col[1], "en", NULL, body, now);
	}
	return e;
}

/* The customer's e-mail and SMS of a message, as they chose and as this
 * shop has channels; *queued: how many. data: what the template shows. */
static enum db_err tell_customer(struct db *db, struct arena *a, const struct notice *n,
                                 long long event_id, const char *type, const char *data,
                                 const char *now, int *queued)
{
	struct dbrow *row;
	enum db_err e;

	*queued = 0;
	if (!(channels & (OUT_EMAIL | OUT_SMS)))
		return DB_OK;
	if ((e = db_row(db, a,
	                "SELECT email, phone, notify_email, notify_sms, lang FROM customers "
	                "WHERE id = ?",
	                DB_ARGS(DB_INT(n->customer_id)), &row)) != DB_OK || !row)
		return e;
	if ((channels & OUT_EMAIL) && row->col[0] && *row->col[0] && db_int(row, 2)) {
		if ((e = queue(db, a, "email", type, event_id, n, 0, row->col[0], row->col[4], data,
		               NULL, now)) != DB_OK)
			return e;
		++*queued;
	}
	if ((channels & OUT_SMS) && row->col[1] && *row->col[1] && db_int(row, 3)) {
		if ((e = queue(db, a, "sms", type, event_id, n, 0, row->col[1], row->col[4], data,
		               NULL, now)) != DB_OK)
			return e;
		++*queued;
	}
	return DB_OK;
}

enum db_err outbox_notice(struct db *db, struct arena *a, const struct notice *n, time_t t)
{
	long long event_id = 0;
	char now[20];
	enum db_err e;
	json_t *data;
	int queued;

	format_db_datetime(t, now);
	if (n->type && (e = write_event(db, a, n, t, now, &event_id)) != DB_OK)
		return e;
	if (!n->tmpl || !n->customer_id)
		return DB_OK;
	data = notice_data(n);
	set_str(data, "text", n->text);
	return tell_customer(db, a, n, event_id, n->type ? n->type : n->tmpl, dump(a, data), now,
	                     &queued);
}

/* A staff member's key of a once-only message: "s_" and 40 hex digits of
 * SHA-256 over the name and the member (a plain key of any length). */
static const char *once_key(struct arena *a, const char *once, long long staff_id)
{
	const char *text = aprintf(a, "%s\n%lld", once, staff_id);
	char hex[65];

	sha256_hex(text, strlen(text), hex);
	return aprintf(a, "s_%.40s", hex);
}

enum db_err outbox_staff(struct db *db, struct arena *a, long long staff_id, unsigned roles,
                         long long except_id, const char *tmpl, const struct notice *n,
                         const char *once, time_t t, int *queued)
{
	const char *data, *type = aprintf(a, "staff.%s", tmpl + (strncmp(tmpl, "staff_", 6) ? 0 : 6));
	struct dbres res;
	json_t *d;
	char now[20];
	enum db_err e;

	*queued = 0;
	if (!(channels & OUT_EMAIL) || (staff_id <= 0 && !roles))
		return DB_OK;
	if ((e = db_run(db, a,
	                "SELECT id, email FROM staff WHERE disabled = 0 AND email <> '' AND id <> ? "
	                "AND ((? > 0 AND id = ?) OR (? <= 0 AND (roles & ?) <> 0)) ORDER BY id",
	                DB_ARGS(DB_INT(except_id), DB_INT(staff_id), DB_INT(staff_id),
	                        DB_INT(staff_id), DB_INT(roles)),
	                &res)) != DB_OK)
		return e;
	format_db_datetime(t, now);
	d = notice_data(n);
	set_str(d, "text", n->text);
	data = dump(a, d);
	for (size_t i = 0; i < res.nrows; i++) {
		long long id = db_int(&res.rows[i], 0);
		struct dbres ins;

		if ((e = db_run(db, a,
		                "INSERT IGNORE INTO outbox (msg_key, channel, event_type, case_id, "
		                "staff_id, recipient, lang, template, data, next_at, created_at) "
		                "VALUES (?, 'email', ?, ?, ?, ?, 'zh-CN', ?, ?, ?, ?)",
		                DB_ARGS(DB_STR(once ? once_key(a, once, id) : new_key(a)), DB_STR(type),
		                        n->case_id ? DB_INT(n->case_id) : DB_NULLV, DB_INT(id),
		                        DB_STR(res.rows[i].col[1]), DB_STR(tmpl), DB_STR(data),
		                        DB_STR(now), DB_STR(now)),
		                &ins)) != DB_OK)
			return e;
		*queued += (int)ins.affected;
	}
	return DB_OK;
}

enum db_err outbox_reset_code(struct db *db, struct arena *a, long long customer_id,
                              const char *code, time_t t, bool *sent)
{
	struct notice n = NOTICE_INIT;
	char now[20];
	enum db_err e;
	int queued;

	n.customer_id = customer_id;
	n.tmpl = "reset_code";
	format_db_datetime(t, now);
	e = tell_customer(db, a, &n, 0, "password.reset", dump(a, json_pack("{s:s}", "code", code)),
	                  now, &queued);
	*sent = e == DB_OK && queued > 0;
	return e;
}
