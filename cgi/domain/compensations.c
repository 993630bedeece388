/*
 * compensations.c — the compensations table (compensations.h): one
 * submission under the case's lock and version, paid at once or held for
 * a manager; paid ones are the shop's event compensation.issued and the
 * customer's message, in the same transaction.
 */
#include <string.h>

#include "cases.h"
#include "compensations.h"
#include "outbox.h"
#include "roles.h"

const char *const compensation_kinds[COMP__MAX] = {"goodwill", "postage", "coupon"};

enum db_err compensation_threshold(struct db *db, struct arena *a, long long *fen)
{
	struct dbrow *row;
	enum db_err e = db_row(db, a,
	                       "SELECT value FROM settings WHERE name = 'compensation_approval_fen'",
	                       DB_NOARGS, &row);

	*fen = row ? db_int(row, 0) : 20000; /* schema/030's default */
	return e;
}

/* The case locked: its id, customer and state; COMPR_NO_CASE or
 * COMPR_STALE when it is not there at version. */
static int lock_case(struct db *db, struct arena *a, const char *case_no, int version,
                     struct dbrow **row)
{
	enum db_err e = db_row(db, a,
	                       "SELECT id, customer_id, state, version FROM cases "
	                       "WHERE case_no = ? FOR UPDATE",
	                       DB_ARGS(DB_STR(case_no)), row);

	if (e != DB_OK)
		return db_fail(e);
	if (!*row)
		return COMPR_NO_CASE;
	if (db_int(*row, 3) != version)
		return COMPR_STALE;
	return COMPR_PAID;
}

/* The case moves on (the next form of the same page is stale) and its
 * timeline says what happened; paid: the event and the customer's word. */
static enum db_err record(struct db *db, struct arena *a, const struct dbrow *cs,
                          const char *case_no, long long staff_id, const char *action,
                          const char *kind, long long amount_fen, const char *reference,
                          bool paid, time_t now)
{
	struct actor who = {'s', staff_id, 0};
	struct notice n = NOTICE_INIT;
	char at[20], m[32];
	enum db_err e;

	format_db_datetime(now, at);
	format_money(amount_fen, m);
	if ((e = db_run(db, NULL, "UPDATE cases SET version = version + 1, updated_at = ? WHERE id = ?",
	                DB_ARGS(DB_STR(at), DB_INT(db_int(cs, 0))), NULL)) != DB_OK ||
	    (e = case_event_add(db, db_int(cs, 0), at, &who, action, cs->col[2], cs->col[2],
	                        aprintf(a, "¥%s", m))) != DB_OK || !paid)
		return e;
	n.type = "compensation.issued";
	n.tmpl = "compensation_issued";
	n.case_id = db_int(cs, 0);
	n.case_no = case_no;
	n.customer_id = db_int(cs, 1);
	n.amount_fen = amount_fen;
	n.reference = reference;
	n.kind = kind;
	return outbox_notice(db, a, &n, now);
}

struct add_tx {
	struct arena *a;
	const struct compensation_new *c;
	bool waiting; /* committed, but held for a manager */
};

static int add_body(struct db *db, void *ctx)
{
	struct add_tx *t = ctx;
	const struct compensation_new *c = t->c;
	const char *kind = compensation_kinds[c->kind];
	struct dbrow *cs;
	long long over;
	bool paid;
	char at[20];
	enum db_err e;
	int rc;

	if ((rc = lock_case(db, t->a, c->case_no, c->version, &cs)) != COMPR_PAID)
		return rc;
	if ((e = compensation_threshold(db, t->a, &over)) != DB_OK)
		return db_fail(e);
	paid = c->amount_fen <= over || (c->roles & ROLE_MANAGER);
	format_db_datetime(c->now, at);
	e = db_run(db, NULL,
	           "INSERT INTO compensations (case_id, kind, amount_fen, reason, reference, "
	           "staff_id, form_version, created_at, approved_by, paid_at) "
	           "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
	           DB_ARGS(DB_INT(db_int(cs, 0)), DB_STR(kind), DB_INT(c->amount_fen),
	                   DB_STR(c->reason), DB_STR(c->reference), DB_INT(c->staff_id),
	                   DB_INT(c->version), DB_STR(at), paid ? DB_INT(c->staff_id) : DB_NULLV,
	                   paid ? DB_STR(at) : DB_NULLV),
	           NULL);
	if (e == DB_DUPLICATE)
		return COMPR_STALE; /* compensations_form: that form paid already */
	if (e != DB_OK ||
	    (e = record(db, t->a, cs, c->case_no, c->staff_id, paid ? "compensate" : "compensate_held",
	                kind, c->amount_fen, c->reference, paid, c->now)) != DB_OK)
		return db_fail(e);
	if (!paid) {
		struct notice held = NOTICE_INIT;
		int queued;

		held.case_id = db_int(cs, 0);
		held.case_no = c->case_no;
		held.amount_fen = c->amount_fen;
		if ((e = outbox_staff(db, t->a, 0, ROLE_MANAGER, c->staff_id, "staff_compensation", &held, NULL,
		                      c->now, &queued)) != DB_OK)
			return db_fail(e);
	}
	t->waiting = !paid;
	return COMPR_PAID; /* 0: commit, held or not */
}

enum comp_result compensation_add(struct db *db, struct arena *a, const struct compensation_new *c,
                                  enum db_err *err)
{
	struct add_tx t = {a, c, false};
	int rc = db_tx(db, add_body, &t);

	*err = rc < 0 ? (enum db_err)-rc : DB_OK;
	if (rc < 0)
		return COMPR_DB;
	return rc == COMPR_PAID && t.waiting ? COMPR_WAITING : (enum comp_result)rc;
}

struct approve_tx {
	struct arena *a;
	const char *case_no;
	long long id, staff_id;
	int version;
	time_t now;
};

static int approve_body(struct db *db, void *ctx)
{
	struct approve_tx *t = ctx;
	struct dbrow *cs, *k;
	char at[20];
	enum db_err e;
	int rc;

	if ((rc = lock_case(db, t->a, t->case_no, t->version, &cs)) != COMPR_PAID)
		return rc;
	if ((e = db_row(db, t->a,
	                "SELECT kind, amount_fen, reference FROM compensations "
	                "WHERE id = ? AND case_id = ? AND paid_at IS NULL FOR UPDATE",
	                DB_ARGS(DB_INT(t->id), DB_INT(db_int(cs, 0))), &k)) != DB_OK)
		return db_fail(e);
	if (!k)
		return COMPR_NOT_WAITING;
	format_db_datetime(t->now, at);
	if ((e = db_run(db, NULL,
	                "UPDATE compensations SET approved_by = ?, paid_at = ? WHERE id = ?",
	                DB_ARGS(DB_INT(t->staff_id), DB_STR(at), DB_INT(t->id)), NULL)) != DB_OK ||
	    (e = record(db, t->a, cs, t->case_no, t->staff_id, "approve_compensation", k->col[0],
	                db_int(k, 1), k->col[2], true, t->now)) != DB_OK)
		return db_fail(e);
	return COMPR_PAID;
}

enum comp_result compensation_approve(struct db *db, struct arena *a, const char *case_no,
                                      long long id, int version, long long staff_id, time_t now,
                                      enum db_err *err)
{
	struct approve_tx t = {a, case_no, id, staff_id, version, now};
	int rc = db_tx(db, approve_body, &t);

	*err = rc < 0 ? (enum db_err)-rc : DB_OK;
	return rc < 0 ? COMPR_DB : (enum comp_result)rc;
}

enum db_err compensations_of_case(struct db *db, struct arena *a, long long case_id,
                                  struct compensation **list, size_t *n)
{
	struct dbres res;
	enum db_err e = db_run(db, a,
	                       "SELECT k.id, k.kind, k.amount_fen, k.reason, k.reference, s.name, "
	                       "k.created_at, k.paid_at FROM compensations k "
	                       "JOIN staff s ON s.id = k.staff_id WHERE k.case_id = ? "
	                       "ORDER BY k.id LIMIT 100",
	                       DB_ARGS(DB_INT(case_id)), &res);

	*n = 0;
	if (e != DB_OK)
		return e;
	*list = amalloc(a, (res.nrows + 1) * sizeof **list);
	for (size_t i = 0; i < res.nrows; i++) {
		const struct dbrow *r = &res.rows[i];

		(*list)[i] = (struct compensation){db_int(r, 0), r->col[1], db_int(r, 2), r->col[3],
		                                   r->col[4], r->col[5], db_time(r, 6), db_time(r, 7)};
	}
	*n = res.nrows;
	return DB_OK;
}

enum db_err export_compensations(struct db *db, time_t from, time_t to, db_row_fn fn, void *ctx)
{
	char f[20], t[20];

	format_db_datetime(from, f);
	format_db_datetime(to, t);
	return db_each(db,
	               "SELECT c.case_no, k.paid_at, k.kind, k.amount_fen, k.reason, k.reference, "
	               "s.name, m.name, c.type, c.reason, c.channel FROM compensations k "
	               "JOIN cases c ON c.id = k.case_id JOIN staff s ON s.id = k.staff_id "
	               "LEFT JOIN staff m ON m.id = k.approved_by "
	               "WHERE k.paid_at >= ? AND k.paid_at < ? ORDER BY k.paid_at, k.id",
	               DB_ARGS(DB_STR(f), DB_STR(t)), fn, ctx);
}
