#!/bin/sh
# Log a call the moment it ends: after-call.sh CONTACT MINUTES
# Asks for the summary, one promise and its date, then records it all in one transaction.
set -eu
contact=$1
minutes=${2:-30}
printf 'What happened? ' && read -r summary
printf 'What did you promise (blank for nothing)? ' && read -r promise
if [ -n "$promise" ]; then
    printf 'By when? (friday, 3d, 2026-12-01) ' && read -r by
    rapport log "$contact" "$summary" --channel phone --minutes "$minutes" \
        --promise "$promise" --by "$by"
else
    rapport log "$contact" "$summary" --channel phone --minutes "$minutes"
fi
