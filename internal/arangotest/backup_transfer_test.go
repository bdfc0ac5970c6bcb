package arangotest

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/jsonx"
	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/model"
)

// transferBody is a start request for a local repository.
func transferBody(id, repo string) string {
	return `{"id":"` + id + `","remoteRepository":"local:` + repo + `","config":{"local":{"type":"local"}}}`
}

// progress asks for a transfer's progress through route (upload or
// download) with key (uploadId or downloadId).
func progress(t *testing.T, c *client, route, key, id string) obj {
	t.Helper()
	o := c.do("POST", "/_admin/backup/"+route, `{"`+key+`":"`+id+`"}`).expect(t, 200)
	return field(t, o, "result").(obj)
}

// serverStates are the Status of each DB server of a progress report.
func serverStates(t *testing.T, res obj) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, e := range field(t, res, "DBServers").(obj) {
		out[e.K] = str(t, e.V.(obj), "Status")
	}
	return out
}

func allStates(t *testing.T, res obj, want string) {
	t.Helper()
	for server, st := range serverStates(t, res) {
		if st != want {
			t.Errorf("%s is %s, want %s: %s", server, st, want, jsonx.Marshal(res))
		}
	}
}

// A backup is uploaded, deleted, downloaded (it is listed again as it
// was) and restored: the data comes back. Transfers wait in ACK while
// the transfer duration holds them (CONTRACT.md §21).
func TestBackupTransferCycle(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ topology, version string }{
		{"single", "3.11.14"}, {"single", "3.10.14"}, {"cluster", "3.12.10"},
	} {
		t.Run(tc.topology+"-"+tc.version, func(t *testing.T) {
			t.Parallel()
			s := NewServer(t, Options{Topology: tc.topology, Version: tc.version, Password: pw, TransferDuration: time.Hour})
			root := newClient(t, s.URL()).asRoot(pw)
			root.do("POST", "/_api/database", `{"name":"shop"}`).expect(t, 201)
			root.do("POST", "/_db/shop/_api/collection", `{"name":"orders","numberOfShards":2}`).expect(t, 200)
			root.do("POST", "/_db/shop/_api/document/orders", `{"_key":"kept","n":1.5}`).expect(t, 202)
			created := field(t, root.do("POST", "/_admin/backup/create", `{"label":"transfer"}`).expect(t, 201), "result").(obj)
			id := str(t, created, "id")
			listed := func() obj {
				o := root.do("POST", "/_admin/backup/list", `{"id":"`+id+`"}`).expect(t, 200)
				e, _ := field(t, field(t, o, "result").(obj), "list").(obj).Get(id)
				return e.(obj)
			}
			before := listed()
			repo := t.TempDir()

			// upload: ACK while held, nothing written yet
			o := root.do("POST", "/_admin/backup/upload", transferBody(id, "/"+repo+"/./")).expect(t, 202)
			if got := string(jsonx.Marshal(o.Without("result"))); got != `{"error":false,"code":202}` {
				t.Errorf("upload answered %s", jsonx.Marshal(o))
			}
			up := str(t, field(t, o, "result").(obj), "uploadId")
			res := progress(t, root, "upload", "uploadId", up)
			if got := keys(res); !reflect.DeepEqual(got, []string{"Timestamp", "UploadId", "Cancelled", "BackupId", "DBServers"}) {
				t.Errorf("progress keys %v", got)
			}
			if str(t, res, "UploadId") != up || str(t, res, "BackupId") != id || field(t, res, "Cancelled") != false {
				t.Errorf("progress %s", jsonx.Marshal(res))
			}
			wantServers := []string{"SNGL"}
			if tc.topology == "cluster" {
				wantServers = s.DBServerIDs()
			}
			if got := keys(field(t, res, "DBServers").(obj)); !reflect.DeepEqual(got, wantServers) {
				t.Errorf("servers %v, want %v", got, wantServers)
			}
			allStates(t, res, "ACK")
			if _, err := os.Stat(filepath.Join(repo, id)); err == nil {
				t.Error("written before the upload completed")
			}
			if s.TransferStatus(up) != "ACK" {
				t.Errorf("TransferStatus %q", s.TransferStatus(up))
			}

			s.SetTransferDuration(0)
			res = progress(t, root, "upload", "uploadId", up)
			allStates(t, res, "COMPLETED")
			for _, e := range field(t, res, "DBServers").(obj) {
				p := field(t, e.V.(obj), "Progress").(obj)
				if got := keys(p); !reflect.DeepEqual(got, []string{"Total", "Done", "Time"}) || num(t, p, "Total") != num(t, p, "Done") ||
					num(t, p, "Total") != num(t, created, "nrFiles") {
					t.Errorf("progress of %s: %s", e.K, jsonx.Marshal(p))
				}
			}
			if _, err := os.Stat(filepath.Join(repo, id, model.BackupFileName)); err != nil {
				t.Fatalf("not uploaded: %v", err)
			}

			// later writes and the local deletion
			root.do("POST", "/_db/shop/_api/document/orders", `{"_key":"later"}`).expect(t, 202)
			root.do("POST", "/_admin/backup/delete", `{"id":"`+id+`"}`).expect(t, 200)
			expectError(t, root.do("POST", "/_admin/backup/list", `{"id":"`+id+`"}`), 404, 7007, "", byHandler)

			// download, held, then let through
			s.SetTransferDuration(time.Hour)
			o = root.do("POST", "/_admin/backup/download", transferBody(id, repo)).expect(t, 202)
			down := str(t, field(t, o, "result").(obj), "downloadId")
			res = progress(t, root, "download", "downloadId", down)
			if got := keys(res); !reflect.DeepEqual(got, []string{"Timestamp", "DownloadId", "Cancelled", "BackupId", "DBServers"}) {
				t.Errorf("download progress keys %v", got)
			}
			allStates(t, res, "ACK")
			// go-driver asks for a download's progress as an upload's
			allStates(t, progress(t, root, "upload", "uploadId", down), "ACK")
			expectError(t, root.do("POST", "/_admin/backup/list", `{"id":"`+id+`"}`), 404, 7007, "", byHandler)
			s.SetTransferDuration(0)
			allStates(t, progress(t, root, "download", "downloadId", down), "COMPLETED")
			if after := listed(); string(jsonx.Marshal(after)) != string(jsonx.Marshal(before)) {
				t.Errorf("downloaded backup listed as\n%s\nwas\n%s", jsonx.Marshal(after), jsonx.Marshal(before))
			}

			root.do("POST", "/_admin/backup/restore", `{"id":"`+id+`"}`).expect(t, 200)
			doc := root.do("GET", "/_db/shop/_api/document/orders/kept", "").expect(t, 200)
			if n := field(t, doc, "n").(json.Number); n != "1.5" {
				t.Errorf("restored document %s", jsonx.Marshal(doc))
			}
			expectError(t, root.do("GET", "/_db/shop/_api/document/orders/later", ""), 404, 1202, "", byHandler)

			// a second download of a backup that is there fails
			o = root.do("POST", "/_admin/backup/download", transferBody(id, repo)).expect(t, 202)
			res = progress(t, root, "download", "downloadId", str(t, field(t, o, "result").(obj), "downloadId"))
			allStates(t, res, "FAILED")
			for _, e := range field(t, res, "DBServers").(obj) {
				if num(t, e.V.(obj), "Error") != 7006 || !strings.HasPrefix(str(t, e.V.(obj), "ErrorMessage"), "failed to download hot backup set from remote source: ") {
					t.Errorf("failure %s", jsonx.Marshal(e.V))
				}
			}
		})
	}
}

// Aborting a transfer cancels it (202; Cancelled, every server
// CANCELLED; nothing is written); unknown backups fail on every server
// (FAILED with Error and ErrorMessage); bad requests are refused (CONTRACT.md
// §21).
func TestBackupTransferAbortAndRefusals(t *testing.T) {
	t.Parallel()
	s := NewServer(t, Options{Version: "3.12.4", Password: pw, TransferDuration: time.Hour})
	root := newClient(t, s.URL()).asRoot(pw)
	id := str(t, field(t, root.do("POST", "/_admin/backup/create", `{}`).expect(t, 201), "result").(obj), "id")
	repo := t.TempDir()

	up := str(t, field(t, root.do("POST", "/_admin/backup/upload", transferBody(id, repo)).expect(t, 202), "result").(obj), "uploadId")
	o := root.do("POST", "/_admin/backup/upload", `{"uploadId":"`+up+`","abort":true}`).expect(t, 202)
	res := field(t, o, "result").(obj)
	if field(t, res, "Cancelled") != true {
		t.Errorf("abort answered %s", jsonx.Marshal(o))
	}
	allStates(t, res, "CANCELLED")
	s.SetTransferDuration(0)
	res = progress(t, root, "upload", "uploadId", up)
	allStates(t, res, "CANCELLED")
	if _, err := os.Stat(filepath.Join(repo, id)); err == nil {
		t.Error("an aborted upload was written")
	}
	// a finished one stays finished, Cancelled is set all the same
	done := str(t, field(t, root.do("POST", "/_admin/backup/upload", transferBody(id, repo)).expect(t, 202), "result").(obj), "uploadId")
	res = field(t, root.do("POST", "/_admin/backup/upload", `{"uploadId":"`+done+`","abort":true}`).expect(t, 202), "result").(obj)
	allStates(t, res, "COMPLETED")
	if field(t, res, "Cancelled") != true {
		t.Errorf("abort of a finished upload: %s", jsonx.Marshal(res))
	}

	// unknown backups, an empty repository
	for _, tc := range []struct{ route, id, key, prefix string }{
		{"upload", "not_there", "uploadId", "failed to upload hot backup set to remote target: no such hot backup set can be found"},
		{"download", "not_there", "downloadId", "failed to download hot backup set from remote source: " + filepath.Join(repo, "not_there") + ": directory not found"},
	} {
		o := root.do("POST", "/_admin/backup/"+tc.route, transferBody(tc.id, repo)).expect(t, 202)
		res := progress(t, root, tc.route, tc.key, str(t, field(t, o, "result").(obj), tc.key))
		st := field(t, res, "DBServers").(obj)[0].V.(obj)
		if got := keys(st); !reflect.DeepEqual(got, []string{"Status", "Error", "ErrorMessage"}) || str(t, st, "Status") != "FAILED" ||
			str(t, st, "ErrorMessage") != tc.prefix {
			t.Errorf("%s of %s: %s", tc.route, tc.id, jsonx.Marshal(st))
		}
	}

	// refusals
	for _, body := range []string{
		`{"id":"` + id + `","remoteRepository":"local` + repo + `","config":{"local":{"type":"local"}}}`,
		`{"id":"` + id + `","remoteRepository":"local:` + repo + `:x","config":{"local":{"type":"local"}}}`,
		`{"id":"` + id + `","remoteRepository":"lo/cal:` + repo + `","config":{"lo/cal":{"type":"local"}}}`,
		`{"id":"` + id + `","remoteRepository":"other:` + repo + `","config":{"local":{"type":"local"}}}`,
		`{"id":"` + id + `","remoteRepository":"local:relative/path","config":{"local":{"type":"local"}}}`,
		`{"id":"` + id + `","remoteRepository":"local:` + repo + `"}`,
		`{"id":"` + id + `","config":{"local":{"type":"local"}}}`,
	} {
		expectError(t, root.do("POST", "/_admin/backup/upload", body), 400, 7008, "", byHandler)
	}
	expectError(t, root.do("POST", "/_admin/backup/upload", `{"id":"`+id+`","remoteRepository":"S3:/bucket","config":{"S3":{"type":"s3","provider":"AWS"}}}`),
		400, 7008, `the emulator supports rclone remotes of type local only, not "s3"`, byHandler)
	expectError(t, root.do("POST", "/_admin/backup/upload", `{"remoteRepository":"local:/x","config":{"local":{"type":"local"}}}`), 400, 400, "", byHandler)
	expectError(t, root.do("POST", "/_admin/backup/upload", `{"uploadId":"12345"}`), 404, 404, "", byHandler)
	expectError(t, root.do("POST", "/_admin/backup/download", `{"downloadId":12345}`), 400, 400, "", byHandler)
	expectError(t, root.do("POST", "/_admin/backup/download", `{"downloadId":"`+up+`","abort":"yes"}`), 400, 400, "", byHandler)
	expectError(t, root.do("GET", "/_admin/backup/upload", ""), 405, 405, "", byHandler)
	if err := s.CreateUser("viewer", "pw"); err != nil {
		t.Fatal(err)
	}
	viewer := newClient(t, s.URL())
	viewer.user, viewer.pass = "viewer", "pw"
	root.do("PUT", "/_api/user/viewer/database/_system", `{"grant":"ro"}`).expect(t, 200)
	expectError(t, viewer.do("POST", "/_admin/backup/upload", `{"uploadId":"`+up+`"}`), 403, 403, "you need admin rights for hotbackup operations", byHandler)
}

// The routes exist where hot backups do: Enterprise, or 3.12.5+.
func TestBackupTransferEditions(t *testing.T) {
	t.Parallel()
	ce := NewServer(t, Options{Version: "3.12.4", License: "community"})
	expectError(t, newClient(t, ce.URL()).do("POST", "/_admin/backup/upload", `{"uploadId":"1"}`), 404, 404,
		"unknown path '/_admin/backup/upload'", byJS)
	ce5 := NewServer(t, Options{Version: "3.12.5", License: "community"})
	c := newClient(t, ce5.URL())
	id := str(t, field(t, c.do("POST", "/_admin/backup/create", `{}`).expect(t, 201), "result").(obj), "id")
	up := str(t, field(t, c.do("POST", "/_admin/backup/upload", transferBody(id, t.TempDir())).expect(t, 202), "result").(obj), "uploadId")
	allStates(t, progress(t, c, "upload", "uploadId", up), "COMPLETED")
}

// A transfer ends on time whether or not anybody asks: the upload's file
// is there once its duration has passed.
func TestBackupTransferEndsByItself(t *testing.T) {
	t.Parallel()
	s := NewServer(t, Options{TransferDuration: 40 * time.Millisecond})
	c := newClient(t, s.URL())
	id := str(t, field(t, c.do("POST", "/_admin/backup/create", `{}`).expect(t, 201), "result").(obj), "id")
	repo := t.TempDir()
	c.do("POST", "/_admin/backup/upload", transferBody(id, repo)).expect(t, 202)
	deadline := time.Now().Add(5 * time.Second)
	for {
		if _, err := os.Stat(filepath.Join(repo, id, model.BackupFileName)); err == nil {
			return
		}
		if time.Now().After(deadline) {
			t.Fatal("the upload did not end by itself")
		}
		time.Sleep(10 * time.Millisecond)
	}
}
