package docstore

import (
	"testing"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/indexdef"
	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/jsonx"
)

func TestCloneAndIndexes(t *testing.T) {
	c := &Collection{ID: 7, Name: "e", Type: TypeEdge, Docs: map[string]*Document{
		"a": {Key: "a", Body: jsonx.Obj{{"_from", "v/1"}, {"_to", "v/2"}, {"x", 1}}},
		"b": {Key: "b", Body: jsonx.Obj{{"_from", "v/1"}, {"_to", "v/3"}, {"x", 1}}},
	}}
	c.Indexes = []*indexdef.Index{{ID: 9, Name: "byX", Type: "persistent", Fields: []string{"x"}, Estimated: true}}
	db := &Database{Name: "d", Colls: map[string]*Collection{"e": c}, Order: []*Collection{c}}
	all := c.AllIndexes(true)
	if len(all) != 3 {
		t.Fatalf("AllIndexes: %d, want primary, edge and byX", len(all))
	}
	if got := string(jsonx.Marshal(all[2])); got != `{"fields":["x"],"id":"e/9","name":"byX","selectivityEstimate":0.5,"sparse":false,"type":"persistent","unique":false}` {
		t.Errorf("byX = %s", got)
	}
	cl := db.Clone()
	cl.Colls["e"].Docs["a"].Body[2].V = 2
	if v, _ := c.Docs["a"].Body.Get("x"); v != 1 {
		t.Error("Clone shares a document")
	}
	if cl.Order[0] != cl.Colls["e"] || cl.Order[0] == c {
		t.Error("Clone: Order and Colls name the same new collections")
	}
}

func TestHelpers(t *testing.T) {
	got := MergeObjects(jsonx.Obj{{"a", jsonx.Obj{{"x", 1}}}, {"b", 1}}, jsonx.Obj{{"a", jsonx.Obj{{"y", 2}}}, {"b", nil}})
	if s := string(jsonx.Marshal(got)); s != `{"a":{"x":1,"y":2},"b":null}` {
		t.Errorf("MergeObjects = %s", s)
	}
	if !ContainsField([]string{"a"}, "a:") || ContainsField([]string{"a"}, "b") || !ValidHandle("c/k") || ValidHandle("c") {
		t.Error("ContainsField or ValidHandle")
	}
}
