package arangotest

import (
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/jsonx"
)

// levels reads a GET /_admin/log/level answer: topic → level, and the
// topics in answer order.
func levels(t *testing.T, r *resp) (map[string]string, []string) {
	t.Helper()
	o := r.expect(t, 200)
	out := map[string]string{}
	for _, e := range o {
		s, ok := e.V.(string)
		if !ok {
			t.Fatalf("level of %s is %T", e.K, e.V)
		}
		out[e.K] = s
	}
	return out, keys(o)
}

// The topics are those of the docs build's option dumps (--log.level,
// "available log topics") of each version, without the pseudo-topic
// "all"; the Community Edition lacks the audit topics and ldap before
// 3.12.5 (CONTRACT.md §16.1).
func TestLogLevelTopicsPerVersion(t *testing.T) {
	t.Parallel()
	base310 := strings.Fields(`agency agencycomm agencystore aql arangosearch audit-authentication audit-authorization
		audit-collection audit-database audit-document audit-hotbackup audit-service audit-view authentication
		authorization backup bench cache cluster clustercomm collector communication config crash development dump
		engines flush general graphs heartbeat httpclient ldap libiresearch license maintenance memory mmap performance
		pregel queries rep-state replication replication2 requests restore rocksdb security ssl startup statistics
		supervision syscall threads trx ttl v8 validation views`)
	without := func(list []string, drop ...string) []string {
		return slices.DeleteFunc(slices.Clone(list), func(s string) bool { return slices.Contains(drop, s) })
	}
	sorted := func(list []string) []string { slices.Sort(list); return list }
	base311 := without(base310, "clustercomm", "collector", "performance")
	base3120 := sorted(append(without(base311, "ldap", "pregel"), "deprecation", "rep-wal"))
	base3121 := without(base3120, "mmap")
	audit := []string{"audit-authentication", "audit-authorization", "audit-collection", "audit-database",
		"audit-document", "audit-hotbackup", "audit-service", "audit-view"}
	for _, tc := range []struct {
		version, license string
		want             []string
	}{
		{"3.10.14", "", base310},
		{"3.10.14", "community", without(base310, append(audit, "ldap")...)},
		{"3.11.14", "", base311},
		{"3.11.14", "community", without(base311, append(audit, "ldap")...)},
		{"3.12.0", "", base3120},
		{"3.12.4", "community", without(base3121, audit...)},
		{"3.12.5", "community", base3121},
		{"3.12.10", "", base3121},
	} {
		t.Run(tc.version+tc.license, func(t *testing.T) {
			s := NewServer(t, Options{Version: tc.version, License: tc.license})
			got, order := levels(t, newClient(t, s.URL()).do("GET", "/_admin/log/level", ""))
			if !reflect.DeepEqual(order, tc.want) {
				t.Errorf("topics %v\nwant %v", order, tc.want)
			}
			for topic, want := range map[string]string{"general": "INFO", "agencystore": "WARNING",
				"authorization": "DEFAULT", "requests": "FATAL", "queries": "INFO", "trx": "WARNING"} {
				if got[topic] != want {
					t.Errorf("%s starts at %s, want %s", topic, got[topic], want)
				}
			}
			if !reflect.DeepEqual(s.LogLevels(""), got) || !reflect.DeepEqual(s.LogLevels(s.ServerID()), got) {
				t.Error("LogLevels differs from GET")
			}
		})
	}
}

// Before 3.12.2 a PUT applies each "topic=level" in body order and
// ignores what it does not know; names are case-insensitive (CONTRACT.md
// §16.3).
func TestLogLevelPutBefore3122(t *testing.T) {
	t.Parallel()
	for _, v := range []string{"3.10.14", "3.11.14", "3.12.1"} {
		t.Run(v, func(t *testing.T) {
			s := NewServer(t, Options{Version: v})
			c := newClient(t, s.URL())
			got, _ := levels(t, c.do("PUT", "/_admin/log/level", `{"all":"info","syscall":"trace"}`))
			if got["syscall"] != "TRACE" || got["requests"] != "INFO" || got["authorization"] != "INFO" {
				t.Errorf("all then syscall: %v", got)
			}
			got, _ = levels(t, c.do("PUT", "/_admin/log/level", `{"syscall":"trace","all":"warn"}`))
			if got["syscall"] != "WARNING" {
				t.Errorf("all after syscall leaves syscall %s", got["syscall"])
			}
			before := s.LogLevels("")
			got, _ = levels(t, c.do("PUT", "/_admin/log/level", `{"nosuch":"debug","general":"loud","trx":5,"a=b":"info"}`))
			if !reflect.DeepEqual(got, before) {
				t.Errorf("unknown topic, level and non-strings changed %v", got)
			}
			got, _ = levels(t, c.do("PUT", "/_admin/log/level", `{"GENERAL":"Debug","Queries":" err ","trx":"default"}`))
			if got["general"] != "DEBUG" || got["queries"] != "ERROR" || got["trx"] != "DEFAULT" {
				t.Errorf("case-insensitive names: %v", got)
			}
			got, _ = levels(t, c.do("PUT", "/_admin/log/level", `"trace"`))
			if got["general"] != "TRACE" {
				t.Errorf("string level: general %s", got["general"])
			}
			got, _ = levels(t, c.do("PUT", "/_admin/log/level", `" replication = Debug "`))
			if got["replication"] != "DEBUG" {
				t.Errorf("string topic=level: replication %s", got["replication"])
			}
			got, _ = levels(t, c.do("PUT", "/_admin/log/level", `"loud"`))
			if got["general"] != "INFO" {
				t.Errorf("an unknown general level means INFO, got %s", got["general"])
			}
			before = s.LogLevels("")
			for _, body := range []string{`42`, `["trace"]`, `null`, `"general=default=x"`} {
				if got, _ := levels(t, c.do("PUT", "/_admin/log/level", body)); !reflect.DeepEqual(got, before) {
					t.Errorf("%s changed levels", body)
				}
			}
			expectError(t, c.do("PUT", "/_admin/log/level", `{`), 400, 600, "", byHandler)
			expectError(t, c.do("PUT", "/_admin/log/level", ""), 400, 600, "", byHandler)
		})
	}
}

// From 3.12.2 an object is validated as a whole: an unknown topic or level
// is 400 errorNum 400 with arangod's message and nothing changes; "all"
// applies first wherever it stands (CONTRACT.md §16.3).
func TestLogLevelPutValidated(t *testing.T) {
	t.Parallel()
	s := NewServer(t, Options{Version: "3.12.10"})
	c := newClient(t, s.URL())
	before := s.LogLevels("")
	for body, msg := range map[string]string{
		`{"all":"error","invalidTopic":"error"}`:    "Failed to update log levels: Unknown log topic invalidTopic",
		`{"all":"error","general":"invalidLevel"}`:  "Failed to update log levels: Unknown enum value INVALIDLEVEL at path ['general']",
		`{"General":"info"}`:                        "Failed to update log levels: Unknown log topic General",
		`{"mmap":"info"}`:                           "Failed to update log levels: Unknown log topic mmap",
		`{"trx":5}`:                                 "Failed to update log levels: Expecting type String at path ['trx']",
		`{"trx":"debug","queries":""}`:              "Failed to update log levels: Unknown enum value  at path ['queries']",
		`{"syscall":"trace","audit-view":"nosuch"}`: "Failed to update log levels: Unknown enum value NOSUCH at path ['audit-view']",
	} {
		expectError(t, c.do("PUT", "/_admin/log/level", body), 400, 400, msg, byHandler)
	}
	if got := s.LogLevels(""); !reflect.DeepEqual(got, before) {
		t.Fatalf("a refused PUT changed levels: %v", got)
	}
	got, _ := levels(t, c.do("PUT", "/_admin/log/level", `{"syscall":"trace","all":"info","queries":"Warn"}`))
	if got["syscall"] != "TRACE" || got["queries"] != "WARNING" || got["requests"] != "INFO" {
		t.Errorf("all first: %v", got)
	}
	// the string form is the old one: lenient
	got, _ = levels(t, c.do("PUT", "/_admin/log/level", `"nosuch=debug"`))
	if !reflect.DeepEqual(got, s.LogLevels("")) || got["general"] != "INFO" {
		t.Errorf("string with an unknown topic: %v", got)
	}
}

// DELETE resets to the startup levels from 3.12.1; before, it clears the
// log buffer and the levels stay (CONTRACT.md §16.4).
func TestLogLevelDelete(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		version string
		resets  bool
	}{{"3.10.14", false}, {"3.11.14", false}, {"3.12.0", false}, {"3.12.1", true}, {"3.12.10", true}} {
		t.Run(tc.version, func(t *testing.T) {
			s := NewServer(t, Options{Version: tc.version})
			c := newClient(t, s.URL())
			startup := s.LogLevels("")
			c.do("PUT", "/_admin/log/level", `{"all":"trace"}`).expect(t, 200)
			r := c.do("DELETE", "/_admin/log/level", "")
			if !tc.resets {
				if r.status != 200 || string(r.body) != `{"error":false,"code":200}` {
					t.Fatalf("DELETE %d %s", r.status, r.body)
				}
				if got := s.LogLevels(""); got["general"] != "TRACE" {
					t.Errorf("levels changed: %v", got)
				}
				c.do("DELETE", "/_admin/log/anything", "").expect(t, 200)
				return
			}
			got, _ := levels(t, r)
			if !reflect.DeepEqual(got, startup) || !reflect.DeepEqual(s.LogLevels(""), startup) {
				t.Errorf("reset to %v, want %v", got, startup)
			}
			if r := c.do("DELETE", "/_admin/log", ""); r.status != 200 || string(r.body) != `{"error":false,"code":200}` {
				t.Errorf("DELETE /_admin/log %d %s", r.status, r.body)
			}
			expectError(t, c.do("DELETE", "/_admin/log/other", ""), 400, 601,
				"superfluous suffix, expecting /_admin/log/<suffix>, where suffix can be either omitted or 'level'", byHandler)
		})
	}
}

// withAppenders (3.12.2+): the global levels and the stdout appender's; an
// appender more verbose than the configured level raises the global one;
// an unknown appender is refused (CONTRACT.md §16.2, §16.3).
func TestLogLevelWithAppenders(t *testing.T) {
	t.Parallel()
	s := NewServer(t, Options{Version: "3.12.10"})
	c := newClient(t, s.URL())
	o := c.do("GET", "/_admin/log/level?withAppenders=TRUE", "").expect(t, 200)
	if !reflect.DeepEqual(keys(o), []string{"global", "appenders"}) {
		t.Fatalf("keys %v", keys(o))
	}
	apps := field(t, o, "appenders").(obj)
	if !reflect.DeepEqual(keys(apps), []string{"-"}) {
		t.Fatalf("appenders %v", keys(apps))
	}
	sub := func(o obj, path ...string) string {
		var v any = o
		for _, p := range path {
			v, _ = v.(obj).Get(p)
		}
		s, _ := v.(string)
		return s
	}
	o = c.do("PUT", "/_admin/log/level?withAppenders=true", `{"global":{"queries":"debug"},"appenders":{"-":{"queries":"trace"}}}`).expect(t, 200)
	if sub(o, "global", "queries") != "TRACE" || sub(o, "appenders", "-", "queries") != "TRACE" {
		t.Errorf("raise: %s", jsonx.Marshal(o))
	}
	o = c.do("PUT", "/_admin/log/level?withAppenders=true", `{"appenders":{"-":{"queries":"error"}}}`).expect(t, 200)
	if sub(o, "global", "queries") != "DEBUG" || sub(o, "appenders", "-", "queries") != "ERROR" {
		t.Errorf("lower: %s", jsonx.Marshal(o))
	}
	if got := s.LogLevels("")["queries"]; got != "DEBUG" {
		t.Errorf("plain level %s", got)
	}
	before := c.do("GET", "/_admin/log/level?withAppenders=true", "").expect(t, 200)
	expectError(t, c.do("PUT", "/_admin/log/level?withAppenders=true", `{"global":{"all":"error"},"appenders":{"invalidAppender":{"all":"debug"}}}`),
		400, 400, "Failed to update log levels: Unknown appender invalidAppender", byHandler)
	expectError(t, c.do("PUT", "/_admin/log/level?withAppenders=true", `{"global":{"nosuch":"error"}}`),
		400, 400, "Failed to update log levels: Unknown log topic nosuch", byHandler)
	expectError(t, c.do("PUT", "/_admin/log/level?withAppenders=true", `{"global":{"trx":"x"}}`),
		400, 400, "Failed to update log levels: Unknown enum value X at path ['global']['trx']", byHandler)
	if after := c.do("GET", "/_admin/log/level?withAppenders=true", "").expect(t, 200); !reflect.DeepEqual(after, before) {
		t.Error("a refused PUT changed levels")
	}
	// without the parameter a withAppenders body names unknown topics
	expectError(t, c.do("PUT", "/_admin/log/level", `{"global":{"trx":"info"}}`), 400, 400,
		"Failed to update log levels: Unknown log topic global", byHandler)
	// only "true" counts, and 3.12.1 ignores the parameter
	if o := c.do("GET", "/_admin/log/level?withAppenders=1", "").expect(t, 200); len(o) < 40 {
		t.Errorf("withAppenders=1 answered %s", jsonx.Marshal(o))
	}
	old := NewServer(t, Options{Version: "3.12.1"})
	if o := newClient(t, old.URL()).do("GET", "/_admin/log/level?withAppenders=true", "").expect(t, 200); len(o) < 40 {
		t.Errorf("3.12.1 withAppenders answered %s", jsonx.Marshal(o))
	}
}

// Only admins (rw on _system) reach the log API: 403 errorNum 403, whatever
// the method and path (CONTRACT.md §16.5).
func TestLogLevelPermissions(t *testing.T) {
	t.Parallel()
	s := NewServer(t, Options{Password: pw, Version: "3.12.10"})
	root := newClient(t, s.URL()).asRoot(pw)
	root.do("POST", "/_api/user", `{"user":"reader","passwd":"r"}`).expect(t, 201)
	root.do("PUT", "/_api/user/reader/database/_system", `{"grant":"ro"}`).expect(t, 200)
	reader := newClient(t, s.URL()).as("reader", "r")
	const refused = "you need admin rights for log operations"
	for _, m := range []string{"GET", "PUT", "DELETE", "POST"} {
		expectError(t, reader.do(m, "/_admin/log/level", `{"general":"trace"}`), 403, 403, refused, byHandler)
	}
	expectError(t, reader.do("GET", "/_admin/log/nosuch", ""), 403, 403, refused, byHandler)
	if s.LogLevels("")["general"] != "INFO" {
		t.Error("a refused PUT changed levels")
	}
	root.do("PUT", "/_admin/log/level", `{"general":"debug"}`).expect(t, 200)
	root.do("GET", "/_db/_system/_admin/log/level", "").expect(t, 200)
}

// The routes around /_admin/log/level answer as each version's handler
// dispatches; the log buffer itself is not emulated (CONTRACT.md §16.4).
func TestLogRoutes(t *testing.T) {
	t.Parallel()
	old := newClient(t, NewServer(t, Options{Version: "3.11.14"}).URL())
	expectError(t, old.do("POST", "/_admin/log/level", `{}`), 405, 405, "", byHandler)
	expectError(t, old.do("GET", "/_admin/log/other", ""), 400, 601, "superfluous suffix, expecting /_admin/log/entries", byHandler)
	expectError(t, old.do("PUT", "/_admin/log", `{}`), 400, 601, "superfluous suffix, expecting /_admin/log/level", byHandler)
	expectError(t, old.do("GET", "/_admin/log/entries", ""), 501, 9, "", byHandler)
	old.do("PUT", "/_admin/log/level/extra", `{"trx":"debug"}`).expect(t, 200)

	cur := newClient(t, NewServer(t, Options{Version: "3.12.10"}).URL())
	expectError(t, cur.do("POST", "/_admin/log/level", `{}`), 405, 405, "", byHandler)
	expectError(t, cur.do("GET", "/_admin/log/other", ""), 400, 601,
		"superfluous suffix, expecting /_admin/log/<suffix>, where suffix can be either 'entries', 'level' or 'structured'", byHandler)
	expectError(t, cur.do("PUT", "/_admin/log", `{}`), 400, 601,
		"provide a suffix, expecting /_admin/log/<suffix>, where suffix can be either 'level' or 'structured'", byHandler)
	expectError(t, cur.do("PUT", "/_admin/log/level/extra", `{}`), 400, 601,
		"superfluous suffix, expecting /_admin/log/<suffix>, where suffix can be either 'level' or 'structured'", byHandler)
	expectError(t, cur.do("GET", "/_admin/log", ""), 501, 9, "", byHandler)
}

// Every member keeps its own levels; a coordinator forwards to the
// coordinator or DB server serverId names (3.10.2+), answering 200 with
// what that server answered; an unknown id is 404 errorNum 400 (CONTRACT.md
// §16.5).
func TestLogLevelCluster(t *testing.T) {
	t.Parallel()
	s := NewServer(t, Options{Topology: "cluster", Version: "3.12.10", MemberListeners: true, Coordinators: 2})
	crdn := newClient(t, s.URL())
	db0, db1 := s.DBServerIDs()[0], s.DBServerIDs()[1]
	got, _ := levels(t, crdn.do("PUT", "/_admin/log/level?serverId="+db0, `{"trx":"trace"}`))
	if got["trx"] != "TRACE" {
		t.Fatalf("forwarded PUT answered %v", got)
	}
	direct, _ := levels(t, newClient(t, s.DBServerURLs()[0]).do("GET", "/_admin/log/level", ""))
	if direct["trx"] != "TRACE" || s.LogLevels(db0)["trx"] != "TRACE" || s.LogLevels("DBServer0001")["trx"] != "TRACE" {
		t.Errorf("DB server's own levels %v", direct)
	}
	for _, other := range []string{db1, s.CoordinatorIDs()[0], s.CoordinatorIDs()[1], s.AgentIDs()[0]} {
		if s.LogLevels(other)["trx"] != "WARNING" {
			t.Errorf("%s changed too", other)
		}
	}
	got, _ = levels(t, crdn.do("GET", "/_admin/log/level?serverId="+db0, ""))
	if got["trx"] != "TRACE" {
		t.Errorf("forwarded GET %v", got)
	}
	// a coordinator's own id, and another coordinator
	crdn.do("PUT", "/_admin/log/level?serverId="+s.CoordinatorIDs()[0], `{"queries":"debug"}`).expect(t, 200)
	crdn.do("PUT", "/_admin/log/level?serverId="+s.CoordinatorIDs()[1], `{"queries":"trace"}`).expect(t, 200)
	if s.LogLevels(s.CoordinatorIDs()[0])["queries"] != "DEBUG" || s.LogLevels("Coordinator0002")["queries"] != "TRACE" {
		t.Error("coordinator levels")
	}
	// the target's refusal comes back with 200
	r := crdn.do("PUT", "/_admin/log/level?serverId="+db1, `{"nosuch":"info"}`)
	if o := r.expect(t, 200); num(t, o, "errorNum") != 400 || num(t, o, "code") != 400 {
		t.Errorf("forwarded refusal %s", r.body)
	}
	got, _ = levels(t, crdn.do("DELETE", "/_admin/log/level?serverId="+db0, ""))
	if got["trx"] != "WARNING" || s.LogLevels(db0)["trx"] != "WARNING" {
		t.Errorf("forwarded reset %v", got)
	}
	for _, id := range []string{"PRMR-nosuch", "DBServer0001", s.AgentIDs()[0], ""} {
		expectError(t, crdn.do("GET", "/_admin/log/level?serverId="+id, ""), 404, 400, "unknown serverId supplied.", byHandler)
	}
	expectError(t, crdn.do("PUT", "/_admin/log/level?serverId="+db0, `{`), 400, 600, "", byHandler)
	// an agent answers for itself; DB servers ignore serverId
	agent := newClient(t, s.AgentURLs()[0])
	agent.do("PUT", "/_admin/log/level", `{"agency":"debug"}`).expect(t, 200)
	if s.LogLevels("Agent0001")["agency"] != "DEBUG" {
		t.Error("agent's levels")
	}
	newClient(t, s.DBServerURLs()[1]).do("PUT", "/_admin/log/level?serverId="+db0, `{"ttl":"trace"}`).expect(t, 200)
	if s.LogLevels(db1)["ttl"] != "TRACE" || s.LogLevels(db0)["ttl"] != "WARNING" {
		t.Error("a DB server forwarded")
	}
	if s.LogLevels("nobody") != nil {
		t.Error("LogLevels of an unknown member")
	}
}

// Before 3.10.2 a coordinator ignores serverId and answers for itself.
func TestLogLevelServerIDIgnoredBefore3102(t *testing.T) {
	t.Parallel()
	s := NewServer(t, Options{Topology: "cluster", Version: "3.10.1"})
	c := newClient(t, s.URL())
	c.do("PUT", "/_admin/log/level?serverId=nosuch", `{"trx":"trace"}`).expect(t, 200)
	if s.LogLevels(s.CoordinatorIDs()[0])["trx"] != "TRACE" || s.LogLevels(s.DBServerIDs()[0])["trx"] != "WARNING" {
		t.Error("serverId was not ignored")
	}
}
