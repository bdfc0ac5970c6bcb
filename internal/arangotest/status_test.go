package arangotest

import (
	"reflect"
	"testing"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/jsonx"
)

// /_admin/status per role (CONTRACT.md §4.11): the keys in arangod's
// order, serverInfo with the cluster keys on coordinators and DB servers,
// coordinator and agency where arangod adds them; any method.
func TestAdminStatus(t *testing.T) {
	t.Parallel()
	single := NewServer(t, Options{Version: "3.12.10", Password: pw})
	o := newClient(t, single.URL()).asRoot(pw).do("POST", "/_admin/status", "").expect(t, 200)
	if got := keys(o); !reflect.DeepEqual(got, []string{"server", "version", "pid", "license", "mode", "operationMode", "foxxApi", "host", "serverInfo"}) {
		t.Errorf("single keys %v", got)
	}
	info := field(t, o, "serverInfo").(obj)
	if got := keys(info); !reflect.DeepEqual(got, []string{"progress", "maintenance", "role", "writeOpsEnabled", "readOnly"}) ||
		str(t, info, "role") != "SINGLE" || str(t, o, "version") != "3.12.10" {
		t.Errorf("single %s", jsonx.Marshal(o))
	}
	if err := single.SetServerMode("readonly"); err != nil {
		t.Fatal(err)
	}
	o = newClient(t, single.URL()).asRoot(pw).do("GET", "/_admin/status", "").expect(t, 200)
	if info := field(t, o, "serverInfo").(obj); field(t, info, "readOnly") != true || field(t, info, "writeOpsEnabled") != false {
		t.Errorf("read-only single %s", jsonx.Marshal(info))
	}

	cl := NewServer(t, Options{Topology: "cluster", Coordinators: 2, MemberListeners: true, Password: pw})
	for i, u := range cl.URLs() {
		o := newClient(t, u).asRoot(pw).do("GET", "/_admin/status", "").expect(t, 200)
		if got := keys(o); !reflect.DeepEqual(got[len(got)-3:], []string{"serverInfo", "coordinator", "agency"}) {
			t.Errorf("coordinator keys %v", got)
		}
		info := field(t, o, "serverInfo").(obj)
		if str(t, info, "role") != "COORDINATOR" || str(t, info, "serverId") != str(t, info, "persistedId") || str(t, info, "state") != "SERVING" {
			t.Errorf("coordinator serverInfo %s", jsonx.Marshal(info))
		}
		if foxx := field(t, o, "coordinator").(obj); field(t, foxx, "isFoxxmaster") != (i == 0) {
			t.Errorf("coordinator %d: %s", i, jsonx.Marshal(foxx))
		}
		if eps := field(t, field(t, field(t, o, "agency").(obj), "agencyComm").(obj), "endpoints").([]any); len(eps) != 3 {
			t.Errorf("agency endpoints %v", eps)
		}
	}
	o = newClient(t, cl.DBServerURLs()[0]).asRoot(pw).do("GET", "/_admin/status", "").expect(t, 200)
	if info := field(t, o, "serverInfo").(obj); str(t, info, "role") != "PRIMARY" || str(t, info, "serverId") != cl.DBServerIDs()[0] {
		t.Errorf("DB server %s", jsonx.Marshal(o))
	}
	o = newClient(t, cl.AgentURLs()[0]).asRoot(pw).do("GET", "/_admin/status", "").expect(t, 200)
	if info := field(t, o, "serverInfo").(obj); str(t, info, "role") != "AGENT" || hasKey(info, "serverId") {
		t.Errorf("agent %s", jsonx.Marshal(o))
	}
}

func hasKey(o obj, k string) bool {
	_, ok := o.Get(k)
	return ok
}
