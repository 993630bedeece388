/*
 * view.c — the only file that includes ClearSilver. Every render runs with
 * Config.VarEscapeMode = html, so `var:` escapes & < > " '. Language trees
 * are read once at start and copied under "L" into each request's HDF.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ClearSilver.h>

#include "view.h"

struct lang_tree {
	const char *code;
	HDF *hdf;
};

static struct lang_tree langs[] = {{"zh-CN", NULL}, {"en", NULL}};
static char tmpl_dir[512];

struct view {
	HDF *hdf;
	char **markup;     /* view_set_markup's values, by placeholder number */
	size_t nmarkup;
	char nonce[33];    /* hex; empty until the first markup */
};

#define MARKUP_TAG "aftercaremarkup"


static void log_err(const char *what, NEOERR *err)
{
	STRING s;

	string_init(&s);
	nerr_error_string(err, &s);
	fprintf(stderr, "view: %s: %s\n", what, s.buf ? s.buf : "?");
	string_clear(&s);
	nerr_ignore(&err);
}

int view_init(const char *templates_dir)
{
	NEOERR *err = nerr_init();

	if (err != STATUS_OK) {
		log_err("nerr_init", err);
		return -1;
	}
	snprintf(tmpl_dir, sizeof tmpl_dir, "%s", templates_dir);
	for (size_t i = 0; i < sizeof langs / sizeof langs[0]; i++) {
		char path[600];

		snprintf(path, sizeof path, "%s/lang/%s.hdf", templates_dir,
		         langs[i].code);
		if ((err = hdf_init(&langs[i].hdf)) != STATUS_OK ||
		    (err = hdf_read_file(langs[i].hdf, path)) != STATUS_OK) {
			log_err(path, err);
			return -1;
		}
	}
	return 0;
}

void view_shutdown(void)
{
	for (size_t i = 0; i < sizeof langs / sizeof langs[0]; i++)
		hdf_destroy(&langs[i].hdf);
}

struct view *view_new(const char *lang)
{
	struct view *v = calloc(1, sizeof *v);
	struct lang_tree *l = &langs[0];
	NEOERR *err;

	if (!v)
		abort();
	for (size_t i = 0; i < sizeof langs / sizeof langs[0]; i++)
		if (lang && strcmp(lang, langs[i].code) == 0)
			l = &langs[i];
	if ((err = hdf_init(&v->hdf)) != STATUS_OK ||
	    (err = hdf_copy(v->hdf, "L", hdf_get_obj(l->hdf, "L"))) != STATUS_OK ||
	    (err = hdf_set_value(v->hdf, "Config.VarEscapeMode", "html")) != STATUS_OK ||
	    (err = hdf_set_value(v->hdf, "hdf.loadpaths.0", tmpl_dir)) != STATUS_OK ||
	    (err = hdf_set_value(v->hdf, "Lang", l->code)) != STATUS_OK) {
		log_err("view_new", err);
		abort(); /* only out of memory gets here */
	}
	return v;
}

void view_free(struct view *v)
{
	if (!v)
		return;
	hdf_destroy(&v->hdf);
	for (size_t i = 0; i < v->nmarkup; i++)
		free(v->markup[i]);
	free(v->markup);
	free(v);
}

void view_set(struct view *v, const char *name, const char *value)
{
	NEOERR *err;

	if (value && (err = hdf_set_value(v->hdf, name, value)) != STATUS_OK)
		log_err(name, err);
}

void view_set_int(struct view *v, const char *name, long long value)
{
	char num[24];

	snprintf(num, sizeof num, "%lld", value);
	view_set(v, name, num);
}

void view_set_time(struct view *v, const char *name, time_t t)
{
	char d[20];

	if (!t)
		return;
	format_local_time(t, d);
	view_set(v, name, d);
}

void view_setf(struct view *v, const char *value, const char *name_fmt, ...)
{
	char name[256];
	va_list ap;

	va_start(ap, name_fmt);
	vsnprintf(name, sizeof name, name_fmt, ap);
	va_end(ap);
	view_set(v, name, value);
}

void view_set_markup(struct view *v, const char *name, const char *markup)
{
	char **more, holder[80];

	if (!markup)
		return;
	if (!v->nonce[0]) {
		unsigned char r[16];

		random_bytes(r, sizeof r);
		hex_encode(r, sizeof r, v->nonce);
	}
	if (!(more = realloc(v->markup, (v->nmarkup + 1) * sizeof *more)) ||
	    !(more[v->nmarkup] = strdup(markup)))
		abort();
	v->markup = more;
	/* letters and digits only: html escaping leaves it as it is */
	snprintf(holder, sizeof holder, MARKUP_TAG "%sn%zuz", v->nonce, v->nmarkup++);
	view_set(v, name, holder);
}

/* Appends src to out with every placeholder of v replaced by its markup. */
static void put_markup(struct view *v, const struct buf *src, struct buf *out)
{
	char prefix[64];
	size_t plen, i = 0;

	plen = (size_t)snprintf(prefix, sizeof prefix, MARKUP_TAG "%sn", v->nonce);
	while (i < src->len) {
		const char *hit = memmem(src->p + i, src->len - i, prefix, plen);
		char *end;
		unsigned long k;

		if (!hit) {
			buf_add(out, src->p + i, src->len - i);
			break;
		}
		buf_add(out, src->p + i, (size_t)(hit - (src->p + i)));
		i = (size_t)(hit - src->p) + plen;
		k = strtoul(src->p + i, &end, 10);
		if (end != src->p + i && *end == 'z' && k < v->nmarkup) {
			buf_puts(out, v->markup[k]);
			i = (size_t)(end + 1 - src->p);
		}
	}
}

const char *view_get(struct view *v, const char *name, const char *def)
{
	return hdf_get_value(v->hdf, name, def);
}

const char *view_lang(struct view *v, const char *key)
{
	char name[128];

	snprintf(name, sizeof name, "L.%s", key);
	return hdf_get_value(v->hdf, name, key);
}

static NEOERR *append(void *ctx, char *s)
{
	buf_puts(ctx, s);
	return STATUS_OK;
}

int view_render(struct view *v, const char *tmpl, struct buf *out)
{
	CSPARSE *cs = NULL;
	NEOERR *err;
	char path[600];
	struct buf page = {0};

	snprintf(path, sizeof path, "%s/%s", tmpl_dir, tmpl);
	if ((err = cs_init(&cs, v->hdf)) != STATUS_OK ||
	    (err = cgi_register_strfuncs(cs)) != STATUS_OK ||
	    (err = cs_parse_file(cs, path)) != STATUS_OK ||
	    (err = cs_render(cs, v->nmarkup ? &page : out, append)) != STATUS_OK) {
		log_err(tmpl, err);
		cs_destroy(&cs);
		buf_free(&page);
		return -1;
	}
	cs_destroy(&cs);
	if (v->nmarkup)
		put_markup(v, &page, out);
	buf_free(&page);
	return 0;
}
