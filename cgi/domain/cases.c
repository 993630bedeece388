/*
 * cases.c — owns the case state machine and its SQL. Every change is one
 * transaction that locks the rows it depends on, checks the state table
 * and the expected version, writes, and appends a timeline event.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "accounts.h"
#include "attachments.h"
#include "cases.h"
#include "orders.h"
#include "roles.h"
#include "settings.h"
#include "sla.h"
#include "staff.h"
#include "surveys.h"

#define MIN_LL(x, y) ((x) < (y) ? (x) : (y))

enum db_err case_event_add(struct db *db, long long case_id, const char *at,
                           const struct actor *who, const char *action,
                           const char *from, const char *to, const char *note)
{
	return db_run(db, NULL,
	              "INSERT INTO case_events (case_id, at, actor_kind, actor_id, "
	              "action, from_state, to_state, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
	              DB_ARGS(DB_INT(case_id), DB_STR(at),
	                      DB_STR(who->kind == 'c' ? "c" : who->kind == 's' ? "s" : "x"),
	                      who->id ? DB_INT(who->id) : DB_NULLV, DB_STR(action),
	                      DB_STR(from), DB_STR(to), DB_STR(note)),
	              NULL);
}

int case_tx(struct db *db, db_tx_fn fn, void *ctx, struct case_result *res)
{
	int rc;

	memset(res, 0, sizeof *res);
	rc = db_tx(db, fn, ctx);
	if (rc < 0) {
		res->db = (enum db_err)-rc;
		return CASE_DB;
	}
	return rc;
}

/* ---- creating a case ---- */

struct create_tx {
	struct arena *a;
	const struct case_new *c;
	time_t now;
	struct case_result *res;
};

/* AS<local yyyymmdd><nnnn>, from a per-day counter row. */
static enum db_err next_case_no(struct db *db, struct arena *a, time_t now,
                                const char **case_no)
{
	char day[11], compact[9];
	struct dbres res;
	enum db_err e;
	long long n;

	format_local_date(now, day);
	e = db_run(db, a,
	           "INSERT INTO case_numbers (day, last) VALUES (?, 1) "
	           "ON DUPLICATE KEY UPDATE last = LAST_INSERT_ID(last + 1)",
	           DB_ARGS(DB_STR(day)), &res);
	if (e != DB_OK)
		return e;
	n = res.affected == 1 ? 1 : (long long)res.insert_id;
	snprintf(compact, sizeof compact, "%.4s%.2s%.2s", day, day + 5, day + 8);
	*case_no = aprintf(a, "AS%s%04lld", compact, n);
	return DB_OK;
}

static int check_items(struct create_tx *t, const struct order *o,
                       const struct rulebook *rb)
{
	const struct case_new *c = t->c;
	long long refundable = 0;

	for (size_t i = 0; i < c->nitems; i++) {
		const struct order_item *it = NULL;
		struct verdict v;

		for (size_t j = 0; j < o->nitems; j++)
			if (o->items[j].id == c->items[i].order_item_id)
				it = &o->items[j];
		t->res->bad_item = c->items[i].order_item_id;
		if (!it || c->items[i].qty < 1)
			return CASE_BAD_ITEM;
		rules_check(&rb->policy, rulebook_category(rb, it->category),
		            &it->facts, t->now, c->type, (int)c->reason, &v);
		if (v.why != WHY_OK) {
			t->res->why = v.why;
			return CASE_INELIGIBLE;
		}
		/* Units already in an open case are not free, whatever the type. */
		if (c->items[i].qty > v.qty_available)
			return CASE_BAD_ITEM;
		/* A refund for some units is capped by what those units cost. */
		refundable += MIN_LL(v.refundable_fen,
		                     it->facts.paid_fen * c->items[i].qty / it->facts.qty);
	}
	t->res->bad_item = 0;
	if (c->type == TYPE_REFUND_ONLY &&
	    (c->amount_fen <= 0 || c->amount_fen > refundable))
		return CASE_BAD_AMOUNT;
	return CASE_OK;
}

/* The items and photos of a new case or a new revision. */
static enum db_err write_items_and_photos(struct db *db, long long case_id,
                                          const struct case_new *c, const char *now)
{
	enum db_err e;

	for (size_t i = 0; i < c->nitems; i++)
		if ((e = db_run(db, NULL,
		                "INSERT INTO case_items (case_id, order_item_id, qty) VALUES (?, ?, ?)",
		                DB_ARGS(DB_INT(case_id), DB_INT(c->items[i].order_item_id),
		                        DB_INT(c->items[i].qty)),
		                NULL)) != DB_OK)
			return e;
	for (size_t i = 0; i < c->nphotos; i++) {
		long long id;

		if ((e = attachment_add(db, case_id, c->customer_id, &c->photos[i], now, &id)) != DB_OK)
			return e;
	}
	return DB_OK;
}

/* cases.repair_mode: how a repair is done; NULL for other types. */
static struct dbv repair_mode(const struct case_new *c)
{
	if (c->type != TYPE_REPAIR)
		return DB_NULLV;
	return DB_STR(c->on_site ? "on_site" : "mail_in");
}

static enum db_err submit_timers(struct db *db, struct arena *a, long long case_id,
                                 const struct case_new *c, bool staff, time_t now)
{
	struct sla_step s = {case_type_names[c->type], "submit", "submitted", staff,
	                     c->type == TYPE_REPAIR && c->on_site, 0};

	return sla_event(db, a, case_id, &s, now);
}

static int create_body(struct db *db, void *ctx)
{
	struct create_tx *t = ctx;
	const struct case_new *c = t->c;
	struct actor who = {c->actor_kind, c->actor_id, 0};
	struct rulebook rb;
	struct order o;
	struct dbrow *row;
	struct dbres res;
	char now[20];
	long long case_id;
	enum db_err e;
	int rc;

	format_db_datetime(t->now, now);
	/* Locking the order serialises every case on it: the quantities
	 * checked below cannot change until this commits. */
	if ((e = order_of_customer(db, t->a, c->customer_id, c->order_no, true, &o)) != DB_OK)
		goto dberr;
	if (o.id == 0)
		return CASE_NO_ORDER;
	if ((e = db_row(db, t->a,
	                "SELECT case_no FROM cases WHERE customer_id = ? AND nonce = ?",
	                DB_ARGS(DB_INT(c->customer_id), DB_STR(c->nonce)), &row)) != DB_OK)
		goto dberr;
	if (row) {
		t->res->case_no = row->col[0];
		return CASE_DUPLICATE;
	}
	if ((e = rulebook_load(db, t->a, &rb)) != DB_OK)
		goto dberr;
	if ((rc = check_items(t, &o, &rb)) != CASE_OK)
		return rc;
	if ((e = next_case_no(db, t->a, t->now, &t->res->case_no)) != DB_OK)
		goto dberr;
	e = db_run(db, t->a,
	           "INSERT INTO cases (case_no, customer_id, order_id, type, reason, "
	           "description, amount_fen, repair_mode, state, channel, nonce, created_at, "
	           "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'submitted', ?, ?, ?, ?)",
	           DB_ARGS(DB_STR(t->res->case_no), DB_INT(c->customer_id), DB_INT(o.id),
	                   DB_STR(case_type_names[c->type]), DB_STR(reason_names[c->reason]),
	                   DB_STR(c->description),
	                   c->type == TYPE_REFUND_ONLY ? DB_INT(c->amount_fen) : DB_NULLV,
	                   repair_mode(c), DB_STR(c->channel), DB_STR(c->nonce), DB_STR(now),
	                   DB_STR(now)),
	           &res);
	if (e != DB_OK)
		goto dberr;
	case_id = (long long)res.insert_id;
	if ((e = write_items_and_photos(db, case_id, c, now)) != DB_OK ||
	    (e = case_event_add(db, case_id, now, &who, "submit", NULL, "submitted", NULL)) != DB_OK ||
	    (e = submit_timers(db, t->a, case_id, c, c->actor_kind == 's', t->now)) != DB_OK)
		goto dberr;
	return CASE_OK;
dberr:
	return db_fail(e);
}

int case_create(struct db *db, struct arena *a, const struct case_new *c,
                time_t now, struct case_result *res)
{
	struct create_tx t = {a, c, now, res};
	int rc;

	memset(res, 0, sizeof *res);
	rc = db_tx(db, create_body, &t);
	if (rc == -DB_DUPLICATE) {
		/* The same form submitted twice at once: the other one won. */
		struct dbrow *row;
		enum db_err e = db_row(db, a,
		                       "SELECT case_no FROM cases WHERE customer_id = ? AND nonce = ?",
		                       DB_ARGS(DB_INT(c->customer_id), DB_STR(c->nonce)), &row);

		if (e == DB_OK && row) {
			res->case_no = row->col[0];
			return CASE_DUPLICATE;
		}
		rc = -(e == DB_OK ? DB_ERROR : e);
	}
	if (rc < 0) {
		res->db = (enum db_err)-rc;
		return CASE_DB;
	}
	return rc;
}

/* ---- a rejected case, corrected: a new revision ---- */

struct resubmit_tx {
	struct create_tx base;
	const char *case_no;
};

static int resubmit_body(struct db *db, void *ctx)
{
	struct resubmit_tx *rt = ctx;
	struct create_tx *t = &rt->base;
	const struct case_new *c = t->c;
	struct actor who = {'c', c->customer_id, 0};
	struct rulebook rb;
	struct order o;
	struct dbrow *row;
	char now[20];
	long long case_id;
	enum db_err e;
	int rc;

	format_db_datetime(t->now, now);
	if ((e = db_row(db, t->a,
	                "SELECT c.id, c.state, o.order_no FROM cases c JOIN orders o ON o.id = c.order_id "
	                "WHERE c.case_no = ? AND c.customer_id = ? FOR UPDATE",
	                DB_ARGS(DB_STR(rt->case_no), DB_INT(c->customer_id)), &row)) != DB_OK)
		goto dberr;
	if (!row)
		return CASE_NOT_FOUND;
	if (strcmp(row->col[1], "rejected") != 0)
		return CASE_CONFLICT;
	case_id = db_int(row, 0);
	t->res->case_no = rt->case_no;
	/* The same order, whatever the form said; its lock serialises cases. */
	if ((e = order_of_customer(db, t->a, c->customer_id, row->col[2], true, &o)) != DB_OK)
		goto dberr;
	if ((e = rulebook_load(db, t->a, &rb)) != DB_OK)
		goto dberr;
	if ((rc = check_items(t, &o, &rb)) != CASE_OK)
		return rc;
	/* Photos stay with the case: with the new ones, no more than 6. */
	if ((e = db_row(db, t->a,
	                "SELECT COUNT(*) FROM attachments a WHERE a.case_id = ? AND NOT EXISTS "
	                "(SELECT 1 FROM messages m WHERE m.attachment_id = a.id)",
	                DB_ARGS(DB_INT(case_id)), &row)) != DB_OK)
		goto dberr;
	if (db_int(row, 0) + (long long)c->nphotos > CASE_PHOTOS_MAX) {
		t->res->bad_item = CASE_PHOTOS_MAX - db_int(row, 0);
		return CASE_TOO_MANY_PHOTOS;
	}
	if ((e = db_run(db, NULL, "DELETE FROM case_items WHERE case_id = ?",
	                DB_ARGS(DB_INT(case_id)), NULL)) != DB_OK ||
	    (e = db_run(db, NULL,
	                "UPDATE cases SET type = ?, reason = ?, description = ?, amount_fen = ?, "
	                "repair_mode = ?, state = 'submitted', revision = revision + 1, "
	                "version = version + 1, updated_at = ? WHERE id = ?",
	                DB_ARGS(DB_STR(case_type_names[c->type]), DB_STR(reason_names[c->reason]),
	                        DB_STR(c->description),
	                        c->type == TYPE_REFUND_ONLY ? DB_INT(c->amount_fen) : DB_NULLV,
	                        repair_mode(c), DB_STR(now), DB_INT(case_id)),
	                NULL)) != DB_OK ||
	    (e = write_items_and_photos(db, case_id, c, now)) != DB_OK ||
	    (e = case_event_add(db, case_id, now, &who, "resubmit", "rejected", "submitted", NULL)) != DB_OK ||
	    (e = submit_timers(db, t->a, case_id, c, false, t->now)) != DB_OK)
		goto dberr;
	return CASE_OK;
dberr:
	return db_fail(e);
}

int case_resubmit(struct db *db, struct arena *a, const char *case_no,
                  const struct case_new *c, time_t now, struct case_result *res)
{
	struct resubmit_tx t = {{a, c, now, res}, case_no};
	return case_tx(db, resubmit_body, &t, res);
}

/* ---- reading ---- */

enum db_err case_customer_of(struct db *db, struct arena *a, const char *case_no,
                             long long *customer_id)
{
	struct dbrow *row;
	enum db_err e = db_row(db, a, "SELECT customer_id FROM cases WHERE case_no = ?",
	                       DB_ARGS(DB_STR(case_no)), &row);

	*customer_id = e == DB_OK && row ? db_int(row, 0) : 0;
	return e;
}

/* What a case page shows besides the case row, in one round trip: its
 * items ('i'), timeline ('e'), own photos ('p': an anti-join by the
 * attachment's key, since NOT EXISTS was materialised as every message
 * photo's id on every page) and messages ('m'). Columns: part, id, then
 * up to seven of the part's own. No ORDER BY: sorting a UNION costs the
 * server a temporary table (2.6 times the statement); read_details sorts
 * the rows by part and id. */
static const char details_sql[] =
    "SELECT 'i', i.id, ci.order_item_id, i.name, i.sku, ci.qty, i.paid_fen, NULL, NULL "
    "FROM case_items ci JOIN order_items i ON i.id = ci.order_item_id WHERE ci.case_id = ? "
    "UNION ALL "
    "SELECT 'e', e.id, e.at, e.actor_kind, s.name, e.action, e.from_state, e.to_state, e.note "
    "FROM case_events e LEFT JOIN staff s ON e.actor_kind = 's' AND s.id = e.actor_id "
    "WHERE e.case_id = ? "
    "UNION ALL "
    "SELECT 'p', a.id, a.filename, a.mime, a.size, NULL, NULL, NULL, NULL "
    "FROM attachments a LEFT JOIN messages m ON m.attachment_id = a.id "
    "WHERE a.case_id = ? AND m.id IS NULL "
    "UNION ALL "
    "SELECT 'm', m.id, m.author_kind, s.name, m.body, m.attachment_id, m.created_at, NULL, NULL "
    "FROM messages m LEFT JOIN staff s ON m.author_kind = 's' AND s.id = m.author_id "
    "WHERE m.case_id = ?";

static int by_part_and_id(const void *x, const void *y)
{
	const struct dbrow *a = x, *b = y;
	long long ia, ib;

	if (a->col[0][0] != b->col[0][0])
		return a->col[0][0] < b->col[0][0] ? -1 : 1;
	ia = db_int(a, 1);
	ib = db_int(b, 1);
	return (ia > ib) - (ia < ib);
}

static void read_details(struct arena *a, struct dbres *res, struct case_view *cv)
{
	size_t ni = 0, ne = 0, np = 0, nm = 0;

	qsort(res->rows, res->nrows, sizeof *res->rows, by_part_and_id);
	for (size_t i = 0; i < res->nrows; i++)
		switch (res->rows[i].col[0][0]) {
		case 'i': ni++; break;
		case 'e': ne++; break;
		case 'p': np++; break;
		default: nm++; break;
		}
	cv->items = amalloc(a, (ni + 1) * sizeof *cv->items);
	cv->events = amalloc(a, (ne + 1) * sizeof *cv->events);
	cv->photos = amalloc(a, (np + 1) * sizeof *cv->photos);
	cv->messages = amalloc(a, (nm + 1) * sizeof *cv->messages);
	for (size_t i = 0; i < res->nrows; i++) {
		const struct dbrow *row = &res->rows[i];

		switch (row->col[0][0]) {
		case 'i': {
			struct case_item_view *it = &cv->items[cv->nitems++];

			it->order_item_id = db_int(row, 2);
			it->name = row->col[3];
			it->sku = row->col[4];
			it->qty = (int)db_int(row, 5);
			it->paid_fen = db_int(row, 6);
			break;
		}
		case 'e': {
			struct case_event *ev = &cv->events[cv->nevents++];

			ev->at = db_time(row, 2);
			ev->actor_kind = row->col[3][0];
			ev->actor_name = row->col[4];
			ev->action = row->col[5];
			ev->from_state = row->col[6];
			ev->to_state = row->col[7];
			ev->note = row->col[8];
			break;
		}
		case 'p': {
			struct attachment_info *ph = &cv->photos[cv->nphotos++];

			ph->id = db_int(row, 1);
			ph->filename = row->col[2];
			ph->mime = row->col[3];
			ph->size = db_int(row, 4);
			break;
		}
		default: {
			struct message *m = &cv->messages[cv->nmessages++];

			m->author_kind = row->col[2][0];
			m->author_name = row->col[3];
			m->body = row->col[4];
			m->attachment_id = db_int(row, 5);
			m->at = db_time(row, 6);
			break;
		}
		}
	}
}

enum db_err case_get(struct db *db, struct arena *a, long long customer_id,
                     const char *case_no, struct case_view *cv)
{
	struct dbrow *row;
	struct dbres res;
	enum db_err e;

	memset(cv, 0, sizeof *cv);
	e = db_row(db, a,
	           "SELECT c.id, c.case_no, c.customer_id, o.order_no, c.type, c.reason, "
	           "c.description, c.amount_fen, c.state, c.version, c.revision, c.channel, "
	           "c.created_at, c.updated_at, c.repair_mode, c.fast_refund, c.assignee_id, "
	           "s.name, c.pending_refund_fen, " SURVEY_COLS ", " CALENDAR_GEN_SQL ", "
	           CUSTOMER_SESSION_SQL " "
	           "FROM cases c JOIN orders o ON o.id = c.order_id "
	           "LEFT JOIN staff s ON s.id = c.assignee_id "
	           "LEFT JOIN surveys sv ON sv.case_id = c.id "
	           "WHERE c.case_no = ? AND (? = 0 OR c.customer_id = ?)",
	           DB_ARGS(DB_INT(customer_id), DB_STR(case_no), DB_INT(customer_id),
	                   DB_INT(customer_id)), &row);
	if (e != DB_OK || !row)
		return e;
	cv->id = db_int(row, 0);
	cv->case_no = row->col[1];
	cv->customer_id = db_int(row, 2);
	cv->order_no = row->col[3];
	cv->type = row->col[4];
	cv->reason = row->col[5];
	cv->description = row->col[6];
	cv->amount_fen = db_null(row, 7) ? -1 : db_int(row, 7);
	cv->state = row->col[8];
	cv->version = (int)db_int(row, 9);
	cv->revision = (int)db_int(row, 10);
	cv->channel = row->col[11];
	cv->created_at = db_time(row, 12);
	cv->updated_at = db_time(row, 13);
	cv->repair_mode = row->col[14];
	cv->fast_refund = db_int(row, 15) != 0;
	cv->assignee_id = db_null(row, 16) ? 0 : db_int(row, 16);
	cv->assignee_name = row->col[17];
	cv->pending_refund_fen = db_null(row, 18) ? -1 : db_int(row, 18);
	survey_from_row(row, 19, &cv->survey);
	cv->calendar_gen = db_int(row, 31);
	cv->session = row->col[32];

	if ((e = db_run(db, a, details_sql,
	                DB_ARGS(DB_INT(cv->id), DB_INT(cv->id), DB_INT(cv->id), DB_INT(cv->id)),
	                &res)) != DB_OK)
		return e;
	read_details(a, &res, cv);
	return DB_OK;
}

enum db_err cases_of_customer(struct db *db, struct arena *a,
                              long long customer_id, int page,
                              struct case_summary **list, size_t *n,
                              bool *more, const char **session)
{
	struct dbres res;
	enum db_err e;

	*session = NULL;
	if (page < 1)
		page = 1;
	e = db_run(db, a,
	           "SELECT c.case_no, o.order_no, c.type, c.state, c.created_at, c.updated_at, "
	           CUSTOMER_SESSION_SQL " "
	           "FROM cases c JOIN orders o ON o.id = c.order_id "
	           "WHERE c.customer_id = ? ORDER BY c.created_at DESC, c.id DESC "
	           "LIMIT ? OFFSET ?",
	           DB_ARGS(DB_INT(customer_id), DB_INT(customer_id), DB_INT(CASES_PAGE + 1),
	                   DB_INT((long long)(page - 1) * CASES_PAGE)),
	           &res);
	if (e != DB_OK)
		return e;
	if (res.nrows > 0)
		*session = res.rows[0].col[6];
	*more = res.nrows > CASES_PAGE;
	*n = *more ? CASES_PAGE : res.nrows;
	*list = amalloc(a, (*n + 1) * sizeof **list);
	for (size_t i = 0; i < *n; i++) {
		struct case_summary *s = &(*list)[i];
		const struct dbrow *row = &res.rows[i];

		s->case_no = row->col[0];
		s->order_no = row->col[1];
		s->type = row->col[2];
		s->state = row->col[3];
		s->created_at = db_time(row, 4);
		s->updated_at = db_time(row, 5);
	}
	return DB_OK;
}

/* ---- the staff's queue ---- */

enum db_err cases_queue(struct db *db, struct arena *a, const struct queue_filter *f,
                        struct queue_row **rows, size_t *n, bool *more,
                        long long *staff_gen, const char **session)
{
	int page = f->page < 1 ? 1 : f->page;
	char now[20];
	struct dbres res;
	enum db_err e;

	format_db_datetime(f->now, now);
	e = db_run(db, a,
	           /* Cases first and by cases_queue (006): a page's rows, no sort. */
	           "SELECT STRAIGHT_JOIN c.case_no, o.order_no, cu.phone, cu.name, c.type, c.state, "
	           "c.created_at, c.next_due, c.next_due_start, s.name, " STAFF_GEN_SQL ", "
	           STAFF_SESSION_SQL " "
	           "FROM cases c JOIN orders o ON o.id = c.order_id "
	           "JOIN customers cu ON cu.id = c.customer_id "
	           "LEFT JOIN staff s ON s.id = c.assignee_id "
	           "WHERE ((? = '' AND c.queue_closed = 0) "
	           "       OR c.state = ?) "
	           "AND (? = '' OR c.type = ?) "
	           "AND (? = 0 OR c.assignee_id = ?) "
	           "AND (? = '' OR c.case_no = ? OR o.order_no = ? OR cu.phone = ?) "
	           "AND (? = '' "
	           "  OR (? = 'breached' AND c.next_due < ?) "
	           "  OR (? = 'at_risk' AND c.next_due >= ? AND "
	           "      TIMESTAMPDIFF(SECOND, c.next_due_start, ?) * 5 >= "
	           "      TIMESTAMPDIFF(SECOND, c.next_due_start, c.next_due) * 4)) "
	           "ORDER BY c.queue_closed, c.queue_due, c.created_at, c.id LIMIT ? OFFSET ?",
	           DB_ARGS(DB_INT(f->viewer), DB_STR(f->state), DB_STR(f->state), DB_STR(f->type),
	                   DB_STR(f->type),
	                   DB_INT(f->assignee), DB_INT(f->assignee), DB_STR(f->q), DB_STR(f->q),
	                   DB_STR(f->q), DB_STR(f->q),
	                   DB_STR(f->sla), DB_STR(f->sla), DB_STR(now), DB_STR(f->sla),
	                   DB_STR(now), DB_STR(now),
	                   DB_INT(QUEUE_PAGE + 1), DB_INT((long long)(page - 1) * QUEUE_PAGE)),
	           &res);
	if (e != DB_OK)
		return e;
	*more = res.nrows > QUEUE_PAGE;
	*n = *more ? QUEUE_PAGE : res.nrows;
	*staff_gen = res.nrows > 0 ? db_int(&res.rows[0], 10) : 0;
	*session = res.nrows > 0 ? res.rows[0].col[11] : NULL;
	*rows = amalloc(a, (*n + 1) * sizeof **rows);
	for (size_t i = 0; i < *n; i++) {
		const struct dbrow *row = &res.rows[i];
		struct queue_row *q = &(*rows)[i];

		q->case_no = row->col[0];
		q->order_no = row->col[1];
		q->phone = row->col[2];
		q->customer_name = row->col[3];
		q->type = row->col[4];
		q->state = row->col[5];
		q->created_at = db_time(row, 6);
		q->next_due = db_time(row, 7);
		q->next_due_start = db_time(row, 8);
		q->assignee = row->col[9];
	}
	return DB_OK;
}

enum db_err case_customer_get(struct db *db, struct arena *a, long long customer_id,
                              time_t now, struct case_customer *out)
{
	char since[20];
	struct dbrow *row;
	enum db_err e;

	memset(out, 0, sizeof *out);
	format_db_datetime(now - RISK_DAYS * 86400L, since);
	/* The customer and the three risk figures of the last RISK_DAYS: one
	 * statement (each sub-query reads by its own index). */
	e = db_row(db, a,
	           "SELECT cu.name, cu.phone, cu.email, cu.city, "
	           "(SELECT COUNT(*) FROM refunds r JOIN cases c ON c.id = r.case_id "
	           "  WHERE c.customer_id = cu.id AND r.created_at >= ?), "
	           "(SELECT COALESCE(SUM(r.amount_fen), 0) FROM refunds r JOIN cases c ON c.id = r.case_id "
	           "  WHERE c.customer_id = cu.id AND r.created_at >= ?), "
	           "(SELECT COUNT(*) FROM case_events e JOIN cases c ON c.id = e.case_id "
	           "  WHERE c.customer_id = cu.id AND e.at >= ? "
	           "  AND e.action IN ('inspect_pass', 'inspect_fail')), "
	           "(SELECT COALESCE(SUM(e.action = 'inspect_fail'), 0) FROM case_events e "
	           "  JOIN cases c ON c.id = e.case_id WHERE c.customer_id = cu.id AND e.at >= ? "
	           "  AND e.action IN ('inspect_pass', 'inspect_fail')), "
	           "(SELECT COUNT(*) FROM complaints WHERE customer_id = cu.id AND created_at >= ?) "
	           "FROM customers cu WHERE cu.id = ?",
	           DB_ARGS(DB_STR(since), DB_STR(since), DB_STR(since), DB_STR(since), DB_STR(since),
	                   DB_INT(customer_id)),
	           &row);
	if (e != DB_OK || !row)
		return e;
	out->name = row->col[0];
	out->phone = row->col[1];
	out->email = row->col[2];
	out->city = row->col[3];
	out->risk.refunds = (int)db_int(row, 4);
	out->risk.refunded_fen = db_int(row, 5);
	out->risk.inspected = (int)db_int(row, 6);
	out->risk.failed = (int)db_int(row, 7);
	out->risk.complaints = (int)db_int(row, 8);
	return DB_OK;
}

enum db_err cases_sla_counts(struct db *db, struct arena *a, time_t now,
                             struct case_sla_counts *out)
{
	struct dbrow *row;
	char at[20];
	enum db_err e;

	format_db_datetime(now, at);
	/* The same 80 % rule as sla_state (calendar.c) and the queue's filter. */
	e = db_row(db, a,
	           "SELECT COALESCE(SUM(c.next_due IS NULL), 0), COALESCE(SUM(c.next_due < ?), 0), "
	           "COALESCE(SUM(c.next_due >= ? AND TIMESTAMPDIFF(SECOND, c.next_due_start, ?) * 5 >= "
	           "TIMESTAMPDIFF(SECOND, c.next_due_start, c.next_due) * 4), 0), COUNT(*) "
	           "FROM cases c WHERE c.queue_closed = 0",
	           DB_ARGS(DB_STR(at), DB_STR(at), DB_STR(at)), &row);
	if (e != DB_OK || !row)
		return e == DB_OK ? DB_ERROR : e;
	out->no_timer = db_int(row, 0);
	out->breached = db_int(row, 1);
	out->at_risk = db_int(row, 2);
	out->ok = db_int(row, 3) - out->no_timer - out->breached - out->at_risk;
	return DB_OK;
}

/* ---- moving a case ---- */

/* ---- refunds: never past what an item was paid, never twice ---- */

/* The most that may still be refunded on a case: per item, what its units
 * in the case cost, less what was refunded on the item already; for a
 * refund-only case also no more than was asked. Locks the item rows, so
 * two cases on one item refund one after the other. */
static enum db_err refund_cap(struct db *db, struct arena *a, long long case_id,
                              struct dbres *items, long long *cap)
{
	struct dbrow *row;
	enum db_err e;

	*cap = 0;
	if ((e = db_run(db, a,
	                "SELECT i.id FROM order_items i JOIN case_items ci ON ci.order_item_id = i.id "
	                "WHERE ci.case_id = ? ORDER BY i.id FOR UPDATE",
	                DB_ARGS(DB_INT(case_id)), NULL)) != DB_OK)
		return e;
	if ((e = db_run(db, a,
	                "SELECT i.id, LEAST(i.paid_fen * ci.qty DIV i.qty, i.paid_fen - "
	                "  COALESCE((SELECT SUM(ri.amount_fen) FROM refund_items ri "
	                "            WHERE ri.order_item_id = i.id), 0)) "
	                "FROM case_items ci JOIN order_items i ON i.id = ci.order_item_id "
	                "WHERE ci.case_id = ? ORDER BY i.id",
	                DB_ARGS(DB_INT(case_id)), items)) != DB_OK)
		return e;
	for (size_t i = 0; i < items->nrows; i++)
		if (db_int(&items->rows[i], 1) > 0)
			*cap += db_int(&items->rows[i], 1);
	if ((e = db_row(db, a, "SELECT amount_fen FROM cases WHERE id = ?",
	                DB_ARGS(DB_INT(case_id)), &row)) != DB_OK)
		return e;
	if (row && !db_null(row, 0) && db_int(row, 0) < *cap)
		*cap = db_int(row, 0);
	return DB_OK;
}

enum db_err case_refund_cap(struct db *db, struct arena *a, long long case_id,
                            long long *cap_fen)
{
	struct dbres items;

	return refund_cap(db, a, case_id, &items, cap_fen);
}

/* The amount asked against what may still be refunded (items: the cap of
 * each item): CASE_OK, CASE_BAD_AMOUNT with the cap in res->bad_item. */
static int check_refund(struct db *db, struct arena *a, long long case_id,
                        const struct step *s, struct dbres *items, struct case_result *res)
{
	long long cap;
	enum db_err e;

	if ((e = refund_cap(db, a, case_id, items, &cap)) != DB_OK)
		return db_fail(e);
	if (s->amount_fen <= 0 || s->amount_fen > cap) {
		res->bad_item = cap;
		return CASE_BAD_AMOUNT;
	}
	return CASE_OK;
}

static int record_refund(struct db *db, struct arena *a, long long case_id,
                         const struct actor *who, const struct step *s,
                         const char *now, struct case_result *res)
{
	struct dbres items, ins;
	long long left = s->amount_fen, refund_id;
	enum db_err e;
	int rc;

	if ((rc = check_refund(db, a, case_id, s, &items, res)) != CASE_OK)
		return rc;
	e = db_run(db, a,
	           "INSERT INTO refunds (case_id, amount_fen, reference, staff_id, created_at) "
	           "VALUES (?, ?, ?, ?, ?)",
	           DB_ARGS(DB_INT(case_id), DB_INT(s->amount_fen), DB_STR(s->reference),
	                   DB_INT(who->id), DB_STR(now)),
	           &ins);
	if (e == DB_DUPLICATE)
		return CASE_CONFLICT; /* refunds_case: this case was refunded */
	if (e != DB_OK)
		return db_fail(e);
	refund_id = (long long)ins.insert_id;
	/* Split over the items in order, each up to its own cap. */
	for (size_t i = 0; i < items.nrows && left > 0; i++) {
		long long part = db_int(&items.rows[i], 1);

		if (part <= 0)
			continue;
		if (part > left)
			part = left;
		if ((e = db_run(db, NULL,
		                "INSERT INTO refund_items (refund_id, order_item_id, amount_fen) "
		                "VALUES (?, ?, ?)",
		                DB_ARGS(DB_INT(refund_id), DB_INT(db_int(&items.rows[i], 0)),
		                        DB_INT(part)),
		                NULL)) != DB_OK)
			return db_fail(e);
		left -= part;
	}
	return CASE_OK;
}

struct transition_tx {
	struct arena *a;
	const char *case_no;
	const struct actor *who;
	const struct step *s;
	time_t now;
	struct case_result *res;
};

unsigned case_flags(const struct case_view *cv)
{
	unsigned f = 0;

	if (cv->fast_refund)
		f |= CF_FAST;
	if (cv->repair_mode && strcmp(cv->repair_mode, "on_site") == 0)
		f |= CF_ONSITE;
	return f;
}

/* The customer's risk level now, and their city. */
static enum db_err customer_risk(struct db *db, struct arena *a, long long customer_id,
                                 time_t now, enum risk_level *level, const char **city)
{
	struct case_customer cc;
	enum db_err e = case_customer_get(db, a, customer_id, now, &cc);

	*level = risk_level(risk_score(&cc.risk));
	*city = cc.city ? cc.city : "";
	return e;
}

/* assign: an active staff member; a technician to send on-site. */
static int check_assignee(struct db *db, struct arena *a, const char *to,
                          long long staff_id)
{
	struct dbrow *row;
	enum db_err e;

	if (staff_id <= 0)
		return CASE_BAD_STAFF;
	if ((e = db_row(db, a, "SELECT roles FROM staff WHERE id = ? AND disabled = 0",
	                DB_ARGS(DB_INT(staff_id)), &row)) != DB_OK)
		return db_fail(e);
	if (!row)
		return CASE_BAD_STAFF;
	if (strcmp(to, "technician_assigned") == 0 && !(db_int(row, 0) & ROLE_TECH))
		return CASE_BAD_STAFF;
	return CASE_OK;
}

/* What the step needs to know before the table is read: the facts the
 * approval or the refund adds, and the arrival limit of an on-site
 * repair. */
static enum db_err step_facts(struct db *db, struct transition_tx *t, long long customer_id,
                              const char *type, unsigned *flags, int *arrival_hours)
{
	enum case_action act = t->s->act;
	struct service_policy sp;
	enum risk_level level;
	const char *city;
	enum db_err e;

	*arrival_hours = 0;
	if (act != ACT_APPROVE && act != ACT_REFUND)
		return DB_OK;
	if ((e = service_policy_load(db, t->a, &sp)) != DB_OK ||
	    (e = customer_risk(db, t->a, customer_id, t->now, &level, &city)) != DB_OK)
		return e;
	if (act == ACT_APPROVE && strcmp(type, "return_refund") == 0 && level == RISK_LOW)
		*flags |= CF_FAST;
	if (act == ACT_APPROVE && (*flags & CF_ONSITE))
		*arrival_hours = sla_arrival_hours(sp.service_cities, city,
		                                   sp.arrival_same_city_hours,
		                                   sp.arrival_other_city_hours);
	if (act == ACT_REFUND && level == RISK_HIGH && !(t->who->roles & ROLE_MANAGER) &&
	    t->s->amount_fen > sp.refund_approval_fen)
		*flags |= CF_HOLD;
	return DB_OK;
}

/* A refund waiting for a manager: checked against the cap as a real one
 * would be, and kept for the manager's form. */
static int hold_refund(struct db *db, struct arena *a, long long case_id,
                       const struct step *s, struct case_result *res)
{
	struct dbres items;
	enum db_err e;
	int rc;

	if ((rc = check_refund(db, a, case_id, s, &items, res)) != CASE_OK)
		return rc;
	if ((e = db_run(db, NULL, "UPDATE cases SET pending_refund_fen = ? WHERE id = ?",
	                DB_ARGS(DB_INT(s->amount_fen), DB_INT(case_id)), NULL)) != DB_OK)
		return db_fail(e);
	return CASE_OK;
}

/* What the action does besides moving the state. */
static int step_effects(struct db *db, struct transition_tx *t, long long case_id,
                        const char *to, unsigned flags, const char *now)
{
	const struct step *s = t->s;
	enum db_err e = DB_OK;
	int rc;

	switch (s->act) {
	case ACT_APPROVE:
		if (flags & CF_FAST)
			e = db_run(db, NULL, "UPDATE cases SET fast_refund = 1 WHERE id = ?",
			           DB_ARGS(DB_INT(case_id)), NULL);
		break;
	case ACT_REFUND:
		if (strcmp(to, "refund_approval") == 0)
			return hold_refund(db, t->a, case_id, s, t->res);
		if ((rc = record_refund(db, t->a, case_id, t->who, s, now, t->res)) != CASE_OK)
			return rc;
		e = db_run(db, NULL, "UPDATE cases SET pending_refund_fen = NULL WHERE id = ?",
		           DB_ARGS(DB_INT(case_id)), NULL);
		break;
	case ACT_ASSIGN:
		if ((rc = check_assignee(db, t->a, to, s->staff_id)) != CASE_OK)
			return rc;
		e = db_run(db, NULL, "UPDATE cases SET assignee_id = ? WHERE id = ?",
		           DB_ARGS(DB_INT(s->staff_id), DB_INT(case_id)), NULL);
		break;
	default:
		break;
	}
	return e == DB_OK ? CASE_OK : db_fail(e);
}

/* A completed case invites its customer to the survey at once: that is
 * the follow-up, so its timer stops here. */
static enum db_err invite_survey(struct db *db, struct arena *a, long long case_id, time_t now)
{
	static const struct actor system = {'x', 0, 0};
	struct sla_step s = {"", "survey_invite", NULL, false, false, 0};
	char at[20];
	enum db_err e;

	format_db_datetime(now, at);
	if ((e = survey_invite(db, case_id, now)) != DB_OK ||
	    (e = case_event_add(db, case_id, at, &system, "survey_invite", "completed", "completed",
	                        NULL)) != DB_OK)
		return e;
	return sla_event(db, a, case_id, &s, now);
}

static int transition_body(struct db *db, void *ctx)
{
	struct transition_tx *t = ctx;
	struct case_view cv = {0};
	struct sla_step ss;
	const char *to;
	struct dbrow *row;
	char now[20];
	unsigned flags;
	enum db_err e;
	int rc, arrival_hours;

	format_db_datetime(t->now, now);
	e = db_row(db, t->a,
	           "SELECT id, customer_id, state, version, type, repair_mode, fast_refund "
	           "FROM cases WHERE case_no = ? FOR UPDATE",
	           DB_ARGS(DB_STR(t->case_no)), &row);
	if (e != DB_OK)
		return db_fail(e);
	if (!row || (t->who->kind == 'c' && db_int(row, 1) != t->who->id))
		return CASE_NOT_FOUND;
	cv.id = db_int(row, 0);
	cv.state = row->col[2];
	cv.type = row->col[4];
	cv.repair_mode = row->col[5];
	cv.fast_refund = db_int(row, 6) != 0;
	flags = case_flags(&cv);
	/* The role first: someone who may never take this action hears so,
	 * whatever the case's state or version. */
	if (!case_action_ever(t->who, t->s->act))
		return CASE_FORBIDDEN;
	if (t->s->expected_version >= 0 && db_int(row, 3) != t->s->expected_version)
		return CASE_CONFLICT;
	if ((e = step_facts(db, t, db_int(row, 1), cv.type, &flags, &arrival_hours)) != DB_OK)
		return db_fail(e);
	if (!(to = case_next_state(cv.state, cv.type, flags, t->s->act)))
		return CASE_CONFLICT;
	if (!case_action_allowed(cv.state, cv.type, flags, t->who, t->s->act))
		return CASE_FORBIDDEN;
	if ((rc = step_effects(db, t, cv.id, to, flags, now)) != CASE_OK)
		return rc;
	ss = (struct sla_step){cv.type, case_action_names[t->s->act], to, t->who->kind == 's',
	                       (flags & CF_ONSITE) != 0, arrival_hours};
	if ((e = db_run(db, NULL,
	                "UPDATE cases SET state = ?, version = version + 1, updated_at = ? "
	                "WHERE id = ?",
	                DB_ARGS(DB_STR(to), DB_STR(now), DB_INT(cv.id)), NULL)) != DB_OK ||
	    (e = case_event_add(db, cv.id, now, t->who, case_action_names[t->s->act], cv.state, to,
	                   t->s->note)) != DB_OK ||
	    (e = sla_event(db, t->a, cv.id, &ss, t->now)) != DB_OK ||
	    (strcmp(to, "completed") == 0 && (e = invite_survey(db, t->a, cv.id, t->now)) != DB_OK))
		return db_fail(e);
	return CASE_OK;
}

int case_transition(struct db *db, struct arena *a, const char *case_no,
                    const struct actor *who, const struct step *step,
                    time_t now, struct case_result *res)
{
	struct transition_tx t = {a, case_no, who, step, now, res};
	return case_tx(db, transition_body, &t, res);
}
