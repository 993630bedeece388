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

static const struct {
	const char *state, *type;
	enum case_action act;
	const struct actor *who;
	const char *to; /* NULL: refused */
} expect[] = {
	{"submitted", "return_refund", ACT_APPROVE, &agent, "awaiting_return"},
	{"submitted", "exchange", ACT_APPROVE, &agent, "awaiting_return"},
	{"submitted", "refund_only", ACT_APPROVE, &agent, "refund_pending"},
	{"submitted", "repair", ACT_APPROVE, &tech, "approved"},
	{"submitted", "return_refund", ACT_APPROVE, &manager, "awaiting_return"},
	{"submitted", "return_refund", ACT_APPROVE, &warehouse, NULL},
	{"submitted", "return_refund", ACT_APPROVE, &finance, NULL},
	{"submitted", "return_refund", ACT_APPROVE, &customer, NULL},
	{"submitted", "exchange", ACT_REJECT, &agent, "rejected"},
	{"submitted", "refund_only", ACT_CANCEL, &customer, "cancelled"},
	{"submitted", "refund_only", ACT_CANCEL, &agent, NULL},
	{"awaiting_return", "return_refund", ACT_CANCEL, &customer, "cancelled"},
	{"received", "return_refund", ACT_CANCEL, &customer, NULL},
	{"awaiting_return", "return_refund", ACT_SHIPMENT, &customer, "awaiting_return"},
	{"awaiting_return", "return_refund", ACT_RECEIVE, &warehouse, "received"},
	{"awaiting_return", "return_refund", ACT_RECEIVE, &logistics, NULL},
	{"received", "return_refund", ACT_INSPECT_PASS, &warehouse, "refund_pending"},
	{"received", "exchange", ACT_INSPECT_PASS, &warehouse, "inspected"},
	{"received", "exchange", ACT_INSPECT_FAIL, &warehouse, "returned_to_customer"},
	{"returned_to_customer", "exchange", ACT_CLOSE, &agent, "closed"},
	{"inspected", "exchange", ACT_SHIP, &logistics, "replacement_shipped"},
	{"inspected", "exchange", ACT_SHIP, &finance, NULL},
	{"inspected", "exchange", ACT_CONVERT_TO_REFUND, &logistics, "refund_pending"},
	{"replacement_shipped", "exchange", ACT_COMPLETE, &logistics, "completed"},
	{"refund_pending", "return_refund", ACT_REFUND, &finance, "refunded"},
	{"refund_pending", "refund_only", ACT_REFUND, &agent, NULL},
	{"refund_pending", "refund_only", ACT_REFUND, &manager, "refunded"},
	{"refunded", "refund_only", ACT_COMPLETE, &finance, "completed"},
	{"refunded", "refund_only", ACT_REFUND, &finance, NULL},
	{"completed", "return_refund", ACT_CANCEL, &customer, NULL},
	{"rejected", "return_refund", ACT_APPROVE, &agent, NULL},
	{"cancelled", "exchange", ACT_RECEIVE, &warehouse, NULL},
};

void tests_workflow(void)
{
	for (size_t i = 0; i < sizeof expect / sizeof expect[0]; i++) {
		const char *to = case_next_state(expect[i].state, expect[i].type, expect[i].act);
		bool allowed = case_action_allowed(expect[i].state, expect[i].type, expect[i].who,
		                                   expect[i].act);
		char name[160];

		snprintf(name, sizeof name, "%s %s: %s by %s role %u %s", expect[i].state,
		         expect[i].type, case_action_names[expect[i].act],
		         expect[i].who->kind == 'c' ? "customer" : "staff", expect[i].who->roles,
		         expect[i].to ? expect[i].to : "is refused");
		if (expect[i].to)
			CHECK(allowed && to && strcmp(to, expect[i].to) == 0, name);
		else
			CHECK(!allowed, name);
	}
	CHECK(!case_action_ever(&customer, ACT_REFUND), "a customer never refunds");
	CHECK(!case_action_ever(&warehouse, ACT_APPROVE), "the warehouse never approves");
	CHECK(case_action_ever(&manager, ACT_SHIP), "a manager may take any staff action");
	CHECK(case_action_from_name("convert_to_refund") == ACT_CONVERT_TO_REFUND, "action names map back");
	CHECK(case_action_from_name("drop") == -1, "an unknown action name is -1");
}
