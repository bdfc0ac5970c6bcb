package arangotest

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

// collProps is what a collection keeps of these properties. The zero value
// is a collection created without any: no schema, no computed values, no
// cache, the traditional key generator allowing user keys.
type collProps struct {
	schema         obj    // normalized (message, level, type, rule); nil: none, reported null
	computedValues []any  // normalized entries; nil: none, reported null
	cacheEnabled   bool   // as reported
	keyType        string // keyOptions.type; "" is "traditional"
	noUserKeys     bool   // keyOptions.allowUserKeys false
	// single server: a writeConcern set by PUT .../properties, which
	// LogicalCollection::properties keeps and reports there too
	singleWriteConcern int
	writeConcernSet    bool
}

// writeConcernOr is the single server's writeConcern: def unless set.
func (p collProps) writeConcernOr(def int) int {
	if p.writeConcernSet {
		return p.singleWriteConcern
	}
	return def
}

// forCollection is what a new collection keeps: a single server has no
// document cache for system collections (RocksDBCollection constructor).
func (p collProps) forCollection(cluster, isSystem bool) collProps {
	if !cluster && isSystem {
		p.cacheEnabled = false
	}
	return p
}

func (p collProps) clone() collProps {
	q := p
	if p.schema != nil {
		q.schema = p.schema.Clone()
	}
	if p.computedValues != nil {
		q.computedValues = jsonx.CloneValue(p.computedValues).([]any)
	}
	return q
}

// keyOptions renders keyOptions: allowUserKeys, type, and (single servers
// only; coordinators report none, recorded) lastValue.
func (p collProps) keyOptions(lastValue uint64, withLastValue bool) obj {
	t := p.keyType
	if t == "" {
		t = "traditional"
	}
	o := obj{{"allowUserKeys", !p.noUserKeys}, {"type", t}}
	if withLastValue {
		o = append(o, kv{"lastValue", lastValue})
	}
	return o
}

// schemaValue and computedValuesValue are what the properties report.
func (p collProps) schemaValue() any {
	if p.schema == nil {
		return nil
	}
	return p.schema.Clone()
}

func (p collProps) computedValuesValue() any {
	if p.computedValues == nil {
		return nil
	}
	return jsonx.CloneValue(p.computedValues)
}

// parseCollProps reads schema, computedValues, cacheEnabled and keyOptions
// of a POST /_api/collection body.
func parseCollProps(o obj, shardKeys []string) (collProps, *apierr.Error) {
	var p collProps
	if v, ok := o.Get("keyOptions"); ok {
		if err := p.setKeyOptions(v); err != nil {
			return p, err
		}
	}
	if v, ok := o.Get("schema"); ok {
		s, err := parseSchema(v)
		if err != nil {
			return p, err
		}
		p.schema = s
	}
	if v, ok := o.Get("computedValues"); ok {
		cv, err := parseComputedValues(v, shardKeys)
		if err != nil {
			return p, err
		}
		p.computedValues = cv
	}
	p.cacheEnabled = boolValue(o, "cacheEnabled")
	return p, nil
}

// setKeyOptions is KeyGeneratorHelper::createKeyGenerator for the
// generators the emulator renders: traditional, padded and uuid report
// allowUserKeys, type and lastValue. An unknown type is 400 errorNum 1232;
// autoincrement (offset and increment) is not emulated.
func (p *collProps) setKeyOptions(v any) *apierr.Error {
	o, isObj := v.(obj)
	if !isObj {
		return nil // not an object: the traditional generator
	}
	if t, ok := o.Get("type"); ok {
		ts, _ := t.(string)
		switch ts {
		case "traditional", "padded", "uuid":
			p.keyType = ts
		case "autoincrement":
			return apierr.New(501, apierr.NotImplemented, "not implemented by the emulator: keyOptions type autoincrement")
		default:
			return apierr.New(400, apierr.InvalidKeyGenerator, "invalid key generator type")
		}
	}
	if b, ok := o.Get("allowUserKeys"); ok {
		if bv, isBool := b.(bool); isBool {
			p.noUserKeys = !bv
		}
	}
	return nil
}

// validationLevels are ValidatorBase's levels.
var validationLevels = []string{"none", "new", "moderate", "strict"}

// parseSchema is LogicalCollection::updateSchema with ValidatorJsonSchema:
// null or {} removes the schema (nil); anything but an object, a rule that
// is not an object or an unknown level is 1621. The result is reported as
// message, level, type "json", rule (recorded). The rule itself is kept as
// given; whether it is valid JSON Schema is not checked.
func parseSchema(v any) (obj, *apierr.Error) {
	if v == nil {
		return nil, nil
	}
	o, isObj := v.(obj)
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
	ro, isObj := rule.(obj)
	if !isObj {
		return nil, apierr.New(400, apierr.ValidationBadParam,
			"Error when building schema: No valid schema in rule attribute given (no object): "+string(jsonx.Marshal(o)))
	}
	return obj{{"message", msg}, {"level", level}, {"type", "json"}, {"rule", ro.Clone()}}, nil
}

// parseComputedValues is ComputedValues::buildInstance: null or [] removes
// them (nil); anything but an array is 400 errorNum 10; each entry needs a
// non-empty name that is no system attribute or shard key, a boolean
// overwrite, computeOn values among insert/update/replace (default all
// three), a string expression. Entries are reported as name, expression,
// computeOn (in the order insert, update, replace), overwrite,
// failOnWarning, keepNull. The expression's AQL is not checked.
func parseComputedValues(v any, shardKeys []string) ([]any, *apierr.Error) {
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
		o, _ := e.(obj)
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
		out = append(out, obj{{"name", name}, {"expression", expr}, {"computeOn", computeOn},
			{"overwrite", overwrite}, {"failOnWarning", failOnWarning}, {"keepNull", keepNull}})
	}
	return out, nil
}
