package provider

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/hex"
	"encoding/pem"
	"fmt"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest"
)

// testPKI makes keyfiles (server certificate, CA, key) as arangod's
// --ssl.keyfile holds them, signed by one CA.
type testPKI struct {
	ca    *x509.Certificate
	key   *ecdsa.PrivateKey
	caPEM []byte
}

func newTestPKI(t *testing.T) *testPKI {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "ops CA"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(365 * 24 * time.Hour),
		KeyUsage: x509.KeyUsageCertSign, BasicConstraintsValid: true, IsCA: true}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	ca, _ := x509.ParseCertificate(der)
	return &testPKI{ca: ca, key: key, caPEM: pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})}
}

// keyfile writes a keyfile for 127.0.0.1 valid until notAfter to path and
// returns the file's and the certificate's SHA-256 (hex).
func (p *testPKI) keyfile(t *testing.T, path string, notAfter time.Time) (fileSHA, certSHA string) {
	t.Helper()
	k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	serial, _ := rand.Int(rand.Reader, big.NewInt(1<<62))
	tmpl := &x509.Certificate{SerialNumber: serial, Subject: pkix.Name{CommonName: "arangodb.ops.test"},
		DNSNames: []string{"arangodb.ops.test"}, IPAddresses: []net.IP{net.ParseIP("127.0.0.1")},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: notAfter,
		KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, p.ca, &k.PublicKey, p.key)
	if err != nil {
		t.Fatal(err)
	}
	keyDER, _ := x509.MarshalPKCS8PrivateKey(k)
	file := append(append(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), p.caPEM...),
		pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: keyDER})...)
	if err := os.WriteFile(path, file, 0o600); err != nil {
		t.Fatal(err)
	}
	f, c := sha256.Sum256(file), sha256.Sum256(der)
	return hex.EncodeToString(f[:]), hex.EncodeToString(c[:])
}

// tlsTarget is a single server serving TLS from a keyfile on disk, and a
// provider block that trusts its CA, with a superuser token.
func tlsTarget(t *testing.T, expires time.Time) (tg target, pki *testPKI, keyfile, superuser string) {
	t.Helper()
	skipOnRealServer(t) // the certificate is replaced on the server's disk
	pki = newTestPKI(t)
	keyfile = filepath.Join(t.TempDir(), "server.pem")
	pki.keyfile(t, keyfile, expires)
	tg = newTarget(t, arangotest.Options{TLSKeyfile: keyfile, JWTSecret: "tls-secret"})
	superuser = providerBlock(tg.Endpoints, fmt.Sprintf("ca_certificate = %q", pki.caPEM), fmt.Sprintf("jwt = %q", tg.Emu.SuperuserToken()))
	return tg, pki, keyfile, superuser
}

// The certificate a server serves, parsed: subject, SANs, expiry and
// fingerprint as openssl shows them; expires is the earliest.
func TestAccTLSDataSource(t *testing.T) {
	t.Parallel()
	expires := time.Now().Add(30 * 24 * time.Hour).UTC().Truncate(time.Second)
	_, _, keyfile, superuser := tlsTarget(t, expires)
	data, err := os.ReadFile(keyfile)
	if err != nil {
		t.Fatal(err)
	}
	block, _ := pem.Decode(data)
	sum := sha256.Sum256(block.Bytes)
	fileSum := sha256.Sum256(data)
	at := func(p ...any) tfjsonpath.Path {
		path := tfjsonpath.New("servers").AtSliceIndex(0)
		for _, s := range p {
			switch s := s.(type) {
			case string:
				path = path.AtMapKey(s)
			case int:
				path = path.AtSliceIndex(s)
			}
		}
		return path
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: superuser + "data \"arangodb_tls\" \"this\" {}\n",
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.arangodb_tls.this", tfjsonpath.New("expires"), knownvalue.StringExact(expires.Format(time.RFC3339))),
				statecheck.ExpectKnownValue("data.arangodb_tls.this", at("enabled"), knownvalue.Bool(true)),
				statecheck.ExpectKnownValue("data.arangodb_tls.this", at("keyfile_sha256"), knownvalue.StringExact(hex.EncodeToString(fileSum[:]))),
				statecheck.ExpectKnownValue("data.arangodb_tls.this", at("certificates", 0, "sha256"), knownvalue.StringExact(hex.EncodeToString(sum[:]))),
				statecheck.ExpectKnownValue("data.arangodb_tls.this", at("certificates", 0, "subject"), knownvalue.StringExact("CN=arangodb.ops.test")),
				statecheck.ExpectKnownValue("data.arangodb_tls.this", at("certificates", 0, "dns_names"),
					knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact("arangodb.ops.test")})),
				statecheck.ExpectKnownValue("data.arangodb_tls.this", at("certificates", 0, "ip_addresses"),
					knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact("127.0.0.1")})),
				statecheck.ExpectKnownValue("data.arangodb_tls.this", at("certificates", 1, "subject"), knownvalue.StringExact("CN=ops CA")),
			},
		}},
	})
}
