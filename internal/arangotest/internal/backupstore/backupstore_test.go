package backupstore

import (
	"testing"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/jsonx"
)

func TestStore(t *testing.T) {
	var bs Store
	if !bs.Add(&Backup{ID: "a", Version: "3.12.4", Data: &Data{}}) || bs.Add(&Backup{ID: "a"}) || !bs.Add(&Backup{ID: "b", NrDBServers: 2}) {
		t.Fatal("Add: a new id is added, a known one refused")
	}
	bs.SetVersion("a", "3.11.14")
	if d, v := bs.Find("a"); d == nil || v != "3.11.14" {
		t.Errorf("Find(a) = %v, %q", d, v)
	}
	if list, found := bs.List([]string{"b"}); found != 1 || len(list) != 1 || list[0].K != "b" {
		t.Errorf("List(b) = %s, %d", jsonx.Marshal(list), found)
	}
	if !bs.Remove("a") || bs.Remove("a") || len(bs.IDs()) != 1 || bs.ByID("b") == nil {
		t.Error("Remove: a once, b stays")
	}
}
