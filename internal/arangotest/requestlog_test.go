package arangotest

import (
	"encoding/json"
	"reflect"
	"testing"
)

func TestRequestLog(t *testing.T) {
	t.Parallel()
	s := NewServer(t, Options{Topology: "cluster", Coordinators: 2, Password: pw})
	c0 := newClient(t, s.URLs()[0]).asRoot(pw)
	c1 := newClient(t, s.URLs()[1]).asRoot(pw)
	c0.do("GET", "/_api/version", "")
	c0.do("GET", "/_api/version?details=true", "")
	c1.do("GET", "/_api/version", "")
	c1.do("POST", "/_api/database", `{"name":"shop"}`)
	c1.do("POST", "/_db/shop/_api/collection", `{"name":"c"}`)
	c0.do("GET", "/_db/shop/_api/collection/c/count", "")
	newClient(t, s.URL()).do("GET", "/_api/version", "") // 401s count too

	want := map[string]int{
		"GET /_api/version":                     4,
		"POST /_api/database":                   1,
		"POST /_db/shop/_api/collection":        1,
		"GET /_db/shop/_api/collection/c/count": 1,
	}
	if got := s.Requests(); !reflect.DeepEqual(got, want) {
		t.Errorf("Requests() = %v, want %v", got, want)
	}
	if got := s.ListenerRequests(1); !reflect.DeepEqual(got, map[string]int{
		"GET /_api/version": 1, "POST /_api/database": 1, "POST /_db/shop/_api/collection": 1,
	}) {
		t.Errorf("ListenerRequests(1) = %v", got)
	}

	// over HTTP: no auth needed, not counted, not subject to faults
	s.SetFailRate(1)
	var all, self map[string]int
	if err := json.Unmarshal(c0.do("GET", "/_emulator/requests", "").body, &all); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(newClient(t, s.URLs()[1]).do("GET", "/_emulator/requests?listener=self", "").body, &self); err != nil {
		t.Fatal(err)
	}
	s.SetFailRate(0)
	if !reflect.DeepEqual(all, want) || !reflect.DeepEqual(self, s.ListenerRequests(1)) {
		t.Errorf("GET /_emulator/requests = %v / self %v", all, self)
	}
	c0.do("DELETE", "/_emulator/requests", "").expect(t, 200)
	if got := s.Requests(); len(got) != 0 {
		t.Errorf("after DELETE: %v", got)
	}
	c0.do("GET", "/_api/version", "")
	s.ResetRequests()
	if got := s.Requests(); len(got) != 0 {
		t.Errorf("after ResetRequests: %v", got)
	}
}
