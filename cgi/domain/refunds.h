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

#endif
