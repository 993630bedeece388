/*
 * staff.c — staff accounts: the field checks an account must pass,
 * creating or updating an account by e-mail, and the manager's changes to
 * an account: roles, disabling, a new password.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "session.h"
#include "staff.h"

const char *staff_check(const char *email, const char *name, const char *password)
{
	if (email) {
		size_t n = strlen(email);

		if (!utf8_valid(email, n) || utf8_len(email, n) > STAFF_EMAIL_MAX)
			return "e-mail: at most 190 characters of UTF-8";
		if (!email_shape_ok(email, STAFF_EMAIL_MAX))
			return "e-mail: must look like name@example.com";
	}
	if (name) {
		size_t n = strlen(name);

		if (n == 0 || !utf8_valid(name, n) || utf8_len(name, n) > STAFF_NAME_MAX ||
		    !text_printable(name))
			return "name: 1 to 100 characters, no control characters";
	}
	if (password) {
		size_t n = strlen(password);

		if (n > STAFF_PASSWORD_MAX || !utf8_valid(password, n))
			return "password: at most 256 bytes of UTF-8";
		if (utf8_len(password, n) < STAFF_PASSWORD_MIN)
			return "password: at least 8 characters";
	}
	return NULL;
}

enum db_err staff_upsert(struct db *db, struct arena *a, const char *email,
                         const char *name, unsigned roles, const char *password)
{
	char hash[PASSWORD_HASH_MAX], now[20];
	struct dbrow *row;
	enum db_err e;

	if ((e = db_row(db, a, "SELECT password_hash FROM staff WHERE email = ?",
	                DB_ARGS(DB_STR(email)), &row)) != DB_OK)
		return e;
	/* Re-hashing costs ~100 ms and would sign the account out: keep a
	 * hash that already fits. */
	if (row && password_verify(password, row->col[0]))
		snprintf(hash, sizeof hash, "%s", row->col[0]);
	else if (password_hash(password, hash) != 0)
		return DB_ERROR;
	format_db_datetime(time(NULL), now);
	/* MariaDB applies the assignments left to right: the epoch compares
	 * against the old hash before the new one is written. */
	return db_run(db, a,
	              "INSERT INTO staff (email, name, roles, password_hash, created_at) "
	              "VALUES (?, ?, ?, ?, ?) ON DUPLICATE KEY UPDATE name = VALUES(name), "
	              "roles = VALUES(roles), session_epoch = IF(password_hash = "
	              "VALUES(password_hash), session_epoch, session_epoch + 1), "
	              "password_hash = VALUES(password_hash)",
	              DB_ARGS(DB_STR(email), DB_STR(name), DB_INT(roles), DB_STR(hash),
	                      DB_STR(now)),
	              NULL);
}

enum db_err staff_active(struct db *db, struct arena *a, unsigned any_of,
                         struct staff_brief **list, size_t *n)
{
	struct dbres res;
	enum db_err e;

	*n = 0;
	*list = NULL;
	if ((e = db_run(db, a,
	                "SELECT id, name, roles FROM staff WHERE disabled = 0 AND (roles & ?) <> 0 "
	                "ORDER BY name, id LIMIT ?",
	                DB_ARGS(DB_INT(any_of), DB_INT(STAFF_LIST_MAX)), &res)) != DB_OK)
		return e;
	*list = amalloc(a, (res.nrows + 1) * sizeof **list);
	for (size_t i = 0; i < res.nrows; i++)
		(*list)[i] = (struct staff_brief){db_int(&res.rows[i], 0), res.rows[i].col[1],
		                                  (unsigned)db_int(&res.rows[i], 2)};
	*n = res.nrows;
	return DB_OK;
}

struct staff_set {
	struct staff_brief *list;
	size_t n;
};

static enum db_err load_staff(struct db *db, struct arena *a, void *set)
{
	struct staff_set *s = set;

	return staff_active(db, a, ROLE_ALL, &s->list, &s->n);
}

enum db_err staff_active_current(struct db *db, long long gen,
                                 const struct staff_brief **list, size_t *n)
{
	void *v;
	enum db_err e = db_kept(db, DB_MEMO_STAFF, gen, sizeof(struct staff_set), load_staff, &v);
	const struct staff_set *s = v;

	*list = s ? s->list : NULL;
	*n = s ? s->n : 0;
	return e;
}

enum db_err staff_all(struct db *db, struct arena *a, struct staff_account **list, size_t *n)
{
	struct dbres res;
	enum db_err e;

	*n = 0;
	*list = NULL;
	if ((e = db_run(db, a,
	                "SELECT id, email, name, roles, disabled, totp_secret IS NOT NULL FROM staff "
	                "ORDER BY name, id LIMIT ?",
	                DB_ARGS(DB_INT(STAFF_LIST_MAX)), &res)) != DB_OK)
		return e;
	*list = amalloc(a, (res.nrows + 1) * sizeof **list);
	for (size_t i = 0; i < res.nrows; i++)
		(*list)[i] = (struct staff_account){db_int(&res.rows[i], 0), res.rows[i].col[1],
		                                    res.rows[i].col[2],
		                                    (unsigned)db_int(&res.rows[i], 3),
		                                    db_int(&res.rows[i], 4) != 0,
		                                    db_int(&res.rows[i], 5) != 0};
	*n = res.nrows;
	return DB_OK;
}

enum db_err staff_create(struct db *db, struct arena *a, const char *email, const char *name,
                         unsigned roles, const char *password, long long *id)
{
	char hash[PASSWORD_HASH_MAX], now[20];
	struct dbres res;
	enum db_err e;

	if (password_hash(password, hash) != 0)
		return DB_ERROR;
	format_db_datetime(time(NULL), now);
	e = db_run(db, a,
	           "INSERT INTO staff (email, name, roles, password_hash, created_at) "
	           "VALUES (?, ?, ?, ?, ?)",
	           DB_ARGS(DB_STR(email), DB_STR(name), DB_INT(roles), DB_STR(hash), DB_STR(now)),
	           &res);
	if (e == DB_OK)
		*id = (long long)res.insert_id;
	return e;
}

enum db_err staff_set_roles(struct db *db, long long id, unsigned roles)
{
	return db_run(db, NULL, "UPDATE staff SET roles = ? WHERE id = ?",
	              DB_ARGS(DB_INT(roles), DB_INT(id)), NULL);
}

enum db_err staff_set_disabled(struct db *db, long long id, bool disabled)
{
	/* Enabling leaves the epoch: the sessions died when it was disabled. */
	return db_run(db, NULL,
	              "UPDATE staff SET disabled = ?, session_epoch = session_epoch + ? "
	              "WHERE id = ?",
	              DB_ARGS(DB_INT(disabled), DB_INT(disabled), DB_INT(id)), NULL);
}

enum db_err staff_set_password(struct db *db, long long id, const char *password)
{
	char hash[PASSWORD_HASH_MAX];

	if (password_hash(password, hash) != 0)
		return DB_ERROR;
	return db_run(db, NULL,
	              "UPDATE staff SET password_hash = ?, session_epoch = session_epoch + 1 "
	              "WHERE id = ?",
	              DB_ARGS(DB_STR(hash), DB_INT(id)), NULL);
}
