package arangotest

import (
	"reflect"
	"regexp"
	"testing"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/jsonx"
)

// Hot backups answer as recorded (RestBackupCreateBackup,
// RestBackupListBackup, RestBackupDeleteBackup of 3.11.14; CONTRACT.md §11.6).
func TestHotBackups(t *testing.T) {
	t.Parallel()
	s := NewServer(t, Options{Password: pw})
	root := newClient(t, s.URL()).asRoot(pw)
	o := root.do("POST", "/_admin/backup/create", `{"label":"foo","allowInconsistent":false,"timeout":120}`).expect(t, 201)
	res := field(t, o, "result").(obj)
	if got := keys(res); !reflect.DeepEqual(got, []string{"id", "potentiallyInconsistent", "sizeInBytes", "datetime", "nrDBServers", "nrFiles"}) {
		t.Errorf("create keys %v", got)
	}
	id := str(t, res, "id")
	if !regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d\.\d\d\.\d\dZ_foo$`).MatchString(id) || num(t, res, "nrDBServers") != 1 {
		t.Errorf("create %s", jsonx.Marshal(res))
	}
	root.do("POST", "/_admin/backup/create", ``).expect(t, 201)
	o = root.do("POST", "/_admin/backup/list", `{}`).expect(t, 200)
	res = field(t, o, "result").(obj)
	if got := keys(res); !reflect.DeepEqual(got, []string{"server", "list"}) || len(field(t, res, "list").(obj)) != 2 {
		t.Errorf("list %s", jsonx.Marshal(res))
	}
	entry := field(t, field(t, res, "list").(obj), id).(obj)
	if got := keys(entry); !reflect.DeepEqual(got, []string{"id", "version", "datetime", "keys", "sizeInBytes", "nrFiles",
		"nrDBServers", "available", "nrPiecesPresent", "potentiallyInconsistent", "countIncludesFilesOnly"}) {
		t.Errorf("list entry keys %v", got)
	}
	o = root.do("POST", "/_admin/backup/list", `{"id":"`+id+`"}`).expect(t, 200)
	if n := len(field(t, field(t, o, "result").(obj), "list").(obj)); n != 1 {
		t.Errorf("list by id: %d", n)
	}
	if got := string(jsonx.Marshal(root.do("POST", "/_admin/backup/delete", `{"id":"`+id+`"}`).expect(t, 200))); got != `{"error":false,"code":200,"result":{}}` {
		t.Errorf("delete %s", got)
	}
	expectError(t, root.do("POST", "/_admin/backup/delete", `{"id":"`+id+`"}`), 404, 7007, "no such hot backup set can be found", byHandler)
	expectError(t, root.do("POST", "/_admin/backup/list", `{"id":"`+id+`"}`), 404, 7007, "", byHandler)
	expectError(t, root.do("POST", "/_admin/backup/delete", `{}`), 400, 400, "", byHandler)
	expectError(t, root.do("GET", "/_admin/backup/list", ""), 405, 405, "", byHandler)

	if err := s.CreateUser("u", "pw"); err != nil {
		t.Fatal(err)
	}
	root.do("PUT", "/_api/user/u/database/_system", `{"grant":"ro"}`).expect(t, 200)
	expectError(t, root.as("u", "pw").do("POST", "/_admin/backup/list", `{}`), 403, 403, "you need admin rights for hotbackup operations", byHandler)
}

// The Community Edition has no hot backup route before 3.12.5; a cluster
// backs up every DB server.
func TestHotBackupEditions(t *testing.T) {
	t.Parallel()
	ce := NewServer(t, Options{Password: pw, License: "community", Version: "3.11.14"})
	expectError(t, newClient(t, ce.URL()).asRoot(pw).do("POST", "/_admin/backup/create", `{}`), 404, 404, "unknown path '/_admin/backup/create'", byJS)
	if got := str(t, newClient(t, ce.URL()).asRoot(pw).do("GET", "/_api/version", "").expect(t, 200), "license"); got != "community" {
		t.Errorf("license %q", got)
	}
	ce125 := NewServer(t, Options{Password: pw, License: "community", Version: "3.12.5"})
	newClient(t, ce125.URL()).asRoot(pw).do("POST", "/_admin/backup/create", `{}`).expect(t, 201)

	cl := NewServer(t, Options{Password: pw, Topology: "cluster", DBServers: 3})
	o := newClient(t, cl.URL()).asRoot(pw).do("POST", "/_admin/backup/create", `{"label":"pre-upgrade"}`).expect(t, 201)
	if n := num(t, field(t, o, "result").(obj), "nrDBServers"); n != 3 {
		t.Errorf("nrDBServers %d", n)
	}
	o = newClient(t, cl.URL()).asRoot(pw).do("POST", "/_admin/backup/list", ``).expect(t, 200)
	if got := keys(field(t, o, "result").(obj)); !reflect.DeepEqual(got, []string{"list"}) {
		t.Errorf("cluster list keys %v", got)
	}
}
