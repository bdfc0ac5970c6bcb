#!/usr/bin/env bash
# Writes the provider's schema (`providers schema -json`) to $1, exported with
# the Terraform of ARANGODB_TF_LATEST (1.14+: list resources and actions too)
# when it is set, else with OpenTofu: the cached Terraform 1.5.7 predates
# ephemeral resources and write-only attributes, so its schema would lack
# them. The address is rewritten to the registry.terraform.io one
# tfplugindocs looks up.
set -euo pipefail
out="$1"
root="$(cd "$(dirname "$0")/.." && pwd)"
cli="${ARANGODB_TF_LATEST:-$("$root/scripts/install-clis.sh" path)/tofu}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

(cd "$root" && go build -o "$work/bin/terraform-provider-arangodb" .)
cat >"$work/cli.tfrc" <<CFG
provider_installation {
  dev_overrides {
    "hashicorp/arangodb" = "$work/bin"
  }
  direct {}
}
CFG
mkdir "$work/cfg"
cat >"$work/cfg/main.tf" <<'CFG'
terraform {
  required_providers {
    arangodb = { source = "hashicorp/arangodb" }
  }
}
CFG
(cd "$work/cfg" && TF_CLI_CONFIG_FILE="$work/cli.tfrc" TF_IN_AUTOMATION=1 "$cli" providers schema -json) \
  | sed 's#"registry.opentofu.org/hashicorp/arangodb"#"registry.terraform.io/hashicorp/arangodb"#' >"$out.tmp"
mv "$out.tmp" "$out"
