/*
 * costs.c — the cost of serving a case (costs.h): its rows, the policies
 * they are priced by, and the dashboard's cost figures, read straight
 * from case_costs and compensations for the period (cases_created and
 * orders_placed bound the rows; each case's costs by its own key).
 */
#include <string.h>

#include "cases.h"
#include "costs.h"

const char *const cost_kinds[COST__MAX] = {"postage", "parts", "labour", "other"};
const char *const cost_split_names[CS__MAX] = {"type", "reason", "category", "sku"};

enum db_err cost_policy_load(struct db *db, struct arena *a, struct cost_policy *p)
{
	struct dbres res;
	enum db_err e;

	*p = (struct cost_policy){20000, 8000}; /* schema/030's defaults */
	if ((e = db_run(db, a,
	                "SELECT name, value FROM settings WHERE name IN "
	                "('compensation_approval_fen', 'tech_hour_fen')",
	                DB_NOARGS, &res)) != DB_OK)
		return e;
	for (size_t i = 0; i < res.nrows; i++) {
		if (strcmp(res.rows[i].col[0], "tech_hour_fen") == 0)
			p->tech_hour_fen = db_int(&res.rows[i], 1);
		else
			p->compensation_approval_fen = db_int(&res.rows[i], 1);
	}
	return DB_OK;
}

enum db_err cost_add_in_tx(struct db *db, struct arena *a, long long case_id,
                           const struct cost_entry *c, time_t now)
{
	long long amount = c->amount_fen, minutes = -1;
	char at[20];
	enum db_err e;

	if (c->kind == COST_LABOUR) {
		struct cost_policy p;

		if ((e = cost_policy_load(db, a, &p)) != DB_OK)
			return e;
		/* hundredths of an hour at the rate, to the nearest fen */
		amount = (c->hours100 * p.tech_hour_fen + 50) / 100;
		minutes = (c->hours100 * 60 + 50) / 100;
	}
	format_db_datetime(now, at);
	return db_run(db, NULL,
	              "INSERT INTO case_costs (case_id, kind, amount_fen, minutes, note, staff_id, "
	              "created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
	              DB_ARGS(DB_INT(case_id), DB_STR(cost_kinds[c->kind]), DB_INT(amount),
	                      minutes >= 0 ? DB_INT(minutes) : DB_NULLV, DB_STR(c->note),
	                      c->staff_id ? DB_INT(c->staff_id) : DB_NULLV, DB_STR(at)),
	              NULL);
}

struct cost_tx {
	struct arena *a;
	const char *case_no;
	int version;
	const struct cost_entry *c;
	time_t now;
};

static int cost_body(struct db *db, void *ctx)
{
	struct cost_tx *t = ctx;
	struct dbrow *row;
	char at[20];
	enum db_err e;

	if ((e = db_row(db, t->a, "SELECT id, version FROM cases WHERE case_no = ? FOR UPDATE",
	                DB_ARGS(DB_STR(t->case_no)), &row)) != DB_OK)
		return db_fail(e);
	if (!row)
		return COMPR_NO_CASE;
	if (db_int(row, 1) != t->version)
		return COMPR_STALE;
	format_db_datetime(t->now, at);
	if ((e = cost_add_in_tx(db, t->a, db_int(row, 0), t->c, t->now)) != DB_OK ||
	    (e = db_run(db, NULL, "UPDATE cases SET version = version + 1, updated_at = ? WHERE id = ?",
	                DB_ARGS(DB_STR(at), DB_INT(db_int(row, 0))), NULL)) != DB_OK)
		return db_fail(e);
	return COMPR_PAID;
}

enum comp_result cost_add(struct db *db, struct arena *a, const char *case_no, int version,
                          const struct cost_entry *c, time_t now, enum db_err *err)
{
	struct cost_tx t = {a, case_no, version, c, now};
	int rc = db_tx(db, cost_body, &t);

	*err = rc < 0 ? (enum db_err)-rc : DB_OK;
	return rc < 0 ? COMPR_DB : (enum comp_result)rc;
}

enum db_err costs_of_case(struct db *db, struct arena *a, long long case_id,
                          struct case_cost **list, size_t *n, long long *total_fen)
{
	struct dbres res;
	struct dbrow *row;
	enum db_err e;

	*n = 0;
	*total_fen = 0;
	if ((e = db_run(db, a,
	                "SELECT k.kind, k.amount_fen, k.minutes, k.note, s.name, k.created_at "
	                "FROM case_costs k LEFT JOIN staff s ON s.id = k.staff_id "
	                "WHERE k.case_id = ? ORDER BY k.id LIMIT 100",
	                DB_ARGS(DB_INT(case_id)), &res)) != DB_OK ||
	    (e = db_row(db, a,
	                "SELECT COALESCE((SELECT SUM(amount_fen) FROM case_costs WHERE case_id = ?), 0) "
	                "+ COALESCE((SELECT SUM(amount_fen) FROM compensations "
	                "            WHERE case_id = ? AND paid_at IS NOT NULL), 0)",
	                DB_ARGS(DB_INT(case_id), DB_INT(case_id)), &row)) != DB_OK)
		return e;
	*total_fen = row ? db_int(row, 0) : 0;
	*list = amalloc(a, (res.nrows + 1) * sizeof **list);
	for (size_t i = 0; i < res.nrows; i++) {
		const struct dbrow *r = &res.rows[i];

		(*list)[i] = (struct case_cost){r->col[0], db_int(r, 1),
		                                db_null(r, 2) ? -1 : db_int(r, 2), r->col[3],
		                                r->col[4], db_time(r, 5)};
	}
	*n = res.nrows;
	return DB_OK;
}

/* What case <id> cost so far: its costs and its compensations paid. */
#define CASE_COST(id)                                                                    \
	"(COALESCE((SELECT SUM(x.amount_fen) FROM case_costs x WHERE x.case_id = " id "), 0) + " \
	"COALESCE((SELECT SUM(k.amount_fen) FROM compensations k "                              \
	"WHERE k.case_id = " id " AND k.paid_at IS NOT NULL), 0))"

enum db_err cost_totals(struct db *db, struct arena *a, time_t from, time_t to,
                        struct cost_totals *t)
{
	struct dbres res;
	struct dbrow *row;
	char f[20], u[20];
	enum db_err e;

	memset(t, 0, sizeof *t);
	format_db_datetime(from, f);
	format_db_datetime(to, u);
	if ((e = db_row(db, a,
	                "SELECT COUNT(*), COALESCE(SUM((SELECT SUM(k.amount_fen) FROM compensations k "
	                "WHERE k.case_id = c.id AND k.paid_at IS NOT NULL)), 0) FROM cases c "
	                "WHERE c.created_at >= ? AND c.created_at < ?",
	                DB_ARGS(DB_STR(f), DB_STR(u)), &row)) != DB_OK)
		return e;
	t->cases = row ? db_int(row, 0) : 0;
	t->compensation_fen = row ? db_int(row, 1) : 0;
	t->total_fen = t->compensation_fen;
	if ((e = db_run(db, a,
	                "SELECT x.kind, SUM(x.amount_fen) FROM cases c "
	                "JOIN case_costs x ON x.case_id = c.id "
	                "WHERE c.created_at >= ? AND c.created_at < ? GROUP BY x.kind",
	                DB_ARGS(DB_STR(f), DB_STR(u)), &res)) != DB_OK)
		return e;
	for (size_t i = 0; i < res.nrows; i++)
		for (int k = 0; k < COST__MAX; k++)
			if (strcmp(res.rows[i].col[0], cost_kinds[k]) == 0) {
				t->by_kind[k] = db_int(&res.rows[i], 1);
				t->total_fen += t->by_kind[k];
			}
	if ((e = db_run(db, a,
	                "SELECT kind, COUNT(*), SUM(amount_fen) FROM compensations "
	                "WHERE paid_at >= ? AND paid_at < ? GROUP BY kind",
	                DB_ARGS(DB_STR(f), DB_STR(u)), &res)) != DB_OK)
		return e;
	for (size_t i = 0; i < res.nrows; i++)
		for (int k = 0; k < COMP__MAX; k++)
			if (strcmp(res.rows[i].col[0], compensation_kinds[k]) == 0) {
				t->comp_paid_n += db_int(&res.rows[i], 1);
				t->comp_kind_fen[k] = db_int(&res.rows[i], 2);
				t->comp_paid_fen += t->comp_kind_fen[k];
			}
	if ((e = db_row(db, a,
	                "SELECT COUNT(*), COALESCE(SUM(amount_fen), 0) FROM compensations "
	                "WHERE paid_at IS NULL",
	                DB_NOARGS, &row)) != DB_OK)
		return e;
	t->comp_waiting_n = row ? db_int(row, 0) : 0;
	t->comp_waiting_fen = row ? db_int(row, 1) : 0;
	return DB_OK;
}

/* The cases of a period by a column of theirs. */
#define BY_CASE(col)                                                                     \
	"SELECT " col ", COUNT(*), SUM(" CASE_COST("c.id") "), 0, 0 FROM cases c "             \
	"WHERE c.created_at >= ? AND c.created_at < ? GROUP BY " col " "                       \
	"ORDER BY 3 DESC, 2 DESC, 1 LIMIT " COST_ROWS_SQL
/* The products of orders placed in the period by a column of order_items:
 * units sold, units back, the cases holding them and their cost. */
#define ITEMS_OF_PERIOD                                                                  \
	"FROM orders o JOIN order_items i ON i.order_id = o.id "                               \
	"WHERE o.placed_at >= ? AND o.placed_at < ? "
#define CASES_OF_PERIOD                                                                  \
	"FROM orders o JOIN order_items i ON i.order_id = o.id "                               \
	"JOIN case_items ci ON ci.order_item_id = i.id JOIN cases c ON c.id = ci.case_id "     \
	"WHERE o.placed_at >= ? AND o.placed_at < ? "
#define BY_ITEM(col)                                                                     \
	"SELECT g.k, SUM(g.cases), SUM(g.cost), SUM(g.sold), SUM(g.back) FROM ("               \
	"SELECT " col " AS k, 0 AS cases, 0 AS cost, SUM(i.qty) AS sold, 0 AS back "           \
	ITEMS_OF_PERIOD "GROUP BY " col " "                                                    \
	"UNION ALL SELECT " col ", 0, 0, 0, SUM(ci.qty) " CASES_OF_PERIOD                      \
	"AND c.type = 'return_refund' AND EXISTS (SELECT 1 FROM case_events e "               \
	"WHERE e.case_id = c.id AND e.action = 'receive') GROUP BY " col " "                   \
	"UNION ALL SELECT d.k, COUNT(*), SUM(" CASE_COST("d.id") "), 0, 0 FROM ("              \
	"SELECT DISTINCT " col " AS k, c.id " CASES_OF_PERIOD ") d GROUP BY d.k"              \
	") g GROUP BY g.k ORDER BY 3 DESC, 5 DESC, 4 DESC, 1 LIMIT " COST_ROWS_SQL
#define COST_ROWS_SQL "30"

enum db_err cost_split(struct db *db, struct arena *a, enum cost_split s, time_t from, time_t to,
                       struct cost_row **rows, size_t *n)
{
	static const char *const sql[CS__MAX] = {
		BY_CASE("c.type"), BY_CASE("c.reason"), BY_ITEM("i.category"), BY_ITEM("i.sku"),
	};
	struct dbres res;
	char f[20], u[20];
	enum db_err e;

	format_db_datetime(from, f);
	format_db_datetime(to, u);
	if (s < CS_CATEGORY)
		e = db_run(db, a, sql[s], DB_ARGS(DB_STR(f), DB_STR(u)), &res);
	else
		e = db_run(db, a, sql[s],
		           DB_ARGS(DB_STR(f), DB_STR(u), DB_STR(f), DB_STR(u), DB_STR(f), DB_STR(u)),
		           &res);
	*n = 0;
	if (e != DB_OK)
		return e;
	*rows = amalloc(a, (res.nrows + 1) * sizeof **rows);
	for (size_t i = 0; i < res.nrows; i++) {
		const struct dbrow *r = &res.rows[i];

		(*rows)[i] = (struct cost_row){r->col[0] ? r->col[0] : "", db_int(r, 1), db_int(r, 2),
		                               db_int(r, 3), db_int(r, 4)};
	}
	*n = res.nrows;
	return DB_OK;
}
