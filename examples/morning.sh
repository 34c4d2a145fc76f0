#!/bin/sh
# A morning check for cron, e.g.:  30 7 * * 1-5  /path/to/morning.sh | mail -s "rapport" me
# Prints the overdue promises as one line each; exits 3 when there are any (rapport due --check).
set -u
items=$(rapport due --json) || exit $?
echo "$items" | python3 -c '
import json, sys
for item in json.load(sys.stdin):
    if item["section"] == "overdue":
        print("{contact}: {text} ({days_late} days late, id {id})".format(**item))
'
rapport due --check >/dev/null
