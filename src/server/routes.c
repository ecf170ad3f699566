/* routes.c - `techbridge routes [--json]`: every route of the API
 * (method and pattern) read from the router's own tables, so a test can
 * check that each write action has a CLI command (issue #16, CLI parity)
 * without a copied list that drifts from the router. */
#include "api/api.h"
#include "server/server.h"
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>

int cmd_routes(int argc, char **argv)
{
	size_t nt;
	const struct api_table *tables = api_route_tables(&nt);
	int js = cli_flag(argc, argv, "--json");
	json_t *arr = js ? json_array() : NULL;
	char *s;

	for (size_t t = 0; t < nt; t++)
		for (const struct api_route *r = tables[t].routes; r && r->method; r++) {
			if (js)
				json_array_append_new(arr, json_pack("{s:s,s:s}", "method", r->method,
				                                     "pattern", r->pattern));
			else
				printf("%s\t%s\n", r->method, r->pattern);
		}
	if (!js)
		return CLI_EXIT_OK;
	s = json_dumps(arr, JSON_COMPACT);
	json_decref(arr);
	if (!s)
		return fprintf(stderr, "techbridge routes: out of memory\n"), CLI_EXIT_FAIL;
	puts(s);
	free(s);
	return CLI_EXIT_OK;
}
