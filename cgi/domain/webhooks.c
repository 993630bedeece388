/*
 * webhooks.c — the webhook_endpoints table (webhooks.h).
 */
#include <string.h>

#include <openssl/evp.h>

#include "webhooks.h"

const char *const webhook_event_types[] = {
	"case.created",        "case.updated",      "refund.issued",     "refund.credited",
	"refund.failed",       "compensation.issued", "message.created", "complaint.created",
	"survey.answered",     NULL,
};

static bool known(const char *type, size_t n)
{
	for (size_t i = 0; webhook_event_types[i]; i++)
		if (strlen(webhook_event_types[i]) == n && strncmp(webhook_event_types[i], type, n) == 0)
			return true;
	return false;
}

const char *webhook_events_parse(struct arena *a, const char *events)
{
	struct buf out = {0};
	const char *tidy;

	if (!events)
		return NULL;
	while (*events == ' ')
		events++;
	if (strcmp(events, "*") == 0)
		return "*";
	for (const char *p = events; *p;) {
		size_t len = strcspn(p, ",");
		const char *s = p;
		size_t n = len;

		while (n && *s == ' ')
			s++, n--;
		while (n && s[n - 1] == ' ')
			n--;
		if (!n || !known(s, n)) {
			buf_free(&out);
			return NULL;
		}
		/* Repeats are dropped, not refused. */
		if (!strstr(aprintf(a, ",%s,", out.len ? out.p : ""), aprintf(a, ",%.*s,", (int)n, s)))
			buf_printf(&out, "%s%.*s", out.len ? "," : "", (int)n, s);
		p += len + (p[len] == ',');
	}
	if (!out.len)
		return NULL;
	tidy = astrdup(a, out.p);
	buf_free(&out);
	return tidy;
}

static const char *new_secret(struct arena *a)
{
	unsigned char raw[24];
	char *s = amalloc(a, 6 + 4 * sizeof raw / 3 + 1);

	random_bytes(raw, sizeof raw);
	memcpy(s, "whsec_", 6);
	EVP_EncodeBlock((unsigned char *)s + 6, raw, (int)sizeof raw);
	return s;
}

enum db_err webhooks_all(struct db *db, struct arena *a, struct webhook_endpoint **list,
                         size_t *n)
{
	struct dbres res;
	enum db_err e = db_run(db, a,
	                       "SELECT w.id, w.url, w.events, w.enabled, w.created_at, "
	                       "(SELECT COUNT(*) FROM outbox o WHERE o.endpoint_id = w.id "
	                       "AND o.status = 'queued'), "
	                       "(SELECT COUNT(*) FROM outbox o WHERE o.endpoint_id = w.id "
	                       "AND o.status = 'sent'), "
	                       "(SELECT COUNT(*) FROM outbox o WHERE o.endpoint_id = w.id "
	                       "AND o.status = 'failed') "
	                       "FROM webhook_endpoints w ORDER BY w.id",
	                       DB_NOARGS, &res);

	*n = 0;
	*list = NULL;
	if (e != DB_OK)
		return e;
	*list = amalloc(a, (res.nrows ? res.nrows : 1) * sizeof **list);
	for (size_t i = 0; i < res.nrows; i++) {
		const struct dbrow *row = &res.rows[i];

		(*list)[i] = (struct webhook_endpoint){db_int(row, 0), row->col[1], row->col[2],
		                                       db_int(row, 3) != 0, db_time(row, 4),
		                                       db_int(row, 5), db_int(row, 6), db_int(row, 7)};
	}
	*n = res.nrows;
	return DB_OK;
}

enum db_err webhook_add(struct db *db, struct arena *a, const char *url, const char *events,
                        long long staff_id, time_t now, long long *id, const char **secret)
{
	struct dbres res;
	char at[20];
	enum db_err e;

	format_db_datetime(now, at);
	*secret = new_secret(a);
	e = db_run(db, a,
	           "INSERT INTO webhook_endpoints (url, events, secret, created_by, created_at, "
	           "updated_at) VALUES (?, ?, ?, ?, ?, ?)",
	           DB_ARGS(DB_STR(url), DB_STR(events), DB_STR(*secret), DB_INT(staff_id),
	                   DB_STR(at), DB_STR(at)),
	           &res);
	*id = e == DB_OK ? (long long)res.insert_id : 0;
	return e;
}

/* An UPDATE that changed nothing (the same value, the same second) says
 * nothing of whether the row is there: ask. */
static enum db_err endpoint_exists(struct db *db, long long id, bool *found)
{
	struct arena *a = arena_new();
	struct dbrow *row;
	enum db_err e = db_row(db, a, "SELECT 1 FROM webhook_endpoints WHERE id = ?",
	                       DB_ARGS(DB_INT(id)), &row);

	*found = e == DB_OK && row;
	arena_free(a);
	return e;
}

enum db_err webhook_set_enabled(struct db *db, long long id, bool enabled, time_t now,
                                bool *found)
{
	struct dbres res;
	char at[20];
	enum db_err e;

	format_db_datetime(now, at);
	e = db_run(db, NULL, "UPDATE webhook_endpoints SET enabled = ?, updated_at = ? WHERE id = ?",
	           DB_ARGS(DB_INT(enabled), DB_STR(at), DB_INT(id)), &res);
	*found = e == DB_OK && res.affected == 1;
	return e == DB_OK && !*found ? endpoint_exists(db, id, found) : e;
}

enum db_err webhook_rotate(struct db *db, struct arena *a, long long id, time_t now,
                           const char **secret, bool *found)
{
	struct dbres res;
	char at[20];
	enum db_err e;

	format_db_datetime(now, at);
	*secret = new_secret(a);
	e = db_run(db, NULL, "UPDATE webhook_endpoints SET secret = ?, updated_at = ? WHERE id = ?",
	           DB_ARGS(DB_STR(*secret), DB_STR(at), DB_INT(id)), &res);
	*found = e == DB_OK && res.affected == 1;
	return e == DB_OK && !*found ? endpoint_exists(db, id, found) : e;
}

enum db_err webhook_allow_list(struct db *db, struct arena *a, const char **allow)
{
	struct dbrow *row;
	enum db_err e = db_row(db, a, "SELECT value FROM settings WHERE name = 'webhook_allow'",
	                       DB_NOARGS, &row);

	*allow = e == DB_OK && row ? row->col[0] : NULL;
	return e;
}
