/*
 * exports.c — the SQL of the exports and the survey list. Money refunded
 * is money that left: a refund the payment system could not pay
 * (failed_at) is in neither export; its case's timeline and the events
 * feed keep it.
 */
#include "exports.h"

/* A query of rows in [from, to): its two ? are the period. */
static enum db_err each_in(struct db *db, const char *sql, time_t from, time_t to,
                           db_row_fn fn, void *ctx)
{
	char f[20], t[20];

	format_db_datetime(from, f);
	format_db_datetime(to, t);
	/* check-sql: trusted: sql is a literal of each_in's callers, which are checked */
	return db_each(db, sql, DB_ARGS(DB_STR(f), DB_STR(t)), fn, ctx);
}

/* The items of case c as "SKU name ×qty; …", in the order of the order's items. */
#define CASE_ITEMS                                                                            \
	"(SELECT GROUP_CONCAT(CONCAT(oi.sku, ' ', oi.name, ' ×', ci.qty) ORDER BY ci.order_item_id "       \
	"SEPARATOR '; ') FROM case_items ci JOIN order_items oi ON oi.id = ci.order_item_id "   \
	"WHERE ci.case_id = c.id)"

/* A case's row (exports.h) from cases c (its items as CASE_ITEMS). */
#define CASE_ROW                                                                              \
	"SELECT c.case_no, c.created_at, o.order_no, u.name, c.type, c.reason, "                \
	"c.channel, c.state, c.revision, c.amount_fen, "                                        \
	"COALESCE((SELECT SUM(r.amount_fen) FROM refunds r WHERE r.case_id = c.id "             \
	"          AND r.failed_at IS NULL), 0), "                                              \
	"s.name, c.updated_at, "                                                                \
	"(SELECT GROUP_CONCAT(CONCAT(oi.sku, ' ', oi.name, ' ×', ci.qty) ORDER BY ci.order_item_id "       \
	"SEPARATOR '; ') FROM case_items ci JOIN order_items oi ON oi.id = ci.order_item_id "   \
	"WHERE ci.case_id = c.id), "                                                            \
	"(SELECT SUM(ROUND(oi.paid_fen * ci.qty / oi.qty)) FROM case_items ci "                 \
	"JOIN order_items oi ON oi.id = ci.order_item_id WHERE ci.case_id = c.id) "             \
	"FROM cases c JOIN orders o ON o.id = c.order_id "                                      \
	"JOIN customers u ON u.id = c.customer_id LEFT JOIN staff s ON s.id = c.assignee_id "

enum db_err export_cases(struct db *db, time_t from, time_t to, db_row_fn fn, void *ctx)
{
	return each_in(db,
	               CASE_ROW "WHERE c.created_at >= ? AND c.created_at < ? ORDER BY c.created_at, c.id",
	               from, to, fn, ctx);
}

enum db_err export_cases_listed(struct db *db, const char *case_nos_json, db_row_fn fn,
                                void *ctx)
{
	return db_each(db,
	               CASE_ROW "JOIN JSON_TABLE(?, '$[*]' COLUMNS (pos FOR ORDINALITY, "
	               "no VARCHAR(20) PATH '$')) j ON j.no = c.case_no ORDER BY j.pos",
	               DB_ARGS(DB_STR(case_nos_json)), fn, ctx);
}

enum db_err export_refunds(struct db *db, time_t from, time_t to, db_row_fn fn, void *ctx)
{
	return each_in(db,
	               "SELECT c.case_no, r.created_at, r.amount_fen, r.reference, s.name, c.type, "
	               "c.reason, c.channel, " CASE_ITEMS " FROM refunds r JOIN cases c ON c.id = r.case_id "
	               "LEFT JOIN staff s ON s.id = r.staff_id "
	               "WHERE r.created_at >= ? AND r.created_at < ? AND r.failed_at IS NULL "
	               "ORDER BY r.created_at, r.id",
	               from, to, fn, ctx);
}

enum db_err export_surveys(struct db *db, time_t from, time_t to, db_row_fn fn, void *ctx)
{
	return each_in(db,
	               "SELECT c.case_no, s.answered_at, s.attitude, s.speed, s.resolution, s.overall, "
	               "s.recommend, s.comment, c.type, c.channel, s.method FROM surveys s "
	               "JOIN cases c ON c.id = s.case_id "
	               "WHERE s.answered_at >= ? AND s.answered_at < ? ORDER BY s.answered_at, s.case_id",
	               from, to, fn, ctx);
}

enum db_err surveys_list(struct db *db, struct arena *a, const struct survey_filter *f,
                         struct dbres *rows, bool *more)
{
	int page = f->page < 1 ? 1 : f->page;
	char from[20], to[20];
	enum db_err e;

	format_db_datetime(f->from, from);
	format_db_datetime(f->to, to);
	e = db_run(db, a,
	           "SELECT c.case_no, s.answered_at, s.attitude, s.speed, s.resolution, s.overall, "
	           "s.recommend, s.comment, c.type, c.channel FROM surveys s "
	           "JOIN cases c ON c.id = s.case_id "
	           "WHERE s.answered_at >= ? AND s.answered_at < ? AND (? = 0 OR s.overall = ?) "
	           "AND (? = 0 OR s.comment IS NOT NULL) "
	           "ORDER BY s.answered_at DESC, s.case_id DESC LIMIT ? OFFSET ?",
	           DB_ARGS(DB_STR(from), DB_STR(to), DB_INT(f->overall), DB_INT(f->overall),
	                   DB_INT(f->commented), DB_INT(SURVEYS_PAGE + 1),
	                   DB_INT((long long)(page - 1) * SURVEYS_PAGE)),
	           rows);
	if (e != DB_OK)
		return e;
	*more = rows->nrows > SURVEYS_PAGE;
	if (*more)
		rows->nrows = SURVEYS_PAGE;
	return DB_OK;
}
