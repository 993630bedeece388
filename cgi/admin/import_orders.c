/*
 * import_orders.c — `aftercare-admin import FILE|-`: hands an orders JSON
 * document (ROUTES.md "Orders from the shop") to the same import as
 * POST /api/v1/orders; all or nothing.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "admin.h"
#include "import.h"

/* More than import_orders_json accepts, so that it names the limit. */
#define IMPORT_READ_MAX (16u << 20)

int cmd_import(struct ctx *c, char **argv)
{
	bool from_stdin = strcmp(argv[0], "-") == 0;
	FILE *f = from_stdin ? stdin : fopen(argv[0], "rb");
	struct import_report rep;
	char *doc = NULL;
	size_t len;
	int rc = 1;

	if (!f || !(doc = read_stream(f, IMPORT_READ_MAX, &len))) {
		fprintf(stderr, PROG ": import: %s: %s\n", argv[0], strerror(errno));
		goto out;
	}
	switch (import_orders_json(c->db, doc, len, &rep)) {
	case IMPORT_OK:
		printf("imported %d orders, %d items, %d new customers\n", rep.orders, rep.items,
		       rep.customers_new);
		rc = 0;
		break;
	case IMPORT_INVALID:
		fprintf(stderr, PROG ": import: nothing imported: %s\n", rep.error);
		break;
	default:
		fprintf(stderr, PROG ": import: nothing imported: the database failed "
		        "(its message is above)\n");
		break;
	}
out:
	if (f && !from_stdin)
		fclose(f);
	free(doc);
	return rc;
}
