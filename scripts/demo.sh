#!/usr/bin/env bash
# make demo: the provider at work on an emulator. Builds the provider and the
# emulator, starts the emulator, applies examples/demo, prints what the
# provider read, and stops everything it started.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

cli_bin="$(scripts/install-clis.sh path)"
tf="${TF_BINARY:-$cli_bin/terraform}"
work="$(mktemp -d)"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT INT TERM

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

go build -o bin/terraform-provider-arangodb .
go build -o bin/arangodb-emulator ./internal/arangotest/cmd/arangodb-emulator

# start_emulator NAME ARGS...: starts an emulator on a free port and prints its URL.
start_emulator() {
  local name="$1"; shift
  local log="$work/$name.log"
  bin/arangodb-emulator --listen 127.0.0.1:0 "$@" >"$log" 2>&1 &
  pids+=("$!")
  for _ in $(seq 1 100); do
    if grep -q '^listening on ' "$log"; then
      sed -n 's/^listening on //p' "$log" | head -1
      return 0
    fi
    sleep 0.1
  done
  echo "emulator $name did not start:" >&2; cat "$log" >&2; exit 1
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

step "Starting an emulated ArangoDB 3.11.14 single server"
password="demo-$RANDOM$RANDOM"
leader="$(start_emulator leader --topology single --version 3.11.14 --password "$password")"
echo "leader at $leader"

step "terraform apply examples/demo"
cp -r examples/demo/. "$work/demo/" 2>/dev/null || { mkdir -p "$work/demo"; cp -r examples/demo/. "$work/demo/"; }
(
  cd "$work/demo"
  export TF_VAR_endpoints="[\"$leader\"]" TF_VAR_password="$password"
  "$tf" apply -auto-approve -no-color 2>&1 | grep -v -e 'Provider development overrides' -e 'dev_overrides' -e '^ - arangodb-tf' -e 'The behavior may therefore' -e 'with published releases' -e '^│\s*$' -e '^╷' -e '^╵' -e 'Warning:' || true
  step "What the provider read"
  "$tf" output -no-color server
)
step "Done: every process the demo started is stopped"
