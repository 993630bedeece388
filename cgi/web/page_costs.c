/*
 * page_costs.c — compensation and the cost of service on a case (issue
 * 15): finance's POST /staff/cases/{no}/compensate, a manager's
 * approve_compensation, the small cost form, what the staff and customer
 * case pages show of them, and the dashboard's cost section
 * (templates/dash_costs.cs).
 */
#include <stdio.h>
#include <string.h>

#include "costs.h"
#include "pages.h"
#include "roles.h"
#include "stats.h"
#include "view.h"

/* The index of v among words (n of them), -1 when none. */
static int pick(const char *const *words, int n, const char *v)
{
	for (int i = 0; v && i < n; i++)
		if (strcmp(words[i], v) == 0)
			return i;
	return -1;
}

/* A short text: at most max characters; "" when absent. NULL: too long. */
static const char *short_text(struct req *r, const char *name, size_t max)
{
	const char *v = req_form(r, name);

	if (!v)
		return "";
	return utf8_len(v, strlen(v)) <= max ? v : NULL;
}

/* An amount in yuan, more than 0 and at most max fen; -1 when not. */
static long long amount_field(struct req *r, const char *name, long long max)
{
	long long fen;

	if (parse_money(req_form(r, name), &fen) != 0 || fen <= 0 || fen > max)
		return -1;
	return fen;
}

static bool version_field(struct req *r, int *version)
{
	long long v;

	if (parse_int(req_form(r, "version"), 1, 1000000000, &v) != 0)
		return false;
	*version = (int)v;
	return true;
}

/* The answer to a compensation or cost form. */
static void comp_answer(struct req *r, enum comp_result rc, enum db_err e, const char *done)
{
	switch (rc) {
	case COMPR_PAID:
	case COMPR_WAITING:
		desk_done(r, rc == COMPR_WAITING ? "compensate_held" : done);
		http_redirect(r, aprintf(r->a, "/staff/cases/%s#costs", r->arg[0]));
		return;
	case COMPR_NO_CASE:
		http_error(r, 404, "err_no_case");
		return;
	case COMPR_STALE:
		http_error(r, 409, "err_already_handled");
		return;
	case COMPR_NOT_WAITING:
		http_error(r, 409, "err_compensation_not_waiting");
		return;
	default:
		http_db_error(r, e);
		return;
	}
}

/* POST /staff/cases/{no}/compensate (finance): kind, amount, reason,
 * reference, version. */
void page_staff_compensate(struct req *r)
{
	struct compensation_new c = {.case_no = r->arg[0], .staff_id = r->staff_id,
	                             .roles = r->roles, .now = r->now};
	int kind = pick(compensation_kinds, COMP__MAX, req_form(r, "kind"));
	const char *reason = short_text(r, "reason", COMPENSATION_REASON_MAX);
	const char *reference = short_text(r, "reference", 64);
	enum db_err e;

	if (kind < 0 || !version_field(r, &c.version)) {
		http_error(r, 400, "err_compensation_form");
		return;
	}
	if ((c.amount_fen = amount_field(r, "amount", COMPENSATION_MAX_FEN)) < 0) {
		http_error(r, 400, "err_compensation_amount");
		return;
	}
	if (!reason || !*reason || !reference || !*reference) {
		http_error(r, 400, "err_compensation_reason");
		return;
	}
	c.kind = (enum compensation_kind)kind;
	c.reason = reason;
	c.reference = reference;
	comp_answer(r, compensation_add(r->db, r->a, &c, &e), e, "compensate");
}

/* POST /staff/cases/{no}/approve_compensation (manager): compensation
 * (its id), version. */
void page_staff_compensation_approve(struct req *r)
{
	long long id;
	int version;
	enum db_err e;

	if (parse_int(req_form(r, "compensation"), 1, (long long)1 << 53, &id) != 0 ||
	    !version_field(r, &version)) {
		http_error(r, 400, "err_bad_input");
		return;
	}
	comp_answer(r,
	            compensation_approve(r->db, r->a, r->arg[0], id, version, r->staff_id, r->now,
	                                 &e),
	            e, "approve_compensation");
}

/* POST /staff/cases/{no}/cost: kind, amount (yuan) or for labour hours,
 * note, version. */
void page_staff_cost(struct req *r)
{
	struct cost_entry c = {.staff_id = r->staff_id};
	int kind = pick(cost_kinds, COST__MAX, req_form(r, "kind"));
	const char *note = short_text(r, "note", 200);
	int version;
	enum db_err e;

	if (kind < 0 || !note || !version_field(r, &version)) {
		http_error(r, 400, "err_cost_form");
		return;
	}
	c.kind = (enum cost_kind)kind;
	c.note = *note ? note : NULL;
	if (c.kind == COST_LABOUR ? (c.hours100 = amount_field(r, "hours", COST_HOURS_MAX)) < 0
	                          : (c.amount_fen = amount_field(r, "amount", COST_MAX_FEN)) < 0) {
		http_error(r, 400, "err_cost_amount");
		return;
	}
	comp_answer(r, cost_add(r->db, r->a, r->arg[0], version, &c, r->now, &e), e, "cost");
}

static void set_money(struct req *r, const char *name, long long fen)
{
	char m[32];

	format_money(fen, m);
	view_set(r->v, name, m);
}

/* Page.compensations of a case (staff: with reason and who; the approve
 * form for a manager), Page.costs (staff only). */
enum db_err fill_costs(struct req *r, long long case_id, bool staff)
{
	struct compensation *k;
	struct case_cost *c;
	size_t nk, nc;
	long long total;
	enum db_err e;

	if ((e = compensations_of_case(r->db, r->a, case_id, &k, &nk)) != DB_OK)
		return e;
	for (size_t i = 0; i < nk; i++) {
		const char *p = aprintf(r->a, "Page.compensations.%zu", i);

		view_setf(r->v, aprintf(r->a, "%lld", k[i].id), "%s.id", p);
		view_setf(r->v, k[i].kind, "%s.kind", p);
		view_setf(r->v, label(r, "comp", k[i].kind), "%s.kind_label", p);
		set_money(r, aprintf(r->a, "%s.amount", p), k[i].amount_fen);
		view_setf(r->v, k[i].paid_at ? "paid" : "waiting", "%s.state", p);
		view_set_time(r->v, aprintf(r->a, "%s.at", p), k[i].paid_at ? k[i].paid_at : k[i].created_at);
		if (staff) {
			view_setf(r->v, k[i].reason, "%s.reason", p);
			view_setf(r->v, k[i].reference, "%s.reference", p);
			view_setf(r->v, k[i].staff, "%s.staff", p);
		}
	}
	if (!staff)
		return DB_OK;
	if ((e = costs_of_case(r->db, r->a, case_id, &c, &nc, &total)) != DB_OK)
		return e;
	for (size_t i = 0; i < nc; i++) {
		const char *p = aprintf(r->a, "Page.costs.%zu", i);

		view_setf(r->v, c[i].kind, "%s.kind", p);
		view_setf(r->v, label(r, "cost", c[i].kind), "%s.kind_label", p);
		set_money(r, aprintf(r->a, "%s.amount", p), c[i].amount_fen);
		if (c[i].minutes >= 0)
			view_setf(r->v, aprintf(r->a, "%.2f", (double)c[i].minutes / 60), "%s.hours", p);
		view_setf(r->v, c[i].note, "%s.note", p);
		view_setf(r->v, c[i].staff, "%s.staff", p);
		view_set_time(r->v, aprintf(r->a, "%s.at", p), c[i].at);
	}
	set_money(r, "Page.cost_total", total);
	if (r->roles & ROLE_FINANCE)
		view_set(r->v, "Page.can_compensate", "1");
	if (r->roles & ROLE_MANAGER)
		view_set(r->v, "Page.can_approve_compensation", "1");
	if (r->roles & (ROLE_LOGISTICS | ROLE_TECH | ROLE_FINANCE))
		view_set(r->v, "Page.can_cost", "1");
	for (int i = 0; i < COMP__MAX; i++) {
		view_setf(r->v, compensation_kinds[i], "Page.comp_kinds.%d.name", i);
		view_setf(r->v, label(r, "comp", compensation_kinds[i]), "Page.comp_kinds.%d.label", i);
	}
	for (int i = 0; i < COST__MAX; i++) {
		view_setf(r->v, cost_kinds[i], "Page.cost_kinds.%d.name", i);
		view_setf(r->v, label(r, "cost", cost_kinds[i]), "Page.cost_kinds.%d.label", i);
	}
	{
		struct cost_policy p;

		if ((e = cost_policy_load(r->db, r->a, &p)) != DB_OK)
			return e;
		set_money(r, "Page.comp_threshold", p.compensation_approval_fen);
	}
	return DB_OK;
}

/* ------------------------------------------------------------ dashboard */

/* <prefix>.id/.value/.text of a figure: money in yuan (value: yuan),
 * a count, a percentage; not known: "" and "–". */
enum cell_unit { CU_YUAN, CU_COUNT, CU_PERCENT };

static void set_cell(struct req *r, const char *prefix, const char *id, struct figure f,
                     enum cell_unit u)
{
	char text[32], value[32] = "";

	if (f.known)
		snprintf(value, sizeof value, "%.10g", f.value);
	if (u == CU_PERCENT)
		figure_format_percent(f, 1, text);
	else
		figure_format(f, u == CU_YUAN ? 2 : 0, text);
	view_setf(r->v, id, "%s.id", prefix);
	view_setf(r->v, value, "%s.value", prefix);
	view_setf(r->v, text, "%s.text", prefix);
}

static struct figure yuan(long long fen)
{
	return (struct figure){true, (double)fen / 100};
}

static struct figure per_case(long long fen, long long cases)
{
	return cases > 0 ? (struct figure){true, (double)fen / 100 / (double)cases} : FIGURE_NONE;
}

static struct figure count_of(long long n)
{
	return (struct figure){true, (double)n};
}

static struct figure known_if(bool known, struct figure f)
{
	return known ? f : FIGURE_NONE;
}

/* The overall figures: Page.costs_figs.N (label, cell). */
static void costs_overall(struct req *r, const struct cost_totals *t)
{
	struct overall_fig {
		const char *key;
		struct figure f;
		enum cell_unit u;
	} figs[3 + COST__MAX + 3];
	size_t n = 0;

	/* a period without cases (or without compensation paid) has no
	 * figures, never a 0 that looks measured */
	bool cases = t->cases > 0, paid = t->comp_paid_n > 0;

	figs[n++] = (struct overall_fig){"cases", known_if(cases, count_of(t->cases)), CU_COUNT};
	figs[n++] = (struct overall_fig){"total", known_if(cases, yuan(t->total_fen)), CU_YUAN};
	figs[n++] = (struct overall_fig){"per_case", per_case(t->total_fen, t->cases), CU_YUAN};
	for (int k = 0; k < COST__MAX; k++)
		figs[n++] = (struct overall_fig){cost_kinds[k], known_if(cases, yuan(t->by_kind[k])),
		                                 CU_YUAN};
	figs[n++] = (struct overall_fig){"compensation", known_if(cases, yuan(t->compensation_fen)),
	                                 CU_YUAN};
	figs[n++] = (struct overall_fig){"comp_paid_n", known_if(paid, count_of(t->comp_paid_n)),
	                                 CU_COUNT};
	figs[n++] = (struct overall_fig){"comp_paid", known_if(paid, yuan(t->comp_paid_fen)), CU_YUAN};
	/* waiting now, whatever the period: a link to finance's view */
	view_set_int(r->v, "Page.costs_waiting", t->comp_waiting_n);
	for (size_t i = 0; i < n; i++) {
		const char *p = aprintf(r->a, "Page.costs_figs.%zu", i);

		view_setf(r->v, view_lang(r->v, aprintf(r->a, "costs_%s", figs[i].key)), "%s.label", p);
		set_cell(r, p, aprintf(r->a, "cost-%s", figs[i].key), figs[i].f, figs[i].u);
	}
}

/* Page.costs_tables.<s>: one table per split (dash_macros.cs's shape). */
static enum db_err costs_table(struct req *r, enum cost_split s, time_t from, time_t to)
{
	static const char *const cols[] = {"cases", "cost", "per_case", "sold", "back", "rate"};
	const char *name = cost_split_names[s];
	const char *t = aprintf(r->a, "Page.costs_tables.%d", (int)s);
	size_t ncols = s >= CS_CATEGORY ? 6 : 3;
	struct cost_row *rows;
	size_t n;
	enum db_err e;

	if ((e = cost_split(r->db, r->a, s, from, to, &rows, &n)) != DB_OK)
		return e;
	view_setf(r->v, aprintf(r->a, "costs-%s", name), "%s.id", t);
	view_setf(r->v, view_lang(r->v, aprintf(r->a, "costs_by_%s", name)), "%s.title", t);
	for (size_t c = 0; c < ncols; c++) {
		view_setf(r->v, view_lang(r->v, aprintf(r->a, "costs_col_%s", cols[c])), "%s.cols.%zu.label",
		          t, c);
		if (c == 1 || c == 2)
			view_setf(r->v, view_lang(r->v, "dash_unit_yuan"), "%s.cols.%zu.unit", t, c);
	}
	for (size_t i = 0; i < n; i++) {
		const char *row = aprintf(r->a, "%s.rows.%zu", t, i);
		const char *lab = s == CS_TYPE ? label(r, "type", rows[i].key)
		                  : s == CS_REASON ? label(r, "reason", rows[i].key)
		                                   : rows[i].key;
		struct figure f[6] = {count_of(rows[i].cases), yuan(rows[i].cost_fen),
		                      per_case(rows[i].cost_fen, rows[i].cases), count_of(rows[i].sold),
		                      count_of(rows[i].back), stats_rate(rows[i].back, rows[i].sold)};

		view_setf(r->v, rows[i].key, "%s.key", row);
		view_setf(r->v, lab && *lab ? lab : rows[i].key, "%s.label", row);
		for (size_t c = 0; c < ncols; c++)
			set_cell(r, aprintf(r->a, "%s.cells.%zu", row, c),
			         aprintf(r->a, "cost-%s-%zu-%s", name, i, cols[c]), f[c],
			         c == 5 ? CU_PERCENT : c == 1 || c == 2 ? CU_YUAN : CU_COUNT);
	}
	return DB_OK;
}

enum db_err fill_dash_costs(struct req *r, time_t from, time_t to)
{
	struct cost_totals t;
	enum db_err e;

	if ((e = cost_totals(r->db, r->a, from, to, &t)) != DB_OK)
		return e;
	costs_overall(r, &t);
	for (int s = 0; s < CS__MAX; s++)
		if ((e = costs_table(r, (enum cost_split)s, from, to)) != DB_OK)
			return e;
	return DB_OK;
}
