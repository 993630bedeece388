/*
 * costs.h — what serving a case cost (case_costs, schema/030): postage,
 * parts, technician hours at the policy hourly rate, anything else, and
 * the compensations paid on it; and the dashboard's cost figures: per
 * case, by type and reason, and the return rate and cost by product
 * category and SKU (002 §6.3.4, quality feedback to suppliers).
 */
#ifndef AFTERCARE_COSTS_H
#define AFTERCARE_COSTS_H

#include <stdbool.h>
#include <time.h>

#include "compensations.h"
#include "db.h"

enum cost_kind { COST_POSTAGE, COST_PARTS, COST_LABOUR, COST_OTHER, COST__MAX };
extern const char *const cost_kinds[COST__MAX];
#define COST_MAX_FEN 100000000LL  /* one entry: 1 000 000 yuan at most */
#define COST_HOURS_MAX 100000     /* hundredths of an hour: 1000 h */

/* The policies of this file (settings): the compensation threshold and the
 * technician's hourly rate, both fen. */
struct cost_policy {
	long long compensation_approval_fen;
	long long tech_hour_fen;
};
enum db_err cost_policy_load(struct db *db, struct arena *a, struct cost_policy *p);

/* One cost of a case inside the caller's transaction: amount_fen, or for
 * labour hours (hundredths) at the policy's rate. */
struct cost_entry {
	enum cost_kind kind;
	long long amount_fen;   /* labour: ignored */
	long long hours100;     /* labour: hundredths of an hour */
	const char *note;
	long long staff_id;
};
enum db_err cost_add_in_tx(struct db *db, struct arena *a, long long case_id,
                           const struct cost_entry *c, time_t now);
/* The small cost form of the staff case page: under the case's lock and
 * version like a compensation (COMPR_PAID: recorded). */
enum comp_result cost_add(struct db *db, struct arena *a, const char *case_no, int version,
                          const struct cost_entry *c, time_t now, enum db_err *err);

struct case_cost {
	const char *kind;
	long long amount_fen;
	long long minutes;      /* labour; -1 otherwise */
	const char *note;
	const char *staff;
	time_t at;
};
/* A case's costs, oldest first (at most 100), and their total with the
 * compensations paid. */
enum db_err costs_of_case(struct db *db, struct arena *a, long long case_id,
                          struct case_cost **list, size_t *n, long long *total_fen);

/* ---- the dashboard: cases created in [from, to) and what they cost so far */
struct cost_totals {
	long long cases;                  /* created in the period */
	long long by_kind[COST__MAX];     /* their costs by kind */
	long long compensation_fen;       /* their compensations paid */
	long long total_fen;              /* all of it */
	/* compensations paid in the period (any case), and waiting now */
	long long comp_paid_n, comp_paid_fen, comp_kind_fen[COMP__MAX];
	long long comp_waiting_n, comp_waiting_fen;
};
enum db_err cost_totals(struct db *db, struct arena *a, time_t from, time_t to,
                        struct cost_totals *t);

/* A row of a split: cases and what they cost; for products also the units
 * sold on orders placed in the period and of them returned (a received
 * return_refund, as the dashboard's return rate). */
struct cost_row {
	const char *key;
	long long cases, cost_fen;
	long long sold, back;
};
enum cost_split { CS_TYPE, CS_REASON, CS_CATEGORY, CS_SKU, CS__MAX };
extern const char *const cost_split_names[CS__MAX];
#define COST_ROWS_MAX 30
/* The rows of a split, the costliest first (at most COST_ROWS_MAX). Type
 * and reason: cases created in the period; category and SKU: cases on
 * orders placed in the period, a case in every product it holds. */
enum db_err cost_split(struct db *db, struct arena *a, enum cost_split s, time_t from, time_t to,
                       struct cost_row **rows, size_t *n);

#endif
