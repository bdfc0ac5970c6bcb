package provider

import "github.com/hashicorp/terraform-plugin-framework/action"

// NewTLSReloadAction is action "arangodb_tls_reload" (Terraform 1.14+).
func NewTLSReloadAction() action.Action {
	return &reloadAction[tlsServerModel]{typ: "_tls_reload", desc: tlsReloadDoc, reload: reloadTLS,
		failed: "Cannot reload the TLS certificates",
		expect: "The SHA-256 of the new keyfile (such as `filesha256(\"server.pem\")`): the reload fails unless every server reports it."}
}

const tlsReloadDoc = "Has every server of the provider's `endpoints` read its TLS keyfile again (`POST /_admin/server/tls` " +
	"at each, one request each: a server reloads for itself only), after the new certificate was put in place at the " +
	"same path; no restart, and connections open before keep the old certificate. The reload is verified: a new " +
	"connection to each endpoint must present the keyfile's certificate, and with `expect_sha256` the keyfile must be " +
	"the one expected. arangod reloads for a superuser only: the provider's `jwt` must be a superuser token, unless the " +
	"server runs without authentication."
