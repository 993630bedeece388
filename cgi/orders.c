/*
 * orders.c — reads orders and their items with the facts that decide
 * eligibility. "Open" cases are those not in a final state (the final
 * states of cases.c: completed, rejected, cancelled, closed).
 */
#include <string.h>

#include "orders.h"

static const char items_sql[] =
    "SELECT i.id, i.sku, i.name, i.category, i.qty, i.unit_price_fen, i.paid_fen, "
    "COALESCE((SELECT SUM(ci.qty) FROM case_items ci JOIN cases c ON c.id = ci.case_id "
    "  WHERE ci.order_item_id = i.id "
    "  AND c.state NOT IN ('completed', 'rejected', 'cancelled', 'closed')), 0), "
    "COALESCE((SELECT SUM(ci.qty) FROM case_items ci JOIN cases c ON c.id = ci.case_id "
    "  WHERE ci.order_item_id = i.id AND c.state = 'completed' "
    "  AND c.type = 'return_refund'), 0), "
    "COALESCE((SELECT SUM(ri.amount_fen) FROM refund_items ri "
    "  WHERE ri.order_item_id = i.id), 0) "
    "FROM order_items i WHERE i.order_id = ? ORDER BY i.id";

static enum db_err load_items(struct db *db, struct arena *a, struct order *o)
{
	struct dbres res;
	enum db_err e = db_run(db, a, items_sql, DB_ARGS(DB_INT(o->id)), &res);

	if (e != DB_OK)
		return e;
	o->nitems = res.nrows;
	o->items = amalloc(a, (res.nrows + 1) * sizeof *o->items);
	for (size_t i = 0; i < res.nrows; i++) {
		const struct dbrow *row = &res.rows[i];
		struct order_item *it = &o->items[i];

		it->id = db_int(row, 0);
		it->sku = row->col[1];
		it->name = row->col[2];
		it->category = row->col[3];
		it->unit_price_fen = db_int(row, 5);
		it->facts.delivered_at = o->delivered_at;
		it->facts.qty = (int)db_int(row, 4);
		it->facts.paid_fen = db_int(row, 6);
		it->facts.qty_open = (int)db_int(row, 7);
		it->facts.qty_returned = (int)db_int(row, 8);
		it->facts.refunded_fen = db_int(row, 9);
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
	for (size_t i = 0; i < *n; i++) {
		fill_order(&(*orders)[i], &res.rows[i]);
		if ((e = load_items(db, a, &(*orders)[i])) != DB_OK)
			return e;
	}
	return DB_OK;
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
	return load_items(db, a, o);
}
