/*
 * sniff.c — what an uploaded file really is, read from its first bytes
 * rather than trusted from the client's Content-Type.
 */
#include <string.h>

#include "request.h"

const char *image_sniff(const unsigned char *data, size_t len)
{
	/* Each type: a minimum size (shorter cannot be a real image) and up
	 * to two magic byte strings at fixed offsets (RIFF is a container:
	 * only its WEBP form type is an image). */
	static const struct {
		const char *type;
		size_t min_len;
		struct {
			size_t off, len;
			const char *bytes;
		} magic[2];
	} sigs[] = {
		{"image/jpeg", 4, {{0, 3, "\xFF\xD8\xFF"}}},
		{"image/png", 8, {{0, 8, "\x89PNG\r\n\x1A\n"}}},
		{"image/webp", 12, {{0, 4, "RIFF"}, {8, 4, "WEBP"}}},
	};

	if (!data)
		return NULL;
	for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++) {
		bool match = len >= sigs[i].min_len;

		for (size_t k = 0; match && k < 2 && sigs[i].magic[k].len; k++)
			match = memcmp(data + sigs[i].magic[k].off,
			               sigs[i].magic[k].bytes, sigs[i].magic[k].len) == 0;
		if (match)
			return sigs[i].type;
	}
	return NULL;
}
