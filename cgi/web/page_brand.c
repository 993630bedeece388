/*
 * page_brand.c — the shop's own look (issue 13): the manager sets its name,
 * logo and accent colour on the policies page; every page shows the name
 * and logo in its header and takes the colour from /brand.css (a tiny
 * generated stylesheet: the CSP allows no inline style), the logo from
 * /brand/logo. Both URLs carry the brand's generation, so a change is seen
 * on the next page. Unset, the look stays the neutral default.
 */
#include <stdio.h>
#include <string.h>

#include "brand.h"
#include "colour.h"
#include "pages.h"
#include "view.h"

/* POST /staff/admin/brand (multipart): shop_name, accent, logo (a file,
 * optional), logo_remove. A logo is checked like a customer's photo: its
 * bytes must be a PNG, JPEG or WebP image (an SVG, which may carry
 * script, is refused), at most BRAND_LOGO_MAX bytes. */
void page_admin_brand_post(struct req *r)
{
	const char *name = req_form(r, "shop_name");
	const char *accent = req_form(r, "accent");
	const struct upload *logo = NULL;
	const char *mime = NULL, *why;
	enum db_err e;

	view_set(r->v, "Page.bform.sent", "1");
	view_set(r->v, "Page.bform.shop_name", name);
	view_set(r->v, "Page.bform.accent", accent);
	if (!name)
		name = "";
	if (!accent)
		accent = "";
	if (utf8_len(name, strlen(name)) > BRAND_NAME_MAX || !text_printable(name))
		http_field_error(r, "shop_name", "err_shop_name");
	if ((why = accent_problem(accent)) != NULL)
		http_field_error(r, "accent", why);
	for (size_t i = 0; i < r->files.n; i++)
		if (strcmp(r->files.v[i].field, "logo") == 0 && r->files.v[i].len)
			logo = &r->files.v[i];
	if (logo && logo->len > BRAND_LOGO_MAX)
		http_field_error(r, "logo", "err_logo_large");
	else if (logo && !(mime = image_sniff(logo->data, logo->len)))
		http_field_error(r, "logo", "err_logo_type");
	if (r->field_errors) {
		policies_show(r, 400);
		return;
	}
	if ((e = brand_save(r->db, r->a, name, accent)) != DB_OK ||
	    (logo && (e = brand_set_logo(r->db, r->a, logo->data, logo->len, mime)) != DB_OK) ||
	    (!logo && req_form(r, "logo_remove") &&
	     (e = brand_set_logo(r->db, r->a, NULL, 0, NULL)) != DB_OK)) {
		http_db_error(r, e);
		return;
	}
	http_redirect(r, "/staff/admin/policies?saved=1#brand");
}

/* GET /brand.css?v=GEN: the accent as the one custom property the
 * stylesheet uses for links, buttons and the header's edge. */
void page_brand_css(struct req *r)
{
	const struct brand *b;
	enum db_err e = brand_current(r->db, &b);
	const char *css;

	if (e != DB_OK) {
		http_db_error(r, e);
		return;
	}
	/* accent was checked as #rrggbb when saved; checked again, as it
	 * goes into CSS text. */
	css = b->accent[0] && !accent_problem(b->accent)
	          ? aprintf(r->a, ":root { --brand: %s; }\n.top { border-top: 4px solid var(--brand); }\n",
	                    b->accent)
	          : "/* the neutral default */\n";
	http_send(r, 200, "text/css; charset=utf-8", css, strlen(css));
}

/* GET /brand/logo?v=GEN: the uploaded logo, as the image type its bytes
 * are (sandboxed like every image, http.c); 404 when there is none. */
void page_brand_logo(struct req *r)
{
	const char *data, *type;
	size_t len;
	enum db_err e = brand_logo(r->db, r->a, &data, &len, &type);

	if (e != DB_OK) {
		http_db_error(r, e);
		return;
	}
	if (!data || !len || !type || strncmp(type, "image/", 6) != 0) {
		http_error(r, 404, NULL);
		return;
	}
	http_header(r, "Content-Disposition", "inline");
	http_send(r, 200, type, data, len);
}
