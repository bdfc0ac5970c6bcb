package provider

import (
	"context"
	"fmt"
	"reflect"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// setState writes a model into a state: a struct of tfsdk-tagged fields (its
// embedded structs' fields included) that are attr.Value, pointers to such
// structs (null when nil), slices (lists or sets; null when nil) and maps of
// them. It gives what st.Set(ctx, model) gives, but st.Set converts every
// nested value three times (to tftypes, back to attr.Value, and to tftypes
// again); on a plan of hundreds of objects that was a large share of the
// provider's work. This converts each value once.
func setState(ctx context.Context, st *tfsdk.State, model any) (diags diag.Diagnostics) {
	defer func() {
		// tftypes.NewValue panics on a value that does not fit its type
		if r := recover(); r != nil {
			diags.AddError("Cannot write the state", fmt.Sprintf("%T does not fit the schema: %v; please report this bug", model, r))
		}
	}()
	v, err := toTerraform(ctx, st.Schema.Type().TerraformType(ctx), reflect.ValueOf(model))
	if err != nil {
		diags.AddError("Cannot write the state", fmt.Sprintf("%T: %v; please report this bug", model, err))
		return diags
	}
	return st.Set(ctx, v)
}

var attrValueType = reflect.TypeFor[attr.Value]()

func toTerraform(ctx context.Context, typ tftypes.Type, v reflect.Value) (tftypes.Value, error) {
	if v.Type().Implements(attrValueType) {
		if v.Kind() == reflect.Pointer && v.IsNil() {
			return tftypes.NewValue(typ, nil), nil
		}
		return v.Interface().(attr.Value).ToTerraformValue(ctx)
	}
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() {
			return tftypes.NewValue(typ, nil), nil
		}
		return toTerraform(ctx, typ, v.Elem())
	case reflect.Struct:
		ot, ok := typ.(tftypes.Object)
		if !ok {
			return tftypes.Value{}, fmt.Errorf("%s is not an object", v.Type())
		}
		vals := make(map[string]tftypes.Value, len(ot.AttributeTypes))
		if err := structFields(ctx, ot, v, vals); err != nil {
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
			ev, err := toTerraform(ctx, elem, v.Index(i))
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
			ev, err := toTerraform(ctx, mt.ElementType, it.Value())
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
func structFields(ctx context.Context, ot tftypes.Object, v reflect.Value, vals map[string]tftypes.Value) error {
	for i := range v.NumField() {
		f := v.Type().Field(i)
		name, tagged := f.Tag.Lookup("tfsdk")
		switch {
		case name == "-":
			continue
		case f.Anonymous && !tagged && f.Type.Kind() == reflect.Struct:
			if err := structFields(ctx, ot, v.Field(i), vals); err != nil {
				return err
			}
			continue
		}
		at, ok := ot.AttributeTypes[name]
		if !ok {
			return fmt.Errorf("field %s.%s is not in the schema", v.Type(), f.Name)
		}
		if _, dup := vals[name]; dup {
			return fmt.Errorf("field %s.%s: a second field for %q", v.Type(), f.Name, name)
		}
		fv, err := toTerraform(ctx, at, v.Field(i))
		if err != nil {
			return err
		}
		vals[name] = fv
	}
	return nil
}

// getConfig reads a data source's arguments from its configuration into
// model: the fields of type attr.Value, by their tfsdk tags. The others,
// nested Go structs, slices and maps, are computed results, which a
// configuration leaves null; a value there is an error. tfsdk.Config.Get
// would convert the whole configuration into the model by reflection,
// computed attributes and all, which cost more than the read's request.
func getConfig(ctx context.Context, cfg tfsdk.Config, model any) (diags diag.Diagnostics) {
	var vals map[string]tftypes.Value
	if err := cfg.Raw.As(&vals); err != nil {
		diags.AddError("Cannot read the configuration", err.Error())
		return diags
	}
	attrs := cfg.Schema.GetAttributes()
	v := reflect.ValueOf(model).Elem()
	for i := range v.NumField() {
		f := v.Type().Field(i)
		name, tagged := f.Tag.Lookup("tfsdk")
		if name == "-" || f.Anonymous && !tagged {
			continue // an embedded struct holds computed results
		}
		raw, ok := vals[name]
		a, inSchema := attrs[name]
		if !ok || !inSchema {
			diags.AddError("Cannot read the configuration", fmt.Sprintf("%s.%s is not in the schema; please report this bug", v.Type(), f.Name))
			continue
		}
		if !f.Type.Implements(attrValueType) {
			if !raw.IsNull() {
				diags.AddError("Cannot read the configuration", fmt.Sprintf("%s is set, but %s.%s is not an attribute value; please report this bug",
					name, v.Type(), f.Name))
			}
			continue
		}
		av, err := a.GetType().ValueFromTerraform(ctx, raw)
		if err == nil && !reflect.TypeOf(av).AssignableTo(f.Type) {
			err = fmt.Errorf("the schema's %T does not fit %s.%s; please report this bug", av, v.Type(), f.Name)
		}
		if err != nil {
			diags.AddError("Cannot read the configuration", fmt.Sprintf("%s: %v", name, err))
			continue
		}
		v.Field(i).Set(reflect.ValueOf(av))
	}
	return diags
}
