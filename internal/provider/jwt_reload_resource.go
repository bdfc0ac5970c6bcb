package provider

import (
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// NewJWTReloadResource is resource "arangodb_jwt_reload": the JWT secrets'
// reload for CLIs without actions.
func NewJWTReloadResource() resource.Resource {
	return &reloadResource[jwtServerModel]{typ: "_jwt_reload", reload: reloadJWT, failed: "Cannot reload the JWT secrets",
		desc: jwtReloadDoc + " It reloads on create and again when `triggers` or `expect_sha256` change; destroy does " +
			"nothing. On Terraform 1.14+ action `arangodb_jwt_reload` does the same without a resource.",
		servers: schema.ListNestedAttribute{Computed: true, MarkdownDescription: "What each endpoint reported after the reload.",
			NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
				"endpoint":      schema.StringAttribute{Computed: true, MarkdownDescription: "The endpoint."},
				"active_sha256": schema.StringAttribute{Computed: true, MarkdownDescription: "The SHA-256 of its active secret."},
				"passive_sha256": schema.ListAttribute{Computed: true, ElementType: types.StringType,
					MarkdownDescription: "The SHA-256 of each passive secret."},
			}}},
	}
}
