/*
 * accounts.h — customers' and staff's sign-in facts: finding an account by
 * its login, the session epoch that logout bumps, first registration by
 * order number and phone, failed-attempt throttling, and API keys.
 */
#ifndef AFTERCARE_ACCOUNTS_H
#define AFTERCARE_ACCOUNTS_H

#include <stdbool.h>
#include <time.h>

#include "db.h"

struct account {
	long long id;     /* 0: not found */
	char kind;        /* 'c' or 's' */
	const char *name;
	const char *password_hash; /* NULL: customer not yet registered */
	long long epoch;
	unsigned roles;   /* staff only */
	bool disabled;    /* staff only */
	bool totp;        /* staff only: a second factor is enrolled */
	unsigned totp_roles; /* staff only: the roles the totp_required_roles
	                        setting names (role bits, each name's own bit) */
};

/* By id (session checks). acct->id == 0 when there is none. */
enum db_err account_by_id(struct db *db, struct arena *a, char kind,
                          long long id, struct account *acct);
/* A column a page adds to its first statement so that the session is
 * checked in the same round trip (one parameter: the account's id):
 * "epoch disabled roles totp required-roles name", or NULL when there is no such account. A
 * customer without a password counts as disabled, as in account_by_id.
 * account_from_column reads it (acct->id 0: none). */
#define CUSTOMER_SESSION_SQL                                                            \
	"(SELECT CONCAT_WS(' ', session_epoch, password_hash IS NULL, 0, 0, '-', name) "    \
	"FROM customers WHERE id = ?)"
#define STAFF_SESSION_SQL                                                               \
	"(SELECT CONCAT_WS(' ', session_epoch, disabled, roles, totp_secret IS NOT NULL, "  \
	"COALESCE(NULLIF(REPLACE((SELECT value FROM settings WHERE name = "                 \
	"'totp_required_roles'), ' ', ''), ''), '-'), name) FROM staff WHERE id = ?)"
void account_from_column(const char *col, char kind, long long id, struct account *acct);
/* Customers by phone or e-mail (never an erased one); staff by e-mail. */
enum db_err account_by_login(struct db *db, struct arena *a, char kind,
                             const char *login, struct account *acct);
/* Logout and password change: every token of the account dies. */
enum db_err account_bump_epoch(struct db *db, char kind, long long id);
/* A customer's contact details and how they want to be told (/my/account). */
struct contact {
	const char *phone, *email, *name, *lang; /* email NULL: none */
	bool notify_email, notify_sms;
};
enum db_err contact_get(struct db *db, struct arena *a, long long customer_id, struct contact *c);
/* email NULL or "": none. DB_DUPLICATE: another account has that e-mail. */
enum db_err contact_set(struct db *db, long long customer_id, const char *email,
                        bool notify_email, bool notify_sms);
/* The customer's language ("zh-CN", "en"): what their messages are in. */
enum db_err account_set_lang(struct db *db, long long customer_id, const char *lang);

enum register_result {
	REGISTER_OK,
	REGISTER_NO_MATCH,   /* no order with that number for that phone */
	REGISTER_ALREADY     /* the account already has a password */
};
enum db_err account_register(struct db *db, struct arena *a,
                             const char *order_no, const char *phone,
                             const char *password_hash, time_t now,
                             long long *customer_id,
                             enum register_result *result);

/* Throttling of failed sign-ins. A login name or an account is locked
 * for THROTTLE_LOCK at its THROTTLE_LOGIN_MAX-th failure in the window.
 * An address is slowed: after THROTTLE_ADDR_FREE failures each further
 * one makes it wait twice as long as the one before (2 s, 4 s, …, at
 * most THROTTLE_LOCK: from the 30th on) before it may try again. */
#define THROTTLE_LOGIN_MAX 5     /* failures of one login in the window */
#define THROTTLE_ADDR_FREE 20    /* failures from one address before it waits */
#define THROTTLE_WINDOW 900      /* seconds */
#define THROTTLE_LOCK 900        /* seconds, the longest wait */
/* *wait: the seconds key must still wait, 0 when it may try now. */
enum db_err throttle_wait(struct db *db, struct arena *a, const char *key,
                          time_t now, long *wait);
/* One more failure of key: locked at the max-th. */
enum db_err throttle_fail(struct db *db, struct arena *a, const char *key,
                          int max, time_t now);
/* One more failure of key: a doubling wait after the first free ones. */
enum db_err throttle_slow(struct db *db, struct arena *a, const char *key,
                          int free, time_t now);
enum db_err throttle_clear(struct db *db, const char *key);

/* A bearer key for /api/v1. */
enum db_err api_key_valid(struct db *db, struct arena *a, const char *key,
                          bool *valid);

#endif
