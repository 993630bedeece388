/*
 * workflow.c — the state table of a case (DESIGN.md §3): from which state
 * which action leads where, for which case types, under which facts of the
 * case, and who may take it. Pure: domain/case_step.c applies it inside its
 * transactions; tests/unit checks it against a list written from the
 * design, and tests/http drives every action over HTTP from its rows.
 */
#include <stdio.h>
#include <string.h>

#include "roles.h"
#include "workflow.h"

#define NELEM(x) (sizeof(x) / sizeof((x)[0]))

const char *const case_action_names[ACT__MAX] = {
	[ACT_CANCEL] = "cancel",
	[ACT_APPROVE] = "approve",
	[ACT_REJECT] = "reject",
	[ACT_SHIPMENT] = "shipment",
	[ACT_RECEIVE] = "receive",
	[ACT_INSPECT_PASS] = "inspect_pass",
	[ACT_INSPECT_FAIL] = "inspect_fail",
	[ACT_REFUND] = "refund",
	[ACT_SHIP] = "ship",
	[ACT_CONVERT_TO_REFUND] = "convert_to_refund",
	[ACT_ASSIGN] = "assign",
	[ACT_ARRIVE] = "arrive",
	[ACT_REPAIRED] = "repaired",
	[ACT_COMPLETE] = "complete",
	[ACT_CLOSE] = "close",
	[ACT_REFUND_FAIL] = "refund_failed",
	[ACT_PICKUP] = "pickup",
	[ACT_CLAIM] = "claim",
	[ACT_INSPECT_PARTIAL] = "inspect_partial",
	[ACT_APPEAL] = "appeal",
	[ACT_APPEAL_UPHOLD] = "appeal_uphold",
	[ACT_APPEAL_GRANT] = "appeal_grant",
};

int case_action_from_name(const char *name)
{
	for (int i = 0; i < ACT__MAX; i++)
		if (strcmp(case_action_names[i], name) == 0)
			return i;
	return -1;
}

/* The states; final ones end the case. */
static const struct {
	const char *name;
	bool final;
} states[] = {
	{"submitted", false},        {"approved", false},
	{"awaiting_return", false},  {"return_in_transit", false},
	{"received", false},
	{"inspected", false},        {"refund_pending", false},
	{"refund_approval", false},  {"refunded", false},
	{"replacement_shipped", false}, {"technician_assigned", false},
	{"on_site", false},          {"repaired", false},
	{"shipped_back", false},     {"returned_to_customer", false},
	{"carrier_check", false},    {"appealed", false},
	{"rejected", true},          {"cancelled", true},
	{"closed", true},            {"completed", true},
};

const char *case_state_name(size_t i)
{
	return i < NELEM(states) ? states[i].name : NULL;
}

static int state_index(const char *s)
{
	for (size_t i = 0; i < NELEM(states); i++)
		if (strcmp(states[i].name, s) == 0)
			return (int)i;
	return -1;
}

bool case_state_valid(const char *s)
{
	return state_index(s) >= 0;
}

bool case_state_final(const char *s)
{
	int i = state_index(s);

	return i >= 0 && states[i].final;
}

/* The state table: from, action, the case types it applies to, the facts
 * it needs ((flags & mask) == want), to, who may take it. "*" as from is
 * any state that is not final, and "=" as to is "stays where it is": the
 * first row that fits wins, so a specific row goes before a "*" one. A
 * manager may take every staff action; some rows are the manager's alone. */
#define BY_CUSTOMER 0x10000u
#define BY_SYSTEM 0x20000u /* the payment system (the API), no person: not a manager either */
#define T(x) (1u << TYPE_##x)
#define ALL_TYPES ((1u << TYPE__MAX) - 1)
#define GOODS_BACK (T(RETURN_REFUND) | T(EXCHANGE))
#define PAID_BACK (T(RETURN_REFUND) | T(REFUND_ONLY) | T(EXCHANGE))
#define ANY 0, 0
#define FAST CF_FAST, CF_FAST
#define SLOW CF_FAST, 0
#define ONSITE CF_ONSITE, CF_ONSITE
#define MAILIN CF_ONSITE, 0
#define LOST CF_LOST, CF_LOST
#define NOT_LOST CF_LOST, 0
struct transition {
	const char *from;
	enum case_action act;
	unsigned types;
	unsigned mask, want;
	const char *to;
	unsigned who; /* role bits, BY_CUSTOMER */
};

static const struct transition transitions[] = {
	/* review */
	{"submitted", ACT_APPROVE, T(RETURN_REFUND), FAST, "refund_pending", ROLE_AGENT},
	{"submitted", ACT_APPROVE, GOODS_BACK, SLOW, "awaiting_return", ROLE_AGENT},
	{"submitted", ACT_APPROVE, T(REFUND_ONLY), NOT_LOST, "refund_pending", ROLE_AGENT},
	{"submitted", ACT_APPROVE, T(REPAIR), ONSITE, "approved", ROLE_AGENT | ROLE_TECH},
	{"submitted", ACT_APPROVE, T(REPAIR), MAILIN, "awaiting_return", ROLE_AGENT | ROLE_TECH},
	{"submitted", ACT_REJECT, ALL_TYPES, ANY, "rejected", ROLE_AGENT | ROLE_TECH},
	/* the customer may cancel until the goods are sent or the money is out */
	{"submitted", ACT_CANCEL, ALL_TYPES, ANY, "cancelled", BY_CUSTOMER},
	{"approved", ACT_CANCEL, T(REPAIR), ANY, "cancelled", BY_CUSTOMER},
	{"refund_pending", ACT_CANCEL, T(RETURN_REFUND), FAST, "cancelled", BY_CUSTOMER},
	{"awaiting_return", ACT_CANCEL, GOODS_BACK, SLOW, "cancelled", BY_CUSTOMER},
	{"awaiting_return", ACT_CANCEL, T(REPAIR), ANY, "cancelled", BY_CUSTOMER},
	/* goods back: the customer's parcel, the warehouse */
	/* goods back: the customer's parcel (or the courier's pick-up, confirmed
	 * by logistics) is on its way; the warehouse receives it, also when it
	 * came without a word. Not sent by the ship-by date and its grace: the
	 * worker closes the case (not a fast refund's: its money is out). */
	{"awaiting_return", ACT_SHIPMENT, GOODS_BACK | T(REPAIR), ANY, "return_in_transit",
	 BY_CUSTOMER},
	{"awaiting_return", ACT_PICKUP, GOODS_BACK | T(REPAIR), ANY, "return_in_transit",
	 ROLE_LOGISTICS},
	{"awaiting_return", ACT_RECEIVE, GOODS_BACK | T(REPAIR), ANY, "received", ROLE_WAREHOUSE},
	{"return_in_transit", ACT_RECEIVE, GOODS_BACK | T(REPAIR), ANY, "received", ROLE_WAREHOUSE},
	{"awaiting_return", ACT_CLOSE, GOODS_BACK, SLOW, "closed", BY_SYSTEM},
	{"awaiting_return", ACT_CLOSE, T(REPAIR), ANY, "closed", BY_SYSTEM},
	{"received", ACT_INSPECT_PASS, T(RETURN_REFUND), SLOW, "refund_pending", ROLE_WAREHOUSE},
	{"received", ACT_INSPECT_PASS, T(RETURN_REFUND), FAST, "completed", ROLE_WAREHOUSE},
	{"received", ACT_INSPECT_PASS, T(EXCHANGE), ANY, "inspected", ROLE_WAREHOUSE},
	{"received", ACT_INSPECT_FAIL, GOODS_BACK, ANY, "returned_to_customer", ROLE_WAREHOUSE},
	{"returned_to_customer", ACT_CLOSE, GOODS_BACK, ANY, "closed", ROLE_AGENT | ROLE_LOGISTICS},
	/* exchange */
	{"inspected", ACT_SHIP, T(EXCHANGE), ANY, "replacement_shipped", ROLE_LOGISTICS},
	{"inspected", ACT_CONVERT_TO_REFUND, T(EXCHANGE), ANY, "refund_pending",
	 ROLE_LOGISTICS | ROLE_AGENT},
	{"replacement_shipped", ACT_COMPLETE, T(EXCHANGE), ANY, "completed",
	 ROLE_LOGISTICS | ROLE_AGENT},
	/* refunds: a fast one is paid before the goods come back; one over the
	 * threshold for a high-risk customer waits for a manager */
	{"refund_pending", ACT_REFUND, T(RETURN_REFUND), CF_FAST | CF_HOLD, CF_FAST,
	 "awaiting_return", ROLE_FINANCE},
	{"refund_pending", ACT_REFUND, PAID_BACK, CF_FAST | CF_HOLD, 0, "refunded", ROLE_FINANCE},
	{"refund_pending", ACT_REFUND, PAID_BACK, CF_HOLD, CF_HOLD, "refund_approval",
	 ROLE_FINANCE},
	{"refund_approval", ACT_REFUND, PAID_BACK, ANY, "refunded", ROLE_MANAGER},
	{"refunded", ACT_COMPLETE, PAID_BACK, ANY, "completed", ROLE_FINANCE | ROLE_AGENT},
	/* the payment system could not pay it: back to finance's queue. Only
	 * while the money is out and nothing else moved (not after a fast
	 * refund's case went on with the goods, nor once completed) */
	{"refunded", ACT_REFUND_FAIL, PAID_BACK, ANY, "refund_pending", BY_SYSTEM},
	/* repair: on-site (assign → arrive → repaired) or mailed in
	 * (received → repaired → shipped back) */
	{"approved", ACT_ASSIGN, T(REPAIR), ONSITE, "technician_assigned",
	 ROLE_AGENT | ROLE_LOGISTICS | ROLE_TECH},
	{"technician_assigned", ACT_ARRIVE, T(REPAIR), ONSITE, "on_site", ROLE_TECH},
	{"on_site", ACT_REPAIRED, T(REPAIR), ONSITE, "repaired", ROLE_TECH},
	{"received", ACT_REPAIRED, T(REPAIR), MAILIN, "repaired", ROLE_TECH},
	{"repaired", ACT_SHIP, T(REPAIR), MAILIN, "shipped_back", ROLE_LOGISTICS},
	{"repaired", ACT_COMPLETE, T(REPAIR), ONSITE, "completed", ROLE_TECH | ROLE_AGENT},
	{"shipped_back", ACT_COMPLETE, T(REPAIR), MAILIN, "completed",
	 ROLE_LOGISTICS | ROLE_AGENT},
	/* not received: logistics checks with the carrier (a claim number),
	 * then refunds (finance pays), reships, or finds it was delivered */
	{"submitted", ACT_CLAIM, T(REFUND_ONLY), LOST, "carrier_check", ROLE_LOGISTICS},
	{"carrier_check", ACT_APPROVE, T(REFUND_ONLY), LOST, "refund_pending", ROLE_LOGISTICS},
	{"carrier_check", ACT_SHIP, T(REFUND_ONLY), LOST, "replacement_shipped", ROLE_LOGISTICS},
	{"carrier_check", ACT_REJECT, T(REFUND_ONLY), LOST, "rejected", ROLE_LOGISTICS},
	{"carrier_check", ACT_CANCEL, T(REFUND_ONLY), LOST, "cancelled", BY_CUSTOMER},
	{"replacement_shipped", ACT_COMPLETE, T(REFUND_ONLY), LOST, "completed",
	 ROLE_LOGISTICS | ROLE_AGENT},
	/* a disputed inspection: worn or incomplete goods are refunded less a
	 * deduction; the customer may appeal a partial or failed inspection
	 * once, and a manager keeps the verdict or refunds the deduction */
	{"received", ACT_INSPECT_PARTIAL, T(RETURN_REFUND), SLOW, "refund_pending", ROLE_WAREHOUSE},
	{"refund_pending", ACT_APPEAL, T(RETURN_REFUND), CF_FAST | CF_PARTIAL | CF_APPEALED,
	 CF_PARTIAL, "appealed", BY_CUSTOMER},
	{"returned_to_customer", ACT_APPEAL, T(RETURN_REFUND), CF_APPEALED, 0, "appealed",
	 BY_CUSTOMER},
	{"appealed", ACT_APPEAL_UPHOLD, T(RETURN_REFUND), CF_PARTIAL, CF_PARTIAL, "refund_pending",
	 ROLE_MANAGER},
	{"appealed", ACT_APPEAL_UPHOLD, T(RETURN_REFUND), CF_PARTIAL, 0, "returned_to_customer",
	 ROLE_MANAGER},
	{"appealed", ACT_APPEAL_GRANT, T(RETURN_REFUND), ANY, "refund_pending", ROLE_MANAGER},
	/* who handles an open case */
	{"*", ACT_ASSIGN, ALL_TYPES, ANY, "=", ROLE_AGENT | ROLE_LOGISTICS | ROLE_TECH},
};
#undef T

static bool from_fits(const char *from, const char *state)
{
	if (strcmp(from, "*") == 0)
		return case_state_valid(state) && !case_state_final(state);
	return strcmp(from, state) == 0;
}

static const struct transition *find_transition(const char *state, const char *type,
                                                unsigned flags, enum case_action act)
{
	int t = case_type_from_name(type);

	if (t < 0)
		return NULL;
	for (size_t i = 0; i < NELEM(transitions); i++) {
		const struct transition *r = &transitions[i];

		if (r->act == act && (r->types & (1u << t)) && (flags & r->mask) == r->want &&
		    from_fits(r->from, state))
			return r;
	}
	return NULL;
}

static bool may(const struct transition *t, const struct actor *who)
{
	if (t->who & BY_SYSTEM)
		return who->kind == 'x';
	if (who->kind == 'c')
		return (t->who & BY_CUSTOMER) != 0;
	if (who->kind == 's')
		return (who->roles & ROLE_MANAGER) || (who->roles & t->who);
	return false;
}

const char *case_next_state(const char *state, const char *type, unsigned flags,
                            enum case_action act)
{
	const struct transition *t = find_transition(state, type, flags, act);

	if (!t)
		return NULL;
	return strcmp(t->to, "=") == 0 ? state : t->to;
}

bool case_action_allowed(const char *state, const char *type, unsigned flags,
                         const struct actor *who, enum case_action act)
{
	const struct transition *t = find_transition(state, type, flags, act);

	return t && may(t, who);
}

bool case_action_ever(const struct actor *who, enum case_action act)
{
	for (size_t i = 0; i < NELEM(transitions); i++)
		if (transitions[i].act == act && may(&transitions[i], who))
			return true;
	return false;
}

/* ---- what the customer does or waits for next ---- */

static const struct {
	const char *state;
	unsigned mask, want;
	const char *key;
} next_steps[] = {
	{"submitted", 0, 0, "next_wait_shop"},
	{"carrier_check", 0, 0, "next_carrier_check"},
	{"approved", 0, 0, "next_technician"},
	/* a fast refund's money is out before the goods come back */
	{"awaiting_return", CF_FAST, CF_FAST, "next_send_back_refunded"},
	{"awaiting_return", 0, 0, "next_send_back"},
	{"return_in_transit", 0, 0, "next_in_transit"},
	{"received", 0, 0, "next_inspecting"},
	{"inspected", 0, 0, "next_replacement"},
	{"refund_pending", 0, 0, "next_refund_pending"},
	{"refund_approval", 0, 0, "next_refund_pending"},
	{"refunded", 0, 0, "next_refund_sent"},
	{"replacement_shipped", 0, 0, "next_replacement_shipped"},
	{"technician_assigned", 0, 0, "next_technician_assigned"},
	{"on_site", 0, 0, "next_on_site"},
	{"repaired", 0, 0, "next_repaired"},
	{"shipped_back", 0, 0, "next_shipped_back"},
	{"returned_to_customer", 0, 0, "next_returned"},
	{"appealed", 0, 0, "next_appealed"},
	{"rejected", 0, 0, "next_rejected"},
	{"completed", 0, 0, "next_done"},
};

const char *case_next_step(const char *state, unsigned flags)
{
	for (size_t i = 0; i < NELEM(next_steps); i++)
		if (strcmp(next_steps[i].state, state) == 0 &&
		    (flags & next_steps[i].mask) == next_steps[i].want)
			return next_steps[i].key;
	return NULL;
}

/* ---- the table as text ---- */

static void join(char *out, size_t size, const char *word)
{
	size_t len = strlen(out);

	snprintf(out + len, size - len, "%s%s", len ? "," : "", word);
}

bool case_transition_row(size_t i, struct transition_row *out)
{
	static const struct {
		unsigned bit;
		const char *name;
	} facts[] = {{CF_FAST, "fast"},       {CF_ONSITE, "onsite"},     {CF_HOLD, "hold"},
	             {CF_LOST, "not_received"}, {CF_PARTIAL, "partial"}, {CF_APPEALED, "appealed"}};
	const struct transition *t;

	if (i >= NELEM(transitions))
		return false;
	t = &transitions[i];
	memset(out, 0, sizeof *out);
	out->from = t->from;
	out->action = case_action_names[t->act];
	out->to = t->to;
	for (int k = 0; k < TYPE__MAX; k++)
		if (t->types & (1u << k))
			join(out->types, sizeof out->types, case_type_names[k]);
	if (t->who & BY_CUSTOMER)
		join(out->who, sizeof out->who, "customer");
	if (t->who & BY_SYSTEM)
		join(out->who, sizeof out->who, "system");
	for (size_t k = 0; k < ROLE_COUNT; k++)
		if (t->who & role_names[k].bits)
			join(out->who, sizeof out->who, role_names[k].name);
	for (size_t k = 0; k < NELEM(facts); k++)
		if (t->mask & facts[k].bit) {
			char word[16];

			snprintf(word, sizeof word, "%s%s", t->want & facts[k].bit ? "" : "!",
			         facts[k].name);
			join(out->when, sizeof out->when, word);
		}
	return true;
}
