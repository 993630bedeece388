/*
 * staff.h — staff accounts: the checks an account's fields must pass,
 * creating or updating one (admin command, demo data, user admin page),
 * and the role names of roles.h.
 */
#ifndef AFTERCARE_STAFF_H
#define AFTERCARE_STAFF_H

#include "db.h"
#include "roles.h"

#define STAFF_EMAIL_MAX 190    /* characters, as the column */
#define STAFF_NAME_MAX 100     /* characters, as the column */
#define STAFF_PASSWORD_MIN 8   /* characters */
#define STAFF_PASSWORD_MAX 256 /* bytes: scrypt takes any length, a form does not */

/* NULL when e-mail, name and password are acceptable for an account, else
 * a short English reason ("e-mail: ...", "name: ...", "password: ...").
 * Any of the three may be NULL to skip its check. */
const char *staff_check(const char *email, const char *name, const char *password);

/* Creates the account or updates name, roles and password of an existing
 * one (by e-mail). The password is hashed here; a stored hash that already
 * matches the password is kept (scrypt costs ~100 ms). A changed password
 * bumps the session epoch, which signs the account out everywhere. */
enum db_err staff_upsert(struct db *db, struct arena *a, const char *email,
                         const char *name, unsigned roles, const char *password);

/* Active staff with any of the roles in any_of (a manager has them all),
 * by name: whom a case can be assigned to. At most STAFF_LIST_MAX. */
#define STAFF_LIST_MAX 200
struct staff_brief {
	long long id;
	const char *name;
	unsigned roles;
};
enum db_err staff_active(struct db *db, struct arena *a, unsigned any_of,
                         struct staff_brief **list, size_t *n);
/* staff_active(ROLE_ALL) of generation gen (data_versions 'staff',
 * schema/011, read by the caller with STAFF_GEN_SQL in a statement it runs
 * anyway): the list this connection kept when it is of that generation,
 * else read now and kept. *list lives until the next call on this
 * connection. gen <= 0 always reads. */
enum db_err staff_active_current(struct db *db, long long gen,
                                 const struct staff_brief **list, size_t *n);
#define STAFF_GEN_SQL "(SELECT gen FROM data_versions WHERE name = 'staff')"

/* ---- the manager's user administration ---- */

/* Every account, active or not, by name: at most STAFF_LIST_MAX. */
struct staff_account {
	long long id;
	const char *email;
	const char *name;
	unsigned roles;
	bool disabled;
	bool totp; /* a second factor is enrolled */
};
enum db_err staff_all(struct db *db, struct arena *a, struct staff_account **list, size_t *n);

/* A new account (never an update of an existing one, unlike staff_upsert):
 * DB_DUPLICATE when the e-mail is taken. Fields checked by staff_check. */
enum db_err staff_create(struct db *db, struct arena *a, const char *email, const char *name,
                         unsigned roles, const char *password, long long *id);

/* Changes to account id (the caller knows it exists: account_by_id).
 * Roles are read on every request: a change applies at the next one. */
enum db_err staff_set_roles(struct db *db, long long id, unsigned roles);
/* Disabling also bumps the session epoch: every session of the account
 * dies at once, and sign-in refuses a disabled account. */
enum db_err staff_set_disabled(struct db *db, long long id, bool disabled);
/* A new password chosen by a manager; signs the account out everywhere. */
enum db_err staff_set_password(struct db *db, long long id, const char *password);

#endif
