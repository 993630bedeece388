/*
 * view.c — the only file that includes ClearSilver. Every render runs with
 * Config.VarEscapeMode = html, so `var:` escapes & < > " '. Language trees
 * are read once at start and never change: a render looks names up in the
 * request's own small tree first, then in its language's tree (ClearSilver's
 * global_hdf), so no request copies them. Each thread keeps its parsed
 * templates (struct view_cache) and renders them again with the request's
 * tree: parsing is most of a render's time, the output is the same.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ClearSilver.h>

#include "session.h"
#include "view.h"

struct lang_tree {
	const char *code;
	HDF *hdf;
};

static struct lang_tree langs[] = {{"zh-CN", NULL}, {"en", NULL}};
static char tmpl_dir[512];

/* Parsed templates of one thread; a template beyond the last slot is
 * parsed for each render, as before. */
#define VIEW_CACHE_MAX 48

struct view_cache {
	struct cached_tmpl {
		char name[64];
		CSPARSE *cs;
	} t[VIEW_CACHE_MAX];
	size_t n;
};

struct view {
	HDF *hdf;
	const struct lang_tree *lang;
	struct view_cache *cache;
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

/* Static.<name>: "style.<10 hex of its SHA-256>.css" for each file pages
 * link to, so a changed file has a new name and nginx may let browsers
 * keep each name for ever (scripts/nginx.conf.in). The static folder is
 * the templates folder's sibling. */
static const char *const fingerprinted[][3] = {
	{"css", "style", "css"},
	{"icon", "favicon", "svg"},
	{"form_js", "request_form", "js"},
};

static int fingerprint(HDF *hdf, const char *templates_dir)
{
	for (size_t i = 0; i < sizeof fingerprinted / sizeof fingerprinted[0]; i++) {
		char path[600], name[128], hex[65];
		unsigned char *data = NULL;
		size_t n = 0, cap = 0;
		FILE *f;
		NEOERR *err;

		snprintf(path, sizeof path, "%s/../static/%s.%s", templates_dir, fingerprinted[i][1],
		         fingerprinted[i][2]);
		if (!(f = fopen(path, "rb"))) {
			fprintf(stderr, "view: %s: cannot read\n", path);
			return -1;
		}
		for (;;) {
			if (n == cap && !(data = realloc(data, cap = cap ? 2 * cap : 1 << 16)))
				abort();
			size_t got = fread(data + n, 1, cap - n, f);
			if (!got)
				break;
			n += got;
		}
		fclose(f);
		sha256_hex(data, n, hex);
		free(data);
		snprintf(name, sizeof name, "%s.%.10s.%s", fingerprinted[i][1], hex, fingerprinted[i][2]);
		snprintf(path, sizeof path, "Static.%s", fingerprinted[i][0]);
		if ((err = hdf_set_value(hdf, path, name)) != STATUS_OK) {
			log_err(path, err);
			return -1;
		}
	}
	return 0;
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
		if (fingerprint(langs[i].hdf, templates_dir) != 0)
			return -1;
	}
	return 0;
}

void view_shutdown(void)
{
	for (size_t i = 0; i < sizeof langs / sizeof langs[0]; i++)
		hdf_destroy(&langs[i].hdf);
}

struct view_cache *view_cache_new(void)
{
	struct view_cache *c = calloc(1, sizeof *c);

	if (!c)
		abort();
	return c;
}

void view_cache_free(struct view_cache *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < c->n; i++)
		cs_destroy(&c->t[i].cs);
	free(c);
}

struct view *view_new(struct view_cache *cache, const char *lang)
{
	struct view *v = calloc(1, sizeof *v);
	struct lang_tree *l = &langs[0];
	NEOERR *err;

	if (!v)
		abort();
	for (size_t i = 0; i < sizeof langs / sizeof langs[0]; i++)
		if (lang && strcmp(lang, langs[i].code) == 0)
			l = &langs[i];
	v->lang = l;
	v->cache = cache;
	if ((err = hdf_init(&v->hdf)) != STATUS_OK ||
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
	const char *s = hdf_get_value(v->hdf, name, NULL);

	return s ? s : hdf_get_value(v->lang->hdf, name, def);
}

const char *view_lang(struct view *v, const char *key)
{
	char name[128];

	snprintf(name, sizeof name, "L.%s", key);
	return hdf_get_value(v->lang->hdf, name, key);
}

static NEOERR *append(void *ctx, char *s)
{
	buf_puts(ctx, s);
	return STATUS_OK;
}

/* A parse of templates/<tmpl> made with v's tree (for its Config and load
 * path, read while parsing); NULL after logging an error. */
static CSPARSE *parse(struct view *v, const char *tmpl)
{
	CSPARSE *cs = NULL;
	NEOERR *err;
	char path[600];

	snprintf(path, sizeof path, "%s/%s", tmpl_dir, tmpl);
	if ((err = cs_init(&cs, v->hdf)) != STATUS_OK ||
	    (err = cgi_register_strfuncs(cs)) != STATUS_OK ||
	    (err = cs_parse_file(cs, path)) != STATUS_OK) {
		log_err(tmpl, err);
		cs_destroy(&cs);
		return NULL;
	}
	return cs;
}

int view_render(struct view *v, const char *tmpl, struct buf *out)
{
	struct view_cache *c = v->cache;
	struct cached_tmpl *slot = NULL;
	CSPARSE *cs = NULL;
	struct buf page = {0}; /* the page before its markup goes in */
	NEOERR *err;

	for (size_t i = 0; c && i < c->n && !slot; i++)
		if (strcmp(c->t[i].name, tmpl) == 0)
			slot = &c->t[i];
	if (slot) {
		cs = slot->cs;
	} else {
		if (!(cs = parse(v, tmpl)))
			return -1;
		if (c && c->n < VIEW_CACHE_MAX && strlen(tmpl) < sizeof c->t[0].name) {
			slot = &c->t[c->n++];
			snprintf(slot->name, sizeof slot->name, "%s", tmpl);
			slot->cs = cs;
		}
	}
	cs->hdf = v->hdf;
	cs->global_hdf = v->lang->hdf;
	err = cs_render(cs, v->nmarkup ? &page : out, append);
	/* Nothing of this request stays reachable from the cached parse. */
	cs->hdf = NULL;
	cs->global_hdf = NULL;
	if (err != STATUS_OK) {
		log_err(tmpl, err);
		/* A render that stopped half-way may leave state behind: parse
		 * this template again next time. */
		if (slot)
			*slot = c->t[--c->n];
		cs_destroy(&cs);
		buf_free(&page);
		return -1;
	}
	if (!slot)
		cs_destroy(&cs);
	if (v->nmarkup)
		put_markup(v, &page, out);
	buf_free(&page);
	return 0;
}
