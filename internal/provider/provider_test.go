package provider

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest"
)

var testAccProtoV6ProviderFactories = map[string]func() (tfprotov6.ProviderServer, error){
	"arangodb": NewServerWithError("test"),
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
	cliRuntime()
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// cliRuntime sets the Go runtime of the CLI processes the tests start. A
// suite runs thousands of short commands (a step runs plan, apply, show
// and two more plans), and much of their CPU is the runtime's start-up and
// collection: a laxer collector (a command's heap stays under 70 MB) saves
// about 9 % of a suite's CPU (BENCHMARKS.md, "The test suite"). The
// caller's own setting wins, and benchmarks keep the CLI's default, to
// compare it with other providers as users run it. The test process has
// read its own settings already.
func cliRuntime() {
	if os.Getenv("ARANGODB_CLI_BENCH") != "" {
		return
	}
	if _, set := os.LookupEnv("GOGC"); !set {
		os.Setenv("GOGC", "400")
	}
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

// testPassword is root's password on the emulators the tests start.
const testPassword = "acc-test-secret"

// target is the deployment an acceptance test talks to: an emulator started
// for the test, or, with ARANGO_ENDPOINTS set, the real deployment.
type target struct {
	Endpoints []string
	Username  string
	Password  string
	Emu       *arangotest.Server // nil on a real deployment
}

// newTarget starts an emulator with opts (auth on with testPassword unless
// opts says otherwise), or returns the real deployment of ARANGO_ENDPOINTS.
func newTarget(t *testing.T, opts arangotest.Options) target {
	t.Helper()
	if realServer() {
		var eps []string
		for _, e := range strings.Split(os.Getenv(EnvEndpoints), ",") {
			if e = strings.TrimSpace(e); e != "" {
				eps = append(eps, e)
			}
		}
		return target{Endpoints: eps, Username: os.Getenv(EnvUsername), Password: os.Getenv(EnvPassword)}
	}
	if opts.Password == "" {
		opts.Password = testPassword
	}
	emu := arangotest.NewServer(t, opts)
	return target{Endpoints: emu.URLs(), Username: "root", Password: opts.Password, Emu: emu}
}

// provider renders the provider block for the target, with extra settings.
func (tg target) provider(extra ...string) string {
	lines := append([]string{fmt.Sprintf("username = %q", tg.Username), fmt.Sprintf("password = %q", tg.Password)}, extra...)
	return providerBlock(tg.Endpoints, lines...)
}

// deadAddress returns an http URL that refuses connections.
func deadAddress(t *testing.T) string { return "http://" + arangotest.RefusedAddress(t) }

// errorRE matches the given phrases in order, across the line breaks
// Terraform puts into long messages.
func errorRE(phrases ...string) *regexp.Regexp {
	return regexp.MustCompile(`(?s)` + strings.Join(phrasePatterns(phrases), `.*`))
}

// onlyError matches Terraform's output when it holds exactly one error,
// with the phrases in order (as errorRE: across line breaks).
func onlyError(phrases ...string) *regexp.Regexp {
	noErr := `(?:[^E]|E[^r]|Er[^r])*` // no second "Error"
	return regexp.MustCompile(`(?s)\A(?:Error running \w+: exit status \d+\s*)?` + noErr + `Error: ` +
		strings.Join(phrasePatterns(phrases), noErr) + noErr + `\z`)
}

// phrasePatterns are the phrases as patterns whose words may be broken
// across lines.
func phrasePatterns(phrases []string) []string {
	parts := make([]string, len(phrases))
	for i, p := range phrases {
		words := strings.Fields(p)
		for j, w := range words {
			words[j] = regexp.QuoteMeta(w)
		}
		parts[i] = strings.Join(words, `\s+`)
	}
	return parts
}

// The provider's endpoints take the spellings the leader endpoints take:
// http+tcp:// and tcp:// as well as http://.
func TestAccProviderEndpointSpellings(t *testing.T) {
	t.Parallel()
	skipOnRealServer(t)
	tg := newTarget(t, arangotest.Options{})
	hostPort := strings.TrimPrefix(tg.Endpoints[0], "http://")
	for _, ep := range []string{"http+tcp://" + hostPort, "TCP://" + hostPort + "/"} {
		tg.Endpoints = []string{ep}
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
			Steps: []resource.TestStep{{
				Config: tg.provider() + serverConfig,
				ConfigStateChecks: []statecheck.StateCheck{statecheck.ExpectKnownValue("data.arangodb_server.this",
					tfjsonpath.New("id"), knownvalue.StringExact(tg.Emu.ServerID()))},
			}},
		})
	}
}
