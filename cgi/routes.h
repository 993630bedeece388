/*
 * routes.h — the route table's entry point: find the page for a request,
 * identify the caller, check access and CSRF, run the handler.
 */
#ifndef AFTERCARE_ROUTES_H
#define AFTERCARE_ROUTES_H

#include "http.h"

void routes_dispatch(struct req *r);

#endif
