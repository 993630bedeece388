/*
 * fuzz_image_sniff.c — image_sniff on any bytes, against the signatures
 * written out again from the file formats: JPEG SOI + marker (FF D8 FF),
 * the PNG signature, RIFF....WEBP. A NULL means none of them matches.
 */
#include "fuzz.h"
#include "request.h"

static const char *expected(const uint8_t *d, size_t n)
{
	if (n >= 4 && d[0] == 0xFF && d[1] == 0xD8 && d[2] == 0xFF)
		return "image/jpeg";
	if (n >= 8 && memcmp(d, "\x89PNG\r\n\x1A\n", 8) == 0)
		return "image/png";
	if (n >= 12 && memcmp(d, "RIFF", 4) == 0 && memcmp(d + 8, "WEBP", 4) == 0)
		return "image/webp";
	return NULL;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned char *copy = (unsigned char *)fuzz_copy(data, size, 0);
	const char *got = image_sniff(copy, size), *want = expected(data, size);

	PROPERTY((got == NULL) == (want == NULL));
	PROPERTY(!got || strcmp(got, want) == 0);
	free(copy);
	return 0;
}
