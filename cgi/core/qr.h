/*
 * qr.h — a QR code as one inline <svg> element, for the return slip (a
 * case number) and the staff second-factor enrolment (an otpauth:// URI).
 * libqrencode does the encoding (version, error correction, masking); this
 * file only draws its modules: one <path> of unit squares inside a quiet
 * zone of four modules, with a viewBox so that the page sets the size.
 * Pure: text in, text out; no style attribute (the CSP), no script.
 */
#ifndef AFTERCARE_QR_H
#define AFTERCARE_QR_H

#include "util.h"

/* Longest text qr_svg encodes (bytes); longer text is refused. */
#define QR_TEXT_MAX 512

/* The QR code of text (UTF-8, 8-bit mode, error correction level M) as
 * "<svg …>…</svg>" in the arena, labelled for screen readers with label
 * (XML-escaped; NULL for none). NULL when text is empty, too long or
 * libqrencode fails. */
char *qr_svg(struct arena *a, const char *text, const char *label);

#endif
