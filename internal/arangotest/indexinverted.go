package arangotest

import (
	"encoding/json"
	"slices"
	"strings"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/apierr"
	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/jsonx"
)

// Inverted indexes (CONTRACT.md §14.3): the emulator keeps the attributes
// arangod reports for an inverted index with the built-in analyzers
// "identity" and "text_<language>", plain fields, and the numeric
// maintenance settings; nested fields, other analyzers, primarySort and
// storedValues with content, and a consolidationPolicy of one's own are
// not emulated (501).

// invertedConsolidation is the default consolidation of the version (rec
// docs-hugo RestIndexCreateNewInverted_single 3.10, 3.11, 3.12; rn 3.12:
// new defaults in 3.12.6, other options from 3.12.7).
func (v semver) invertedConsolidation() (int, obj) {
	switch {
	case v.AtLeast(3, 12, 7):
		return 5000, obj{{"type", "tier"}, {"segmentsBytesMax", int64(8589934592)},
			{"maxSkewThreshold", json.Number("0.4")}, {"minDeletionRatio", json.Number("0.5")}}
	case v.AtLeast(3, 12, 6):
		return 5000, obj{{"type", "tier"}, {"segmentsBytesFloor", 25165824}, {"segmentsBytesMax", int64(8589934592)},
			{"segmentsMax", 200}, {"segmentsMin", 50}, {"minScore", 0}}
	default:
		return 1000, obj{{"type", "tier"}, {"segmentsBytesFloor", 2097152}, {"segmentsBytesMax", int64(5368709120)},
			{"segmentsMax", 10}, {"segmentsMin", 1}, {"minScore", 0}}
	}
}

// hasOptimizeTopK: inverted indexes report optimizeTopK from 3.12.0 (rn 3.12).
func (v semver) hasOptimizeTopK() bool { return v.AtLeast(3, 12, 0) }

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
func (d *deployment) normalizeInverted(body obj, ix *index) *apierr.Error {
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
				return badIndexParam("index field names must be non-empty strings")
			}
			names = append(names, f)
			fields = append(fields, obj{{"name", f}})
		case obj:
			out, name, err := invertedField(f)
			if err != nil {
				return err
			}
			if slices.Contains(names, name) {
				return badIndexParam("duplicate attribute name in index fields list")
			}
			names = append(names, name)
			fields = append(fields, out)
		default:
			return badIndexParam("index field names must be non-empty strings")
		}
	}
	includeAll := jsonx.Bool(body, "includeAllFields")
	if len(names) == 0 && !includeAll {
		return badIndexParam("invalid number of index attributes")
	}
	for _, k := range []string{"primarySort", "storedValues", "consolidationPolicy", "nested"} {
		if v, ok := body.Get(k); ok && !emptyValue(v) {
			return notEmulated("with " + k)
		}
	}
	interval, policy := d.version.invertedConsolidation()
	num := func(k string, def any) any {
		if v, ok := body.Get(k); ok {
			if n, isNum := v.(json.Number); isNum {
				return n
			}
		}
		return def
	}
	ix.fields, ix.sparse = names, true
	ix.attrs = obj{
		{"analyzer", analyzer},
		{"cleanupIntervalStep", num("cleanupIntervalStep", 2)},
		{"commitIntervalMsec", num("commitIntervalMsec", 1000)},
		{"consolidationIntervalMsec", num("consolidationIntervalMsec", interval)},
		{"consolidationPolicy", policy},
		{"features", features},
		{"includeAllFields", includeAll},
		{"primarySort", obj{{"fields", []any{}}, {"compression", "lz4"}}},
		{"searchField", jsonx.Bool(body, "searchField")},
		{"storedValues", []any{}},
		{"trackListPositions", jsonx.Bool(body, "trackListPositions")},
		{"version", 1},
		{"writebufferActive", num("writebufferActive", 0)},
		{"writebufferIdle", num("writebufferIdle", 64)},
		{"writebufferSizeMax", num("writebufferSizeMax", 33554432)},
	}
	if d.version.hasOptimizeTopK() {
		topK := []any{}
		if v, ok := body.Get("optimizeTopK"); ok {
			arr, isArr := v.([]any)
			if !isArr {
				return notEmulated("with optimizeTopK " + string(jsonx.Marshal(v)))
			}
			topK = arr
		}
		ix.attrs = append(ix.attrs, kv{"optimizeTopK", topK})
	}
	// the field objects replace the plain names in what is reported
	ix.attrs = append(ix.attrs, kv{"fields", fields})
	ix.match = ix.attrs.Clone()
	ix.def = append(ix.def, ix.attrs.Clone()...)
	ix.def = append(ix.def, kv{"unique", false}, kv{"sparse", true}, kv{"inBackground", inBackgroundOf(body)})
	return nil
}

// invertedField is one object of an inverted index's fields: name,
// analyzer, features, reported as features, analyzer, name (recorded).
func invertedField(f obj) (obj, string, *apierr.Error) {
	nv, _ := f.Get("name")
	name, _ := nv.(string)
	if name == "" {
		return nil, "", badIndexParam("index field names must be non-empty strings")
	}
	for _, e := range f {
		if e.K != "name" && e.K != "analyzer" && e.K != "features" {
			return nil, "", notEmulated("field attribute " + e.K)
		}
	}
	out := obj{}
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
		out = append(out, kv{"features", features})
	}
	if analyzer != "" {
		out = append(out, kv{"analyzer", analyzer})
	}
	return append(out, kv{"name", name}), name, nil
}

// emptyValue: null, [] or {}.
func emptyValue(v any) bool {
	switch t := v.(type) {
	case nil:
		return true
	case []any:
		return len(t) == 0
	case obj:
		return len(t) == 0
	}
	return false
}
