/*
 * desk.c — internal notes on a case: their own table (case_notes, schema
 * 023), read by the staff case page alone. Nothing here writes the
 * outbox, the timeline or the messages, so a note reaches no customer
 * page, export, notification, webhook or feed.
 */
#include <string.h>

#include "desk.h"

enum db_err note_add(struct db *db, struct arena *a, const char *case_no, long long staff_id,
                     const char *body, time_t now, bool *found)
{
	struct dbres res;
	char at[20];
	enum db_err e;

	format_db_datetime(now, at);
	/* One statement: the case by its number, or no row at all. */
	e = db_run(db, a,
	           "INSERT INTO case_notes (case_id, staff_id, body, created_at) "
	           "SELECT id, ?, ?, ? FROM cases WHERE case_no = ?",
	           DB_ARGS(DB_INT(staff_id), DB_STR(body), DB_STR(at), DB_STR(case_no)), &res);
	*found = e == DB_OK && res.affected > 0;
	return e;
}

enum db_err notes_of_case(struct db *db, struct arena *a, long long case_id,
                          struct case_note **list, size_t *n)
{
	struct dbres res;
	enum db_err e;

	if ((e = db_run(db, a,
	                "SELECT s.name, n.body, n.created_at FROM case_notes n "
	                "JOIN staff s ON s.id = n.staff_id WHERE n.case_id = ? ORDER BY n.id",
	                DB_ARGS(DB_INT(case_id)), &res)) != DB_OK)
		return e;
	*n = res.nrows;
	*list = amalloc(a, (res.nrows + 1) * sizeof **list);
	for (size_t i = 0; i < res.nrows; i++) {
		(*list)[i].author = res.rows[i].col[0];
		(*list)[i].body = res.rows[i].col[1];
		(*list)[i].at = db_time(&res.rows[i], 2);
	}
	return DB_OK;
}

enum db_err case_seen_by_customer(struct db *db, long long case_id)
{
	return db_run(db, NULL,
	              "UPDATE cases SET replies_seen = staff_replies WHERE id = ? "
	              "AND staff_replies > replies_seen",
	              DB_ARGS(DB_INT(case_id)), NULL);
}

static void template_from_row(const struct dbrow *row, struct reply_template *t)
{
	t->id = db_int(row, 0);
	t->lang = row->col[1];
	t->title = row->col[2];
	t->body = row->col[3];
}

enum db_err reply_templates_list(struct db *db, struct arena *a, const char *lang,
                                 struct reply_template **list, size_t *n)
{
	struct dbres res;
	enum db_err e;

	if ((e = db_run(db, a,
	                "SELECT id, lang, title, body FROM reply_templates "
	                "WHERE ? = '' OR lang = ? ORDER BY lang, title, id LIMIT 200",
	                DB_ARGS(DB_STR(lang ? lang : ""), DB_STR(lang ? lang : "")), &res)) != DB_OK)
		return e;
	*n = res.nrows;
	*list = amalloc(a, (res.nrows + 1) * sizeof **list);
	for (size_t i = 0; i < res.nrows; i++)
		template_from_row(&res.rows[i], &(*list)[i]);
	return DB_OK;
}

struct template_set {
	struct reply_template *list;
	size_t n;
};

static enum db_err load_templates(struct db *db, struct arena *a, void *set)
{
	struct template_set *s = set;

	return reply_templates_list(db, a, NULL, &s->list, &s->n);
}

enum db_err reply_templates_current(struct db *db, long long gen,
                                    const struct reply_template **list, size_t *n)
{
	void *v;
	enum db_err e = db_kept(db, DB_MEMO_REPLIES, gen, sizeof(struct template_set),
	                        load_templates, &v);
	const struct template_set *s = v;

	*list = s ? s->list : NULL;
	*n = s ? s->n : 0;
	return e;
}

enum db_err reply_template_get(struct db *db, struct arena *a, long long id, const char *lang,
                               struct reply_template *out)
{
	struct dbrow *row;
	enum db_err e;

	memset(out, 0, sizeof *out);
	if ((e = db_row(db, a, "SELECT id, lang, title, body FROM reply_templates "
	                       "WHERE id = ? AND lang = ?",
	                DB_ARGS(DB_INT(id), DB_STR(lang)), &row)) != DB_OK || !row)
		return e;
	template_from_row(row, out);
	return DB_OK;
}

enum db_err reply_template_add(struct db *db, const char *lang, const char *title,
                               const char *body, long long staff_id, time_t now)
{
	char at[20];

	format_db_datetime(now, at);
	return db_run(db, NULL,
	              "INSERT INTO reply_templates (lang, title, body, created_by, created_at) "
	              "VALUES (?, ?, ?, ?, ?)",
	              DB_ARGS(DB_STR(lang), DB_STR(title), DB_STR(body), DB_INT(staff_id),
	                      DB_STR(at)),
	              NULL);
}

enum db_err reply_template_remove(struct db *db, long long id, bool *removed)
{
	struct dbres res;
	enum db_err e = db_run(db, NULL, "DELETE FROM reply_templates WHERE id = ?",
	                       DB_ARGS(DB_INT(id)), &res);

	*removed = e == DB_OK && res.affected > 0;
	return e;
}
