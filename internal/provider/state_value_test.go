package provider

import (
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

type shapeInner struct {
	Name types.String   `tfsdk:"name"`
	Tags []types.String `tfsdk:"tags"`
}

type shapeModel struct {
	S       types.String              `tfsdk:"s"`
	N       types.Int64               `tfsdk:"n"`
	Null    types.Bool                `tfsdk:"null"`
	List    []types.String            `tfsdk:"list"`
	One     *shapeInner               `tfsdk:"one"`
	Many    []shapeInner              `tfsdk:"many"`
	ByName  map[string]shapeInner     `tfsdk:"by_name"`
	Lists   map[string][]types.String `tfsdk:"lists"`
	Labels  types.Map                 `tfsdk:"labels"`
	Ignored string                    `tfsdk:"-"`
}

func shapeSchema() schema.Schema {
	inner := schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
		"name": schema.StringAttribute{Computed: true},
		"tags": schema.ListAttribute{Computed: true, ElementType: types.StringType},
	}}
	return schema.Schema{Attributes: map[string]schema.Attribute{
		"s":       schema.StringAttribute{Computed: true},
		"n":       schema.Int64Attribute{Computed: true},
		"null":    schema.BoolAttribute{Computed: true},
		"list":    schema.ListAttribute{Computed: true, ElementType: types.StringType},
		"one":     schema.SingleNestedAttribute{Computed: true, Attributes: inner.Attributes},
		"many":    schema.ListNestedAttribute{Computed: true, NestedObject: inner},
		"by_name": schema.MapNestedAttribute{Computed: true, NestedObject: inner},
		"lists":   schema.MapAttribute{Computed: true, ElementType: types.ListType{ElemType: types.StringType}},
		"labels":  schema.MapAttribute{Computed: true, ElementType: types.StringType},
	}}
}

// setState writes exactly what tfsdk.State.Set writes, for every shape of
// model the provider uses: nil and empty slices, nil and set pointers, maps.
func TestSetStateSameAsFramework(t *testing.T) {
	ctx := context.Background()
	tags := []types.String{types.StringValue("a"), types.StringNull()}
	labels := types.MapValueMust(types.StringType, map[string]attr.Value{"k": types.StringValue("v")})
	for name, m := range map[string]shapeModel{
		"full": {S: types.StringValue("x"), N: types.Int64Value(-3), Null: types.BoolNull(), List: tags,
			One: &shapeInner{Name: types.StringValue("one"), Tags: tags}, Many: []shapeInner{{Name: types.StringValue("m")}, {Tags: []types.String{}}},
			ByName: map[string]shapeInner{"b": {Name: types.StringUnknown()}}, Lists: map[string][]types.String{"l": tags, "e": {}},
			Labels: labels, Ignored: "not in the state"},
		"empty": {List: []types.String{}, Many: []shapeInner{}, ByName: map[string]shapeInner{}, Lists: map[string][]types.String{},
			Labels: types.MapValueMust(types.StringType, map[string]attr.Value{})},
		"nulls": {Labels: types.MapNull(types.StringType)},
	} {
		t.Run(name, func(t *testing.T) {
			want := tfsdk.State{Schema: shapeSchema()}
			if d := want.Set(ctx, m); d.HasError() {
				t.Fatal(d)
			}
			got := tfsdk.State{Schema: shapeSchema()}
			if d := setState(ctx, &got, m); d.HasError() {
				t.Fatal(d)
			}
			if !got.Raw.Equal(want.Raw) {
				t.Errorf("setState wrote\n%s\ntfsdk.State.Set wrote\n%s", got.Raw, want.Raw)
			}
		})
	}
}

// A model that does not fit the schema is an error, not a panic.
func TestSetStateMismatch(t *testing.T) {
	ctx := context.Background()
	for name, m := range map[string]any{
		"missing field": struct {
			S types.String `tfsdk:"s"`
		}{types.StringValue("x")},
		"wrong type": struct {
			S types.Int64 `tfsdk:"s"`
		}{types.Int64Value(1)},
		"unknown field": struct {
			X types.String `tfsdk:"x"`
		}{types.StringValue("x")},
		"plain field": struct {
			S string `tfsdk:"s"`
		}{"x"},
	} {
		st := tfsdk.State{Schema: schema.Schema{Attributes: map[string]schema.Attribute{
			"s": schema.StringAttribute{Computed: true},
			"t": schema.StringAttribute{Computed: true},
		}}}
		if name == "wrong type" {
			st.Schema = schema.Schema{Attributes: map[string]schema.Attribute{"s": schema.StringAttribute{Computed: true}}}
		}
		d := setState(ctx, &st, m)
		if !d.HasError() || !strings.Contains(d.Errors()[0].Detail(), "please report this bug") {
			t.Errorf("%s: %v", name, d)
		}
	}
}
