// Package collprops is what a collection keeps of its properties beyond
// the basics: the schema, computed values, cache and key generator
// (Props), and a coordinator's sharding (Sharding). It knows nothing of
// HTTP or of the emulator, which imports it.
package collprops

import (
	"slices"
	"strings"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/apierr"
	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/jsonx"
)

// Collection properties beyond the basics (CONTRACT.md §14.1): the schema,
// computed values, the document cache and the key generator, as
// LogicalCollection::updateSchema, ComputedValues::buildInstance,
// RocksDBCollection and KeyGenerator read and report them.

// Props is what a collection keeps of these properties. The zero value
// is a collection created without any: no schema, no computed values, no
// cache, the traditional key generator allowing user keys.
type Props struct {
	Schema         jsonx.Obj // normalized (message, level, type, rule); nil: none, reported null
	ComputedValues []any     // normalized entries; nil: none, reported null
	CacheEnabled   bool      // as reported
	KeyType        string    // keyOptions.type; "" is "traditional"
	NoUserKeys     bool      // keyOptions.allowUserKeys false
	// single server: a writeConcern set by PUT .../properties, which
	// LogicalCollection::properties keeps and reports there too
	SingleWriteConcern int
	WriteConcernSet    bool
}

// WriteConcernOr is the single server's writeConcern: def unless set.
func (p Props) WriteConcernOr(def int) int {
	if p.WriteConcernSet {
		return p.SingleWriteConcern
	}
	return def
}

// ForCollection is what a new collection keeps: a single server has no
// document cache for system collections (RocksDBCollection constructor).
func (p Props) ForCollection(cluster, isSystem bool) Props {
	if !cluster && isSystem {
		p.CacheEnabled = false
	}
	return p
}

// Clone is a deep copy (hot backups, property updates).
func (p Props) Clone() Props {
	q := p
	if p.Schema != nil {
		q.Schema = p.Schema.Clone()
	}
	if p.ComputedValues != nil {
		q.ComputedValues = jsonx.CloneValue(p.ComputedValues).([]any)
	}
	return q
}

// KeyOptions renders keyOptions: allowUserKeys, type, and (single servers
// only; coordinators report none, recorded) lastValue.
func (p Props) KeyOptions(lastValue uint64, withLastValue bool) jsonx.Obj {
	t := p.KeyType
	if t == "" {
		t = "traditional"
	}
	o := jsonx.Obj{{"allowUserKeys", !p.NoUserKeys}, {"type", t}}
	if withLastValue {
		o = append(o, jsonx.KV{"lastValue", lastValue})
	}
	return o
}

// SchemaValue and ComputedValuesValue are what the properties report.
func (p Props) SchemaValue() any {
	if p.Schema == nil {
		return nil
	}
	return p.Schema.Clone()
}

func (p Props) ComputedValuesValue() any {
	if p.ComputedValues == nil {
		return nil
	}
	return jsonx.CloneValue(p.ComputedValues)
}

// Parse reads schema, computedValues, cacheEnabled and keyOptions
// of a POST /_api/collection body.
func Parse(o jsonx.Obj, shardKeys []string) (Props, *apierr.Error) {
	var p Props
	if v, ok := o.Get("keyOptions"); ok {
		if err := p.setKeyOptions(v); err != nil {
			return p, err
		}
	}
	if v, ok := o.Get("schema"); ok {
		s, err := ParseSchema(v)
		if err != nil {
			return p, err
		}
		p.Schema = s
	}
	if v, ok := o.Get("computedValues"); ok {
		cv, err := ParseComputedValues(v, shardKeys)
		if err != nil {
			return p, err
		}
		p.ComputedValues = cv
	}
	p.CacheEnabled = jsonx.Bool(o, "cacheEnabled")
	return p, nil
}

// setKeyOptions is KeyGeneratorHelper::createKeyGenerator for the
// generators the emulator renders: traditional, padded and uuid report
// allowUserKeys, type and lastValue. An unknown type is 400 errorNum 1232;
// autoincrement (offset and increment) is not emulated.
func (p *Props) setKeyOptions(v any) *apierr.Error {
	o, isObj := v.(jsonx.Obj)
	if !isObj {
		return nil // not an object: the traditional generator
	}
	if t, ok := o.Get("type"); ok {
		ts, _ := t.(string)
		switch ts {
		case "traditional", "padded", "uuid":
			p.KeyType = ts
		case "autoincrement":
			return apierr.New(501, apierr.NotImplemented, "not implemented by the emulator: keyOptions type autoincrement")
		default:
			return apierr.New(400, apierr.InvalidKeyGenerator, "invalid key generator type")
		}
	}
	if b, ok := o.Get("allowUserKeys"); ok {
		if bv, isBool := b.(bool); isBool {
			p.NoUserKeys = !bv
		}
	}
	return nil
}

// validationLevels are ValidatorBase's levels.
var validationLevels = []string{"none", "new", "moderate", "strict"}

// ParseSchema is LogicalCollection::updateSchema with ValidatorJsonSchema:
// null or {} removes the schema (nil); anything but an object, a rule that
// is not an object or an unknown level is 1621. The result is reported as
// message, level, type "json", rule (recorded). The rule itself is kept as
// given; whether it is valid JSON Schema is not checked.
func ParseSchema(v any) (jsonx.Obj, *apierr.Error) {
	if v == nil {
		return nil, nil
	}
	o, isObj := v.(jsonx.Obj)
	if !isObj {
		return nil, apierr.New(400, apierr.ValidationBadParam, "Schema description is not an object.")
	}
	if len(o) == 0 {
		return nil, nil
	}
	msg := ""
	if m, ok := o.Get("message"); ok {
		msg, _ = m.(string)
	}
	level := "strict"
	if l, ok := o.Get("level"); ok {
		if ls, isStr := l.(string); isStr {
			if !slices.Contains(validationLevels, ls) {
				return nil, apierr.New(400, apierr.ValidationBadParam,
					"Error when building schema: Valid validation levels are: "+strings.Join(validationLevels, ", "))
			}
			level = ls
		}
	}
	rule, _ := o.Get("rule")
	ro, isObj := rule.(jsonx.Obj)
	if !isObj {
		return nil, apierr.New(400, apierr.ValidationBadParam,
			"Error when building schema: No valid schema in rule attribute given (no object): "+string(jsonx.Marshal(o)))
	}
	return jsonx.Obj{{"message", msg}, {"level", level}, {"type", "json"}, {"rule", ro.Clone()}}, nil
}

// ParseComputedValues is ComputedValues::buildInstance: null or [] removes
// them (nil); anything but an array is 400 errorNum 10; each entry needs a
// non-empty name that is no system attribute or shard key, a boolean
// overwrite, computeOn values among insert/update/replace (default all
// three), a string expression. Entries are reported as name, expression,
// computeOn (in the order insert, update, replace), overwrite,
// failOnWarning, keepNull. The expression's AQL is not checked.
func ParseComputedValues(v any, shardKeys []string) ([]any, *apierr.Error) {
	if v == nil {
		return nil, nil
	}
	list, isArr := v.([]any)
	if !isArr {
		return nil, apierr.New(400, apierr.BadParameter, "Computed values description is not an array.")
	}
	if len(list) == 0 {
		return nil, nil
	}
	bad := func(msg string) *apierr.Error {
		return apierr.New(400, apierr.BadParameter, "Error when validating computedValues: invalid 'computedValues' entry: "+msg)
	}
	out := []any{}
	seen := map[string]bool{}
	for _, e := range list {
		o, _ := e.(jsonx.Obj)
		nameV, _ := o.Get("name")
		name, _ := nameV.(string)
		if name == "" {
			return nil, bad("invalid attribute name")
		}
		switch name {
		case "_id", "_rev", "_key", "_from", "_to":
			return nil, bad("'" + name + "' attribute must not be computed via computation expression")
		}
		if slices.Contains(shardKeys, name) {
			return nil, bad("cannot compute values for shard key attributes")
		}
		ow, _ := o.Get("overwrite")
		overwrite, isBool := ow.(bool)
		if !isBool {
			return nil, bad("'overwrite' must be a boolean")
		}
		on := map[string]bool{"insert": true, "update": true, "replace": true}
		if onV, ok := o.Get("computeOn"); ok {
			arr, isArr := onV.([]any)
			if !isArr {
				return nil, bad("invalid 'computeOn' value")
			}
			on = map[string]bool{}
			for _, x := range arr {
				s, isStr := x.(string)
				if !isStr {
					return nil, bad("invalid 'computeOn' value")
				}
				if s != "insert" && s != "update" && s != "replace" {
					return nil, bad("invalid 'computeOn' value: '" + s + "'")
				}
				on[s] = true
			}
			if len(on) == 0 {
				return nil, bad("empty 'computeOn' value")
			}
		}
		exprV, _ := o.Get("expression")
		expr, isStr := exprV.(string)
		if !isStr {
			return nil, bad("invalid 'expression' value")
		}
		failOnWarning, keepNull := false, true
		if b, ok := o.Get("failOnWarning"); ok {
			if bv, isBool := b.(bool); isBool {
				failOnWarning = bv
			}
		}
		if b, ok := o.Get("keepNull"); ok {
			if bv, isBool := b.(bool); isBool {
				keepNull = bv
			}
		}
		if seen[name] {
			return nil, bad("duplicate attribute name '" + name + "'")
		}
		seen[name] = true
		computeOn := []any{}
		for _, k := range []string{"insert", "update", "replace"} {
			if on[k] {
				computeOn = append(computeOn, k)
			}
		}
		out = append(out, jsonx.Obj{{"name", name}, {"expression", expr}, {"computeOn", computeOn},
			{"overwrite", overwrite}, {"failOnWarning", failOnWarning}, {"keepNull", keepNull}})
	}
	return out, nil
}
