/*
 * returns.h — sending the goods back, the pure part: the carriers a
 * customer may choose (ROUTES.md codes) with the shapes of their tracking
 * numbers, the pick-up windows, and who pays the return postage.
 */
#ifndef AFTERCARE_RETURNS_H
#define AFTERCARE_RETURNS_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#define TRACKING_MAX 40     /* characters, as cases.return_tracking */
#define CARRIER_NAME_MAX 40 /* characters, "other" */

/* The i-th carrier code (sf, jd, ems, yto, zto, sto, yunda, other); NULL
 * past the last. */
const char *carrier_code(size_t i);
/* The code of a carrier as typed (case-insensitive), or NULL when it is
 * not one of the list. */
const char *carrier_from_name(const char *name);

/* A tracking number as typed, made plain: blanks and '-' dropped, letters
 * upper-cased, into out (size > TRACKING_MAX). false when nothing is left,
 * it is too long, or a character is neither a letter nor a digit. */
bool tracking_normalize(const char *typed, char *out, size_t size);
/* Does a plain tracking number have a shape the carrier uses? A carrier
 * without a known shape ("other") takes 6..30 letters and digits. */
bool tracking_shape_ok(const char *code, const char *tracking);

/* Pick-up windows ("09-12", "12-15", "15-18"): the i-th, NULL past the
 * last; the hour a window starts (local), -1 when it is none. */
const char *pickup_window(size_t i);
int pickup_window_start(const char *window);

/* Who pays the return postage ("shop" or "customer") for a case of this
 * reason: no_reason by the no-reason policy, every other reason (a quality
 * problem) by the quality policy. */
const char *postage_payer(const char *reason, const char *quality_policy,
                          const char *no_reason_policy);

#endif
