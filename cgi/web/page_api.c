/*
 * page_api.c — machine routes: the health check, the bare "hello" the
 * benchmark compares pages against, and the shop's JSON API (bearer key).
 */
#include <string.h>

#include <jansson.h>

#include "accounts.h"
#include "cases.h"
#include "events.h"
#include "import.h"
#include "pages.h"

#define JSON "application/json; charset=utf-8"

/* A statement reading a table, not only a ping: a Galera node outside
 * the primary component answers pings (and SELECT 1) but refuses them. */
void page_healthz(struct req *r)
{
	struct dbrow *row = NULL;
	enum db_err e = db_row(r->db, r->a, "SELECT 1 FROM schema_migrations LIMIT 1", DB_NOARGS,
	                       &row);

	if (e == DB_OK && row) {
		http_send(r, 200, "text/plain; charset=utf-8", "ok\n", 3);
		return;
	}
	http_header(r, "Retry-After", HTTP_RETRY_AFTER);
	http_send(r, 503, "text/plain; charset=utf-8", "database unreachable\n", 21);
}

void page_hello(struct req *r)
{
	http_send(r, 200, "text/plain; charset=utf-8", "hello\n", 6);
}

/* A JSON string literal of s (valid UTF-8), quotes included. */
static void put_json_string(struct buf *b, const char *s)
{
	buf_puts(b, "\"");
	for (; s && *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			buf_printf(b, "\\%c", c);
		else if (c < 0x20 || c == '<' || c == '>' || c == '&')
			buf_printf(b, "\\u%04x", c);
		else
			buf_add(b, s, 1);
	}
	buf_puts(b, "\"");
}

static void send_json(struct req *r, int status, struct buf *b)
{
	http_send(r, status, JSON, b->p, b->len);
	buf_free(b);
}

static void json_error(struct req *r, int status, const char *msg)
{
	struct buf b = {0};

	buf_puts(&b, "{\"error\":");
	put_json_string(&b, msg);
	buf_puts(&b, "}\n");
	send_json(r, status, &b);
}

/* true when the request carries a valid API key; else answered. */
static bool authorised(struct req *r)
{
	const char *h = r->authorization;
	bool valid = false;
	enum db_err e;

	if (!h || strncmp(h, "Bearer ", 7) != 0 || strlen(h + 7) > 200) {
		http_header(r, "WWW-Authenticate", "Bearer");
		json_error(r, 401, "missing or malformed bearer key");
		return false;
	}
	if ((e = api_key_valid(r->db, r->a, h + 7, &valid)) != DB_OK) {
		json_error(r, e == DB_DOWN ? 503 : 500, "database unavailable");
		return false;
	}
	if (!valid) {
		http_header(r, "WWW-Authenticate", "Bearer");
		json_error(r, 401, "unknown key");
		return false;
	}
	return true;
}

void page_api_orders(struct req *r)
{
	struct import_report rep;
	struct buf b = {0};

	if (!authorised(r))
		return;
	if (!r->body || !utf8_valid(r->body, r->body_len)) {
		json_error(r, 400, "body must be a UTF-8 JSON document");
		return;
	}
	switch (import_orders_json(r->db, r->body, r->body_len, &rep)) {
	case IMPORT_OK:
		buf_printf(&b, "{\"orders\":%d,\"items\":%d,\"customers_new\":%d}\n",
		           rep.orders, rep.items, rep.customers_new);
		send_json(r, 200, &b);
		return;
	case IMPORT_INVALID:
		json_error(r, 400, rep.error);
		return;
	default:
		json_error(r, 503, "database unavailable");
		return;
	}
}

void page_api_case(struct req *r)
{
	struct case_view cv;
	struct buf b = {0};
	char t[20];
	enum db_err e;

	if (!authorised(r))
		return;
	if ((e = case_get(r->db, r->a, 0, r->arg[0], &cv)) != DB_OK) {
		json_error(r, 503, "database unavailable");
		return;
	}
	if (cv.id == 0) {
		json_error(r, 404, "no such case");
		return;
	}
	buf_puts(&b, "{\"case_no\":");
	put_json_string(&b, cv.case_no);
	buf_puts(&b, ",\"order_no\":");
	put_json_string(&b, cv.order_no);
	buf_puts(&b, ",\"type\":");
	put_json_string(&b, cv.type);
	buf_puts(&b, ",\"state\":");
	put_json_string(&b, cv.state);
	buf_printf(&b, ",\"version\":%d,\"items\":%zu", cv.version, cv.nitems);
	format_db_datetime(cv.updated_at, t);
	buf_puts(&b, ",\"updated_at\":");
	put_json_string(&b, t);
	buf_puts(&b, "}\n");
	send_json(r, 200, &b);
}

/* GET /api/v1/events?after=CURSOR: the shop's events in order, a page at
 * a time; the cursor is the last id seen (empty: from the oldest kept). */
void page_api_events(struct req *r)
{
	const char *after = params_get(&r->query, "after");
	long long from = 0;
	struct event *ev;
	struct buf b = {0};
	size_t n;
	char t[20];
	enum db_err e;

	if (!authorised(r))
		return;
	if (after && *after && parse_int(after, 0, (long long)1 << 62, &from) != 0) {
		json_error(r, 400, "after must be a cursor from an earlier answer");
		return;
	}
	if ((e = events_after(r->db, r->a, from, &ev, &n)) != DB_OK) {
		json_error(r, 503, "database unavailable");
		return;
	}
	buf_puts(&b, "{\"events\":[");
	for (size_t i = 0; i < n; i++) {
		format_db_datetime(ev[i].created_at, t);
		t[10] = 'T';
		buf_printf(&b, "%s{\"id\":%lld,\"type\":", i ? "," : "", ev[i].id);
		put_json_string(&b, ev[i].type);
		buf_printf(&b, ",\"created_at\":\"%sZ\",\"case_no\":", t);
		if (ev[i].case_no)
			put_json_string(&b, ev[i].case_no);
		else
			buf_puts(&b, "null");
		/* data is JSON our own code wrote (outbox.c, jansson). */
		buf_printf(&b, ",\"data\":%s}", ev[i].data);
	}
	buf_printf(&b, "],\"next\":\"%lld\"}\n", n ? ev[n - 1].id : from);
	send_json(r, 200, &b);
}

/* A field of the body: JSON {"name": "text"} or a form field of that
 * name, copied into the request's arena; NULL when missing. */
static char *body_field(struct req *r, const char *name)
{
	const char *s = params_get(&r->form, name);
	char *out;
	json_t *doc = NULL;

	if (!s && r->body && r->body_len && utf8_valid(r->body, r->body_len)) {
		doc = json_loadb(r->body, r->body_len, JSON_REJECT_DUPLICATES, NULL);
		s = json_string_value(json_object_get(doc, name));
	}
	out = s ? astrdup(r->a, s) : NULL;
	json_decref(doc);
	return out;
}

/* The credited_at of the body, an ISO 8601 time: false when missing or not
 * a time. */
static bool credited_time(struct req *r, time_t *at)
{
	const char *s = body_field(r, "credited_at");

	return s && parse_iso8601(s, at) == 0;
}

/* The caller and the refund of /api/v1/cases/{no}/refunds/{id}/…: the
 * API key, the id; false when answered (401, 404). */
static bool refund_target(struct req *r, long long *id)
{
	if (!authorised(r))
		return false;
	if (parse_int(r->arg[1], 1, (long long)1 << 62, id) != 0) {
		json_error(r, 404, "no such refund");
		return false;
	}
	return true;
}

/* The answer of a refund route that did not succeed: conflict and bad say
 * what 409 and 400 mean there. */
static void refund_refused(struct req *r, int rc, const char *conflict, const char *bad)
{
	if (rc == CASE_NOT_FOUND)
		json_error(r, 404, "no such refund on this case");
	else if (rc == CASE_CONFLICT)
		json_error(r, 409, conflict);
	else if (rc == CASE_BAD_AMOUNT)
		json_error(r, 400, bad);
	else
		json_error(r, 503, "database unavailable");
}

/* POST /api/v1/cases/{no}/refunds/{id}/credited: the payment system says
 * the refund reached the customer's account. */
void page_api_refund_credited(struct req *r)
{
	struct case_result res;
	struct buf b = {0};
	long long id;
	time_t at;
	char t[20];
	int rc;

	if (!refund_target(r, &id))
		return;
	if (!credited_time(r, &at)) {
		json_error(r, 400, "credited_at must be an ISO 8601 time");
		return;
	}
	if ((rc = refund_credit(r->db, r->a, r->arg[0], id, at, r->now, &res)) != CASE_OK) {
		refund_refused(r, rc, "this refund was confirmed as credited at another time, "
		                      "or it failed", "credited_at is before the refund or in the future");
		return;
	}
	format_db_datetime(at, t);
	t[10] = 'T';
	buf_printf(&b, "{\"refund\":%lld,\"credited_at\":\"%sZ\"}\n", id, t);
	send_json(r, 200, &b);
}

/* POST /api/v1/cases/{no}/refunds/{id}/failed: the payment system could
 * not pay the refund (reason: 1-300 printable characters). The refund
 * stops counting as paid, the case goes back to finance (refund_pending),
 * the shop gets refund.failed and the customer is told. Only while the
 * money is out and nothing else moved (the case refunded, the refund
 * neither credited nor failed): a fast refund whose case went on with the
 * goods, a completed case or a credited refund answer 409 and need
 * finance by hand for now. The same failure again: 200, nothing written. */
void page_api_refund_failed(struct req *r)
{
	static const struct actor payments = {'x', 0, 0};
	struct case_result res;
	struct step s = {.act = ACT_REFUND_FAIL, .expected_version = -1};
	struct buf b = {0};
	char *reason;
	size_t chars;
	int rc;

	if (!refund_target(r, &s.refund_id))
		return;
	reason = str_trim(body_field(r, "reason"));
	if (!reason || !utf8_valid(reason, strlen(reason)) || !text_printable(reason) ||
	    (chars = utf8_len(reason, strlen(reason))) < 1 || chars > 300) {
		json_error(r, 400, "reason must be 1 to 300 printable characters");
		return;
	}
	s.note = reason;
	if ((rc = case_transition(r->db, r->a, r->arg[0], &payments, &s, r->now, &res)) != CASE_OK) {
		refund_refused(r, rc, "this refund cannot be marked failed now: it was credited or "
		                      "failed for another reason, or the case has moved on (finance "
		                      "settles it by hand)", "bad request");
		return;
	}
	buf_printf(&b, "{\"refund\":%lld,\"reason\":", s.refund_id);
	put_json_string(&b, reason);
	buf_puts(&b, "}\n");
	send_json(r, 200, &b);
}
