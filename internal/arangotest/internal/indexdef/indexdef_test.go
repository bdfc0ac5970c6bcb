package indexdef

import (
	"testing"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/apierr"
	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/jsonx"
	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/version"
)

func TestNormalize(t *testing.T) {
	v311, _ := version.Parse("3.11.0")
	v312, _ := version.Parse("3.12.0")
	parse := func(s string) jsonx.Obj {
		o, err := jsonx.Parse([]byte(s))
		if err != nil {
			t.Fatal(err)
		}
		return o.(jsonx.Obj)
	}
	next := func() uint64 { return 42 }
	ix, err := Normalize(parse(`{"type":"hash","fields":["a","b"],"unique":true}`), v312, false, next)
	if err != nil || ix.Type != "persistent" || ix.Name != "idx_42" || !ix.Unique || len(ix.Fields) != 2 {
		t.Fatalf("Normalize(hash) = %+v, %v", ix, err)
	}
	if c := ix.Clone(); !c.Matches(ix) || &c.Fields[0] == &ix.Fields[0] {
		t.Error("Clone: a deep copy that matches")
	}
	if z, err := Normalize(parse(`{"type":"zkd","fields":["x"],"fieldValueTypes":"double"}`), v312, false, next); err != nil || z.Type != "mdi" {
		t.Errorf("Normalize(zkd) on 3.12 = %+v, %v", z, err)
	}
	if _, err := Normalize(parse(`{"type":"mdi","fields":["x"],"fieldValueTypes":"double"}`), v311, false, next); err == nil || err.Num != apierr.BadParameter {
		t.Errorf("Normalize(mdi) on 3.11 = %v", err)
	}
	if _, err := Normalize(parse(`{"type":"persistent","fields":["a"],"name":"1x"}`), v312, false, next); err == nil || err.Num != apierr.IllegalName {
		t.Errorf("Normalize with name 1x = %v", err)
	}
}
