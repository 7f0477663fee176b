/* commands.c — the table of parley subcommands, in the order `parley --help` lists them. */
#include "cli.h"

const cli_command cli_commands[] = {
    {"code", "code news text into CAMEO events (JSON Lines, TSV or a table)", cmd_code_usage, cmd_code},
    {"dict", "check dictionaries, look up what a word matches", cmd_dict_usage, cmd_dict},
    {"add", "code documents and store them with their events", cmd_add_usage, cmd_add},
    {"load", "store the JSON Lines events of 'parley code'", cmd_load_usage, cmd_load},
    {"import", "store GDELT, ICEWS or ACLED files", cmd_import_usage, cmd_import},
    {"events", "list stored events by actor, dyad, code, date, claims (table, TSV, CSV, JSONL, GDELT)",
     cmd_events_usage, cmd_events},
    {"dyad", "contacts between two actors per period, by quad class and root code", cmd_dyad_usage, cmd_dyad},
    {"rhythm", "days of contact of a dyad, gaps, burstiness and change points", cmd_rhythm_usage, cmd_rhythm},
    {"compare", "one actor's contacts with several partners side by side", cmd_compare_usage, cmd_compare},
    {"peak", "each period of a dyad against all earlier ones (rank, z-score)", cmd_peak_usage, cmd_peak},
    {"claims", "contested events with every actor's stance, evidence and sources", cmd_claims_usage, cmd_claims},
    {"partners", "an actor's top partners by contacts and by tone", cmd_partners_usage, cmd_partners},
    {"summary", "what is in the database", cmd_summary_usage, cmd_summary},
    {"report", "one dyad as a self-contained HTML report with SVG charts", cmd_report_usage, cmd_report},
    {"serve", "the JSON API and a live page over HTTP (libmicrohttpd, read-only)", cmd_serve_usage, cmd_serve},
    {"admin", "PostgreSQL scale-out: 'admin shard add' spreads the events over shard servers", cmd_admin_usage,
     cmd_admin},
    {0, 0, 0, 0},
};
