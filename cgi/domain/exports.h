/*
 * exports.h — the rows of the manager's CSV exports and survey list, for a
 * period [from, to) of UTC instants. The exports hand each row to a
 * function as the database sends it (db_each): nothing is kept, whatever
 * the period's size.
 */
#ifndef AFTERCARE_EXPORTS_H
#define AFTERCARE_EXPORTS_H

#include <stdbool.h>
#include <time.h>

#include "db.h"

/* Cases created in the period: case_no, created_at, order_no, customer,
 * type, reason, channel, state, revision, amount_fen (asked, NULL),
 * refunded_fen, assignee, updated_at, items ("SKU name ×qty; …"),
 * value_fen (what the customer paid for those quantities). */
enum db_err export_cases(struct db *db, time_t from, time_t to, db_row_fn fn, void *ctx);
/* The same rows for a list of case numbers (a JSON array of strings), in
 * its order: the staff queue's filter as it is. */
enum db_err export_cases_listed(struct db *db, const char *case_nos_json, db_row_fn fn,
                                void *ctx);
/* Refunds issued in the period: case_no, created_at, amount_fen,
 * reference, staff, type, reason, channel, items of the case. */
enum db_err export_refunds(struct db *db, time_t from, time_t to, db_row_fn fn, void *ctx);
/* Survey answers given in the period: case_no, answered_at, attitude,
 * speed, resolution, overall, recommend, comment, type, channel. */
enum db_err export_surveys(struct db *db, time_t from, time_t to, db_row_fn fn, void *ctx);

/* The survey list: answers in the period, newest first; overall: only
 * that score (0: any); commented: only those with a comment. Rows as
 * export_surveys. */
#define SURVEYS_PAGE 25
struct survey_filter {
	time_t from, to;
	int overall;
	bool commented;
	int page;
};
enum db_err surveys_list(struct db *db, struct arena *a, const struct survey_filter *f,
                         struct dbres *rows, bool *more);

#endif
