/*
 * case_create.c — a new case, and a rejected one corrected as a new
 * revision: the eligibility of each item checked again inside the
 * transaction that locks the order, the items and photos written, the
 * submission's timeline event and timers started.
 */
#include <stdio.h>
#include <string.h>

#include "attachments.h"
#include "cases.h"
#include "orders.h"
#include "outbox.h"
#include "settings.h"
#include "sla.h"

#define MIN_LL(x, y) ((x) < (y) ? (x) : (y))

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
		if (c->items[i].qty > v.qty_available) {
			t->res->max_qty = v.qty_available;
			return CASE_BAD_ITEM;
		}
		/* A refund for some units is capped by what those units cost. */
		refundable += MIN_LL(v.refundable_fen,
		                     it->facts.paid_fen * c->items[i].qty / it->facts.qty);
	}
	t->res->bad_item = 0;
	if (c->type == TYPE_REFUND_ONLY &&
	    (c->amount_fen <= 0 || c->amount_fen > refundable)) {
		t->res->max_fen = refundable;
		return CASE_BAD_AMOUNT;
	}
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
	/* what the items were paid: the queue's "amount" (schema/023) */
	if ((e = db_run(db, NULL,
	                "UPDATE cases SET value_fen = (SELECT SUM(oi.paid_fen * ci.qty DIV oi.qty) "
	                "FROM case_items ci JOIN order_items oi ON oi.id = ci.order_item_id "
	                "WHERE ci.case_id = ?) WHERE id = ?",
	                DB_ARGS(DB_INT(case_id), DB_INT(case_id)), NULL)) != DB_OK)
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

/* What the type asks beyond the common fields: NULL where it does not. */
static struct dbv variant_of(const struct case_new *c)
{
	return c->type == TYPE_EXCHANGE ? DB_STR(c->variant) : DB_NULLV;
}

static struct dbv visit_address_of(const struct case_new *c)
{
	return c->type == TYPE_REPAIR && c->on_site ? DB_STR(c->visit_address) : DB_NULLV;
}

static struct dbv visit_slot_of(const struct case_new *c)
{
	return c->type == TYPE_REPAIR && c->on_site ? DB_STR(c->visit_slot) : DB_NULLV;
}

static enum db_err submit_timers(struct db *db, struct arena *a, long long case_id,
                                 const struct case_new *c, bool staff, time_t now)
{
	struct sla_step s = {case_type_names[c->type], "submit", "submitted", staff,
	                     c->type == TYPE_REPAIR && c->on_site, 0};

	return sla_event(db, a, case_id, &s, now);
}

/* A case submitted (again): the shop's event and the customer's message. */
static enum db_err submitted(struct db *db, struct create_tx *t, long long case_id,
                             const char *type, const char *from)
{
	struct notice n = NOTICE_INIT;

	n.type = type;
	n.tmpl = "case_submitted";
	n.customer_id = t->c->customer_id;
	n.case_id = case_id;
	n.case_no = t->res->case_no;
	n.action = from ? "resubmit" : "submit";
	n.from = from;
	n.to = "submitted";
	return outbox_notice(db, t->a, &n, t->now);
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
	           "description, amount_fen, repair_mode, variant, visit_address, visit_slot, "
	           "state, channel, nonce, created_at, updated_at, limits_gen) "
	           "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'submitted', ?, ?, ?, ?, "
	           SLA_LIMITS_GEN_SQL ")",
	           DB_ARGS(DB_STR(t->res->case_no), DB_INT(c->customer_id), DB_INT(o.id),
	                   DB_STR(case_type_names[c->type]), DB_STR(reason_names[c->reason]),
	                   DB_STR(c->description),
	                   c->type == TYPE_REFUND_ONLY ? DB_INT(c->amount_fen) : DB_NULLV,
	                   repair_mode(c), variant_of(c), visit_address_of(c), visit_slot_of(c),
	                   DB_STR(c->channel), DB_STR(c->nonce), DB_STR(now), DB_STR(now)),
	           &res);
	if (e != DB_OK)
		goto dberr;
	case_id = (long long)res.insert_id;
	if ((e = write_items_and_photos(db, case_id, c, now)) != DB_OK ||
	    (e = case_event_add(db, case_id, now, &who, "submit", NULL, "submitted", NULL)) != DB_OK ||
	    (e = submit_timers(db, t->a, case_id, c, c->actor_kind == 's', t->now)) != DB_OK ||
	    (e = submitted(db, t, case_id, "case.created", NULL)) != DB_OK)
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
	/* The earlier photos the customer removed go (a message's stay). */
	for (size_t i = 0; i < c->nremove; i++)
		if ((e = db_run(db, NULL,
		                "DELETE FROM attachments WHERE id = ? AND case_id = ? AND NOT EXISTS "
		                "(SELECT 1 FROM messages m WHERE m.attachment_id = attachments.id)",
		                DB_ARGS(DB_INT(c->remove_photos[i]), DB_INT(case_id)), NULL)) != DB_OK)
			goto dberr;
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
	                "repair_mode = ?, variant = ?, visit_address = ?, visit_slot = ?, "
	                "state = 'submitted', revision = revision + 1, "
	                "version = version + 1, updated_at = ? WHERE id = ?",
	                DB_ARGS(DB_STR(case_type_names[c->type]), DB_STR(reason_names[c->reason]),
	                        DB_STR(c->description),
	                        c->type == TYPE_REFUND_ONLY ? DB_INT(c->amount_fen) : DB_NULLV,
	                        repair_mode(c), variant_of(c), visit_address_of(c),
	                        visit_slot_of(c), DB_STR(now), DB_INT(case_id)),
	                NULL)) != DB_OK ||
	    (e = write_items_and_photos(db, case_id, c, now)) != DB_OK ||
	    (e = case_event_add(db, case_id, now, &who, "resubmit", "rejected", "submitted", NULL)) != DB_OK ||
	    (e = submit_timers(db, t->a, case_id, c, false, t->now)) != DB_OK ||
	    (e = submitted(db, t, case_id, "case.updated", "rejected")) != DB_OK)
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
