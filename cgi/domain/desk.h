/*
 * desk.h — the staff desk (issue 14): internal notes on a case (staff
 * only: never in the timeline, the messages, the outbox or any customer
 * output), the role views of the queue with their counts, and the bulk
 * assignment of queue rows.
 */
#ifndef AFTERCARE_DESK_H
#define AFTERCARE_DESK_H

#include <stdbool.h>
#include <time.h>

#include "cases.h"
#include "db.h"

#define NOTE_BODY_MAX 2000 /* characters */

struct case_note {
	const char *author;   /* the member's name */
	const char *body;
	time_t at;
};

/* Adds staff_id's note to case_no; *found false (nothing written) when
 * there is no such case. */
enum db_err note_add(struct db *db, struct arena *a, const char *case_no, long long staff_id,
                     const char *body, time_t now, bool *found);
/* The case's notes, oldest first. */
enum db_err notes_of_case(struct db *db, struct arena *a, long long case_id,
                          struct case_note **list, size_t *n);

/* Reply templates (schema/024): plain text per language. */
#define REPLY_TITLE_MAX 100 /* characters */
#define REPLY_BODY_MAX 2000
struct reply_template {
	long long id;
	const char *lang;
	const char *title;
	const char *body;
};
/* lang NULL: every language's, by language then title. */
enum db_err reply_templates_list(struct db *db, struct arena *a, const char *lang,
                                 struct reply_template **list, size_t *n);
/* Every language's templates (reply_templates_list(NULL)) of generation
 * gen (data_versions 'replies', schema/029, read by case_get): the list
 * this connection kept when it is of that generation, else read now and
 * kept. *list lives until the next call on this connection. gen <= 0
 * always reads. */
enum db_err reply_templates_current(struct db *db, long long gen,
                                    const struct reply_template **list, size_t *n);
#define REPLIES_GEN_SQL "(SELECT gen FROM data_versions WHERE name = 'replies')"
/* The template id in lang; out->id 0 when there is none. */
enum db_err reply_template_get(struct db *db, struct arena *a, long long id, const char *lang,
                               struct reply_template *out);
enum db_err reply_template_add(struct db *db, const char *lang, const char *title,
                               const char *body, long long staff_id, time_t now);
enum db_err reply_template_remove(struct db *db, long long id, bool *removed);

/* The customer opened their case: a team reply newer than their last look
 * is now seen (one UPDATE by primary key, nothing when there is none). */
enum db_err case_seen_by_customer(struct db *db, long long case_id);

#endif
