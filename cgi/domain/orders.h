/*
 * orders.h — a customer's orders as the shop sent them, each item with the
 * facts eligibility needs (units in open cases, units returned, money
 * refunded). The portal never changes an order.
 */
#ifndef AFTERCARE_ORDERS_H
#define AFTERCARE_ORDERS_H

#include <stdbool.h>
#include <time.h>

#include "db.h"
#include "rules.h"

struct order_item {
	long long id;
	const char *sku;
	const char *name;
	const char *category;
	long long unit_price_fen;
	struct item_facts facts;  /* qty, paid and what cases did to them */
};

struct order {
	long long id;
	const char *order_no;
	time_t placed_at;
	time_t delivered_at;      /* 0: not yet */
	const char *payment_method;
	const char *ship_address;  /* customer.address of the order JSON; NULL: none
	                              (read by order_of_customer only) */
	struct order_item *items;
	size_t nitems;
};

#define ORDERS_PAGE 10

/* Newest first; page counts from 1. *more: there is a next page.
 * *rules_gen: the generation of the rules (settings.h's rulebook_current)
 * read by the same statement; 0 when there are no orders. *session: the
 * customer's CUSTOMER_SESSION_SQL column (accounts.h), NULL when there
 * are no orders. */
enum db_err orders_of_customer(struct db *db, struct arena *a,
                               long long customer_id, int page,
                               struct order **orders, size_t *n, bool *more,
                               long long *rules_gen, const char **session);

/* One order of the customer with its items; o->id == 0 when there is none
 * (or it is someone else's). lock: SELECT … FOR UPDATE on the order row,
 * which serialises case creation per order. */
enum db_err order_of_customer(struct db *db, struct arena *a,
                              long long customer_id, const char *order_no,
                              bool lock, struct order *o);

/* The open cases holding an order's items: one row per item and case,
 * oldest case first. */
struct open_item {
	long long order_item_id;
	const char *case_no;
};
enum db_err open_cases_of_order(struct db *db, struct arena *a, long long order_id,
                                struct open_item **items, size_t *n);

#endif
