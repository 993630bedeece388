/*
 * settings.c — loads the policy windows and the category rules.
 */
#include <string.h>

#include "settings.h"

static const struct {
	const char *name;
	size_t off;
} windows[] = {
	{"no_reason_days", offsetof(struct policy, no_reason_days)},
	{"quality_return_days", offsetof(struct policy, quality_return_days)},
	{"quality_exchange_days", offsetof(struct policy, quality_exchange_days)},
	{"quality_repair_days", offsetof(struct policy, quality_repair_days)},
	{"refund_only_days", offsetof(struct policy, refund_only_days)},
};

static const struct category_rule strictest = {false, false, 0};

enum db_err rulebook_load(struct db *db, struct arena *a, struct rulebook *rb)
{
	struct dbres res;
	enum db_err e;

	memset(rb, 0, sizeof *rb);
	if ((e = db_run(db, a, "SELECT name, value FROM settings", DB_NOARGS, &res)) != DB_OK)
		return e;
	for (size_t i = 0; i < res.nrows; i++)
		for (size_t w = 0; w < sizeof windows / sizeof windows[0]; w++)
			if (strcmp(res.rows[i].col[0], windows[w].name) == 0)
				*(int *)((char *)&rb->policy + windows[w].off) =
				    (int)db_int(&res.rows[i], 1);
	if ((e = db_run(db, a,
	                "SELECT code, no_reason_ok, returnable, warranty_days "
	                "FROM categories ORDER BY code",
	                DB_NOARGS, &res)) != DB_OK)
		return e;
	for (size_t i = 0; i < res.nrows && rb->ncats < CATEGORIES_MAX; i++) {
		struct category *c = &rb->cats[rb->ncats++];

		c->code = res.rows[i].col[0];
		c->rule.no_reason_ok = db_int(&res.rows[i], 1) != 0;
		c->rule.returnable = db_int(&res.rows[i], 2) != 0;
		c->rule.warranty_days = (int)db_int(&res.rows[i], 3);
	}
	return DB_OK;
}

enum db_err service_policy_load(struct db *db, struct arena *a, struct service_policy *p)
{
	struct dbres res;
	enum db_err e;

	/* What a database without the rows gets: schema/005's defaults. */
	*p = (struct service_policy){50000, 24, 72, ""};
	if ((e = db_run(db, a,
	                "SELECT name, value FROM settings WHERE name IN ('refund_approval_fen', "
	                "'arrival_same_city_hours', 'arrival_other_city_hours', 'service_cities')",
	                DB_NOARGS, &res)) != DB_OK)
		return e;
	for (size_t i = 0; i < res.nrows; i++) {
		const char *name = res.rows[i].col[0];

		if (strcmp(name, "refund_approval_fen") == 0)
			p->refund_approval_fen = db_int(&res.rows[i], 1);
		else if (strcmp(name, "arrival_same_city_hours") == 0)
			p->arrival_same_city_hours = (int)db_int(&res.rows[i], 1);
		else if (strcmp(name, "arrival_other_city_hours") == 0)
			p->arrival_other_city_hours = (int)db_int(&res.rows[i], 1);
		else
			p->service_cities = res.rows[i].col[1];
	}
	return DB_OK;
}

const struct category_rule *rulebook_category(const struct rulebook *rb,
                                              const char *code)
{
	for (size_t i = 0; i < rb->ncats; i++)
		if (strcmp(rb->cats[i].code, code) == 0)
			return &rb->cats[i].rule;
	return &strictest;
}
