/*
 * fill.c — what several screens put into the view alike: the label of a
 * code (type, state, reason …), a case as both sides see it (Page.case:
 * items, timeline, photos, messages; case_page reads and fills it) and a
 * case's survey with its signed link, and how its goods come back
 * (Page.ret: address, postage, ship-by, shipment, pick-up).
 */
#include <stdio.h>
#include <string.h>

#include "cases.h"
#include "messages.h"
#include "pages.h"
#include "returns.h"
#include "sendback.h"
#include "session.h"
#include "surveys.h"
#include "view.h"

const char *label(struct req *r, const char *group, const char *name)
{
	/* Staff read the staff's own words where the customer's would speak
	 * to them ("Awaiting your return"): L.staff_<group>_<name> first. */
	if (r->staff_id) {
		const char *key = aprintf(r->a, "staff_%s_%s", group, name);
		const char *v = view_lang(r->v, key);

		if (v != key)
			return v;
	}
	return view_lang(r->v, aprintf(r->a, "%s_%s", group, name));
}

/* Page.case's not-received claim and disputed inspection: the claim
 * number; the deduction with what it leaves, the inspection's words, the
 * appeal and the manager's decision. */
static void fill_course(struct req *r, const struct case_view *cv)
{
	char m[32];

	if (cv->claim_no)
		view_set(r->v, "Page.case.claim_no", cv->claim_no);
	for (size_t i = 0; i < cv->nevents; i++) /* the last inspection's words */
		if (strncmp(cv->events[i].action, "inspect_", 8) == 0) {
			view_set(r->v, "Page.case.inspection.result", cv->events[i].action + 8);
			view_set(r->v, "Page.case.inspection.note", cv->events[i].note);
		}
	if (cv->deduction_fen >= 0) {
		long long paid = cv->value_fen > 0 ? cv->value_fen : 0; /* schema/023 */

		format_money(cv->deduction_fen, m);
		view_set(r->v, "Page.case.inspection.deduction", m);
		format_money(paid - cv->deduction_fen > 0 ? paid - cv->deduction_fen : 0, m);
		view_set(r->v, "Page.case.inspection.refund", m);
		format_money(paid, m);
		view_set(r->v, "Page.case.inspection.paid", m);
	}
	if (cv->appealed_at) {
		view_set_time(r->v, "Page.case.appeal.at", cv->appealed_at);
		view_set(r->v, "Page.case.appeal.reason", cv->appeal_reason);
		if (cv->appeal_decision) {
			view_set(r->v, "Page.case.appeal.decision", cv->appeal_decision);
			view_set(r->v, "Page.case.appeal.decision_label",
			         label(r, "appeal", cv->appeal_decision));
		}
	}
}

/* Page.case: everything about a case that both sides see. */
void fill_case(struct req *r, const struct case_view *cv)
{
	char m[32];

	view_set(r->v, "Page.case.case_no", cv->case_no);
	view_set(r->v, "Page.case.order_no", cv->order_no);
	view_set(r->v, "Page.case.state", cv->state);
	view_set(r->v, "Page.case.state_label", label(r, "state", cv->state));
	view_set(r->v, "Page.case.type", label(r, "type", cv->type));
	view_set(r->v, "Page.case.reason", label(r, "reason", cv->reason));
	view_set(r->v, "Page.case.description", cv->description);
	view_set(r->v, "Page.case.channel", label(r, "channel", cv->channel));
	view_set_int(r->v, "Page.case.version", cv->version);
	view_set_int(r->v, "Page.case.revision", cv->revision);
	view_set_time(r->v, "Page.case.created_at", cv->created_at);
	if (cv->amount_fen >= 0) {
		format_money(cv->amount_fen, m);
		view_set(r->v, "Page.case.amount", m);
	}
	if (cv->repair_mode)
		view_set(r->v, "Page.case.repair_mode", label(r, "repair", cv->repair_mode));
	view_set(r->v, "Page.case.variant", cv->variant);
	view_set(r->v, "Page.case.visit_address", cv->visit_address);
	view_set(r->v, "Page.case.visit_slot", cv->visit_slot);
	if (cv->fast_refund)
		view_set(r->v, "Page.case.fast_refund", "1");
	if (cv->assignee_name)
		view_set(r->v, "Page.case.assignee", cv->assignee_name);
	for (size_t i = 0; i < cv->nitems; i++) {
		view_setf(r->v, cv->items[i].name, "Page.case.items.%zu.name", i);
		view_setf(r->v, cv->items[i].sku, "Page.case.items.%zu.sku", i);
		view_setf(r->v, aprintf(r->a, "%d", cv->items[i].qty), "Page.case.items.%zu.qty", i);
	}
	for (size_t i = 0; i < cv->nevents; i++) {
		const struct case_event *ev = &cv->events[i];
		const char *who = ev->actor_kind == 'c'   ? (r->customer_id ? "you" : "customer")
		                  : ev->actor_kind == 's' ? "staff"
		                                          : "system";
		const char *actor = aprintf(r->a, "actor_%s", who);
		/* A line reads as a sentence: "Approved by the service team",
		 * from L.tl_<action> (the button's L.action_<action> when an
		 * action has no such text yet). */
		const char *done = aprintf(r->a, "tl_%s", ev->action);
		const char *said = view_lang(r->v, done);

		view_set_time(r->v, aprintf(r->a, "Page.case.events.%zu.at", i), ev->at);
		view_setf(r->v, said != done ? said : label(r, "action", ev->action),
		          "Page.case.events.%zu.action", i);
		view_setf(r->v, view_lang(r->v, aprintf(r->a, "by_%s", who)), "Page.case.events.%zu.by", i);
		view_setf(r->v, label(r, "state", ev->to_state), "Page.case.events.%zu.to", i);
		view_setf(r->v, ev->note, "Page.case.events.%zu.note", i);
		view_setf(r->v, view_lang(r->v, actor), "Page.case.events.%zu.actor", i);
		if (r->staff_id && ev->actor_name)
			view_setf(r->v, ev->actor_name, "Page.case.events.%zu.actor_name", i);
	}
	for (size_t i = 0, n = 0, k = 0; i < cv->nphotos; i++) {
		/* the inspection's photos go with its verdict, apart */
		const char *p = cv->photos[i].inspection
		                        ? aprintf(r->a, "Page.case.inspection.photos.%zu", k++)
		                        : aprintf(r->a, "Page.case.photos.%zu", n++);

		view_setf(r->v, aprintf(r->a, "%lld", cv->photos[i].id), "%s.id", p);
		view_setf(r->v, cv->photos[i].filename, "%s.filename", p);
	}
	fill_course(r, cv);
}

static void fill_messages(struct req *r, const struct case_view *cv)
{
	for (size_t i = 0; i < cv->nmessages; i++) {
		const struct message *m = &cv->messages[i];
		const char *p = aprintf(r->a, "Page.case.messages.%zu", i);
		bool mine = (m->author_kind == 'c') == (r->customer_id != 0);

		view_setf(r->v, m->author_kind == 'c' ? "customer" : "staff", "%s.kind", p);
		view_setf(r->v, mine ? "1" : "0", "%s.mine", p);
		view_setf(r->v, view_lang(r->v, m->author_kind == 'c'
		                                    ? (r->customer_id ? "actor_you" : "actor_customer")
		                                    : "actor_staff"), "%s.who", p);
		if (r->staff_id)
			view_setf(r->v, m->author_name, "%s.name", p);
		view_setf(r->v, m->body, "%s.body", p);
		view_set_time(r->v, aprintf(r->a, "%s.at", p), m->at);
		if (m->attachment_id)
			view_setf(r->v, aprintf(r->a, "%lld", m->attachment_id), "%s.photo", p);
	}
}

bool case_page(struct req *r, long long customer_id, struct case_view *cv)
{
	enum db_err e = case_get(r->db, r->a, customer_id, r->arg[0], cv);

	if (e == DB_OK && !req_session_confirm(r, cv->session))
		return false;
	if (e == DB_OK && cv->id) {
		fill_case(r, cv);
		fill_messages(r, cv);
	}
	if (e != DB_OK)
		http_db_error(r, e);
	else if (cv->id == 0)
		http_error(r, 404, "err_no_case");
	return e == DB_OK && cv->id != 0;
}

/* The signed link of a case's invitation: /survey/<case_no>.<expires>.<mac>,
 * the MAC over both (sign_string), so a link names one invitation and
 * cannot be stretched past its expiry. */
static const char *survey_mac(struct req *r, const char *case_no, long long expires)
{
	return sign_string(r->a, &r->app->keys, aprintf(r->a, "survey\n%s\n%lld", case_no, expires));
}

const char *survey_link(struct req *r, const char *case_no, time_t expires)
{
	return aprintf(r->a, "/survey/%s.%lld.%s", case_no, (long long)expires,
	               survey_mac(r, case_no, (long long)expires));
}

void fill_survey(struct req *r, const char *case_no, const struct survey *s)
{
	if (!s->case_id)
		return;
	if (s->answered_at) {
		view_set(r->v, "Page.survey.state", "answered");
		for (int q = 0; q < SQ__MAX && r->staff_id; q++) {
			const char *p = aprintf(r->a, "Page.survey.answers.%d", q);

			view_setf(r->v, survey_q_names[q], "%s.name", p);
			view_setf(r->v, view_lang(r->v, aprintf(r->a, "survey_%s", survey_q_names[q])),
			          "%s.label", p);
			view_setf(r->v, aprintf(r->a, "%d", s->score[q]), "%s.value", p);
		}
		if (r->staff_id)
			view_set(r->v, "Page.survey.comment", s->comment);
	} else if (r->now > s->expires_at) {
		view_set(r->v, "Page.survey.state", "expired");
	} else {
		view_set(r->v, "Page.survey.state", "invited");
		if (r->staff_id)
			view_set(r->v, "Page.survey.link", survey_link(r, case_no, s->expires_at));
	}
}

/* Page.questions: each question's name, label, its answers and the one
 * the form came back with. */
void fill_survey_questions(struct req *r)
{
	for (int q = 0; q < SQ__MAX; q++) {
		const char *p = aprintf(r->a, "Page.questions.%d", q);

		view_setf(r->v, survey_q_names[q], "%s.name", p);
		view_setf(r->v, view_lang(r->v, aprintf(r->a, "survey_%s", survey_q_names[q])), "%s.label", p);
		int lo = survey_q_min((enum survey_q)q), hi = survey_q_max((enum survey_q)q);
		/* Each point of a short scale has its words (1 = very
		 * dissatisfied … 5 = very satisfied); a long one (0–10) its ends. */
		const char *scale = hi - lo <= 4 ? "five" : "long";

		view_setf(r->v, scale, "%s.scale", p);
		for (int v = lo; v <= hi; v++) {
			view_setf(r->v, aprintf(r->a, "%d", v), "%s.values.%d", p, v);
			if (hi - lo <= 4)
				view_setf(r->v, view_lang(r->v, aprintf(r->a, "survey_scale_%d", v - lo + 1)),
				          "%s.values.%d.text", p, v);
		}
		view_setf(r->v, aprintf(r->a, "%d", lo), "%s.lo", p);
		view_setf(r->v, aprintf(r->a, "%d", hi), "%s.hi", p);
		view_setf(r->v, req_form(r, survey_q_names[q]), "%s.chosen", p);
	}
}

/* The answers of the form into score; false with field errors. */
bool read_survey_answers(struct req *r, int score[], const char **comment)
{
	int errors = r->field_errors;

	for (int q = 0; q < SQ__MAX; q++) {
		const char *v = req_form(r, survey_q_names[q]);
		long long n;

		if (!v || parse_int(v, survey_q_min((enum survey_q)q), survey_q_max((enum survey_q)q),
		                    &n) != 0)
			http_field_error(r, survey_q_names[q], "err_survey_choose");
		else
			score[q] = (int)n;
	}
	*comment = req_form(r, "comment");
	if (*comment && utf8_len(*comment, strlen(*comment)) > SURVEY_COMMENT_MAX)
		http_field_error(r, "comment", "err_too_long");
	return r->field_errors == errors;
}

/* "YYYY-MM-DD" of t, shop's time, in the request's arena. */
const char *shop_day(struct req *r, time_t t)
{
	char *day = amalloc(r->a, 11);

	format_local_date(t, day);
	return day;
}

bool fill_return(struct req *r, const struct case_view *cv)
{
	struct return_view rv;
	enum db_err e;

	if (strcmp(cv->state, "awaiting_return") != 0 && strcmp(cv->state, "return_in_transit") != 0)
		return true;
	if ((e = return_view_load(r->db, r->a, cv, &rv)) != DB_OK) {
		http_db_error(r, e);
		return false;
	}
	view_set(r->v, "Page.ret.address", rv.address);
	view_set(r->v, "Page.ret.payer", rv.payer);
	view_set(r->v, "Page.ret.payer_label", label(r, "postage", rv.payer));
	if (rv.ship_by) {
		view_set(r->v, "Page.ret.ship_by", shop_day(r, rv.ship_by));
		if (r->now > rv.ship_by)
			view_set(r->v, "Page.ret.late", "1");
	}
	if (rv.tracking_no) {
		view_set(r->v, "Page.ret.carrier", label(r, "carrier", rv.carrier));
		view_set(r->v, "Page.ret.tracking_no", rv.tracking_no);
	}
	if (rv.pickup.day) {
		view_set(r->v, "Page.ret.pickup.day", rv.pickup.day);
		view_set(r->v, "Page.ret.pickup.window", rv.pickup.window);
		view_set(r->v, "Page.ret.pickup.address", rv.pickup.address);
		view_set(r->v, "Page.ret.pickup.state", rv.pickup.state);
		view_set(r->v, "Page.ret.pickup.state_label", label(r, "pickup", rv.pickup.state));
	}
	return true;
}

void fill_choices(struct req *r)
{
	const char *code, *w;

	for (size_t i = 0; (code = carrier_code(i)); i++) {
		view_setf(r->v, code, "Page.carriers.%zu.code", i);
		view_setf(r->v, label(r, "carrier", code), "Page.carriers.%zu.label", i);
	}
	for (size_t i = 0; (w = pickup_window(i)); i++)
		view_setf(r->v, w, "Page.windows.%zu", i);
	view_set(r->v, "Page.pickup_min", shop_day(r, r->now));
	view_set(r->v, "Page.pickup_max", shop_day(r, r->now + 14 * 86400));
}
