/*
 * sendback.h — sending the goods back (schema/020): what the customer's
 * case page and slip show (address, who pays the postage, ship-by, the
 * shipment or the booked pick-up), booking and moving a pick-up, the
 * logistics role's bookings of a day, and the worker's ship-by job.
 */
#ifndef AFTERCARE_SENDBACK_H
#define AFTERCARE_SENDBACK_H

#include <time.h>

#include "cases.h"

struct pickup {
	const char *day;     /* "YYYY-MM-DD"; NULL: none booked */
	const char *window;  /* "09-12" … */
	const char *address;
	const char *state;   /* booked, confirmed */
};

struct return_view {
	time_t ship_by;          /* 0: none */
	const char *carrier;     /* NULL: not sent */
	const char *tracking_no;
	const char *address;     /* where the goods go */
	const char *payer;       /* who pays the postage: shop, customer */
	struct pickup pickup;
};
enum db_err return_view_load(struct db *db, struct arena *a, const struct case_view *cv,
                             struct return_view *rv);

/* The customer books a pick-up instead of shipping (the case stays in
 * awaiting_return; logistics' pickup step moves it on): day "YYYY-MM-DD"
 * and window already checked by the caller. One booking per case: a new
 * one replaces a booked one. CASE_NOT_FOUND: not the customer's;
 * CASE_CONFLICT: the case does not wait for its goods, or moved on
 * (expected_version), or the pick-up was confirmed already. */
int pickup_book(struct db *db, struct arena *a, const char *case_no, long long customer_id,
                int expected_version, const char *day, const char *window,
                const char *address, time_t now, struct case_result *res);
/* Logistics moves a booked pick-up to another day or window (on the
 * timeline). CASE_NOT_FOUND: no booked pick-up for the case. */
int pickup_move(struct db *db, struct arena *a, const char *case_no, const struct actor *who,
                const char *day, const char *window, time_t now, struct case_result *res);

struct pickup_row {
	const char *case_no;
	const char *case_state;
	int version;
	const char *window, *address, *state;
	const char *customer_name, *phone;
};
/* The pick-ups of a day, by window. */
enum db_err pickups_of_day(struct db *db, struct arena *a, const char *day,
                           struct pickup_row **rows, size_t *n);

/* The worker's ship-by job (inside its transaction): the customers whose
 * ship-by passed without a shipment or a booked pick-up are reminded once;
 * ship_by_grace_days later the case is closed (the state table's system
 * close; not a fast refund's). *queued: messages and closes. */
enum db_err returns_overdue(struct db *db, struct arena *a, time_t now, int *queued);

#endif
