/*
 * http.h — one request as the pages see it: parsed input, who is asking,
 * the view to fill, and the few ways to answer (render a page, redirect,
 * send bytes, show an error page). Pages include this and the domain
 * headers; they never see FastCGI or ClearSilver directly.
 */
#ifndef AFTERCARE_HTTP_H
#define AFTERCARE_HTTP_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "config.h"
#include "db.h"
#include "request.h"
#include "session.h"
#include "util.h"

struct view;

/* Shared by every thread; read-only after start-up. */
struct app {
	struct config cfg;
	struct keyring keys;
};

struct req {
	struct arena *a;
	const struct app *app;
	struct db *db;
	struct view *v;
	void *fcgi;              /* FCGX_Request*, for http.c only */
	char id[17];             /* request id, in logs and on error pages */
	time_t now;

	/* input */
	const char *method;      /* "GET", "POST", … */
	const char *path;        /* DOCUMENT_URI, decoded by nginx */
	const char *host;        /* Host header (nginx may drop the port) */
	const char *server_port; /* SERVER_PORT */
	const char *origin;      /* Origin header or NULL */
	const char *referer;     /* Referer header or NULL */
	const char *remote_addr;
	const char *user_agent;  /* User-Agent header or NULL (the staff's sign-in log) */
	const char *authorization;
	const char *accept_language;
	struct params query;
	struct params form;      /* urlencoded or multipart fields */
	struct uploads files;
	struct params cookies;
	const char *body;        /* raw body (JSON API) */
	size_t body_len;
	const char *arg[4];      /* path segments captured by the route */
	int route;               /* routes.c index of the route taken, -1: none */
	const char *route_method, *route_pattern; /* and its method and pattern */
	const char *lang;        /* "zh-CN" or "en" */

	/* who: from a valid session token */
	bool signed_in;
	struct session sess;
	long long customer_id;   /* signed-in customer, else 0 */
	long long staff_id;      /* signed-in staff, else 0 */
	unsigned roles;          /* staff role bits */
	const char *user_name;
	const char *csrf;        /* token to put in this page's forms */
	bool session_pending;    /* customer_id or staff_id is the token's, not
	                            yet checked: pages.h's req_session_confirm */
	bool must_enrol;         /* staff whose roles require a second factor and
	                            who has none: only /staff/account* until then */

	/* answer */
	int field_errors;        /* http_field_error calls so far */
	bool answered;
	int status;
	const char *ctype;
	struct buf out;           /* the body */
	bool streaming;           /* http_stream_begin: headers are out */
	size_t streamed;          /* bytes written since */
	struct buf extra_headers; /* "Name: value\r\n" lines */
};

/* Form and query helpers: the trimmed value, or NULL when absent. */
const char *req_form(struct req *r, const char *name);
const char *req_query(struct req *r, const char *name);

/* This page's path and query (values percent-encoded again), in the
 * arena: where to come back to. */
const char *req_here(struct req *r);

/* ?page=N, 1 when absent or invalid. */
int req_page(struct req *r);
/* The row id in path segment r->arg[i] (1 .. 2^53); false when it is none,
 * with the 404 page sent. */
bool req_arg_id(struct req *r, int i, long long *id);
#define PERIOD_DEFAULT_DAYS 30
#define PERIOD_MAX_DAYS 1096 /* three years */
/* ?from=&to= (YYYY-MM-DD, Asia/Shanghai days, both included; to defaults
 * to today, from to PERIOD_DEFAULT_DAYS days ending at to) as [from, to)
 * UTC instants, to the end of the last day; shown as Page.period.from and
 * Page.period.to. False, with a 400 page sent: not a date, from after
 * to, or more than PERIOD_MAX_DAYS days. */
bool req_period(struct req *r, time_t *from, time_t *to);
/* Page.page, Page.prev, Page.next for a paged list. */
void http_paging(struct req *r, int page, bool more);

/* Add a header line to the answer. */
void http_header(struct req *r, const char *name, const char *value);
/* Set-Cookie with HttpOnly; SameSite=Lax; Path=/ (and Secure when
 * configured). max_age < 0: session cookie; 0: delete. */
void http_cookie(struct req *r, const char *name, const char *value,
                 long max_age);

/* Render templates/<tmpl> into the site's layout with status. */
void http_page(struct req *r, int status, const char *tmpl);
/* 303 See Other to a local path. */
void http_redirect(struct req *r, const char *location);
/* Seconds a 503 (the database away) asks the client to wait. */
#define HTTP_RETRY_AFTER "5"
/* An error page in the layout: status and the language key of a message
 * (NULL: the generic one for that status; a 503 says Retry-After). */
void http_error(struct req *r, int status, const char *msg_key);
/* A message next to a form field: Page.errors.<field> = L.<msg_key>. */
void http_field_error(struct req *r, const char *field, const char *msg_key);
/* Raw bytes (attachments, JSON, plain text). */
void http_send(struct req *r, int status, const char *ctype,
               const void *body, size_t len);

/* An answer of unknown length (exports): the headers go out now, without
 * Content-Length; the body follows through http_stream_write, a sink for
 * csv.c (0, or -1 once the client is gone). Nothing else may answer after
 * this: an error can only cut the body short (and is logged). */
void http_stream_begin(struct req *r, int status, const char *ctype);
int http_stream_write(void *req, const char *p, size_t n);

/* A domain call failed in the database: 503 with Retry-After when it is
 * down, else 500. */
void http_db_error(struct req *r, enum db_err e);

/* Used by main.c only: one FastCGI request, answered by dispatch (the
 * route table's routes_dispatch) unless it is malformed. */
struct view_cache;
void http_handle(const struct app *app, struct db *db, struct view_cache *vc,
                 void *fcgi_request, void (*dispatch)(struct req *r));

#endif
