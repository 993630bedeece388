/*
 * queue.c — the staff's work queue of open cases: the role views (a table
 * of key, roles and condition, each with its own fixed statements per sort
 * key, so every view reads by an index of schema/006 and 023), the search
 * in one box, and the open cases counted by the state of their nearest
 * time limit for /metrics. docs/features.md "The staff desk" has the query
 * plans.
 */
#include <limits.h>
#include <string.h>

#include "accounts.h"
#include "cases.h"
#include "roles.h"
#include "staff.h"

/* What every list statement returns, in queue_row's order. */
#define Q_COLS                                                                           \
	"SELECT STRAIGHT_JOIN c.case_no, o.order_no, cu.phone, cu.name, c.type, c.state, "    \
	"c.created_at, c.next_due, c.next_due_start, s.name, " STAFF_GEN_SQL ", "             \
	STAFF_SESSION_SQL ", c.awaiting_reply, c.value_fen, c.version, c.updated_at, "          \
	"c.return_tracking, " QUEUE_GEN_SQL " "
#define Q_JOIN                                                                           \
	"JOIN orders o ON o.id = c.order_id JOIN customers cu ON cu.id = c.customer_id "      \
	"LEFT JOIN staff s ON s.id = c.assignee_id "
/* The filters of ROUTES.md (type, assignee, sla at now) on any view. */
#define Q_FILTERS                                                                        \
	"AND (? = '' OR c.type = ?) AND (? = 0 OR c.assignee_id = ?) "                        \
	"AND (? = '' OR (? = 'breached' AND c.next_due < ?) "                                  \
	"  OR (? = 'at_risk' AND c.next_due >= ? AND "                                         \
	"      TIMESTAMPDIFF(SECOND, c.next_due_start, ?) * 5 >= "                             \
	"      TIMESTAMPDIFF(SECOND, c.next_due_start, c.next_due) * 4)) "
#define Q_PAGE " LIMIT ? OFFSET ?"

/* The sort keys: the nearest due time first (the default), the oldest
 * submission first, the largest amount (what the items were paid) first. */
#define O_DUE "c.queue_due, c.created_at, c.id"
#define O_SUBMITTED "c.created_at, c.id"
#define O_AMOUNT "c.value_fen DESC, c.id DESC"

/* A view: its condition, a statement per sort key, and its count. The
 * condition's own parameters are those of its `args`.
 *
 * The counts (one per view on every queue page) are kept between requests
 * by each connection (db_kept, slot DB_MEMO_QUEUE) with the generation of
 * data_versions 'queue', which schema/029's triggers on cases raise in the
 * transaction of every change of a column a condition reads. A kept count
 * is used again while that generation is the same, the clock has not
 * reached the instant its `next` statement gave (when it can change by
 * time alone: a limit turning at risk or overdue) and, for a view of its
 * reader (VA_ME), the reader is the same. VIEW rows are counted on every
 * request: right whatever the condition reads (another table, the time)
 * at the cost of a statement; KEPT rows must read only the columns of
 * cases the triggers watch, and a KEPT row whose condition reads the time
 * must give its `next`: the earliest instant after ? (now, as often as it
 * has ?) at which its count can change without a write (NO_NEXT: never). */
#define VIEW_SQL(cond, order)                                                            \
	Q_COLS "FROM cases c " Q_JOIN "WHERE (" cond ") AND (? = '' OR c.state = ?) "          \
	Q_FILTERS "ORDER BY " order Q_PAGE
/* Each count reads at most QUEUE_COUNT_CAP index entries: the page says
 * "99+" past that, and the cost stays flat however many cases are open. */
#define CAPPED(cond) "(SELECT COUNT(*) FROM (SELECT 1 FROM cases c WHERE " cond " LIMIT " QUEUE_COUNT_CAP_SQL ") x)"
#define COUNT_SQL(cond, next) "SELECT " CAPPED(cond) ", " next
#define NO_NEXT "NULL"
#define VIEW(key, roles, args, cond)                                                     \
	{key, roles, args, {VIEW_SQL(cond, O_DUE), VIEW_SQL(cond, O_SUBMITTED), VIEW_SQL(cond, O_AMOUNT)}, \
	 COUNT_SQL(cond, NO_NEXT), false}
#define KEPT(key, roles, args, cond, next)                                               \
	{key, roles, args, {VIEW_SQL(cond, O_DUE), VIEW_SQL(cond, O_SUBMITTED), VIEW_SQL(cond, O_AMOUNT)}, \
	 COUNT_SQL(cond, next), true}

/* The conditions, shared by the lists and the counts. */
#define C_NEW "c.state = 'submitted'"
#define C_WAITING "c.awaiting_reply = 1 AND c.queue_closed = 0"
#define C_AT_RISK "c.queue_closed = 0 AND c.queue_risk_at <= ? AND c.queue_due >= ?"
#define C_OVERDUE "c.queue_closed = 0 AND c.queue_due < ?"
#define C_RETURNING "c.state IN ('awaiting_return', 'return_in_transit')"
#define C_TO_INSPECT "c.state = 'received' AND c.type <> 'repair'"
#define C_TO_REFUND "c.state = 'refund_pending'"
#define C_APPROVALS "c.state = 'refund_approval'"
#define C_COMPENSATIONS                                                                  \
	"c.id IN (SELECT k.case_id FROM compensations k WHERE k.paid_at IS NULL)"
#define C_TO_SHIP                                                                        \
	"c.state IN ('inspected', 'repaired') AND (c.repair_mode IS NULL OR c.repair_mode = 'mail_in')"
/* not received: to check with the carrier, or checked and to decide */
#define C_CARRIER_CHECKS                                                                 \
	"(c.state = 'carrier_check' OR (c.state = 'submitted' AND c.reason = 'not_received'))"
#define C_MY_REPAIRS "c.assignee_id = ? AND c.type = 'repair' AND c.queue_closed = 0"
#define C_ALL "c.queue_closed = 0"

/* When the time alone changes them: an open case's limit is overdue one
 * second after queue_due (queue_due < now), and at risk from queue_risk_at
 * until it is overdue. Each MIN reads one entry of cases_queue or
 * cases_risk. */
#define N_DUE                                                                            \
	"(SELECT MIN(queue_due) + INTERVAL 1 SECOND FROM cases WHERE queue_closed = 0 AND queue_due >= ?)"
#define N_AT_RISK                                                                        \
	"LEAST(COALESCE((SELECT MIN(queue_risk_at) FROM cases WHERE queue_closed = 0 "         \
	"AND queue_risk_at > ?), TIMESTAMP'9999-12-31 23:59:59'), "                       \
	"COALESCE(" N_DUE ", TIMESTAMP'9999-12-31 23:59:59'))"

enum view_args { VA_NONE, VA_NOW, VA_NOW2, VA_ME };

struct view_def {
	const char *key;
	unsigned roles;          /* whose landing view it is (the first that fits) */
	enum view_args args;
	const char *list_sql[QUEUE_SORTS];
	const char *count_sql;   /* its count, then when it changes by time alone */
	bool kept;               /* the count is kept between requests (above) */
};

static const struct view_def views[] = {
	KEPT("new", ROLE_AGENT, VA_NONE, C_NEW, NO_NEXT),
	KEPT("waiting", ROLE_AGENT, VA_NONE, C_WAITING, NO_NEXT),
	KEPT("at_risk", ROLE_AGENT, VA_NOW2, C_AT_RISK, N_AT_RISK),
	KEPT("overdue", ROLE_AGENT, VA_NOW, C_OVERDUE, N_DUE),
	KEPT("returning", ROLE_WAREHOUSE, VA_NONE, C_RETURNING, NO_NEXT),
	KEPT("to_inspect", ROLE_WAREHOUSE, VA_NONE, C_TO_INSPECT, NO_NEXT),
	KEPT("to_refund", ROLE_FINANCE, VA_NONE, C_TO_REFUND, NO_NEXT),
	KEPT("approvals", ROLE_FINANCE | ROLE_MANAGER, VA_NONE, C_APPROVALS, NO_NEXT),
	/* another table's rows: counted on every page */
	VIEW("compensations", ROLE_FINANCE | ROLE_MANAGER, VA_NONE, C_COMPENSATIONS),
	KEPT("to_ship", ROLE_LOGISTICS, VA_NONE, C_TO_SHIP, NO_NEXT),
	KEPT("carrier_checks", ROLE_LOGISTICS, VA_NONE, C_CARRIER_CHECKS, NO_NEXT),
	KEPT("my_repairs", ROLE_TECH, VA_ME, C_MY_REPAIRS, NO_NEXT),
	/* everything open, or the cases in the state asked for (as before
	 * the views: ?status= reaches closed cases too); "all" stays last */
	{"all", ROLE_MANAGER, VA_NONE,
	 {Q_COLS "FROM cases c " Q_JOIN "WHERE ((? = '' AND c.queue_closed = 0) OR c.state = ?) "
	  Q_FILTERS "ORDER BY c.queue_closed, " O_DUE Q_PAGE,
	  Q_COLS "FROM cases c " Q_JOIN "WHERE ((? = '' AND c.queue_closed = 0) OR c.state = ?) "
	  Q_FILTERS "ORDER BY c.queue_closed, " O_SUBMITTED Q_PAGE,
	  Q_COLS "FROM cases c " Q_JOIN "WHERE ((? = '' AND c.queue_closed = 0) OR c.state = ?) "
	  Q_FILTERS "ORDER BY c.queue_closed, " O_AMOUNT Q_PAGE},
	 COUNT_SQL(C_ALL, NO_NEXT), true},
};
_Static_assert(sizeof views / sizeof views[0] == QUEUE_VIEWS, "QUEUE_VIEWS (cases.h) counts queue.c's views");

/* Search in one box (any view): the matches first, each part by its own
 * index (cases_no, orders_no + the order's cases, customers_phone,
 * customers_last4, customers_name as a prefix, cases_return_tracking), then
 * the filters. A name prefix reads at most 200 customers. */
#define Q_MATCHES                                                                        \
	"FROM (SELECT id FROM cases WHERE case_no = ? "                                        \
	"  UNION SELECT STRAIGHT_JOIN c2.id FROM orders o2 JOIN cases c2 ON c2.order_id = o2.id "             \
	"    WHERE o2.order_no = ? "                                                           \
	"  UNION SELECT STRAIGHT_JOIN c3.id FROM customers u3 JOIN cases c3 ON c3.customer_id = u3.id "       \
	"    WHERE u3.phone = ? "                                                              \
	"  UNION SELECT STRAIGHT_JOIN c4.id FROM customers u4 JOIN cases c4 ON c4.customer_id = u4.id "       \
	"    WHERE u4.phone_last4 = ? "                                                        \
	"  UNION SELECT STRAIGHT_JOIN c5.id FROM (SELECT id FROM customers WHERE ? <> '' AND name LIKE ? "    \
	"    ESCAPE '!' ORDER BY name LIMIT 200) u5 JOIN cases c5 ON c5.customer_id = u5.id "   \
	"  UNION SELECT id FROM cases WHERE ? <> '' AND return_tracking = ?) m "                \
	"JOIN cases c ON c.id = m.id "
#define SEARCH_SQL(order)                                                                \
	Q_COLS Q_MATCHES Q_JOIN "WHERE ((? = '' AND c.queue_closed = 0) OR c.state = ?) "       \
	Q_FILTERS "ORDER BY c.queue_closed, " order Q_PAGE
static const char *const search_sql[QUEUE_SORTS] = {
	SEARCH_SQL(O_DUE), SEARCH_SQL(O_SUBMITTED), SEARCH_SQL(O_AMOUNT),
};

const char *const queue_sort_names[QUEUE_SORTS] = {"due", "submitted", "amount"};

const char *queue_view_name(int i)
{
	return i >= 0 && i < QUEUE_VIEWS ? views[i].key : NULL;
}

int queue_view_from_name(const char *name)
{
	for (int i = 0; i < QUEUE_VIEWS; i++)
		if (strcmp(views[i].key, name) == 0)
			return i;
	return -1;
}

int queue_view_landing(unsigned roles)
{
	if (roles & ROLE_MANAGER)
		return QUEUE_VIEWS - 1;
	for (int i = 0; i < QUEUE_VIEWS; i++)
		if (views[i].roles & roles)
			return i;
	return QUEUE_VIEWS - 1;
}

bool queue_view_of_role(int view, unsigned roles)
{
	return view >= 0 && view < QUEUE_VIEWS && (views[view].roles & roles) != 0;
}

/* A name prefix for LIKE with '!' as the escape: %, _ and ! literal. */
static const char *like_prefix(struct arena *a, const char *s)
{
	size_t n = strlen(s);
	char *out = amalloc(a, 2 * n + 2), *p = out;

	for (; *s; s++) {
		if (*s == '%' || *s == '_' || *s == '!')
			*p++ = '!';
		*p++ = *s;
	}
	*p++ = '%';
	*p = '\0';
	return out;
}

static bool four_digits(const char *s)
{
	for (int i = 0; i < 4; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return s[4] == '\0';
}

enum db_err cases_queue(struct db *db, struct arena *a, struct queue_filter *f,
                        struct queue_row **rows, size_t *n, bool *more,
                        long long *staff_gen, const char **session)
{
	int page = f->page < 1 ? 1 : f->page;
	int view = f->view >= 0 && f->view < QUEUE_VIEWS ? f->view : QUEUE_VIEWS - 1;
	int sort = f->sort >= 0 && f->sort < QUEUE_SORTS ? f->sort : 0;
	struct dbv args[40];
	size_t k = 0;
	char now[20];
	struct dbres res;
	enum db_err e;

	format_db_datetime(f->now, now);
	args[k++] = DB_INT(f->viewer);
	if (*f->q) {
		args[k++] = DB_STR(f->q);
		args[k++] = DB_STR(f->q);
		args[k++] = DB_STR(f->q);
		args[k++] = DB_STR(four_digits(f->q) ? f->q : "");
		args[k++] = DB_STR(f->q);
		args[k++] = DB_STR(like_prefix(a, f->q));
		args[k++] = DB_STR(f->tracking ? f->tracking : "");
		args[k++] = DB_STR(f->tracking ? f->tracking : "");
	} else if (views[view].args == VA_NOW) {
		args[k++] = DB_STR(now);
	} else if (views[view].args == VA_NOW2) {
		args[k++] = DB_STR(now);
		args[k++] = DB_STR(now);
	} else if (views[view].args == VA_ME) {
		args[k++] = DB_INT(f->viewer);
	}
	args[k++] = DB_STR(f->state);
	args[k++] = DB_STR(f->state);
	args[k++] = DB_STR(f->type);
	args[k++] = DB_STR(f->type);
	args[k++] = DB_INT(f->assignee);
	args[k++] = DB_INT(f->assignee);
	args[k++] = DB_STR(f->sla);
	args[k++] = DB_STR(f->sla);
	args[k++] = DB_STR(now);
	args[k++] = DB_STR(f->sla);
	args[k++] = DB_STR(now);
	args[k++] = DB_STR(now);
	args[k++] = DB_INT(QUEUE_PAGE + 1);
	args[k++] = DB_INT((long long)(page - 1) * QUEUE_PAGE);
	if (*f->q)
		e = db_run(db, a, search_sql[sort], args, k, &res);
	else
		e = db_run(db, a, views[view].list_sql[sort], args, k, &res);
	if (e != DB_OK)
		return e;
	*more = res.nrows > QUEUE_PAGE;
	*n = *more ? QUEUE_PAGE : res.nrows;
	*staff_gen = res.nrows > 0 ? db_int(&res.rows[0], 10) : 0;
	*session = res.nrows > 0 ? res.rows[0].col[11] : NULL;
	f->gen = res.nrows > 0 && !db_null(&res.rows[0], 17) ? db_int(&res.rows[0], 17) : 0;
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
		q->awaiting_reply = db_int(row, 12) != 0;
		q->value_fen = db_null(row, 13) ? -1 : db_int(row, 13);
		q->version = (int)db_int(row, 14);
		q->updated_at = db_time(row, 15);
		q->return_tracking = row->col[16];
	}
	return DB_OK;
}

static size_t question_marks(const char *text)
{
	size_t n = 0;

	for (; *text; text++)
		n += *text == '?';
	return n;
}

static enum db_err forget(struct db *db, struct arena *a, void *value)
{
	return DB_OK; /* zeroed: nothing kept yet */
}

struct kept_counts {
	bool have[QUEUE_VIEWS];
	long long count[QUEUE_VIEWS];
	time_t until[QUEUE_VIEWS];  /* used while now < until */
	long long reader[QUEUE_VIEWS];
};

/* The views' counts: those kept by this connection at generation gen when
 * still right (above, "The counts"), the others read now, a statement
 * each, and kept. gen <= 0: read here. */
enum db_err queue_view_counts(struct db *db, struct arena *a, long long viewer, time_t now,
                              long long gen, long long counts[QUEUE_VIEWS])
{
	struct kept_counts *kc;
	struct dbrow *row;
	char at[20];
	enum db_err e;

	format_db_datetime(now, at);
	if (gen <= 0) {
		if ((e = db_row(db, a, "SELECT " QUEUE_GEN_SQL, DB_NOARGS, &row)) != DB_OK)
			return e;
		gen = row && row->col[0] ? db_int(row, 0) : 0;
	}
	if ((e = db_kept(db, DB_MEMO_QUEUE, gen, sizeof *kc, forget, (void **)&kc)) != DB_OK)
		return e;
	for (int i = 0; i < QUEUE_VIEWS; i++) {
		const struct view_def *v = &views[i];
		struct dbv args[8];
		size_t k = 0;

		if (v->kept && kc->have[i] && now < kc->until[i] &&
		    (v->args != VA_ME || kc->reader[i] == viewer)) {
			counts[i] = kc->count[i];
			continue;
		}
		if (v->args == VA_ME)
			args[k++] = DB_INT(viewer);
		for (int t = v->args == VA_NOW ? 1 : v->args == VA_NOW2 ? 2 : 0; t > 0; t--)
			args[k++] = DB_STR(at);
		/* the rest are the `next` statement's: now, as often as it asks */
		while (k < question_marks(views[i].count_sql) && k < sizeof args / sizeof args[0])
			args[k++] = DB_STR(at);
		if ((e = db_row(db, a, views[i].count_sql, args, k, &row)) != DB_OK)
			return e;
		if (!row)
			return DB_ERROR;
		counts[i] = db_int(row, 0);
		if (v->kept && gen > 0) {
			kc->have[i] = true;
			kc->count[i] = counts[i];
			kc->until[i] = db_null(row, 1) ? (time_t)LLONG_MAX : db_time(row, 1);
			kc->reader[i] = viewer;
		}
	}
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
