/*
 * page_desk.c — the staff desk's additions to the case page and the queue
 * (issue 14): internal notes.
 */
#include <string.h>

#include "audit.h"
#include "cases.h"
#include "desk.h"
#include "pages.h"
#include "rate_limits.h"
#include "roles.h"
#include "staff.h"
#include "util.h"
#include "view.h"

/* ---- the one-line confirmation: what the last step did, told once on
 * the page it returns to (a cookie "done" of a minute, read and cleared
 * there; the URL of the answer stays ROUTES.md's) ---- */

void desk_done(struct req *r, const char *action)
{
	http_cookie(r, "done", action, 60);
}

void desk_done_show(struct req *r)
{
	const char *done = params_get(&r->cookies, "done");
	const char *key, *text;

	if (!done || !*done || strlen(done) > 40)
		return;
	http_cookie(r, "done", "", 0);
	key = aprintf(r->a, "done_%s", done);
	if ((text = view_lang(r->v, key)) != key) /* only the actions it knows */
		view_set(r->v, "Page.done", text);
}

/* POST /staff/cases/{no}/note: `body`; no version (notes never conflict). */
void page_staff_note(struct req *r)
{
	const char *body = req_form(r, "body");
	bool found;
	enum db_err e;

	if (!body || !*body || utf8_len(body, strlen(body)) > NOTE_BODY_MAX) {
		http_error(r, 400, "err_note");
		return;
	}
	if ((e = note_add(r->db, r->a, r->arg[0], r->staff_id, body, r->now, &found)) != DB_OK) {
		http_db_error(r, e);
		return;
	}
	if (!found) {
		http_error(r, 404, "err_no_case");
		return;
	}
	desk_done(r, "note");
	http_redirect(r, aprintf(r->a, "/staff/cases/%s#notes", r->arg[0]));
}

enum db_err fill_notes(struct req *r, const struct case_view *cv)
{
	struct case_note *list;
	size_t n;
	enum db_err e;

	if ((e = notes_of_case(r->db, r->a, cv->id, &list, &n)) != DB_OK)
		return e;
	for (size_t i = 0; i < n; i++) {
		view_setf(r->v, list[i].author, "Page.notes.%zu.author", i);
		view_setf(r->v, list[i].body, "Page.notes.%zu.body", i);
		view_set_time(r->v, aprintf(r->a, "Page.notes.%zu.at", i), list[i].at);
	}
	view_set(r->v, "Page.note_action", aprintf(r->a, "/staff/cases/%s/note", cv->case_no));
	return DB_OK;
}

/* ?view= and ?sort= of /staff/queue: a view of the table or none (then
 * the member's landing view, or "all" when an older filter link is
 * followed; -1 in f->view: the landing, which the caller picks with
 * queue_view_landing once the session is confirmed), a sort key of the list or none (due). false: not in the
 * list (a 400, never SQL). */
bool queue_view_sort(struct req *r, const char *view, const char *sort, struct queue_filter *f)
{
	static const char *const filters[] = {"status", "type", "sla", "assignee", "q"};
	bool filtered = false;

	f->sort = 0;
	if (sort && *sort) {
		f->sort = -1;
		for (int i = 0; i < QUEUE_SORTS; i++)
			if (strcmp(sort, queue_sort_names[i]) == 0)
				f->sort = i;
		if (f->sort < 0)
			return false;
	}
	if (view && *view)
		return (f->view = queue_view_from_name(view)) >= 0;
	for (size_t i = 0; i < sizeof filters / sizeof filters[0]; i++) {
		const char *v = req_query(r, filters[i]);

		filtered |= v && *v;
	}
	f->view = filtered ? QUEUE_VIEWS - 1 : -1; /* -1: the landing, once the roles are known */
	return true;
}

/* The desk's parts of the queue page: the views with their counts (the
 * member's own first), the sort keys, and each row's flag, amount, last
 * activity and version (the bulk assignment's checkbox). */
/* A view's count as shown: "99+" once it reaches the cap. */
static const char *count_text(struct req *r, long long n)
{
	return n >= QUEUE_COUNT_CAP ? aprintf(r->a, "%d+", QUEUE_COUNT_CAP - 1) : aprintf(r->a, "%lld", n);
}

bool fill_queue_desk(struct req *r, const struct queue_filter *f, const struct queue_row *rows,
                     size_t n)
{
	long long counts[QUEUE_VIEWS];
	size_t k = 0;
	enum db_err e;

	if ((e = queue_view_counts(r->db, r->a, r->staff_id, r->now, f->gen, counts)) != DB_OK)
		return http_db_error(r, e), false;
	for (int pass = 0; pass < 2; pass++)
		for (int i = 0; i < QUEUE_VIEWS; i++) {
			const char *key = queue_view_name(i);
			bool mine = queue_view_of_role(i, r->roles);

			if (mine != (pass == 0))
				continue;
			view_setf(r->v, key, "Page.views.%zu.key", k);
			view_setf(r->v, label(r, "view", key), "Page.views.%zu.label", k);
			view_setf(r->v, aprintf(r->a, "%lld", counts[i]), "Page.views.%zu.count", k);
			view_setf(r->v, count_text(r, counts[i]), "Page.views.%zu.count_text", k);
			if (mine)
				view_setf(r->v, "1", "Page.views.%zu.mine", k);
			if (i == f->view && !*f->q)
				view_setf(r->v, "1", "Page.views.%zu.current", k);
			k++;
		}
	view_set(r->v, "Page.view", *f->q ? "" : queue_view_name(f->view));
	view_set(r->v, "Page.view_label", *f->q ? view_lang(r->v, "queue_search_results")
	                                        : label(r, "view", queue_view_name(f->view)));
	view_set(r->v, "Page.view_count", count_text(r, counts[f->view]));
	for (int i = 0; i < QUEUE_SORTS; i++) {
		view_setf(r->v, queue_sort_names[i], "Page.sorts.%d.key", i);
		view_setf(r->v, label(r, "sort", queue_sort_names[i]), "Page.sorts.%d.label", i);
	}
	view_set(r->v, "Page.filter.sort", queue_sort_names[f->sort]);
	for (size_t i = 0; i < n; i++) {
		char m[32];

		if (rows[i].awaiting_reply)
			view_setf(r->v, "1", "Page.cases.%zu.waiting", i);
		if (rows[i].value_fen >= 0) {
			format_money(rows[i].value_fen, m);
			view_setf(r->v, m, "Page.cases.%zu.amount", i);
		}
		view_set_time(r->v, aprintf(r->a, "Page.cases.%zu.updated_at", i), rows[i].updated_at);
		view_setf(r->v, aprintf(r->a, "%s.%d", rows[i].case_no, rows[i].version),
		          "Page.cases.%zu.pick", i);
	}
	return true;
}

#define BULK_MAX 100

/* POST /staff/queue/assign: `case` (each "CASE_NO.VERSION" as the queue
 * showed it, up to BULK_MAX), `staff_id`. Each case is assigned in its own
 * transaction (case_transition at the version seen); the answer lists
 * which were assigned and why the others were not. */
void page_staff_bulk_assign(struct req *r)
{
	static const struct {
		int rc;
		const char *key;
	} outcomes[] = {
		{CASE_OK, "bulk_assigned"},        {CASE_CONFLICT, "bulk_taken"},
		{CASE_FORBIDDEN, "bulk_forbidden"}, {CASE_BAD_STAFF, "bulk_bad_staff"},
		{CASE_NOT_FOUND, "bulk_no_case"},
	};
	struct actor me = {'s', r->staff_id, r->roles};
	const char *who = req_form(r, "staff_id");
	long long staff_id;
	size_t n = 0, ok = 0, picked = 0;

	for (size_t i = 0; i < r->form.n; i++)
		picked += strcmp(r->form.v[i].name, "case") == 0;
	if (picked == 0 || picked > BULK_MAX) {
		http_error(r, 400, picked ? "err_bulk_too_many" : "err_bulk_none");
		return;
	}
	if (!who || parse_int(who, 1, (long long)1 << 53, &staff_id) != 0) {
		http_error(r, 400, "err_choose_staff");
		return;
	}
	if (!req_limit(r, LIMIT_BULK, (int)picked))
		return;
	for (size_t i = 0; i < r->form.n; i++) {
		const struct param *p = &r->form.v[i];
		const char *dot = strrchr(p->value, '.');
		const char *key = "bulk_no_case", *case_no;
		long long version;
		struct case_result res;
		int rc;

		if (strcmp(p->name, "case") != 0)
			continue;
		case_no = dot ? astrndup(r->a, p->value, (size_t)(dot - p->value)) : p->value;
		if (dot && *case_no && strlen(case_no) <= 20 &&
		    parse_int(dot + 1, 1, 1 << 30, &version) == 0) {
			struct step s = {.act = ACT_ASSIGN, .expected_version = (int)version,
			                 .staff_id = staff_id};

			rc = case_transition(r->db, r->a, case_no, &me, &s, r->now, &res);
			if (rc == CASE_CONFLICT) {
				/* moved on since the queue was read, or never assignable */
				struct case_view cv;
				enum db_err e = case_get(r->db, r->a, 0, case_no, &cv);

				if (e != DB_OK) {
					http_db_error(r, e);
					return;
				}
				if (cv.id && cv.version == (int)version)
					key = "bulk_not_assignable";
			}
			if (rc == CASE_DB) {
				http_db_error(r, res.db);
				return;
			}
			for (size_t k = 0; k < sizeof outcomes / sizeof outcomes[0]; k++)
				if (outcomes[k].rc == rc && strcmp(key, "bulk_not_assignable") != 0)
					key = outcomes[k].key;
			ok += rc == CASE_OK;
		}
		view_setf(r->v, case_no, "Page.results.%zu.case_no", n);
		view_setf(r->v, strcmp(key, "bulk_assigned") == 0 ? "ok" : "refused",
		          "Page.results.%zu.outcome", n);
		view_setf(r->v, view_lang(r->v, key), "Page.results.%zu.why", n);
		n++;
	}
	view_set_int(r->v, "Page.assigned", (long long)ok);
	view_set_int(r->v, "Page.refused", (long long)(n - ok));
	view_set(r->v, "Page.title_key", "bulk_title");
	http_page(r, 200, "staff_bulk.cs");
}

/* ---- reply templates (schema/024) ---- */

/* body with every {case_no} and {customer} replaced, as plain text:
 * nothing else in it means anything (ClearSilver or HTML stay as typed and
 * are escaped where shown). */
static const char *reply_fill(struct arena *a, const char *body, const char *case_no,
                              const char *customer)
{
	static const char *const keys[] = {"{case_no}", "{customer}"};
	const char *vals[] = {case_no, customer ? customer : ""};
	size_t cap = strlen(body) + 1;
	char *out, *p;

	for (const char *s = body; *s; s++)
		for (int k = 0; k < 2; k++)
			if (strncmp(s, keys[k], strlen(keys[k])) == 0)
				cap += strlen(vals[k]);
	out = p = amalloc(a, cap);
	while (*body) {
		int k;

		for (k = 0; k < 2 && strncmp(body, keys[k], strlen(keys[k])) != 0; k++)
			;
		if (k < 2) {
			memcpy(p, vals[k], strlen(vals[k]));
			p += strlen(vals[k]);
			body += strlen(keys[k]);
		} else {
			*p++ = *body++;
		}
	}
	*p = '\0';
	return out;
}

/* The staff case page's templates in the page's language; ?reply=ID puts
 * that one, filled in, into the message form to edit before sending.
 * false: answered (400 a bad id, 404 none such, database). */
bool fill_replies(struct req *r, const struct case_view *cv, const char *customer)
{
	const char *pick = req_query(r, "reply");
	const struct reply_template *list;
	struct reply_template t;
	size_t n, k = 0;
	long long id;
	enum db_err e;

	/* every language's, kept by the connection: this page's language */
	if ((e = reply_templates_current(r->db, cv->replies_gen, &list, &n)) != DB_OK)
		return http_db_error(r, e), false;
	for (size_t i = 0; i < n; i++) {
		if (strcmp(list[i].lang, r->lang) != 0)
			continue;
		view_setf(r->v, aprintf(r->a, "%lld", list[i].id), "Page.replies.%zu.id", k);
		view_setf(r->v, list[i].title, "Page.replies.%zu.title", k);
		k++;
	}
	if (!pick || !*pick)
		return true;
	if (parse_int(pick, 1, (long long)1 << 53, &id) != 0)
		return http_error(r, 400, "err_bad_input"), false;
	if ((e = reply_template_get(r->db, r->a, id, r->lang, &t)) != DB_OK)
		return http_db_error(r, e), false;
	if (!t.id)
		return http_error(r, 404, "err_no_template"), false;
	view_set(r->v, "Page.message_draft", reply_fill(r->a, t.body, cv->case_no, customer));
	view_set(r->v, "Page.reply_picked", pick);
	return true;
}

static void replies_page(struct req *r, int status)
{
	struct reply_template *list;
	size_t n;
	enum db_err e;

	if ((e = reply_templates_list(r->db, r->a, NULL, &list, &n)) != DB_OK) {
		http_db_error(r, e);
		return;
	}
	for (size_t i = 0; i < n; i++) {
		view_setf(r->v, aprintf(r->a, "%lld", list[i].id), "Page.replies.%zu.id", i);
		view_setf(r->v, list[i].lang, "Page.replies.%zu.lang", i);
		view_setf(r->v, list[i].title, "Page.replies.%zu.title", i);
		view_setf(r->v, list[i].body, "Page.replies.%zu.body", i);
	}
	view_set(r->v, "Page.title_key", "replies_title");
	http_page(r, status, "admin_replies.cs");
}

/* GET /staff/admin/replies (managers): the templates and the form. */
void page_admin_replies(struct req *r)
{
	replies_page(r, 200);
}

/* POST /staff/admin/replies: `lang` (zh-CN, en), `title`, `body`. */
/* A reply template added (id 0) or removed, audited (AUDIT_REPLIES). */
struct reply_change {
	long long id;
	const char *lang, *title, *body;
	long long staff_id;
	time_t now;
	bool removed;
};

static int reply_change_body(struct db *db, void *ctx)
{
	struct reply_change *c = ctx;
	enum db_err e = c->id ? reply_template_remove(db, c->id, &c->removed)
	                      : reply_template_add(db, c->lang, c->title, c->body, c->staff_id,
	                                           c->now);

	return e == DB_OK ? 0 : db_fail(e);
}

void page_admin_replies_post(struct req *r)
{
	const char *lang = req_form(r, "lang"), *title = req_form(r, "title");
	const char *body = req_form(r, "body");
	enum db_err e;

	if (!lang || (strcmp(lang, "zh-CN") != 0 && strcmp(lang, "en") != 0))
		http_field_error(r, "lang", "err_bad_input");
	if (!title || !*title || utf8_len(title, strlen(title)) > REPLY_TITLE_MAX)
		http_field_error(r, "title", "err_required");
	if (!body || !*body || utf8_len(body, strlen(body)) > REPLY_BODY_MAX)
		http_field_error(r, "body", "err_message");
	if (r->field_errors) {
		view_set(r->v, "Page.form.lang", lang);
		view_set(r->v, "Page.form.title", title);
		view_set(r->v, "Page.form.body", body);
		replies_page(r, 400);
		return;
	}
	struct reply_change c = {0, lang, title, body, r->staff_id, r->now, false};

	if ((e = audit_area_change(r->db, r->a, r->staff_id, AUDIT_REPLIES, r->now, reply_change_body,
	                           &c)) != DB_OK) {
		http_db_error(r, e);
		return;
	}
	http_redirect(r, "/staff/admin/replies");
}

/* POST /staff/admin/replies/{id}/remove */
void page_admin_reply_remove(struct req *r)
{
	long long id;
	bool removed;
	enum db_err e;

	if (parse_int(r->arg[0], 1, (long long)1 << 53, &id) != 0) {
		http_error(r, 404, NULL);
		return;
	}
	struct reply_change c = {id, NULL, NULL, NULL, 0, 0, false};

	e = audit_area_change(r->db, r->a, r->staff_id, AUDIT_REPLIES, r->now, reply_change_body, &c);
	removed = c.removed;
	if (e != DB_OK) {
		http_db_error(r, e);
		return;
	}
	if (!removed) {
		http_error(r, 404, "err_no_template");
		return;
	}
	http_redirect(r, "/staff/admin/replies");
}
