/*
 * rules.c — eligibility of an order item for an after-sales request
 * (DESIGN.md §3). Pure decisions over the policy, the category and the
 * facts the caller loaded; the same answer on /my/orders and on submit.
 */
#include <limits.h>
#include <string.h>

#include "rules.h"

#define DAY 86400

const char *const case_type_names[TYPE__MAX] = {
	[TYPE_RETURN_REFUND] = "return_refund",
	[TYPE_EXCHANGE] = "exchange",
	[TYPE_REFUND_ONLY] = "refund_only",
	[TYPE_REPAIR] = "repair",
};

const char *const reason_names[REASON__MAX] = {
	[REASON_QUALITY_DEFECT] = "quality_defect",
	[REASON_NOT_AS_DESCRIBED] = "not_as_described",
	[REASON_DAMAGED_IN_TRANSIT] = "damaged_in_transit",
	[REASON_WRONG_ITEM] = "wrong_item",
	[REASON_MISSING_PARTS] = "missing_parts",
	[REASON_NO_REASON] = "no_reason",
	[REASON_OTHER] = "other",
	[REASON_NOT_RECEIVED] = "not_received",
};

static const char *const why_keys[] = {
	[WHY_OK] = "why_ok",
	[WHY_NOT_DELIVERED] = "why_not_delivered",
	[WHY_WINDOW_PASSED] = "why_window_passed",
	[WHY_CATEGORY] = "why_category",
	[WHY_IN_OPEN_CASE] = "why_in_open_case",
	[WHY_NOTHING_LEFT] = "why_nothing_left",
	[WHY_REASON_TYPE] = "why_reason_type",
};

/* What an unknown category gets: nothing but refund_only and repair
 * within the shop-wide windows. */
static const struct category_rule strictest_category = {false, false, 0};

static int name_index(const char *const *names, int n, const char *name)
{
	if (!name)
		return -1;
	for (int i = 0; i < n; i++)
		if (strcmp(names[i], name) == 0)
			return i;
	return -1;
}

int case_type_from_name(const char *name)
{
	return name_index(case_type_names, TYPE__MAX, name);
}

const char *const channel_names[CHANNEL__MAX] = {
	[CHANNEL_ONLINE] = "online", [CHANNEL_PHONE] = "phone", [CHANNEL_EMAIL] = "email",
	[CHANNEL_CHAT] = "chat",     [CHANNEL_SOCIAL] = "social",
};

int channel_from_name(const char *name)
{
	return name_index(channel_names, CHANNEL__MAX, name);
}

int reason_from_name(const char *name)
{
	return name_index(reason_names, REASON__MAX, name);
}

const char *why_not_key(enum why_not w)
{
	if ((unsigned)w < sizeof why_keys / sizeof why_keys[0])
		return why_keys[w];
	return "why_category"; /* never: a generic "not available" */
}

/* Days after delivery that this type, for this (real) reason, may be asked. */
static int window_days(const struct policy *p, const struct category_rule *c,
                       enum case_type t, int reason)
{
	switch (t) {
	case TYPE_RETURN_REFUND:
		return reason == REASON_NO_REASON ? p->no_reason_days
		                                  : p->quality_return_days;
	case TYPE_EXCHANGE:
		return p->quality_exchange_days;
	case TYPE_REFUND_ONLY:
		return p->refund_only_days;
	case TYPE_REPAIR:
	case TYPE__MAX:
		break;
	}
	return c->warranty_days > p->quality_repair_days ? c->warranty_days
	                                                 : p->quality_repair_days;
}

/* Does the category allow this type for this reason at all? */
static bool category_allows(const struct category_rule *c, enum case_type t,
                            int reason)
{
	switch (t) {
	case TYPE_RETURN_REFUND:
		return c->returnable && (reason != REASON_NO_REASON || c->no_reason_ok);
	case TYPE_EXCHANGE:
		return c->returnable;
	case TYPE_REFUND_ONLY:
	case TYPE_REPAIR:
	case TYPE__MAX:
		break;
	}
	return true;
}

/* One type with one real reason. out already carries qty_available and
 * refundable_fen; sets why and, for a window verdict, until. The order of
 * the checks is the order of the explanations a customer can act on. */
static void check_one(const struct policy *p, const struct category_rule *c,
                      const struct item_facts *f, time_t now, enum case_type t,
                      int reason, struct verdict *out)
{
	time_t last;
	int days;

	out->why = WHY_OK;
	out->until = 0;
	if (reason == REASON_NOT_RECEIVED && t != TYPE_REFUND_ONLY) {
		out->why = WHY_REASON_TYPE;
		return;
	}
	if (f->delivered_at == 0 && reason != REASON_NOT_RECEIVED) {
		out->why = WHY_NOT_DELIVERED;
		return;
	}
	if (reason == REASON_NO_REASON && t != TYPE_RETURN_REFUND) {
		out->why = WHY_REASON_TYPE;
		return;
	}
	if (!category_allows(c, t, reason)) {
		out->why = WHY_CATEGORY;
		return;
	}
	if (t == TYPE_REFUND_ONLY) {
		/* Money is what a refund takes; units only matter while some
		 * of them wait in another case. */
		if (out->refundable_fen <= 0)
			out->why = WHY_NOTHING_LEFT;
		else if (out->qty_available <= 0 && f->qty_open > 0)
			out->why = WHY_IN_OPEN_CASE;
	} else if (out->qty_available <= 0) {
		out->why = f->qty_open > 0 ? WHY_IN_OPEN_CASE : WHY_NOTHING_LEFT;
	}
	if (out->why != WHY_OK || f->delivered_at == 0)
		return; /* not received: no delivery, no window */

	days = window_days(p, c, t, reason);
	if (days < 0)
		days = 0;
	last = f->delivered_at + (time_t)days * DAY - 1;
	out->until = last;
	/* A zero-day window is closed even for a delivery time in the future. */
	if (days == 0 || now > last)
		out->why = WHY_WINDOW_PASSED;
}

void rules_check(const struct policy *p, const struct category_rule *c,
                 const struct item_facts *f, time_t now, enum case_type t,
                 int reason, struct verdict *out)
{
	long long avail = (long long)f->qty - f->qty_open - f->qty_returned;
	long long fen;

	memset(out, 0, sizeof *out);
	out->qty_available = avail <= 0 ? 0 : avail > INT_MAX ? INT_MAX : (int)avail;
	if (__builtin_sub_overflow(f->paid_fen, f->refunded_fen, &fen) || fen < 0)
		fen = 0;
	out->refundable_fen = fen;
	if (!c)
		c = &strictest_category;
	if ((unsigned)t >= TYPE__MAX || reason < -1 || reason >= REASON__MAX) {
		out->why = WHY_REASON_TYPE;
		return;
	}

	if (reason == -1 && t == TYPE_RETURN_REFUND) {
		/* Most generous reading: OK if a no-reason or a quality return is
		 * OK, until the later of the two. If neither is, explain with the
		 * quality return (a customer with a defect cares about that one),
		 * except where the no-reason verdict says more: both windows
		 * closed (report the one that closed last), or the category
		 * refuses returns while only a window stops no-reason ones. */
		struct verdict nr = *out, q = *out;

		check_one(p, c, f, now, t, REASON_NO_REASON, &nr);
		check_one(p, c, f, now, t, REASON_QUALITY_DEFECT, &q);
		if (nr.why == WHY_OK || q.why == WHY_OK) {
			out->why = WHY_OK;
			out->no_reason = nr.why == WHY_OK;
			if (q.why != WHY_OK || (nr.why == WHY_OK && nr.until > q.until))
				out->until = nr.until;
			else
				out->until = q.until;
		} else if ((q.why == WHY_CATEGORY && nr.why == WHY_WINDOW_PASSED) ||
		           (q.why == WHY_WINDOW_PASSED && nr.why == WHY_WINDOW_PASSED &&
		            nr.until > q.until)) {
			*out = nr;
		} else {
			*out = q;
		}
		return;
	}
	if (reason == -1)
		reason = t == TYPE_REFUND_ONLY && f->delivered_at == 0 ? REASON_NOT_RECEIVED
		                                                     : REASON_QUALITY_DEFECT;
	check_one(p, c, f, now, t, reason, out);
	out->no_reason = t == TYPE_RETURN_REFUND && reason == REASON_NO_REASON &&
	                 out->why == WHY_OK;
}
