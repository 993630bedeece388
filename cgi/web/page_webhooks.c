/*
 * page_webhooks.c — the manager's webhook endpoints: the list with each
 * one's deliveries, a new one (URL and the events it wants; its secret is
 * shown once, on the answer to the form), disable, enable, a new secret.
 */
#include <stdio.h>
#include <string.h>

#include "audit.h"
#include "pages.h"
#include "view.h"
#include "webhooks.h"
#include "weburl.h"

static void webhooks_page(struct req *r, int status)
{
	struct webhook_endpoint *list;
	size_t n;
	enum db_err e;

	if ((e = webhooks_all(r->db, r->a, &list, &n)) != DB_OK) {
		http_db_error(r, e);
		return;
	}
	for (size_t i = 0; i < n; i++) {
		const char *p = aprintf(r->a, "Page.endpoints.%zu", i);

		view_setf(r->v, aprintf(r->a, "%lld", list[i].id), "%s.id", p);
		view_setf(r->v, list[i].url, "%s.url", p);
		view_setf(r->v, list[i].events, "%s.events", p);
		view_setf(r->v, list[i].enabled ? "1" : "0", "%s.enabled", p);
		view_set_time(r->v, aprintf(r->a, "%s.created_at", p), list[i].created_at);
		view_setf(r->v, aprintf(r->a, "%lld", list[i].queued), "%s.queued", p);
		view_setf(r->v, aprintf(r->a, "%lld", list[i].sent), "%s.sent", p);
		view_setf(r->v, aprintf(r->a, "%lld", list[i].failed), "%s.failed", p);
	}
	for (size_t i = 0; webhook_event_types[i]; i++)
		view_setf(r->v, webhook_event_types[i], "Page.types.%zu", i);
	view_set(r->v, "Page.title_key", "webhooks_title");
	http_page(r, status, "admin_webhooks.cs");
}

void page_admin_webhooks(struct req *r)
{
	webhooks_page(r, 200);
}

/* POST /staff/admin/webhooks: url, events. */
/* An endpoint added ("add"), enabled, disabled or given a new secret
 * ("rotate"), audited (AUDIT_WEBHOOKS: the secret by its fingerprint). */
struct webhook_change {
	struct arena *a;
	long long id;
	const char *action, *url, *events;
	long long staff_id;
	time_t now;
	const char *secret;
	bool found;
};

static int webhook_change_body(struct db *db, void *ctx)
{
	struct webhook_change *c = ctx;
	enum db_err e;

	if (strcmp(c->action, "add") == 0)
		e = webhook_add(db, c->a, c->url, c->events, c->staff_id, c->now, &c->id, &c->secret);
	else if (strcmp(c->action, "rotate") == 0)
		e = webhook_rotate(db, c->a, c->id, c->now, &c->secret, &c->found);
	else
		e = webhook_set_enabled(db, c->id, c->action[0] == 'e', c->now, &c->found);
	return e == DB_OK ? 0 : db_fail(e);
}

void page_admin_webhooks_create(struct req *r)
{
	const char *url = req_form(r, "url"), *events = req_form(r, "events");
	const char *tidy = webhook_events_parse(r->a, events && *events ? events : "*");
	const char *allow = NULL, *problem, *secret;
	long long id;
	enum db_err e;

	if ((e = webhook_allow_list(r->db, r->a, &allow)) != DB_OK) {
		http_db_error(r, e);
		return;
	}
	if ((problem = weburl_problem(url, !r->app->cfg.demo, allow)))
		http_field_error(r, "url", problem);
	if (!tidy)
		http_field_error(r, "events", "err_webhook_events");
	if (r->field_errors) {
		view_set(r->v, "Page.form.url", url);
		view_set(r->v, "Page.form.events", events);
		webhooks_page(r, 400);
		return;
	}
	struct webhook_change c = {r->a, 0, "add", url, tidy, r->staff_id, r->now, NULL, false};

	e = audit_area_change(r->db, r->a, r->staff_id, AUDIT_WEBHOOKS, r->now, webhook_change_body,
	                      &c);
	id = c.id;
	secret = c.secret;
	if (e != DB_OK) {
		http_db_error(r, e);
		return;
	}
	view_set(r->v, "Page.secret.id", aprintf(r->a, "%lld", id));
	view_set(r->v, "Page.secret.value", secret);
	webhooks_page(r, 201);
}

/* POST /staff/admin/webhooks/{id}/{disable|enable|rotate}. */
void page_admin_webhook_change(struct req *r)
{
	const char *action = r->arg[1], *secret = NULL;
	long long id;
	bool found = false;
	enum db_err e;

	if (!req_arg_id(r, 0, &id))
		return;
	if (strcmp(action, "disable") == 0 || strcmp(action, "enable") == 0 ||
	    strcmp(action, "rotate") == 0) {
		struct webhook_change c = {r->a, id, action, NULL, NULL, 0, r->now, NULL, false};

		e = audit_area_change(r->db, r->a, r->staff_id, AUDIT_WEBHOOKS, r->now,
		                      webhook_change_body, &c);
		secret = c.secret;
		found = c.found;
	} else {
		http_error(r, 404, NULL);
		return;
	}
	if (e != DB_OK) {
		http_db_error(r, e);
		return;
	}
	if (!found) {
		http_error(r, 404, NULL);
		return;
	}
	if (!secret) {
		http_redirect(r, aprintf(r->a, "/staff/admin/webhooks#endpoint-%lld", id));
		return;
	}
	view_set(r->v, "Page.secret.id", r->arg[0]);
	view_set(r->v, "Page.secret.value", secret);
	webhooks_page(r, 200);
}
