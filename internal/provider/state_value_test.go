package provider

import (
	"context"
	"math/big"
	"reflect"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

type shapeInner struct {
	Name types.String   `tfsdk:"name"`
	Tags []types.String `tfsdk:"tags"`
}

// shapeCommon is embedded, as models that share attributes do.
type shapeCommon struct {
	E types.String `tfsdk:"e"`
}

type shapeModel struct {
	shapeCommon
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
		"e":       schema.StringAttribute{Computed: true},
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
		"full": {shapeCommon: shapeCommon{E: types.StringValue("embedded")}, S: types.StringValue("x"), N: types.Int64Value(-3), Null: types.BoolNull(), List: tags,
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

type embeddedS struct {
	S types.String `tfsdk:"s"`
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
		"twice, once embedded": struct {
			embeddedS
			S2 types.String `tfsdk:"s"`
			T  types.String `tfsdk:"t"`
		}{},
	} {
		st := tfsdk.State{Schema: schema.Schema{Attributes: map[string]schema.Attribute{
			"s": schema.StringAttribute{Computed: true},
			"t": schema.StringAttribute{Computed: true},
		}}}
		if name == "wrong type" {
			st.Schema = schema.Schema{Attributes: map[string]schema.Attribute{"s": schema.StringAttribute{Computed: true}}}
		}
		d := setState(ctx, &st, m)
		if !d.HasError() || !strings.Contains(d.Errors()[0].Detail(), "please report this bug") ||
			name == "twice, once embedded" && !strings.Contains(d.Errors()[0].Detail(), `a second field for "s"`) {
			t.Errorf("%s: %v", name, d)
		}
	}
}

type argsModel struct {
	Name    types.String         `tfsdk:"name"`
	Flag    types.Bool           `tfsdk:"flag"`
	Count   types.Int64          `tfsdk:"count"`
	Wait    timetypes.GoDuration `tfsdk:"wait"`
	Tags    types.List           `tfsdk:"tags"`
	Unset   types.String         `tfsdk:"unset"`
	One     *shapeInner          `tfsdk:"one"`
	Many    []shapeInner         `tfsdk:"many"`
	Ignored string               `tfsdk:"-"`
}

func argsSchema() schema.Schema {
	inner := schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
		"name": schema.StringAttribute{Computed: true},
		"tags": schema.ListAttribute{Computed: true, ElementType: types.StringType},
	}}
	return schema.Schema{Attributes: map[string]schema.Attribute{
		"name":  schema.StringAttribute{Required: true},
		"flag":  schema.BoolAttribute{Optional: true},
		"count": schema.Int64Attribute{Optional: true},
		"wait":  schema.StringAttribute{Optional: true, CustomType: timetypes.GoDurationType{}},
		"tags":  schema.ListAttribute{Optional: true, ElementType: types.StringType},
		"unset": schema.StringAttribute{Optional: true},
		"one":   schema.SingleNestedAttribute{Computed: true, Attributes: inner.Attributes},
		"many":  schema.ListNestedAttribute{Computed: true, NestedObject: inner},
	}}
}

// getConfig reads the arguments as tfsdk.Config.Get does.
func TestGetConfigSameAsFramework(t *testing.T) {
	ctx := context.Background()
	typ := argsSchema().Type().TerraformType(ctx).(tftypes.Object)
	vals := map[string]tftypes.Value{}
	for name, at := range typ.AttributeTypes {
		vals[name] = tftypes.NewValue(at, nil)
	}
	vals["name"] = tftypes.NewValue(tftypes.String, "n")
	vals["flag"] = tftypes.NewValue(tftypes.Bool, true)
	vals["count"] = tftypes.NewValue(tftypes.Number, big.NewFloat(7))
	vals["wait"] = tftypes.NewValue(tftypes.String, "90s")
	vals["tags"] = tftypes.NewValue(tftypes.List{ElementType: tftypes.String}, []tftypes.Value{tftypes.NewValue(tftypes.String, "a")})
	cfg := tfsdk.Config{Schema: argsSchema(), Raw: tftypes.NewValue(typ, vals)}
	var want, got argsModel
	if d := cfg.Get(ctx, &want); d.HasError() {
		t.Fatal(d)
	}
	if d := getConfig(ctx, cfg, &got); d.HasError() {
		t.Fatal(d)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("getConfig read\n%+v\ntfsdk.Config.Get read\n%+v", got, want)
	}

	// a nested Go field set in the configuration cannot be read: an error
	vals["one"] = tftypes.NewValue(typ.AttributeTypes["one"], map[string]tftypes.Value{
		"name": tftypes.NewValue(tftypes.String, "x"), "tags": tftypes.NewValue(tftypes.List{ElementType: tftypes.String}, nil)})
	cfg.Raw = tftypes.NewValue(typ, vals)
	if d := getConfig(ctx, cfg, &got); !d.HasError() || !strings.Contains(d.Errors()[0].Detail(), "please report this bug") {
		t.Errorf("a set nested field: %v", d)
	}
}

// A model that does not fit the schema is an error, not a panic.
func TestGetConfigMismatch(t *testing.T) {
	ctx := context.Background()
	cfg := tfsdk.Config{Schema: schema.Schema{Attributes: map[string]schema.Attribute{"s": schema.StringAttribute{Optional: true}}}}
	cfg.Raw = tftypes.NewValue(tftypes.Object{AttributeTypes: map[string]tftypes.Type{"s": tftypes.String}},
		map[string]tftypes.Value{"s": tftypes.NewValue(tftypes.String, "x")})
	var wrongType struct {
		S types.Int64 `tfsdk:"s"`
	}
	var unknownField struct {
		S types.String `tfsdk:"s"`
		X types.String `tfsdk:"x"`
	}
	for name, m := range map[string]any{"wrong type": &wrongType, "unknown field": &unknownField} {
		if d := getConfig(ctx, cfg, m); !d.HasError() || !strings.Contains(d.Errors()[0].Detail(), "please report this bug") {
			t.Errorf("%s: %v", name, d)
		}
	}
}

// The fast paths fail closed where tfsdk does: a configured attribute the
// model has no field for, and values their own custom type refuses.
func TestFastPathsFailClosed(t *testing.T) {
	ctx := context.Background()
	sch := schema.Schema{Attributes: map[string]schema.Attribute{
		"s":    schema.StringAttribute{Optional: true},
		"wait": schema.StringAttribute{Optional: true, CustomType: timetypes.GoDurationType{}},
	}}
	typ := sch.Type().TerraformType(ctx).(tftypes.Object)
	config := func(s, wait any) tfsdk.Config {
		return tfsdk.Config{Schema: sch, Raw: tftypes.NewValue(typ, map[string]tftypes.Value{
			"s": tftypes.NewValue(tftypes.String, s), "wait": tftypes.NewValue(tftypes.String, wait)})}
	}
	var onlyS struct {
		S types.String `tfsdk:"s"`
	}
	// Config.Get refuses it too; silently dropping "wait" would ignore the user.
	if d := config("x", "1s").Get(ctx, &onlyS); !d.HasError() {
		t.Fatal("tfsdk accepts a configured attribute without a field; the test's premise is wrong")
	}
	if d := getConfig(ctx, config("x", "1s"), &onlyS); !d.HasError() || !strings.Contains(d.Errors()[0].Detail(), "wait is set") {
		t.Errorf("configured attribute without a field: %v", d)
	}
	if d := getConfig(ctx, config("x", nil), &onlyS); d.HasError() || onlyS.S.ValueString() != "x" {
		t.Errorf("a null attribute needs no field: %v, %+v", d, onlyS)
	}

	type embedded struct {
		Wait timetypes.GoDuration `tfsdk:"wait"`
	}
	var withEmbedded struct {
		S types.String `tfsdk:"s"`
		embedded
	}
	if d := getConfig(ctx, config("x", "90s"), &withEmbedded); d.HasError() || withEmbedded.Wait.ValueString() != "90s" {
		t.Errorf("embedded struct: %v, %+v", d, withEmbedded)
	}
	var fw struct {
		S    types.String         `tfsdk:"s"`
		Wait timetypes.GoDuration `tfsdk:"wait"`
	}
	if d := config("x", "soon").Get(ctx, &fw); !d.HasError() {
		t.Fatal("tfsdk accepts a GoDuration that is no duration; the test's premise is wrong")
	}
	if d := getConfig(ctx, config("x", "soon"), &fw); !d.HasError() {
		t.Errorf("a GoDuration that is no duration was read: %+v", fw)
	}

	st := tfsdk.State{Schema: sch, Raw: tftypes.NewValue(typ, nil)}
	bad := struct {
		S    types.String         `tfsdk:"s"`
		Wait timetypes.GoDuration `tfsdk:"wait"`
	}{types.StringValue("x"), timetypes.NewGoDurationValueFromStringMust("1s")}
	bad.Wait = timetypes.GoDuration{StringValue: basetypes.NewStringValue("soon")}
	if d := st.Set(ctx, bad); !d.HasError() {
		t.Fatal("State.Set accepts a GoDuration that is no duration; the test's premise is wrong")
	}
	if d := setState(ctx, &st, bad); !d.HasError() || !st.Raw.IsNull() {
		t.Errorf("setState wrote a GoDuration that is no duration: %v", d)
	}
	bad.Wait = timetypes.NewGoDurationValueFromStringMust("1s")
	if d := setState(ctx, &st, bad); d.HasError() || st.Raw.IsNull() {
		t.Errorf("a good value: %v", d)
	}
}
