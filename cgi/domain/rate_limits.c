/*
 * rate_limits.c — see rate_limits.h. One table of kinds; each key's counter is one
 * row of rate_limits, raised in one statement (a new window starts when the
 * old one is over) and read back under its row lock; when either key is
 * over its limit the transaction is rolled back, so a refused attempt
 * counts for nothing and two at once cannot both squeeze past.
 */
#include <stdio.h>
#include <string.h>

#include "audit.h"
#include "rate_limits.h"

static const struct {
	const char *name;             /* limit_<name>_account, limit_<name>_address */
	int account_max, address_max; /* when the settings row is missing */
} kinds[LIMIT__MAX] = {
	[LIMIT_REQUEST] = {"request", 300, 3000},
	[LIMIT_MESSAGE] = {"message", 300, 3000},
	[LIMIT_COMPLAINT] = {"complaint", 60, 600},
	[LIMIT_UPLOAD] = {"upload", 600, 6000},
	[LIMIT_BULK] = {"bulk", 2000, 20000},
};

struct take_tx {
	struct arena *a;
	const char *keys[2];
	long long max[2];
	long long window;
	int n;
	time_t now;
	long wait;
};

static int take_body(struct db *db, void *ctx)
{
	struct take_tx *t = ctx;
	char now[20], old[20];
	struct dbrow *row;
	enum db_err e;

	format_db_datetime(t->now, now);
	format_db_datetime(t->now - t->window, old);
	t->wait = 0;
	for (int i = 0; i < 2; i++) {
		if (!t->keys[i])
			continue;
		if ((e = db_run(db, NULL,
		                "INSERT INTO rate_limits (k, n, window_start) VALUES (?, ?, ?) "
		                "ON DUPLICATE KEY UPDATE "
		                "n = IF(window_start <= ?, VALUES(n), n + VALUES(n)), "
		                "window_start = IF(window_start <= ?, VALUES(window_start), window_start)",
		                DB_ARGS(DB_STR(t->keys[i]), DB_INT(t->n), DB_STR(now), DB_STR(old),
		                        DB_STR(old)),
		                NULL)) != DB_OK ||
		    (e = db_row(db, t->a,
		                "SELECT n, GREATEST(1, TIMESTAMPDIFF(SECOND, ?, window_start) + ?) "
		                "FROM rate_limits WHERE k = ?",
		                DB_ARGS(DB_STR(now), DB_INT(t->window), DB_STR(t->keys[i])), &row)) != DB_OK)
			return db_fail(e);
		if (row && db_int(row, 0) > t->max[i]) {
			long w = (long)db_int(row, 1);

			if (w > t->wait)
				t->wait = w;
		}
	}
	return t->wait ? 1 : 0; /* over: roll back, nothing counted */
}

enum db_err limit_take(struct db *db, struct arena *a, enum limit_kind kind,
                       const char *account, const char *address, int n, time_t now,
                       long *wait)
{
	struct take_tx t = {a, {NULL, NULL}, {kinds[kind].account_max, kinds[kind].address_max},
	                    LIMIT_WINDOW_DEFAULT, n, now, 0};
	char acct_name[48], addr_name[48];
	struct dbres res;
	enum db_err e;
	int rc;

	*wait = 0;
	if (n <= 0)
		return DB_OK;
	snprintf(acct_name, sizeof acct_name, "limit_%s_account", kinds[kind].name);
	snprintf(addr_name, sizeof addr_name, "limit_%s_address", kinds[kind].name);
	if ((e = db_run(db, a,
	                "SELECT name, value FROM settings WHERE name IN (?, ?, 'limit_window_seconds')",
	                DB_ARGS(DB_STR(acct_name), DB_STR(addr_name)), &res)) != DB_OK)
		return e;
	for (size_t i = 0; i < res.nrows; i++) {
		const char *name = res.rows[i].col[0];
		long long v = db_int(&res.rows[i], 1);

		if (v <= 0)
			continue; /* not a limit we can apply: keep the default */
		if (strcmp(name, acct_name) == 0)
			t.max[0] = v;
		else if (strcmp(name, addr_name) == 0)
			t.max[1] = v;
		else
			t.window = v;
	}
	t.keys[0] = aprintf(a, "%s:%s", kinds[kind].name, account);
	t.keys[1] = address ? aprintf(a, "%s:addr:%s", kinds[kind].name, address) : NULL;
	rc = db_tx(db, take_body, &t);
	if (rc < 0)
		return (enum db_err)-rc;
	*wait = t.wait;
	return DB_OK;
}

const char *const limit_setting_names[LIMIT_SETTINGS] = {
	"limit_window_seconds",    "limit_request_account", "limit_request_address",
	"limit_message_account",   "limit_message_address", "limit_complaint_account",
	"limit_complaint_address", "limit_upload_account",  "limit_upload_address",
	"limit_bulk_account",      "limit_bulk_address",    TOTP_ROLES_SETTING,
};

enum db_err limit_settings_get(struct db *db, struct arena *a, const char *values[LIMIT_SETTINGS],
                               const char **totp_roles)
{
	struct dbres res;
	enum db_err e = db_run(db, a,
	                       "SELECT name, value FROM settings WHERE name LIKE 'limit\\_%' "
	                       "OR name = ?",
	                       DB_ARGS(DB_STR(TOTP_ROLES_SETTING)), &res);

	for (size_t i = 0; i < LIMIT_SETTINGS; i++)
		values[i] = NULL;
	*totp_roles = "";
	if (e != DB_OK)
		return e;
	for (size_t r = 0; r < res.nrows; r++)
		for (size_t i = 0; i < LIMIT_SETTINGS; i++)
			if (strcmp(res.rows[r].col[0], limit_setting_names[i]) == 0)
				values[i] = res.rows[r].col[1];
	if (values[LIMIT_SETTINGS - 1])
		*totp_roles = values[LIMIT_SETTINGS - 1];
	return DB_OK;
}

struct save_tx {
	const long long *values;
	const char *totp_roles;
};

static enum db_err put(struct db *db, const char *name, const char *value)
{
	return db_run(db, NULL,
	              "INSERT INTO settings (name, value) VALUES (?, ?) "
	              "ON DUPLICATE KEY UPDATE value = VALUES(value)",
	              DB_ARGS(DB_STR(name), DB_STR(value)), NULL);
}

static int save_body(struct db *db, void *ctx)
{
	struct save_tx *t = ctx;
	enum db_err e;

	for (size_t i = 0; i + 1 < LIMIT_SETTINGS; i++) {
		char v[24];

		snprintf(v, sizeof v, "%lld", t->values[i]);
		if ((e = put(db, limit_setting_names[i], v)) != DB_OK)
			return db_fail(e);
	}
	if ((e = put(db, TOTP_ROLES_SETTING, t->totp_roles)) != DB_OK)
		return db_fail(e);
	return 0;
}

enum db_err limit_settings_save(struct db *db, struct arena *a, long long staff_id, time_t now,
                                const long long values[LIMIT_SETTINGS], const char *totp_roles)
{
	struct save_tx t = {values, totp_roles};

	return audit_area_change(db, a, staff_id, AUDIT_SETTINGS, now, save_body, &t);
}
