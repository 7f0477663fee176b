/* commands.c — the table of parley subcommands, in the order `parley --help` lists them. */
#include "cli.h"

const cli_command cli_commands[] = {
    {"code", "code news text into CAMEO events (JSON Lines, TSV or a table)", cmd_code_usage, cmd_code},
    {"dict", "check dictionaries, look up what a word matches", cmd_dict_usage, cmd_dict},
    {0, 0, 0, 0},
};
