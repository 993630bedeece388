/*
 * import.c — orders from the shop (ROUTES.md): read and check the whole JSON
 * document first, then upsert customers, orders and items in one
 * transaction, so that a document with any problem changes nothing.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "import.h"

#define DOC_MAX (8u << 20)      /* bytes of JSON */
#define ORDERS_MAX 10000        /* orders per document */
#define ITEMS_MAX 200           /* items per order */
#define QTY_MAX 9999
#define PRICE_MAX 10000000000LL /* fen: 100 million yuan */
/* What a DATETIME column holds and a shop can mean: 1970 to 9999. */
#define TIME_MIN 0LL
#define TIME_MAX 253402300799LL /* 9999-12-31 23:59:59 UTC */

#define ALNUM "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"

struct item_in {
	const char *sku, *name, *category;
	long long qty, unit_price_fen;
};

struct order_in {
	const char *order_no, *payment_method;
	char placed_at[20], delivered_at[20]; /* UTC DATETIME; "" = NULL */
	const char *phone, *email, *name, *city, *address; /* NULL: not given */
	struct item_in *items;
	size_t nitems;
};

struct doc {
	struct arena *a;
	struct order_in *orders;
	size_t norders;
	const struct order_in **by_phone; /* the write order, see lock_order */
	char **categories; /* codes of the categories table, read in the tx */
	size_t ncategories;
	struct import_report *rep;
	char now[20];
};

static bool invalid(struct import_report *rep, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static bool invalid(struct import_report *rep, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(rep->error, sizeof rep->error, fmt, ap);
	va_end(ap);
	return false;
}

static bool charset_ok(const char *s, const char *set, size_t min, size_t max)
{
	size_t n = strlen(s);

	return n >= min && n <= max && strspn(s, set) == n;
}

/* ---- reading: pure checks, no database ---- */

/* A string field, 1..max characters without control characters. NULL in
 * *out when absent, null, or (optional fields only) "". */
static bool get_text(json_t *obj, const char *key, bool required, size_t max,
                     const char **out, struct import_report *rep, const char *path)
{
	json_t *v = json_object_get(obj, key);
	const char *s;
	size_t n;

	*out = NULL;
	if (!v || json_is_null(v)) {
		if (required)
			return invalid(rep, "%s.%s: required", path, key);
		return true;
	}
	if (!json_is_string(v))
		return invalid(rep, "%s.%s: must be a string", path, key);
	s = json_string_value(v);
	n = strlen(s);
	if (n == 0 && !required)
		return true;
	/* jansson checked the UTF-8; an embedded NUL makes the lengths differ. */
	if (n == 0 || n != json_string_length(v) || utf8_len(s, n) > max)
		return invalid(rep, "%s.%s: must be 1..%zu characters", path, key, max);
	for (const char *p = s; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			return invalid(rep, "%s.%s: must not hold control characters", path, key);
	*out = s;
	return true;
}

/* An ISO 8601 time with an offset, into a UTC DATETIME string ("" when
 * absent and optional). */
static bool get_time(json_t *obj, const char *key, bool required, char out[20],
                     time_t *t, struct import_report *rep, const char *path)
{
	const char *s;

	out[0] = '\0';
	if (!get_text(obj, key, required, 40, &s, rep, path))
		return false;
	if (!s)
		return true;
	if (parse_iso8601(s, t) != 0 || (long long)*t < TIME_MIN || (long long)*t > TIME_MAX)
		return invalid(rep, "%s.%s: must be an ISO 8601 time with offset, "
		               "like 2026-11-20T10:02:00+08:00", path, key);
	format_db_datetime(*t, out);
	return true;
}

static bool get_int(json_t *obj, const char *key, long long min, long long max,
                    long long *out, struct import_report *rep, const char *path)
{
	json_t *v = json_object_get(obj, key);

	if (!json_is_integer(v) || json_integer_value(v) < min ||
	    json_integer_value(v) > max)
		return invalid(rep, "%s.%s: must be an integer %lld..%lld", path, key, min, max);
	*out = json_integer_value(v);
	return true;
}

/* Plausible, not RFC 5322: one '@' with something on both sides, no blanks. */
static bool email_ok(const char *s)
{
	const char *at = strchr(s, '@');

	return at && at != s && at[1] && !strchr(at + 1, '@') && !strpbrk(s, " ");
}

static bool read_item(struct doc *d, json_t *j, struct item_in *it, const char *path)
{
	if (!json_is_object(j))
		return invalid(d->rep, "%s: must be an object", path);
	if (!get_text(j, "sku", true, 64, &it->sku, d->rep, path) ||
	    !get_text(j, "name", true, 200, &it->name, d->rep, path) ||
	    !get_text(j, "category", true, 32, &it->category, d->rep, path) ||
	    !get_int(j, "qty", 1, QTY_MAX, &it->qty, d->rep, path) ||
	    !get_int(j, "unit_price_fen", 0, PRICE_MAX, &it->unit_price_fen, d->rep, path))
		return false;
	if (!charset_ok(it->sku, ALNUM "_.-", 1, 64))
		return invalid(d->rep, "%s.sku: letters, digits, _ . - only", path);
	return true;
}

static bool read_customer(struct doc *d, json_t *cust, struct order_in *o, const char *path)
{
	if (!json_is_object(cust))
		return invalid(d->rep, "%s: must be an object with at least a phone", path);
	if (!get_text(cust, "phone", true, 20, &o->phone, d->rep, path) ||
	    !get_text(cust, "email", false, 190, &o->email, d->rep, path) ||
	    !get_text(cust, "name", false, 100, &o->name, d->rep, path) ||
	    !get_text(cust, "city", false, 64, &o->city, d->rep, path) ||
	    !get_text(cust, "address", false, 200, &o->address, d->rep, path))
		return false;
	if (!charset_ok(o->phone, "0123456789", 6, 20))
		return invalid(d->rep, "%s.phone: must be 6..20 digits", path);
	if (o->email && !email_ok(o->email))
		return invalid(d->rep, "%s.email: not an e-mail address", path);
	return true;
}

static bool read_order(struct doc *d, json_t *j, struct order_in *o, const char *path)
{
	json_t *items;
	time_t placed = 0, delivered = 0;
	char sub[64];

	if (!json_is_object(j))
		return invalid(d->rep, "%s: must be an object", path);
	if (!get_text(j, "order_no", true, 40, &o->order_no, d->rep, path))
		return false;
	if (!charset_ok(o->order_no, ALNUM "_-", 1, 40))
		return invalid(d->rep, "%s.order_no: letters, digits, _ - only", path);
	if (!get_time(j, "placed_at", true, o->placed_at, &placed, d->rep, path) ||
	    !get_time(j, "delivered_at", false, o->delivered_at, &delivered, d->rep, path))
		return false;
	if (o->delivered_at[0] && delivered < placed)
		return invalid(d->rep, "%s.delivered_at: before placed_at", path);
	if (!get_text(j, "payment_method", true, 32, &o->payment_method, d->rep, path))
		return false;
	if (!charset_ok(o->payment_method, "abcdefghijklmnopqrstuvwxyz0123456789_", 1, 32))
		return invalid(d->rep, "%s.payment_method: a-z 0-9 _ only", path);
	snprintf(sub, sizeof sub, "%s.customer", path);
	if (!read_customer(d, json_object_get(j, "customer"), o, sub))
		return false;
	items = json_object_get(j, "items");
	if (!json_is_array(items) || json_array_size(items) == 0 ||
	    json_array_size(items) > ITEMS_MAX)
		return invalid(d->rep, "%s.items: must be an array of 1..%d items", path, ITEMS_MAX);
	o->nitems = json_array_size(items);
	o->items = amalloc(d->a, o->nitems * sizeof *o->items);
	for (size_t i = 0; i < o->nitems; i++) {
		snprintf(sub, sizeof sub, "%s.items[%zu]", path, i);
		if (!read_item(d, json_array_get(items, i), &o->items[i], sub))
			return false;
		for (size_t k = 0; k < i; k++)
			if (strcmp(o->items[k].sku, o->items[i].sku) == 0)
				return invalid(d->rep, "%s.sku: %s is already items[%zu]", sub,
				               o->items[i].sku, k);
	}
	return true;
}

static int by_order_no(const void *x, const void *y)
{
	const struct order_in *const *a = x, *const *b = y;
	int c = strcmp((*a)->order_no, (*b)->order_no);

	/* Ties by position, so the later one is reported. */
	return c ? c : (*a < *b ? -1 : *a > *b);
}

/* An order_no twice in one document is a mistake of the sender: which
 * one should win? Sorted copies find it in n log n. */
static bool unique_order_nos(struct doc *d)
{
	const struct order_in **v = amalloc(d->a, d->norders * sizeof *v);

	for (size_t i = 0; i < d->norders; i++)
		v[i] = &d->orders[i];
	qsort(v, d->norders, sizeof *v, by_order_no);
	for (size_t i = 1; i < d->norders; i++)
		if (strcmp(v[i - 1]->order_no, v[i]->order_no) == 0)
			return invalid(d->rep, "orders[%td].order_no: %s is already orders[%td]",
			               v[i] - d->orders, v[i]->order_no, v[i - 1] - d->orders);
	return true;
}

static int by_phone(const void *x, const void *y)
{
	const struct order_in *const *a = x, *const *b = y;
	int c = strcmp((*a)->phone, (*b)->phone);

	return c ? c : strcmp((*a)->order_no, (*b)->order_no);
}

/* Two imports that lock the same customers in opposite orders deadlock
 * again on every retry; writing in one order (phone, order_no) for every
 * document makes them queue instead. */
static void lock_order(struct doc *d)
{
	d->by_phone = amalloc(d->a, d->norders * sizeof *d->by_phone);
	for (size_t i = 0; i < d->norders; i++)
		d->by_phone[i] = &d->orders[i];
	qsort(d->by_phone, d->norders, sizeof *d->by_phone, by_phone);
}

static bool read_doc(struct doc *d, json_t *root)
{
	json_t *orders = json_object_get(root, "orders");

	if (!json_is_object(root) || !json_is_array(orders))
		return invalid(d->rep, "document: must be {\"orders\": [...]}");
	d->norders = json_array_size(orders);
	if (d->norders == 0 || d->norders > ORDERS_MAX)
		return invalid(d->rep, "orders: must hold 1..%d orders", ORDERS_MAX);
	d->orders = amalloc(d->a, d->norders * sizeof *d->orders);
	for (size_t i = 0; i < d->norders; i++) {
		char path[32];

		snprintf(path, sizeof path, "orders[%zu]", i);
		if (!read_order(d, json_array_get(orders, i), &d->orders[i], path))
			return false;
	}
	if (!unique_order_nos(d))
		return false;
	lock_order(d);
	return true;
}

/* ---- writing: 0 ok, 1 invalid (rolled back), negative: db_fail ---- */

/* A unique key refusing an INSERT after our SELECT found nothing means a
 * concurrent import created the same row: run the whole transaction again
 * (db_tx retries on DB_DEADLOCK), and this time the SELECT sees it. */
static int insert_fail(enum db_err e)
{
	return db_fail(e == DB_DUPLICATE ? DB_DEADLOCK : e);
}

static int load_categories(struct db *db, struct doc *d)
{
	struct dbres res;
	enum db_err e;

	if ((e = db_run(db, d->a, "SELECT code FROM categories", DB_NOARGS, &res)) != DB_OK)
		return db_fail(e);
	d->ncategories = res.nrows;
	d->categories = amalloc(d->a, (res.nrows + 1) * sizeof *d->categories);
	for (size_t i = 0; i < res.nrows; i++)
		d->categories[i] = res.rows[i].col[0];
	return 0;
}

static bool category_known(const struct doc *d, const char *code)
{
	for (size_t i = 0; i < d->ncategories; i++)
		if (d->categories[i] && strcmp(d->categories[i], code) == 0)
			return true;
	return false;
}

/* The last check needs the database: every category must exist. */
static int check_categories(struct db *db, struct doc *d)
{
	int rc;

	if ((rc = load_categories(db, d)) != 0)
		return rc;
	for (size_t i = 0; i < d->norders; i++)
		for (size_t k = 0; k < d->orders[i].nitems; k++)
			if (!category_known(d, d->orders[i].items[k].category)) {
				invalid(d->rep, "orders[%zu].items[%zu].category: unknown category %s",
				        i, k, d->orders[i].items[k].category);
				return 1;
			}
	return 0;
}

static int upsert_customer(struct db *db, struct doc *d, const struct order_in *o,
                           size_t idx, long long *id)
{
	struct dbrow *row;
	struct dbres res;
	enum db_err e;

	if (o->email) {
		if ((e = db_row(db, d->a, "SELECT phone FROM customers WHERE email = ?",
		                DB_ARGS(DB_STR(o->email)), &row)) != DB_OK)
			return db_fail(e);
		if (row && strcmp(row->col[0], o->phone) != 0) {
			invalid(d->rep, "orders[%zu].customer.email: %s belongs to another customer",
			        idx, o->email);
			return 1;
		}
	}
	if ((e = db_row(db, d->a, "SELECT id FROM customers WHERE phone = ? FOR UPDATE",
	                DB_ARGS(DB_STR(o->phone)), &row)) != DB_OK)
		return db_fail(e);
	if (row) {
		*id = db_int(row, 0);
		e = db_run(db, d->a,
		           "UPDATE customers SET email = COALESCE(?, email), "
		           "name = COALESCE(?, name), city = COALESCE(?, city) WHERE id = ?",
		           DB_ARGS(DB_STR(o->email), DB_STR(o->name), DB_STR(o->city), DB_INT(*id)),
		           NULL);
		return e == DB_OK ? 0 : insert_fail(e);
	}
	e = db_run(db, d->a,
	           "INSERT INTO customers (phone, email, name, city, created_at) "
	           "VALUES (?, ?, ?, ?, ?)",
	           DB_ARGS(DB_STR(o->phone), DB_STR(o->email), DB_STR(o->name ? o->name : ""),
	                   DB_STR(o->city ? o->city : ""), DB_STR(d->now)),
	           &res);
	if (e != DB_OK)
		return insert_fail(e);
	*id = (long long)res.insert_id;
	d->rep->customers_new++;
	return 0;
}

static int upsert_order(struct db *db, struct doc *d, const struct order_in *o,
                        size_t idx, long long customer_id, long long *order_id)
{
	const char *delivered = o->delivered_at[0] ? o->delivered_at : NULL;
	struct dbrow *row;
	struct dbres res;
	enum db_err e;

	if ((e = db_row(db, d->a,
	                "SELECT id, customer_id FROM orders WHERE order_no = ? FOR UPDATE",
	                DB_ARGS(DB_STR(o->order_no)), &row)) != DB_OK)
		return db_fail(e);
	if (row && db_int(row, 1) != customer_id) {
		invalid(d->rep, "orders[%zu].order_no: %s belongs to another customer", idx,
		        o->order_no);
		return 1;
	}
	if (row) {
		*order_id = db_int(row, 0);
		e = db_run(db, d->a,
		           "UPDATE orders SET placed_at = ?, delivered_at = ?, payment_method = ?, "
		           "ship_address = COALESCE(?, ship_address), updated_at = ? WHERE id = ?",
		           DB_ARGS(DB_STR(o->placed_at), DB_STR(delivered), DB_STR(o->payment_method),
		                   DB_STR(o->address), DB_STR(d->now), DB_INT(*order_id)),
		           NULL);
		return e == DB_OK ? 0 : db_fail(e);
	}
	e = db_run(db, d->a,
	           "INSERT INTO orders (order_no, customer_id, placed_at, delivered_at, "
	           "payment_method, ship_address, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
	           DB_ARGS(DB_STR(o->order_no), DB_INT(customer_id), DB_STR(o->placed_at),
	                   DB_STR(delivered), DB_STR(o->payment_method), DB_STR(o->address),
	                   DB_STR(d->now)),
	           &res);
	if (e != DB_OK)
		return insert_fail(e);
	*order_id = (long long)res.insert_id;
	return 0;
}

static int write_order(struct db *db, struct doc *d, const struct order_in *o, size_t idx)
{
	long long customer_id, order_id;
	int rc;

	if ((rc = upsert_customer(db, d, o, idx, &customer_id)) != 0 ||
	    (rc = upsert_order(db, d, o, idx, customer_id, &order_id)) != 0)
		return rc;
	d->rep->orders++;
	/* Items missing from the document stay: cases may refer to them. */
	for (size_t i = 0; i < o->nitems; i++) {
		const struct item_in *it = &o->items[i];
		enum db_err e;

		e = db_run(db, d->a,
		           "INSERT INTO order_items (order_id, sku, name, category, qty, "
		           "unit_price_fen, paid_fen) VALUES (?, ?, ?, ?, ?, ?, ?) "
		           "ON DUPLICATE KEY UPDATE name = VALUES(name), category = VALUES(category), "
		           "qty = VALUES(qty), unit_price_fen = VALUES(unit_price_fen), "
		           "paid_fen = VALUES(paid_fen)",
		           DB_ARGS(DB_INT(order_id), DB_STR(it->sku), DB_STR(it->name),
		                   DB_STR(it->category), DB_INT(it->qty), DB_INT(it->unit_price_fen),
		                   DB_INT(it->qty * it->unit_price_fen)),
		           NULL);
		if (e != DB_OK)
			return db_fail(e);
		d->rep->items++;
	}
	return 0;
}

static int import_body(struct db *db, void *ctx)
{
	struct doc *d = ctx;
	int rc;

	/* A retried transaction counts from zero again. */
	d->rep->orders = d->rep->items = d->rep->customers_new = 0;
	if ((rc = check_categories(db, d)) != 0)
		return rc;
	for (size_t i = 0; i < d->norders; i++) {
		const struct order_in *o = d->by_phone[i];

		if ((rc = write_order(db, d, o, (size_t)(o - d->orders))) != 0)
			return rc;
	}
	return 0;
}

enum import_err import_orders_json(struct db *db, const char *json, size_t len,
                                   struct import_report *rep)
{
	struct doc d = {.a = arena_new(), .rep = rep};
	enum import_err result = IMPORT_INVALID;
	json_error_t jerr;
	json_t *root = NULL;
	int rc;

	memset(rep, 0, sizeof *rep);
	format_db_datetime(time(NULL), d.now);
	if (!json)
		json = "", len = 0;
	if (len > DOC_MAX) {
		invalid(rep, "document: larger than %u bytes", DOC_MAX);
		goto out;
	}
	if (!(root = json_loadb(json, len, JSON_REJECT_DUPLICATES, &jerr))) {
		invalid(rep, "document: line %d column %d: %s", jerr.line, jerr.column, jerr.text);
		goto out;
	}
	if (!read_doc(&d, root))
		goto out;
	rc = db_tx(db, import_body, &d);
	if (rc == 0)
		result = IMPORT_OK;
	else if (rc < 0)
		result = IMPORT_DB;
	if (result != IMPORT_OK)
		rep->orders = rep->items = rep->customers_new = 0; /* nothing was written */
	if (result == IMPORT_DB)
		snprintf(rep->error, sizeof rep->error, "database unavailable");
out:
	json_decref(root);
	arena_free(d.a);
	return result;
}
