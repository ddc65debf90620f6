#!/bin/sh
# boosted.sh CMD...: runs CMD at nice -19 in a new session whose scheduler autogroup is also at nice -19,
# so on a machine shared with other sessions' builds the benchmark gets most of the CPU it asks for.
# With autogroup scheduling (kernel.sched_autogroup_enabled=1) plain `nice` only orders processes within
# one session; the group's own niceness is what weighs against other sessions. Needs root. Usage:
#   setsid sh bench/webhook/boosted.sh python3 bench/webhook/run.py ...
# It does not make a loaded machine quiet: the other sessions still run and evict caches, and their
# time slices still delay ours; run.py records the load average and the niceness it ran at.
echo -19 > /proc/self/autogroup
exec nice -n -19 "$@"
