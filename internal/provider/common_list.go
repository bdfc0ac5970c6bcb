package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/list"
	listschema "github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangodb"
)

// A list resource (terraform query, Terraform 1.14+) finds the objects of
// one kind a deployment already has. Its results carry each object's
// identity and, with include_resource, the state an import and a read of it
// give: the configuration `terraform query -generate-config-out` writes is
// what an import block would generate, and plans clean after the import.

// listed is one object found: its import id and the name shown for it.
type listed struct{ id, display string }

// listKind is what differs between list resources: the managed resource
// (with its identity), the filters, and how the import ids are found.
type listKind[F any] struct {
	typ      string // after the provider's name, as the managed resource's: "_database"
	desc     string
	resource func() resource.Resource // withIdentity(...): the results' identity is its
	filters  map[string]listschema.Attribute
	find     func(ctx context.Context, c *arangodb.Client, f F) ([]listed, error)
}

// listResource serves a listKind; F is its filters' model.
type listResource[F any] struct {
	kind     listKind[F]
	ident    identity
	client   *arangodb.Client
	provider any // the provider's data, for the managed resource's Configure
}

func newListResource[F any](k listKind[F]) func() list.ListResource {
	return func() list.ListResource { return &listResource[F]{kind: k, ident: k.resource().(*identified).id} }
}

var _ list.ListResourceWithConfigure = (*listResource[struct{}])(nil)

func (l *listResource[F]) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + l.kind.typ
}

func (l *listResource[F]) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = listschema.Schema{MarkdownDescription: l.kind.desc, Attributes: l.kind.filters}
}

func (l *listResource[F]) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	l.client, l.provider = clientFrom(req.ProviderData, &resp.Diagnostics), req.ProviderData
}

func (l *listResource[F]) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	var f F
	diags := req.Config.Get(ctx, &f)
	if !diags.HasError() && l.client == nil {
		diags.AddError("The provider is not configured", "A list needs the provider's endpoints and credentials.")
	}
	if diags.HasError() {
		stream.Results = list.ListResultsStreamDiagnostics(diags)
		return
	}
	found, err := l.kind.find(ctx, l.client, f)
	if err != nil {
		addClientError(&diags, "Cannot list the objects of arangodb"+l.kind.typ, err)
		stream.Results = list.ListResultsStreamDiagnostics(diags)
		return
	}
	var r resource.Resource
	if req.IncludeResource {
		r = l.kind.resource()
		var cr resource.ConfigureResponse
		r.(resource.ResourceWithConfigure).Configure(ctx, resource.ConfigureRequest{ProviderData: l.provider}, &cr)
		if cr.Diagnostics.HasError() {
			stream.Results = list.ListResultsStreamDiagnostics(cr.Diagnostics)
			return
		}
	}
	stream.Results = func(push func(list.ListResult) bool) {
		for i, o := range found {
			if req.Limit > 0 && int64(i) >= req.Limit {
				return
			}
			res := req.NewListResult(ctx)
			res.DisplayName = o.display
			l.ident.setFromID(ctx, o.id, res.Identity, &res.Diagnostics)
			if r != nil && !res.Diagnostics.HasError() {
				importAndRead(ctx, r, req, o.id, &res)
			}
			if !push(res) {
				return
			}
		}
	}
}

// importAndRead fills the result's resource with the state an import of id
// and the read after it give (what terraform plan does with an import
// block).
func importAndRead(ctx context.Context, r resource.Resource, req list.ListRequest, id string, res *list.ListResult) {
	st := tfsdk.State{Schema: req.ResourceSchema, Raw: tftypes.NewValue(req.ResourceSchema.Type().TerraformType(ctx), nil)}
	ident := &tfsdk.ResourceIdentity{Schema: req.ResourceIdentitySchema,
		Raw: tftypes.NewValue(req.ResourceIdentitySchema.Type().TerraformType(ctx), nil)}
	in := resource.ImportStateResponse{State: st, Identity: ident}
	r.(resource.ResourceWithImportState).ImportState(ctx, resource.ImportStateRequest{ID: id}, &in)
	if res.Diagnostics.Append(in.Diagnostics...); in.Diagnostics.HasError() {
		return
	}
	out := resource.ReadResponse{State: in.State, Identity: in.Identity}
	r.Read(ctx, resource.ReadRequest{State: in.State, Identity: in.Identity}, &out)
	if res.Diagnostics.Append(out.Diagnostics...); out.Diagnostics.HasError() {
		return
	}
	if out.State.Raw.IsNull() {
		res.Diagnostics.AddWarning("Gone while listed", fmt.Sprintf("%s was listed, and gone when it was read.", id))
		return
	}
	res.Resource.Raw = out.State.Raw
}

// Filters shared by list resources.

func namePrefixFilter(what string) listschema.Attribute {
	return listschema.StringAttribute{Optional: true,
		MarkdownDescription: "Only " + what + " whose name starts with this."}
}

func hasPrefix(s string, prefix types.String) bool {
	return prefix.IsNull() || strings.HasPrefix(s, prefix.ValueString())
}
