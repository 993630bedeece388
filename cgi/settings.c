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

/* Both tables in one statement: this runs on every orders page. */
enum db_err rulebook_load(struct db *db, struct arena *a, struct rulebook *rb)
{
	struct dbres res;
	enum db_err e;

	memset(rb, 0, sizeof *rb);
	if ((e = db_run(db, a,
	                "SELECT 's', name, value, 0, 0 FROM settings "
	                "UNION ALL SELECT 'c', code, no_reason_ok, returnable, warranty_days "
	                "FROM categories ORDER BY 1, 2",
	                DB_NOARGS, &res)) != DB_OK)
		return e;
	for (size_t i = 0; i < res.nrows; i++) {
		const struct dbrow *row = &res.rows[i];

		if (row->col[0][0] == 's') {
			for (size_t w = 0; w < sizeof windows / sizeof windows[0]; w++)
				if (strcmp(row->col[1], windows[w].name) == 0)
					*(int *)((char *)&rb->policy + windows[w].off) = (int)db_int(row, 2);
		} else if (rb->ncats < CATEGORIES_MAX) {
			struct category *c = &rb->cats[rb->ncats++];

			c->code = row->col[1];
			c->rule.no_reason_ok = db_int(row, 2) != 0;
			c->rule.returnable = db_int(row, 3) != 0;
			c->rule.warranty_days = (int)db_int(row, 4);
		}
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
