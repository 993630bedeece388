/*
 * mask.h — personal contact details as staff lists show them: enough to
 * tell two apart, not enough to use.
 */
#ifndef AFTERCARE_MASK_H
#define AFTERCARE_MASK_H

#include "util.h"

/* 13800000001 -> 138****0001; under 8 characters: "****". */
const char *mask_phone(struct arena *a, const char *phone);
/* li@example.com -> l***@example.com; without '@': "***". */
const char *mask_email(struct arena *a, const char *email);
/* 上海 -> 上**: the first character of a city (or address). */
const char *mask_city(struct arena *a, const char *city);
/* A message's recipient: an e-mail or a phone masked, a URL (the shop's
 * own endpoint) as it is. */
const char *mask_recipient(struct arena *a, const char *to);

#endif
