/*
 * orders.c — reads orders and their items with the facts that decide
 * eligibility. "Open" cases are those not in a final state (the final
 * states of cases.c: completed, rejected, cancelled, closed).
 */
#include <string.h>

#include "orders.h"

/* The items of up to ORDERS_PAGE orders in one statement (unused slots
 * bound to 0, which is no order's id, so there is one statement text):
 * units in open cases and units returned by one join over the item's
 * cases, money refunded by one look-up per item. */
static const char items_sql[] =
    "SELECT i.order_id, i.id, i.sku, i.name, i.category, i.qty, i.unit_price_fen, "
    "i.paid_fen, "
    "COALESCE(SUM(CASE WHEN c.state NOT IN ('completed', 'rejected', 'cancelled', 'closed') "
    "  THEN ci.qty END), 0), "
    "COALESCE(SUM(CASE WHEN c.state = 'completed' AND c.type = 'return_refund' "
    "  THEN ci.qty END), 0), "
    "(SELECT COALESCE(SUM(ri.amount_fen), 0) FROM refund_items ri "
    "  WHERE ri.order_item_id = i.id) "
    "FROM order_items i "
    "LEFT JOIN case_items ci ON ci.order_item_id = i.id "
    "LEFT JOIN cases c ON c.id = ci.case_id "
    "WHERE i.order_id IN (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
    "GROUP BY i.id ORDER BY i.order_id, i.id";

/* Fills the items of orders[0..n-1] (n <= ORDERS_PAGE). */
static enum db_err load_items(struct db *db, struct arena *a, struct order *orders,
                              size_t n)
{
	struct dbv ids[ORDERS_PAGE];
	struct dbres res;
	enum db_err e;
	size_t i, k;

	_Static_assert(ORDERS_PAGE == 10, "items_sql has ORDERS_PAGE placeholders");
	if (n == 0)
		return DB_OK;
	for (k = 0; k < ORDERS_PAGE; k++)
		ids[k] = DB_INT(k < n ? orders[k].id : 0);
	if ((e = db_run(db, a, items_sql, ids, ORDERS_PAGE, &res)) != DB_OK)
		return e;
	for (k = 0; k < n; k++) {
		orders[k].items = amalloc(a, (res.nrows + 1) * sizeof *orders[k].items);
		orders[k].nitems = 0;
	}
	for (i = 0; i < res.nrows; i++) {
		const struct dbrow *row = &res.rows[i];
		long long order_id = db_int(row, 0);
		struct order *o = NULL;
		struct order_item *it;

		for (k = 0; k < n && !o; k++)
			if (orders[k].id == order_id)
				o = &orders[k];
		if (!o)
			continue;
		it = &o->items[o->nitems++];
		it->id = db_int(row, 1);
		it->sku = row->col[2];
		it->name = row->col[3];
		it->category = row->col[4];
		it->unit_price_fen = db_int(row, 6);
		it->facts.delivered_at = o->delivered_at;
		it->facts.qty = (int)db_int(row, 5);
		it->facts.paid_fen = db_int(row, 7);
		it->facts.qty_open = (int)db_int(row, 8);
		it->facts.qty_returned = (int)db_int(row, 9);
		it->facts.refunded_fen = db_int(row, 10);
	}
	return DB_OK;
}

static void fill_order(struct order *o, const struct dbrow *row)
{
	o->id = db_int(row, 0);
	o->order_no = row->col[1];
	o->placed_at = db_time(row, 2);
	o->delivered_at = db_time(row, 3);
	o->payment_method = row->col[4];
}

enum db_err orders_of_customer(struct db *db, struct arena *a,
                               long long customer_id, int page,
                               struct order **orders, size_t *n, bool *more)
{
	struct dbres res;
	enum db_err e;

	if (page < 1)
		page = 1;
	e = db_run(db, a,
	           "SELECT id, order_no, placed_at, delivered_at, payment_method "
	           "FROM orders WHERE customer_id = ? "
	           "ORDER BY placed_at DESC, id DESC LIMIT ? OFFSET ?",
	           DB_ARGS(DB_INT(customer_id), DB_INT(ORDERS_PAGE + 1),
	                   DB_INT((long long)(page - 1) * ORDERS_PAGE)),
	           &res);
	if (e != DB_OK)
		return e;
	*more = res.nrows > ORDERS_PAGE;
	*n = *more ? ORDERS_PAGE : res.nrows;
	*orders = amalloc(a, (*n + 1) * sizeof **orders);
	for (size_t i = 0; i < *n; i++)
		fill_order(&(*orders)[i], &res.rows[i]);
	return load_items(db, a, *orders, *n);
}

enum db_err order_of_customer(struct db *db, struct arena *a,
                              long long customer_id, const char *order_no,
                              bool lock, struct order *o)
{
	struct dbrow *row;
	enum db_err e;

	memset(o, 0, sizeof *o);
	if (lock)
		e = db_row(db, a,
		           "SELECT id, order_no, placed_at, delivered_at, payment_method "
		           "FROM orders WHERE order_no = ? AND customer_id = ? FOR UPDATE",
		           DB_ARGS(DB_STR(order_no), DB_INT(customer_id)), &row);
	else
		e = db_row(db, a,
		           "SELECT id, order_no, placed_at, delivered_at, payment_method "
		           "FROM orders WHERE order_no = ? AND customer_id = ?",
		           DB_ARGS(DB_STR(order_no), DB_INT(customer_id)), &row);
	if (e != DB_OK || !row)
		return e;
	fill_order(o, row);
	return load_items(db, a, o, 1);
}
