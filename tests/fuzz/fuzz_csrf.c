/*
 * fuzz_csrf.c — csrf_valid and sign_valid, the two checkers of a MAC sent
 * back by the client, with a fixed key ring. Input: binding, a NUL byte,
 * then the token the client sends.
 * Properties: the token csrf_token makes for a binding is valid; a sent
 * token is valid exactly when it is the very string one of the ring's
 * keys makes (no second spelling, no other binding, no other domain).
 */
#include "fuzz.h"
#include "keyring.h"

static bool is_any_mac(struct arena *a, const char *binding, const char *tok,
                       bool link)
{
	struct keyring one;
	int n = (int)(sizeof fuzz_key_ids / sizeof fuzz_key_ids[0]);

	for (int i = 0; i < n; i++) {
		const char *want;

		fuzz_keyring_first(&one, i);
		want = link ? sign_string(a, &one, binding) : csrf_token(a, &one, binding);
		if (want && strcmp(want, tok) == 0)
			return true;
	}
	return false;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena *a = arena_new();
	struct keyring kr, empty = {0};
	char *binding = fuzz_take(&data, &size, '\0');
	char *tok = fuzz_copy(data, size, 1);
	const char *mine, *link;

	fuzz_keyring(&kr);
	PROPERTY(csrf_valid(&kr, binding, tok) ==
	         (*binding && is_any_mac(a, binding, tok, false)));
	PROPERTY(sign_valid(&kr, binding, tok) == is_any_mac(a, binding, tok, true));
	PROPERTY(!csrf_valid(&empty, binding, tok) && !sign_valid(&empty, binding, tok));

	mine = csrf_token(a, &kr, binding);
	PROPERTY((mine != NULL) == (*binding != '\0'));
	if (mine) {
		PROPERTY(strlen(mine) == 43);
		PROPERTY(csrf_valid(&kr, binding, mine));
		/* Domains apart: a CSRF token is not a link MAC. */
		PROPERTY(!sign_valid(&kr, binding, mine));
		/* Bound to its binding: not valid for the one the client sent. */
		PROPERTY(strcmp(binding, tok) == 0 || !csrf_valid(&kr, tok, mine));
	}
	link = sign_string(a, &kr, binding);
	PROPERTY(link != NULL && sign_valid(&kr, binding, link));
	PROPERTY(!csrf_valid(&kr, binding, link));

	free(tok);
	free(binding);
	arena_free(a);
	return 0;
}
