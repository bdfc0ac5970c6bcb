#!/usr/bin/env bash
# make demo: the provider at work on emulators, start to finish.
#  1. a leader and a follower single server; the follower (through
#     examples/modules/follower) gets the database, a replication user on the
#     leader, and an applier that copies and tails; documents written to the
#     leader show up on the follower; then a switchover (as in the guide):
#     the follower leads, the old leader follows, no write lost;
#  2. a cluster with three coordinators: its health, then maintenance on and off;
#  3. a rolling restart of one DB server (examples/modules/dbserver-restart):
#     maintenance and resigned leaderships, then back and a wait until ready.
# It stops every process it started, whatever happens.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

tf="${TF_BINARY:-$(scripts/install-clis.sh path)/terraform}"
work="$(mktemp -d)"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT INT TERM

bold() { printf '\n\033[1m%s\033[0m\n' "$*"; }
say() { printf '   %s\n' "$*"; }

go build -o bin/terraform-provider-arangodb .
go build -o bin/arangodb-emulator ./internal/arangotest/cmd/arangodb-emulator

password="demo-$RANDOM$RANDOM"

# start_emulator NAME ARGS...: starts an emulator; its URLs go to $work/NAME.urls.
start_emulator() {
  local name="$1"; shift
  bin/arangodb-emulator --password "$password" "$@" >"$work/$name.log" 2>&1 &
  pids+=("$!")
  for _ in $(seq 1 100); do
    if grep -q '^listening on ' "$work/$name.log" 2>/dev/null; then
      sed -n 's/^listening on //p' "$work/$name.log" >"$work/$name.urls"
      return 0
    fi
    sleep 0.1
  done
  echo "emulator $name did not start:" >&2; cat "$work/$name.log" >&2; exit 1
}

# api URL METHOD PATH [BODY]: one call of ArangoDB's HTTP API, as root.
api() {
  curl -sS -u "root:$password" -X "$2" ${4:+-H 'Content-Type: application/json' -d "$4"} "$1$3"
}

# terraform_in DIR FILTER ARGS...: runs the CLI on a copy of an example and
# shows the lines matching FILTER (all when empty); on failure it shows
# everything and stops the demo.
terraform_in() {
  local dir="$1" filter="$2"; shift 2
  local out="$work/last-run.log" rc=0
  (cd "$work/$dir" && "$tf" "$@" -no-color >"$out" 2>&1) || rc=$?
  if [ "$rc" -ne 0 ] && [ "$rc" -ne 2 ]; then # 2: -detailed-exitcode's "changes present"
    sed 's/^/   | /' "$out"
    echo "terraform $* failed in examples/demo/$dir" >&2
    exit 1
  fi
  grep -v -e 'Provider development overrides' -e 'dev_overrides' -e '^ - arangodb-tf' \
    -e 'The behavior may therefore' -e 'with published releases' -e '^[│╷╵]' \
    -e 'Warning: Provider development' -e '^\s*$' "$out" | grep -E "${filter:-.}" | sed 's/^/   | /' || true
}

# terraform_fails_in is terraform_in for a run that must fail (a refusal
# the demo shows); it stops the demo if the run passes.
terraform_fails_in() {
  local dir="$1" filter="$2"; shift 2
  local out="$work/last-run.log"
  if (cd "$work/$dir" && "$tf" "$@" -no-color >"$out" 2>&1); then
    sed 's/^/   | /' "$out"
    echo "terraform $* passed in examples/demo/$dir; it should have been refused" >&2
    exit 1
  fi
  grep -E "$filter" "$out" | sed 's/^/   | /' || true
}

cat >"$work/cli.tfrc" <<CFG
provider_installation {
  dev_overrides {
    "arangodb-tf/arangodb" = "$root/bin"
  }
  direct {}
}
CFG
export TF_CLI_CONFIG_FILE="$work/cli.tfrc" TF_IN_AUTOMATION=1 CHECKPOINT_DISABLE=1
mkdir -p "$work/examples"
cp -r examples/demo examples/modules "$work/examples/"
ln -s examples/demo/replication "$work/replication"
ln -s examples/demo/cluster "$work/cluster"
ln -s examples/demo/progress "$work/progress"
ln -s examples/demo/restart "$work/restart"

bold "1. Replication and a switchover: servers A and B (emulated ArangoDB 3.11.14 single servers)"
start_emulator leader --topology single --version 3.11.14
start_emulator follower --topology single --version 3.11.14
a="$(head -1 "$work/leader.urls")"
b="$(head -1 "$work/follower.urls")"
say "A at $a (the leader)"
say "B at $b (nothing on it yet)"

say "on A: database shop, collection orders, 3 orders"
api "$a" POST /_api/database '{"name":"shop"}' >/dev/null
api "$a" POST /_db/shop/_api/collection '{"name":"orders"}' >/dev/null
api "$a" POST /_db/shop/_api/document/orders '[{"_key":"o1","total":12},{"_key":"o2","total":30},{"_key":"o3","total":7}]' >/dev/null

bold "terraform apply: B follows A (module follower: database shop on B, user replicator on A, applier with initial_sync)"
export TF_VAR_password="$password" TF_VAR_a_endpoint="tcp://${a#http://}" TF_VAR_b_endpoint="tcp://${b#http://}"
terraform_in replication "" get
terraform_in replication 'Apply complete|Creation complete' apply -auto-approve

count() { api "$1" GET /_db/shop/_api/collection/orders/count | sed -n 's/.*"count":\([0-9]*\).*/\1/p'; }
say "orders on A: $(count "$a"), on B: $(count "$b")"

say "A takes 2 more orders..."
api "$a" POST /_db/shop/_api/document/orders '[{"_key":"o4","total":5},{"_key":"o5","total":99}]' >/dev/null
for _ in $(seq 1 50); do [ "$(count "$b")" = "5" ] && break; sleep 0.1; done
say "orders on A: $(count "$a"), on B: $(count "$b")"

# quiet_plan: a drift check. terraform plan -detailed-exitcode must exit 0
# (no change, outputs included); anything else stops the demo.
quiet_plan() {
  local out="$work/last-run.log" rc=0
  (cd "$work/replication" && "$tf" plan -detailed-exitcode -no-color >"$out" 2>&1) || rc=$?
  grep -E 'No changes|Plan:|Changes to Outputs' "$out" | sed 's/^/   | /' || true
  if [ "$rc" -ne 0 ]; then
    sed 's/^/   | /' "$out"
    echo "the drift check exited $rc, want 0: the follower did not plan clean" >&2
    exit 1
  fi
  say "exit code 0"
}

for round in 1 2; do
  n=$(( 5 + 2 * round ))
  say "A takes 2 more orders..."
  api "$a" POST /_db/shop/_api/document/orders "[{\"_key\":\"d$((n - 1))\",\"total\":5},{\"_key\":\"d$n\",\"total\":99}]" >/dev/null
  for _ in $(seq 1 50); do [ "$(count "$b")" = "$n" ] && break; sleep 0.1; done
  say "orders on A: $(count "$a"), on B: $(count "$b")"
  bold "terraform plan -detailed-exitcode (drift check $round of 2): nothing to change while B keeps up"
  quiet_plan
done

bold "terraform apply in examples/demo/progress: B's applier progress, read on purpose"
TF_VAR_follower_endpoint="$b" terraform_in progress 'Apply complete' apply -auto-approve
terraform_in progress "" output applier_progress

bold "terraform apply -var switched=true: the switchover"
say "A read-only, its last tick read, B waited for until it has applied it, B's applier stopped, A follows B"
terraform_in replication 'Apply complete|Modifications complete|Creation complete' apply -auto-approve -var switched=true
terraform_in replication "" output
say "orders on A: $(count "$a"), on B: $(count "$b") (no write lost)"
say "a write to A now: $(api "$a" POST /_db/shop/_api/document/orders '{"_key":"late"}')"

say "B, the leader now, takes 2 orders..."
api "$b" POST /_db/shop/_api/document/orders '[{"_key":"o6","total":1},{"_key":"o7","total":2}]' >/dev/null
for _ in $(seq 1 50); do [ "$(count "$a")" = "11" ] && break; sleep 0.1; done
say "orders on B: $(count "$b"), on A: $(count "$a")"

bold "terraform plan: nothing to change after the switchover"
terraform_in replication 'No changes|Plan:' plan -detailed-exitcode -var switched=true

bold "2. A cluster: 3 coordinators, 3 DB servers, 3 agents (emulated ArangoDB 3.11.14)"
start_emulator cluster --topology cluster --coordinators 3 --listen 127.0.0.1:0 --listen 127.0.0.1:0 --listen 127.0.0.1:0 \
  --version 3.11.14 --move-duration 20ms
coordinators="$(paste -sd, "$work/cluster.urls")"
say "coordinators at ${coordinators//,/, }"
export TF_VAR_coordinators="[\"${coordinators//,/\",\"}\"]"

bold "terraform apply: maintenance on for a rolling upgrade, and the cluster's health"
terraform_in cluster 'Apply complete|Creation complete' apply -auto-approve
terraform_in cluster "" output
say "Supervision says: $(api "$(head -1 "$work/cluster.urls")" GET /_admin/cluster/maintenance)"

bold "terraform apply -var maintenance=false: the upgrade is done, maintenance off"
terraform_in cluster 'Apply complete|Modifications complete' apply -auto-approve -var maintenance=false
terraform_in cluster "" output maintenance
say "Supervision says: $(api "$(tail -1 "$work/cluster.urls")" GET /_admin/cluster/maintenance)"

bold "3. A rolling restart of DBServer0002 (module dbserver-restart)"
c1="$(head -1 "$work/cluster.urls")"
say "database shop: 3 collections of 6 shards, 2 copies each"
api "$c1" POST /_api/database '{"name":"shop"}' >/dev/null
for coll in orders customers items; do
  api "$c1" POST /_db/shop/_api/collection "{\"name\":\"$coll\",\"numberOfShards\":6,\"replicationFactor\":2}" >/dev/null
done
leaders() { api "$c1" GET /_db/shop/_admin/cluster/shardDistribution | grep -o '"leader":"DBServer0002"' | wc -l | tr -d ' '; }
say "shards of shop led by DBServer0002 (Plan and Current): $(leaders)"

bold "terraform apply: DBServer0002 out of service (maintenance, leaderships resigned)"
terraform_in restart "" get
terraform_in restart 'Apply complete|Creation complete' apply -auto-approve
terraform_in restart "" output
say "shards of shop led by DBServer0002 now: $(leaders)"
say "(this is when the operator restarts or upgrades DBServer0002: the emulator marks it down)"
api "$c1" PUT /_emulator/members/DBServer0002 '{"status":"BAD"}' >/dev/null

bold "terraform apply -var out_of_service=false while it is still down: refused at plan"
terraform_fails_in restart 'Error|is BAD|Nothing was changed' apply -auto-approve -var out_of_service=false
api "$c1" PUT /_emulator/members/DBServer0002 '{"status":"GOOD"}' >/dev/null
say "(DBServer0002 is back: its health is GOOD again)"

bold "terraform apply -var out_of_service=false: back in service, waiting until the cluster is ready"
terraform_in restart 'Apply complete|Destruction complete|Read complete' apply -auto-approve -var out_of_service=false
terraform_in restart "" output restart

bold "Done: stopping the 3 emulators the demo started"
