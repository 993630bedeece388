/*
 * roles.h — staff roles as bits (staff.roles). A manager may do everything.
 */
#ifndef AFTERCARE_ROLES_H
#define AFTERCARE_ROLES_H

#include <stddef.h>

enum role_bits {
	ROLE_AGENT = 1 << 0,     /* 客服代表 */
	ROLE_WAREHOUSE = 1 << 1, /* 退货处理专员 */
	ROLE_LOGISTICS = 1 << 2, /* 物流协调员 */
	ROLE_FINANCE = 1 << 3,   /* 财务 */
	ROLE_TECH = 1 << 4,      /* 技术支持工程师 */
	ROLE_MANAGER = 1 << 5,   /* 售后服务经理 */
	ROLE_ALL = (1 << 6) - 1
};

/* The roles that contact or visit customers: they may reveal a case's
 * customer's phone, e-mail and city (audited); the others see them masked. */
#define ROLES_CONTACT (ROLE_AGENT | ROLE_LOGISTICS | ROLE_TECH | ROLE_MANAGER)

#define ROLE_COUNT 6
struct role_name {
	const char *name;
	unsigned bits;
};
extern const struct role_name role_names[ROLE_COUNT];

/* "agent,finance" -> bits; -1 on an unknown name. "manager" gives all. */
int roles_parse(const char *list);
/* bits -> "agent,finance" (each role whose bit is set), cut to size. */
void roles_format(unsigned bits, char *out, size_t size);

#endif
