package arangotest

import (
	"strings"
	"testing"
	"time"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/jsonx"
)

// near reports whether got lies within 2 s of want.
func near(got, want time.Time) bool {
	d := got.Sub(want)
	return d > -2*time.Second && d < 2*time.Second
}

func TestClusterMaintenance(t *testing.T) {
	t.Parallel()
	s := NewServer(t, Options{Topology: "cluster", Coordinators: 3, Password: pw, Version: "3.11.14"})
	a := newClient(t, s.URLs()[0]).asRoot(pw)
	b := newClient(t, s.URLs()[2]).asRoot(pw)
	mode := func(want string) {
		t.Helper()
		if got := string(b.do("GET", "/_admin/cluster/maintenance", "").body); got != `{"error":false,"code":200,"result":"`+want+`"}` {
			t.Errorf("GET %s, want result %s", got, want)
		}
	}
	mode("Normal")

	o := a.do("PUT", "/_admin/cluster/maintenance", `"on"`).expect(t, 200)
	until := s.MaintenanceUntil()
	want := `{"error":false,"code":200,"warning":"Cluster supervision deactivated. It will be reactivated automatically on ` +
		jsonx.Time(until) + ` unless this call is repeated until then."}`
	if string(jsonx.Marshal(o)) != want || !near(until, time.Now().Add(time.Hour)) {
		t.Errorf("PUT on: %s (until %s)", jsonx.Marshal(o), until)
	}
	mode("Maintenance")
	if s.SupervisionMode() != "Maintenance" {
		t.Errorf("SupervisionMode %s", s.SupervisionMode())
	}

	a.do("PUT", "/_admin/cluster/maintenance", `"90"`).expect(t, 200)
	if !near(s.MaintenanceUntil(), time.Now().Add(90*time.Second)) {
		t.Errorf("90 seconds: until %s", s.MaintenanceUntil())
	}

	o = a.do("PUT", "/_admin/cluster/maintenance", `"off"`).expect(t, 200)
	if string(jsonx.Marshal(o)) != `{"error":false,"code":200,"warning":"Cluster supervision reactivated."}` {
		t.Errorf("PUT off: %s", jsonx.Marshal(o))
	}
	mode("Normal")

	a.do("PUT", "/_admin/cluster/maintenance", `"on"`).expect(t, 200)
	s.ExpireMaintenance()
	mode("Normal")

	// Maintenance ends by itself when its time is up.
	a.do("PUT", "/_admin/cluster/maintenance", `"1"`).expect(t, 200)
	mode("Maintenance")
	deadline := time.Now().Add(3 * time.Second)
	for s.SupervisionMode() != "Normal" && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
	}
	mode("Normal")

	const shape = "string expected with value `on` or `off`"
	for _, body := range []string{`{"mode":"maintenance"}`, `7200`, `"yes"`, `"-5"`, `true`} {
		expectError(t, a.do("PUT", "/_admin/cluster/maintenance", body), 400, 10, shape, byHandler)
	}
	expectError(t, a.do("PUT", "/_admin/cluster/maintenance", `{"on`), 400, 600, "", byHandler)
	expectError(t, a.do("DELETE", "/_admin/cluster/maintenance", ""), 405, 405, "", byHandler)

	s.SetSupervisionStuck(true)
	expectError(t, a.do("PUT", "/_admin/cluster/maintenance", `"on"`), 408, 504,
		"timed out while waiting for supervision maintenance mode change", byHandler)
	mode("Normal")
	s.SetSupervisionStuck(false)
}

// Before 3.8 the answers carry no "code", "on" means 60 minutes and
// seconds are refused; 3.8.0 to 3.8.2 know the reactivation time but not
// seconds yet.
func TestClusterMaintenanceOldVersions(t *testing.T) {
	t.Parallel()
	s := NewServer(t, Options{Topology: "cluster", Version: "3.7.17"})
	c := newClient(t, s.URL())
	o := c.do("PUT", "/_admin/cluster/maintenance", `"on"`).expect(t, 200)
	if string(jsonx.Marshal(o)) != `{"error":false,"warning":"Cluster supervision deactivated. It will be reactivated automatically in 60 minutes unless this call is repeated until then."}` {
		t.Errorf("3.7 PUT on: %s", jsonx.Marshal(o))
	}
	if got := string(c.do("GET", "/_admin/cluster/maintenance", "").body); got != `{"error":false,"result":"Maintenance"}` {
		t.Errorf("3.7 GET: %s", got)
	}
	o = c.do("PUT", "/_admin/cluster/maintenance", `"off"`).expect(t, 200)
	if string(jsonx.Marshal(o)) != `{"error":false,"warning":"Cluster supervision reactivated."}` {
		t.Errorf("3.7 PUT off: %s", jsonx.Marshal(o))
	}
	expectError(t, c.do("PUT", "/_admin/cluster/maintenance", `"7200"`), 400, 10, "", byHandler)

	s = NewServer(t, Options{Topology: "cluster", Version: "3.8.2"})
	c = newClient(t, s.URL())
	expectError(t, c.do("PUT", "/_admin/cluster/maintenance", `"7200"`), 400, 10, "", byHandler)
	o = c.do("PUT", "/_admin/cluster/maintenance", `"on"`).expect(t, 200)
	if !strings.Contains(str(t, o, "warning"), "automatically on "+jsonx.Time(s.MaintenanceUntil())) {
		t.Errorf("3.8.2 PUT on: %s", jsonx.Marshal(o))
	}
	s = NewServer(t, Options{Topology: "cluster", Version: "3.8.3"})
	newClient(t, s.URL()).do("PUT", "/_admin/cluster/maintenance", `"7200"`).expect(t, 200)
}

func TestDBServerMaintenance(t *testing.T) {
	t.Parallel()
	s := NewServer(t, Options{Topology: "cluster", Coordinators: 3, DBServers: 2, Password: pw, Version: "3.12.10"})
	a := newClient(t, s.URLs()[0]).asRoot(pw)
	b := newClient(t, s.URLs()[1]).asRoot(pw)
	id := s.DBServerIDs()[0]
	path := "/_admin/cluster/maintenance/" + id
	normal := func(id string) {
		t.Helper()
		if got := string(b.do("GET", "/_admin/cluster/maintenance/"+id, "").body); got != `{"error":false,"code":200}` {
			t.Errorf("GET %s: %s, want the normal shape", id, got)
		}
	}
	normal(id)
	normal("PRMR-unknown") // not validated

	o := a.do("PUT", path, `{"mode":"maintenance","timeout":60}`).expect(t, 200)
	if string(jsonx.Marshal(o)) != `{"error":false,"code":200}` {
		t.Errorf("PUT: %s", jsonx.Marshal(o))
	}
	until := s.DBServerMaintenanceUntil(id)
	if !near(until, time.Now().Add(time.Minute)) {
		t.Errorf("until %s", until)
	}
	if got := string(b.do("GET", path, "").body); got != `{"error":false,"code":200,"result":{"Mode":"maintenance","Until":"`+jsonx.Time(until)+`"}}` {
		t.Errorf("GET in maintenance: %s", got)
	}
	normal(s.DBServerIDs()[1])

	for body, secs := range map[string]time.Duration{`{"mode":"maintenance"}`: 3600, `{"mode":"maintenance","timeout":-5}`: 3600,
		`{"mode":"maintenance","timeout":"x"}`: 3600, `{"mode":"maintenance","timeout":1.5}`: 3600, `{"timeout":5,"mode":"maintenance"}`: 5} {
		a.do("PUT", path, body).expect(t, 200)
		if !near(s.DBServerMaintenanceUntil(id), time.Now().Add(secs*time.Second)) {
			t.Errorf("%s: until %s", body, s.DBServerMaintenanceUntil(id))
		}
	}
	a.do("PUT", path, `{"mode":"normal"}`).expect(t, 200)
	normal(id)

	const shape = "object expected with attribute 'mode' and optional attribute 'timeout'"
	for _, body := range []string{`"maintenance"`, `{}`, `{"mode":"on"}`, `{"mode":1}`, `[]`} {
		expectError(t, a.do("PUT", path, body), 400, 10, shape, byHandler)
	}
	expectError(t, a.do("PUT", path, `{"mode"`), 400, 600, "", byHandler)
	expectError(t, a.do("POST", path, `{"mode":"normal"}`), 405, 405, "", byHandler)

	// The Agency's precondition: the server's health is GOOD.
	expectError(t, a.do("PUT", "/_admin/cluster/maintenance/PRMR-unknown", `{"mode":"maintenance"}`), 412, 412, "precondition failed", byHandler)
	a.do("PUT", path, `{"mode":"maintenance","timeout":600}`).expect(t, 200)
	if err := s.SetServerStatus(id, "FAILED"); err != nil {
		t.Fatal(err)
	}
	expectError(t, a.do("PUT", path, `{"mode":"normal"}`), 412, 412, "precondition failed", byHandler)
	expectError(t, a.do("PUT", "/_admin/cluster/maintenance/"+s.DBServerIDs()[0], `{"mode":"maintenance"}`), 412, 412, "precondition failed", byHandler)
	if s.DBServerMaintenanceUntil(id).IsZero() {
		t.Error("a refused PUT ended the maintenance")
	}
	s.ExpireMaintenance()
	normal(id)
}

func TestDBServerMaintenanceExpires(t *testing.T) {
	t.Parallel()
	s := NewServer(t, Options{Topology: "cluster"})
	c := newClient(t, s.URL())
	path := "/_admin/cluster/maintenance/" + s.DBServerIDs()[2]
	c.do("PUT", path, `{"mode":"maintenance","timeout":1}`).expect(t, 200)
	if _, ok := c.do("GET", path, "").expect(t, 200).Get("result"); !ok {
		t.Fatal("not in maintenance")
	}
	deadline := time.Now().Add(3 * time.Second)
	for !s.DBServerMaintenanceUntil(path[len("/_admin/cluster/maintenance/"):]).IsZero() && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
	}
	if _, ok := c.do("GET", path, "").expect(t, 200).Get("result"); ok {
		t.Error("maintenance did not expire")
	}
}
