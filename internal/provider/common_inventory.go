package provider

import (
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangodb"
)

type inventoryViewModel struct {
	ID   types.String `tfsdk:"id"`
	Name types.String `tfsdk:"name"`
	Type types.String `tfsdk:"type"`
}

func inventoryViewAttributes() map[string]schema.Attribute {
	return map[string]schema.Attribute{
		"id":   schema.StringAttribute{Computed: true, MarkdownDescription: "`id` of the view."},
		"name": schema.StringAttribute{Computed: true, MarkdownDescription: "`name` of the view."},
		"type": schema.StringAttribute{Computed: true, MarkdownDescription: "`type`: `arangosearch` or `search-alias`."},
	}
}

func inventoryViews(in []arangodb.View) []inventoryViewModel {
	out := make([]inventoryViewModel, 0, len(in))
	for _, v := range in {
		out = append(out, inventoryViewModel{ID: types.StringValue(v.ID), Name: types.StringValue(v.Name), Type: types.StringValue(v.Type)})
	}
	return out
}
