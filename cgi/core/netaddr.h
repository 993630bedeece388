/*
 * netaddr.h — whether an address the worker is about to connect to is a
 * public one: webhooks in production reach only global unicast addresses,
 * never the machine itself, its networks or addresses that stand for them
 * (IPv4-mapped, NAT64, 6to4 …), whatever a host name resolved to.
 */
#ifndef AFTERCARE_NETADDR_H
#define AFTERCARE_NETADDR_H

#include <stdbool.h>
#include <sys/socket.h>

enum addr_kind {
	ADDR_GLOBAL,   /* public unicast */
	ADDR_LOOPBACK, /* 127/8, ::1 */
	ADDR_OTHER     /* private, link-local, CGNAT, unique-local, multicast, mapped, … */
};

/* The kind of an AF_INET or AF_INET6 address (anything else: ADDR_OTHER). */
enum addr_kind addr_kind(const struct sockaddr *sa, socklen_t len);

#endif
