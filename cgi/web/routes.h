/*
 * routes.h — the route table's entry point: find the page for a request,
 * identify the caller, check access and CSRF, run the handler.
 */
#ifndef AFTERCARE_ROUTES_H
#define AFTERCARE_ROUTES_H

#include <stdio.h>

#include "http.h"

void routes_dispatch(struct req *r);

/* The table as tab-separated lines (method, pattern, access, roles) for
 * `aftercare --routes`: the access test drives every route from it. */
void routes_print(FILE *out);

#endif
