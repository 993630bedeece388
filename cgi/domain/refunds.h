/*
 * refunds.h — what a refund step does to a case (refunds.c), for the
 * transition (case_step.c). Both run inside the step's transaction and
 * return a CASE_* code (cases.h), or db_fail's negative one.
 */
#ifndef AFTERCARE_REFUNDS_H
#define AFTERCARE_REFUNDS_H

#include "cases.h"

/* Records s->amount_fen, split over the case's items in order, each up to
 * its own cap. CASE_BAD_AMOUNT when over what may still be refunded
 * (res->bad_item: the cap in fen); CASE_CONFLICT when the case was
 * refunded already. */
int refund_record(struct db *db, struct arena *a, long long case_id,
                  const struct actor *who, const struct step *s,
                  const char *now, struct case_result *res);

/* A refund above the threshold for a high-risk customer: checked against
 * the cap (CASE_BAD_AMOUNT as above) and kept in cases.pending_refund_fen
 * until a manager approves it. */
int refund_hold(struct db *db, struct arena *a, long long case_id,
                const struct step *s, struct case_result *res);

/* The refund and the money of a failure (the events tell them). */
struct refund_paid {
	long long amount_fen;
	const char *reference;
};

/* The payment system could not pay s->refund_id of the case (s->note: its
 * reason): the refund locked and looked at before the state table is.
 * CASE_NOT_FOUND: the case has no such refund. CASE_CONFLICT: it was
 * credited, or failed for another reason. CASE_OK with *done: it failed
 * for this very reason already, nothing to write; without: *paid is what
 * it paid. */
int refund_fail_check(struct db *db, struct arena *a, long long case_id, const struct step *s,
                      bool *done, struct refund_paid *paid);
/* Marks it failed at now for s->note: from then on it counts as paid
 * nowhere (the cap, the one live refund per case, the figures). */
int refund_fail(struct db *db, const struct step *s, const char *now);

#endif
