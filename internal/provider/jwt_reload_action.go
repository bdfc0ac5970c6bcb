package provider

import "github.com/hashicorp/terraform-plugin-framework/action"

// NewJWTReloadAction is action "arangodb_jwt_reload" (Terraform 1.14+).
func NewJWTReloadAction() action.Action {
	return &reloadAction[jwtServerModel]{typ: "_jwt_reload", desc: jwtReloadDoc, reload: reloadJWT,
		failed: "Cannot reload the JWT secrets",
		expect: "The SHA-256 of the secret that must be active after the reload (such as `filesha256(\"secrets/1-new\")`): " +
			"the reload fails unless every server reports it."}
}

const jwtReloadDoc = "Has every server of the provider's `endpoints` read its JWT secrets again (`POST /_admin/server/jwt` " +
	"at each, one request each: a server reloads for itself only) from `--server.jwt-secret-keyfile` or " +
	"`--server.jwt-secret-folder`, the step of a secret's rotation without restart: add the new secret as passive, " +
	"reload, make it active, reload, remove the old one, reload. The reload is verified: with `expect_sha256` every " +
	"server's active secret must be the one expected. Enterprise Edition, or 3.12.5 and later; a superuser token (the " +
	"provider's `jwt`)."
