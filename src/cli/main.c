/* main.c - entry point: dispatches argv[1] through the command table. */
#include "cli/cli.h"

int main(int argc, char **argv)
{
	return cli_main(argc, argv);
}
