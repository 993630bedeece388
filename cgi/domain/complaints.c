/*
 * complaints.c — complaints to the end (complaints table, schema/007 and
 * 026): filing, the steps of the table below, the daily closing of
 * resolutions nobody answered, and the lists.
 */
#include <string.h>

#include "complaints.h"
#include "outbox.h"
#include "roles.h"
#include "sla.h"

const char *const complaint_kinds[2] = {"complaint", "praise"};
const char *const complaint_states[CS__MAX] = {"received", "handling", "resolved", "closed"};
const char *const complaint_categories[] = {"attitude", "delay", "quality", "logistics", "other",
                                            NULL};

#define S(state) (1u << (state))

/* The steps: from which states, to which, by whom. Reopening also needs
 * that it never happened before. */
static const struct complaint_move {
	unsigned from;
	enum complaint_state to;
	bool by_customer;
	bool needs_text;
} moves[CA__MAX] = {
	[CA_REPLY] = {S(CS_RECEIVED), CS_HANDLING, false, true},
	[CA_RESOLVE] = {S(CS_RECEIVED) | S(CS_HANDLING), CS_RESOLVED, false, true},
	[CA_CONFIRM] = {S(CS_RESOLVED), CS_CLOSED, true, false},
	[CA_REOPEN] = {S(CS_RESOLVED) | S(CS_CLOSED), CS_HANDLING, true, true},
};

struct create_tx {
	struct arena *a;
	long long id, customer_id;
	enum complaint_kind kind;
	const char *category, *case_no, *subject, *body;
	time_t now;
};

/* The complaint row (or praise), its limit, and the shop's event. */
static int create_body(struct db *db, void *ctx)
{
	struct create_tx *t = ctx;
	struct notice n = NOTICE_INIT;
	struct calendar cal;
	struct sla_limits limits;
	struct dbrow *row;
	struct dbres res;
	struct dbv case_id = DB_NULLV, praised = DB_NULLV;
	char at[20], due[20];
	enum db_err e;

	if (t->case_no && *t->case_no) {
		if ((e = db_row(db, t->a,
		                "SELECT c.id, COALESCE(c.assignee_id, (SELECT e.actor_id FROM case_events e "
		                "WHERE e.case_id = c.id AND e.actor_kind = 's' ORDER BY e.id LIMIT 1)) "
		                "FROM cases c WHERE c.case_no = ? AND c.customer_id = ?",
		                DB_ARGS(DB_STR(t->case_no), DB_INT(t->customer_id)), &row)) != DB_OK)
			return db_fail(e);
		if (!row)
			return COMPLAINT_NO_CASE;
		case_id = DB_INT(db_int(row, 0));
		if (!db_null(row, 1))
			praised = DB_INT(db_int(row, 1));
		n.case_id = case_id.i;
		n.case_no = t->case_no;
	}
	if ((e = calendar_load(db, t->a, &cal)) != DB_OK ||
	    (e = sla_limits_current(db, t->a, &limits)) != DB_OK)
		return db_fail(e);
	format_db_datetime(t->now, at);
	format_db_datetime(cal_add_working_days(&cal, t->now, limits.complaint_days), due);
	/* praise is settled as it is filed */
	if ((e = db_run(db, t->a,
	                "INSERT INTO complaints (customer_id, case_id, kind, category, status, staff_id, "
	                "subject, body, created_at, due_at, closed_at) "
	                "VALUES (?, ?, ?, ?, IF(? = 'praise', 'closed', 'received'), ?, ?, ?, ?, ?, "
	                "IF(? = 'praise', ?, NULL))",
	                DB_ARGS(DB_INT(t->customer_id), case_id, DB_STR(complaint_kinds[t->kind]),
	                        DB_STR(t->category), DB_STR(complaint_kinds[t->kind]),
	                        t->kind == CK_PRAISE ? praised : DB_NULLV, DB_STR(t->subject),
	                        DB_STR(t->body), DB_STR(at), DB_STR(due),
	                        DB_STR(complaint_kinds[t->kind]), DB_STR(at)),
	                &res)) != DB_OK)
		return db_fail(e);
	t->id = (long long)res.insert_id;
	if (t->kind == CK_PRAISE)
		return COMPLAINT_OK;
	n.type = "complaint.created";
	n.customer_id = t->customer_id;
	n.reason = t->subject;
	return (e = outbox_notice(db, t->a, &n, t->now)) != DB_OK ? db_fail(e) : COMPLAINT_OK;
}

/* A complaint's result from a transaction's: DB errors into *err. */
static enum complaint_result tx_result(int rc, enum db_err *err)
{
	*err = rc < 0 ? (enum db_err)-rc : DB_OK;
	return rc < 0 ? COMPLAINT_DB : (enum complaint_result)rc;
}

enum complaint_result complaint_create(struct db *db, struct arena *a, long long customer_id,
                                       enum complaint_kind kind, const char *category,
                                       const char *case_no, const char *subject,
                                       const char *body, time_t now, long long *id,
                                       enum db_err *err)
{
	struct create_tx t = {a, 0, customer_id, kind, category, case_no, subject, body, now};
	enum complaint_result r = tx_result(db_tx(db, create_body, &t), err);

	*id = t.id;
	return r;
}

struct step_tx {
	struct arena *a;
	const struct complaint_step *s;
};

static enum complaint_state state_of(const char *s)
{
	for (int i = 0; i < CS__MAX; i++)
		if (s && strcmp(s, complaint_states[i]) == 0)
			return (enum complaint_state)i;
	return CS__MAX;
}

/* The row's change for the step; due: the next limit (db datetime). */
static enum db_err write_step(struct db *db, const struct complaint_step *s, const char *at,
                              const char *due)
{
	struct dbv comp = s->compensation_fen >= 0 ? DB_INT(s->compensation_fen) : DB_NULLV;

	switch (s->action) {
	case CA_REPLY:
		return db_run(db, NULL,
		              "UPDATE complaints SET status = 'handling', reply = ?, replied_by = ?, "
		              "replied_at = ?, due_at = ? WHERE id = ?",
		              DB_ARGS(DB_STR(s->text), DB_INT(s->staff_id), DB_STR(at), DB_STR(due),
		                      DB_INT(s->id)),
		              NULL);
	case CA_RESOLVE: /* a resolution before any reply is the first response too */
		return db_run(db, NULL,
		              "UPDATE complaints SET status = 'resolved', resolution = ?, "
		              "compensation_fen = ?, resolved_by = ?, resolved_at = ?, "
		              "replied_at = COALESCE(replied_at, ?), due_at = ? WHERE id = ?",
		              DB_ARGS(DB_STR(s->text), comp, DB_INT(s->staff_id), DB_STR(at),
		                      DB_STR(at), DB_STR(due), DB_INT(s->id)),
		              NULL);
	case CA_CONFIRM:
		return db_run(db, NULL,
		              "UPDATE complaints SET status = 'closed', closed_at = ?, "
		              "closed_by = 'customer' WHERE id = ?",
		              DB_ARGS(DB_STR(at), DB_INT(s->id)), NULL);
	case CA_REOPEN:
		return db_run(db, NULL,
		              "UPDATE complaints SET status = 'handling', reopened_at = ?, "
		              "reopen_reason = ?, closed_at = NULL, closed_by = NULL, due_at = ? "
		              "WHERE id = ?",
		              DB_ARGS(DB_STR(at), DB_STR(s->text), DB_STR(due), DB_INT(s->id)), NULL);
	default:
		return DB_ERROR;
	}
}

/* Who is told: the customer of a reply or resolution (and the shop of a
 * resolution), the member who resolved a reopened one (or the agents). */
static enum db_err tell(struct db *db, struct arena *a, const struct complaint_step *s,
                        const struct dbrow *row)
{
	struct notice n = NOTICE_INIT;
	int queued;

	n.customer_id = db_int(row, 0);
	n.reason = row->col[1];
	n.case_id = db_null(row, 5) ? 0 : db_int(row, 5);
	n.case_no = row->col[6];
	n.text = s->text;
	switch (s->action) {
	case CA_REPLY:
		n.tmpl = "complaint_answered";
		return outbox_notice(db, a, &n, s->now);
	case CA_RESOLVE:
		n.type = "complaint.resolved";
		n.tmpl = "complaint_resolved";
		n.amount_fen = s->compensation_fen;
		return outbox_notice(db, a, &n, s->now);
	case CA_REOPEN:
		n.customer_id = 0;
		return outbox_staff(db, a, db_null(row, 7) ? 0 : db_int(row, 7), ROLE_AGENT, 0,
		                    "staff_complaint_reopened", &n, NULL, s->now, &queued);
	default:
		return DB_OK;
	}
}

static int step_body(struct db *db, void *ctx)
{
	struct step_tx *t = ctx;
	const struct complaint_step *s = t->s;
	const struct complaint_move *m = &moves[s->action];
	struct calendar cal;
	struct sla_limits limits;
	struct dbrow *row;
	char at[20], due[20] = "";
	enum complaint_state from;
	enum db_err e;

	if ((e = db_row(db, t->a,
	                "SELECT k.customer_id, k.subject, k.status, k.kind, k.reopened_at, c.id, "
	                "c.case_no, k.resolved_by FROM complaints k "
	                "LEFT JOIN cases c ON c.id = k.case_id WHERE k.id = ? FOR UPDATE",
	                DB_ARGS(DB_INT(s->id)), &row)) != DB_OK)
		return db_fail(e);
	if (!row || (m->by_customer && db_int(row, 0) != s->customer_id))
		return COMPLAINT_NOT_FOUND;
	if (m->needs_text && !s->text)
		return COMPLAINT_NO_TEXT;
	from = state_of(row->col[2]);
	if (strcmp(row->col[3], "complaint") != 0 || from == CS__MAX || !(m->from & S(from)))
		return COMPLAINT_STATE;
	if (s->action == CA_REOPEN && !db_null(row, 4))
		return COMPLAINT_REOPENED;
	format_db_datetime(s->now, at);
	if (m->to != CS_CLOSED) {
		if ((e = calendar_load(db, t->a, &cal)) != DB_OK ||
		    (e = sla_limits_current(db, t->a, &limits)) != DB_OK)
			return db_fail(e);
		format_db_datetime(m->to == CS_RESOLVED ? s->now + COMPLAINT_CLOSE_DAYS * 86400
		                   : cal_add_working_days(&cal, s->now,
		                                          s->action == CA_REPLY ? COMPLAINT_RESOLVE_DAYS
		                                                                : limits.complaint_days),
		                   due);
	}
	if ((e = write_step(db, s, at, due)) != DB_OK || (e = tell(db, t->a, s, row)) != DB_OK)
		return db_fail(e);
	return COMPLAINT_OK;
}

enum complaint_result complaint_step(struct db *db, struct arena *a,
                                     const struct complaint_step *s, enum db_err *err)
{
	struct step_tx t = {a, s};

	if (s->action < 0 || s->action >= CA__MAX) {
		*err = DB_OK;
		return COMPLAINT_STATE;
	}
	return tx_result(db_tx(db, step_body, &t), err);
}

enum db_err complaints_expire(struct db *db, time_t now, int limit, int *closed)
{
	char at[20];
	struct dbres res;
	enum db_err e;

	format_db_datetime(now, at);
	e = db_run(db, NULL,
	           "UPDATE complaints SET status = 'closed', closed_at = ?, closed_by = 'timeout' "
	           "WHERE kind = 'complaint' AND status = 'resolved' AND due_at <= ? LIMIT ?",
	           DB_ARGS(DB_STR(at), DB_STR(at), DB_INT(limit)), &res);
	*closed = e == DB_OK ? (int)res.affected : 0;
	return e;
}

static void read_list(struct arena *a, const struct dbres *res, struct complaint **list,
                      size_t *n, bool *more)
{
	*more = res->nrows > COMPLAINTS_PAGE;
	*n = *more ? COMPLAINTS_PAGE : res->nrows;
	*list = amalloc(a, (*n + 1) * sizeof **list);
	for (size_t i = 0; i < *n; i++) {
		const struct dbrow *row = &res->rows[i];
		struct complaint *c = &(*list)[i];

		c->id = db_int(row, 0);
		c->customer_name = row->col[1];
		c->phone = row->col[2];
		c->case_no = row->col[3];
		c->subject = row->col[4];
		c->body = row->col[5];
		c->created_at = db_time(row, 6);
		c->due_at = db_time(row, 7);
		c->replied_at = db_null(row, 8) ? 0 : db_time(row, 8);
		c->reply = row->col[9];
		c->replied_by = row->col[10];
		c->kind = row->col[11];
		c->category = row->col[12];
		c->status = row->col[13];
		c->resolution = row->col[14];
		c->compensation_fen = db_null(row, 15) ? -1 : db_int(row, 15);
		c->resolved_at = db_null(row, 16) ? 0 : db_time(row, 16);
		c->resolved_by = row->col[17];
		c->closed_at = db_null(row, 18) ? 0 : db_time(row, 18);
		c->closed_by = row->col[19];
		c->reopened_at = db_null(row, 20) ? 0 : db_time(row, 20);
		c->reopen_reason = row->col[21];
		c->praised = row->col[22];
	}
}

#define LIST_COLUMNS                                                                   \
	"SELECT k.id, u.name, u.phone, c.case_no, k.subject, k.body, k.created_at, "        \
	"k.due_at, k.replied_at, k.reply, s.name, k.kind, k.category, k.status, "           \
	"k.resolution, k.compensation_fen, k.resolved_at, r.name, k.closed_at, k.closed_by, " \
	"k.reopened_at, k.reopen_reason, p.name FROM complaints k "                         \
	"JOIN customers u ON u.id = k.customer_id "                                         \
	"LEFT JOIN cases c ON c.id = k.case_id LEFT JOIN staff s ON s.id = k.replied_by "  \
	"LEFT JOIN staff r ON r.id = k.resolved_by LEFT JOIN staff p ON p.id = k.staff_id "

/* One statement per filter: each reads its own index. */
static const char *const list_sql[] = {
	[CF_MINE] = LIST_COLUMNS "WHERE k.customer_id = ? AND ? <> '' "
	                         "ORDER BY k.created_at DESC, k.id DESC LIMIT ? OFFSET ?",
	[CF_OPEN] = LIST_COLUMNS "WHERE k.kind = 'complaint' AND k.status IN ('received', 'handling') "
	                         "AND ? = 0 AND ? <> '' ORDER BY k.due_at, k.id LIMIT ? OFFSET ?",
	[CF_OVERDUE] = LIST_COLUMNS "WHERE k.kind = 'complaint' AND k.status IN ('received', "
	                            "'handling') AND ? = 0 AND k.due_at < ? "
	                            "ORDER BY k.due_at, k.id LIMIT ? OFFSET ?",
	[CF_ALL] = LIST_COLUMNS "WHERE ? = 0 AND ? <> '' "
	                        "ORDER BY k.created_at DESC, k.id DESC LIMIT ? OFFSET ?",
};

enum db_err complaints_list(struct db *db, struct arena *a, enum complaint_filter f,
                            long long customer_id, time_t now, int page,
                            struct complaint **list, size_t *n, bool *more)
{
	struct dbres res;
	char at[20];
	enum db_err e;

	if (page < 1)
		page = 1;
	format_db_datetime(now, at);
	e = db_run(db, a, list_sql[f],
	           DB_ARGS(DB_INT(customer_id), DB_STR(at), DB_INT(COMPLAINTS_PAGE + 1),
	                   DB_INT((long long)(page - 1) * COMPLAINTS_PAGE)),
	           &res);
	if (e == DB_OK)
		read_list(a, &res, list, n, more);
	return e;
}

enum db_err complaints_overdue(struct db *db, struct arena *a, time_t now, long long *n)
{
	struct dbrow *row;
	char at[20];
	enum db_err e;

	format_db_datetime(now, at);
	if ((e = db_row(db, a,
	                "SELECT COUNT(*) FROM complaints WHERE kind = 'complaint' "
	                "AND status IN ('received', 'handling') AND due_at < ?",
	                DB_ARGS(DB_STR(at)), &row)) == DB_OK)
		*n = row ? db_int(row, 0) : 0;
	return e;
}
