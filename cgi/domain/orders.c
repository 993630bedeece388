/*
 * orders.c — reads orders and their items with the facts that decide
 * eligibility. "Open" cases are those not in a final state (the final
 * states of the state table: completed, rejected, cancelled, closed).
 */
#include <stdlib.h>
#include <string.h>

#include "accounts.h"
#include "orders.h"
#include "settings.h"

/* An order's columns, then one item's with its facts: units in open cases,
 * units returned and money refunded, kept per item by schema/011's
 * triggers (item_counts; no row: nothing yet). Rows come by order, then
 * item. */
#define ORDER_COLS "o.id, o.order_no, o.placed_at, o.delivered_at, o.payment_method, "
#define ITEM_COLS                                                                      \
	"i.id, i.sku, i.name, i.category, i.qty, i.unit_price_fen, i.paid_fen, "           \
	"COALESCE(f.qty_open, 0), COALESCE(f.qty_returned, 0), COALESCE(f.refunded_fen, 0) "
#define ITEM_JOINS                                                                     \
	"LEFT JOIN order_items i ON i.order_id = o.id "                                    \
	"LEFT JOIN item_counts f ON f.order_item_id = i.id "

/* A page of a customer's orders with all their items, the rules'
 * generation and the customer's session facts: one statement. No outer
 * ORDER BY: sorting the join costs the server a temporary table (a quarter
 * of the statement); by_newest sorts the rows here. */
static const char page_sql[] =
    "SELECT " ORDER_COLS ITEM_COLS ", " RULES_GEN_SQL ", " CUSTOMER_SESSION_SQL " "
    "FROM (SELECT id, order_no, placed_at, delivered_at, payment_method FROM orders "
    "  WHERE customer_id = ? ORDER BY placed_at DESC, id DESC LIMIT ? OFFSET ?) o "
    ITEM_JOINS;

/* One order's items (the order row itself is read, maybe locked, first). */
static const char items_sql[] =
    "SELECT " ORDER_COLS ITEM_COLS "FROM orders o " ITEM_JOINS
    "WHERE o.id = ? ORDER BY i.id";

static void fill_order(struct order *o, const struct dbrow *row)
{
	o->id = db_int(row, 0);
	o->order_no = row->col[1];
	o->placed_at = db_time(row, 2);
	o->delivered_at = db_time(row, 3);
	o->payment_method = row->col[4];
}

static void fill_item(struct order_item *it, const struct dbrow *row, time_t delivered_at)
{
	it->id = db_int(row, 5);
	it->sku = row->col[6];
	it->name = row->col[7];
	it->category = row->col[8];
	it->facts.qty = (int)db_int(row, 9);
	it->unit_price_fen = db_int(row, 10);
	it->facts.paid_fen = db_int(row, 11);
	it->facts.qty_open = (int)db_int(row, 12);
	it->facts.qty_returned = (int)db_int(row, 13);
	it->facts.refunded_fen = db_int(row, 14);
	it->facts.delivered_at = delivered_at;
}

/* Rows of ORDER_COLS ITEM_COLS as the derived table's ORDER BY had them:
 * newest order first (placed_at, then id), its items by id. placed_at is
 * "YYYY-MM-DD hh:mm:ss", so its text sorts as its time; an order without
 * items has one row with a NULL item. */
static int by_newest(const void *x, const void *y)
{
	const struct dbrow *a = x, *b = y;
	int c = strcmp(b->col[2], a->col[2]);
	long long ia, ib;

	if (c)
		return c;
	if ((ia = db_int(a, 0)) != (ib = db_int(b, 0)))
		return ia < ib ? 1 : -1;
	ia = db_int(a, 5);
	ib = db_int(b, 5);
	return (ia > ib) - (ia < ib);
}

/* Orders from rows of ORDER_COLS ITEM_COLS, at most max of them; *more:
 * a row of one more order came. */
static void read_orders(struct arena *a, const struct dbres *res, size_t max,
                        struct order *orders, size_t *n, bool *more)
{
	struct order *o = NULL;

	*n = 0;
	*more = false;
	for (size_t i = 0; i < res->nrows; i++) {
		const struct dbrow *row = &res->rows[i];

		if (!o || o->id != db_int(row, 0)) {
			if (*n == max) {
				*more = true;
				break;
			}
			o = &orders[(*n)++];
			fill_order(o, row);
			o->nitems = 0;
			o->items = amalloc(a, (res->nrows - i + 1) * sizeof *o->items);
		}
		if (!db_null(row, 5))
			fill_item(&o->items[o->nitems++], row, o->delivered_at);
	}
}

enum db_err orders_of_customer(struct db *db, struct arena *a,
                               long long customer_id, int page,
                               struct order **orders, size_t *n, bool *more,
                               long long *rules_gen, const char **session)
{
	struct dbres res;
	enum db_err e;

	*rules_gen = 0;
	*session = NULL;
	if (page < 1)
		page = 1;
	e = db_run(db, a, page_sql,
	           DB_ARGS(DB_INT(customer_id), DB_INT(customer_id), DB_INT(ORDERS_PAGE + 1),
	                   DB_INT((long long)(page - 1) * ORDERS_PAGE)),
	           &res);
	if (e != DB_OK)
		return e;
	if (res.nrows > 0) {
		*rules_gen = db_int(&res.rows[0], 15);
		*session = res.rows[0].col[16];
	}
	qsort(res.rows, res.nrows, sizeof *res.rows, by_newest);
	*orders = amalloc(a, (ORDERS_PAGE + 1) * sizeof **orders);
	read_orders(a, &res, ORDERS_PAGE, *orders, n, more);
	return DB_OK;
}

enum db_err order_of_customer(struct db *db, struct arena *a,
                              long long customer_id, const char *order_no,
                              bool lock, struct order *o)
{
	struct dbrow *row;
	struct dbres res;
	size_t n;
	bool more;
	enum db_err e;

	memset(o, 0, sizeof *o);
	if (lock)
		e = db_row(db, a,
		           "SELECT id, order_no, placed_at, delivered_at, payment_method, ship_address "
		           "FROM orders WHERE order_no = ? AND customer_id = ? FOR UPDATE",
		           DB_ARGS(DB_STR(order_no), DB_INT(customer_id)), &row);
	else
		e = db_row(db, a,
		           "SELECT id, order_no, placed_at, delivered_at, payment_method, ship_address "
		           "FROM orders WHERE order_no = ? AND customer_id = ?",
		           DB_ARGS(DB_STR(order_no), DB_INT(customer_id)), &row);
	if (e != DB_OK || !row)
		return e;
	fill_order(o, row);
	o->ship_address = row->col[5];
	if ((e = db_run(db, a, items_sql, DB_ARGS(DB_INT(o->id)), &res)) != DB_OK)
		return e;
	read_orders(a, &res, 1, o, &n, &more);
	return DB_OK;
}

enum db_err open_cases_of_order(struct db *db, struct arena *a, long long order_id,
                                struct open_item **items, size_t *n)
{
	struct dbres res;
	enum db_err e;

	*items = NULL;
	*n = 0;
	if ((e = db_run(db, a,
	                "SELECT ci.order_item_id, c.case_no FROM cases c "
	                "JOIN case_items ci ON ci.case_id = c.id WHERE c.order_id = ? AND c.state "
	                "NOT IN ('completed', 'rejected', 'cancelled', 'closed') ORDER BY c.id",
	                DB_ARGS(DB_INT(order_id)), &res)) != DB_OK)
		return e;
	*items = amalloc(a, (res.nrows + 1) * sizeof **items);
	for (size_t i = 0; i < res.nrows; i++)
		(*items)[i] = (struct open_item){db_int(&res.rows[i], 0), res.rows[i].col[1]};
	*n = res.nrows;
	return DB_OK;
}
