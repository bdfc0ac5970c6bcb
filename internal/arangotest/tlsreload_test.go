package arangotest

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/hex"
	"encoding/pem"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/jsonx"
)

// testCA signs server certificates for keyfiles.
type testCA struct {
	cert *x509.Certificate
	key  *ecdsa.PrivateKey
	pem  []byte
}

func newTestCA(t *testing.T) *testCA {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: randomSerial(), Subject: pkix.Name{CommonName: "test CA"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(24 * time.Hour),
		KeyUsage: x509.KeyUsageCertSign, BasicConstraintsValid: true, IsCA: true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, _ := x509.ParseCertificate(der)
	return &testCA{cert: cert, key: key, pem: pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})}
}

func (ca *testCA) pool() *x509.CertPool {
	p := x509.NewCertPool()
	p.AddCert(ca.cert)
	return p
}

// keyfile makes an arangod keyfile for 127.0.0.1 expiring at notAfter:
// the server certificate, the CA, the key. It returns the file and the
// certificate's and the key's PEM blocks as dumpPEM cuts them.
func (ca *testCA) keyfile(t *testing.T, notAfter time.Time) (file []byte, leaf, key string) {
	t.Helper()
	k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: randomSerial(), Subject: pkix.Name{CommonName: "server"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: notAfter,
		KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, ca.cert, &k.PublicKey, ca.key)
	if err != nil {
		t.Fatal(err)
	}
	keyDER, _ := x509.MarshalPKCS8PrivateKey(k)
	leafPEM := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})
	keyPEM := pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: keyDER})
	file = append(append(append([]byte{}, leafPEM...), ca.pem...), keyPEM...)
	return file, string(leafPEM[:len(leafPEM)-1]), string(keyPEM[:len(keyPEM)-1])
}

func sha256Hex(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

// peerNotAfter opens a new TLS connection to base and reports the expiry
// of the certificate it is served.
func peerNotAfter(t *testing.T, base string, roots *x509.CertPool) time.Time {
	t.Helper()
	u, _ := url.Parse(base)
	conn, err := tls.Dial("tcp", u.Host, &tls.Config{RootCAs: roots, MinVersion: tls.VersionTLS12})
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	return conn.ConnectionState().PeerCertificates[0].NotAfter
}

// tlsClient talks https to base, trusting roots.
func tlsClient(t *testing.T, base string, roots *x509.CertPool) *client {
	c := newClient(t, base)
	c.hc = &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: roots, MinVersion: tls.VersionTLS12}}}
	return c
}

// The keyfile is served, described by GET, and re-read by a superuser's
// POST: new connections get the new certificate; a bad file is refused
// with 400 errorNum 34 and the old one stays (CONTRACT.md §19.1).
func TestTLSReload(t *testing.T) {
	t.Parallel()
	ca := newTestCA(t)
	day := time.Now().Add(24 * time.Hour).Truncate(time.Second)
	file1, leaf1, key1 := ca.keyfile(t, day)
	path := filepath.Join(t.TempDir(), "server.pem")
	if err := os.WriteFile(path, file1, 0o600); err != nil {
		t.Fatal(err)
	}
	s := NewServer(t, Options{Version: "3.12.4", Password: pw, JWTSecret: "tls-test", TLSKeyfile: path})
	if s.CACertPEM() != nil {
		t.Error("CACertPEM with a keyfile")
	}
	if got := peerNotAfter(t, s.URL(), ca.pool()); !got.Equal(day) {
		t.Fatalf("served certificate expires %v, want %v", got, day)
	}
	root := tlsClient(t, s.URL(), ca.pool()).asRoot(pw)
	wantKeyfile := func(file []byte, leaf, key string) obj {
		sum := sha256Hex(file)
		return obj{{"sha256", sum}, {"SHA256", sum}, {"certificates", []any{leaf, string(ca.pem[:len(ca.pem)-1])}},
			{"privateKeySha256", sha256Hex([]byte(key))}, {"privateKeySHA256", sha256Hex([]byte(key))}}
	}
	check := func(r *resp, file []byte, leaf, key string) {
		t.Helper()
		o := r.expect(t, 200)
		want := obj{{"error", false}, {"code", 200}, {"result", obj{{"keyfile", wantKeyfile(file, leaf, key)}, {"clientCA", obj{}}}}}
		if string(jsonx.Marshal(o)) != string(jsonx.Marshal(want)) {
			t.Errorf("TLS data\n%s\nwant\n%s", jsonx.Marshal(o), jsonx.Marshal(want))
		}
	}
	check(root.do("GET", "/_admin/server/tls", ""), file1, leaf1, key1)
	// any user with access to the database may read it
	if err := s.CreateUser("reader", "pw"); err != nil {
		t.Fatal(err)
	}
	root.do("PUT", "/_api/user/reader/database/_system", `{"grant":"ro"}`).expect(t, 200)
	reader := tlsClient(t, s.URL(), ca.pool())
	reader.user, reader.pass = "reader", "pw"
	reader.do("GET", "/_admin/server/tls", "").expect(t, 200)

	twoDays := day.Add(24 * time.Hour)
	file2, leaf2, key2 := ca.keyfile(t, twoDays)
	if err := os.WriteFile(path, file2, 0o600); err != nil {
		t.Fatal(err)
	}
	check(root.do("GET", "/_admin/server/tls", ""), file1, leaf1, key1) // not reloaded yet
	expectError(t, root.do("POST", "/_admin/server/tls", ""), 403, 11, "only superusers may reload TLS data", byHandler)
	expectError(t, root.do("PUT", "/_admin/server/tls", ""), 403, 11, "forbidden", byHandler)
	expectError(t, root.do("DELETE", "/_admin/server/tls", ""), 403, 11, "forbidden", byHandler)
	expectError(t, root.do("GET", "/_admin/server/tls/x", ""), 404, 404, "", byHandler)

	super := tlsClient(t, s.URL(), ca.pool())
	super.bearer = s.SuperuserToken()
	check(super.do("POST", "/_admin/server/tls", ""), file2, leaf2, key2)
	check(root.do("GET", "/_db/_system/_admin/server/tls", ""), file2, leaf2, key2)
	if got := peerNotAfter(t, s.URL(), ca.pool()); !got.Equal(twoDays) {
		t.Errorf("after the reload a new connection gets a certificate expiring %v, want %v", got, twoDays)
	}
	// the emulator's own client trusts the CA the keyfile carried
	if r, err := s.Client().Get(s.URL() + "/_api/version"); err != nil {
		t.Errorf("Client after reload: %v", err)
	} else {
		r.Body.Close()
	}

	// a file that is no keyfile: 400 errorNum 34, the old data stays
	if err := os.WriteFile(path, []byte("not a PEM"), 0o600); err != nil {
		t.Fatal(err)
	}
	expectError(t, super.do("POST", "/_admin/server/tls", ""), 400, 34, "Could not reload TLS context from files.", byHandler)
	check(root.do("GET", "/_admin/server/tls", ""), file2, leaf2, key2)
	if got := peerNotAfter(t, s.URL(), ca.pool()); !got.Equal(twoDays) {
		t.Errorf("after a failed reload the certificate expires %v, want %v", got, twoDays)
	}
	os.Remove(path)
	expectError(t, super.do("POST", "/_admin/server/tls", ""), 400, 34, "Could not reload TLS context from files.", byHandler)
}

// Each server reloads its own keyfile: a reload on one coordinator leaves
// the other, the DB servers and the agents as they were; every role
// answers the route (CONTRACT.md §19.1).
func TestTLSReloadIsLocal(t *testing.T) {
	t.Parallel()
	ca := newTestCA(t)
	day := time.Now().Add(24 * time.Hour).Truncate(time.Second)
	file1, _, _ := ca.keyfile(t, day)
	path := filepath.Join(t.TempDir(), "server.pem")
	if err := os.WriteFile(path, file1, 0o600); err != nil {
		t.Fatal(err)
	}
	s := NewServer(t, Options{Version: "3.11.14", Topology: "cluster", Coordinators: 2, MemberListeners: true, TLSKeyfile: path})
	file2, _, _ := ca.keyfile(t, day.Add(time.Hour))
	if err := os.WriteFile(path, file2, 0o600); err != nil {
		t.Fatal(err)
	}
	// authentication off: anyone may reload
	o := tlsClient(t, s.URLs()[0], ca.pool()).do("POST", "/_admin/server/tls", "").expect(t, 200)
	if got := str(t, field(t, field(t, o, "result").(obj), "keyfile").(obj), "sha256"); got != sha256Hex(file2) {
		t.Errorf("coordinator 0 reloaded %s, want %s", got, sha256Hex(file2))
	}
	if got := peerNotAfter(t, s.URLs()[0], ca.pool()); !got.Equal(day.Add(time.Hour)) {
		t.Errorf("coordinator 0 serves a certificate expiring %v", got)
	}
	others := append(append([]string{s.URLs()[1]}, s.DBServerURLs()...), s.AgentURLs()...)
	for _, u := range others {
		if got := peerNotAfter(t, u, ca.pool()); !got.Equal(day) {
			t.Errorf("%s serves a certificate expiring %v, want the old %v", u, got, day)
		}
		o := tlsClient(t, u, ca.pool()).do("GET", "/_admin/server/tls", "").expect(t, 200)
		if got := str(t, field(t, field(t, o, "result").(obj), "keyfile").(obj), "sha256"); got != sha256Hex(file1) {
			t.Errorf("%s describes %s, want the old %s", u, got, sha256Hex(file1))
		}
	}
	dbs := tlsClient(t, s.DBServerURLs()[0], ca.pool())
	dbs.do("POST", "/_admin/server/tls", "").expect(t, 200)
	if got := peerNotAfter(t, s.DBServerURLs()[0], ca.pool()); !got.Equal(day.Add(time.Hour)) {
		t.Errorf("DB server after its reload serves a certificate expiring %v", got)
	}
}

// Without TLS the data is {}; the certificate made at start is described
// as the keyfile arangod would have (chain and key), and a reload keeps it.
func TestTLSDataWithoutKeyfile(t *testing.T) {
	t.Parallel()
	for _, v := range []string{"3.10.14", "3.11.14", "3.12.10"} {
		s := NewServer(t, Options{Version: v})
		c := newClient(t, s.URL())
		for _, m := range []string{"GET", "POST"} {
			r := c.do(m, "/_admin/server/tls", "")
			if r.status != 200 || string(r.body) != `{"error":false,"code":200,"result":{}}` {
				t.Errorf("%s %s without TLS: %d %s", v, m, r.status, r.body)
			}
		}
	}
	s := NewServer(t, Options{TLS: true})
	c := newClient(t, s.URL())
	c.hc = s.Client()
	for _, m := range []string{"GET", "POST"} {
		kf := field(t, field(t, c.do(m, "/_admin/server/tls", "").expect(t, 200), "result").(obj), "keyfile").(obj)
		if got := keys(kf); !reflect.DeepEqual(got, []string{"sha256", "SHA256", "certificates", "privateKeySha256", "privateKeySHA256"}) {
			t.Errorf("%s keyfile keys %v", m, got)
		}
		if n := len(field(t, kf, "certificates").([]any)); n != 2 {
			t.Errorf("%s: %d certificates, want the server's and the CA's", m, n)
		}
	}
	if _, err := Start(Options{TLSKeyfile: "/nonexistent/server.pem"}); err == nil {
		t.Error("a keyfile that is not there started")
	}
	if _, err := Start(Options{TLSKeyfile: "x.pem", TLSHosts: []string{"localhost"}}); err == nil {
		t.Error("TLS hosts with a keyfile started")
	}
}
