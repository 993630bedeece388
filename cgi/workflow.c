/*
 * workflow.c — the state table of a case (DESIGN.md §3): from which state
 * which action leads where, for which case types, and who may take it.
 * Pure: cases.c applies it inside its transactions; tests/unit checks it
 * against a list written from the design.
 */
#include <string.h>

#include "roles.h"
#include "workflow.h"

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
	[ACT_COMPLETE] = "complete",
	[ACT_CLOSE] = "close",
};

int case_action_from_name(const char *name)
{
	for (int i = 0; i < ACT__MAX; i++)
		if (strcmp(case_action_names[i], name) == 0)
			return i;
	return -1;
}

/* The state table: from, action, the case types it applies to, to, who
 * may take it (DESIGN.md §3). A manager may take every staff action. */
#define BY_CUSTOMER 0x10000u
#define T(x) (1u << TYPE_##x)
#define ALL_TYPES ((1u << TYPE__MAX) - 1)
#define GOODS_BACK (T(RETURN_REFUND) | T(EXCHANGE))
struct transition {
	const char *from;
	enum case_action act;
	unsigned types;
	const char *to;
	unsigned who; /* role bits, BY_CUSTOMER */
};

static const struct transition transitions[] = {
	{"submitted", ACT_CANCEL, ALL_TYPES, "cancelled", BY_CUSTOMER},
	{"approved", ACT_CANCEL, ALL_TYPES, "cancelled", BY_CUSTOMER},
	{"awaiting_return", ACT_CANCEL, ALL_TYPES, "cancelled", BY_CUSTOMER},
	{"submitted", ACT_APPROVE, GOODS_BACK, "awaiting_return", ROLE_AGENT},
	{"submitted", ACT_APPROVE, T(REFUND_ONLY), "refund_pending", ROLE_AGENT},
	{"submitted", ACT_APPROVE, T(REPAIR), "approved", ROLE_AGENT | ROLE_TECH},
	{"submitted", ACT_REJECT, ALL_TYPES, "rejected", ROLE_AGENT | ROLE_TECH},
	{"awaiting_return", ACT_SHIPMENT, GOODS_BACK, "awaiting_return", BY_CUSTOMER},
	{"awaiting_return", ACT_RECEIVE, GOODS_BACK, "received", ROLE_WAREHOUSE},
	{"received", ACT_INSPECT_PASS, T(RETURN_REFUND), "refund_pending", ROLE_WAREHOUSE},
	{"received", ACT_INSPECT_PASS, T(EXCHANGE), "inspected", ROLE_WAREHOUSE},
	{"received", ACT_INSPECT_FAIL, GOODS_BACK, "returned_to_customer", ROLE_WAREHOUSE},
	{"returned_to_customer", ACT_CLOSE, GOODS_BACK, "closed", ROLE_AGENT | ROLE_LOGISTICS},
	{"inspected", ACT_SHIP, T(EXCHANGE), "replacement_shipped", ROLE_LOGISTICS},
	{"inspected", ACT_CONVERT_TO_REFUND, T(EXCHANGE), "refund_pending", ROLE_LOGISTICS | ROLE_AGENT},
	{"replacement_shipped", ACT_COMPLETE, T(EXCHANGE), "completed", ROLE_LOGISTICS | ROLE_AGENT},
	{"refund_pending", ACT_REFUND, GOODS_BACK | T(REFUND_ONLY), "refunded", ROLE_FINANCE},
	{"refunded", ACT_COMPLETE, GOODS_BACK | T(REFUND_ONLY), "completed", ROLE_FINANCE | ROLE_AGENT},
};
#undef T

static const struct transition *find_transition(const char *state, const char *type,
                                                enum case_action act)
{
	int t = case_type_from_name(type);

	for (size_t i = 0; i < sizeof transitions / sizeof transitions[0]; i++)
		if (transitions[i].act == act && strcmp(transitions[i].from, state) == 0 &&
		    t >= 0 && (transitions[i].types & (1u << t)))
			return &transitions[i];
	return NULL;
}

static bool may(const struct transition *t, const struct actor *who)
{
	if (who->kind == 'c')
		return (t->who & BY_CUSTOMER) != 0;
	if (who->kind == 's')
		return (who->roles & ROLE_MANAGER) || (who->roles & t->who);
	return false;
}

bool case_action_allowed(const char *state, const char *type,
                         const struct actor *who, enum case_action act)
{
	const struct transition *t = find_transition(state, type, act);

	return t && may(t, who);
}

const char *case_next_state(const char *state, const char *type, enum case_action act)
{
	const struct transition *t = find_transition(state, type, act);

	return t ? t->to : NULL;
}

bool case_action_ever(const struct actor *who, enum case_action act)
{
	for (size_t i = 0; i < sizeof transitions / sizeof transitions[0]; i++)
		if (transitions[i].act == act && may(&transitions[i], who))
			return true;
	return false;
}

