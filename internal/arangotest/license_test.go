package arangotest

import (
	"crypto/sha256"
	"encoding/hex"
	"reflect"
	"strconv"
	"testing"
	"time"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/jsonx"
	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/licensekey"
)

// A Community build before 3.12.5 has no licence: {"license":"none"}, PUT
// 501/31 for anyone, other methods 405/405 (CONTRACT.md §17.1).
func TestLicenseCommunity(t *testing.T) {
	t.Parallel()
	for _, v := range []string{"3.10.14", "3.11.14", "3.12.4"} {
		t.Run(v, func(t *testing.T) {
			s := NewServer(t, Options{Version: v, License: "community", Password: pw})
			root := newClient(t, s.URL()).asRoot(pw)
			if r := root.do("GET", "/_admin/license", ""); r.status != 200 || string(r.body) != `{"license":"none"}` {
				t.Fatalf("GET %d %s", r.status, r.body)
			}
			root.do("POST", "/_api/user", `{"user":"reader","passwd":"r"}`).expect(t, 201)
			root.do("PUT", "/_api/user/reader/database/_system", `{"grant":"ro"}`).expect(t, 200)
			reader := newClient(t, s.URL()).as("reader", "r")
			reader.do("GET", "/_admin/license", "").expect(t, 200)
			for _, c := range []*client{root, reader} {
				expectError(t, c.do("PUT", "/_admin/license", `"abc"`), 501, 31, "The community edition cannot be licensed.", byHandler)
			}
			expectError(t, root.do("DELETE", "/_admin/license", ""), 405, 405,
				"Method not allowed. Only GET and PUT requests are handled.", byHandler)
			if s.lic.ExpiresDays() >= 0 || s.lic.ReadOnly() {
				t.Error("a Community build has a licence")
			}
		})
	}
}

// An Enterprise build up to 3.12.4 without a licence reports the built-in
// evaluation licence, "expiring", keys as recorded (RestAdminLicenseGet,
// 3.10.14 to 3.12.4), no hash; three hours after the start it is
// read-only and so is the deployment (CONTRACT.md §17.2, §17.4).
func TestLicenseEvaluation(t *testing.T) {
	t.Parallel()
	for _, v := range []string{"3.10.14", "3.11.14", "3.12.4"} {
		t.Run(v, func(t *testing.T) {
			s := NewServer(t, Options{Version: v})
			c := newClient(t, s.URL())
			o := c.do("GET", "/_admin/license", "").expect(t, 200)
			if want := []string{"upgrading", "features", "license", "version", "status"}; !reflect.DeepEqual(keys(o), want) {
				t.Fatalf("keys %v, want %v", keys(o), want)
			}
			expires := num(t, field(t, o, "features").(obj), "expires")
			if d := time.Until(time.Unix(expires, 0)); d < 2*time.Hour || d > 3*time.Hour {
				t.Errorf("evaluation licence expires in %v", d)
			}
			if str(t, o, "status") != "expiring" || num(t, o, "version") != 1 || field(t, o, "upgrading") != false {
				t.Errorf("evaluation licence %s", jsonx.Marshal(o))
			}
			if _, ok := licensekey.Parse(str(t, o, "license")); !ok {
				t.Error("the evaluation licence is no emulator key")
			}
			if err := s.CreateCollection("_system", "c", false); err != nil {
				t.Fatal(err)
			}
			c.do("POST", "/_api/document/c", `{"a":1}`).expect(t, 202)
			s.AdvanceLicenseClock(3 * time.Hour)
			if got := str(t, c.do("GET", "/_admin/license", "").expect(t, 200), "status"); got != "read-only" {
				t.Errorf("after three hours: %s", got)
			}
			expectError(t, c.do("POST", "/_api/document/c", `{"a":2}`), 403, 1004, "read only: c [write]", byHandler)
			if got := str(t, c.do("GET", "/_admin/server/mode", "").expect(t, 200), "mode"); got != "readonly" {
				t.Errorf("server mode %s", got)
			}
			c.do("GET", "/_api/document/c?x=1", "")
			// a licence lifts it
			c.do("PUT", "/_admin/license", strconv.Quote(s.MintLicense(time.Now().Add(90*24*time.Hour)))).expect(t, 201)
			c.do("POST", "/_api/document/c", `{"a":3}`).expect(t, 202)
		})
	}
}

// PUT applies a key: 201 {"result":{...}}; GET then reports it with its
// hash and status; a key expiring sooner needs force=true (400/9007); a
// key the emulator did not mint, or an expired one, is 400/9001 (CONTRACT.md
// §17.3).
func TestLicensePut(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ version, license string }{{"3.11.14", ""}, {"3.12.4", ""}, {"3.12.5", "community"}, {"3.12.10", ""}} {
		t.Run(tc.version+tc.license, func(t *testing.T) {
			s := NewServer(t, Options{Version: tc.version, License: tc.license, Password: pw})
			root := newClient(t, s.URL()).asRoot(pw)
			later := s.MintLicense(time.Now().Add(60 * 24 * time.Hour))
			r := root.do("PUT", "/_admin/license", strconv.Quote(later))
			if r.status != 201 || string(r.body) != `{"result":{"error":false,"code":201}}` {
				t.Fatalf("PUT %d %s", r.status, r.body)
			}
			o := root.do("GET", "/_admin/license", "").expect(t, 200)
			if want := []string{"upgrading", "features", "hash", "license", "version", "status"}; !reflect.DeepEqual(keys(o), want) {
				t.Fatalf("keys %v, want %v", keys(o), want)
			}
			sum := sha256.Sum256([]byte(later))
			if str(t, o, "license") != later || str(t, o, "hash") != hex.EncodeToString(sum[:]) || str(t, o, "status") != "good" {
				t.Errorf("applied licence %s", jsonx.Marshal(o))
			}
			sooner := s.MintLicense(time.Now().Add(30 * 24 * time.Hour))
			expectError(t, root.do("PUT", "/_admin/license", strconv.Quote(sooner)), 400, 9007,
				"This license expires sooner than the existing. You may override this by specifying force=true with invocation.", byHandler)
			root.do("PUT", "/_admin/license?force=true", strconv.Quote(sooner)).expect(t, 201)
			if got := str(t, root.do("GET", "/_admin/license", "").expect(t, 200), "license"); got != sooner {
				t.Error("force did not replace the licence")
			}
			for _, body := range []string{`"abc"`, `42`, `{"license":"x"}`, strconv.Quote(s.MintLicense(time.Now().Add(-time.Minute))),
				strconv.Quote(later + "x")} {
				expectError(t, root.do("PUT", "/_admin/license", body), 400, 9001, "license has expired or is invalid", byHandler)
			}
			expectError(t, root.do("PUT", "/_admin/license", later), 400, 600, "", byHandler)
			root.do("POST", "/_api/user", `{"user":"reader","passwd":"r"}`).expect(t, 201)
			root.do("PUT", "/_api/user/reader/database/_system", `{"grant":"ro"}`).expect(t, 200)
			reader := newClient(t, s.URL()).as("reader", "r")
			expectError(t, reader.do("PUT", "/_admin/license", strconv.Quote(later)), 403, 403,
				"you need admin rights for license operations", byHandler)
			reader.do("GET", "/_admin/license", "").expect(t, 200)
			expectError(t, root.do("POST", "/_admin/license", ""), 405, 405,
				"Method not allowed. Only GET and PUT requests are handled.", byHandler)
		})
	}
}

// An applied licence is "good" until its last week, "expiring" in it and
// "read-only" once expired, when the deployment refuses writes; the
// licence clock moves with AdvanceLicenseClock; arangodb_license_expires
// counts the days (CONTRACT.md §17.2, §17.4).
func TestLicenseExpiry(t *testing.T) {
	t.Parallel()
	s := NewServer(t, Options{Version: "3.12.10"})
	c := newClient(t, s.URL())
	if err := s.CreateCollection("_system", "c", false); err != nil {
		t.Fatal(err)
	}
	c.do("PUT", "/_admin/license", strconv.Quote(s.MintLicense(time.Now().Add(10*24*time.Hour+time.Hour)))).expect(t, 201)
	status := func() string { return str(t, c.do("GET", "/_admin/license", "").expect(t, 200), "status") }
	if got := status(); got != "good" || s.lic.ExpiresDays() != 10 {
		t.Fatalf("status %s, %d days", got, s.lic.ExpiresDays())
	}
	s.AdvanceLicenseClock(4 * 24 * time.Hour)
	if got := status(); got != "expiring" || s.lic.ExpiresDays() != 6 {
		t.Errorf("status %s, %d days", got, s.lic.ExpiresDays())
	}
	c.do("POST", "/_api/document/c", `{"a":1}`).expect(t, 202)
	s.AdvanceLicenseClock(7 * 24 * time.Hour)
	if got := status(); got != "read-only" || s.lic.ExpiresDays() != 0 {
		t.Errorf("status %s, %d days", got, s.lic.ExpiresDays())
	}
	expectError(t, c.do("POST", "/_api/document/c", `{"a":2}`), 403, 1004, "read only: c [write]", byHandler)
	c.do("GET", "/_admin/server/mode", "").expect(t, 200)
	s.AdvanceLicenseClock(3 * 24 * time.Hour)
	if s.lic.ExpiresDays() != -3 {
		t.Errorf("%d days after expiry", s.lic.ExpiresDays())
	}
}

// From 3.12.5 a deployment without a licence reports the disk usage:
// bytesUsed grows with the documents stored; over the limit it is
// "limit-reached", read-only two days later and "shutdown" two days after
// that (CONTRACT.md §17.2).
func TestLicenseDiskUsage(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ version, license string }{{"3.12.5", "community"}, {"3.12.10", ""}} {
		t.Run(tc.version+tc.license, func(t *testing.T) {
			s := NewServer(t, Options{Version: tc.version, License: tc.license})
			c := newClient(t, s.URL())
			usage := func() obj {
				o := c.do("GET", "/_admin/license", "").expect(t, 200)
				if !reflect.DeepEqual(keys(o), []string{"upgrading", "diskUsage"}) {
					t.Fatalf("keys %v", keys(o))
				}
				du := field(t, o, "diskUsage").(obj)
				if want := []string{"bytesUsed", "bytesLimit", "limitReached", "secondsUntilReadOnly", "secondsUntilShutDown", "status"}; !reflect.DeepEqual(keys(du), want) {
					t.Fatalf("diskUsage keys %v", keys(du))
				}
				return du
			}
			du := usage()
			before := num(t, du, "bytesUsed")
			if num(t, du, "bytesLimit") != 107374182400 || field(t, du, "limitReached") != false || str(t, du, "status") != "good" ||
				num(t, du, "secondsUntilReadOnly") != 315569520 || num(t, du, "secondsUntilShutDown") != 315569520 {
				t.Errorf("fresh usage %s", jsonx.Marshal(du))
			}
			if err := s.CreateCollection("_system", "c", false); err != nil {
				t.Fatal(err)
			}
			c.do("POST", "/_api/document/c", `{"payload":"0123456789012345678901234567890123456789"}`).expect(t, 202)
			after := num(t, usage(), "bytesUsed")
			if after <= before+40 {
				t.Errorf("bytesUsed %d after a document, %d before", after, before)
			}
			s.SetLicenseDiskUsageLimit(after - 1)
			du = usage()
			near := func(got, want int64) bool { return got == want || got == want-1 } // a second may pass
			if field(t, du, "limitReached") != true || str(t, du, "status") != "limit-reached" || !near(num(t, du, "secondsUntilReadOnly"), 172800) ||
				!near(num(t, du, "secondsUntilShutDown"), 345600) || num(t, du, "bytesLimit") != after-1 {
				t.Errorf("over the limit %s", jsonx.Marshal(du))
			}
			c.do("POST", "/_api/document/c", `{"b":1}`).expect(t, 202)
			s.AdvanceLicenseClock(2 * 24 * time.Hour)
			du = usage()
			if str(t, du, "status") != "read-only" || num(t, du, "secondsUntilReadOnly") != 0 || !near(num(t, du, "secondsUntilShutDown"), 172800) {
				t.Errorf("two days over %s", jsonx.Marshal(du))
			}
			expectError(t, c.do("POST", "/_api/document/c", `{"b":2}`), 403, 1004, "read only: c [write]", byHandler)
			s.AdvanceLicenseClock(2 * 24 * time.Hour)
			if got := str(t, usage(), "status"); got != "shutdown" {
				t.Errorf("four days over: %s", got)
			}
			// a licence lifts the limit
			c.do("PUT", "/_admin/license", strconv.Quote(s.MintLicense(time.Now().Add(400*24*time.Hour)))).expect(t, 201)
			c.do("POST", "/_api/document/c", `{"b":3}`).expect(t, 202)
			s.SetLicenseDiskUsageLimit(0)
		})
	}
}

// The licence is the cluster's: every coordinator, DB server and agent
// answers the same; a PUT through one is seen by all (CONTRACT.md §17.1).
func TestLicenseCluster(t *testing.T) {
	t.Parallel()
	s := NewServer(t, Options{Topology: "cluster", Version: "3.11.14", MemberListeners: true})
	key := s.MintLicense(time.Now().Add(30 * 24 * time.Hour))
	newClient(t, s.URL()).do("PUT", "/_admin/license", strconv.Quote(key)).expect(t, 201)
	for _, u := range append(s.DBServerURLs(), s.AgentURLs()...) {
		if got := str(t, newClient(t, u).do("GET", "/_admin/license", "").expect(t, 200), "license"); got != key {
			t.Errorf("%s reports another licence", u)
		}
	}
}
