package arangotest

import (
	"reflect"
	"slices"
	"testing"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/backupstore"
	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/collprops"
	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/docstore"
	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/indexdef"
	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/model"
	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/userstore"
)

// The file holds every field of the state a backup keeps: a field added
// to one of these types must be written and read by backup_file.go too
// (then add it here).
func TestBackupFileCoversState(t *testing.T) {
	for _, tc := range []struct {
		v      any
		fields []string
	}{
		{backupstore.Backup{}, []string{"ID", "Version", "Datetime", "SizeInBytes", "NrFiles", "NrDBServers", "PotentiallyInconsistent", "Data"}},
		{backupstore.Data{}, []string{"DBs", "Users"}},
		{docstore.Database{}, []string{"ID", "Name", "IsSystem", "ReplicationFactor", "WriteConcern", "Sharding", "Colls", "Order"}},
		{docstore.Collection{}, []string{"ID", "ObjectID", "Name", "Type", "IsSystem", "WaitForSync", "GUID", "LastValue", "Docs", "Props", "Indexes",
			"NumberOfShards", "ReplicationFactor", "WriteConcern", "Shards", "Sharding", "Placement"}},
		{docstore.Document{}, []string{"Key", "Rev", "Body"}},
		{collprops.Props{}, []string{"Schema", "ComputedValues", "CacheEnabled", "KeyType", "NoUserKeys", "SingleWriteConcern", "WriteConcernSet"}},
		{indexdef.Index{}, []string{"ID", "Name", "Type", "Fields", "Unique", "Sparse", "Estimated", "Attrs", "Def", "Match"}},
		{collprops.Sharding{}, []string{"Satellite", "ShardingStrategy", "DistributeShardsLike", "SmartJoinAttribute", "ShardKeys"}},
		{docstore.ShardPlacement{}, []string{"Plan", "Current"}},
		{userstore.User{}, []string{"Name", "Password", "Active", "Extra", "DBs"}},
		{userstore.Grant{}, []string{"Level", "Colls"}},
	} {
		typ := reflect.TypeOf(tc.v)
		var got []string
		for i := range typ.NumField() {
			got = append(got, typ.Field(i).Name)
		}
		if !slices.Equal(got, tc.fields) {
			t.Errorf("%s has fields %v; backup_file.go handles %v", typ.Name(), got, tc.fields)
		}
	}
}

// What is written reads back as the same state: encoding the read backup
// gives the same file, and a cluster's shard placement finds its members.
func TestBackupFileRoundTrip(t *testing.T) {
	t.Parallel()
	for _, topology := range []string{"single", "cluster"} {
		s := NewServer(t, Options{Topology: topology, Version: "3.12.10", Password: pw})
		root := newClient(t, s.URL()).asRoot(pw)
		root.do("POST", "/_api/database", `{"name":"shop"}`).expect(t, 201)
		root.do("POST", "/_db/shop/_api/collection", `{"name":"orders","schema":{"rule":{"type":"object"},"level":"moderate","message":"no"},`+
			`"computedValues":[{"name":"c","expression":"RETURN 1","overwrite":true}],"keyOptions":{"type":"uuid","allowUserKeys":false}}`).expect(t, 200)
		root.do("POST", "/_db/shop/_api/collection", `{"name":"edges","type":3}`).expect(t, 200)
		root.do("POST", "/_db/shop/_api/index?collection=orders", `{"type":"persistent","fields":["a","b"],"unique":true,"sparse":true}`).expect(t, 201)
		root.do("POST", "/_db/shop/_api/index?collection=orders", `{"type":"ttl","fields":["at"],"expireAfter":60}`).expect(t, 201)
		root.do("POST", "/_db/shop/_api/document/orders", `{"a":1,"b":[true,null,"x"],"at":{"n":2.5}}`).expect(t, 202)
		root.do("POST", "/_api/user", `{"user":"app","passwd":"pw","extra":{"team":"a"}}`).expect(t, 201)
		root.do("PUT", "/_api/user/app/database/shop/orders", `{"grant":"ro"}`).expect(t, 200)
		root.do("POST", "/_admin/backup/create", `{"label":"x"}`).expect(t, 201)
		b := s.state.Backups.ByID(s.state.Backups.IDs()[0])
		raw := model.EncodeBackup(b)
		back, err := model.DecodeBackup(raw, s.topo.DBServer)
		if err != nil {
			t.Fatalf("%s: %v", topology, err)
		}
		if again := model.EncodeBackup(back); string(again) != string(raw) {
			t.Errorf("%s: read back as\n%s\nwritten\n%s", topology, again, raw)
		}
		coll := back.Data.DBs["shop"].Colls["orders"]
		if topology == "cluster" && (len(coll.Placement) == 0 || len(coll.Placement[0].Plan) == 0 || coll.Placement[0].Plan[0] != b.Data.DBs["shop"].Colls["orders"].Placement[0].Plan[0]) {
			t.Errorf("placement not resolved to the members")
		}
		if _, err := model.DecodeBackup([]byte(`{"format":"other"}`), s.topo.DBServer); err == nil {
			t.Error("read a file of another format")
		}
		if _, err := model.DecodeBackup(raw[:len(raw)/2], s.topo.DBServer); err == nil {
			t.Error("read half a file")
		}
	}
}
