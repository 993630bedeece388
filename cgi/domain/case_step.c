/*
 * case_step.c — owns the case state machine: a step on a case is one
 * transaction that locks the case, checks the state table (workflow.c)
 * and the expected version, does what the action does, appends the
 * timeline event and moves the timers; completing a case invites its
 * customer to the survey (surveys.c). Every step is an event for the
 * shop (case.updated; a refund also refund.issued) and the steps a
 * customer waits for are told to them (outbox.c), in the same transaction.
 * The payment system's word that a refund failed is a step too (taken by
 * no person): the refund stops counting and finance pays again.
 */
#include <string.h>

#include "attachments.h"
#include "cases.h"
#include "costs.h"
#include "outbox.h"
#include "refunds.h"
#include "roles.h"
#include "settings.h"
#include "sla.h"
#include "surveys.h"

struct transition_tx {
	struct arena *a;
	const char *case_no;
	const struct actor *who;
	const struct step *s;
	time_t now;
	struct case_result *res;
	struct refund_paid failed; /* refund_failed: the refund's money */
	long long customer_id;     /* the case's (read under its lock) */
};

unsigned case_flags(const struct case_view *cv)
{
	unsigned f = 0;

	if (cv->fast_refund)
		f |= CF_FAST;
	if (cv->repair_mode && strcmp(cv->repair_mode, "on_site") == 0)
		f |= CF_ONSITE;
	if (cv->reason && strcmp(cv->reason, "not_received") == 0)
		f |= CF_LOST;
	if (cv->deduction_fen > 0) /* always more than 0 when kept; a zeroed view: none */
		f |= CF_PARTIAL;
	if (cv->appealed_at)
		f |= CF_APPEALED;
	return f;
}

/* The customer's risk level now, and their city. */
static enum db_err customer_risk(struct db *db, struct arena *a, long long customer_id,
                                 time_t now, enum risk_level *level, const char **city)
{
	struct case_customer cc;
	enum db_err e = case_customer_get(db, a, customer_id, now, &cc);

	*level = risk_level(risk_score(&cc.risk));
	*city = cc.city ? cc.city : "";
	return e;
}

/* assign: an active staff member; a technician to send on-site. */
static int check_assignee(struct db *db, struct arena *a, const char *to,
                          long long staff_id)
{
	struct dbrow *row;
	enum db_err e;

	if (staff_id <= 0)
		return CASE_BAD_STAFF;
	if ((e = db_row(db, a, "SELECT roles FROM staff WHERE id = ? AND disabled = 0",
	                DB_ARGS(DB_INT(staff_id)), &row)) != DB_OK)
		return db_fail(e);
	if (!row)
		return CASE_BAD_STAFF;
	if (strcmp(to, "technician_assigned") == 0 && !(db_int(row, 0) & ROLE_TECH))
		return CASE_BAD_STAFF;
	return CASE_OK;
}

/* What the step needs to know before the table is read: the facts the
 * approval or the refund adds, and the arrival limit of an on-site
 * repair. */
static enum db_err step_facts(struct db *db, struct transition_tx *t, long long customer_id,
                              const char *type, const char *visit_address, unsigned *flags,
                              int *arrival_hours)
{
	enum case_action act = t->s->act;
	struct service_policy sp;
	enum risk_level level;
	const char *city;
	enum db_err e;

	*arrival_hours = 0;
	if (act != ACT_APPROVE && act != ACT_REFUND)
		return DB_OK;
	if ((e = service_policy_load(db, t->a, &sp)) != DB_OK ||
	    (e = customer_risk(db, t->a, customer_id, t->now, &level, &city)) != DB_OK)
		return e;
	if (act == ACT_APPROVE && strcmp(type, "return_refund") == 0 && level == RISK_LOW)
		*flags |= CF_FAST;
	/* the address the customer gave for the visit, else their city */
	if (act == ACT_APPROVE && (*flags & CF_ONSITE))
		*arrival_hours = visit_address && *visit_address
		                     ? sla_arrival_hours_at(sp.service_cities, visit_address,
		                                            sp.arrival_same_city_hours,
		                                            sp.arrival_other_city_hours)
		                     : sla_arrival_hours(sp.service_cities, city,
		                                         sp.arrival_same_city_hours,
		                                         sp.arrival_other_city_hours);
	if (act == ACT_REFUND && level == RISK_HIGH && !(t->who->roles & ROLE_MANAGER) &&
	    t->s->amount_fen > sp.refund_approval_fen)
		*flags |= CF_HOLD;
	return DB_OK;
}

/* The end of the shop day `days` after now's: when the goods must be
 * sent by. */
static time_t ship_by_of(time_t now, int days)
{
	time_t local = now + LOCAL_UTC_OFFSET;

	return local - local % 86400 + (time_t)(days + 1) * 86400 - 1 - LOCAL_UTC_OFFSET;
}

/* A case that now waits for its goods gets its ship-by time (the first
 * one stays: a refund that failed and was paid again does not move it). */
static enum db_err set_ship_by(struct db *db, struct transition_tx *t, long long case_id,
                               const char *from, const char *to)
{
	struct service_policy sp;
	char at[20];
	enum db_err e;

	if (strcmp(to, "awaiting_return") != 0 || strcmp(from, to) == 0)
		return DB_OK;
	if ((e = service_policy_load(db, t->a, &sp)) != DB_OK)
		return e;
	format_db_datetime(ship_by_of(t->now, sp.ship_by_days), at);
	return db_run(db, NULL, "UPDATE cases SET ship_by = COALESCE(ship_by, ?) WHERE id = ?",
	              DB_ARGS(DB_STR(at), DB_INT(case_id)), NULL);
}

/* A partial inspection: a deduction above 0 and below what the case's
 * units were paid, kept with the inspection's photos. */
static int inspect_partial(struct db *db, struct transition_tx *t, long long case_id,
                           const char *now)
{
	const struct step *s = t->s;
	struct dbrow *row;
	enum db_err e;
	long long paid, id;

	if ((e = db_row(db, t->a,
	                "SELECT COALESCE(SUM(oi.paid_fen * ci.qty DIV oi.qty), 0) FROM case_items ci "
	                "JOIN order_items oi ON oi.id = ci.order_item_id WHERE ci.case_id = ?",
	                DB_ARGS(DB_INT(case_id)), &row)) != DB_OK)
		return db_fail(e);
	paid = row ? db_int(row, 0) : 0;
	if (s->amount_fen <= 0 || s->amount_fen >= paid) {
		t->res->bad_item = paid;
		return CASE_BAD_DEDUCTION;
	}
	if ((e = db_run(db, NULL, "UPDATE cases SET deduction_fen = ? WHERE id = ?",
	                DB_ARGS(DB_INT(s->amount_fen), DB_INT(case_id)), NULL)) != DB_OK)
		return db_fail(e);
	for (size_t i = 0; i < s->nphotos; i++)
		if ((e = attachment_add(db, case_id, t->customer_id, &s->photos[i], now, &id)) != DB_OK ||
		    (e = db_run(db, NULL, "UPDATE attachments SET inspection = 1 WHERE id = ?",
		                DB_ARGS(DB_INT(id)), NULL)) != DB_OK)
			return db_fail(e);
	return CASE_OK;
}

/* What the action does besides moving the state. */
static int step_effects(struct db *db, struct transition_tx *t, long long case_id,
                        const char *from, const char *to, unsigned flags, const char *now)
{
	const struct step *s = t->s;
	enum db_err e = DB_OK;
	int rc;

	if ((e = set_ship_by(db, t, case_id, from, to)) != DB_OK)
		return db_fail(e);
	switch (s->act) {
	case ACT_APPROVE:
		if (flags & CF_FAST)
			e = db_run(db, NULL, "UPDATE cases SET fast_refund = 1 WHERE id = ?",
			           DB_ARGS(DB_INT(case_id)), NULL);
		break;
	case ACT_REFUND:
		if (strcmp(to, "refund_approval") == 0)
			return refund_hold(db, t->a, case_id, s, t->res);
		if ((rc = refund_record(db, t->a, case_id, t->who, s, now, t->res)) != CASE_OK)
			return rc;
		e = db_run(db, NULL, "UPDATE cases SET pending_refund_fen = NULL WHERE id = ?",
		           DB_ARGS(DB_INT(case_id)), NULL);
		break;
	case ACT_REFUND_FAIL:
		return refund_fail(db, s, now);
	case ACT_SHIPMENT: /* sent after all: a booked pick-up is off */
		if ((e = db_run(db, NULL,
		                "UPDATE cases SET return_carrier = ?, return_tracking = ? WHERE id = ?",
		                DB_ARGS(DB_STR(s->carrier), DB_STR(s->tracking_no), DB_INT(case_id)),
		                NULL)) == DB_OK)
			e = db_run(db, NULL, "DELETE FROM pickups WHERE case_id = ? AND state = 'booked'",
			           DB_ARGS(DB_INT(case_id)), NULL);
		break;
	case ACT_SHIP: /* the postage of sending it, when the form gave it */
		if (s->cost_fen > 0)
			e = cost_add_in_tx(db, t->a, case_id,
			                   &(struct cost_entry){COST_POSTAGE, s->cost_fen, 0, NULL,
			                                        t->who->id},
			                   t->now);
		break;
	case ACT_REPAIRED: /* parts and the technician's hours */
		if (s->cost_fen > 0)
			e = cost_add_in_tx(db, t->a, case_id,
			                   &(struct cost_entry){COST_PARTS, s->cost_fen, 0, NULL,
			                                        t->who->id},
			                   t->now);
		if (e == DB_OK && s->hours100 > 0)
			e = cost_add_in_tx(db, t->a, case_id,
			                   &(struct cost_entry){COST_LABOUR, 0, s->hours100, NULL,
			                                        t->who->id},
			                   t->now);
		break;
	case ACT_CLAIM:
		e = db_run(db, NULL, "UPDATE cases SET claim_no = ? WHERE id = ?",
		           DB_ARGS(DB_STR(s->claim_no), DB_INT(case_id)), NULL);
		break;
	case ACT_INSPECT_PARTIAL:
		return inspect_partial(db, t, case_id, now);
	case ACT_APPEAL:
		e = db_run(db, NULL, "UPDATE cases SET appeal_reason = ?, appealed_at = ? WHERE id = ?",
		           DB_ARGS(DB_STR(s->note), DB_STR(now), DB_INT(case_id)), NULL);
		break;
	case ACT_APPEAL_UPHOLD:
		e = db_run(db, NULL, "UPDATE cases SET appeal_decision = 'upheld' WHERE id = ?",
		           DB_ARGS(DB_INT(case_id)), NULL);
		break;
	case ACT_APPEAL_GRANT: /* the deduction goes: the refund is the whole price */
		e = db_run(db, NULL,
		           "UPDATE cases SET appeal_decision = 'granted', deduction_fen = NULL "
		           "WHERE id = ?",
		           DB_ARGS(DB_INT(case_id)), NULL);
		break;
	case ACT_PICKUP:
		e = db_run(db, NULL,
		           "UPDATE pickups SET state = 'confirmed', confirmed_by = ? "
		           "WHERE case_id = ? AND state = 'booked'",
		           DB_ARGS(DB_INT(t->who->id), DB_INT(case_id)), NULL);
		break;
	case ACT_ASSIGN:
		if ((rc = check_assignee(db, t->a, to, s->staff_id)) != CASE_OK)
			return rc;
		e = db_run(db, NULL, "UPDATE cases SET assignee_id = ? WHERE id = ?",
		           DB_ARGS(DB_INT(s->staff_id), DB_INT(case_id)), NULL);
		break;
	default:
		break;
	}
	return e == DB_OK ? CASE_OK : db_fail(e);
}

/* The steps the customer hears of (templates/mail/case_updated.cs says
 * what each means); an assignment only when it sends a technician. */
static bool tell_customer(enum case_action act, const char *to)
{
	switch (act) {
	case ACT_APPROVE:
	case ACT_REJECT:
	case ACT_RECEIVE:
	case ACT_INSPECT_FAIL:
	case ACT_SHIP:
	case ACT_ARRIVE:
	case ACT_COMPLETE:
	case ACT_REFUND_FAIL:
	case ACT_CLAIM:
	case ACT_INSPECT_PARTIAL:
	case ACT_APPEAL_UPHOLD:
	case ACT_APPEAL_GRANT:
		return true;
	case ACT_REFUND:
		return strcmp(to, "refund_approval") != 0;
	case ACT_ASSIGN:
		return strcmp(to, "technician_assigned") == 0;
	case ACT_CLOSE: /* not sent by the ship-by date: the worker closed it */
		return strcmp(to, "closed") == 0;
	default:
		return false;
	}
}

/* How the goods come back, for the message that asks for them: the
 * ship-by date (shop's) and the address. */
static enum db_err return_words(struct db *db, struct transition_tx *t, long long case_id,
                                struct notice *n)
{
	struct service_policy sp;
	struct dbrow *row;
	enum db_err e;
	time_t at;

	if ((e = service_policy_load(db, t->a, &sp)) != DB_OK ||
	    (e = return_address_of(db, t->a, case_id, &sp, &n->address)) != DB_OK ||
	    (e = db_row(db, t->a, "SELECT ship_by FROM cases WHERE id = ?",
	                DB_ARGS(DB_INT(case_id)), &row)) != DB_OK)
		return e;
	if (row && (at = db_time(row, 0)) > 0) {
		char *day = amalloc(t->a, 11);

		format_local_date(at, day);
		n->due = day;
	}
	return DB_OK;
}

/* The staff a step concerns, by e-mail: the member a case was assigned to
 * (not when they took it themselves), every manager when a refund waits
 * for their approval. */
static enum db_err step_staff(struct db *db, struct transition_tx *t, const struct notice *n,
                              const char *to)
{
	long long self = t->who->kind == 's' ? t->who->id : 0;
	int queued;

	if (t->s->act == ACT_ASSIGN && t->s->staff_id != self)
		return outbox_staff(db, t->a, t->s->staff_id, 0, self, "staff_assigned", n, NULL,
		                    t->now, &queued);
	if (t->s->act == ACT_APPEAL) /* the managers decide */
		return outbox_staff(db, t->a, 0, ROLE_MANAGER, self, "staff_appeal", n, NULL, t->now,
		                    &queued);
	if (t->s->act == ACT_REFUND && strcmp(to, "refund_approval") == 0) {
		struct notice held = *n;

		held.amount_fen = t->s->amount_fen;
		return outbox_staff(db, t->a, 0, ROLE_MANAGER, self, "staff_approval", &held, NULL,
		                    t->now, &queued);
	}
	return DB_OK;
}

/* The step as events (case.updated, and refund.issued for a refund paid
 * or refund.failed for one the payment system could not pay) and the
 * customer's message. */
static enum db_err step_notice(struct db *db, struct transition_tx *t, long long case_id,
                               long long customer_id, const char *from, const char *to)
{
	const struct step *s = t->s;
	struct notice n = NOTICE_INIT;
	enum db_err e;

	n.type = "case.updated";
	n.case_id = case_id;
	n.case_no = t->case_no;
	n.customer_id = customer_id;
	n.action = case_action_names[s->act];
	n.from = from;
	n.to = to;
	if (s->act == ACT_REJECT || s->act == ACT_INSPECT_FAIL || s->act == ACT_SHIP ||
	    s->act == ACT_REFUND_FAIL || s->act == ACT_INSPECT_PARTIAL || s->act == ACT_APPEAL_UPHOLD || s->act == ACT_APPEAL_GRANT || s->act == ACT_CLAIM)
		n.reason = s->note;
	if (s->act == ACT_REFUND && strcmp(to, "refund_approval") != 0) {
		n.amount_fen = s->amount_fen;
		n.reference = s->reference;
	}
	if (s->act == ACT_REFUND_FAIL) {
		n.amount_fen = t->failed.amount_fen;
		n.reference = t->failed.reference;
	}
	if (s->act == ACT_SHIPMENT) {
		n.carrier = s->carrier;
		n.tracking_no = s->tracking_no;
	}
	if (strcmp(to, "awaiting_return") == 0 && strcmp(from, to) != 0 &&
	    (e = return_words(db, t, case_id, &n)) != DB_OK)
		return e;
	n.tmpl = tell_customer(s->act, to) ? "case_updated" : NULL;
	if ((e = outbox_notice(db, t->a, &n, t->now)) != DB_OK ||
	    (e = step_staff(db, t, &n, to)) != DB_OK || n.amount_fen < 0)
		return e;
	n.type = s->act == ACT_REFUND_FAIL ? "refund.failed" : "refund.issued";
	n.tmpl = NULL;
	return outbox_notice(db, t->a, &n, t->now);
}

static int transition_body(struct db *db, void *ctx)
{
	struct transition_tx *t = ctx;
	struct case_view cv = {0};
	struct sla_step ss;
	const char *to;
	struct dbrow *row;
	char now[20];
	unsigned flags;
	enum db_err e;
	int rc, arrival_hours;

	format_db_datetime(t->now, now);
	e = db_row(db, t->a,
	           "SELECT id, customer_id, state, version, type, repair_mode, fast_refund, "
	           "reason, deduction_fen, appealed_at IS NOT NULL, visit_address "
	           "FROM cases WHERE case_no = ? FOR UPDATE",
	           DB_ARGS(DB_STR(t->case_no)), &row);
	if (e != DB_OK)
		return db_fail(e);
	if (!row || (t->who->kind == 'c' && db_int(row, 1) != t->who->id))
		return CASE_NOT_FOUND;
	cv.id = db_int(row, 0);
	cv.state = row->col[2];
	cv.type = row->col[4];
	cv.repair_mode = row->col[5];
	cv.fast_refund = db_int(row, 6) != 0;
	cv.reason = row->col[7];
	cv.deduction_fen = db_null(row, 8) ? -1 : db_int(row, 8);
	cv.appealed_at = db_int(row, 9) != 0;
	t->customer_id = db_int(row, 1);
	flags = case_flags(&cv);
	/* The role first: someone who may never take this action hears so,
	 * whatever the case's state or version. */
	if (!case_action_ever(t->who, t->s->act))
		return CASE_FORBIDDEN;
	if (t->s->expected_version >= 0 && db_int(row, 3) != t->s->expected_version)
		return CASE_CONFLICT;
	if (t->s->act == ACT_REFUND_FAIL) {
		bool done;

		/* the refund first: unknown 404, credited 409, told before 200 */
		if ((rc = refund_fail_check(db, t->a, cv.id, t->s, &done, &t->failed)) != CASE_OK ||
		    done)
			return rc;
	}
	if ((e = step_facts(db, t, db_int(row, 1), cv.type, row->col[10], &flags,
	                      &arrival_hours)) != DB_OK)
		return db_fail(e);
	if (!(to = case_next_state(cv.state, cv.type, flags, t->s->act)))
		return CASE_CONFLICT;
	if (!case_action_allowed(cv.state, cv.type, flags, t->who, t->s->act))
		return CASE_FORBIDDEN;
	if ((rc = step_effects(db, t, cv.id, cv.state, to, flags, now)) != CASE_OK)
		return rc;
	ss = (struct sla_step){cv.type, case_action_names[t->s->act], to, t->who->kind == 's',
	                       (flags & CF_ONSITE) != 0, arrival_hours};
	if ((e = db_run(db, NULL,
	                "UPDATE cases SET state = ?, version = version + 1, updated_at = ? "
	                "WHERE id = ?",
	                DB_ARGS(DB_STR(to), DB_STR(now), DB_INT(cv.id)), NULL)) != DB_OK ||
	    (e = case_event_add(db, cv.id, now, t->who, case_action_names[t->s->act], cv.state, to,
	                   t->s->note)) != DB_OK ||
	    (e = sla_event(db, t->a, cv.id, &ss, t->now)) != DB_OK ||
	    (strcmp(to, "completed") == 0 && (e = survey_invite(db, t->a, cv.id, t->now)) != DB_OK) ||
	    (e = step_notice(db, t, cv.id, db_int(row, 1), cv.state, to)) != DB_OK)
		return db_fail(e);
	return CASE_OK;
}

int case_transition(struct db *db, struct arena *a, const char *case_no,
                    const struct actor *who, const struct step *step,
                    time_t now, struct case_result *res)
{
	struct transition_tx t = {a, case_no, who, step, now, res, {0, NULL}, 0};
	return case_tx(db, transition_body, &t, res);
}

int case_transition_in_tx(struct db *db, struct arena *a, const char *case_no,
                          const struct actor *who, const struct step *step, time_t now,
                          struct case_result *res)
{
	struct transition_tx t = {a, case_no, who, step, now, res, {0, NULL}, 0};
	int rc = transition_body(db, &t);

	if (rc < 0) {
		res->db = (enum db_err)-rc;
		return CASE_DB;
	}
	return rc;
}
