#!/bin/bash
# Only one copy of an instance runs: the first to create /lock/running (mkdir is atomic on the
# shared mount) runs /run.sh, others wait. The lock goes when the copy stops (TERM, INT or exit).
until mkdir /lock/running 2>/dev/null; do
  echo "lockfile: another copy holds /lock/running ($(cat /lock/running/owner 2>/dev/null)); waiting"
  sleep 5
done
echo "$(hostname) $(date -u +%Y-%m-%dT%H:%M:%SZ)" > /lock/running/owner
release() { rm -rf /lock/running; }
child=
trap 'if [ -n "$child" ]; then kill -TERM "$child" 2>/dev/null; wait "$child"; fi; release; exit 0' TERM INT
/run.sh &
child=$!
wait "$child"
rc=$?
release
exit "$rc"
