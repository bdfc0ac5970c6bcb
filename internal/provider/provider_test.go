package provider

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
)

var testAccProtoV6ProviderFactories = map[string]func() (tfprotov6.ProviderServer, error){
	"arangodb": providerserver.NewProtocol6WithError(New("test")()),
}

func TestMain(m *testing.M) {
	// A machine may export TF_CLI_CONFIG_FILE pointing at a missing file, and
	// OpenTofu's version output then cannot be parsed: use a file of our own.
	dir, err := os.MkdirTemp("", "arangodb-tf-cli")
	if err != nil {
		panic(err)
	}
	cfg := filepath.Join(dir, "cli.tfrc")
	if err := os.WriteFile(cfg, []byte("# empty: the tests need no CLI settings\n"), 0o600); err != nil {
		panic(err)
	}
	os.Setenv("TF_CLI_CONFIG_FILE", cfg)
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// realServer reports whether the tests run against a real ArangoDB
// (ARANGO_ENDPOINTS set) instead of emulators.
func realServer() bool { return os.Getenv(EnvEndpoints) != "" }

// skipOnRealServer skips tests that need the emulator's fault injection or
// request log.
func skipOnRealServer(t *testing.T) {
	t.Helper()
	if realServer() {
		t.Skip("needs the emulator (fault injection or request log); ARANGO_ENDPOINTS points at a real server")
	}
}

// providerBlock renders a provider block for the given endpoints and extra
// HCL lines; credentials come from arguments so tests can vary them.
func providerBlock(endpoints []string, extra ...string) string {
	quoted := make([]string, len(endpoints))
	for i, e := range endpoints {
		quoted[i] = fmt.Sprintf("%q", e)
	}
	return fmt.Sprintf("provider \"arangodb\" {\n  endpoints = [%s]\n  %s\n}\n", strings.Join(quoted, ", "), strings.Join(extra, "\n  "))
}
