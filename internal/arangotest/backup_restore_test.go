package arangotest

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/jsonx"
)

// A restore puts back the databases, collections, documents, users and
// grants the backup holds, and the server restarts (its uptime starts
// again); the backup can be restored again. Unknown ids, versions of
// another minor release and bad bodies are refused as arangod refuses them
// (CONTRACT.md §11.6).
func TestHotBackupRestore(t *testing.T) {
	t.Parallel()
	for _, topology := range []string{"single", "cluster"} {
		t.Run(topology, func(t *testing.T) {
			s := NewServer(t, Options{Topology: topology, Version: "3.12.10", Password: pw})
			root := newClient(t, s.URL()).asRoot(pw)
			root.do("POST", "/_api/database", `{"name":"keep"}`).expect(t, 201)
			root.do("POST", "/_db/keep/_api/collection", `{"name":"orders"}`).expect(t, 200)
			root.do("POST", "/_db/keep/_api/document/orders", `{"_key":"a"}`).expect(t, 202)
			root.do("POST", "/_api/user", `{"user":"app","passwd":"pw"}`).expect(t, 201)
			root.do("PUT", "/_api/user/app/database/keep", `{"grant":"ro"}`).expect(t, 200)
			id := str(t, field(t, root.do("POST", "/_admin/backup/create", `{"label":"before"}`).expect(t, 201), "result").(obj), "id")

			root.do("DELETE", "/_api/database/keep", "").expect(t, 200)
			root.do("POST", "/_api/database", `{"name":"later"}`).expect(t, 201)
			root.do("DELETE", "/_api/user/app", "").expect(t, 202)
			time.Sleep(20 * time.Millisecond)
			uptime := func() float64 {
				o := root.do("GET", "/_admin/statistics", "").expect(t, 200)
				f, err := field(t, field(t, o, "server").(obj), "uptime").(json.Number).Float64()
				if err != nil {
					t.Fatal(err)
				}
				return f
			}
			if topology == "single" && uptime() <= 0.01 {
				t.Fatalf("uptime %v before the restore", uptime())
			}

			o := root.do("POST", "/_admin/backup/restore", `{"id":"`+id+`"}`).expect(t, 200)
			if res := field(t, o, "result").(obj); str(t, res, "previous") != "FAILSAFE" || field(t, res, "isCluster") != (topology == "cluster") {
				t.Errorf("restore %s", jsonx.Marshal(o))
			}
			if topology == "single" && uptime() > 0.01 {
				t.Errorf("uptime %v after the restore: no restart", uptime())
			}
			root.do("GET", "/_db/keep/_api/document/orders/a", "").expect(t, 200)
			expectError(t, root.do("GET", "/_db/later/_api/version", ""), 404, 1228, "database not found", byComm)
			if s.UserGrant("app", "keep", "") != "ro" {
				t.Errorf("app's grant on keep after the restore: %s", s.UserGrant("app", "keep", ""))
			}
			// The backup is unchanged: writes after a restore are not in it.
			root.do("POST", "/_db/keep/_api/document/orders", `{"_key":"b"}`).expect(t, 202)
			root.do("POST", "/_admin/backup/restore", `{"id":"`+id+`"}`).expect(t, 200)
			expectError(t, root.do("GET", "/_db/keep/_api/document/orders/b", ""), 404, 1202, "", byHandler)

			expectError(t, root.do("POST", "/_admin/backup/restore", `{"id":"2026-01-01T00.00.00Z_nope"}`), 404, 404, "No such backup", byHandler)
			s.state.Backups.SetVersion(s.state.Backups.IDs()[0], "3.11.14")
			if topology == "cluster" {
				expectError(t, root.do("POST", "/_admin/backup/restore", `{"id":"`+id+`"}`), 400, 7002, "Version mismatch", byHandler)
			} else {
				expectError(t, root.do("POST", "/_admin/backup/restore", `{"id":"`+id+`"}`), 400, 1,
					"RocksDBHotBackupRestore unable to restore: version mismatch", byHandler)
			}
			expectError(t, root.do("POST", "/_admin/backup/restore", `{"id":"`+id+`","ignoreVersion":"yes"}`), 400, 400,
				"ignoreVersion must be a boolean", byHandler)
			root.do("POST", "/_admin/backup/restore", `{"id":"`+id+`","ignoreVersion":true}`).expect(t, 200)
		})
	}
}
