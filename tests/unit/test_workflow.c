/* test_workflow.c — the state table against expectations written from
 * DESIGN.md §3 (not read off the table): for each (state, type, action,
 * who), where the case goes, or that it may not. */
#include "roles.h"
#include "t.h"
#include "workflow.h"

void tests_workflow(void);

static const struct actor customer = {'c', 1, 0};
static const struct actor agent = {'s', 2, ROLE_AGENT};
static const struct actor warehouse = {'s', 3, ROLE_WAREHOUSE};
static const struct actor logistics = {'s', 4, ROLE_LOGISTICS};
static const struct actor finance = {'s', 5, ROLE_FINANCE};
static const struct actor tech = {'s', 6, ROLE_TECH};
static const struct actor manager = {'s', 7, ROLE_ALL};
static const struct actor payments = {'x', 0, 0}; /* the payment system (the API) */

static const struct {
	const char *state, *type;
	unsigned flags; /* CF_* facts of the case and the step */
	enum case_action act;
	const struct actor *who;
	const char *to; /* NULL: refused */
} expect[] = {
	{"submitted", "return_refund", 0, ACT_APPROVE, &agent, "awaiting_return"},
	{"submitted", "exchange", 0, ACT_APPROVE, &agent, "awaiting_return"},
	{"submitted", "refund_only", 0, ACT_APPROVE, &agent, "refund_pending"},
	/* not received: logistics asks the carrier first, then refunds or reships */
	{"submitted", "refund_only", CF_LOST, ACT_APPROVE, &agent, NULL},
	{"submitted", "refund_only", CF_LOST, ACT_CLAIM, &logistics, "carrier_check"},
	{"submitted", "refund_only", CF_LOST, ACT_CLAIM, &agent, NULL},
	{"submitted", "refund_only", 0, ACT_CLAIM, &logistics, NULL},
	{"carrier_check", "refund_only", CF_LOST, ACT_APPROVE, &logistics, "refund_pending"},
	{"carrier_check", "refund_only", CF_LOST, ACT_SHIP, &logistics, "replacement_shipped"},
	{"carrier_check", "refund_only", CF_LOST, ACT_REJECT, &logistics, "rejected"},
	{"carrier_check", "refund_only", CF_LOST, ACT_CANCEL, &customer, "cancelled"},
	{"carrier_check", "refund_only", CF_LOST, ACT_APPROVE, &finance, NULL},
	{"replacement_shipped", "refund_only", CF_LOST, ACT_COMPLETE, &logistics, "completed"},
	/* a disputed inspection: appeal once, a manager decides */
	{"received", "return_refund", 0, ACT_INSPECT_PARTIAL, &warehouse, "refund_pending"},
	{"received", "return_refund", CF_FAST, ACT_INSPECT_PARTIAL, &warehouse, NULL},
	{"received", "exchange", 0, ACT_INSPECT_PARTIAL, &warehouse, NULL},
	{"refund_pending", "return_refund", CF_PARTIAL, ACT_APPEAL, &customer, "appealed"},
	{"refund_pending", "return_refund", 0, ACT_APPEAL, &customer, NULL},
	{"refund_pending", "return_refund", CF_PARTIAL | CF_APPEALED, ACT_APPEAL, &customer, NULL},
	{"returned_to_customer", "return_refund", 0, ACT_APPEAL, &customer, "appealed"},
	{"returned_to_customer", "return_refund", CF_APPEALED, ACT_APPEAL, &customer, NULL},
	{"appealed", "return_refund", CF_PARTIAL | CF_APPEALED, ACT_APPEAL_UPHOLD, &manager,
	 "refund_pending"},
	{"appealed", "return_refund", CF_APPEALED, ACT_APPEAL_UPHOLD, &manager,
	 "returned_to_customer"},
	{"appealed", "return_refund", CF_APPEALED, ACT_APPEAL_GRANT, &manager, "refund_pending"},
	{"appealed", "return_refund", CF_APPEALED, ACT_APPEAL_GRANT, &agent, NULL},
	{"appealed", "return_refund", CF_APPEALED, ACT_REFUND, &finance, NULL},
	{"submitted", "repair", CF_ONSITE, ACT_APPROVE, &tech, "approved"},
	{"submitted", "return_refund", 0, ACT_APPROVE, &manager, "awaiting_return"},
	{"submitted", "return_refund", 0, ACT_APPROVE, &warehouse, NULL},
	{"submitted", "return_refund", 0, ACT_APPROVE, &finance, NULL},
	{"submitted", "return_refund", 0, ACT_APPROVE, &customer, NULL},
	{"submitted", "exchange", 0, ACT_REJECT, &agent, "rejected"},
	{"submitted", "refund_only", 0, ACT_CANCEL, &customer, "cancelled"},
	{"submitted", "refund_only", 0, ACT_CANCEL, &agent, NULL},
	{"awaiting_return", "return_refund", 0, ACT_CANCEL, &customer, "cancelled"},
	{"received", "return_refund", 0, ACT_CANCEL, &customer, NULL},
	{"awaiting_return", "return_refund", 0, ACT_SHIPMENT, &customer, "return_in_transit"},
	{"awaiting_return", "return_refund", 0, ACT_SHIPMENT, &agent, NULL},
	{"awaiting_return", "exchange", 0, ACT_PICKUP, &logistics, "return_in_transit"},
	{"awaiting_return", "exchange", 0, ACT_PICKUP, &customer, NULL},
	{"awaiting_return", "exchange", 0, ACT_PICKUP, &warehouse, NULL},
	{"return_in_transit", "return_refund", 0, ACT_CANCEL, &customer, NULL},
	{"return_in_transit", "return_refund", 0, ACT_SHIPMENT, &customer, NULL},
	{"return_in_transit", "return_refund", 0, ACT_RECEIVE, &warehouse, "received"},
	{"return_in_transit", "exchange", 0, ACT_RECEIVE, &logistics, NULL},
	{"awaiting_return", "return_refund", 0, ACT_CLOSE, &payments, "closed"},
	{"awaiting_return", "return_refund", 0, ACT_CLOSE, &agent, NULL},
	{"awaiting_return", "return_refund", 0, ACT_CLOSE, &customer, NULL},
	{"awaiting_return", "return_refund", CF_FAST, ACT_CLOSE, &payments, NULL},
	{"awaiting_return", "repair", 0, ACT_CLOSE, &payments, "closed"},
	{"return_in_transit", "repair", 0, ACT_CLOSE, &payments, NULL},
	{"awaiting_return", "return_refund", 0, ACT_RECEIVE, &warehouse, "received"},
	{"awaiting_return", "return_refund", 0, ACT_RECEIVE, &logistics, NULL},
	{"received", "return_refund", 0, ACT_INSPECT_PASS, &warehouse, "refund_pending"},
	{"received", "exchange", 0, ACT_INSPECT_PASS, &warehouse, "inspected"},
	{"received", "exchange", 0, ACT_INSPECT_FAIL, &warehouse, "returned_to_customer"},
	{"returned_to_customer", "exchange", 0, ACT_CLOSE, &agent, "closed"},
	{"inspected", "exchange", 0, ACT_SHIP, &logistics, "replacement_shipped"},
	{"inspected", "exchange", 0, ACT_SHIP, &finance, NULL},
	{"inspected", "exchange", 0, ACT_CONVERT_TO_REFUND, &logistics, "refund_pending"},
	{"replacement_shipped", "exchange", 0, ACT_COMPLETE, &logistics, "completed"},
	{"refund_pending", "return_refund", 0, ACT_REFUND, &finance, "refunded"},
	{"refund_pending", "refund_only", 0, ACT_REFUND, &agent, NULL},
	{"refund_pending", "refund_only", 0, ACT_REFUND, &manager, "refunded"},
	{"refunded", "refund_only", 0, ACT_COMPLETE, &finance, "completed"},
	{"refunded", "refund_only", 0, ACT_REFUND, &finance, NULL},
	{"completed", "return_refund", 0, ACT_CANCEL, &customer, NULL},
	{"rejected", "return_refund", 0, ACT_APPROVE, &agent, NULL},
	{"cancelled", "exchange", 0, ACT_RECEIVE, &warehouse, NULL},
	/* fast refund: paid on approval, goods back after (seed manual 5.2.4) */
	{"submitted", "return_refund", CF_FAST, ACT_APPROVE, &agent, "refund_pending"},
	{"refund_pending", "return_refund", CF_FAST, ACT_REFUND, &finance, "awaiting_return"},
	{"refund_pending", "return_refund", CF_FAST, ACT_CANCEL, &customer, "cancelled"},
	{"refund_pending", "return_refund", 0, ACT_CANCEL, &customer, NULL},
	{"awaiting_return", "return_refund", CF_FAST, ACT_CANCEL, &customer, NULL},
	{"awaiting_return", "return_refund", CF_FAST, ACT_SHIPMENT, &customer, "return_in_transit"},
	{"received", "return_refund", CF_FAST, ACT_INSPECT_PASS, &warehouse, "completed"},
	{"received", "return_refund", CF_FAST, ACT_INSPECT_FAIL, &warehouse, "returned_to_customer"},
	/* a high-risk refund over the threshold waits for a manager */
	{"refund_pending", "return_refund", CF_HOLD, ACT_REFUND, &finance, "refund_approval"},
	{"refund_pending", "refund_only", CF_HOLD, ACT_REFUND, &finance, "refund_approval"},
	{"refund_approval", "refund_only", 0, ACT_REFUND, &finance, NULL},
	{"refund_approval", "refund_only", 0, ACT_REFUND, &manager, "refunded"},
	{"refund_approval", "exchange", 0, ACT_REFUND, &manager, "refunded"},
	/* on-site repair: assign a technician, arrive, repaired, complete */
	{"submitted", "repair", CF_ONSITE, ACT_APPROVE, &agent, "approved"},
	{"approved", "repair", CF_ONSITE, ACT_ASSIGN, &logistics, "technician_assigned"},
	{"approved", "repair", CF_ONSITE, ACT_ASSIGN, &warehouse, NULL},
	{"approved", "repair", CF_ONSITE, ACT_CANCEL, &customer, "cancelled"},
	{"technician_assigned", "repair", CF_ONSITE, ACT_ARRIVE, &tech, "on_site"},
	{"technician_assigned", "repair", CF_ONSITE, ACT_ARRIVE, &agent, NULL},
	{"technician_assigned", "repair", CF_ONSITE, ACT_CANCEL, &customer, NULL},
	{"on_site", "repair", CF_ONSITE, ACT_REPAIRED, &tech, "repaired"},
	{"on_site", "repair", CF_ONSITE, ACT_COMPLETE, &tech, NULL},
	{"repaired", "repair", CF_ONSITE, ACT_COMPLETE, &tech, "completed"},
	{"repaired", "repair", CF_ONSITE, ACT_SHIP, &logistics, NULL},
	/* mail-in repair: the goods come in, are repaired and go back */
	{"submitted", "repair", 0, ACT_APPROVE, &tech, "awaiting_return"},
	{"awaiting_return", "repair", 0, ACT_SHIPMENT, &customer, "return_in_transit"},
	{"awaiting_return", "repair", 0, ACT_RECEIVE, &warehouse, "received"},
	{"received", "repair", 0, ACT_INSPECT_PASS, &warehouse, NULL},
	{"received", "repair", 0, ACT_REPAIRED, &tech, "repaired"},
	{"repaired", "repair", 0, ACT_SHIP, &logistics, "shipped_back"},
	{"repaired", "repair", 0, ACT_COMPLETE, &tech, NULL},
	{"shipped_back", "repair", 0, ACT_COMPLETE, &agent, "completed"},
	/* the payment system could not pay: back to finance, only while the
	 * money is out and nothing else moved; no person takes it */
	{"refunded", "refund_only", 0, ACT_REFUND_FAIL, &payments, "refund_pending"},
	{"refunded", "exchange", 0, ACT_REFUND_FAIL, &payments, "refund_pending"},
	{"awaiting_return", "return_refund", CF_FAST, ACT_REFUND_FAIL, &payments, NULL},
	{"completed", "refund_only", 0, ACT_REFUND_FAIL, &payments, NULL},
	/* assigning who handles an open case keeps its state */
	{"received", "exchange", 0, ACT_ASSIGN, &agent, "received"},
	{"refund_pending", "refund_only", 0, ACT_ASSIGN, &tech, "refund_pending"},
	{"refund_pending", "refund_only", 0, ACT_ASSIGN, &finance, NULL},
	{"completed", "refund_only", 0, ACT_ASSIGN, &agent, NULL},
	{"nonsense", "refund_only", 0, ACT_ASSIGN, &agent, NULL},
	{"submitted", "nonsense", 0, ACT_APPROVE, &agent, NULL},
};

void tests_workflow(void)
{
	for (size_t i = 0; i < sizeof expect / sizeof expect[0]; i++) {
		const char *to = case_next_state(expect[i].state, expect[i].type, expect[i].flags,
		                                 expect[i].act);
		bool allowed = case_action_allowed(expect[i].state, expect[i].type, expect[i].flags,
		                                   expect[i].who, expect[i].act);
		char name[160];

		snprintf(name, sizeof name, "%s %s %#x: %s by %s role %u %s", expect[i].state,
		         expect[i].type, expect[i].flags, case_action_names[expect[i].act],
		         expect[i].who->kind == 'c'   ? "customer"
		         : expect[i].who->kind == 's' ? "staff"
		                                      : "system",
		         expect[i].who->roles,
		         expect[i].to ? expect[i].to : "is refused");
		if (expect[i].to)
			CHECK(allowed && to && strcmp(to, expect[i].to) == 0, name);
		else
			CHECK(!allowed, name);
	}
	CHECK(!case_action_ever(&customer, ACT_REFUND), "a customer never refunds");
	CHECK(!case_action_ever(&warehouse, ACT_APPROVE), "the warehouse never approves");
	CHECK(case_action_ever(&manager, ACT_SHIP), "a manager may take any staff action");
	CHECK(case_action_ever(&payments, ACT_REFUND_FAIL) && !case_action_ever(&manager, ACT_REFUND_FAIL) &&
	      !case_action_ever(&finance, ACT_REFUND_FAIL) && !case_action_ever(&customer, ACT_REFUND_FAIL),
	      "only the payment system says a refund failed, not even a manager");
	CHECK(!case_action_ever(&payments, ACT_REFUND) && !case_action_ever(&payments, ACT_APPROVE),
	      "the payment system takes no person's step");
	CHECK(!case_action_allowed("refunded", "refund_only", 0, &manager, ACT_REFUND_FAIL) &&
	      !case_action_allowed("refunded", "refund_only", 0, &finance, ACT_REFUND_FAIL) &&
	      !case_action_allowed("refunded", "refund_only", 0, &customer, ACT_REFUND_FAIL),
	      "refund_failed: no person, on a case where the payment system may");
	CHECK(!case_next_state("refund_pending", "refund_only", 0, ACT_REFUND_FAIL) &&
	      !case_next_state("refunded", "repair", 0, ACT_REFUND_FAIL) &&
	      strcmp(case_next_state("refunded", "return_refund", 0, ACT_REFUND_FAIL), "refund_pending") == 0,
	      "refund_failed: only from refunded, for a case that pays back");
	CHECK(case_action_from_name("convert_to_refund") == ACT_CONVERT_TO_REFUND, "action names map back");
	CHECK(case_action_from_name("drop") == -1, "an unknown action name is -1");
	for (int i = 0; i < ACT__MAX; i++)
		CHECK(case_action_names[i] && case_action_from_name(case_action_names[i]) == i,
		      "every action has a name that maps back");

	CHECK(case_state_final("completed") && case_state_final("rejected") &&
	      !case_state_final("refund_approval") && !case_state_final("nonsense"),
	      "final states are the four ends");
	CHECK(case_state_valid("inspected") && case_state_valid("shipped_back") &&
	      !case_state_valid(""), "every state of the table is a state");

	/* Every row's states are states, its roles and facts print. */
	struct transition_row row;
	size_t n = 0;
	bool states_ok = true;

	while (case_transition_row(n, &row)) {
		if ((strcmp(row.from, "*") != 0 && !case_state_valid(row.from)) ||
		    (strcmp(row.to, "=") != 0 && !case_state_valid(row.to)) || !*row.who ||
		    !*row.types)
			states_ok = false;
		n++;
	}
	CHECK(n > 30 && states_ok, "the table's rows name real states, types and roles");
	CHECK(case_transition_row(0, &row) && strcmp(row.when, "fast") == 0 &&
	      strcmp(row.action, "approve") == 0 && strcmp(row.who, "agent") == 0,
	      "a row prints its facts and roles");

	char text[80];

	CHECK(roles_parse("agent,tech") == (ROLE_AGENT | ROLE_TECH), "roles parse");
	CHECK(roles_parse("manager") == ROLE_ALL, "a manager has every role");
	CHECK(roles_parse("agent,") == -1 && roles_parse("") == -1 && roles_parse("boss") == -1,
	      "an empty or unknown role is refused");
	roles_format(ROLE_AGENT | ROLE_FINANCE, text, sizeof text);
	CHECK(strcmp(text, "agent,finance") == 0, "roles format");
	roles_format(ROLE_ALL, text, 12);
	CHECK(strcmp(text, "agent") == 0, "a cut list ends at a whole name");
	CHECK(strcmp(case_next_step("awaiting_return", 0), "next_send_back") == 0,
	      "next step: send the goods back");
	CHECK(strcmp(case_next_step("awaiting_return", CF_FAST), "next_send_back_refunded") == 0,
	      "next step: a fast refund's goods, the money already out");
	CHECK(strcmp(case_next_step("submitted", CF_LOST), "next_wait_shop") == 0,
	      "next step: waiting for the shop");
	CHECK(strcmp(case_next_step("refunded", 0), "next_refund_sent") == 0,
	      "next step: the refund is sent");
	CHECK(case_next_step("cancelled", 0) == NULL && case_next_step("closed", 0) == NULL,
	      "nothing next on a cancelled or closed case");
	for (size_t i = 0; case_state_name(i); i++)
		CHECK(case_next_step(case_state_name(i), 0) != NULL ||
		              strcmp(case_state_name(i), "cancelled") == 0 ||
		              strcmp(case_state_name(i), "closed") == 0,
		      "every open state has a next step");
}
