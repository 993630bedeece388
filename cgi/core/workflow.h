/*
 * workflow.h — the state table of a case: its states, the actions, who
 * takes them, and where each leads from each state for each type of case
 * and each of the facts that change the way (fast refund, on-site repair,
 * a refund that needs a manager).
 */
#ifndef AFTERCARE_WORKFLOW_H
#define AFTERCARE_WORKFLOW_H

#include <stdbool.h>
#include <stddef.h>

#include "rules.h"

/* The actions of the state table (DESIGN.md §3). */
enum case_action {
	ACT_CANCEL,
	ACT_APPROVE,
	ACT_REJECT,
	ACT_SHIPMENT,      /* the customer sends the goods back: carrier, tracking */
	ACT_RECEIVE,
	ACT_INSPECT_PASS,
	ACT_INSPECT_FAIL,
	ACT_REFUND,        /* amount, reference */
	ACT_SHIP,          /* a replacement, or a repaired item going back: carrier, tracking */
	ACT_CONVERT_TO_REFUND,
	ACT_ASSIGN,        /* staff_id: who handles it; sends the technician on-site */
	ACT_ARRIVE,        /* the technician is at the customer's */
	ACT_REPAIRED,
	ACT_COMPLETE,
	ACT_CLOSE,
	ACT_REFUND_FAIL,   /* the payment system could not pay the refund: reason */
	ACT_PICKUP,        /* logistics: the courier picked the booked parcel up */
	ACT_CLAIM,         /* logistics: a parcel not received, checked with the carrier: claim_no */
	ACT_INSPECT_PARTIAL, /* worn or incomplete: deduction (amount_fen) */
	ACT_APPEAL,        /* the customer disputes a partial or failed inspection, once */
	ACT_APPEAL_UPHOLD, /* a manager keeps the inspection's verdict */
	ACT_APPEAL_GRANT,  /* a manager refunds the deduction (a failed one: in full) */
	ACT__MAX
};
extern const char *const case_action_names[ACT__MAX];

/* Facts of a case (and of the step asked for) that choose the way. */
enum {
	CF_FAST = 1u << 0,   /* fast refund: a low-risk customer is paid on approval */
	CF_ONSITE = 1u << 1, /* repair at the customer's, not mailed in */
	CF_HOLD = 1u << 2,   /* this refund needs a manager (high risk, over threshold) */
	CF_LOST = 1u << 3,   /* refund-only for goods not received (reason not_received) */
	CF_PARTIAL = 1u << 4, /* the inspection found the goods worn or incomplete: a deduction */
	CF_APPEALED = 1u << 5, /* the customer appealed the inspection already */
};

struct actor {
	char kind;        /* 'c' customer, 's' staff, 'x' system */
	long long id;
	unsigned roles;   /* staff role bits */
};

/* ACT_* of a name, or -1. */
int case_action_from_name(const char *name);

/* The state an action leads to from state for a case of type with facts
 * flags; NULL when the table has no such step. */
const char *case_next_state(const char *state, const char *type, unsigned flags,
                            enum case_action act);
/* Whether this actor may take that step (the step exists and the role or
 * the customer is among those the table names; a manager takes every staff
 * step). */
bool case_action_allowed(const char *state, const char *type, unsigned flags,
                         const struct actor *who, enum case_action act);
/* May this actor take this action in some state of some case? */
bool case_action_ever(const struct actor *who, enum case_action act);

/* The states: the i-th name, NULL past the last; whether s is one; whether
 * a case in s is finished (nothing more happens to it). */
const char *case_state_name(size_t i);
bool case_state_valid(const char *s);
bool case_state_final(const char *s);

/* The plain next step a customer reads on a case in state with facts
 * flags: a language key ("next_send_back", "next_wait_shop", …), NULL when
 * nothing is left to say (cancelled, closed). */
const char *case_next_step(const char *state, unsigned flags);

/* The i-th row of the table for printing (admin `workflow`, the HTTP test
 * that drives every action by it): false past the last. types and who are
 * names joined by ','; when is like "fast", "!fast,onsite" or "". */
struct transition_row {
	const char *from, *action, *to;
	char types[80], who[80], when[40];
};
bool case_transition_row(size_t i, struct transition_row *out);

#endif
