/*
 * page_orders.c — the customer's orders, each item saying which requests
 * it qualifies for now and why not; and the request form for one order.
 */
#include <string.h>

#include "cases.h"
#include "orders.h"
#include "pages.h"
#include "returns.h"
#include "settings.h"
#include "sla.h"
#include "view.h"

static void set_money(struct req *r, const char *name, long long fen)
{
	char m[32];

	format_money(fen, m);
	view_set(r->v, name, m);
}

/* Page.<prefix> gets the order, each item with a verdict per type.
 * Returns true when some item qualifies for some type. */
bool fill_order(struct req *r, const char *prefix, const struct order *o,
                const struct rulebook *rb)
{
	bool any = false;

	view_setf(r->v, o->order_no, "%s.order_no", prefix);
	view_setf(r->v, o->payment_method, "%s.payment_method", prefix);
	view_set_time(r->v, aprintf(r->a, "%s.placed_at", prefix), o->placed_at);
	view_set_time(r->v, aprintf(r->a, "%s.delivered_at", prefix), o->delivered_at);
	for (size_t i = 0; i < o->nitems; i++) {
		const struct order_item *it = &o->items[i];
		const char *ip = aprintf(r->a, "%s.items.%zu", prefix, i);
		int best_qty = 0;

		view_setf(r->v, aprintf(r->a, "%lld", it->id), "%s.id", ip);
		view_setf(r->v, it->name, "%s.name", ip);
		view_setf(r->v, it->sku, "%s.sku", ip);
		view_setf(r->v, view_lang(r->v, aprintf(r->a, "cat_%s", it->category)),
		          "%s.category", ip);
		view_setf(r->v, aprintf(r->a, "%d", it->facts.qty), "%s.qty", ip);
		set_money(r, aprintf(r->a, "%s.paid", ip), it->facts.paid_fen);
		for (int t = 0; t < TYPE__MAX; t++) {
			const char *tp = aprintf(r->a, "%s.types.%d", ip, t);
			struct verdict v;
			char until[11];

			rules_check(&rb->policy, rulebook_category(rb, it->category),
			            &it->facts, r->now, (enum case_type)t, -1, &v);
			view_setf(r->v, case_type_names[t], "%s.type", tp);
			view_setf(r->v, v.why == WHY_OK ? "1" : "0", "%s.ok", tp);
			view_setf(r->v, why_not_key(v.why), "%s.why", tp);
			if (v.until) {
				format_local_date(v.until, until);
				view_setf(r->v, until, "%s.until", tp);
			}
			if (v.why == WHY_OK) {
				any = true;
				if (v.qty_available > best_qty)
					best_qty = v.qty_available;
				if (t == TYPE_RETURN_REFUND && v.no_reason)
					view_setf(r->v, "1", "%s.no_reason", tp);
			}
		}
		view_setf(r->v, aprintf(r->a, "%d", best_qty), "%s.available", ip);
	}
	if (any)
		view_setf(r->v, "1", "%s.can_request", prefix);
	return any;
}

void page_orders(struct req *r)
{
	const struct rulebook *rb = NULL;
	struct order *orders;
	size_t n;
	bool more;
	long long rules_gen;
	const char *session;
	int page = req_page(r);
	enum db_err e;

	if ((e = orders_of_customer(r->db, r->a, r->customer_id, page, &orders, &n, &more,
	                            &rules_gen, &session)) != DB_OK) {
		http_db_error(r, e);
		return;
	}
	if (!req_session_confirm(r, session))
		return;
	if (n > 0 && (e = rulebook_current(r->db, rules_gen, &rb)) != DB_OK) {
		http_db_error(r, e);
		return;
	}
	for (size_t i = 0; i < n; i++)
		fill_order(r, aprintf(r->a, "Page.orders.%zu", i), &orders[i], rb);
	view_set(r->v, "Page.title_key", "orders_title");
	http_paging(r, page, more);
	http_page(r, 200, "orders.cs");
}

/* The visit slots an on-site repair may ask for: each window of the
 * working days ahead that has not begun, "YYYY-MM-DD HH-HH". */
#define SLOT_DAYS 7
static void fill_slots(struct req *r)
{
	const struct calendar *cal;
	const char *w;
	size_t n = 0;

	if (calendar_current(r->db, 0, &cal) != DB_OK)
		return;
	for (int d = 0; d <= SLOT_DAYS; d++) {
		const char *day = shop_day(r, r->now + d * 86400);
		time_t midnight;

		if (parse_date(day, &midnight) != 0 || !cal_is_working_day(cal, midnight + 12 * 3600))
			continue;
		for (size_t i = 0; (w = pickup_window(i)); i++) {
			if (midnight + pickup_window_start(w) * 3600 <= r->now)
				continue;
			view_setf(r->v, aprintf(r->a, "%s %s", day, w), "Page.slots.%zu", n++);
		}
	}
}

/* A rejected case's request as it was, to correct (the banner's button):
 * its type, reason, texts and items, unless the form was posted. */
static bool prefill_from_case(struct req *r, long long customer_id, const char *case_no,
                              const struct order *o)
{
	struct case_view cv;
	enum db_err e;

	if ((e = case_get(r->db, r->a, customer_id, case_no, &cv)) != DB_OK) {
		http_db_error(r, e);
		return false;
	}
	if (cv.id == 0 || strcmp(cv.order_no, o->order_no) != 0)
		return true; /* not theirs, or another order: a fresh form */
	view_set(r->v, "Page.form.type", cv.type);
	view_set(r->v, "Page.form.reason", cv.reason);
	view_set(r->v, "Page.form.description", cv.description);
	view_set(r->v, "Page.form.variant", cv.variant);
	view_set(r->v, "Page.form.address", cv.visit_address);
	view_set(r->v, "Page.form.repair_mode", cv.repair_mode);
	if (cv.amount_fen >= 0) {
		char m[32];

		format_money(cv.amount_fen, m);
		view_set(r->v, "Page.form.amount", m);
	}
	for (size_t i = 0; i < cv.nitems; i++)
		for (size_t j = 0; j < o->nitems; j++)
			if (o->items[j].id == cv.items[i].order_item_id)
				view_setf(r->v, aprintf(r->a, "%d", cv.items[i].qty),
				          "Page.order.items.%zu.chosen", j);
	for (size_t i = 0; i < cv.nphotos; i++) {
		view_setf(r->v, aprintf(r->a, "%lld", cv.photos[i].id), "Page.kept_photos.%zu.id", i);
		view_setf(r->v, cv.photos[i].filename, "Page.kept_photos.%zu.filename", i);
	}
	return true;
}

/* Each item: the open request that holds it (a link), and its error
 * named with the item ("蓝牙耳机：最多可申请 1 件"). */
static bool fill_item_notes(struct req *r, const struct order *o)
{
	struct open_item *open;
	size_t nopen;
	enum db_err e;

	if ((e = open_cases_of_order(r->db, r->a, o->id, &open, &nopen)) != DB_OK) {
		http_db_error(r, e);
		return false;
	}
	for (size_t i = 0; i < o->nitems; i++) {
		const char *err = view_get(r->v, aprintf(r->a, "Page.errors.qty_%lld", o->items[i].id),
		                           NULL);
		size_t k = 0;

		for (size_t j = 0; j < nopen; j++)
			if (open[j].order_item_id == o->items[i].id)
				view_setf(r->v, open[j].case_no, "Page.order.items.%zu.open.%zu", i, k++);
		if (err) {
			const char *f = view_lang(r->v, "item_error"), *a = strstr(f, "{item}"),
			           *b = strstr(f, "{error}");

			if (a && b && a < b)
				view_setf(r->v, aprintf(r->a, "%.*s%s%.*s%s%s", (int)(a - f), f,
				                        o->items[i].name, (int)(b - a - 6), a + 6, err, b + 7),
				          "Page.errors.qty_%lld", o->items[i].id);
		}
	}
	return true;
}

/* The request form, fresh or again after an error (with what was typed).
 * Page.step: 1 asks the type and the items, 2 the rest for that type (the
 * form without JavaScript; request_form.js shows both at once). */
void request_form(struct req *r, int status, long long customer_id, const char *order_no,
                  const char *resubmit_of)
{
	struct rulebook rb;
	struct order o;
	unsigned char raw[16];
	char nonce[24];
	const char *nonce_in = req_form(r, "nonce"), *type;
	bool resubmit = resubmit_of && *resubmit_of && strlen(resubmit_of) <= 20 &&
	                strspn(resubmit_of, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789") ==
	                    strlen(resubmit_of);
	enum db_err e;

	if ((e = rulebook_load(r->db, r->a, &rb)) != DB_OK ||
	    (e = order_of_customer(r->db, r->a, customer_id, order_no, false, &o)) != DB_OK) {
		http_db_error(r, e);
		return;
	}
	if (o.id == 0) {
		http_error(r, 404, "err_no_order");
		return;
	}
	fill_order(r, "Page.order", &o, &rb);
	if (!fill_item_notes(r, &o))
		return;
	for (int t = 0; t < TYPE__MAX; t++) {
		view_setf(r->v, case_type_names[t], "Page.types.%d.name", t);
		view_setf(r->v, view_lang(r->v, aprintf(r->a, "type_%s", case_type_names[t])),
		          "Page.types.%d.label", t);
	}
	for (int i = 0; i < REASON__MAX; i++) {
		view_setf(r->v, reason_names[i], "Page.reasons.%d.name", i);
		view_setf(r->v, view_lang(r->v, aprintf(r->a, "reason_%s", reason_names[i])),
		          "Page.reasons.%d.label", i);
	}
	fill_slots(r);
	/* Keep what was typed; a new nonce only for a fresh form. */
	if (nonce_in) {
		view_set(r->v, "Page.nonce", nonce_in);
	} else {
		random_bytes(raw, sizeof raw);
		b64url_encode(raw, sizeof raw, nonce);
		view_set(r->v, "Page.nonce", nonce);
	}
	if (!nonce_in && resubmit && !r->staff_id) {
		if (!prefill_from_case(r, customer_id, resubmit_of, &o))
			return;
	} else {
		view_set(r->v, "Page.form.type", req_form(r, "type") ? req_form(r, "type")
		                                                     : req_query(r, "type"));
		view_set(r->v, "Page.form.reason", req_form(r, "reason"));
		view_set(r->v, "Page.form.description", req_form(r, "description"));
		view_set(r->v, "Page.form.amount", req_form(r, "amount"));
		view_set(r->v, "Page.form.repair_mode", req_form(r, "repair_mode"));
		view_set(r->v, "Page.form.variant", req_form(r, "variant"));
		view_set(r->v, "Page.form.address", req_form(r, "address"));
		view_set(r->v, "Page.form.slot", req_form(r, "slot"));
		for (size_t i = 0; i < o.nitems; i++) {
			const char *q = req_form(r, aprintf(r->a, "qty_%lld", o.items[i].id));

			if (q)
				view_setf(r->v, q, "Page.order.items.%zu.chosen", i);
		}
	}
	/* the on-site address starts as the one the order went to */
	if (!view_get(r->v, "Page.form.address", NULL) && o.ship_address)
		view_set(r->v, "Page.form.address", o.ship_address);
	type = view_get(r->v, "Page.form.type", "");
	if (!view_get(r->v, "Page.step", NULL))
		view_set(r->v, "Page.step",
		         case_type_from_name(type) >= 0 && !view_get(r->v, "Page.errors.type", NULL)
		             ? "2" : "1");
	/* A corrected request for a rejected case posts to its resubmit URL;
	 * staff register one for the customer, with the channel. */
	if (r->staff_id) {
		view_set(r->v, "Page.form_action", "/staff/cases");
		view_set(r->v, "Page.form.customer", req_form(r, "customer") ? req_form(r, "customer")
		                                                               : req_query(r, "customer"));
		view_set(r->v, "Page.form.channel", req_form(r, "channel"));
		for (int i = CHANNEL_PHONE; i < CHANNEL__MAX; i++) {
			view_setf(r->v, channel_names[i], "Page.channels.%d.name", i);
			view_setf(r->v, view_lang(r->v, aprintf(r->a, "channel_%s", channel_names[i])),
			          "Page.channels.%d.label", i);
		}
	} else if (resubmit) {
		view_set(r->v, "Page.resubmit", resubmit_of);
		view_set(r->v, "Page.form_action",
		         aprintf(r->a, "/my/requests/%s/resubmit", resubmit_of));
	} else {
		view_set(r->v, "Page.form_action", "/my/requests");
	}
	view_set(r->v, "Page.title_key", "request_form_title");
	http_page(r, status, "request_form.cs");
}

void page_request_form(struct req *r)
{
	request_form(r, 200, r->customer_id, r->arg[0], req_query(r, "resubmit"));
}
