/*
 * netaddr.c — address classes (netaddr.h) from the IANA special-purpose
 * registries, as tables of prefixes: anything not plainly global is
 * refused, so a prefix missing here errs on the safe side only for IPv4.
 * IPv6 is allowed only inside 2000::/3, minus its special blocks.
 */
#include <netinet/in.h>
#include <string.h>

#include "netaddr.h"

struct prefix {
	unsigned char b[16];
	int bits;
};

/* IPv4 blocks that are not global (RFC 6890 and later). */
static const struct prefix v4_other[] = {
	{{0}, 8},                   /* this network */
	{{10}, 8},                  /* private */
	{{100, 64}, 10},            /* shared address space (CGNAT) */
	{{169, 254}, 16},           /* link-local */
	{{172, 16}, 12},            /* private */
	{{192, 0, 0}, 24},          /* IETF protocol assignments */
	{{192, 0, 2}, 24},          /* documentation */
	{{192, 31, 196}, 24},       /* AS112 */
	{{192, 52, 193}, 24},       /* AMT */
	{{192, 88, 99}, 24},        /* 6to4 relay anycast */
	{{192, 168}, 16},           /* private */
	{{192, 175, 48}, 24},       /* direct delegation AS112 */
	{{198, 18}, 15},            /* benchmarking */
	{{198, 51, 100}, 24},       /* documentation */
	{{203, 0, 113}, 24},        /* documentation */
	{{224}, 4},                 /* multicast */
	{{240}, 4},                 /* reserved, broadcast */
};

/* Blocks inside 2000::/3 that are not global unicast. */
static const struct prefix v6_other[] = {
	{{0x20, 0x01, 0x00, 0x00}, 23}, /* IETF protocol assignments (Teredo, ORCHID …) */
	{{0x20, 0x01, 0x0d, 0xb8}, 32}, /* documentation */
	{{0x20, 0x02}, 16},             /* 6to4: an IPv4 address inside */
	{{0x3f, 0xff}, 20},             /* documentation (RFC 9637) */
};

static bool in_prefix(const unsigned char *a, const struct prefix *p)
{
	int full = p->bits / 8, rest = p->bits % 8;

	if (memcmp(a, p->b, (size_t)full) != 0)
		return false;
	return rest == 0 || ((a[full] ^ p->b[full]) & (0xff << (8 - rest)) & 0xff) == 0;
}

static bool in_any(const unsigned char *a, const struct prefix *t, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (in_prefix(a, &t[i]))
			return true;
	return false;
}

enum addr_kind addr_kind(const struct sockaddr *sa, socklen_t len)
{
	if (sa->sa_family == AF_INET && len >= (socklen_t)sizeof(struct sockaddr_in)) {
		const unsigned char *a =
			(const unsigned char *)&((const struct sockaddr_in *)(const void *)sa)->sin_addr;

		if (a[0] == 127)
			return ADDR_LOOPBACK;
		return in_any(a, v4_other, sizeof v4_other / sizeof v4_other[0]) ? ADDR_OTHER
		                                                                  : ADDR_GLOBAL;
	}
	if (sa->sa_family == AF_INET6 && len >= (socklen_t)sizeof(struct sockaddr_in6)) {
		const unsigned char *a =
			((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr.s6_addr;
		static const unsigned char loop[16] = {[15] = 1};

		if (memcmp(a, loop, 16) == 0)
			return ADDR_LOOPBACK;
		/* only 2000::/3 is global unicast: this leaves out ::, ::ffff:0:0/96
		 * (IPv4-mapped), 64:ff9b::/96 (NAT64), fc00::/7, fe80::/10, ff00::/8 */
		if ((a[0] & 0xe0) != 0x20)
			return ADDR_OTHER;
		return in_any(a, v6_other, sizeof v6_other / sizeof v6_other[0]) ? ADDR_OTHER
		                                                                  : ADDR_GLOBAL;
	}
	return ADDR_OTHER;
}
