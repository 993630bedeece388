/*
 * roles.c — staff role names and bits (roles.h). Pure.
 */
#include <stdio.h>
#include <string.h>

#include "roles.h"

/* The names used on the command line, in forms and in the state table.
 * "manager" is the manager bit alone here; staff.roles of a manager made
 * with roles_parse carries every bit. */
const struct role_name role_names[ROLE_COUNT] = {
	{"agent", ROLE_AGENT},         {"warehouse", ROLE_WAREHOUSE},
	{"logistics", ROLE_LOGISTICS}, {"finance", ROLE_FINANCE},
	{"tech", ROLE_TECH},           {"manager", ROLE_MANAGER},
};

int roles_parse(const char *list)
{
	unsigned bits = 0;

	if (!list || !*list)
		return -1;
	for (;;) {
		size_t n = strcspn(list, ","), i;

		for (i = 0; i < ROLE_COUNT; i++)
			if (strlen(role_names[i].name) == n &&
			    strncmp(role_names[i].name, list, n) == 0)
				break;
		if (i == ROLE_COUNT) /* unknown or empty ("a,,b", "a,") */
			return -1;
		/* A manager may do everything. */
		bits |= role_names[i].bits == ROLE_MANAGER ? ROLE_ALL : role_names[i].bits;
		if (list[n] == '\0')
			return (int)bits;
		list += n + 1;
	}
}

void roles_format(unsigned bits, char *out, size_t size)
{
	size_t len = 0;

	if (size)
		out[0] = '\0';
	for (size_t i = 0; i < ROLE_COUNT && size; i++) {
		if (!(bits & role_names[i].bits))
			continue;
		int n = snprintf(out + len, size - len, "%s%s", len ? "," : "", role_names[i].name);
		if (n < 0 || (size_t)n >= size - len) {
			out[len] = '\0'; /* cut at the last whole name */
			return;
		}
		len += (size_t)n;
	}
}
