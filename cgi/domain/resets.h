/*
 * resets.h — a customer's forgotten password (/forgot): a 6-digit code
 * sent to the customer alone (outbox_reset_code), kept only as its MAC,
 * valid RESET_VALID seconds, used once, locked after RESET_TRIES wrong
 * guesses; at most RESET_PER_HOUR codes per account per hour.
 */
#ifndef AFTERCARE_RESETS_H
#define AFTERCARE_RESETS_H

#include <stdbool.h>
#include <time.h>

#include "db.h"

#define RESET_VALID 600
#define RESET_TRIES 5
#define RESET_PER_HOUR 3

/* A new code for the customer: its MAC kept, the code itself queued for
 * the customer's channels. *sent: false when nothing could carry it (no
 * channel, or the hour's codes are used up). One transaction. */
enum db_err reset_request(struct db *db, struct arena *a, long long customer_id,
                          const char *code, const char *code_mac, time_t now, bool *sent);

enum reset_result {
	RESET_OK,      /* the password is set, every earlier session ended */
	RESET_WRONG,   /* no live code, or not this one (a try counted) */
	RESET_LOCKED   /* too many wrong tries: ask for a new code */
};
/* Sets the password when code_mac is the customer's latest live code. */
enum db_err reset_confirm(struct db *db, struct arena *a, long long customer_id,
                          const char *code_mac, const char *password_hash, time_t now,
                          enum reset_result *result);

#endif
