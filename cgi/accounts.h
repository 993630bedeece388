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
};

/* By id (session checks). acct->id == 0 when there is none. */
enum db_err account_by_id(struct db *db, struct arena *a, char kind,
                          long long id, struct account *acct);
/* Customers by phone or e-mail; staff by e-mail. */
enum db_err account_by_login(struct db *db, struct arena *a, char kind,
                             const char *login, struct account *acct);
/* Logout and password change: every token of the account dies. */
enum db_err account_bump_epoch(struct db *db, char kind, long long id);

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

/* Throttling of failed sign-ins, by login name and by address. */
#define THROTTLE_LOGIN_MAX 5     /* failures of one login in the window */
#define THROTTLE_ADDR_MAX 30     /* failures from one address in the window */
#define THROTTLE_WINDOW 900      /* seconds */
#define THROTTLE_LOCK 900        /* seconds locked */
enum db_err throttle_locked(struct db *db, struct arena *a, const char *key,
                            time_t now, bool *locked);
enum db_err throttle_fail(struct db *db, struct arena *a, const char *key,
                          int max, time_t now);
enum db_err throttle_clear(struct db *db, const char *key);

/* A bearer key for /api/v1. */
enum db_err api_key_valid(struct db *db, struct arena *a, const char *key,
                          bool *valid);

#endif
