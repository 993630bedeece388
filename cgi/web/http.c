/*
 * http.c — turns one FastCGI request into a struct req, hands it to the
 * route table, and writes the answer with the security headers every
 * response carries. The only file besides main.c that sees libfcgi.
 */
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>

#include <fcgiapp.h>

#include "brand.h"
#include "http.h"
#include "metrics.h"
#include "roles.h"
#include "view.h"

#define MAX_BODY (32u << 20)

static const struct limits form_limits = {
	.max_body = MAX_BODY,
	.max_fields = 200,
	.max_field_len = 16 * 1024,
	.max_file = 5u << 20,
	.max_files = 6,
	.keep_oversize = true, /* routes.c: the request form says which photo */
};

static const struct {
	int code;
	const char *text;
} statuses[] = {
	{200, "OK"}, {303, "See Other"}, {400, "Bad Request"},
	{401, "Unauthorized"}, {403, "Forbidden"}, {404, "Not Found"},
	{405, "Method Not Allowed"}, {409, "Conflict"}, {410, "Gone"},
	{413, "Payload Too Large"}, {429, "Too Many Requests"},
	{500, "Internal Server Error"}, {503, "Service Unavailable"},
};

static const char *status_text(int code)
{
	for (size_t i = 0; i < sizeof statuses / sizeof statuses[0]; i++)
		if (statuses[i].code == code)
			return statuses[i].text;
	return "Unknown";
}

static const char *param(struct req *r, const char *name)
{
	const char *v = FCGX_GetParam(name, ((FCGX_Request *)r->fcgi)->envp);

	return v ? astrdup(r->a, v) : NULL;
}

const char *req_form(struct req *r, const char *name)
{
	const char *v = params_get(&r->form, name);

	return v ? str_trim(astrdup(r->a, v)) : NULL;
}

const char *req_query(struct req *r, const char *name)
{
	const char *v = params_get(&r->query, name);

	return v ? str_trim(astrdup(r->a, v)) : NULL;
}

int req_page(struct req *r)
{
	const char *p = req_query(r, "page");
	long long n = 1;

	if (p && parse_int(p, 1, 100000, &n) != 0)
		n = 1;
	return (int)n;
}

bool req_arg_id(struct req *r, int i, long long *id)
{
	if (r->arg[i] && parse_int(r->arg[i], 1, (long long)1 << 53, id) == 0)
		return true;
	http_error(r, 404, NULL);
	return false;
}

bool req_period(struct req *r, time_t *from, time_t *to)
{
	const char *f = req_query(r, "from"), *t = req_query(r, "to");
	char day[11];

	format_local_date(r->now, day);
	if (parse_date(t && *t ? t : day, to) != 0 ||
	    (f && *f ? parse_date(f, from) != 0
	             : (*from = *to - (PERIOD_DEFAULT_DAYS - 1) * 86400L, 0)) ||
	    *from > *to || (*to - *from) / 86400 + 1 > PERIOD_MAX_DAYS) {
		http_error(r, 400, "err_bad_period");
		return false;
	}
	format_local_date(*from, day);
	view_set(r->v, "Page.period.from", day);
	format_local_date(*to, day);
	view_set(r->v, "Page.period.to", day);
	*to += 86400; /* the whole last day */
	return true;
}

void http_paging(struct req *r, int page, bool more)
{
	struct buf keep = {0};

	/* The page's other query fields go with its page links. */
	for (size_t i = 0; i < r->query.n; i++) {
		if (strcmp(r->query.v[i].name, "page") == 0)
			continue;
		buf_url_encode(&keep, r->query.v[i].name);
		buf_puts(&keep, "=");
		buf_url_encode(&keep, r->query.v[i].value);
		buf_puts(&keep, "&");
	}
	view_set(r->v, "Page.keep", keep.len ? keep.p : "");
	buf_free(&keep);
	view_set_int(r->v, "Page.page", page);
	if (page > 1)
		view_set_int(r->v, "Page.prev", page - 1);
	if (more)
		view_set_int(r->v, "Page.next", page + 1);
}

void http_header(struct req *r, const char *name, const char *value)
{
	/* A line break would end the header and start one of the caller's
	 * data: never sent (nginx hands the daemon a decoded path). */
	if (strpbrk(value, "\r\n")) {
		fprintf(stderr, "%s: header %s with a line break dropped\n", r->id, name);
		return;
	}
	buf_printf(&r->extra_headers, "%s: %s\r\n", name, value);
}

/* Has s a control character (nginx decodes %0A in the path)? */
static bool has_control(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return true;
	return false;
}

/* s for the log: control characters as '?', so that no request can
 * write a line of its own into it. */
static const char *loggable(struct arena *a, const char *s)
{
	char *p;

	if (!has_control(s))
		return s;
	p = astrdup(a, s);
	for (char *q = p; *q; q++)
		if ((unsigned char)*q < 0x20 || *q == 0x7f)
			*q = '?';
	return p;
}

void http_cookie(struct req *r, const char *name, const char *value,
                 long max_age)
{
	struct buf c = {0};

	buf_printf(&c, "%s=%s; Path=/; HttpOnly; SameSite=Lax", name, value);
	if (max_age >= 0)
		buf_printf(&c, "; Max-Age=%ld", max_age);
	if (r->app->cfg.secure_cookies)
		buf_puts(&c, "; Secure");
	http_header(r, "Set-Cookie", c.p);
	buf_free(&c);
}

/* Values every page's layout needs. */
const char *req_here(struct req *r)
{
	struct buf b = {0};
	const char *here;

	buf_puts(&b, r->path ? r->path : "/");
	for (size_t i = 0; i < r->query.n; i++) {
		buf_puts(&b, i ? "&" : "?");
		buf_url_encode(&b, r->query.v[i].name);
		buf_puts(&b, "=");
		buf_url_encode(&b, r->query.v[i].value);
	}
	here = astrdup(r->a, b.p);
	buf_free(&b);
	return here;
}

static void fill_common(struct req *r, int status)
{
	const struct brand *b = NULL;

	/* The shop's look (brand.h): kept by the connection, one point lookup
	 * per page; not on a page saying the database is away. */
	if (r->db && status < 500 && brand_current(r->db, &b) == DB_OK && b) {
		view_set_int(r->v, "Brand.gen", b->gen);
		if (b->name[0])
			view_set(r->v, "Brand.name", b->name);
		if (b->accent[0])
			view_set(r->v, "Brand.accent", "1");
		if (b->logo)
			view_set(r->v, "Brand.logo", "1");
	}
	view_set(r->v, "Site.path", r->path);
	/* Where the language switch comes back to: the query too (a sign-in's
	 * next, a queue's filters). */
	if (!view_get(r->v, "Site.here", NULL)) /* a page may say (the sign-in) */
		view_set(r->v, "Site.here", req_here(r));
	view_set(r->v, "Site.request_id", r->id);
	view_set(r->v, "Site.csrf", r->csrf);
	view_set(r->v, "Site.lang", r->lang);
	if (r->customer_id)
		view_set(r->v, "User.kind", "customer");
	else if (r->staff_id) {
		view_set(r->v, "User.kind", "staff");
		/* What the navigation offers; routes.c checks each page again. */
		if (r->roles & (ROLE_AGENT | ROLE_MANAGER))
			view_set(r->v, "User.can_register", "1");
		if (r->roles & ROLE_MANAGER)
			view_set(r->v, "User.manager", "1");
		if (r->roles & (ROLE_LOGISTICS | ROLE_MANAGER))
			view_set(r->v, "User.pickups", "1");
	}
	view_set(r->v, "User.name", r->user_name);
	view_set(r->v, "Page.title",
	         view_lang(r->v, view_get(r->v, "Page.title_key", "site_name")));
}

void http_page(struct req *r, int status, const char *tmpl)
{
	fill_common(r, status);
	r->out.len = 0;
	if (view_render(r->v, tmpl, &r->out) != 0) {
		r->out.len = 0;
		buf_puts(&r->out, "<!doctype html><title>500</title><p>Internal error.");
		status = 500;
	}
	r->status = status;
	r->ctype = "text/html; charset=utf-8";
	r->answered = true;
}

void http_redirect(struct req *r, const char *location)
{
	http_header(r, "Location", location);
	r->status = 303;
	r->ctype = "text/plain; charset=utf-8";
	r->out.len = 0;
	r->answered = true;
}

void http_error(struct req *r, int status, const char *msg_key)
{
	char key[32];

	snprintf(key, sizeof key, "err_%d", status);
	view_set_int(r->v, "Page.status", status);
	view_set(r->v, "Page.title_key", key);
	view_set(r->v, "Page.message", view_lang(r->v, msg_key ? msg_key : key));
	if (status == 503)
		http_header(r, "Retry-After", HTTP_RETRY_AFTER);
	http_page(r, status, "error.cs");
}

void http_field_error(struct req *r, const char *field, const char *msg_key)
{
	view_setf(r->v, view_lang(r->v, msg_key), "Page.errors.%s", field);
	view_set(r->v, "Page.has_errors", "1");
	r->field_errors++;
}

void http_db_error(struct req *r, enum db_err e)
{
	http_error(r, e == DB_DOWN ? 503 : 500, e == DB_DOWN ? "err_db_down" : NULL);
}

void http_send(struct req *r, int status, const char *ctype, const void *body,
               size_t len)
{
	r->out.len = 0;
	buf_add(&r->out, body, len);
	r->status = status;
	r->ctype = ctype;
	r->answered = true;
}

static const char *choose_lang(struct req *r)
{
	const char *c = params_get(&r->cookies, "lang");

	if (c && (strcmp(c, "en") == 0 || strcmp(c, "zh-CN") == 0))
		return c;
	if (r->accept_language && strncmp(r->accept_language, "en", 2) == 0)
		return "en";
	return "zh-CN";
}

/* Reads and parses the body. 0, or the error status to answer. */
static int read_body(struct req *r, const char *ctype, const char *clen)
{
	FCGX_Request *f = r->fcgi;
	long long n = 0;
	char *body;
	enum req_err e;

	if (clen && *clen && parse_int(clen, 0, (long long)1 << 40, &n) != 0)
		return 400;
	if (n > (long long)MAX_BODY)
		return 413;
	if (n == 0)
		return 0;
	body = amalloc(r->a, (size_t)n + 1);
	if (FCGX_GetStr(body, (int)n, f->in) != (int)n)
		return 400;
	r->body = body;
	r->body_len = (size_t)n;
	if (!ctype)
		return 0;
	if (strncmp(ctype, "application/x-www-form-urlencoded", 33) == 0)
		e = parse_urlencoded(r->a, body, (size_t)n, &form_limits, &r->form);
	else if (strncmp(ctype, "multipart/form-data", 19) == 0)
		e = parse_multipart(r->a, ctype, body, (size_t)n, &form_limits,
		                    &r->form, &r->files);
	else
		return 0; /* JSON and others: raw body for the handler */
	if (e == REQ_OK)
		return 0;
	return e == REQ_TOO_LARGE ? 413 : 400;
}

/* The status line and headers; Content-Length unless streaming. */
static void write_head(struct req *r, bool streaming)
{
	FCGX_Request *f = r->fcgi;
	struct buf h = {0};

	buf_printf(&h, "Status: %d %s\r\n", r->status, status_text(r->status));
	buf_printf(&h, "Content-Type: %s\r\n", r->ctype ? r->ctype : "text/plain");
	if (!streaming)
		buf_printf(&h, "Content-Length: %zu\r\n", r->out.len);
	/* An uploaded image may also be a page or a script (a polyglot whose
	 * magic bytes are an image's): opened on its own it loads nothing and
	 * runs in a sandbox, whatever a browser makes of it. */
	if (r->ctype && strncmp(r->ctype, "image/", 6) == 0)
		buf_puts(&h, "Content-Security-Policy: default-src 'none'; object-src 'none'; "
		         "frame-ancestors 'none'; base-uri 'none'; form-action 'none'; sandbox\r\n");
	else
		buf_puts(&h, "Content-Security-Policy: default-src 'self'; img-src 'self' data:; "
		         "object-src 'none'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'\r\n");
	buf_puts(&h,
	         "X-Content-Type-Options: nosniff\r\n"
	         "X-Frame-Options: DENY\r\n"
	         "Referrer-Policy: same-origin\r\n"
	         "Cache-Control: no-store\r\n");
	buf_printf(&h, "X-Request-Id: %s\r\n", r->id);
	if (r->extra_headers.len)
		buf_add(&h, r->extra_headers.p, r->extra_headers.len);
	buf_puts(&h, "\r\n");
	FCGX_PutStr(h.p, (int)h.len, f->out);
	buf_free(&h);
}

static void write_response(struct req *r)
{
	FCGX_Request *f = r->fcgi;

	write_head(r, false);
	if (r->out.len && strcmp(r->method, "HEAD") != 0)
		FCGX_PutStr(r->out.p, (int)r->out.len, f->out);
}

void http_stream_begin(struct req *r, int status, const char *ctype)
{
	r->status = status;
	r->ctype = ctype;
	r->answered = true;
	r->streamed = 0;
	r->streaming = true;
	write_head(r, true);
}

int http_stream_write(void *ctx, const char *p, size_t n)
{
	struct req *r = ctx;
	FCGX_Request *f = r->fcgi;

	if (strcmp(r->method, "HEAD") == 0)
		return 0;
	if (n > INT_MAX || FCGX_PutStr(p, (int)n, f->out) != (int)n)
		return -1;
	r->streamed += n;
	return 0;
}

static double ms_since(const struct timeval *t0)
{
	struct timeval t1;

	gettimeofday(&t1, NULL);
	return (double)(t1.tv_sec - t0->tv_sec) * 1e3 +
	       (double)(t1.tv_usec - t0->tv_usec) / 1e3;
}

void http_handle(const struct app *app, struct db *db, struct view_cache *vc,
                 void *fcgi_request, void (*dispatch)(struct req *r))
{
	struct req r = {0};
	struct timeval t0;
	unsigned char rid[8];
	const char *qs, *ctype, *clen, *cookie;
	double ms;
	int bad;

	gettimeofday(&t0, NULL);
	r.a = arena_new();
	r.app = app;
	r.db = db;
	r.fcgi = fcgi_request;
	r.now = t0.tv_sec;
	r.route = -1;
	random_bytes(rid, sizeof rid);
	hex_encode(rid, sizeof rid, r.id);

	r.method = param(&r, "REQUEST_METHOD");
	r.path = param(&r, "DOCUMENT_URI");
	r.host = param(&r, "HTTP_HOST");
	r.server_port = param(&r, "SERVER_PORT");
	r.origin = param(&r, "HTTP_ORIGIN");
	r.referer = param(&r, "HTTP_REFERER");
	r.remote_addr = param(&r, "REMOTE_ADDR");
	r.user_agent = param(&r, "HTTP_USER_AGENT");
	r.authorization = param(&r, "HTTP_AUTHORIZATION");
	r.accept_language = param(&r, "HTTP_ACCEPT_LANGUAGE");
	qs = param(&r, "QUERY_STRING");
	ctype = param(&r, "CONTENT_TYPE");
	clen = param(&r, "CONTENT_LENGTH");
	cookie = param(&r, "HTTP_COOKIE");
	if (!r.method)
		r.method = "GET";
	if (!r.path)
		r.path = "/";

	if (cookie)
		parse_cookies(r.a, cookie, &r.cookies);
	r.lang = choose_lang(&r);
	r.v = view_new(vc, r.lang);

	if (!utf8_valid(r.path, strlen(r.path)) || has_control(r.path) ||
	    (qs && parse_urlencoded(r.a, qs, strlen(qs), &form_limits, &r.query) != REQ_OK)) {
		http_error(&r, 400, "err_bad_input");
	} else if (strcmp(r.method, "POST") == 0 &&
	           (bad = read_body(&r, ctype, clen)) != 0) {
		http_error(&r, bad, bad == 413 ? "err_too_large" : "err_bad_input");
	} else {
		dispatch(&r);
		if (!r.answered) {
			fprintf(stderr, "%s: %s %s: handler gave no answer\n", r.id,
			        r.method, r.path);
			http_error(&r, 500, NULL);
		}
	}
	if (!r.streaming)
		write_response(&r);
	ms = ms_since(&t0);
	metrics_record(r.route, r.route_method, r.route_pattern, r.status, ms);
	fprintf(stderr, "req id=%s method=%s path=\"%.200s\" status=%d bytes=%zu ms=%.2f\n",
	        r.id, loggable(r.a, r.method), loggable(r.a, r.path), r.status,
	        r.streaming ? r.streamed : r.out.len, ms);
	buf_free(&r.out);
	buf_free(&r.extra_headers);
	view_free(r.v);
	arena_free(r.a);
}
