package arangotest

import (
	"encoding/json"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/apierr"
	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/jsonx"
)

// Index definitions as IndexFactory::enhanceIndexDefinition and the
// RocksDB index factories normalize and check them (CONTRACT.md §14.3).
// Every refusal here is errorNum 10 (1208 for a name), which POST
// /_api/index answers with status 400.

// indexTypeAliases maps what POST /_api/index accepts to the type the
// index gets (recorded GET /_api/engine: hash and skiplist are persistent;
// from 3.12 zkd is mdi).
func (v semver) indexType(t string) string {
	switch t {
	case "hash", "skiplist":
		return "persistent"
	case "zkd":
		if v.AtLeast(3, 12, 0) {
			return "mdi"
		}
	}
	return t
}

// hasMdiIndexes: mdi and mdi-prefixed exist from 3.12.0 (rn 3.12).
func (v semver) hasMdiIndexes() bool { return v.AtLeast(3, 12, 0) }

// hasVectorIndexes: the vector index type exists from 3.12.4 (rn 3.12);
// its feature is off unless arangod starts with --vector-index
// (--experimental-vector-index in 3.12.4 and 3.12.5).
func (v semver) hasVectorIndexes() bool { return v.AtLeast(3, 12, 4) }

// vectorOption is the startup option that would turn the feature on.
func (v semver) vectorOption() string {
	if v.AtLeast(3, 12, 6) {
		return "--vector-index"
	}
	return "--experimental-vector-index"
}

// allowsIDInStoredValues: persistent indexes may store _id from 3.12 (rn 3.12).
func (v semver) allowsIDInStoredValues() bool { return v.AtLeast(3, 12, 0) }

func badIndexParam(msg string) *apierr.Error { return apierr.New(400, apierr.BadParameter, msg) }

var idAttributeRe = regexp.MustCompile(`^(.+\.)?_id$`)

// fieldsOf is IndexFactory::validateFieldsDefinition for a list of
// attribute paths: strings only, not empty, no duplicates, no sub-attribute
// unless allowed, no _id (unless idAllowed), between minN and maxN of them.
// A value that is not an array counts as none.
func fieldsOf(v any, minN, maxN int, subAttributes, idAllowed bool) ([]string, *apierr.Error) {
	list, _ := v.([]any)
	out := []string{}
	for _, e := range list {
		if _, isObj := e.(obj); isObj {
			return nil, badIndexParam("index field names must be only strings")
		}
		s, isStr := e.(string)
		if !isStr || s == "" {
			return nil, badIndexParam("index field names must be non-empty strings")
		}
		if slices.Contains(out, s) {
			return nil, badIndexParam("duplicate attribute name in index fields list")
		}
		if !subAttributes && strings.Contains(s, ".") {
			return nil, badIndexParam("cannot index a sub-attribute in this type of index")
		}
		if !idAllowed && idAttributeRe.MatchString(s) {
			return nil, badIndexParam("_id attribute cannot be indexed")
		}
		out = append(out, s)
	}
	if len(out) < minN || len(out) > maxN {
		return nil, badIndexParam("invalid number of index attributes")
	}
	return out, nil
}

// validIndexName is IndexNameValidator::isAllowedName: traditionally a
// letter, then letters, digits, _ and -; with extended names anything but
// / and control characters, not starting with a digit; 1 to 256 bytes.
func validIndexName(name string, extended bool) bool {
	if name == "" || len(name) > 256 {
		return false
	}
	if extended {
		if !utf8.ValidString(name) || (name[0] >= '0' && name[0] <= '9') {
			return false
		}
		for i := 0; i < len(name); i++ {
			if name[i] == '/' || name[i] < 0x20 {
				return false
			}
		}
		return true
	}
	for i := 0; i < len(name); i++ {
		ch := name[i]
		letter := (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z')
		if i == 0 && !letter {
			return false
		}
		if !letter && ch != '_' && ch != '-' && (ch < '0' || ch > '9') {
			return false
		}
	}
	return true
}

// normalizeIndex checks a POST /_api/index body and returns the index it
// asks for (without id). Caller holds d.mu.
func (d *deployment) normalizeIndex(body obj) (*index, *apierr.Error) {
	tv, _ := body.Get("type")
	t, isStr := tv.(string)
	if !isStr {
		return nil, badIndexParam("invalid index type")
	}
	name := ""
	if nv, ok := body.Get("name"); ok {
		name, _ = nv.(string)
	}
	if name == "" {
		name = "idx_" + strconv.FormatUint(d.hlc.Next(), 10)
	}
	if !validIndexName(name, d.extendedNames) {
		return nil, apierr.New(400, apierr.IllegalName, "")
	}
	v := d.version
	ix := &index{name: name, typ: v.indexType(t)}
	ix.def = obj{{"name", name}, {"type", ix.typ}}
	var err *apierr.Error
	switch ix.typ {
	case "primary", "edge":
		// creating these yourself is forbidden (PrimaryIndexDefinition::normalize)
		return nil, apierr.New(403, apierr.Forbidden, "")
	case "persistent":
		err = d.normalizePersistent(body, ix)
	case "ttl":
		err = normalizeTTL(body, ix)
	case "geo":
		err = normalizeGeo(body, ix)
	case "fulltext":
		err = normalizeFulltext(body, ix)
	case "zkd":
		err = normalizeZkd(body, ix)
	case "mdi", "mdi-prefixed":
		if !v.hasMdiIndexes() {
			return nil, badIndexParam("invalid index type '" + t + "'")
		}
		err = normalizeMdi(body, ix)
	case "inverted":
		err = d.normalizeInverted(body, ix)
	case "vector":
		if !v.hasVectorIndexes() {
			return nil, badIndexParam("invalid index type '" + t + "'")
		}
		return nil, badIndexParam("vector index feature is not enabled. Run ArangoDB with `" + v.vectorOption() + "` flag turned on.")
	case "geo1", "geo2", "rocksdb":
		return nil, apierr.New(501, apierr.NotImplemented, "not implemented by the emulator: index type '"+t+"'")
	default:
		return nil, badIndexParam("invalid index type '" + t + "'")
	}
	if err != nil {
		return nil, err
	}
	return ix, nil
}

// inBackground is processIndexInBackground: false unless true.
func inBackgroundOf(body obj) bool { return jsonx.Bool(body, "inBackground") }

// boolOr reads a boolean attribute with a default.
func boolOr(body obj, k string, def bool) bool {
	if v, ok := body.Get(k); ok {
		if b, isBool := v.(bool); isBool {
			return b
		}
	}
	return def
}

// normalizePersistent is enhanceJsonIndexGeneric with the persistent
// factory's estimates: fields (sub-attributes and [*] allowed), optional
// storedValues (1 to 32, no overlap with the fields), sparse, unique,
// deduplicate (default true), estimates (default true; always true when
// unique), cacheEnabled, inBackground. It reports cacheEnabled,
// deduplicate, estimates and storedValues when given; a selectivity
// estimate when unique or estimating.
func (d *deployment) normalizePersistent(body obj, ix *index) *apierr.Error {
	fv, _ := body.Get("fields")
	fields, err := fieldsOf(fv, 1, 1<<31-1, true, false)
	if err != nil {
		return err
	}
	var stored []string
	if sv, ok := body.Get("storedValues"); ok {
		if _, isArr := sv.([]any); !isArr {
			return badIndexParam("storedValues must be an array")
		}
		stored, err = fieldsOf(sv, 1, 32, true, d.version.allowsIDInStoredValues())
		if err != nil {
			return err
		}
		for _, f := range fields {
			if slices.Contains(stored, f) {
				return badIndexParam("duplicate attribute name (overlap between index fields and index stored values list)")
			}
		}
	}
	ix.fields = fields
	ix.unique = jsonx.Bool(body, "unique")
	ix.sparse = jsonx.Bool(body, "sparse")
	estimates := boolOr(body, "estimates", true) || ix.unique
	dedup := boolOr(body, "deduplicate", true)
	cache := jsonx.Bool(body, "cacheEnabled")
	ix.estimated = estimates
	ix.attrs = obj{{"deduplicate", dedup}, {"estimates", estimates}, {"cacheEnabled", cache}}
	ix.def = append(ix.def, kv{"estimates", boolOr(body, "estimates", true)}, kv{"fields", stringsToAny(fields)})
	if stored != nil {
		ix.attrs = append(ix.attrs, kv{"storedValues", stringsToAny(stored)})
		ix.def = append(ix.def, kv{"storedValues", stringsToAny(stored)})
	}
	ix.def = append(ix.def, kv{"sparse", ix.sparse}, kv{"unique", ix.unique}, kv{"deduplicate", dedup},
		kv{"inBackground", inBackgroundOf(body)})
	if p, ok := body.Get("parallelism"); ok {
		if f, isNum := numberValue(p); isNum {
			ix.def = append(ix.def, kv{"parallelism", max(1, int(f))})
		}
	}
	ix.def = append(ix.def, kv{"cacheEnabled", cache})
	return nil
}

// normalizeTTL is enhanceJsonIndexTtl: one field, no sub-attribute, not
// unique, a number expireAfter >= 0; always sparse, no estimates.
func normalizeTTL(body obj, ix *index) *apierr.Error {
	fv, _ := body.Get("fields")
	fields, err := fieldsOf(fv, 1, 1, false, false)
	if u, ok := body.Get("unique"); ok && u == true {
		return badIndexParam("a TTL index cannot be unique")
	}
	if err != nil {
		return err
	}
	ev, _ := body.Get("expireAfter")
	after, isNum := ev.(json.Number)
	if !isNum {
		return badIndexParam("expireAfter attribute must be a number")
	}
	if f, _ := after.Float64(); f < 0 {
		return badIndexParam("expireAfter attribute must greater equal to zero")
	}
	ix.fields, ix.sparse = fields, true
	ix.attrs = obj{{"estimates", false}, {"expireAfter", after}}
	ix.match = obj{{"expireAfter", after}}
	ix.def = append(ix.def, kv{"estimates", false}, kv{"fields", stringsToAny(fields)}, kv{"unique", false},
		kv{"sparse", true}, kv{"expireAfter", after}, kv{"inBackground", inBackgroundOf(body)})
	return nil
}

// normalizeGeo is enhanceJsonIndexGeo: one or two fields, always sparse
// and not unique; geoJson (one field only) and legacyPolygons default to
// false. It reports its cover parameters (17, 8, 4: recorded defaults).
func normalizeGeo(body obj, ix *index) *apierr.Error {
	fv, _ := body.Get("fields")
	fields, err := fieldsOf(fv, 1, 2, true, false)
	if err != nil {
		return err
	}
	geoJSON := len(fields) == 1 && jsonx.Bool(body, "geoJson")
	legacy := jsonx.Bool(body, "legacyPolygons")
	ix.fields, ix.sparse = fields, true
	ix.attrs = obj{{"bestIndexedLevel", 17}, {"geoJson", geoJSON}, {"legacyPolygons", legacy},
		{"maxNumCoverCells", 8}, {"worstIndexedLevel", 4}}
	ix.match = obj{{"geoJson", geoJSON}}
	ix.def = append(ix.def, kv{"fields", stringsToAny(fields)}, kv{"sparse", true}, kv{"unique", false})
	if len(fields) == 1 {
		ix.def = append(ix.def, kv{"geoJson", geoJSON})
	}
	ix.def = append(ix.def, kv{"legacyPolygons", legacy}, kv{"inBackground", inBackgroundOf(body)})
	return nil
}

// normalizeFulltext is enhanceJsonIndexFulltext: one field, sparse, not
// unique, minLength a number (default 2; below 1 becomes 1).
func normalizeFulltext(body obj, ix *index) *apierr.Error {
	fv, _ := body.Get("fields")
	fields, err := fieldsOf(fv, 1, 1, true, false)
	if err != nil {
		return err
	}
	minLength := 2
	if mv, ok := body.Get("minLength"); ok && mv != nil {
		f, isNum := numberValue(mv)
		if !isNum {
			return badIndexParam("")
		}
		minLength = int(f)
	}
	minLength = max(minLength, 1)
	ix.fields, ix.sparse = fields, true
	ix.attrs = obj{{"minLength", minLength}}
	ix.match = obj{{"minLength", minLength}}
	ix.def = append(ix.def, kv{"fields", stringsToAny(fields)}, kv{"sparse", true}, kv{"unique", false},
		kv{"minLength", minLength}, kv{"inBackground", inBackgroundOf(body)})
	return nil
}

// zkdValueTypes: fieldValueTypes must be "double".
func zkdValueTypes(body obj, typ string) *apierr.Error {
	if v, _ := body.Get("fieldValueTypes"); v != "double" {
		return badIndexParam(typ + " index requires `fieldValueTypes` to be set to `double` - future " +
			"releases might lift this requirement")
	}
	return nil
}

// normalizeZkd is enhanceJsonIndexZkd (3.10, 3.11): fieldValueTypes
// "double", fields, never sparse, unique allowed.
func normalizeZkd(body obj, ix *index) *apierr.Error {
	if err := zkdValueTypes(body, "zkd"); err != nil {
		return err
	}
	fv, _ := body.Get("fields")
	fields, err := fieldsOf(fv, 1, 1<<31-1, true, false)
	if err != nil {
		return err
	}
	if s, _ := body.Get("sparse"); s == true {
		return badIndexParam("zkd index does not support sparse property")
	}
	ix.fields, ix.unique = fields, jsonx.Bool(body, "unique")
	ix.attrs = obj{{"fieldValueTypes", "double"}}
	ix.def = append(ix.def, kv{"fieldValueTypes", "double"}, kv{"fields", stringsToAny(fields)},
		kv{"unique", ix.unique}, kv{"inBackground", inBackgroundOf(body)})
	return nil
}

// normalizeMdi is MdiIndexDefinition / MdiPrefixedIndexDefinition (3.12):
// fieldValueTypes "double", fields, sparse and unique allowed; mdi never
// estimates and refuses prefixFields; mdi-prefixed needs prefixFields and
// estimates by default.
func normalizeMdi(body obj, ix *index) *apierr.Error {
	_, hasPrefix := body.Get("prefixFields")
	if ix.typ == "mdi" && hasPrefix {
		return badIndexParam("`mdi` index does not support prefixed fields. use `mdi-prefixed` as type instead.")
	}
	if err := zkdValueTypes(body, ix.typ); err != nil {
		return err
	}
	fv, _ := body.Get("fields")
	fields, err := fieldsOf(fv, 1, 1<<31-1, true, false)
	if err != nil {
		return err
	}
	ix.fields, ix.unique, ix.sparse = fields, jsonx.Bool(body, "unique"), jsonx.Bool(body, "sparse")
	estimates := false
	ix.attrs = obj{{"fieldValueTypes", "double"}}
	if ix.typ == "mdi-prefixed" {
		pv, _ := body.Get("prefixFields")
		prefix, err := fieldsOf(pv, 1, 1<<31-1, true, false)
		if err != nil {
			return err
		}
		estimates = boolOr(body, "estimates", true)
		ix.attrs = append(ix.attrs, kv{"prefixFields", stringsToAny(prefix)})
		ix.match = obj{{"prefixFields", stringsToAny(prefix)}}
	}
	ix.estimated = estimates
	ix.attrs = append(ix.attrs, kv{"estimates", estimates})
	ix.def = append(ix.def, kv{"estimates", estimates})
	ix.def = append(ix.def, ix.attrs.Without("estimates")...)
	ix.def = append(ix.def, kv{"fields", stringsToAny(fields)}, kv{"sparse", ix.sparse}, kv{"unique", ix.unique},
		kv{"inBackground", inBackgroundOf(body)})
	return nil
}
