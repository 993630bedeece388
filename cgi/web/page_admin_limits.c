/*
 * page_admin_limits.c — the manager's page of the limits on what
 * customers create (rate_limits.h: per account and per address in a
 * window) and of the roles that must have a second factor
 * (/staff/admin/limits). All saved at once; read afresh on every use.
 */
#include <string.h>

#include "pages.h"
#include "rate_limits.h"
#include "roles.h"
#include "view.h"

/* Page.form.<name> = value for every setting; Page.roles.N with the boxes
 * of totp_roles (comma list) ticked. */
static void limits_page(struct req *r, int status, const char *const values[LIMIT_SETTINGS],
                        const char *totp_roles)
{
	for (size_t i = 0; i + 1 < LIMIT_SETTINGS; i++)
		view_setf(r->v, values[i], "Page.form.%s", limit_setting_names[i]);
	for (size_t k = 0; k < ROLE_COUNT; k++) {
		const char *name = role_names[k].name, *p = totp_roles;
		size_t n = strlen(name);

		view_setf(r->v, name, "Page.roles.%zu.name", k);
		view_setf(r->v, label(r, "role", name), "Page.roles.%zu.label", k);
		for (; p && (p = strstr(p, name)); p += n)
			if ((p == totp_roles || p[-1] == ',') && (p[n] == ',' || p[n] == '\0'))
				view_setf(r->v, "1", "Page.roles.%zu.on", k);
	}
	if (req_query(r, "saved"))
		view_set(r->v, "Page.saved", "1");
	view_set(r->v, "Page.title_key", "limits_title");
	http_page(r, status, "admin_limits.cs");
}

void page_admin_limits(struct req *r)
{
	const char *values[LIMIT_SETTINGS], *totp_roles;
	enum db_err e = limit_settings_get(r->db, r->a, values, &totp_roles);

	if (e != DB_OK) {
		http_db_error(r, e);
		return;
	}
	limits_page(r, 200, values, totp_roles);
}

void page_admin_limits_post(struct req *r)
{
	const char *shown[LIMIT_SETTINGS];
	long long values[LIMIT_SETTINGS];
	struct buf roles = {0};
	const char *totp_roles;
	enum db_err e;

	for (size_t i = 0; i + 1 < LIMIT_SETTINGS; i++) {
		shown[i] = req_form(r, limit_setting_names[i]);
		/* a window of at least a minute; a count of at least one */
		if (parse_int(shown[i], i == 0 ? 60 : 1, LIMIT_SETTING_MAX, &values[i]) != 0)
			http_field_error(r, limit_setting_names[i], "err_limit_range");
	}
	for (size_t i = 0; i < r->form.n; i++) {
		if (strcmp(r->form.v[i].name, "totp_roles") != 0)
			continue;
		for (size_t k = 0; k < ROLE_COUNT; k++)
			if (strcmp(r->form.v[i].value, role_names[k].name) == 0) {
				buf_printf(&roles, "%s%s", roles.len ? "," : "", role_names[k].name);
				break;
			} else if (k == ROLE_COUNT - 1) {
				http_field_error(r, "totp_roles", "err_choose_role");
			}
	}
	totp_roles = astrdup(r->a, roles.len ? roles.p : "");
	buf_free(&roles);
	if (r->field_errors) {
		limits_page(r, 400, shown, totp_roles);
		return;
	}
	if ((e = limit_settings_save(r->db, r->a, r->staff_id, r->now, values, totp_roles)) != DB_OK) {
		http_db_error(r, e);
		return;
	}
	http_redirect(r, "/staff/admin/limits?saved=1");
}
