/*
 * page_orders.c — the customer's orders, each item saying which requests
 * it qualifies for now and why not; and the request form for one order.
 */
#include <string.h>

#include "cases.h"
#include "orders.h"
#include "pages.h"
#include "settings.h"
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

/* The request form, fresh or again after an error (with what was typed). */
void request_form(struct req *r, int status, long long customer_id, const char *order_no,
                  const char *resubmit_of)
{
	struct rulebook rb;
	struct order o;
	unsigned char raw[16];
	char nonce[24];
	const char *nonce_in = req_form(r, "nonce");
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
	/* Keep what was typed; a new nonce only for a fresh form. */
	if (nonce_in) {
		view_set(r->v, "Page.nonce", nonce_in);
	} else {
		random_bytes(raw, sizeof raw);
		b64url_encode(raw, sizeof raw, nonce);
		view_set(r->v, "Page.nonce", nonce);
	}
	view_set(r->v, "Page.form.type", req_form(r, "type") ? req_form(r, "type") : req_query(r, "type"));
	view_set(r->v, "Page.form.reason", req_form(r, "reason"));
	view_set(r->v, "Page.form.description", req_form(r, "description"));
	view_set(r->v, "Page.form.amount", req_form(r, "amount"));
	view_set(r->v, "Page.form.repair_mode", req_form(r, "repair_mode"));
	for (size_t i = 0; i < o.nitems; i++) {
		const char *q = req_form(r, aprintf(r->a, "qty_%lld", o.items[i].id));

		if (q)
			view_setf(r->v, q, "Page.order.items.%zu.chosen", i);
	}
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
	} else if (resubmit_of && *resubmit_of && strlen(resubmit_of) <= 20 &&
	           strspn(resubmit_of, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789") ==
	               strlen(resubmit_of)) {
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
