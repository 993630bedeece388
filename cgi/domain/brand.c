/*
 * brand.c — the shop's name, logo and accent colour (brand.h).
 */
#include <string.h>

#include "brand.h"

static enum db_err load_brand(struct db *db, struct arena *a, void *value)
{
	struct brand *b = value;
	struct dbrow *row;
	enum db_err e = db_row(db, a,
	                       "SELECT b.name, b.accent, b.logo IS NOT NULL, d.gen FROM shop_brand b "
	                       "JOIN data_versions d ON d.name = 'brand' WHERE b.id = 1",
	                       DB_NOARGS, &row);

	if (e != DB_OK)
		return e;
	b->name = row ? row->col[0] : "";
	b->accent = row ? row->col[1] : "";
	b->logo = row && db_int(row, 2) != 0;
	b->gen = row ? db_int(row, 3) : 0;
	return DB_OK;
}

enum db_err brand_current(struct db *db, const struct brand **b)
{
	struct arena *a = arena_new();
	struct dbrow *row;
	void *v = NULL;
	enum db_err e = db_row(db, a, "SELECT gen FROM data_versions WHERE name = 'brand'",
	                       DB_NOARGS, &row);

	/* gen 0 (no row: a database before 036) always loads, and fails. */
	if (e == DB_OK)
		e = db_kept(db, DB_MEMO_BRAND, row ? db_int(row, 0) : 0, sizeof(struct brand),
		            load_brand, &v);
	arena_free(a);
	*b = e == DB_OK ? v : NULL;
	return e;
}

enum db_err brand_save(struct db *db, struct arena *a, const char *name, const char *accent)
{
	return db_run(db, a, "UPDATE shop_brand SET name = ?, accent = ? WHERE id = 1",
	              DB_ARGS(DB_STR(name ? name : ""), DB_STR(accent ? accent : "")), NULL);
}

enum db_err brand_set_logo(struct db *db, struct arena *a, const unsigned char *data,
                           size_t len, const char *type)
{
	return db_run(db, a, "UPDATE shop_brand SET logo = ?, logo_type = ? WHERE id = 1",
	              DB_ARGS(data ? DB_BLOB(data, len) : DB_NULLV, DB_STR(data ? type : "")),
	              NULL);
}

enum db_err brand_logo(struct db *db, struct arena *a, const char **data, size_t *len,
                       const char **type)
{
	struct dbrow *row;
	enum db_err e = db_row(db, a,
	                       "SELECT logo, logo_type FROM shop_brand WHERE id = 1 AND logo IS NOT NULL",
	                       DB_NOARGS, &row);

	*data = row ? row->col[0] : NULL;
	*len = row ? row->len[0] : 0;
	*type = row ? row->col[1] : NULL;
	return e;
}
