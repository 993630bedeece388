/*
 * privacy.c — personal data (privacy.h): the audit trail of reveals and
 * erasures, the customer's export, erasure and retention.
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "privacy.h"

#define FINAL "('completed', 'rejected', 'cancelled', 'closed')"
#define ISO(x) "DATE_FORMAT(" x ", '%Y-%m-%dT%H:%i:%sZ')"

enum db_err audit_add(struct db *db, long long staff_id, long long customer_id, long long case_id,
                      const char *action, const char *note, time_t now)
{
	char at[20];

	format_db_datetime(now, at);
	return db_run(db, NULL,
	              "INSERT INTO audit_log (at, staff_id, customer_id, case_id, action, note) "
	              "VALUES (?, ?, ?, ?, ?, ?)",
	              DB_ARGS(DB_STR(at), staff_id ? DB_INT(staff_id) : DB_NULLV,
	                      customer_id ? DB_INT(customer_id) : DB_NULLV,
	                      case_id ? DB_INT(case_id) : DB_NULLV, DB_STR(action), DB_STR(note)),
	              NULL);
}

enum db_err privacy_reveal(struct db *db, struct arena *a, long long staff_id,
                           const char *case_no, time_t now, bool *found)
{
	struct dbrow *row;
	enum db_err e;

	*found = false;
	if ((e = db_row(db, a, "SELECT id, customer_id FROM cases WHERE case_no = ?",
	                DB_ARGS(DB_STR(case_no)), &row)) != DB_OK || !row)
		return e;
	*found = true;
	return audit_add(db, staff_id, db_int(row, 1), db_int(row, 0), "reveal_contact", NULL, now);
}

/* ------------------------------------------------------------- export */

/* Each part of the export: a query over the customer (one ? or more, all
 * the customer's id), the names of its columns after the first ("i:" an
 * integer, "b:" a flag, else text; NULL stays null), where its rows go:
 * at the top (parent NULL) or into the object of the parent part whose
 * id is the row's first column, as an array or (single) one object. */
struct part {
	const char *key;
	const char *parent;
	bool single;
	const char *sql;
	int nargs;
	const char *const *cols;
};

static const char *const account_cols[] = {
	"phone", "email", "name", "city", "lang", "b:notify_email", "b:notify_sms",
	"created_at", "activated_at", NULL};
static const char *const order_cols[] = {"order_no", "placed_at", "delivered_at",
                                         "payment_method", NULL};
static const char *const order_item_cols[] = {
	"sku", "name", "category", "i:qty", "i:unit_price_fen", "i:paid_fen", NULL};
static const char *const case_cols[] = {
	"case_no", "order_no", "type", "reason", "description", "i:amount_fen", "state", "channel",
	"i:revision", "created_at", "updated_at", NULL};
static const char *const case_item_cols[] = {"sku", "name", "i:qty", NULL};
static const char *const event_cols[] = {"at", "actor", "action", "from", "to", "note", NULL};
static const char *const message_cols[] = {"at", "from", "staff_name", "body", "photo", NULL};
static const char *const photo_cols[] = {"url", "filename", "mime", "i:size", NULL};
static const char *const refund_cols[] = {"i:amount_fen", "reference", "created_at",
                                          "failed_at", NULL};
static const char *const compensation_cols[] = {"kind", "i:amount_fen", "reference",
                                                "created_at", "paid_at", NULL};
static const char *const survey_cols[] = {
	"invited_at", "expires_at", "answered_at", "i:attitude", "i:speed", "i:resolution",
	"i:overall", "i:recommend", "comment", NULL};
static const char *const complaint_cols[] = {
	"case_no", "subject", "body", "created_at", "reply", "replied_at", "kind", "category",
	"status", "resolution", "i:compensation_fen", "resolved_at", "closed_at", "reopened_at",
	"reopen_reason", NULL};

#define OF_CASES "JOIN cases c ON c.id = x.case_id WHERE c.customer_id = ? "

static const struct part parts[] = {
	{"account", NULL, true,
	 "SELECT id, phone, email, name, city, lang, notify_email, notify_sms, " ISO("created_at")
	 ", " ISO("activated_at") " FROM customers WHERE id = ?", 1, account_cols},
	{"orders", NULL, false,
	 "SELECT id, order_no, " ISO("placed_at") ", " ISO("delivered_at") ", payment_method "
	 "FROM orders WHERE customer_id = ? ORDER BY id", 1, order_cols},
	{"items", "orders", false,
	 "SELECT i.order_id, i.sku, i.name, i.category, i.qty, i.unit_price_fen, i.paid_fen "
	 "FROM order_items i JOIN orders o ON o.id = i.order_id WHERE o.customer_id = ? "
	 "ORDER BY i.id", 1, order_item_cols},
	{"cases", NULL, false,
	 "SELECT c.id, c.case_no, o.order_no, c.type, c.reason, c.description, c.amount_fen, "
	 "c.state, c.channel, c.revision, " ISO("c.created_at") ", " ISO("c.updated_at")
	 " FROM cases c JOIN orders o ON o.id = c.order_id WHERE c.customer_id = ? ORDER BY c.id",
	 1, case_cols},
	{"items", "cases", false,
	 "SELECT x.case_id, i.sku, i.name, x.qty FROM case_items x "
	 "JOIN order_items i ON i.id = x.order_item_id " OF_CASES "ORDER BY x.case_id, i.id", 1,
	 case_item_cols},
	{"timeline", "cases", false,
	 "SELECT x.case_id, " ISO("x.at") ", CASE x.actor_kind WHEN 'c' THEN 'customer' "
	 "WHEN 's' THEN 'staff' ELSE 'system' END, x.action, x.from_state, x.to_state, x.note "
	 "FROM case_events x " OF_CASES "ORDER BY x.case_id, x.id", 1, event_cols},
	{"messages", "cases", false,
	 "SELECT x.case_id, " ISO("x.created_at") ", IF(x.author_kind = 'c', 'customer', 'staff'), "
	 "s.name, x.body, CONCAT('/attachments/', x.attachment_id) FROM messages x "
	 "LEFT JOIN staff s ON x.author_kind = 's' AND s.id = x.author_id " OF_CASES
	 "ORDER BY x.case_id, x.id", 1, message_cols},
	{"photos", "cases", false,
	 "SELECT x.case_id, CONCAT('/attachments/', x.id), x.filename, x.mime, x.size "
	 "FROM attachments x " OF_CASES "ORDER BY x.case_id, x.id", 1, photo_cols},
	{"refunds", "cases", false,
	 "SELECT x.case_id, x.amount_fen, x.reference, " ISO("x.created_at") ", " ISO("x.failed_at")
	 " FROM refunds x " OF_CASES "ORDER BY x.case_id, x.id", 1, refund_cols},
	{"compensations", "cases", false,
	 "SELECT x.case_id, x.kind, x.amount_fen, x.reference, " ISO("x.created_at") ", "
	 ISO("x.paid_at") " FROM compensations x " OF_CASES "ORDER BY x.case_id, x.id", 1,
	 compensation_cols},
	{"survey", "cases", true,
	 "SELECT x.case_id, " ISO("x.invited_at") ", " ISO("x.expires_at") ", "
	 ISO("x.answered_at") ", x.attitude, x.speed, x.resolution, x.overall, x.recommend, "
	 "x.comment FROM surveys x " OF_CASES, 1, survey_cols},
	{"complaints", NULL, false,
	 "SELECT k.id, c.case_no, k.subject, k.body, " ISO("k.created_at") ", k.reply, "
	 ISO("k.replied_at") ", k.kind, k.category, k.status, k.resolution, k.compensation_fen, "
	 ISO("k.resolved_at") ", " ISO("k.closed_at") ", " ISO("k.reopened_at") ", "
	 "k.reopen_reason FROM complaints k LEFT JOIN cases c ON c.id = k.case_id "
	 "WHERE k.customer_id = ? ORDER BY k.id", 1, complaint_cols},
};

static json_t *row_object(const struct dbrow *row, const char *const *cols)
{
	json_t *o = json_object();

	for (size_t i = 0; cols[i]; i++) {
		const char *name = cols[i], *v = row->col[i + 1];
		json_t *j;

		if (name[1] == ':')
			name += 2;
		if (!v)
			j = json_null();
		else if (cols[i][0] == 'i' && cols[i][1] == ':')
			j = json_integer(db_int(row, i + 1));
		else if (cols[i][0] == 'b' && cols[i][1] == ':')
			j = json_boolean(db_int(row, i + 1) != 0);
		else
			j = json_stringn(v, row->len[i + 1]);
		json_object_set_new(o, name, j ? j : json_null());
	}
	return o;
}

enum db_err privacy_export(struct db *db, struct arena *a, long long customer_id, time_t now,
                           const char **json)
{
	json_t *doc = json_object(), *index = json_object(); /* "part/id" → object */
	enum db_err e = DB_OK;
	char t[20];
	char *text;

	*json = NULL;
	format_db_datetime(now, t);
	t[10] = 'T';
	json_object_set_new(doc, "exported_at", json_string(aprintf(a, "%sZ", t)));
	for (size_t p = 0; p < sizeof parts / sizeof parts[0] && e == DB_OK; p++) {
		const struct part *pt = &parts[p];
		struct dbres res;

		if ((e = db_run(db, a, pt->sql, DB_ARGS(DB_INT(customer_id)), &res)) != DB_OK) /* check-sql: trusted: pt->sql is a literal of parts[] */
			break;
		if (!pt->parent && !pt->single)
			json_object_set_new(doc, pt->key, json_array());
		for (size_t i = 0; i < res.nrows; i++) {
			const struct dbrow *row = &res.rows[i];
			json_t *o = row_object(row, pt->cols), *parent;

			if (!pt->parent) {
				json_object_set(index, aprintf(a, "%s/%s", pt->key, row->col[0]), o);
				if (pt->single)
					json_object_set_new(doc, pt->key, o);
				else
					json_array_append_new(json_object_get(doc, pt->key), o);
				continue;
			}
			parent = json_object_get(index, aprintf(a, "%s/%s", pt->parent, row->col[0]));
			if (!parent) {
				json_decref(o);
				continue;
			}
			if (pt->single)
				json_object_set_new(parent, pt->key, o);
			else {
				json_t *arr = json_object_get(parent, pt->key);

				if (!arr)
					json_object_set_new(parent, pt->key, arr = json_array());
				json_array_append_new(arr, o);
			}
		}
		/* Every parent object has each of its parts, empty or null. */
		if (pt->parent) {
			const char *k;
			json_t *v;
			size_t plen = strlen(pt->parent);

			json_object_foreach(index, k, v)
				if (strncmp(k, pt->parent, plen) == 0 && k[plen] == '/' &&
				    !json_object_get(v, pt->key))
					json_object_set_new(v, pt->key, pt->single ? json_null() : json_array());
		}
	}
	if (e == DB_OK && (text = json_dumps(doc, JSON_INDENT(1) | JSON_PRESERVE_ORDER))) {
		*json = astrdup(a, text);
		free(text);
	} else if (e == DB_OK)
		e = DB_ERROR;
	json_decref(index);
	json_decref(doc);
	return e;
}

/* ------------------------------------------------------------- erasure */

enum db_err privacy_customer(struct db *db, struct arena *a, const char *login, long long *id)
{
	struct dbrow *row;
	enum db_err e = db_row(db, a, "SELECT id FROM customers WHERE phone = ? OR email = ? LIMIT 1",
	                       DB_ARGS(DB_STR(login), DB_STR(login)), &row);

	*id = e == DB_OK && row ? db_int(row, 0) : 0;
	return e;
}

/* The statements of an erasure after the account's row is locked; each
 * takes the customer's id once for every ? named 'c' and the marker for
 * every 'm', in the order of its args. */
struct erase_step {
	const char *args;
	const char *sql;
};

/* Joins from the customer's cases (cases_customer) to each table by its
 * case index, so that only the customer's rows are read and locked. */
static const struct erase_step erase_steps[] = {
	{"mc", "UPDATE cases SET description = ? WHERE customer_id = ? AND description <> ''"},
	{"mc", "UPDATE case_events e JOIN cases c ON c.id = e.case_id SET e.note = ? "
	       "WHERE c.customer_id = ? AND e.note IS NOT NULL AND e.note <> ''"},
	{"mc", "UPDATE messages m JOIN cases c ON c.id = m.case_id SET m.body = ?, "
	       "m.attachment_id = NULL WHERE c.customer_id = ?"},
	{"c", "DELETE a FROM attachments a JOIN cases c ON c.id = a.case_id WHERE c.customer_id = ?"},
	{"mc", "UPDATE surveys s JOIN cases c ON c.id = s.case_id SET s.comment = ? "
	       "WHERE c.customer_id = ? AND s.comment IS NOT NULL"},
	{"mmmmmc", "UPDATE complaints SET subject = ?, body = ?, reply = IF(reply IS NULL, NULL, ?), "
	           "resolution = IF(resolution IS NULL, NULL, ?), "
	           "reopen_reason = IF(reopen_reason IS NULL, NULL, ?) WHERE customer_id = ?"},
	/* The outbox: the customer's own messages lose their address (and,
	 * not yet sent, are not sent: the assignments run left to right); every
	 * copy of personal text about the cases is replaced, in e-mail data and
	 * in the webhooks' bodies (signed when sent), as in the events feed. */
	{"mmmc", "UPDATE outbox SET recipient = ?, "
	         "data = IF(JSON_VALID(data), JSON_REPLACE(data, '$.text', ?, '$.reason', ?), NULL), "
	         "last_error = IF(status = 'queued', 'erased', last_error), "
	         "status = IF(status = 'queued', 'failed', status) WHERE customer_id = ?"},
	{"mmmmc", "UPDATE outbox o JOIN cases c ON c.id = o.case_id SET "
	          "o.data = IF(JSON_VALID(o.data), JSON_REPLACE(o.data, '$.text', ?, '$.reason', ?), NULL), "
	          "o.body = IF(JSON_VALID(o.body), JSON_REPLACE(o.body, '$.data.text', ?, "
	          "'$.data.reason', ?), NULL) WHERE c.customer_id = ?"},
	{"mmc", "UPDATE events v JOIN cases c ON c.id = v.case_id "
	        "SET v.data = JSON_REPLACE(v.data, '$.text', ?, '$.reason', ?) "
	        "WHERE c.customer_id = ? AND JSON_VALID(v.data)"},
	{"c", "DELETE FROM password_resets WHERE customer_id = ?"},
	/* addresses (schema/034): the order's and an on-site visit's */
	{"c", "UPDATE orders SET ship_address = NULL WHERE customer_id = ? AND ship_address IS NOT NULL"},
	{"c", "UPDATE cases SET visit_address = NULL WHERE customer_id = ? AND visit_address IS NOT NULL"},
};

struct erase_tx {
	struct arena *a;
	long long customer_id, staff_id;
	const char *note, *now;
	time_t t;
	enum erase_result res;
	time_t erased_at;
};

static int erase_body(struct db *db, void *ctx)
{
	struct erase_tx *x = ctx;
	struct dbrow *row;
	enum db_err e;

	e = db_row(db, x->a,
	           "SELECT phone, COALESCE(email, ''), erased_at FROM customers WHERE id = ? FOR UPDATE",
	           DB_ARGS(DB_INT(x->customer_id)), &row);
	if (e != DB_OK)
		return db_fail(e);
	if (!row) {
		x->res = ERASE_NO_CUSTOMER;
		return 1;
	}
	if (row->col[2]) {
		x->res = ERASE_ALREADY;
		x->erased_at = db_time(row, 2);
		return 1;
	}
	/* The sign-in and reset throttles hold the login in their keys
	 * ("login:c:<login>", "forgot:login:<login>"). */
	if ((e = db_run(db, NULL,
	                "DELETE FROM login_throttle WHERE RIGHT(k, CHAR_LENGTH(?) + 1) = CONCAT(':', ?) "
	                "OR (? <> '' AND RIGHT(k, CHAR_LENGTH(?) + 1) = CONCAT(':', ?))",
	                DB_ARGS(DB_STR(row->col[0]), DB_STR(row->col[0]), DB_STR(row->col[1]),
	                        DB_STR(row->col[1]), DB_STR(row->col[1])),
	                NULL)) != DB_OK)
		return db_fail(e);
	for (size_t i = 0; i < sizeof erase_steps / sizeof erase_steps[0]; i++) {
		struct dbv args[12];
		size_t n = 0;

		for (const char *p = erase_steps[i].args; *p && n < 12; p++)
			args[n++] = *p == 'm' ? DB_STR(ERASED_MARK) : DB_INT(x->customer_id);
		/* check-sql: trusted: erase_steps[] holds literals */
		if ((e = db_run(db, NULL, erase_steps[i].sql, args, n, NULL)) != DB_OK)
			return db_fail(e);
	}
	if ((e = db_run(db, NULL,
	                "UPDATE customers SET phone = CONCAT('erased-', id), email = NULL, name = ?, "
	                "city = '', password_hash = NULL, session_epoch = session_epoch + 1, "
	                "notify_email = 0, notify_sms = 0, erased_at = ? WHERE id = ?",
	                DB_ARGS(DB_STR(ERASED_MARK), DB_STR(x->now), DB_INT(x->customer_id)),
	                NULL)) != DB_OK ||
	    (e = audit_add(db, x->staff_id, x->customer_id, 0,
	                   x->staff_id ? "erase_on_request" : "erase_by_customer", x->note, x->t)) !=
	        DB_OK)
		return db_fail(e);
	x->res = ERASE_DONE;
	x->erased_at = x->t;
	return 0;
}

enum db_err privacy_erase(struct db *db, struct arena *a, long long customer_id, long long staff_id,
                          const char *note, time_t now, enum erase_result *res,
                          time_t *erased_at)
{
	char at[20];
	struct erase_tx x = {a, customer_id, staff_id, note, at, now, ERASE_NO_CUSTOMER, 0};
	int rc;

	format_db_datetime(now, at);
	rc = db_tx(db, erase_body, &x);
	*res = x.res;
	*erased_at = x.erased_at;
	return rc < 0 ? (enum db_err)-rc : DB_OK;
}

/* ------------------------------------------------------------- retention */

static const struct setting {
	const char *name;
	size_t off;
} retention_settings[] = {
	{"retention_photo_days", offsetof(struct retention, photo_days)},
	{"retention_message_days", offsetof(struct retention, message_days)},
	{"retention_personal_days", offsetof(struct retention, personal_days)},
	{"retention_refund_days", offsetof(struct retention, refund_days)},
};
#define NSETTINGS (sizeof retention_settings / sizeof retention_settings[0])

enum db_err retention_load(struct db *db, struct arena *a, struct retention *rp)
{
	struct dbres res;
	enum db_err e;

	*rp = (struct retention){180, 1095, 1095, 1825};
	if ((e = db_run(db, a, "SELECT name, value FROM settings WHERE name LIKE 'retention\\_%'",
	                DB_NOARGS, &res)) != DB_OK)
		return e;
	for (size_t i = 0; i < res.nrows; i++)
		for (size_t s = 0; s < NSETTINGS; s++)
			if (strcmp(res.rows[i].col[0], retention_settings[s].name) == 0)
				*(int *)((char *)rp + retention_settings[s].off) = (int)db_int(&res.rows[i], 1);
	return DB_OK;
}

enum db_err retention_save(struct db *db, const struct retention *rp)
{
	enum db_err e = DB_OK;

	for (size_t s = 0; s < NSETTINGS && e == DB_OK; s++) {
		char v[16];

		snprintf(v, sizeof v, "%d", *(const int *)((const char *)rp + retention_settings[s].off));
		e = db_run(db, NULL,
		           "INSERT INTO settings (name, value) VALUES (?, ?) "
		           "ON DUPLICATE KEY UPDATE value = VALUES(value)",
		           DB_ARGS(DB_STR(retention_settings[s].name), DB_STR(v)), NULL);
	}
	return e;
}

/* One batch of a retention rule, in one transaction: a plain (locking
 * nothing) SELECT of at most n ids past the cutoff, then each row changed
 * by its primary key. Arguments: 'm' the marker, 't' the cutoff (the
 * rule's days before now), 'n' the batch, 'i' the row's id. */
struct retention_rule {
	size_t days; /* offset in struct retention */
	const char *select_args, *select;
	const char *args[2], *change[2];
};

#define OLD_CLOSED "c.state IN " FINAL " AND c.updated_at < ? "
#define TEXT_DUE(col, path)                                                            \
	"JSON_VALID(" col ") AND (COALESCE(JSON_VALUE(" col ", '$." path "text'), ?) <> ? OR " \
	"COALESCE(JSON_VALUE(" col ", '$." path "reason'), ?) <> ?) "

static const struct retention_rule rules[] = {
	{offsetof(struct retention, photo_days), "tn",
	 "SELECT a.id FROM attachments a JOIN cases c ON c.id = a.case_id WHERE " OLD_CLOSED
	 "ORDER BY a.id LIMIT ?",
	 {"i", "i"},
	 {"UPDATE messages SET attachment_id = NULL WHERE attachment_id = ?",
	  "DELETE FROM attachments WHERE id = ?"}},
	{offsetof(struct retention, message_days), "tmn",
	 "SELECT m.id FROM messages m JOIN cases c ON c.id = m.case_id WHERE " OLD_CLOSED
	 "AND m.body <> ? ORDER BY m.id LIMIT ?",
	 {"mi"},
	 {"UPDATE messages SET body = ? WHERE id = ?"}},
	{offsetof(struct retention, personal_days), "tmn",
	 "SELECT c.id FROM cases c WHERE " OLD_CLOSED "AND c.description <> ? "
	 "AND c.description <> '' ORDER BY c.id LIMIT ?",
	 {"mi"},
	 {"UPDATE cases SET description = ? WHERE id = ?"}},
	{offsetof(struct retention, personal_days), "tmn",
	 "SELECT e.id FROM case_events e JOIN cases c ON c.id = e.case_id WHERE " OLD_CLOSED
	 "AND e.note <> ? AND e.note <> '' ORDER BY e.id LIMIT ?",
	 {"mi"},
	 {"UPDATE case_events SET note = ? WHERE id = ?"}},
	{offsetof(struct retention, personal_days), "tmn",
	 "SELECT v.case_id FROM surveys v JOIN cases c ON c.id = v.case_id WHERE " OLD_CLOSED
	 "AND v.comment <> ? ORDER BY v.case_id LIMIT ?",
	 {"mi"},
	 {"UPDATE surveys SET comment = ? WHERE case_id = ?"}},
	{offsetof(struct retention, personal_days), "tmn",
	 "SELECT k.id FROM complaints k JOIN cases c ON c.id = k.case_id WHERE " OLD_CLOSED
	 "AND k.body <> ? ORDER BY k.id LIMIT ?",
	 {"mmmmmi"},
	 {"UPDATE complaints SET subject = ?, body = ?, reply = IF(reply IS NULL, NULL, ?), "
	  "resolution = IF(resolution IS NULL, NULL, ?), "
	  "reopen_reason = IF(reopen_reason IS NULL, NULL, ?) WHERE id = ?"}},
	{offsetof(struct retention, personal_days), "tmmmmn",
	 "SELECT o.id FROM events o JOIN cases c ON c.id = o.case_id WHERE " OLD_CLOSED "AND "
	 TEXT_DUE("o.data", "") "ORDER BY o.id LIMIT ?",
	 {"mmi"},
	 {"UPDATE events SET data = JSON_REPLACE(data, '$.text', ?, '$.reason', ?) WHERE id = ?"}},
	{offsetof(struct retention, personal_days), "tmmmmn",
	 "SELECT o.id FROM outbox o JOIN cases c ON c.id = o.case_id WHERE " OLD_CLOSED "AND "
	 TEXT_DUE("o.data", "") "ORDER BY o.id LIMIT ?",
	 {"mmi"},
	 {"UPDATE outbox SET data = JSON_REPLACE(data, '$.text', ?, '$.reason', ?) WHERE id = ?"}},
	{offsetof(struct retention, personal_days), "tmmmmn",
	 "SELECT o.id FROM outbox o JOIN cases c ON c.id = o.case_id WHERE " OLD_CLOSED "AND "
	 TEXT_DUE("o.body", "data.") "ORDER BY o.id LIMIT ?",
	 {"mmi"},
	 {"UPDATE outbox SET body = JSON_REPLACE(body, '$.data.text', ?, '$.data.reason', ?) "
	  "WHERE id = ?"}},
	/* An erased customer's refunds keep their references this long. */
	{offsetof(struct retention, refund_days), "tmn",
	 "SELECT r.id FROM refunds r JOIN cases c ON c.id = r.case_id "
	 "JOIN customers u ON u.id = c.customer_id WHERE u.erased_at IS NOT NULL "
	 "AND r.created_at < ? AND r.reference <> ? ORDER BY r.id LIMIT ?",
	 {"mi"},
	 {"UPDATE refunds SET reference = ? WHERE id = ?"}},
};

struct batch_tx {
	struct arena *a;
	const struct retention_rule *rule;
	const char *cutoff;
	int n;
	unsigned long long changed;
};

static size_t rule_args(const char *spec, const struct batch_tx *b, long long id, struct dbv *args)
{
	size_t k = 0;

	for (const char *p = spec; *p && k < 12; p++)
		args[k++] = *p == 'm'   ? DB_STR(ERASED_MARK)
		            : *p == 't' ? DB_STR(b->cutoff)
		            : *p == 'n' ? DB_INT(b->n)
		                        : DB_INT(id);
	return k;
}

static int batch_body(struct db *db, void *ctx)
{
	struct batch_tx *b = ctx;
	struct dbv args[12];
	struct dbres ids;
	enum db_err e;

	b->changed = 0;
	/* check-sql: trusted: rules[] holds literals */
	if ((e = db_run(db, b->a, b->rule->select, args, rule_args(b->rule->select_args, b, 0, args),
	                &ids)) != DB_OK)
		return db_fail(e);
	for (size_t r = 0; r < ids.nrows; r++) {
		long long id = db_int(&ids.rows[r], 0);

		for (int i = 0; i < 2 && b->rule->change[i]; i++)
			/* check-sql: trusted: rules[] holds literals */
			if ((e = db_run(db, NULL, b->rule->change[i], args,
			                rule_args(b->rule->args[i], b, id, args), NULL)) != DB_OK)
				return db_fail(e);
	}
	b->changed = ids.nrows;
	return 0;
}

enum db_err retention_run(struct db *db, struct arena *a, time_t now, int batch, int rounds,
                          long long *changed)
{
	struct retention rp;
	enum db_err e;

	*changed = 0;
	if ((e = retention_load(db, a, &rp)) != DB_OK)
		return e;
	for (size_t i = 0; i < sizeof rules / sizeof rules[0]; i++) {
		int days = *(const int *)((const char *)&rp + rules[i].days);
		char cutoff[20];

		if (days <= 0) /* 0: the rule is off */
			continue;
		format_db_datetime(now - (time_t)days * 86400, cutoff);
		for (int r = 0; r < rounds; r++) {
			struct batch_tx b = {a, &rules[i], cutoff, batch, 0};
			int rc = db_tx(db, batch_body, &b);

			if (rc != 0)
				return rc < 0 ? (enum db_err)-rc : DB_ERROR;
			*changed += (long long)b.changed;
			if (b.changed < (unsigned long long)batch)
				break;
		}
	}
	return DB_OK;
}
