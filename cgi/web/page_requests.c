/*
 * page_requests.c — a customer's cases: submit one (POST /my/requests),
 * list them, follow one, cancel one, and see its photos (the slip, the
 * pick-up and the cancel page: page_returns.c).
 */
#include <stdio.h>
#include <string.h>

#include "attachments.h"
#include "cases.h"
#include "costs.h"
#include "desk.h"
#include "messages.h"
#include "rate_limits.h"
#include "pages.h"
#include "returns.h"
#include "sendback.h"
#include "sla.h"
#include "view.h"

/* A field error in words made here: the language's text for key with
 * "{n}" replaced by n (the form's error summary names the item). */
static void field_error_n(struct req *r, const char *field, const char *key, const char *n)
{
	const char *text = view_lang(r->v, key), *at = strstr(text, "{n}");

	if (at)
		text = aprintf(r->a, "%.*s%s%s", (int)(at - text), text, n, at + 3);
	view_setf(r->v, text, "Page.errors.%s", field);
	view_set(r->v, "Page.has_errors", "1");
	r->field_errors++;
}

#define VARIANT_MAX 100       /* characters, as cases.variant */
#define VISIT_ADDRESS_MAX 200 /* characters, as cases.visit_address */
#define SLOT_DAYS_AHEAD 14    /* how far ahead a visit may be asked for */

/* A text the type asks for: required, printable, at most max characters.
 * NULL (and a field error) when it is not. */
static const char *type_text(struct req *r, const char *name, size_t max, const char *missing,
                             const char *too_long)
{
	const char *v = req_form(r, name);

	if (!v || !*v || strspn(v, " ") == strlen(v)) {
		http_field_error(r, name, missing);
		return NULL;
	}
	if (utf8_len(v, strlen(v)) > max) {
		http_field_error(r, name, too_long);
		return NULL;
	}
	if (!text_printable(v)) {
		http_field_error(r, name, "err_bad_input");
		return NULL;
	}
	return v;
}

/* An on-site visit's slot "YYYY-MM-DD HH-HH": a pick-up window of a
 * working day, not begun yet, within SLOT_DAYS_AHEAD days. */
static const char *visit_slot(struct req *r)
{
	const char *v = req_form(r, "slot");
	const struct calendar *cal;
	char day[11];
	time_t midnight;
	int start;

	if (!v || !*v) {
		http_field_error(r, "slot", "err_slot_required");
		return NULL;
	}
	if (strlen(v) != 16 || v[10] != ' ' || (start = pickup_window_start(v + 11)) < 0 ||
	    (memcpy(day, v, 10), day[10] = 0, parse_date(day, &midnight) != 0)) {
		http_field_error(r, "slot", "err_slot_bad");
		return NULL;
	}
	if (midnight + start * 3600 <= r->now) {
		http_field_error(r, "slot", "err_slot_past");
		return NULL;
	}
	if (midnight > r->now + SLOT_DAYS_AHEAD * 86400) {
		http_field_error(r, "slot", "err_slot_far");
		return NULL;
	}
	if (calendar_current(r->db, 0, &cal) == DB_OK &&
	    !cal_is_working_day(cal, midnight + 12 * 3600)) {
		http_field_error(r, "slot", "err_slot_holiday");
		return NULL;
	}
	return v;
}

/* Reads the request form of customer_id's case into c; field errors are
 * set on r. Staff registering it for the customer also give the channel. */
static void read_case_form(struct req *r, long long customer_id, struct case_new *c,
                           bool first_step)
{
	const char *type = req_form(r, "type"), *reason = req_form(r, "reason");
	const char *amount = req_form(r, "amount");
	int t, rs, errors_before_items;

	c->customer_id = customer_id;
	c->order_no = req_form(r, "order_no");
	c->description = req_form(r, "description");
	c->nonce = req_form(r, "nonce");
	c->channel = "online";
	c->actor_kind = 'c';
	c->actor_id = customer_id;
	c->amount_fen = -1;
	if (r->staff_id) {
		c->channel = req_form(r, "channel");
		c->actor_kind = 's';
		c->actor_id = r->staff_id;
		if (channel_from_name(c->channel ? c->channel : "") < CHANNEL_PHONE)
			http_field_error(r, "channel", "err_choose_channel");
	}

	if ((t = case_type_from_name(type ? type : "")) < 0)
		http_field_error(r, "type", "err_choose_type");
	else
		c->type = (enum case_type)t;
	if (first_step)
		goto items;
	if ((rs = reason_from_name(reason ? reason : "")) < 0)
		http_field_error(r, "reason", "err_choose_reason");
	else
		c->reason = (enum reason_code)rs;
	if (!c->description)
		c->description = "";
	if (utf8_len(c->description, strlen(c->description)) > DESCRIPTION_MAX)
		http_field_error(r, "description", "err_too_long");
	if (t == TYPE_REFUND_ONLY) {
		if (!amount || parse_money(amount, &c->amount_fen) != 0 || c->amount_fen <= 0)
			http_field_error(r, "amount", "err_amount");
	}
	if (t == TYPE_REPAIR) {
		const char *mode = req_form(r, "repair_mode");

		if (mode && *mode && strcmp(mode, "on_site") != 0 && strcmp(mode, "mail_in") != 0)
			http_field_error(r, "repair_mode", "err_bad_input");
		c->on_site = mode && strcmp(mode, "on_site") == 0;
		if (c->on_site) {
			c->visit_address = type_text(r, "address", VISIT_ADDRESS_MAX,
			                             "err_visit_address", "err_visit_address_long");
			c->visit_slot = visit_slot(r);
		}
	}
	if (t == TYPE_EXCHANGE)
		c->variant = type_text(r, "variant", VARIANT_MAX, "err_variant", "err_variant_long");

items:
	errors_before_items = r->field_errors;
	for (size_t i = 0; i < r->form.n; i++) {
		const struct param *p = &r->form.v[i];
		long long id, qty;

		if (strncmp(p->name, "qty_", 4) != 0 || p->len == 0)
			continue;
		if (parse_int(p->name + 4, 1, (long long)1 << 53, &id) != 0) {
			http_field_error(r, "items", "err_qty");
			continue;
		}
		if (parse_int(p->value, 0, 9999, &qty) != 0) {
			http_field_error(r, p->name, "err_qty");
			continue;
		}
		if (qty == 0)
			continue;
		for (size_t k = 0; k < c->nitems; k++)
			if (c->items[k].order_item_id == id)
				qty = -1;
		if (qty < 0) {
			http_field_error(r, "items", "err_qty");
			continue;
		}
		if (c->nitems == CASE_ITEMS_MAX) {
			http_field_error(r, "items", "err_qty");
			break;
		}
		c->items[c->nitems].order_item_id = id;
		c->items[c->nitems].qty = (int)qty;
		c->nitems++;
	}
	if (c->nitems == 0 && r->field_errors == errors_before_items)
		http_field_error(r, "items", "err_choose_items");
	if (first_step)
		return;

	for (size_t i = 0; i < r->form.n && c->nremove < CASE_PHOTOS_MAX; i++) {
		long long id;

		if (strcmp(r->form.v[i].name, "remove_photo") != 0)
			continue;
		if (parse_int(r->form.v[i].value, 1, (long long)1 << 53, &id) != 0)
			http_field_error(r, "photo", "err_bad_input");
		else
			c->remove_photos[c->nremove++] = id;
	}
	for (size_t i = 0; i < r->files.n; i++) {
		const struct upload *u = &r->files.v[i];
		const char *mime;

		if (strcmp(u->field, "photo") != 0)
			continue;
		if (u->too_large) {
			field_error_n(r, "photo", "err_photo_too_large", u->filename);
			continue;
		}
		if (u->len == 0 || !(mime = image_sniff(u->data, u->len))) {
			field_error_n(r, "photo", "err_photo_not_image", u->filename);
			continue;
		}
		if (c->nphotos == CASE_PHOTOS_MAX) {
			http_field_error(r, "photo", "err_too_many_photos");
			break;
		}
		/* The name is only shown; keep it within its column. */
		c->photos[c->nphotos++] = (struct photo){utf8_prefix(r->a, u->filename, 120),
		                                          mime, u->data, u->len};
	}
}

static bool nonce_ok(const char *s)
{
	size_t n = s ? strlen(s) : 0;

	return n >= 16 && n <= 32 &&
	       strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") == n;
}

/* What the domain refused, said next to the field (the item) it concerns,
 * with the number that would do. false: not a form error (answered). */
static bool case_refusal(struct req *r, int rc, const struct case_result *res)
{
	const char *item = aprintf(r->a, "qty_%lld", res->bad_item);
	char m[32];

	switch (rc) {
	case CASE_NO_ORDER:
		http_error(r, 404, "err_no_order");
		return false;
	case CASE_NOT_FOUND:
		http_error(r, 404, "err_no_case");
		return false;
	case CASE_CONFLICT:
		http_error(r, 409, "err_case_moved");
		return false;
	case CASE_DB:
		http_db_error(r, res->db);
		return false;
	case CASE_INELIGIBLE:
		http_field_error(r, res->bad_item ? item : "items", why_not_key(res->why));
		return true;
	case CASE_BAD_ITEM:
		if (res->bad_item && res->max_qty > 0)
			field_error_n(r, item, "err_qty_max", aprintf(r->a, "%d", res->max_qty));
		else
			http_field_error(r, res->bad_item ? item : "items",
			                 res->bad_item ? "err_qty_none" : "err_qty");
		return true;
	case CASE_BAD_AMOUNT:
		format_money(res->max_fen, m);
		field_error_n(r, "amount", "err_amount_max", m);
		return true;
	case CASE_TOO_MANY_PHOTOS:
		field_error_n(r, "photo", "err_photos_left", aprintf(r->a, "%lld", res->bad_item));
		return true;
	default:
		http_field_error(r, "items", "err_qty");
		return true;
	}
}

/* The request form posted for customer_id: a new case, or (resubmit_of) a
 * new revision of a rejected one. Staff land on their case page. Its
 * first step (step=choose, the form without JavaScript) only checks the
 * type and the items and shows the rest of the form for that type. */
void submit_case(struct req *r, long long customer_id, const char *resubmit_of)
{
	struct case_new *c = amalloc(r->a, sizeof *c);
	const char *step = req_form(r, "step");
	bool first_step = step && strcmp(step, "choose") == 0;
	struct case_result res;
	int rc;

	read_case_form(r, customer_id, c, first_step);
	if (resubmit_of) {
		/* A revision keeps its case's order, whatever the form says. */
		struct case_view cv;
		enum db_err e = case_get(r->db, r->a, customer_id, resubmit_of, &cv);

		if (e != DB_OK) {
			http_db_error(r, e);
			return;
		}
		if (cv.id == 0) {
			http_error(r, 404, "err_no_case");
			return;
		}
		c->order_no = cv.order_no;
	}
	if (!c->order_no || !*c->order_no || strlen(c->order_no) > 40) {
		http_error(r, 400, "err_no_order");
		return;
	}
	if (!nonce_ok(c->nonce)) {
		http_error(r, 400, "err_form_expired");
		return;
	}
	if (first_step) {
		view_set(r->v, "Page.step", r->field_errors ? "1" : "2");
		request_form(r, r->field_errors ? 400 : 200, customer_id, c->order_no, resubmit_of);
		return;
	}
	if (r->field_errors) {
		request_form(r, 400, customer_id, c->order_no, resubmit_of);
		return;
	}
	if ((!resubmit_of && !req_limit(r, LIMIT_REQUEST, 1)) ||
	    !req_limit(r, LIMIT_UPLOAD, (int)c->nphotos))
		return;
	rc = resubmit_of ? case_resubmit(r->db, r->a, resubmit_of, c, r->now, &res)
	                 : case_create(r->db, r->a, c, r->now, &res);
	if (rc == CASE_OK || rc == CASE_DUPLICATE) {
		http_redirect(r, aprintf(r->a, "%s/%s", r->staff_id ? "/staff/cases" : "/my/requests",
		                         res.case_no));
		return;
	}
	if (case_refusal(r, rc, &res))
		request_form(r, 400, customer_id, c->order_no, resubmit_of);
}

void page_request_create(struct req *r)
{
	submit_case(r, r->customer_id, NULL);
}

void page_request_resubmit(struct req *r)
{
	submit_case(r, r->customer_id, r->arg[0]);
}

/* The plain next step of a case (workflow.c's case_next_step) under
 * prefix: .next (the words), .next_key and, while the goods are due back,
 * .next_by (" (by MM-DD)" of the ship-by day, shop's time). */
static void set_next_step(struct req *r, const char *prefix, const char *state, unsigned flags,
                          const char *ship_day)
{
	const char *key = case_next_step(state, flags);

	if (!key)
		return;
	view_setf(r->v, view_lang(r->v, key), "%s.next", prefix);
	view_setf(r->v, key, "%s.next_key", prefix);
	if (ship_day && strlen(ship_day) == 10 && strcmp(state, "awaiting_return") == 0) {
		/* "（截止 12-12）", " (by 12-12)": an ASCII bracket takes a space */
		const char *open = view_lang(r->v, "next_by_open");

		view_setf(r->v, aprintf(r->a, "%s%s %s%s", open[0] == '(' ? " " : "", open,
		                        ship_day + 5, view_lang(r->v, "next_by_close")),
		          "%s.next_by", prefix);
	}
}

void page_requests(struct req *r)
{
	struct case_summary *list;
	size_t n;
	bool more;
	const char *session;
	int page = req_page(r);
	enum db_err e;

	if ((e = cases_of_customer(r->db, r->a, r->customer_id, page, &list, &n, &more,
	                           &session)) != DB_OK) {
		http_db_error(r, e);
		return;
	}
	if (!req_session_confirm(r, session))
		return;
	for (size_t i = 0; i < n; i++) {
		const char *p = aprintf(r->a, "Page.cases.%zu", i);

		view_setf(r->v, list[i].items, "%s.items", p);
		if (list[i].photo_id)
			view_setf(r->v, aprintf(r->a, "%lld", list[i].photo_id), "%s.photo", p);
		set_next_step(r, p, list[i].state, list[i].fast_refund ? CF_FAST : 0,
		              list[i].ship_by ? shop_day(r, list[i].ship_by) : NULL);
		view_setf(r->v, list[i].case_no, "Page.cases.%zu.case_no", i);
		view_setf(r->v, list[i].order_no, "Page.cases.%zu.order_no", i);
		view_setf(r->v, list[i].state, "Page.cases.%zu.state", i);
		view_setf(r->v, label(r, "type", list[i].type), "Page.cases.%zu.type", i);
		view_setf(r->v, label(r, "state", list[i].state), "Page.cases.%zu.state_label", i);
		view_set_time(r->v, aprintf(r->a, "Page.cases.%zu.created_at", i), list[i].created_at);
		view_set_time(r->v, aprintf(r->a, "Page.cases.%zu.updated_at", i), list[i].updated_at);
		if (list[i].shop_replied)
			view_setf(r->v, "1", "Page.cases.%zu.shop_replied", i);
	}
	view_set(r->v, "Page.title_key", "requests_title");
	http_paging(r, page, more);
	http_page(r, 200, "requests.cs");
}

/* When did the case first see this action? 0: not yet. */
static time_t event_at(const struct case_view *cv, const char *action)
{
	for (size_t i = 0; i < cv->nevents; i++)
		if (strcmp(cv->events[i].action, action) == 0)
			return cv->events[i].at;
	return 0;
}

/* When was the refund issued that is live now: the first refund step after
 * the last one the payment system could not pay. 0: none. */
static time_t refund_live_at(const struct case_view *cv)
{
	time_t at = 0;

	for (size_t i = 0; i < cv->nevents; i++)
		if (strcmp(cv->events[i].action, "refund_failed") == 0)
			at = 0;
		else if (!at && strcmp(cv->events[i].action, "refund") == 0)
			at = cv->events[i].at;
	return at;
}

/* The refund's steps for the customer (DESIGN.md "Refund progress"), in
 * the order the case really takes them (a fast refund pays before the
 * goods come back): when each happened, when each next one is due, a
 * plain note when late; a completed case has no step left open. The
 * money reached the account on the payment system's date when it
 * confirmed one (refund_credit), else the estimate is its due date. The
 * amount and where it goes: the live refund's, else what is expected
 * (the amount asked, or the price less a deduction), back the way it was
 * paid (the order's payment method). */
static enum db_err fill_progress(struct req *r, const struct case_view *cv)
{
	struct sla_clocks clocks;
	const struct calendar *cal;
	time_t refund_at = refund_live_at(cv), credited_at = 0, refunded_due, credited_due;
	bool goods_back = strcmp(cv->type, "return_refund") == 0;
	bool fast = cv->fast_refund, done_case = strcmp(cv->state, "completed") == 0;
	struct {
		const char *key;
		time_t done, due;
	} steps[6];
	size_t n = 0;
	bool seen_next = false;
	/* working days a payment takes to reach the customer: the limit the
	 * case was opened under */
	int credit_days = cv->credit_days > 0 ? cv->credit_days : sla_default_limits.credit_days;
	long long amount = -1;
	enum db_err e;

	if (strcmp(cv->type, "refund_only") != 0 && !goods_back && !event_at(cv, "convert_to_refund"))
		return DB_OK;
	if (!goods_back && event_at(cv, "ship")) /* not received: sent again, no refund */
		return DB_OK;
	if ((e = sla_load(r->db, r->a, cv->id, &clocks)) != DB_OK ||
	    (e = calendar_current(r->db, cv->calendar_gen, &cal)) != DB_OK ||
	    (refund_at &&
	     (e = refund_credited_at(r->db, r->a, cv->id, &credited_at, &amount)) != DB_OK))
		return e;
	refunded_due = clocks.t[SLA_PAYOUT].due;
	credited_due = refund_at ? cal_add_working_days(cal, refund_at, credit_days) : 0;
	steps[n++] = (typeof(steps[0])){"progress_submitted", cv->created_at, 0};
	if (case_flags(cv) & CF_LOST) /* not received: the carrier is asked first */
		steps[n++] = (typeof(steps[0])){"progress_claimed", event_at(cv, "claim"),
		                                clocks.t[SLA_REVIEW].due};
	steps[n++] = (typeof(steps[0])){"progress_approved", event_at(cv, "approve"),
	                                case_flags(cv) & CF_LOST ? 0 : clocks.t[SLA_REVIEW].due};
	if (goods_back && !fast)
		steps[n++] = (typeof(steps[0])){"progress_received", event_at(cv, "receive"), 0};
	steps[n++] = (typeof(steps[0])){"progress_refunded", refund_at, refunded_due};
	steps[n++] = (typeof(steps[0])){"progress_credited", credited_at, credited_due};
	if (goods_back && fast) /* the money first, then the goods */
		steps[n++] = (typeof(steps[0])){"progress_received", event_at(cv, "receive"), 0};
	for (size_t i = 0; i < n; i++) {
		const char *p = aprintf(r->a, "Page.progress.%zu", i);
		const char *status = steps[i].done || done_case ? "done" : seen_next ? "todo" : "next";

		view_setf(r->v, view_lang(r->v, steps[i].key), "%s.label", p);
		view_set_time(r->v, aprintf(r->a, "%s.done", p), steps[i].done);
		if (!steps[i].done && !done_case && steps[i].due > 0) {
			view_set_time(r->v, aprintf(r->a, "%s.due", p), steps[i].due);
			if (!seen_next && r->now > steps[i].due)
				status = "late";
		}
		if (!steps[i].done && !done_case)
			seen_next = true;
		view_setf(r->v, status, "%s.status", p);
	}
	if (amount < 0 && cv->amount_fen >= 0)
		amount = cv->amount_fen;
	if (amount < 0 && cv->value_fen >= 0)
		amount = cv->value_fen - (cv->deduction_fen > 0 ? cv->deduction_fen : 0);
	if (amount >= 0) {
		const char *way = cv->payment_method
		                          ? view_lang(r->v, aprintf(r->a, "pay_%s", cv->payment_method))
		                          : NULL;
		char m[32];

		format_money(amount, m);
		view_set(r->v, "Page.refund_to.amount", m);
		/* "原路退回支付宝", "back to Alipay"; a method without words of its
		 * own: "back the way you paid" */
		if (way && strncmp(way, "pay_", 4) != 0) {
			const char *to = view_lang(r->v, "refund_to_way");

			view_set(r->v, "Page.refund_to.way",
			         aprintf(r->a, "%s%s%s", to, (unsigned char)to[0] < 0x80 ? " " : "", way));
		} else {
			view_set(r->v, "Page.refund_to.way", view_lang(r->v, "refund_to_plain"));
		}
	}
	return DB_OK;
}

/* A customer's POST on r->arg[0]'s case: false (404 sent) when it is not
 * theirs, before any field is looked at, so a stranger learns nothing. */
bool own_case(struct req *r)
{
	long long owner;
	enum db_err e;

	if (!r->customer_id)
		return true; /* staff: any case */
	if ((e = case_customer_of(r->db, r->a, r->arg[0], &owner)) != DB_OK) {
		http_db_error(r, e);
		return false;
	}
	if (owner != r->customer_id) {
		http_error(r, 404, "err_no_case");
		return false;
	}
	return true;
}

void post_message(struct req *r, const char *back)
{
	const char *body = req_form(r, "body");
	struct photo photo, *pp = NULL;
	struct case_result res;

	if (!own_case(r))
		return;
	if (!body || !*body || utf8_len(body, strlen(body)) > MESSAGE_MAX) {
		http_error(r, 400, "err_message");
		return;
	}
	for (size_t i = 0; i < r->files.n; i++) {
		const struct upload *u = &r->files.v[i];
		const char *mime;

		if (strcmp(u->field, "photo") != 0)
			continue;
		if (pp || !(mime = image_sniff(u->data, u->len))) {
			http_error(r, 400, "err_not_image");
			return;
		}
		photo = (struct photo){utf8_prefix(r->a, u->filename, 120), mime, u->data, u->len};
		pp = &photo;
	}
	if (!req_limit(r, LIMIT_MESSAGE, 1) || !req_limit(r, LIMIT_UPLOAD, pp ? 1 : 0))
		return;
	step_answer(r, message_add(r->db, r->a, r->arg[0], r->customer_id, r->staff_id, body, pp,
	                           r->now, &res),
	            &res, back);
}

void page_request_message(struct req *r)
{
	post_message(r, aprintf(r->a, "/my/requests/%s#messages", r->arg[0]));
}

/* The customer's case page; status 400 when a form on it comes back
 * with its field errors (Page.errors) and what was typed (Page.form). */
static void request_show(struct req *r, int status)
{
	struct case_view cv;
	struct actor me = {'c', r->customer_id, 0};
	enum db_err e;

	if (!case_page(r, r->customer_id, &cv))
		return;
	if ((e = case_seen_by_customer(r->db, cv.id)) != DB_OK ||
	    (e = fill_costs(r, cv.id, false)) != DB_OK) {
		http_db_error(r, e);
		return;
	}
	if (strcmp(cv.state, "cancelled") != 0 && strcmp(cv.state, "rejected") != 0 &&
	    strcmp(cv.state, "closed") != 0 && (e = fill_progress(r, &cv)) != DB_OK) {
		http_db_error(r, e);
		return;
	}
	fill_survey(r, cv.case_no, &cv.survey);
	if (!fill_return(r, &cv))
		return;
	set_next_step(r, "Page.case", cv.state, case_flags(&cv),
	              view_get(r->v, "Page.ret.ship_by", NULL));
	for (size_t i = 0; i < cv.nevents; i++) /* the staff's words of the last refusal */
		if (strcmp(cv.events[i].action, "reject") == 0)
			view_set(r->v, "Page.case.reject_reason", cv.events[i].note);
	for (size_t i = 0; i < cv.nevents; i++) /* closed by the ship-by job */
		if (strcmp(cv.events[i].action, "close") == 0 && cv.events[i].from_state &&
		    strcmp(cv.events[i].from_state, "awaiting_return") == 0)
			view_set(r->v, "Page.case.closed_unsent", "1");
	if (case_action_allowed(cv.state, cv.type, case_flags(&cv), &me, ACT_CANCEL))
		view_set(r->v, "Page.case.can_cancel", "1");
	if (case_action_allowed(cv.state, cv.type, case_flags(&cv), &me, ACT_APPEAL))
		view_set(r->v, "Page.case.can_appeal", "1");
	if (case_action_allowed(cv.state, cv.type, case_flags(&cv), &me, ACT_SHIPMENT)) {
		view_set(r->v, "Page.case.can_ship", "1");
		fill_choices(r);
	}
	view_set(r->v, "Page.message_action", aprintf(r->a, "/my/requests/%s/messages", cv.case_no));
	view_set(r->v, "Page.title_key", "request_title");
	http_page(r, status, "request.cs");
}

void page_request_view(struct req *r)
{
	request_show(r, 200);
}

#define NOTE_MAX 500 /* characters */

/* A short text field: required (1..max characters) or optional. */
static const char *text_field(struct req *r, const char *name, bool required)
{
	const char *v = req_form(r, name);

	if (v && !*v)
		v = NULL;
	if ((required && !v) || (v && utf8_len(v, strlen(v)) > NOTE_MAX))
		return http_field_error(r, name, "err_required"), NULL;
	return v;
}

/* A field error, remembering the first one's words: a form posted from
 * the case page comes back as a page that says what was wrong. */
void field_wrong(struct req *r, const char *field, const char *key)
{
	http_field_error(r, field, key);
	if (!view_get(r->v, "Page.first_error", NULL))
		view_set(r->v, "Page.first_error", key);
}

const char *first_error(struct req *r)
{
	return view_get(r->v, "Page.first_error", "err_bad_input");
}

/* The customer's shipment: a carrier of the list (another's name with
 * "other") and a tracking number of that carrier's shape. */
static void read_shipment(struct req *r, struct step *s)
{
	const char *code = carrier_from_name(req_form(r, "carrier"));
	const char *typed = req_form(r, "tracking_no");
	char *plain = amalloc(r->a, TRACKING_MAX + 1);
	const char *name;

	if (!code) {
		field_wrong(r, "carrier", "err_carrier");
		return;
	}
	name = label(r, "carrier", code);
	if (strcmp(code, "other") == 0 &&
	    (!(name = req_form(r, "carrier_name")) || !*name || !text_printable(name) ||
	     utf8_len(name, strlen(name)) > CARRIER_NAME_MAX)) {
		field_wrong(r, "carrier_name", "err_carrier_name");
		return;
	}
	if (!tracking_normalize(typed, plain, TRACKING_MAX + 1) || !tracking_shape_ok(code, plain)) {
		field_wrong(r, "tracking_no", "err_tracking_shape");
		return;
	}
	s->carrier = code;
	s->tracking_no = plain;
	s->note = aprintf(r->a, "%s %s", name, plain);
}

#define CLAIM_MAX 40 /* bytes: a carrier's claim number */

/* A partial inspection: the deduction (yuan, more than 0), why (the
 * note, required) and up to six photos. */
static void read_partial(struct req *r, struct step *s)
{
	const char *amount = req_form(r, "deduction");
	struct photo *photos = amalloc(r->a, CASE_PHOTOS_MAX * sizeof *photos);
	char m[32];

	if (!amount || parse_money(amount, &s->amount_fen) != 0 || s->amount_fen <= 0) {
		field_wrong(r, "deduction", "err_deduction");
		return;
	}
	if (!(s->note = text_field(r, "note", true))) {
		field_wrong(r, "note", "err_inspect_note");
		return;
	}
	for (size_t i = 0; i < r->files.n; i++) {
		const struct upload *u = &r->files.v[i];
		const char *mime;

		if (strcmp(u->field, "photo") != 0 || u->len == 0)
			continue;
		if (!(mime = image_sniff(u->data, u->len)) || s->nphotos == CASE_PHOTOS_MAX) {
			field_wrong(r, "photo", "err_not_image");
			return;
		}
		photos[s->nphotos++] = (struct photo){utf8_prefix(r->a, u->filename, 120), mime,
		                                      u->data, u->len};
	}
	s->photos = photos;
	format_money(s->amount_fen, m);
	s->note = aprintf(r->a, "%s ¥%s · %s", view_lang(r->v, "inspect_deduction"), m, s->note);
}

/* What the form of one step carries, by action (ROUTES.md). */
/* An optional cost of a step's form (yuan, or hours for "hours"): empty
 * or absent is none; else more than 0 and at most max hundredths. */
static void step_cost(struct req *r, const char *name, long long max, long long *out)
{
	const char *v = req_form(r, name);

	*out = 0;
	if (!v || !*v)
		return;
	if (parse_money(v, out) != 0 || *out <= 0 || *out > max) {
		*out = 0;
		http_field_error(r, name, "err_cost_amount");
	}
}

bool read_step(struct req *r, int act, struct step *s)
{
	const char *v = req_form(r, "version"), *amount;
	long long version = -1;
	int errors = r->field_errors;

	memset(s, 0, sizeof *s);
	s->act = act;
	if (v && parse_int(v, 1, 1000000000, &version) != 0)
		http_field_error(r, "version", "err_bad_input");
	s->expected_version = (int)version;
	switch (act) {
	case ACT_REJECT:
		s->note = text_field(r, "reason", true);
		break;
	case ACT_INSPECT_PASS:
	case ACT_INSPECT_FAIL:
		s->note = text_field(r, "note", act == ACT_INSPECT_FAIL);
		break;
	case ACT_INSPECT_PARTIAL:
		read_partial(r, s);
		break;
	case ACT_CLAIM:
		s->claim_no = text_field(r, "claim_no", true);
		if (s->claim_no && (strlen(s->claim_no) > CLAIM_MAX || !text_printable(s->claim_no))) {
			field_wrong(r, "claim_no", "err_claim_no");
			s->claim_no = NULL;
		}
		if (s->claim_no) {
			const char *note = text_field(r, "note", false);

			s->note = note ? aprintf(r->a, "%s %s · %s", view_lang(r->v, "claim_no"),
			                         s->claim_no, note)
			               : aprintf(r->a, "%s %s", view_lang(r->v, "claim_no"), s->claim_no);
		}
		break;
	case ACT_APPEAL:
		if (!(s->note = text_field(r, "reason", true)))
			field_wrong(r, "reason", "err_appeal_reason");
		break;
	case ACT_SHIPMENT:
		read_shipment(r, s);
		break;
	case ACT_SHIP: {
		const char *carrier = text_field(r, "carrier", true);
		const char *tracking = text_field(r, "tracking_no", true);

		if (carrier && tracking)
			s->note = aprintf(r->a, "%s %s", carrier, tracking);
		step_cost(r, "postage", COST_MAX_FEN, &s->cost_fen);
		break;
	}
	case ACT_REPAIRED: /* what the repair cost: parts and hours, both optional */
		s->note = text_field(r, "note", false);
		step_cost(r, "parts", COST_MAX_FEN, &s->cost_fen);
		step_cost(r, "hours", COST_HOURS_MAX, &s->hours100);
		break;
	case ACT_REFUND:
		amount = req_form(r, "amount");
		if (!amount || parse_money(amount, &s->amount_fen) != 0 || s->amount_fen <= 0)
			http_field_error(r, "amount", "err_amount");
		s->reference = text_field(r, "reference", true);
		if (s->reference && s->amount_fen > 0) {
			char m[32];

			format_money(s->amount_fen, m);
			s->note = aprintf(r->a, "¥%s %s", m, s->reference);
		}
		break;
	case ACT_ASSIGN:
		v = req_form(r, "staff_id");
		if (!v || parse_int(v, 1, (long long)1 << 53, &s->staff_id) != 0)
			http_field_error(r, "staff_id", "err_choose_staff");
		break;
	default:
		s->note = text_field(r, "note", false);
		break;
	}
	return r->field_errors == errors;
}

/* The answer to a step: back to the case page, or an error page that says
 * what happened. */
void step_answer(struct req *r, int rc, const struct case_result *res, const char *back)
{
	switch (rc) {
	case CASE_OK:
		http_redirect(r, back);
		return;
	case CASE_NOT_FOUND:
		http_error(r, 404, "err_no_case");
		return;
	case CASE_FORBIDDEN:
		http_error(r, 403, "err_role");
		return;
	case CASE_CONFLICT:
		/* "someone else just handled this": back to the case, not home */
		view_set(r->v, "Page.back", back);
		http_error(r, 409, "err_already_handled");
		return;
	case CASE_BAD_AMOUNT:
		http_error(r, 400, "err_refund_over");
		return;
	case CASE_BAD_STAFF:
		http_error(r, 400, "err_choose_staff");
		return;
	case CASE_BAD_DEDUCTION: {
		char m[32];

		format_money(res->bad_item, m);
		view_set(r->v, "Page.error_amount", m);
		http_error(r, 400, "err_deduction_over");
		return;
	}
	default:
		http_db_error(r, res->db);
		return;
	}
}

/* A customer's step on their own case: cancel, or the return shipment. */
static void customer_step(struct req *r, enum case_action act)
{
	struct actor me = {'c', r->customer_id, 0};
	struct case_result res;
	struct step s;

	int rc;

	if (!own_case(r))
		return;
	if (!read_step(r, act, &s)) {
		if (act == ACT_SHIPMENT) { /* the form again, errors next to its fields */
			view_set(r->v, "Page.form.carrier", req_form(r, "carrier"));
			view_set(r->v, "Page.form.carrier_name", req_form(r, "carrier_name"));
			view_set(r->v, "Page.form.tracking_no", req_form(r, "tracking_no"));
			request_show(r, 400);
		} else
			http_error(r, 400, first_error(r));
		return;
	}
	rc = case_transition(r->db, r->a, r->arg[0], &me, &s, r->now, &res);
	if (rc == CASE_CONFLICT && act == ACT_CANCEL) {
		http_error(r, 409, "err_cannot_cancel");
		return;
	}
	if (rc == CASE_CONFLICT && act == ACT_APPEAL) { /* once, and only a disputed inspection */
		view_set(r->v, "Page.back", aprintf(r->a, "/my/requests/%s", r->arg[0]));
		http_error(r, 409, "err_cannot_appeal");
		return;
	}
	step_answer(r, rc, &res, aprintf(r->a, "/my/requests/%s", r->arg[0]));
}

void page_request_cancel(struct req *r)
{
	customer_step(r, ACT_CANCEL);
}

void page_request_shipment(struct req *r)
{
	customer_step(r, ACT_SHIPMENT);
}

void page_request_appeal(struct req *r)
{
	customer_step(r, ACT_APPEAL);
}

void page_attachment(struct req *r)
{
	struct attachment att;
	long long id;
	enum db_err e;

	if (!req_arg_id(r, 0, &id))
		return;
	if ((e = attachment_get(r->db, r->a, id, r->customer_id, &att)) != DB_OK) {
		http_db_error(r, e);
		return;
	}
	if (att.id == 0) {
		http_error(r, 404, NULL);
		return;
	}
	http_header(r, "Content-Disposition", "inline");
	http_send(r, 200, att.mime, att.data, att.len);
}
