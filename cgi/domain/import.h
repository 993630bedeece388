/*
 * import.h — orders from the shop (ROUTES.md "Orders from the shop"): the
 * JSON document of POST /api/v1/orders and of `aftercare-admin import`.
 * One transaction per document: any invalid order and nothing changes.
 */
#ifndef AFTERCARE_IMPORT_H
#define AFTERCARE_IMPORT_H

#include <stddef.h>

#include "db.h"

struct import_report {
	int orders;        /* orders created or updated */
	int items;         /* items created or updated */
	int customers_new; /* customers created */
	char error[256];   /* first problem, e.g. "orders[3].items[0].qty: must be 1..9999" */
};

enum import_err {
	IMPORT_OK = 0,
	IMPORT_INVALID, /* the document is wrong: error says where (400) */
	IMPORT_DB       /* the database failed (503) */
};

enum import_err import_orders_json(struct db *db, const char *json,
                                   size_t len, struct import_report *rep);

#endif
