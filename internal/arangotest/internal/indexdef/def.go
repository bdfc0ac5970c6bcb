package indexdef

import (
	"encoding/json"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/apierr"
	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/jsonx"
	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/version"
)

// Index definitions as IndexFactory::enhanceIndexDefinition and the
// RocksDB index factories normalize and check them (CONTRACT.md §14.3).
// Every refusal here is errorNum 10 (1208 for a name), which POST
// /_api/index answers with status 400.

// indexTypeAliases maps what POST /_api/index accepts to the type the
// index gets (recorded GET /_api/engine: hash and skiplist are persistent;
// from 3.12 zkd is mdi).
func indexType(v version.Version, t string) string {
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
func hasMdiIndexes(v version.Version) bool { return v.AtLeast(3, 12, 0) }

// hasVectorIndexes: the vector index type exists from 3.12.4 (rn 3.12);
// its feature is off unless arangod starts with --vector-index
// (--experimental-vector-index in 3.12.4 and 3.12.5).
func hasVectorIndexes(v version.Version) bool { return v.AtLeast(3, 12, 4) }

// vectorOption is the startup option that would turn the feature on.
func vectorOption(v version.Version) string {
	if v.AtLeast(3, 12, 6) {
		return "--vector-index"
	}
	return "--experimental-vector-index"
}

// allowsIDInStoredValues: persistent indexes may store _id from 3.12 (rn 3.12).
func allowsIDInStoredValues(v version.Version) bool { return v.AtLeast(3, 12, 0) }

// BadParam is the refusal of a definition: 400, errorNum 10.
func BadParam(msg string) *apierr.Error { return apierr.New(400, apierr.BadParameter, msg) }

var idAttributeRe = regexp.MustCompile(`^(.+\.)?_id$`)

// fieldsOf is IndexFactory::validateFieldsDefinition for a list of
// attribute paths: strings only, not empty, no duplicates, no sub-attribute
// unless allowed, no _id (unless idAllowed), between minN and maxN of them.
// A value that is not an array counts as none.
func fieldsOf(v any, minN, maxN int, subAttributes, idAllowed bool) ([]string, *apierr.Error) {
	list, _ := v.([]any)
	out := []string{}
	for _, e := range list {
		if _, isObj := e.(jsonx.Obj); isObj {
			return nil, BadParam("index field names must be only strings")
		}
		s, isStr := e.(string)
		if !isStr || s == "" {
			return nil, BadParam("index field names must be non-empty strings")
		}
		if slices.Contains(out, s) {
			return nil, BadParam("duplicate attribute name in index fields list")
		}
		if !subAttributes && strings.Contains(s, ".") {
			return nil, BadParam("cannot index a sub-attribute in this type of index")
		}
		if !idAllowed && idAttributeRe.MatchString(s) {
			return nil, BadParam("_id attribute cannot be indexed")
		}
		out = append(out, s)
	}
	if len(out) < minN || len(out) > maxN {
		return nil, BadParam("invalid number of index attributes")
	}
	return out, nil
}

// ValidName is IndexNameValidator::isAllowedName: traditionally a
// letter, then letters, digits, _ and -; with extended names anything but
// / and control characters, not starting with a digit; 1 to 256 bytes.
func ValidName(name string, extended bool) bool {
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

// Normalize checks a POST /_api/index body and returns the index it asks
// for (without id); a generated name is "idx_" and hlcNext's value.
func Normalize(body jsonx.Obj, v version.Version, extendedNames bool, hlcNext func() uint64) (*Index, *apierr.Error) {
	tv, _ := body.Get("type")
	t, isStr := tv.(string)
	if !isStr {
		return nil, BadParam("invalid index type")
	}
	name := ""
	if nv, ok := body.Get("name"); ok {
		name, _ = nv.(string)
	}
	if name == "" {
		name = "idx_" + strconv.FormatUint(hlcNext(), 10)
	}
	if !ValidName(name, extendedNames) {
		return nil, apierr.New(400, apierr.IllegalName, "")
	}
	ix := &Index{Name: name, Type: indexType(v, t)}
	ix.Def = jsonx.Obj{{"name", name}, {"type", ix.Type}}
	var err *apierr.Error
	switch ix.Type {
	case "primary", "edge":
		// creating these yourself is forbidden (PrimaryIndexDefinition::normalize)
		return nil, apierr.New(403, apierr.Forbidden, "")
	case "persistent":
		err = normalizePersistent(body, ix, v)
	case "ttl":
		err = normalizeTTL(body, ix)
	case "geo":
		err = normalizeGeo(body, ix)
	case "fulltext":
		err = normalizeFulltext(body, ix)
	case "zkd":
		err = normalizeZkd(body, ix)
	case "mdi", "mdi-prefixed":
		if !hasMdiIndexes(v) {
			return nil, BadParam("invalid index type '" + t + "'")
		}
		err = normalizeMdi(body, ix)
	case "inverted":
		err = normalizeInverted(body, ix, v)
	case "vector":
		if !hasVectorIndexes(v) {
			return nil, BadParam("invalid index type '" + t + "'")
		}
		return nil, BadParam("vector index feature is not enabled. Run ArangoDB with `" + vectorOption(v) + "` flag turned on.")
	case "geo1", "geo2", "rocksdb":
		return nil, apierr.New(501, apierr.NotImplemented, "not implemented by the emulator: index type '"+t+"'")
	default:
		return nil, BadParam("invalid index type '" + t + "'")
	}
	if err != nil {
		return nil, err
	}
	return ix, nil
}

// inBackground is processIndexInBackground: false unless true.
func inBackgroundOf(body jsonx.Obj) bool { return jsonx.Bool(body, "inBackground") }

// boolOr reads a boolean attribute with a default.
func boolOr(body jsonx.Obj, k string, def bool) bool {
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
func normalizePersistent(body jsonx.Obj, ix *Index, v version.Version) *apierr.Error {
	fv, _ := body.Get("fields")
	fields, err := fieldsOf(fv, 1, 1<<31-1, true, false)
	if err != nil {
		return err
	}
	var stored []string
	if sv, ok := body.Get("storedValues"); ok {
		if _, isArr := sv.([]any); !isArr {
			return BadParam("storedValues must be an array")
		}
		stored, err = fieldsOf(sv, 1, 32, true, allowsIDInStoredValues(v))
		if err != nil {
			return err
		}
		for _, f := range fields {
			if slices.Contains(stored, f) {
				return BadParam("duplicate attribute name (overlap between index fields and index stored values list)")
			}
		}
	}
	ix.Fields = fields
	ix.Unique = jsonx.Bool(body, "unique")
	ix.Sparse = jsonx.Bool(body, "sparse")
	estimates := boolOr(body, "estimates", true) || ix.Unique
	dedup := boolOr(body, "deduplicate", true)
	cache := jsonx.Bool(body, "cacheEnabled")
	ix.Estimated = estimates
	ix.Attrs = jsonx.Obj{{"deduplicate", dedup}, {"estimates", estimates}, {"cacheEnabled", cache}}
	ix.Def = append(ix.Def, jsonx.KV{"estimates", boolOr(body, "estimates", true)}, jsonx.KV{"fields", StringsToAny(fields)})
	if stored != nil {
		ix.Attrs = append(ix.Attrs, jsonx.KV{"storedValues", StringsToAny(stored)})
		ix.Def = append(ix.Def, jsonx.KV{"storedValues", StringsToAny(stored)})
	}
	ix.Def = append(ix.Def, jsonx.KV{"sparse", ix.Sparse}, jsonx.KV{"unique", ix.Unique}, jsonx.KV{"deduplicate", dedup},
		jsonx.KV{"inBackground", inBackgroundOf(body)})
	if p, ok := body.Get("parallelism"); ok {
		if f, isNum := NumberValue(p); isNum {
			ix.Def = append(ix.Def, jsonx.KV{"parallelism", max(1, int(f))})
		}
	}
	ix.Def = append(ix.Def, jsonx.KV{"cacheEnabled", cache})
	return nil
}

// normalizeTTL is enhanceJsonIndexTtl: one field, no sub-attribute, not
// unique, a number expireAfter >= 0; always sparse, no estimates.
func normalizeTTL(body jsonx.Obj, ix *Index) *apierr.Error {
	fv, _ := body.Get("fields")
	fields, err := fieldsOf(fv, 1, 1, false, false)
	if u, ok := body.Get("unique"); ok && u == true {
		return BadParam("a TTL index cannot be unique")
	}
	if err != nil {
		return err
	}
	ev, _ := body.Get("expireAfter")
	after, isNum := ev.(json.Number)
	if !isNum {
		return BadParam("expireAfter attribute must be a number")
	}
	if f, _ := after.Float64(); f < 0 {
		return BadParam("expireAfter attribute must greater equal to zero")
	}
	ix.Fields, ix.Sparse = fields, true
	ix.Attrs = jsonx.Obj{{"estimates", false}, {"expireAfter", after}}
	ix.Match = jsonx.Obj{{"expireAfter", after}}
	ix.Def = append(ix.Def, jsonx.KV{"estimates", false}, jsonx.KV{"fields", StringsToAny(fields)}, jsonx.KV{"unique", false},
		jsonx.KV{"sparse", true}, jsonx.KV{"expireAfter", after}, jsonx.KV{"inBackground", inBackgroundOf(body)})
	return nil
}

// normalizeGeo is enhanceJsonIndexGeo: one or two fields, always sparse
// and not unique; geoJson (one field only) and legacyPolygons default to
// false. It reports its cover parameters (17, 8, 4: recorded defaults).
func normalizeGeo(body jsonx.Obj, ix *Index) *apierr.Error {
	fv, _ := body.Get("fields")
	fields, err := fieldsOf(fv, 1, 2, true, false)
	if err != nil {
		return err
	}
	geoJSON := len(fields) == 1 && jsonx.Bool(body, "geoJson")
	legacy := jsonx.Bool(body, "legacyPolygons")
	ix.Fields, ix.Sparse = fields, true
	ix.Attrs = jsonx.Obj{{"bestIndexedLevel", 17}, {"geoJson", geoJSON}, {"legacyPolygons", legacy},
		{"maxNumCoverCells", 8}, {"worstIndexedLevel", 4}}
	ix.Match = jsonx.Obj{{"geoJson", geoJSON}}
	ix.Def = append(ix.Def, jsonx.KV{"fields", StringsToAny(fields)}, jsonx.KV{"sparse", true}, jsonx.KV{"unique", false})
	if len(fields) == 1 {
		ix.Def = append(ix.Def, jsonx.KV{"geoJson", geoJSON})
	}
	ix.Def = append(ix.Def, jsonx.KV{"legacyPolygons", legacy}, jsonx.KV{"inBackground", inBackgroundOf(body)})
	return nil
}

// normalizeFulltext is enhanceJsonIndexFulltext: one field, sparse, not
// unique, minLength a number (default 2; below 1 becomes 1).
func normalizeFulltext(body jsonx.Obj, ix *Index) *apierr.Error {
	fv, _ := body.Get("fields")
	fields, err := fieldsOf(fv, 1, 1, true, false)
	if err != nil {
		return err
	}
	minLength := 2
	if mv, ok := body.Get("minLength"); ok && mv != nil {
		f, isNum := NumberValue(mv)
		if !isNum {
			return BadParam("")
		}
		minLength = int(f)
	}
	minLength = max(minLength, 1)
	ix.Fields, ix.Sparse = fields, true
	ix.Attrs = jsonx.Obj{{"minLength", minLength}}
	ix.Match = jsonx.Obj{{"minLength", minLength}}
	ix.Def = append(ix.Def, jsonx.KV{"fields", StringsToAny(fields)}, jsonx.KV{"sparse", true}, jsonx.KV{"unique", false},
		jsonx.KV{"minLength", minLength}, jsonx.KV{"inBackground", inBackgroundOf(body)})
	return nil
}

// zkdValueTypes: fieldValueTypes must be "double".
func zkdValueTypes(body jsonx.Obj, typ string) *apierr.Error {
	if v, _ := body.Get("fieldValueTypes"); v != "double" {
		return BadParam(typ + " index requires `fieldValueTypes` to be set to `double` - future " +
			"releases might lift this requirement")
	}
	return nil
}

// normalizeZkd is enhanceJsonIndexZkd (3.10, 3.11): fieldValueTypes
// "double", fields, never sparse, unique allowed.
func normalizeZkd(body jsonx.Obj, ix *Index) *apierr.Error {
	if err := zkdValueTypes(body, "zkd"); err != nil {
		return err
	}
	fv, _ := body.Get("fields")
	fields, err := fieldsOf(fv, 1, 1<<31-1, true, false)
	if err != nil {
		return err
	}
	if s, _ := body.Get("sparse"); s == true {
		return BadParam("zkd index does not support sparse property")
	}
	ix.Fields, ix.Unique = fields, jsonx.Bool(body, "unique")
	ix.Attrs = jsonx.Obj{{"fieldValueTypes", "double"}}
	ix.Def = append(ix.Def, jsonx.KV{"fieldValueTypes", "double"}, jsonx.KV{"fields", StringsToAny(fields)},
		jsonx.KV{"unique", ix.Unique}, jsonx.KV{"inBackground", inBackgroundOf(body)})
	return nil
}

// normalizeMdi is MdiIndexDefinition / MdiPrefixedIndexDefinition (3.12):
// fieldValueTypes "double", fields, sparse and unique allowed; mdi never
// estimates and refuses prefixFields; mdi-prefixed needs prefixFields and
// estimates by default.
func normalizeMdi(body jsonx.Obj, ix *Index) *apierr.Error {
	_, hasPrefix := body.Get("prefixFields")
	if ix.Type == "mdi" && hasPrefix {
		return BadParam("`mdi` index does not support prefixed fields. use `mdi-prefixed` as type instead.")
	}
	if err := zkdValueTypes(body, ix.Type); err != nil {
		return err
	}
	fv, _ := body.Get("fields")
	fields, err := fieldsOf(fv, 1, 1<<31-1, true, false)
	if err != nil {
		return err
	}
	ix.Fields, ix.Unique, ix.Sparse = fields, jsonx.Bool(body, "unique"), jsonx.Bool(body, "sparse")
	estimates := false
	ix.Attrs = jsonx.Obj{{"fieldValueTypes", "double"}}
	if ix.Type == "mdi-prefixed" {
		pv, _ := body.Get("prefixFields")
		prefix, err := fieldsOf(pv, 1, 1<<31-1, true, false)
		if err != nil {
			return err
		}
		estimates = boolOr(body, "estimates", true)
		ix.Attrs = append(ix.Attrs, jsonx.KV{"prefixFields", StringsToAny(prefix)})
		ix.Match = jsonx.Obj{{"prefixFields", StringsToAny(prefix)}}
	}
	ix.Estimated = estimates
	ix.Attrs = append(ix.Attrs, jsonx.KV{"estimates", estimates})
	ix.Def = append(ix.Def, jsonx.KV{"estimates", estimates})
	ix.Def = append(ix.Def, ix.Attrs.Without("estimates")...)
	ix.Def = append(ix.Def, jsonx.KV{"fields", StringsToAny(fields)}, jsonx.KV{"sparse", ix.Sparse}, jsonx.KV{"unique", ix.Unique},
		jsonx.KV{"inBackground", inBackgroundOf(body)})
	return nil
}

// Inverted indexes (CONTRACT.md §14.3): the emulator keeps the attributes
// arangod reports for an inverted index with the built-in analyzers
// "identity" and "text_<language>", plain fields, and the numeric
// maintenance settings; nested fields, other analyzers, primarySort and
// storedValues with content, and a consolidationPolicy of one's own are
// not emulated (501).

// InvertedConsolidation is the default consolidation of the version (rec
// docs-hugo RestIndexCreateNewInverted_single 3.10, 3.11, 3.12; rn 3.12:
// new defaults in 3.12.6, other options from 3.12.7).
func InvertedConsolidation(v version.Version) (int, jsonx.Obj) {
	switch {
	case v.AtLeast(3, 12, 7):
		return 5000, jsonx.Obj{{"type", "tier"}, {"segmentsBytesMax", int64(8589934592)},
			{"maxSkewThreshold", json.Number("0.4")}, {"minDeletionRatio", json.Number("0.5")}}
	case v.AtLeast(3, 12, 6):
		return 5000, jsonx.Obj{{"type", "tier"}, {"segmentsBytesFloor", 25165824}, {"segmentsBytesMax", int64(8589934592)},
			{"segmentsMax", 200}, {"segmentsMin", 50}, {"minScore", 0}}
	default:
		return 1000, jsonx.Obj{{"type", "tier"}, {"segmentsBytesFloor", 2097152}, {"segmentsBytesMax", int64(5368709120)},
			{"segmentsMax", 10}, {"segmentsMin", 1}, {"minScore", 0}}
	}
}

// hasOptimizeTopK: inverted indexes report optimizeTopK from 3.12.0 (rn 3.12).
func hasOptimizeTopK(v version.Version) bool { return v.AtLeast(3, 12, 0) }

// analyzerFeatures are the features of the built-in analyzers the emulator
// knows (recorded: identity has frequency and norm, text_en frequency,
// position and norm).
func analyzerFeatures(name string) ([]any, bool) {
	switch {
	case name == "identity":
		return []any{"frequency", "norm"}, true
	case strings.HasPrefix(name, "text_") && len(name) == len("text_xx"):
		return []any{"frequency", "position", "norm"}, true
	}
	return nil, false
}

func notEmulated(what string) *apierr.Error {
	return apierr.New(501, apierr.NotImplemented, "not implemented by the emulator: inverted index "+what)
}

// normalizeInverted reads an inverted index definition: fields (strings,
// or objects with name, analyzer and features), analyzer (default
// identity), features (default the analyzer's), includeAllFields,
// trackListPositions, searchField, the numeric settings, optimizeTopK
// (3.12+). It is always sparse and not unique, version 1.
func normalizeInverted(body jsonx.Obj, ix *Index, v version.Version) *apierr.Error {
	analyzer := "identity"
	if a, ok := body.Get("analyzer"); ok {
		s, _ := a.(string)
		if _, known := analyzerFeatures(s); !known {
			return notEmulated("with analyzer " + string(jsonx.Marshal(a)))
		}
		analyzer = s
	}
	features, _ := analyzerFeatures(analyzer)
	if f, ok := body.Get("features"); ok {
		list, isArr := f.([]any)
		if !isArr {
			return notEmulated("with features " + string(jsonx.Marshal(f)))
		}
		features = list
	}
	fv, _ := body.Get("fields")
	list, _ := fv.([]any)
	fields := []any{}
	names := []string{}
	for _, e := range list {
		switch f := e.(type) {
		case string:
			if f == "" || slices.Contains(names, f) {
				return BadParam("index field names must be non-empty strings")
			}
			names = append(names, f)
			fields = append(fields, jsonx.Obj{{"name", f}})
		case jsonx.Obj:
			out, name, err := invertedField(f)
			if err != nil {
				return err
			}
			if slices.Contains(names, name) {
				return BadParam("duplicate attribute name in index fields list")
			}
			names = append(names, name)
			fields = append(fields, out)
		default:
			return BadParam("index field names must be non-empty strings")
		}
	}
	includeAll := jsonx.Bool(body, "includeAllFields")
	if len(names) == 0 && !includeAll {
		return BadParam("invalid number of index attributes")
	}
	for _, k := range []string{"primarySort", "storedValues", "consolidationPolicy", "nested"} {
		if v, ok := body.Get(k); ok && !emptyValue(v) {
			return notEmulated("with " + k)
		}
	}
	interval, policy := InvertedConsolidation(v)
	num := func(k string, def any) any {
		if v, ok := body.Get(k); ok {
			if n, isNum := v.(json.Number); isNum {
				return n
			}
		}
		return def
	}
	ix.Fields, ix.Sparse = names, true
	ix.Attrs = jsonx.Obj{
		{"analyzer", analyzer},
		{"cleanupIntervalStep", num("cleanupIntervalStep", 2)},
		{"commitIntervalMsec", num("commitIntervalMsec", 1000)},
		{"consolidationIntervalMsec", num("consolidationIntervalMsec", interval)},
		{"consolidationPolicy", policy},
		{"features", features},
		{"includeAllFields", includeAll},
		{"primarySort", jsonx.Obj{{"fields", []any{}}, {"compression", "lz4"}}},
		{"searchField", jsonx.Bool(body, "searchField")},
		{"storedValues", []any{}},
		{"trackListPositions", jsonx.Bool(body, "trackListPositions")},
		{"version", 1},
		{"writebufferActive", num("writebufferActive", 0)},
		{"writebufferIdle", num("writebufferIdle", 64)},
		{"writebufferSizeMax", num("writebufferSizeMax", 33554432)},
	}
	if hasOptimizeTopK(v) {
		topK := []any{}
		if v, ok := body.Get("optimizeTopK"); ok {
			arr, isArr := v.([]any)
			if !isArr {
				return notEmulated("with optimizeTopK " + string(jsonx.Marshal(v)))
			}
			topK = arr
		}
		ix.Attrs = append(ix.Attrs, jsonx.KV{"optimizeTopK", topK})
	}
	// the field objects replace the plain names in what is reported
	ix.Attrs = append(ix.Attrs, jsonx.KV{"fields", fields})
	ix.Match = ix.Attrs.Clone()
	ix.Def = append(ix.Def, ix.Attrs.Clone()...)
	ix.Def = append(ix.Def, jsonx.KV{"unique", false}, jsonx.KV{"sparse", true}, jsonx.KV{"inBackground", inBackgroundOf(body)})
	return nil
}

// invertedField is one object of an inverted index's fields: name,
// analyzer, features, reported as features, analyzer, name (recorded).
func invertedField(f jsonx.Obj) (jsonx.Obj, string, *apierr.Error) {
	nv, _ := f.Get("name")
	name, _ := nv.(string)
	if name == "" {
		return nil, "", BadParam("index field names must be non-empty strings")
	}
	for _, e := range f {
		if e.K != "name" && e.K != "analyzer" && e.K != "features" {
			return nil, "", notEmulated("field attribute " + e.K)
		}
	}
	out := jsonx.Obj{}
	var features []any
	analyzer := ""
	if a, ok := f.Get("analyzer"); ok {
		s, _ := a.(string)
		fs, known := analyzerFeatures(s)
		if !known {
			return nil, "", notEmulated("with analyzer " + string(jsonx.Marshal(a)))
		}
		analyzer, features = s, fs
	}
	if fv, ok := f.Get("features"); ok {
		list, isArr := fv.([]any)
		if !isArr {
			return nil, "", notEmulated("with features " + string(jsonx.Marshal(fv)))
		}
		features = list
	}
	if features != nil {
		out = append(out, jsonx.KV{"features", features})
	}
	if analyzer != "" {
		out = append(out, jsonx.KV{"analyzer", analyzer})
	}
	return append(out, jsonx.KV{"name", name}), name, nil
}

// emptyValue: null, [] or {}.
func emptyValue(v any) bool {
	switch t := v.(type) {
	case nil:
		return true
	case []any:
		return len(t) == 0
	case jsonx.Obj:
		return len(t) == 0
	}
	return false
}
