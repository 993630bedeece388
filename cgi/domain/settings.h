/*
 * settings.h — the rules a manager can change: return windows (settings
 * table) and category rules (categories table), read fresh per request so
 * a change takes effect at once on every daemon.
 */
#ifndef AFTERCARE_SETTINGS_H
#define AFTERCARE_SETTINGS_H

#include "audit.h"
#include "db.h"
#include "rules.h"

#define CATEGORIES_MAX 64

struct category {
	const char *code;
	struct category_rule rule;
	const char *return_address; /* "": the shop's (service_policy) */
};

struct rulebook {
	struct policy policy;
	struct category cats[CATEGORIES_MAX];
	size_t ncats;
};

/* The manager's targets (issue 15, settings target_*, schema/032): whole
 * numbers; 0 means "no target". Rates in %, the complaint rate in per
 * mille of the ordering customers (10: 1.0 %). at_most: met when the
 * figure is at or below the target (else at or above). */
enum target {
	TG_SOLVED_24H,      /* % of completions within 24 h of submission (seed 001: 90) */
	TG_FIRST_RESPONSE,  /* % of first-response limits met */
	TG_CSAT,            /* % of overall answers 4 or 5 */
	TG_COMPLAINT_RATE,  /* complaints per 1000 ordering customers, at most */
	TG__MAX
};
struct target_def {
	const char *name;   /* settings name and form field: target_<…> */
	int def, max;
	bool at_most;
	int scale;          /* the setting / scale is the figure's % (10 for per mille) */
};
extern const struct target_def target_defs[TG__MAX];

/* The settings the case steps read (settings table, schema/005). */
struct service_policy {
	long long refund_approval_fen; /* high-risk refunds above it need a manager */
	int arrival_same_city_hours;
	int arrival_other_city_hours;
	const char *service_cities;    /* "上海,北京" */
	/* sending the goods back (schema/020) */
	const char *return_address;    /* the shop's; a category may have its own */
	int ship_by_days;              /* from the approval */
	int ship_by_grace_days;        /* after ship-by, the case is closed */
	const char *postage_quality;   /* who pays for a quality problem: shop, customer */
	const char *postage_no_reason; /* … for a no-reason return */
	int targets[TG__MAX];          /* the manager's targets, target_defs */
};
enum db_err service_policy_load(struct db *db, struct arena *a, struct service_policy *p);

enum db_err rulebook_load(struct db *db, struct arena *a, struct rulebook *rb);
/* The rulebook of generation gen (data_versions 'rules', schema/011, read
 * by the caller in a statement it runs anyway): the one this connection
 * kept when it is of that generation, else loaded now and kept. *rb lives
 * until the next call on this connection. gen <= 0 always loads. */
enum db_err rulebook_current(struct db *db, long long gen, const struct rulebook **rb);
/* The SQL of that generation, as a column of another statement. */
#define RULES_GEN_SQL "(SELECT gen FROM data_versions WHERE name = 'rules')"
/* The rule of a category; an unknown code gets the strictest rule. */
/* A manager's save of the policies page: every window, every category's
 * rule (by code; unknown codes are left alone) and the service settings,
 * in one transaction. Values are validated by the caller. The next
 * request reads them. */
/* more: further settings by name (the time limits, sla_*), nmore of
 * them. Every key that changed, of settings and of categories, goes into
 * one audit row ("policies", by staff_id) with its value before and after
 * (audit_changes: whatever the key); a change of an sla_* setting opens a
 * new generation of sla_limits, which the cases opened from now keep. */
enum db_err settings_save(struct db *db, struct arena *a, long long staff_id, time_t now,
                          const struct rulebook *rb, const struct service_policy *sp,
                          const struct audit_kv *more, size_t nmore);

/* Where a case's goods go back to: the first of its items' categories
 * that has an address of its own, else the shop's (sp). */
enum db_err return_address_of(struct db *db, struct arena *a, long long case_id,
                              const struct service_policy *sp, const char **address);

const struct category_rule *rulebook_category(const struct rulebook *rb,
                                              const char *code);

#endif
