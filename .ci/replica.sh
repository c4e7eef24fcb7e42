#!/usr/bin/env bash
# A streaming replica of this machine's PostgreSQL 15 cluster, on 127.0.0.1:5433
# (cluster "15 replica"), for the tests of reports read from a replica
# (tests/ops/test_reporting_replica.py). Kept between runs; rebuilt from a base
# backup of the primary when it is not streaming.
set -euo pipefail
port=5433
data=/var/lib/postgresql/15/replica
conf=/etc/postgresql/15/replica

primary() { psql -h 127.0.0.1 -p 5432 -U postgres -d postgres -Atqc "$1"; }
streaming() {
  [ "$(primary "select count(*) from pg_stat_replication where application_name = 'replica' and state = 'streaming'")" = 1 ]
}

# The primary takes replication connections from the loopback.
hba=$(primary "show hba_file")
if ! grep -qE '^host[[:space:]]+replication[[:space:]]+all[[:space:]]+127\.0\.0\.1/32[[:space:]]+trust' "$hba"; then
  echo "host replication all 127.0.0.1/32 trust" >>"$hba"
  primary "select pg_reload_conf()" >/dev/null
fi

if pg_lsclusters -h | awk '$2 == "replica" && $4 == "online"' | grep -q . && streaming; then
  echo "replica on $port: streaming"
  exit 0
fi
if pg_lsclusters -h | awk '$2 == "replica"' | grep -q .; then
  pg_ctlcluster --skip-systemctl-redirect 15 replica stop 2>/dev/null || true
  pg_dropcluster 15 replica
fi
pg_createcluster 15 replica -p "$port" >/dev/null
printf 'local all all trust\nhost all all 127.0.0.1/32 trust\n' >"$conf/pg_hba.conf"
# Queries that run long on the standby (an export of the whole register) are not
# cancelled by the cleanup the primary replays.
echo "hot_standby_feedback = on" >>"$conf/postgresql.conf"
find "$data" -mindepth 1 -delete  # pg_createcluster made it, owned by postgres; the backup fills it
runuser -u postgres -- pg_basebackup -h 127.0.0.1 -p 5432 -U postgres -D "$data" -R -X stream --checkpoint=fast
echo "primary_conninfo = 'host=127.0.0.1 port=5432 user=postgres application_name=replica'" >>"$data/postgresql.auto.conf"
pg_ctlcluster --skip-systemctl-redirect 15 replica start
for _ in $(seq 30); do
  if streaming; then echo "replica on $port: streaming"; exit 0; fi
  sleep 1
done
echo "the replica on $port does not stream from the primary" >&2
exit 1
