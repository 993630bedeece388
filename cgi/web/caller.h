/*
 * caller.h — who is calling (caller.c): the session behind the cookie, the
 * origin of a form and its CSRF binding. routes.c asks these before a page
 * runs; pages confirm a provisional session with req_session_confirm
 * (pages.h).
 */
#ifndef AFTERCARE_CALLER_H
#define AFTERCARE_CALLER_H

#include <stdbool.h>

#include "http.h"

/* Fills r's identity from a valid session cookie. false: the database is
 * down (answered already). provisional: the token is taken at its word
 * until the page's first statement confirms it. */
bool caller_identify(struct req *r, bool provisional);
/* Sends the caller to the customers' or the staff's sign-in page. */
void caller_sign_in(struct req *r, bool staff);
/* Does the Origin (or the Referer) of a POST name this host? */
bool caller_same_origin(struct req *r);
/* The string r's CSRF token is bound to (the session, or the anonymous
 * "pre" cookie, set when missing and create); NULL: none. */
const char *caller_csrf_binding(struct req *r, bool create);
/* The roles that must have a second factor: the totp_required_roles
 * setting's, and outside demo mode managers and finance always. */
struct account;
unsigned caller_totp_roles(const struct req *r, const struct account *acct);
/* A member who must enrol a second factor and has none, on any page but
 * their account page and sign-out: sent there (true: answered). */
bool caller_enrol_first(struct req *r);

#endif
