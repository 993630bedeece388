/*
 * phone.h — a phone number as people type it: "138 0000 0001",
 * "138-0000-0001", "+86 13800000001", "(0086) 138…", full-width digits
 * "１３８…". The shop's records hold the digits alone (13800000001).
 */
#ifndef AFTERCARE_PHONE_H
#define AFTERCARE_PHONE_H

#include <stdbool.h>

#define PHONE_MAX 20

/* The digits of s without separators (spaces, full-width spaces, '-',
 * '.', '(', ')') and without a leading +86, 0086 or 86 before an 11-digit
 * mainland number, into out. false (out "") when anything else is in s,
 * or the digits are fewer than 6 or more than PHONE_MAX. */
bool phone_normalize(const char *s, char out[PHONE_MAX + 1]);

/* The login as sign-in looks it up: a phone normalised, anything with
 * an '@' (an e-mail) as typed. Returns out or s. */
const char *phone_or_login(const char *s, char out[PHONE_MAX + 1]);

#endif
