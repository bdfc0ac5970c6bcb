#!/usr/bin/env bash
# Builds the Terraform and OpenTofu CLIs that the acceptance tests run, from the
# Go module proxy, and caches them: later runs take seconds.
set -euo pipefail

TERRAFORM_VERSION="${TERRAFORM_VERSION:-1.5.7}"
OPENTOFU_VERSION="${OPENTOFU_VERSION:-1.12.6}"
CACHE_DIR="${ARANGODB_TF_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/terraform-provider-arangodb}"
BIN_DIR="$CACHE_DIR/bin"
mkdir -p "$BIN_DIR"

tf="$BIN_DIR/terraform-$TERRAFORM_VERSION"
tofu="$BIN_DIR/tofu-$OPENTOFU_VERSION"

build_terraform() {
  [ -x "$tf" ] && return 0
  echo "building terraform $TERRAFORM_VERSION (once; about 4 minutes)" >&2
  local gobin
  gobin="$(mktemp -d)"
  # Terraform 1.5.7 is the newest release that go install can build (later ones use replace directives).
  GOBIN="$gobin" GOFLAGS=-buildvcs=false go install "github.com/hashicorp/terraform@v$TERRAFORM_VERSION"
  publish "$gobin/terraform" "$tf"
  rm -rf "$gobin"
}

# publish moves a built binary into the cache under its final name, through
# a temporary name of its own in the same directory: two runs that share the
# cache (two `make demo` at once) each rename a whole file, and neither
# finds the other's half-written one.
publish() {
  local tmp
  tmp="$(mktemp "$2.XXXXXX")"
  cp "$1" "$tmp" && chmod 755 "$tmp" && mv -f "$tmp" "$2"
}

build_tofu() {
  [ -x "$tofu" ] && return 0
  echo "building tofu $OPENTOFU_VERSION (once; about 4 minutes)" >&2
  local dir
  dir="$(go mod download -json "github.com/opentofu/opentofu@v$OPENTOFU_VERSION" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')"
  [ -n "$dir" ] || { echo "could not download opentofu $OPENTOFU_VERSION" >&2; exit 1; }
  # The module cache is read-only and has no .git: build from there without VCS stamping.
  local out
  out="$(mktemp -d)"
  (cd "$dir" && GOFLAGS="-buildvcs=false -mod=mod" go build -o "$out/tofu" \
      -ldflags "-X github.com/opentofu/opentofu/version.dev=no" ./cmd/tofu)
  publish "$out/tofu" "$tofu"
  rm -rf "$out"
}

# HashiCorp's http provider, the do-it-yourself baseline of `make bench`:
# v1.2.0 is the newest release the Go module proxy can build.
HTTP_PROVIDER_VERSION="1.2.0"
httpprov="$BIN_DIR/terraform-provider-http_v$HTTP_PROVIDER_VERSION"
build_http_provider() {
  [ -x "$httpprov" ] && return 0
  echo "building terraform-provider-http $HTTP_PROVIDER_VERSION (once)" >&2
  local gobin
  gobin="$(mktemp -d)"
  GOBIN="$gobin" GOFLAGS=-buildvcs=false go install "github.com/terraform-providers/terraform-provider-http@v$HTTP_PROVIDER_VERSION"
  publish "$gobin/terraform-provider-http" "$httpprov"
  rm -rf "$gobin"
}

case "${1:-all}" in
  http-provider) build_http_provider; echo "$httpprov"; exit 0 ;;
  path) echo "$BIN_DIR"; exit 0 ;; # where the CLIs are, without building them
  terraform) build_terraform ;;
  tofu) build_tofu ;;
  all) build_terraform; build_tofu ;;
  *) echo "usage: $0 [path|terraform|tofu|all|http-provider]" >&2; exit 2 ;;
esac

# Links made under a name of their own, then renamed over: atomic too.
link() {
  local tmp="$BIN_DIR/.$2.$$"
  ln -sf "$(basename "$1")" "$tmp" && mv -f "$tmp" "$BIN_DIR/$2"
}
if [ -x "$tf" ]; then link "$tf" terraform; fi
if [ -x "$tofu" ]; then link "$tofu" tofu; fi
echo "CLIs ready in $BIN_DIR" >&2
