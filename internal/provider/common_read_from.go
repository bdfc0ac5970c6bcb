package provider

import (
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
)

// readFromAttribute is read_from, the endpoint a data source that describes
// one server was read from. (`endpoint` would clash with the leader
// endpoint the applier data sources report.)
func readFromAttribute() schema.StringAttribute {
	return schema.StringAttribute{
		Computed: true,
		MarkdownDescription: "The provider endpoint every answer of this data source came from (`http://` or `https://`). " +
			"With several endpoints the provider sends all requests of one read to the same server, so the answers never " +
			"mix servers; this says which one it was.",
	}
}
