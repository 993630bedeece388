/*
 * staff.h — staff accounts: create or update one (admin command, demo
 * data), and the role names.
 */
#ifndef AFTERCARE_STAFF_H
#define AFTERCARE_STAFF_H

#include "db.h"
#include "roles.h"

/* Creates the account or updates name, roles and password of an existing
 * one (by e-mail). The password is hashed here. */
enum db_err staff_upsert(struct db *db, struct arena *a, const char *email,
                         const char *name, unsigned roles, const char *password);

#endif
