/*
 * multipart.c — multipart/form-data bodies (RFC 7578 over RFC 2046
 * framing) into fields and uploads: the boundary, the delimiters, each
 * part's headers and their "type; key=value" parameters, file names.
 */
#include <string.h>
#include <strings.h>

#include "request_internal.h"

#define MAX_BOUNDARY 70

/* ------------------------------------------------- header-value parsing */

static void skip_ows(const char **p, const char *end)
{
	while (*p < end && is_ows(**p))
		(*p)++;
}

/* Case-insensitive compare of a counted string with a C string. */
static bool word_is(const char *s, size_t n, const char *word)
{
	return strlen(word) == n && strncasecmp(s, word, n) == 0;
}

/*
 * A parameter value: a quoted-string or a bare run up to ';' or space.
 * In a quoted-string '\' escapes only '"' and '\': old browsers send
 * Windows paths ("C:\dir\a.jpg") unescaped, and those must survive.
 */
static enum req_err read_param_value(struct arena *a, const char **pp,
                                     const char *end, const char **val,
                                     size_t *len)
{
	const char *p = *pp;
	char *d;
	size_t o = 0;

	if (p < end && *p == '"') {
		d = amalloc(a, (size_t)(end - p));
		for (p++;; p++) {
			if (p == end)
				return REQ_BAD; /* unterminated */
			if (*p == '"')
				break;
			if (*p == '\\' && p + 1 < end && (p[1] == '"' || p[1] == '\\'))
				p++;
			d[o++] = *p;
		}
		p++;
	} else {
		const char *start = p;

		while (p < end && *p != ';' && !is_ows(*p) && *p != '"')
			p++;
		if (p == start)
			return REQ_BAD;
		o = (size_t)(p - start);
		d = amalloc(a, o + 1);
		memcpy(d, start, o);
	}
	*pp = p;
	*val = d;
	*len = o;
	return REQ_OK;
}

struct hparam {
	const char *key; /* wanted parameter, lower case */
	const char *val; /* NULL when absent; may hold NULs, see len */
	size_t len;
};

/*
 * "type; key=value; key="quoted"" (Content-Type, Content-Disposition).
 * The type must be `type`; the first occurrence of each wanted key is
 * kept, other keys (filename*, charset …) are ignored.
 */
static enum req_err parse_header_value(struct arena *a, const char *s, size_t n,
                                       const char *type, struct hparam *want,
                                       size_t nwant)
{
	const char *p = s, *end = s + n, *t;

	skip_ows(&p, end);
	t = p;
	while (p < end && *p != ';' && !is_ows(*p))
		p++;
	if (!word_is(t, (size_t)(p - t), type))
		return REQ_BAD;
	for (;;) {
		const char *key, *val;
		size_t klen, vlen;
		enum req_err e;

		skip_ows(&p, end);
		if (p == end)
			return REQ_OK;
		if (*p != ';')
			return REQ_BAD;
		p++;
		skip_ows(&p, end);
		if (p == end)
			return REQ_OK; /* a trailing ';' */
		key = p;
		while (p < end && *p != '=' && *p != ';' && !is_ows(*p))
			p++;
		klen = (size_t)(p - key);
		skip_ows(&p, end);
		if (klen == 0 || p == end || *p != '=')
			return REQ_BAD;
		p++;
		skip_ows(&p, end);
		e = read_param_value(a, &p, end, &val, &vlen);
		if (e != REQ_OK)
			return e;
		for (size_t i = 0; i < nwant; i++) {
			if (!want[i].val && word_is(key, klen, want[i].key)) {
				want[i].val = val;
				want[i].len = vlen;
			}
		}
	}
}

/* ------------------------------------------------------------ multipart */

/* RFC 2046 bchars: what a boundary may be made of. */
static bool boundary_char(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
	       (c >= 'A' && c <= 'Z') || (c && strchr("'()+_,-./:=? ", c));
}

static enum req_err read_boundary(struct arena *a, const char *content_type,
                                  const char **bnd, size_t *blen)
{
	struct hparam want[] = {{.key = "boundary"}};
	enum req_err e;

	if (!content_type)
		return REQ_BAD;
	e = parse_header_value(a, content_type, strlen(content_type),
	                       "multipart/form-data", want, 1);
	if (e != REQ_OK)
		return REQ_BAD;
	if (!want[0].val || want[0].len == 0 || want[0].len > MAX_BOUNDARY ||
	    want[0].val[want[0].len - 1] == ' ')
		return REQ_BAD;
	for (size_t i = 0; i < want[0].len; i++)
		if (!boundary_char(want[0].val[i]))
			return REQ_BAD;
	*bnd = want[0].val;
	*blen = want[0].len;
	return REQ_OK;
}

struct mp {
	const char *body, *end;
	char *delim; /* "\r\n--" boundary */
	size_t dlen;
};

/*
 * What follows "--boundary" decides whether it is a delimiter: "--" closes
 * the body, optional spaces then CRLF open a part. Anything else is data
 * that merely looks like a boundary.
 */
static bool delimiter_tail(const struct mp *m, const char *p, const char **next,
                           bool *final)
{
	if (m->end - p >= 2 && p[0] == '-' && p[1] == '-') {
		*final = true;
		*next = m->end;
		return true;
	}
	while (p < m->end && is_ows(*p))
		p++;
	if (m->end - p >= 2 && p[0] == '\r' && p[1] == '\n') {
		*final = false;
		*next = p + 2;
		return true;
	}
	return false;
}

/* The next CRLF--boundary at or after `from`: *at is its CRLF, *next what
 * follows its line. */
static bool find_delimiter(const struct mp *m, const char *from, const char **at,
                           const char **next, bool *final)
{
	while (from < m->end) {
		const char *hit = memmem(from, (size_t)(m->end - from), m->delim, m->dlen);

		if (!hit)
			return false;
		if (delimiter_tail(m, hit + m->dlen, next, final)) {
			*at = hit;
			return true;
		}
		from = hit + 1;
	}
	return false;
}

/* Bytes of the control character at p: C0 and DEL (1), the C1 controls
 * U+0080..U+009F (2: C2 80..C2 9F); 0 for anything else. */
static size_t control_len(const char *p, const char *end)
{
	unsigned char c = (unsigned char)*p;

	if (c < 0x20 || c == 0x7f)
		return 1;
	if (c == 0xC2 && end - p >= 2 && (unsigned char)p[1] >= 0x80 &&
	    (unsigned char)p[1] <= 0x9F)
		return 2;
	return 0;
}

/* Base name, control characters dropped, UTF-8 checked; "upload" if
 * nothing usable is left. */
static enum req_err clean_filename(struct arena *a, const char *raw, size_t n,
                                   const char **out)
{
	const char *base = raw, *end = raw + n;
	char *d;
	size_t o = 0, k;

	for (const char *p = raw; p < end; p++)
		if (*p == '/' || *p == '\\')
			base = p + 1;
	d = amalloc(a, (size_t)(end - base) + 1);
	/* Control characters are whole characters (one byte, or C2 and a
	 * continuation byte), so the name is valid UTF-8 once they are gone
	 * exactly when every run between them is valid on its own. */
	for (const char *p = base; p < end;) {
		const char *run = p;

		while (p < end && !control_len(p, end))
			p++;
		if (!utf8_valid(run, (size_t)(p - run)))
			return REQ_BAD_UTF8;
		memcpy(d + o, run, (size_t)(p - run));
		o += (size_t)(p - run);
		while (p < end && (k = control_len(p, end)) != 0)
			p += k;
	}
	d[o] = '\0';
	*out = (o == 0 || strcmp(d, ".") == 0 || strcmp(d, "..") == 0) ? "upload" : d;
	return REQ_OK;
}

struct part_headers {
	struct hparam disp[2]; /* name, filename */
	const char *ctype;     /* NUL-terminated, NULL when absent */
};

/* Header lines of one part, each ending in CRLF (the block includes the
 * last line's CRLF). */
static enum req_err parse_part_headers(struct arena *a, const char *p,
                                       const char *end, struct part_headers *h)
{
	bool have_disp = false;
	enum req_err e;

	while (p < end) {
		const char *eol = memmem(p, (size_t)(end - p), "\r\n", 2);
		const char *colon, *v, *vend;

		if (!eol || eol == p || is_ows(*p))
			return REQ_BAD; /* no folding, no empty line inside */
		colon = memchr(p, ':', (size_t)(eol - p));
		if (!colon)
			return REQ_BAD;
		vend = colon;
		while (vend > p && is_ows(vend[-1]))
			vend--;
		v = colon + 1;
		skip_ows(&v, eol);
		if (word_is(p, (size_t)(vend - p), "content-disposition") && !have_disp) {
			have_disp = true;
			e = parse_header_value(a, v, (size_t)(eol - v), "form-data",
			                       h->disp, 2);
			if (e != REQ_OK)
				return e;
		} else if (word_is(p, (size_t)(vend - p), "content-type") && !h->ctype) {
			const char *ve = eol;

			while (ve > v && is_ows(ve[-1]))
				ve--;
			if (!utf8_valid(v, (size_t)(ve - v)))
				return REQ_BAD_UTF8;
			h->ctype = astrndup(a, v, (size_t)(ve - v));
		}
		p = eol + 2;
	}
	if (!h->disp[0].val)
		return REQ_BAD; /* RFC 7578: every part names its field */
	return REQ_OK;
}

/* One part: [p, end) is everything between the delimiter lines; end is
 * the CRLF that starts the next delimiter. */
static enum req_err handle_part(struct arena *a, const char *p, const char *end,
                                const struct limits *lim, struct params *fields,
                                struct uploads *files)
{
	struct part_headers h = {.disp = {{.key = "name"}, {.key = "filename"}}};
	const char *blank, *data, *name;
	size_t len;
	enum req_err e;

	/* The headers end at the first empty line. RFC 2046 makes the content
	 * optional, so that line may be the delimiter's own CRLF (which sits
	 * at end): "headers CRLF" CRLF--boundary is a part with no data. */
	blank = memmem(p, (size_t)(end - p) + 2, "\r\n\r\n", 4);
	if (!blank)
		return REQ_BAD;
	data = blank + 4 <= end ? blank + 4 : end;
	e = parse_part_headers(a, p, blank + 2, &h);
	if (e != REQ_OK)
		return e;
	len = (size_t)(end - data);
	if (h.disp[1].val && h.disp[1].len == 0 && len == 0)
		return REQ_OK; /* an empty file input */
	if (h.disp[1].val ? files->n >= lim->max_files : fields->n >= lim->max_fields)
		return REQ_TOO_MANY;
	if (h.disp[0].len > lim->max_field_len)
		return REQ_TOO_LONG;
	if (!utf8_valid(h.disp[0].val, h.disp[0].len))
		return REQ_BAD_UTF8;
	name = astrndup(a, h.disp[0].val, h.disp[0].len);

	if (h.disp[1].val) {
		struct upload up = {
			.field = name,
			.ctype = h.ctype ? h.ctype : "application/octet-stream",
			.data = (const unsigned char *)data, /* the body outlives us */
			.len = len,
		};

		if (len > lim->max_file && !lim->keep_oversize)
			return REQ_TOO_LARGE;
		if (len > lim->max_file) {
			up.data = NULL;
			up.too_large = true;
		}
		e = clean_filename(a, h.disp[1].val, h.disp[1].len, &up.filename);
		if (e != REQ_OK)
			return e;
		uploads_push(a, files, &up);
	} else {
		if (len > lim->max_field_len)
			return REQ_TOO_LONG;
		if (!utf8_valid(data, len))
			return REQ_BAD_UTF8;
		params_push(a, fields, name, astrndup(a, data, len), len);
	}
	return REQ_OK;
}

enum req_err parse_multipart(struct arena *a, const char *content_type,
                             const char *body, size_t n,
                             const struct limits *lim, struct params *fields,
                             struct uploads *files)
{
	size_t nfields0 = fields->n, nfiles0 = files->n, blen = 0;
	const char *bnd = NULL, *at = NULL, *next = NULL;
	struct mp m;
	bool final = false;
	enum req_err e;

	if (!lim)
		lim = &req_no_limits;
	e = read_boundary(a, content_type, &bnd, &blen);
	if (e != REQ_OK)
		goto out;
	if (!body) {
		e = REQ_BAD;
		goto out;
	}
	m.body = body;
	m.end = body + n;
	m.dlen = 4 + blen;
	m.delim = amalloc(a, m.dlen + 1);
	memcpy(m.delim, "\r\n--", 4);
	memcpy(m.delim + 4, bnd, blen);

	/* The first delimiter may open the body without a CRLF before it;
	 * otherwise whatever precedes it is preamble. */
	if (!(n >= m.dlen - 2 && memcmp(body, m.delim + 2, m.dlen - 2) == 0 &&
	      delimiter_tail(&m, body + m.dlen - 2, &next, &final)) &&
	    !find_delimiter(&m, body, &at, &next, &final)) {
		e = REQ_BAD;
		goto out;
	}
	while (!final) {
		const char *part = next;

		if (!find_delimiter(&m, part, &at, &next, &final)) {
			e = REQ_BAD; /* no closing "--boundary--" */
			goto out;
		}
		e = handle_part(a, part, at, lim, fields, files);
		if (e != REQ_OK)
			goto out;
	}
	/* Anything after the close delimiter is epilogue, ignored. */
out:
	if (e != REQ_OK) {
		fields->n = nfields0;
		files->n = nfiles0;
	}
	return e;
}
