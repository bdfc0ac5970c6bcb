package provider

import (
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
)

// NewTLSReloadResource is resource "arangodb_tls_reload": the TLS reload
// for CLIs without actions.
func NewTLSReloadResource() resource.Resource {
	return &reloadResource[tlsServerModel]{typ: "_tls_reload", reload: reloadTLS, failed: "Cannot reload the TLS certificates",
		desc: tlsReloadDoc + " It reloads on create and again when `triggers` or `expect_sha256` change; destroy does " +
			"nothing. On Terraform 1.14+ action `arangodb_tls_reload` does the same without a resource.",
		servers: schema.ListNestedAttribute{Computed: true, MarkdownDescription: "What each endpoint reported after the reload.",
			NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
				"endpoint":       schema.StringAttribute{Computed: true, MarkdownDescription: "The endpoint."},
				"enabled":        schema.BoolAttribute{Computed: true, MarkdownDescription: "Whether it serves TLS."},
				"keyfile_sha256": schema.StringAttribute{Computed: true, MarkdownDescription: "The SHA-256 of the keyfile it reloaded."},
				"expires":        schema.StringAttribute{Computed: true, MarkdownDescription: "When its certificate expires (RFC 3339)."},
				"certificates": schema.ListNestedAttribute{Computed: true, MarkdownDescription: "The keyfile's certificates.",
					NestedObject: schema.NestedAttributeObject{Attributes: resourceCertificateAttributes()}},
			}}},
	}
}
