package provider

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest"
)

// TLS is verified by default: the emulator's self-signed certificate works
// with its CA in ca_certificate (inline or as a file) and fails without it,
// with another deployment's CA, and when it does not name the endpoint's host.
func TestAccProviderTLS(t *testing.T) {
	t.Parallel()
	skipOnRealServer(t)
	tg := newTarget(t, arangotest.Options{TLS: true})
	other := newTarget(t, arangotest.Options{TLS: true})
	// a certificate from a trusted CA, but for another host name
	elsewhere := newTarget(t, arangotest.Options{TLS: true, TLSHosts: []string{"db.example.test"}})
	caFile := filepath.Join(t.TempDir(), "ca.pem")
	if err := os.WriteFile(caFile, tg.Emu.CACertPEM(), 0o600); err != nil {
		t.Fatal(err)
	}
	available := []statecheck.StateCheck{
		statecheck.ExpectKnownValue("data.arangodb_server.this", tfjsonpath.New("available"), knownvalue.Bool(true)),
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:      tg.provider() + serverConfig,
				ExpectError: errorRE("TLS certificate is not signed by a trusted CA", "Give the deployment's CA in ca_certificate"),
			},
			{
				Config:            tg.provider(fmt.Sprintf("ca_certificate = %q", string(tg.Emu.CACertPEM()))) + serverConfig,
				ConfigStateChecks: available,
			},
			{
				Config:            tg.provider(fmt.Sprintf("ca_certificate = %q", caFile)) + serverConfig,
				ConfigStateChecks: available,
			},
			{
				Config:            tg.provider(`insecure_skip_verify = true`) + serverConfig,
				ConfigStateChecks: available,
			},
			{
				// another deployment's CA does not vouch for this one
				Config:      tg.provider(fmt.Sprintf("ca_certificate = %q", string(other.Emu.CACertPEM()))) + serverConfig,
				ExpectError: errorRE("TLS certificate is not signed by a trusted CA", "Give the deployment's CA in ca_certificate (or ARANGO_CA_CERT)"),
			},
			{
				Config: elsewhere.provider(fmt.Sprintf("ca_certificate = %q", string(elsewhere.Emu.CACertPEM()))) + serverConfig,
				ExpectError: errorRE("TLS certificate does not name this host", "127.0.0.1",
					"Give the endpoint by a host name or address the certificate names"),
			},
		},
	})
}

// ca_certificate can come from ARANGO_CA_CERT, as a file path. Not
// parallel: it sets the environment.
func TestAccProviderTLSCAFromEnvironment(t *testing.T) {
	skipOnRealServer(t)
	tg := newTarget(t, arangotest.Options{TLS: true})
	caFile := filepath.Join(t.TempDir(), "ca.pem")
	if err := os.WriteFile(caFile, tg.Emu.CACertPEM(), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv(EnvCACert, caFile)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: tg.provider() + serverConfig,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.arangodb_server.this", tfjsonpath.New("available"), knownvalue.Bool(true)),
			},
		}},
	})
}
