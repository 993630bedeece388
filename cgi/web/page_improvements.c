/*
 * page_improvements.c — improvement actions (issue 15, ROUTES.md
 * /staff/improvements): the managers' list and form (prefilled from the
 * dashboard figure it was opened from), one action with its metric before
 * and after the measure, its status and notes; and the box of a member's
 * own open actions on the queue page.
 */
#include <stdio.h>
#include <string.h>

#include "dashboard_refresh.h"
#include "improvements.h"
#include "pages.h"
#include "roles.h"
#include "rules.h"
#include "staff.h"
#include "view.h"

/* L.dash_<key>, or L.sla_<timer> for one time limit. */
static const char *metric_label(struct req *r, const char *key)
{
	if (strncmp(key, "sla_", 4) == 0 && strcmp(key, "sla_all") != 0)
		return view_lang(r->v, key);
	return view_lang(r->v, aprintf(r->a, "dash_%s", key));
}

/* The metric's value as text, and its raw value ("" no data). */
static void set_value(struct req *r, const char *prefix, const struct imp_metric *m,
                      struct figure f, bool sign)
{
	char text[32], value[32] = "";
	const char *unit = NULL;

	if (f.known)
		snprintf(value, sizeof value, "%.10g", f.value);
	switch (m ? m->unit : IMP_COUNT) {
	case IMP_MINUTES:
		f.value /= 60;
		figure_format(f, 1, text);
		unit = view_lang(r->v, "dash_unit_min");
		break;
	case IMP_HOURS:
		f.value /= 3600;
		figure_format(f, 1, text);
		unit = view_lang(r->v, "dash_unit_h");
		break;
	case IMP_PERCENT:
		figure_format_percent(f, 1, text);
		break;
	case IMP_YUAN:
		figure_format(f, 2, text);
		unit = view_lang(r->v, "dash_unit_yuan");
		break;
	case IMP_SCORE:
		figure_format(f, 1, text);
		break;
	default:
		figure_format(f, 0, text);
	}
	view_set(r->v, aprintf(r->a, "%s.text", prefix),
	         sign && f.known && f.value > 0 ? aprintf(r->a, "+%s", text) : text);
	view_set(r->v, aprintf(r->a, "%s.value", prefix), value);
	if (f.known && unit)
		view_set(r->v, aprintf(r->a, "%s.unit", prefix), unit);
}

static const char *day_text(struct req *r, time_t t)
{
	char *d = amalloc(r->a, 11);

	format_local_date(t, d);
	return d;
}

/* The label of an action's target: "" for the whole shop. */
static const char *target_label(struct req *r, const struct improvement *im)
{
	if (im->dim == 'a')
		return view_lang(r->v, "imp_whole_shop");
	return aprintf(r->a, "%s: %s", view_lang(r->v, aprintf(r->a, "dash_by_%s",
	                                                        imp_dim_name(im->dim))),
	               label(r, imp_dim_name(im->dim), im->val));
}

static void fill_brief(struct req *r, const char *p, const struct improvement *im)
{
	view_set(r->v, aprintf(r->a, "%s.id", p), aprintf(r->a, "%lld", im->id));
	view_set(r->v, aprintf(r->a, "%s.title", p), im->title);
	view_set(r->v, aprintf(r->a, "%s.owner", p), im->owner_name);
	view_set(r->v, aprintf(r->a, "%s.metric", p), im->metric);
	view_set(r->v, aprintf(r->a, "%s.metric_label", p), metric_label(r, im->metric));
	view_set(r->v, aprintf(r->a, "%s.target", p), target_label(r, im));
	view_set(r->v, aprintf(r->a, "%s.due", p), day_text(r, im->due));
	view_set(r->v, aprintf(r->a, "%s.status", p), imp_status_names[im->status]);
	view_set(r->v, aprintf(r->a, "%s.status_label", p),
	         label(r, "imp_status", imp_status_names[im->status]));
	if (im->overdue)
		view_set(r->v, aprintf(r->a, "%s.overdue", p), "1");
}

/* Page.improvements: the signed-in member's open actions (queue page). */
enum db_err fill_my_improvements(struct req *r)
{
	struct improvement *list;
	size_t n;
	enum db_err e;

	if ((e = imp_for_owner(r->db, r->a, r->staff_id, r->now, &list, &n)) != DB_OK)
		return e;
	for (size_t i = 0; i < n; i++)
		fill_brief(r, aprintf(r->a, "Page.improvements.%zu", i), &list[i]);
	return DB_OK;
}

/* ------------------------------------------------------ list and form */

static void fill_choices_imp(struct req *r, const struct staff_brief *team, size_t nteam)
{
	static const struct {
		const char *key;
		const char *const *names;
		int n;
	} dims[] = {
		{"type", case_type_names, TYPE__MAX},
		{"reason", reason_names, REASON__MAX},
		{"channel", channel_names, CHANNEL__MAX},
	};

	for (size_t i = 0; i < imp_nmetrics; i++) {
		view_setf(r->v, imp_metrics[i].key, "Page.metrics.%zu.key", i);
		view_setf(r->v, metric_label(r, imp_metrics[i].key), "Page.metrics.%zu.label", i);
	}
	for (size_t i = 0; i < nteam; i++) {
		view_setf(r->v, aprintf(r->a, "%lld", team[i].id), "Page.owners.%zu.id", i);
		view_setf(r->v, team[i].name, "Page.owners.%zu.name", i);
	}
	for (size_t d = 0; d < sizeof dims / sizeof dims[0]; d++) {
		view_setf(r->v, dims[d].key, "Page.dims.%zu.key", d);
		view_setf(r->v, view_lang(r->v, aprintf(r->a, "dash_by_%s", dims[d].key)),
		          "Page.dims.%zu.label", d);
		for (int v = 0; v < dims[d].n; v++) {
			view_setf(r->v, dims[d].names[v], "Page.dims.%zu.values.%d.key", d, v);
			view_setf(r->v, label(r, dims[d].key, dims[d].names[v]),
			          "Page.dims.%zu.values.%d.label", d, v);
		}
	}
}

static void list_page(struct req *r, int status)
{
	int page = req_page(r);
	struct improvement *list;
	struct staff_brief *team;
	size_t n, nteam;
	bool more;
	enum db_err e;

	if ((e = imp_list(r->db, r->a, page, r->now, &list, &n, &more)) != DB_OK ||
	    (e = staff_active(r->db, r->a, ROLE_ALL, &team, &nteam)) != DB_OK) {
		http_db_error(r, e);
		return;
	}
	for (size_t i = 0; i < n; i++)
		fill_brief(r, aprintf(r->a, "Page.list.%zu", i), &list[i]);
	http_paging(r, page, more);
	fill_choices_imp(r, team, nteam);
	view_set(r->v, "Page.today", day_text(r, r->now));
	view_set(r->v, "Page.title_key", "imp_title");
	http_page(r, status, "improvements.cs");
}

/* GET /staff/improvements: the list; ?metric=&dim=&val= prefill the form
 * (the dashboard's links), when they are what the form accepts. */
void page_staff_improvements(struct req *r)
{
	const char *metric = req_query(r, "metric"), *dim = req_query(r, "dim");
	const char *val = req_query(r, "val");

	if (imp_metric_find(metric))
		view_set(r->v, "Page.form.metric", metric);
	if (imp_dim_from(dim, val)) {
		view_set(r->v, "Page.form.dim", dim);
		view_set(r->v, "Page.form.val", val);
		view_set(r->v, "Page.form.target", aprintf(r->a, "%s:%s", dim, val));
	}
	list_page(r, 200);
}

/* Text of a textarea: line ends and tabs, no other control characters. */
static bool lines_printable(const char *s)
{
	for (; *s; s++)
		if (((unsigned char)*s < 0x20 && *s != '\n' && *s != '\r' && *s != '\t') || *s == 0x7f)
			return false;
	return true;
}

static bool text_field(struct req *r, const char *name, size_t max, const char **out)
{
	const char *v = req_form(r, name);

	*out = v;
	if (!v || !*v || utf8_len(v, strlen(v)) > max || !lines_printable(v) ||
	    (max == IMP_TITLE_MAX && !text_printable(v))) {
		http_field_error(r, name, "err_required");
		return false;
	}
	return true;
}

/* The target select posts "dim:val" as `target`; the plain fields dim and
 * val (ROUTES.md) are taken as they are when given. */
static void read_target(struct req *r, const char **dim, const char **val)
{
	const char *t = req_form(r, "target");

	*dim = req_form(r, "dim");
	*val = req_form(r, "val");
	if ((!*dim || !**dim) && t && *t) {
		const char *colon = strchr(t, ':');

		if (colon) {
			*dim = astrndup(r->a, t, (size_t)(colon - t));
			*val = colon + 1;
		} else {
			*dim = t;
			*val = "";
		}
	}
}

/* POST /staff/improvements */
void page_staff_improvement_create(struct req *r)
{
	struct improvement in = {.dim = 'a', .val = ""};
	const char *owner = req_form(r, "owner_id"), *due = req_form(r, "due");
	const char *dim, *val;
	struct staff_brief *team;
	size_t nteam;
	bool owner_ok = false;
	char today[11];
	long long id;
	enum db_err e;

	text_field(r, "title", IMP_TITLE_MAX, &in.title);
	text_field(r, "problem", IMP_TEXT_MAX, &in.problem);
	text_field(r, "cause", IMP_TEXT_MAX, &in.cause);
	text_field(r, "measure", IMP_TEXT_MAX, &in.measure);
	if ((e = staff_active(r->db, r->a, ROLE_ALL, &team, &nteam)) != DB_OK) {
		http_db_error(r, e);
		return;
	}
	if (parse_int(owner, 1, (long long)1 << 53, &in.owner_id) == 0)
		for (size_t i = 0; i < nteam; i++)
			owner_ok = owner_ok || team[i].id == in.owner_id;
	if (!owner_ok)
		http_field_error(r, "owner_id", "err_imp_owner");
	format_local_date(r->now, today);
	if (!due || parse_date(due, &in.due) != 0 || strcmp(due, today) < 0)
		http_field_error(r, "due", "err_imp_due");
	in.metric = req_form(r, "metric");
	if (!imp_metric_find(in.metric))
		http_field_error(r, "metric", "err_imp_metric");
	read_target(r, &dim, &val);
	if (dim && *dim) {
		if (!(in.dim = imp_dim_from(dim, val)))
			http_field_error(r, "target", "err_imp_target");
		in.val = val;
	}
	if (r->field_errors) {
		static const char *const keep[] = {"title", "problem", "cause", "measure",
		                                   "owner_id", "due", "metric"};

		for (size_t i = 0; i < sizeof keep / sizeof keep[0]; i++)
			view_set(r->v, aprintf(r->a, "Page.form.%s", keep[i]), req_form(r, keep[i]));
		if (dim && *dim)
			view_set(r->v, "Page.form.target", aprintf(r->a, "%s:%s", dim, val ? val : ""));
		list_page(r, 400);
		return;
	}
	if ((e = imp_create(r->db, r->a, &in, r->staff_id, r->now, &id)) != DB_OK) {
		http_db_error(r, e);
		return;
	}
	if (!id) { /* disabled meanwhile */
		http_field_error(r, "owner_id", "err_imp_owner");
		list_page(r, 400);
		return;
	}
	http_redirect(r, aprintf(r->a, "/staff/improvements/%lld", id));
}

/* ------------------------------------------------------------ one action */

/* The action id for a manager or its owner, with its notes; false when
 * answered (404, 403, the database). */
static bool action_of(struct req *r, long long id, struct improvement *im,
                      struct imp_note **notes, size_t *nnotes)
{
	bool found;
	enum db_err e = imp_get(r->db, r->a, id, r->now, im, notes, nnotes, &found);

	if (e != DB_OK)
		return http_db_error(r, e), false;
	if (!found)
		return http_error(r, 404, NULL), false;
	if (!(r->roles & ROLE_MANAGER) && im->owner_id != r->staff_id)
		return http_error(r, 403, NULL), false;
	return true;
}

static void action_page(struct req *r, int status, long long id)
{
	struct improvement im;
	struct imp_note *notes;
	struct imp_effect ef;
	const struct imp_metric *m;
	size_t nnotes;
	enum db_err e;

	if (!action_of(r, id, &im, &notes, &nnotes))
		return;
	if ((e = imp_effect(r->db, r->a, &im, r->now, &ef)) != DB_OK) {
		http_db_error(r, e);
		return;
	}
	m = imp_metric_find(im.metric);
	fill_brief(r, "Page.imp", &im);
	view_set(r->v, "Page.imp.problem", im.problem);
	view_set(r->v, "Page.imp.cause", im.cause);
	view_set(r->v, "Page.imp.measure", im.measure);
	view_set(r->v, "Page.imp.creator", im.creator_name);
	view_set(r->v, "Page.imp.start", day_text(r, im.start));
	view_set(r->v, "Page.imp.direction", m && m->up_good ? "up" : "down");
	view_set_time(r->v, "Page.imp.created_at", im.created_at);
	set_value(r, "Page.imp.baseline", m, im.baseline, false);
	view_set(r->v, "Page.imp.baseline_from",
	         day_text(r, im.start - (time_t)IMP_WINDOW_DAYS * DAY_SECS));
	view_set(r->v, "Page.imp.baseline_to", day_text(r, im.start - DAY_SECS));
	view_set_int(r->v, "Page.effect.days", ef.days);
	view_set(r->v, "Page.effect.before_from", day_text(r, ef.before_from));
	view_set(r->v, "Page.effect.before_to", day_text(r, ef.after_from - DAY_SECS));
	view_set(r->v, "Page.effect.after_from", day_text(r, ef.after_from));
	view_set(r->v, "Page.effect.after_to", day_text(r, ef.after_to - DAY_SECS));
	set_value(r, "Page.effect.before", m, ef.before, false);
	set_value(r, "Page.effect.after", m, ef.after, false);
	set_value(r, "Page.effect.diff", m, ef.diff, true);
	view_set(r->v, "Page.effect.verdict",
	         !ef.diff.known ? "unknown" : ef.verdict > 0 ? "better" : ef.verdict < 0 ? "worse"
	                                                                                 : "same");
	for (size_t i = 0; i < nnotes; i++) {
		view_set_time(r->v, aprintf(r->a, "Page.notes.%zu.at", i), notes[i].at);
		view_setf(r->v, notes[i].staff_name, "Page.notes.%zu.by", i);
		view_setf(r->v, label(r, "imp_status", imp_status_names[notes[i].status < 0 ? 0 : notes[i].status]),
		          "Page.notes.%zu.status", i);
		view_setf(r->v, notes[i].note, "Page.notes.%zu.note", i);
	}
	for (int s = 0; s < IMP__STATUS; s++) {
		view_setf(r->v, imp_status_names[s], "Page.statuses.%d.key", s);
		view_setf(r->v, label(r, "imp_status", imp_status_names[s]), "Page.statuses.%d.label", s);
	}
	view_set(r->v, "Page.title_key", "imp_title");
	http_page(r, status, "improvement.cs");
}

/* GET /staff/improvements/{id}: managers and the action's owner. */
void page_staff_improvement(struct req *r)
{
	long long id;

	if (req_arg_id(r, 0, &id))
		action_page(r, 200, id);
}

/* POST /staff/improvements/{id}: `status` (open, done, dropped), `note`. */
void page_staff_improvement_status(struct req *r)
{
	const char *st = req_form(r, "status"), *note = req_form(r, "note");
	struct improvement im;
	struct imp_note *notes;
	size_t nnotes;
	int status = imp_status_from_name(st);
	bool found;
	long long id;
	enum db_err e;

	if (!req_arg_id(r, 0, &id) || !action_of(r, id, &im, &notes, &nnotes))
		return;
	if (status < 0)
		http_field_error(r, "status", "err_imp_status");
	if (note && (utf8_len(note, strlen(note)) > IMP_NOTE_MAX || !lines_printable(note)))
		http_field_error(r, "note", "err_message");
	if (r->field_errors) {
		view_set(r->v, "Page.form.note", note);
		action_page(r, 400, id);
		return;
	}
	if ((e = imp_set_status(r->db, r->a, id, status, note, r->staff_id, r->now, &found)) != DB_OK) {
		http_db_error(r, e);
		return;
	}
	http_redirect(r, aprintf(r->a, "/staff/improvements/%lld", id));
}
