/*
 * accounts.c — sign-in facts for customers and staff, registration by
 * order number and phone, throttling of failed sign-ins, API keys.
 */
#include <stdio.h>
#include <string.h>

#include "accounts.h"
#include "roles.h"
#include "session.h"

/* "finance,agent" (the totp_required_roles setting) -> the bits of the
 * roles named, each its own bit ("manager" is ROLE_MANAGER alone, not
 * every role as roles_parse reads it); unknown names and "-" count for
 * nothing. */
static unsigned role_bits_named(const char *list)
{
	unsigned bits = 0;

	while (list && *list) {
		size_t n = strcspn(list, ",");

		for (size_t i = 0; i < ROLE_COUNT; i++)
			if (strlen(role_names[i].name) == n && strncmp(role_names[i].name, list, n) == 0)
				bits |= role_names[i].bits;
		list += n;
		if (*list == ',')
			list++;
	}
	return bits;
}

/* Whether a second factor is enrolled, and the roles that must have one by
 * the setting (schema/016). */
#define STAFF_TOTP_COLS                                                                   \
	"totp_secret IS NOT NULL, REPLACE((SELECT value FROM settings "                     \
	"WHERE name = 'totp_required_roles'), ' ', '')"

static void fill(struct account *acct, char kind, const struct dbrow *row)
{
	memset(acct, 0, sizeof *acct);
	if (!row)
		return;
	acct->kind = kind;
	acct->id = db_int(row, 0);
	acct->name = row->col[1];
	acct->password_hash = row->col[2];
	acct->epoch = db_int(row, 3);
	acct->roles = (unsigned)db_int(row, 4);
	acct->disabled = db_int(row, 5) != 0;
	acct->totp = db_int(row, 6) != 0;
	acct->totp_roles = role_bits_named(row->col[7]);
}

void account_from_column(const char *col, char kind, long long id, struct account *acct)
{
	long long epoch;
	int disabled, totp, used = 0;
	unsigned roles;
	char required[128];

	memset(acct, 0, sizeof *acct);
	if (!col || sscanf(col, "%lld %d %u %d %127s%n", &epoch, &disabled, &roles, &totp,
	                   required, &used) != 5)
		return;
	acct->totp = totp != 0;
	acct->totp_roles = role_bits_named(required);
	acct->kind = kind;
	acct->id = id;
	acct->epoch = epoch;
	acct->disabled = disabled != 0;
	acct->roles = roles;
	acct->name = col[used] == ' ' ? col + used + 1 : NULL;
}

enum db_err account_by_id(struct db *db, struct arena *a, char kind,
                          long long id, struct account *acct)
{
	struct dbrow *row;
	enum db_err e;

	if (kind == 'c')
		e = db_row(db, a,
		           "SELECT id, name, password_hash, session_epoch, 0, "
		           "password_hash IS NULL, 0, NULL FROM customers WHERE id = ?",
		           DB_ARGS(DB_INT(id)), &row);
	else
		e = db_row(db, a,
		           "SELECT id, name, password_hash, session_epoch, roles, "
		           "disabled, " STAFF_TOTP_COLS " FROM staff WHERE id = ?",
		           DB_ARGS(DB_INT(id)), &row);
	if (e == DB_OK)
		fill(acct, kind, row);
	return e;
}

enum db_err account_by_login(struct db *db, struct arena *a, char kind,
                             const char *login, struct account *acct)
{
	struct dbrow *row;
	enum db_err e;

	if (kind == 'c')
		e = db_row(db, a,
		           "SELECT id, name, password_hash, session_epoch, 0, 0, 0, NULL "
		           "FROM customers WHERE (phone = ? OR email = ?) AND erased_at IS NULL LIMIT 1",
		           DB_ARGS(DB_STR(login), DB_STR(login)), &row);
	else
		e = db_row(db, a,
		           "SELECT id, name, password_hash, session_epoch, roles, "
		           "disabled, " STAFF_TOTP_COLS " FROM staff WHERE email = ?",
		           DB_ARGS(DB_STR(login)), &row);
	if (e == DB_OK)
		fill(acct, kind, row);
	return e;
}

enum db_err account_bump_epoch(struct db *db, char kind, long long id)
{
	if (kind == 'c')
		return db_run(db, NULL,
		              "UPDATE customers SET session_epoch = session_epoch + 1 "
		              "WHERE id = ?",
		              DB_ARGS(DB_INT(id)), NULL);
	return db_run(db, NULL,
	              "UPDATE staff SET session_epoch = session_epoch + 1 WHERE id = ?",
	              DB_ARGS(DB_INT(id)), NULL);
}

enum db_err contact_get(struct db *db, struct arena *a, long long customer_id, struct contact *c)
{
	struct dbrow *row;
	enum db_err e = db_row(db, a,
	                       "SELECT phone, email, name, lang, notify_email, notify_sms "
	                       "FROM customers WHERE id = ?",
	                       DB_ARGS(DB_INT(customer_id)), &row);

	memset(c, 0, sizeof *c);
	if (e == DB_OK && row)
		*c = (struct contact){row->col[0], row->col[1], row->col[2], row->col[3],
		                      db_int(row, 4) != 0, db_int(row, 5) != 0};
	return e;
}

enum db_err contact_set(struct db *db, long long customer_id, const char *email,
                        bool notify_email, bool notify_sms)
{
	return db_run(db, NULL,
	              "UPDATE customers SET email = ?, notify_email = ?, notify_sms = ? WHERE id = ?",
	              DB_ARGS(email && *email ? DB_STR(email) : DB_NULLV, DB_INT(notify_email),
	                      DB_INT(notify_sms), DB_INT(customer_id)),
	              NULL);
}

enum db_err account_set_lang(struct db *db, long long customer_id, const char *lang)
{
	return db_run(db, NULL, "UPDATE customers SET lang = ? WHERE id = ? AND lang <> ?",
	              DB_ARGS(DB_STR(lang), DB_INT(customer_id), DB_STR(lang)), NULL);
}

struct register_tx {
	struct arena *a;
	const char *order_no, *phone, *hash, *now;
	long long customer_id;
	enum register_result result;
};

static int register_body(struct db *db, void *ctx)
{
	struct register_tx *t = ctx;
	struct dbrow *row;
	struct dbres res;
	enum db_err e;

	e = db_row(db, t->a,
	           "SELECT c.id, c.password_hash IS NOT NULL FROM orders o "
	           "JOIN customers c ON c.id = o.customer_id "
	           "WHERE o.order_no = ? AND c.phone = ? AND c.erased_at IS NULL FOR UPDATE",
	           DB_ARGS(DB_STR(t->order_no), DB_STR(t->phone)), &row);
	if (e != DB_OK)
		return db_fail(e);
	if (!row) {
		t->result = REGISTER_NO_MATCH;
		return 1;
	}
	if (db_int(row, 1)) {
		t->result = REGISTER_ALREADY;
		return 1;
	}
	t->customer_id = db_int(row, 0);
	e = db_run(db, t->a,
	           "UPDATE customers SET password_hash = ?, activated_at = ?, "
	           "session_epoch = session_epoch + 1 WHERE id = ?",
	           DB_ARGS(DB_STR(t->hash), DB_STR(t->now), DB_INT(t->customer_id)),
	           &res);
	if (e != DB_OK)
		return db_fail(e);
	t->result = REGISTER_OK;
	return 0;
}

enum db_err account_register(struct db *db, struct arena *a,
                             const char *order_no, const char *phone,
                             const char *password_hash, time_t now,
                             long long *customer_id,
                             enum register_result *result)
{
	char when[20];
	struct register_tx t = {a, order_no, phone, password_hash, when, 0,
	                        REGISTER_NO_MATCH};
	int rc;

	format_db_datetime(now, when);
	rc = db_tx(db, register_body, &t);
	if (rc < 0)
		return (enum db_err)-rc;
	*customer_id = t.customer_id;
	*result = t.result;
	return DB_OK;
}

enum db_err throttle_wait(struct db *db, struct arena *a, const char *key,
                          time_t now, long *wait)
{
	char when[20];
	struct dbrow *row;
	enum db_err e;

	format_db_datetime(now, when);
	e = db_row(db, a,
	           "SELECT TIMESTAMPDIFF(SECOND, ?, locked_until) FROM login_throttle "
	           "WHERE k = ? AND locked_until > ?",
	           DB_ARGS(DB_STR(when), DB_STR(key), DB_STR(when)), &row);
	*wait = e == DB_OK && row ? (long)db_int(row, 0) : 0;
	return e;
}

/* A failure of key: past `free` failures in the window it must wait
 * 2^(failures - free) seconds (doubling) or THROTTLE_LOCK, at most
 * THROTTLE_LOCK. One statement: a new window starts when the old one is
 * over (the assignments read the values updated before them). */
static enum db_err throttle_count(struct db *db, struct arena *a, const char *key, int free,
                                  bool doubling, time_t now)
{
	char when[20], window[20];

	format_db_datetime(now, when);
	format_db_datetime(now - THROTTLE_WINDOW, window);
	return db_run(db, a,
	              "INSERT INTO login_throttle (k, failures, window_start, locked_until) "
	              "VALUES (?, 1, ?, NULL) ON DUPLICATE KEY UPDATE "
	              "failures = IF(window_start < ?, 1, failures + 1), "
	              "window_start = IF(window_start < ?, VALUES(window_start), window_start), "
	              "locked_until = IF(failures > ?, VALUES(window_start) + INTERVAL "
	              "IF(?, LEAST(POW(2, LEAST(failures - ?, 30)), ?), ?) SECOND, locked_until)",
	              DB_ARGS(DB_STR(key), DB_STR(when), DB_STR(window), DB_STR(window),
	                      DB_INT(free), DB_INT(doubling), DB_INT(free),
	                      DB_INT(THROTTLE_LOCK), DB_INT(THROTTLE_LOCK)),
	              NULL);
}

enum db_err throttle_fail(struct db *db, struct arena *a, const char *key,
                          int max, time_t now)
{
	return throttle_count(db, a, key, max - 1, false, now);
}

enum db_err throttle_slow(struct db *db, struct arena *a, const char *key,
                          int free, time_t now)
{
	return throttle_count(db, a, key, free, true, now);
}

enum db_err throttle_clear(struct db *db, const char *key)
{
	return db_run(db, NULL, "DELETE FROM login_throttle WHERE k = ?",
	              DB_ARGS(DB_STR(key)), NULL);
}

enum db_err api_key_valid(struct db *db, struct arena *a, const char *key,
                          bool *valid)
{
	char hex[65];
	struct dbrow *row;
	enum db_err e;

	sha256_hex(key, strlen(key), hex);
	e = db_row(db, a, "SELECT id FROM api_keys WHERE key_sha256 = ?",
	           DB_ARGS(DB_STR(hex)), &row);
	*valid = e == DB_OK && row != NULL;
	return e;
}
