package provider

import (
	"context"
	"fmt"
	"reflect"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/attr/xattr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// setState writes a model into a state: a struct of tfsdk-tagged fields (its
// embedded structs' fields included) that are attr.Value, pointers to such
// structs (null when nil), slices (lists or sets; null when nil) and maps of
// them. It gives what st.Set(ctx, model) gives, but st.Set converts every
// nested value three times (to tftypes, back to attr.Value, and to tftypes
// again); on a plan of hundreds of objects that was a large share of the
// provider's work. This converts each value once. Like st.Set it fails
// closed: values of custom types are validated (a GoDuration that is not a
// duration is an error), and the result must have the schema's type.
func setState(ctx context.Context, st *tfsdk.State, model any) (diags diag.Diagnostics) {
	defer func() {
		// tftypes.NewValue panics on a value that does not fit its type
		if r := recover(); r != nil {
			diags.AddError("Cannot write the state", fmt.Sprintf("%T does not fit the schema: %v; please report this bug", model, r))
		}
	}()
	typ := st.Schema.Type().TerraformType(ctx)
	conv := converter{ctx: ctx}
	v, err := conv.toTerraform(typ, reflect.ValueOf(model), path.Empty())
	diags.Append(conv.diags...)
	switch {
	case err != nil:
		diags.AddError("Cannot write the state", fmt.Sprintf("%T: %v; please report this bug", model, err))
	case !v.Type().Equal(typ):
		diags.AddError("Cannot write the state", fmt.Sprintf("%T gives %s, the schema wants %s; please report this bug", model, v.Type(), typ))
	case !diags.HasError():
		st.Raw = v // the state's documented raw value, of the schema's type
	}
	return diags
}

var attrValueType = reflect.TypeFor[attr.Value]()

// validate runs a custom type's own check of a value, as the framework does
// when it converts values.
func validate(ctx context.Context, p path.Path, v attr.Value) diag.Diagnostics {
	va, ok := v.(xattr.ValidateableAttribute)
	if !ok || v.IsNull() || v.IsUnknown() {
		return nil
	}
	var resp xattr.ValidateAttributeResponse
	va.ValidateAttribute(ctx, xattr.ValidateAttributeRequest{Path: p}, &resp)
	return resp.Diagnostics
}

// converter turns a model into a tftypes.Value, collecting the
// diagnostics of custom types' validation.
type converter struct {
	ctx   context.Context
	diags diag.Diagnostics
}

func (c *converter) toTerraform(typ tftypes.Type, v reflect.Value, p path.Path) (tftypes.Value, error) {
	ctx := c.ctx
	if v.Type().Implements(attrValueType) {
		if v.Kind() == reflect.Pointer && v.IsNil() {
			return tftypes.NewValue(typ, nil), nil
		}
		av := v.Interface().(attr.Value)
		c.diags.Append(validate(ctx, p, av)...)
		return av.ToTerraformValue(ctx)
	}
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() {
			return tftypes.NewValue(typ, nil), nil
		}
		return c.toTerraform(typ, v.Elem(), p)
	case reflect.Struct:
		ot, ok := typ.(tftypes.Object)
		if !ok {
			return tftypes.Value{}, fmt.Errorf("%s is not an object", v.Type())
		}
		vals := make(map[string]tftypes.Value, len(ot.AttributeTypes))
		if err := c.structFields(ot, v, vals, p); err != nil {
			return tftypes.Value{}, err
		}
		if len(vals) != len(ot.AttributeTypes) {
			return tftypes.Value{}, fmt.Errorf("%s lacks attributes of the schema", v.Type())
		}
		return tftypes.NewValue(typ, vals), nil
	case reflect.Slice:
		if v.IsNil() {
			return tftypes.NewValue(typ, nil), nil
		}
		var elem tftypes.Type
		switch c := typ.(type) {
		case tftypes.List:
			elem = c.ElementType
		case tftypes.Set:
			elem = c.ElementType
		default:
			return tftypes.Value{}, fmt.Errorf("%s is not a list or set", v.Type())
		}
		vals := make([]tftypes.Value, v.Len())
		for i := range vals {
			ev, err := c.toTerraform(elem, v.Index(i), p.AtListIndex(i))
			if err != nil {
				return tftypes.Value{}, err
			}
			vals[i] = ev
		}
		return tftypes.NewValue(typ, vals), nil
	case reflect.Map:
		if v.IsNil() {
			return tftypes.NewValue(typ, nil), nil
		}
		mt, ok := typ.(tftypes.Map)
		if !ok || v.Type().Key().Kind() != reflect.String {
			return tftypes.Value{}, fmt.Errorf("%s is not a map", v.Type())
		}
		vals := make(map[string]tftypes.Value, v.Len())
		for it := v.MapRange(); it.Next(); {
			ev, err := c.toTerraform(mt.ElementType, it.Value(), p.AtMapKey(it.Key().String()))
			if err != nil {
				return tftypes.Value{}, err
			}
			vals[it.Key().String()] = ev
		}
		return tftypes.NewValue(typ, vals), nil
	}
	return tftypes.Value{}, fmt.Errorf("%s is not an attribute value", v.Type())
}

// structFields converts the tagged fields of struct v into vals, and those
// of the structs it embeds, as the framework promotes them.
func (c *converter) structFields(ot tftypes.Object, v reflect.Value, vals map[string]tftypes.Value, p path.Path) error {
	fields := map[string]reflect.Value{}
	if err := modelFields(v, fields); err != nil {
		return err
	}
	for name, fv := range fields {
		at, ok := ot.AttributeTypes[name]
		if !ok {
			return fmt.Errorf("%s's field for %q is not in the schema", v.Type(), name)
		}
		tv, err := c.toTerraform(at, fv, p.AtName(name))
		if err != nil {
			return err
		}
		vals[name] = tv
	}
	return nil
}

// getConfig reads a data source's arguments from its configuration into
// model: the fields of type attr.Value, by their tfsdk tags (those of
// embedded structs included). The others, nested Go structs, slices and
// maps, are computed results, which a configuration leaves null; a value
// there is an error. Like tfsdk.Config.Get it fails closed: a configured
// attribute without a field is an error, and custom types validate their
// values. Config.Get would convert the whole configuration into the model by
// reflection, computed attributes and all, which cost more than the read's
// request.
func getConfig(ctx context.Context, cfg tfsdk.Config, model any) (diags diag.Diagnostics) {
	var vals map[string]tftypes.Value
	if err := cfg.Raw.As(&vals); err != nil {
		diags.AddError("Cannot read the configuration", err.Error())
		return diags
	}
	attrs := cfg.Schema.GetAttributes()
	fields := map[string]reflect.Value{}
	if err := modelFields(reflect.ValueOf(model).Elem(), fields); err != nil {
		diags.AddError("Cannot read the configuration", err.Error()+"; please report this bug")
		return diags
	}
	for name, raw := range vals {
		if _, ok := fields[name]; !ok && !raw.IsNull() {
			diags.AddError("Cannot read the configuration",
				fmt.Sprintf("%s is set, but %T has no field for it; please report this bug", name, model))
		}
	}
	for name, fv := range fields {
		raw, ok := vals[name]
		a, inSchema := attrs[name]
		if !ok || !inSchema {
			diags.AddError("Cannot read the configuration", fmt.Sprintf("%T's field %q is not in the schema; please report this bug", model, name))
			continue
		}
		if !fv.Type().Implements(attrValueType) {
			if !raw.IsNull() {
				diags.AddError("Cannot read the configuration", fmt.Sprintf("%s is set, but %T's field for it is not an attribute value; please report this bug",
					name, model))
			}
			continue
		}
		av, err := a.GetType().ValueFromTerraform(ctx, raw)
		if err == nil && !reflect.TypeOf(av).AssignableTo(fv.Type()) {
			err = fmt.Errorf("the schema's %T does not fit %T's field; please report this bug", av, model)
		}
		if err != nil {
			diags.AddError("Cannot read the configuration", fmt.Sprintf("%s: %v", name, err))
			continue
		}
		if d := validate(ctx, path.Root(name), av); d.HasError() {
			diags.Append(d...)
			continue
		}
		fv.Set(reflect.ValueOf(av))
	}
	return diags
}

// modelFields maps tfsdk tags to the fields of struct v, and of the
// structs it embeds, as the framework promotes them.
func modelFields(v reflect.Value, out map[string]reflect.Value) error {
	for i := range v.NumField() {
		f := v.Type().Field(i)
		name, tagged := f.Tag.Lookup("tfsdk")
		switch {
		case name == "-":
			continue
		case f.Anonymous && !tagged && f.Type.Kind() == reflect.Struct:
			if err := modelFields(v.Field(i), out); err != nil {
				return err
			}
			continue
		case !tagged:
			return fmt.Errorf("field %s.%s has no tfsdk tag", v.Type(), f.Name)
		}
		if _, dup := out[name]; dup {
			return fmt.Errorf("field %s.%s: a second field for %q", v.Type(), f.Name, name)
		}
		out[name] = v.Field(i)
	}
	return nil
}
