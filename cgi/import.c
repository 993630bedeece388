/*
 * import.c — orders from the shop: validate the whole JSON document first,
 * then upsert customers, orders and items in one transaction, so a bad
 * document changes nothing.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "import.h"

#define DOC_MAX (8u << 20)
#define ORDERS_MAX 10000
#define ITEMS_MAX 200
#define PRICE_MAX 10000000000LL

struct item_in {
	const char *sku, *name, *category;
	long long qty, unit_price_fen;
};

struct order_in {
	const char *order_no, *payment_method;
	char placed_at[20], delivered_at[20]; /* UTC DATETIME; "" = NULL */
	const char *phone, *email, *name, *city;
	struct item_in *items;
	size_t nitems;
};

struct doc {
	struct arena *a;
	struct order_in *orders;
	size_t norders;
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

#define ALNUM "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"

/* A string field: required or optional (NULL when absent or null),
 * 1..max characters, no control characters. */
static bool get_text(json_t *obj, const char *key, bool required, size_t max,
                     const char **out, struct import_report *rep, const char *path)
{
	json_t *v = json_object_get(obj, key);
	const char *s;

	*out = NULL;
	if (!v || json_is_null(v)) {
		if (required)
			return invalid(rep, "%s.%s: required", path, key);
		return true;
	}
	if (!json_is_string(v))
		return invalid(rep, "%s.%s: must be a string", path, key);
	s = json_string_value(v);
	if (strlen(s) != json_string_length(v) ||
	    utf8_len(s, strlen(s)) > max || (required && !*s))
		return invalid(rep, "%s.%s: must be 1..%zu characters", path, key, max);
	for (const char *p = s; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			return invalid(rep, "%s.%s: control characters", path, key);
	*out = s;
	return true;
}

static bool get_time(json_t *obj, const char *key, bool required, char out[20],
                     struct import_report *rep, const char *path)
{
	const char *s;
	time_t t;

	out[0] = '\0';
	if (!get_text(obj, key, required, 40, &s, rep, path))
		return false;
	if (!s)
		return true;
	if (parse_iso8601(s, &t) != 0)
		return invalid(rep, "%s.%s: must be an ISO 8601 time with offset", path, key);
	format_db_datetime(t, out);
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

static bool read_item(struct doc *d, json_t *j, struct item_in *it, const char *path)
{
	if (!json_is_object(j))
		return invalid(d->rep, "%s: must be an object", path);
	if (!get_text(j, "sku", true, 64, &it->sku, d->rep, path) ||
	    !get_text(j, "name", true, 200, &it->name, d->rep, path) ||
	    !get_text(j, "category", true, 32, &it->category, d->rep, path) ||
	    !get_int(j, "qty", 1, 9999, &it->qty, d->rep, path) ||
	    !get_int(j, "unit_price_fen", 0, PRICE_MAX, &it->unit_price_fen, d->rep, path))
		return false;
	if (!charset_ok(it->sku, ALNUM "_.-", 1, 64))
		return invalid(d->rep, "%s.sku: letters, digits, _ . - only", path);
	return true;
}

static bool read_order(struct doc *d, json_t *j, struct order_in *o, const char *path)
{
	json_t *cust, *items;
	char sub[64];

	if (!json_is_object(j))
		return invalid(d->rep, "%s: must be an object", path);
	if (!get_text(j, "order_no", true, 40, &o->order_no, d->rep, path) ||
	    !get_text(j, "payment_method", true, 32, &o->payment_method, d->rep, path) ||
	    !get_time(j, "placed_at", true, o->placed_at, d->rep, path) ||
	    !get_time(j, "delivered_at", false, o->delivered_at, d->rep, path))
		return false;
	if (!charset_ok(o->order_no, ALNUM "_-", 1, 40))
		return invalid(d->rep, "%s.order_no: letters, digits, _ - only", path);
	if (!charset_ok(o->payment_method, "abcdefghijklmnopqrstuvwxyz0123456789_", 1, 32))
		return invalid(d->rep, "%s.payment_method: a-z 0-9 _ only", path);
	cust = json_object_get(j, "customer");
	snprintf(sub, sizeof sub, "%s.customer", path);
	if (!json_is_object(cust))
		return invalid(d->rep, "%s: must be an object", sub);
	if (!get_text(cust, "phone", true, 20, &o->phone, d->rep, sub) ||
	    !get_text(cust, "email", false, 190, &o->email, d->rep, sub) ||
	    !get_text(cust, "name", false, 100, &o->name, d->rep, sub) ||
	    !get_text(cust, "city", false, 64, &o->city, d->rep, sub))
		return false;
	if (!charset_ok(o->phone, "0123456789", 6, 20))
		return invalid(d->rep, "%s.phone: 6..20 digits", sub);
	if (o->email && !strchr(o->email, '@'))
		return invalid(d->rep, "%s.email: not an e-mail address", sub);
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
				return invalid(d->rep, "%s.sku: repeated in this order", sub);
	}
	return true;
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
	return true;
}

/* ---- writing: positive return = invalid (rolled back), negative = DB ---- */

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
			invalid(d->rep, "orders[%zu].customer.email: used by another customer", idx);
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
		return e == DB_OK ? 0 : db_fail(e);
	}
	e = db_run(db, d->a,
	           "INSERT INTO customers (phone, email, name, city, created_at) "
	           "VALUES (?, ?, ?, ?, ?)",
	           DB_ARGS(DB_STR(o->phone), DB_STR(o->email), DB_STR(o->name ? o->name : ""),
	                   DB_STR(o->city ? o->city : ""), DB_STR(d->now)),
	           &res);
	if (e != DB_OK)
		return db_fail(e);
	*id = (long long)res.insert_id;
	d->rep->customers_new++;
	return 0;
}

static int write_order(struct db *db, struct doc *d, const struct order_in *o, size_t idx)
{
	const char *delivered = o->delivered_at[0] ? o->delivered_at : NULL;
	long long customer_id, order_id;
	struct dbrow *row;
	struct dbres res;
	enum db_err e;
	int rc;

	if ((rc = upsert_customer(db, d, o, idx, &customer_id)) != 0)
		return rc;
	if ((e = db_row(db, d->a, "SELECT id, customer_id FROM orders WHERE order_no = ? FOR UPDATE",
	                DB_ARGS(DB_STR(o->order_no)), &row)) != DB_OK)
		return db_fail(e);
	if (row && db_int(row, 1) != customer_id) {
		invalid(d->rep, "orders[%zu].order_no: belongs to another customer", idx);
		return 1;
	}
	if (row) {
		order_id = db_int(row, 0);
		e = db_run(db, d->a,
		           "UPDATE orders SET placed_at = ?, delivered_at = ?, payment_method = ?, "
		           "updated_at = ? WHERE id = ?",
		           DB_ARGS(DB_STR(o->placed_at), DB_STR(delivered), DB_STR(o->payment_method),
		                   DB_STR(d->now), DB_INT(order_id)),
		           NULL);
	} else {
		e = db_run(db, d->a,
		           "INSERT INTO orders (order_no, customer_id, placed_at, delivered_at, "
		           "payment_method, updated_at) VALUES (?, ?, ?, ?, ?, ?)",
		           DB_ARGS(DB_STR(o->order_no), DB_INT(customer_id), DB_STR(o->placed_at),
		                   DB_STR(delivered), DB_STR(o->payment_method), DB_STR(d->now)),
		           &res);
		order_id = (long long)res.insert_id;
	}
	if (e != DB_OK)
		return db_fail(e);
	d->rep->orders++;
	for (size_t i = 0; i < o->nitems; i++) {
		const struct item_in *it = &o->items[i];

		if ((e = db_row(db, d->a, "SELECT 1 FROM categories WHERE code = ?",
		                DB_ARGS(DB_STR(it->category)), &row)) != DB_OK)
			return db_fail(e);
		if (!row) {
			invalid(d->rep, "orders[%zu].items[%zu].category: unknown category", idx, i);
			return 1;
		}
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

	d->rep->orders = d->rep->items = d->rep->customers_new = 0;
	for (size_t i = 0; i < d->norders; i++)
		if ((rc = write_order(db, d, &d->orders[i], i)) != 0)
			return rc;
	return 0;
}

enum import_err import_orders_json(struct db *db, const char *json, size_t len,
                                   struct import_report *rep)
{
	struct doc d = {.a = arena_new(), .rep = rep};
	json_error_t jerr;
	json_t *root = NULL;
	enum import_err result = IMPORT_INVALID;
	int rc;

	memset(rep, 0, sizeof *rep);
	format_db_datetime(time(NULL), d.now);
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
out:
	json_decref(root);
	arena_free(d.a);
	return result;
}
