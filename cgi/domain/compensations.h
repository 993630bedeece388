/*
 * compensations.h — money paid on a case beyond the items' refund
 * (goodwill, the customer's postage, a coupon; schema/030): paid by
 * finance, or waiting for a manager above the policy threshold. One form
 * submission pays at most once: it names the case version it was shown
 * at, and the case is locked, checked and moved on in one transaction.
 */
#ifndef AFTERCARE_COMPENSATIONS_H
#define AFTERCARE_COMPENSATIONS_H

#include <stdbool.h>
#include <time.h>

#include "db.h"

enum compensation_kind { COMP_GOODWILL, COMP_POSTAGE, COMP_COUPON, COMP__MAX };
extern const char *const compensation_kinds[COMP__MAX];

/* The largest amount one compensation may be (fen): a typo's guard. */
#define COMPENSATION_MAX_FEN 100000000LL /* 1 000 000 yuan */
#define COMPENSATION_REASON_MAX 500       /* characters */

struct compensation_new {
	const char *case_no;
	enum compensation_kind kind;
	long long amount_fen;
	const char *reason;
	const char *reference;
	int version;          /* the case version the form was shown at */
	long long staff_id;
	unsigned roles;       /* a manager's own is paid at once */
	time_t now;
};

enum comp_result {
	COMPR_PAID = 0,       /* paid now (compensation.issued written) */
	COMPR_WAITING,        /* above the threshold: waits for a manager */
	COMPR_NO_CASE,
	COMPR_STALE,          /* the case is no longer at that version */
	COMPR_NOT_WAITING,    /* approve: no such compensation waiting on the case */
	COMPR_DB
};

enum comp_result compensation_add(struct db *db, struct arena *a, const struct compensation_new *c,
                                  enum db_err *err);
/* A manager approves compensation id of the case, shown at version:
 * paid now, with its event. */
enum comp_result compensation_approve(struct db *db, struct arena *a, const char *case_no,
                                      long long id, int version, long long staff_id, time_t now,
                                      enum db_err *err);

struct compensation {
	long long id;
	const char *kind;
	long long amount_fen;
	const char *reason;
	const char *reference;
	const char *staff;     /* who entered it */
	time_t created_at;
	time_t paid_at;        /* 0: waiting for a manager */
};
/* A case's compensations, oldest first (at most 100). */
enum db_err compensations_of_case(struct db *db, struct arena *a, long long case_id,
                                  struct compensation **list, size_t *n);

/* compensations.csv: those paid in [from, to): case_no, paid_at, kind,
 * amount_fen, reason, reference, staff, approver, type, reason, channel. */
enum db_err export_compensations(struct db *db, time_t from, time_t to, db_row_fn fn, void *ctx);

/* The threshold above which a compensation waits (settings). */
enum db_err compensation_threshold(struct db *db, struct arena *a, long long *fen);

#endif
