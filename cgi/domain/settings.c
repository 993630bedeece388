/*
 * settings.c — loads the policy windows, the category rules and the
 * service settings, and saves them all at once for the policies page.
 */
#include <stdlib.h>
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
	                "SELECT 's', name, value, 0, 0, '' FROM settings "
	                "UNION ALL SELECT 'c', code, no_reason_ok, returnable, warranty_days, "
	                "return_address "
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
			c->return_address = row->col[5];
		}
	}
	return DB_OK;
}

static enum db_err load_rules(struct db *db, struct arena *a, void *rb)
{
	return rulebook_load(db, a, rb);
}

enum db_err rulebook_current(struct db *db, long long gen, const struct rulebook **rb)
{
	void *v;
	enum db_err e = db_kept(db, DB_MEMO_RULES, gen, sizeof **rb, load_rules, &v);

	*rb = v;
	return e;
}

const struct target_def target_defs[TG__MAX] = {
	[TG_SOLVED_24H] = {"target_solved_24h_pct", 90, 100, false, 1},
	[TG_FIRST_RESPONSE] = {"target_first_response_pct", 90, 100, false, 1},
	[TG_CSAT] = {"target_csat_pct", 85, 100, false, 1},
	[TG_COMPLAINT_RATE] = {"target_complaint_rate", 10, 1000, true, 10},
};

enum db_err service_policy_load(struct db *db, struct arena *a, struct service_policy *p)
{
	struct dbres res;
	enum db_err e;

	/* What a database without the rows gets: schema/005's defaults. */
	*p = (struct service_policy){50000, 24, 72, "", "", 7, 3, "shop", "customer", {0}};
	for (int k = 0; k < TG__MAX; k++)
		p->targets[k] = target_defs[k].def;
	if ((e = db_run(db, a,
	                "SELECT name, value FROM settings WHERE name IN ('refund_approval_fen', "
	                "'arrival_same_city_hours', 'arrival_other_city_hours', 'service_cities', "
	                "'return_address', 'ship_by_days', 'ship_by_grace_days', "
	                "'postage_quality', 'postage_no_reason') OR name LIKE 'target\\_%'",
	                DB_NOARGS, &res)) != DB_OK)
		return e;
	for (size_t i = 0; i < res.nrows; i++) {
		const char *name = res.rows[i].col[0];
		int k;

		for (k = 0; k < TG__MAX && strcmp(name, target_defs[k].name) != 0; k++)
			;
		if (k < TG__MAX)
			p->targets[k] = (int)db_int(&res.rows[i], 1);
		else if (strncmp(name, "target_", 7) == 0)
			continue; /* a target this build does not know */
		else if (strcmp(name, "return_address") == 0)
			p->return_address = res.rows[i].col[1];
		else if (strcmp(name, "ship_by_days") == 0)
			p->ship_by_days = (int)db_int(&res.rows[i], 1);
		else if (strcmp(name, "ship_by_grace_days") == 0)
			p->ship_by_grace_days = (int)db_int(&res.rows[i], 1);
		else if (strcmp(name, "postage_quality") == 0)
			p->postage_quality = res.rows[i].col[1];
		else if (strcmp(name, "postage_no_reason") == 0)
			p->postage_no_reason = res.rows[i].col[1];
		else if (strcmp(name, "refund_approval_fen") == 0)
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

enum db_err return_address_of(struct db *db, struct arena *a, long long case_id,
                              const struct service_policy *sp, const char **address)
{
	struct dbrow *row;
	enum db_err e = db_row(db, a,
	                       "SELECT k.return_address FROM case_items ci "
	                       "JOIN order_items i ON i.id = ci.order_item_id "
	                       "JOIN categories k ON k.code = i.category "
	                       "WHERE ci.case_id = ? AND k.return_address <> '' "
	                       "ORDER BY ci.order_item_id LIMIT 1",
	                       DB_ARGS(DB_INT(case_id)), &row);

	*address = row ? row->col[0] : sp->return_address;
	return e;
}

const struct category_rule *rulebook_category(const struct rulebook *rb,
                                              const char *code)
{
	for (size_t i = 0; i < rb->ncats; i++)
		if (strcmp(rb->cats[i].code, code) == 0)
			return &rb->cats[i].rule;
	return &strictest;
}

struct save_tx {
	struct arena *a;
	long long staff_id;
	time_t now;
	const struct rulebook *rb;
	const struct service_policy *sp;
	const struct audit_kv *more;
	size_t nmore;
};

/* Every setting and every category's rule as (key, value): what the audit
 * compares before and after a save. */
static enum db_err policies_snapshot(struct db *db, struct arena *a, struct audit_snap *s)
{
	struct dbres res;
	enum db_err e = db_run(db, a,
	                      "SELECT name, value FROM settings "
	                      "UNION ALL SELECT CONCAT('category.', code, '.no_reason_ok'), "
	                      "no_reason_ok FROM categories "
	                      "UNION ALL SELECT CONCAT('category.', code, '.returnable'), "
	                      "returnable FROM categories "
	                      "UNION ALL SELECT CONCAT('category.', code, '.warranty_days'), "
	                      "warranty_days FROM categories "
	                      "UNION ALL SELECT CONCAT('category.', code, '.return_address'), "
	                      "return_address FROM categories ORDER BY 1",
	                      DB_NOARGS, &res);

	if (e == DB_OK)
		audit_snap_of(a, &res, s);
	return e;
}

/* A time limit changed: the cases opened from now keep a new generation
 * of sla_limits (schema/031), a copy of the sla_* settings. */
static enum db_err new_limits_gen(struct db *db, struct arena *a, const struct audit_snap *before,
                                  const struct audit_snap *after)
{
	bool changed = false;

	for (size_t i = 0; i < after->n && !changed; i++) {
		bool found;
		const char *was;

		if (strncmp(after->kv[i].key, "sla_", 4) != 0)
			continue;
		was = audit_snap_get(before, after->kv[i].key, &found);
		changed = !found || !was || !after->kv[i].value || strcmp(was, after->kv[i].value) != 0;
	}
	if (!changed)
		return DB_OK;
	return db_run(db, a,
	              "INSERT INTO sla_limits (gen, name, value) "
	              "SELECT g.gen + 1, s.name, s.value FROM settings s "
	              "JOIN (SELECT COALESCE(MAX(gen), 0) gen FROM sla_limits FOR UPDATE) g "
	              "WHERE s.name LIKE 'sla\\_%'",
	              DB_NOARGS, NULL);
}

static enum db_err put_setting(struct db *db, struct arena *a, const char *name,
                               const char *value)
{
	return db_run(db, a,
	              "INSERT INTO settings (name, value) VALUES (?, ?) "
	              "ON DUPLICATE KEY UPDATE value = VALUES(value)",
	              DB_ARGS(DB_STR(name), DB_STR(value)), NULL);
}

static int save_body(struct db *db, void *ctx)
{
	struct save_tx *t = ctx;
	const struct service_policy *sp = t->sp;
	const struct {
		const char *name;
		long long value;
	} numbers[] = {
		{"refund_approval_fen", sp->refund_approval_fen},
		{"arrival_same_city_hours", sp->arrival_same_city_hours},
		{"arrival_other_city_hours", sp->arrival_other_city_hours},
		{"ship_by_days", sp->ship_by_days},
		{"ship_by_grace_days", sp->ship_by_grace_days},
	};
	const struct {
		const char *name, *value;
	} texts[] = {
		{"service_cities", sp->service_cities},
		{"return_address", sp->return_address},
		{"postage_quality", sp->postage_quality},
		{"postage_no_reason", sp->postage_no_reason},
	};
	struct audit_snap before, after;
	enum db_err e;

	if ((e = policies_snapshot(db, t->a, &before)) != DB_OK)
		return db_fail(e);
	for (size_t i = 0; i < t->nmore; i++)
		if ((e = put_setting(db, t->a, t->more[i].key, t->more[i].value)) != DB_OK)
			return db_fail(e);
	for (size_t w = 0; w < sizeof windows / sizeof windows[0]; w++) {
		int days = *(const int *)((const char *)&t->rb->policy + windows[w].off);

		if ((e = put_setting(db, t->a, windows[w].name, aprintf(t->a, "%d", days))) != DB_OK)
			return db_fail(e);
	}
	for (size_t i = 0; i < sizeof numbers / sizeof numbers[0]; i++)
		if ((e = put_setting(db, t->a, numbers[i].name,
		                     aprintf(t->a, "%lld", numbers[i].value))) != DB_OK)
			return db_fail(e);
	for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++)
		if ((e = put_setting(db, t->a, texts[i].name, texts[i].value)) != DB_OK)
			return db_fail(e);
	for (int k = 0; k < TG__MAX; k++)
		if ((e = put_setting(db, t->a, target_defs[k].name,
		                     aprintf(t->a, "%d", sp->targets[k]))) != DB_OK)
			return db_fail(e);
	for (size_t i = 0; i < t->rb->ncats; i++) {
		const struct category *c = &t->rb->cats[i];

		if ((e = db_run(db, t->a,
		                "UPDATE categories SET no_reason_ok = ?, returnable = ?, "
		                "warranty_days = ?, return_address = ? WHERE code = ?",
		                DB_ARGS(DB_INT(c->rule.no_reason_ok), DB_INT(c->rule.returnable),
		                        DB_INT(c->rule.warranty_days),
		                        DB_STR(c->return_address ? c->return_address : ""),
		                        DB_STR(c->code)),
		                NULL)) != DB_OK)
			return db_fail(e);
	}
	if ((e = policies_snapshot(db, t->a, &after)) != DB_OK ||
	    (e = new_limits_gen(db, t->a, &before, &after)) != DB_OK ||
	    (e = audit_changes(db, t->a, t->staff_id, "policies", &before, &after, t->now, NULL)) !=
	        DB_OK)
		return db_fail(e);
	return 0;
}

enum db_err settings_save(struct db *db, struct arena *a, long long staff_id, time_t now,
                          const struct rulebook *rb, const struct service_policy *sp,
                          const struct audit_kv *more, size_t nmore)
{
	struct save_tx t = {a, staff_id, now, rb, sp, more, nmore};
	int rc = db_tx(db, save_body, &t);

	return rc < 0 ? (enum db_err)-rc : DB_OK;
}
