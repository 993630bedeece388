/*
 * workflow.h — the state table of a case: the actions, who takes them, and
 * where each leads from each state for each type of case.
 */
#ifndef AFTERCARE_WORKFLOW_H
#define AFTERCARE_WORKFLOW_H

#include <stdbool.h>

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
	ACT_SHIP,          /* the replacement: carrier, tracking */
	ACT_CONVERT_TO_REFUND,
	ACT_COMPLETE,
	ACT_CLOSE,
	ACT__MAX
};
extern const char *const case_action_names[ACT__MAX];

struct actor {
	char kind;        /* 'c' customer, 's' staff, 'x' system */
	long long id;
	unsigned roles;   /* staff role bits */
};

/* Which actions could this actor take on a case in this state? */
bool case_action_allowed(const char *state, const char *type,
                         const struct actor *who, enum case_action act);
/* ACT_* of a name, or -1. */
int case_action_from_name(const char *name);
/* The state an action leads to from state for a case of type; NULL when
 * the table has no such step. */
const char *case_next_state(const char *state, const char *type, enum case_action act);
/* May this actor take this action in some state of some case? */
bool case_action_ever(const struct actor *who, enum case_action act);

#endif
