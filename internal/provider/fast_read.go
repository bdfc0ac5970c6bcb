package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// NewServer is the provider server main.go and the tests serve: the
// framework's, with a shorter way for data source reads. Per read the
// framework walks the new state for null list and set blocks to make
// empty (ReifyNullCollectionBlocks: one schema-path lookup per null value,
// a fifth of a cluster health read) and compares it with the configuration
// for custom types' semantic equality. A data source whose schema has
// neither blocks nor a configurable attribute of a custom type needs
// neither walk, and its read is served here: configure, Read, encode. Every
// other call, and every data source that does not qualify, goes to the
// framework; so does a read while the provider has no client.
func NewServer(version string) func() tfprotov6.ProviderServer {
	return func() tfprotov6.ProviderServer {
		p := &arangoProvider{version: version}
		s := &server{ProviderServer: providerserver.NewProtocol6(p)(), p: p, reads: map[string]*fastRead{}}
		ctx := context.Background()
		for _, f := range p.DataSources(ctx) {
			ds := f()
			var md datasource.MetadataResponse
			ds.Metadata(ctx, datasource.MetadataRequest{ProviderTypeName: "arangodb"}, &md)
			var sr datasource.SchemaResponse
			ds.Schema(ctx, datasource.SchemaRequest{}, &sr)
			if sr.Diagnostics.HasError() || !plainSchema(sr.Schema) {
				continue
			}
			s.reads[md.TypeName] = &fastRead{factory: f, schema: sr.Schema, typ: sr.Schema.Type().TerraformType(ctx)}
		}
		return s
	}
}

// NewServerWithError is NewServer for terraform-plugin-testing's factories.
func NewServerWithError(version string) func() (tfprotov6.ProviderServer, error) {
	f := NewServer(version)
	return func() (tfprotov6.ProviderServer, error) { return f(), nil }
}

type server struct {
	tfprotov6.ProviderServer
	p     *arangoProvider
	reads map[string]*fastRead
}

type fastRead struct {
	factory func() datasource.DataSource
	schema  schema.Schema
	typ     tftypes.Type
}

// plainSchema: no blocks, and no configurable attribute of a custom type
// (whose values semantic equality might have to restore).
func plainSchema(s schema.Schema) bool {
	if len(s.Blocks) > 0 {
		return false
	}
	for _, a := range s.Attributes {
		if !a.IsOptional() && !a.IsRequired() {
			continue
		}
		if _, nested := a.(schema.NestedAttribute); nested || !standardType(a.GetType()) {
			return false
		}
	}
	return true
}

func standardType(t any) bool {
	switch t := t.(type) {
	case basetypes.StringType, basetypes.BoolType, basetypes.Int64Type, basetypes.Float64Type, basetypes.NumberType:
		return true
	case basetypes.ListType:
		return standardType(t.ElemType)
	case basetypes.SetType:
		return standardType(t.ElemType)
	case basetypes.MapType:
		return standardType(t.ElemType)
	}
	return false
}

func (s *server) ReadDataSource(ctx context.Context, req *tfprotov6.ReadDataSourceRequest) (*tfprotov6.ReadDataSourceResponse, error) {
	f := s.reads[req.TypeName]
	client := s.p.client.Load()
	if f == nil || client == nil || req.ProviderMeta != nil {
		return s.ProviderServer.ReadDataSource(ctx, req)
	}
	raw, err := req.Config.Unmarshal(f.typ)
	if err != nil {
		return s.ProviderServer.ReadDataSource(ctx, req) // let the framework say why
	}
	ds := f.factory()
	var diags diag.Diagnostics
	if c, ok := ds.(datasource.DataSourceWithConfigure); ok {
		var cr datasource.ConfigureResponse
		c.Configure(ctx, datasource.ConfigureRequest{ProviderData: client}, &cr)
		diags.Append(cr.Diagnostics...)
	}
	out := &tfprotov6.ReadDataSourceResponse{}
	if !diags.HasError() {
		resp := datasource.ReadResponse{State: tfsdk.State{Schema: f.schema, Raw: tftypes.NewValue(f.typ, nil)}}
		ds.Read(ctx, datasource.ReadRequest{Config: tfsdk.Config{Schema: f.schema, Raw: raw}}, &resp)
		diags.Append(resp.Diagnostics...)
		state, err := tfprotov6.NewDynamicValue(f.typ, resp.State.Raw)
		if err != nil {
			diags.AddError("Cannot encode the state", fmt.Sprintf("%s: %v; please report this bug", req.TypeName, err))
		} else {
			out.State = &state
		}
	}
	out.Diagnostics = protoDiagnostics(diags)
	return out, nil
}

// protoDiagnostics converts diagnostics as the framework does.
func protoDiagnostics(diags diag.Diagnostics) []*tfprotov6.Diagnostic {
	out := make([]*tfprotov6.Diagnostic, 0, len(diags))
	for _, d := range diags {
		pd := &tfprotov6.Diagnostic{Summary: d.Summary(), Detail: d.Detail(), Severity: tfprotov6.DiagnosticSeverityWarning}
		if d.Severity() == diag.SeverityError {
			pd.Severity = tfprotov6.DiagnosticSeverityError
		}
		if wp, ok := d.(diag.DiagnosticWithPath); ok {
			if ap, ok := attributePath(wp.Path()); ok {
				pd.Attribute = ap
			} else {
				pd.Detail += " (at " + wp.Path().String() + ")"
			}
		}
		out = append(out, pd)
	}
	return out
}

// attributePath converts a path of attribute names, map keys and list
// indexes; false for other steps.
func attributePath(p path.Path) (*tftypes.AttributePath, bool) {
	ap := tftypes.NewAttributePath()
	for _, step := range p.Steps() {
		switch st := step.(type) {
		case path.PathStepAttributeName:
			ap = ap.WithAttributeName(string(st))
		case path.PathStepElementKeyString:
			ap = ap.WithElementKeyString(string(st))
		case path.PathStepElementKeyInt:
			ap = ap.WithElementKeyInt(int(st))
		default:
			return nil, false
		}
	}
	return ap, true
}
