package provider

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest"
)

// Passwords and tokens never reach TF_LOG=TRACE output. Not parallel: the
// log settings are process-wide.
func TestAccProviderSecretsNotLogged(t *testing.T) {
	skipOnRealServer(t)
	tg := newTarget(t, arangotest.Options{})
	token := login(t, tg)
	logFile := filepath.Join(t.TempDir(), "trace.log")
	t.Setenv("TF_LOG", "TRACE")
	t.Setenv("TF_ACC_LOG_PATH", logFile)

	available := []statecheck.StateCheck{
		statecheck.ExpectKnownValue("data.arangodb_server.this", tfjsonpath.New("available"), knownvalue.Bool(true)),
	}
	// Secrets come from the environment: the test harness itself logs the
	// configuration text, which a user's run does not.
	t.Setenv(EnvPassword, tg.Password)
	withUser := providerBlock(tg.Endpoints, fmt.Sprintf("username = %q", tg.Username))
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: withUser + serverConfig, ConfigStateChecks: available},
			{Config: providerBlock(tg.Endpoints, fmt.Sprintf("username = %q", tg.Username), `auth = "jwt"`) + serverConfig, ConfigStateChecks: available},
		},
	})
	t.Setenv(EnvPassword, "")
	t.Setenv(EnvJWT, token)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps:                    []resource.TestStep{{Config: providerBlock(tg.Endpoints) + serverConfig, ConfigStateChecks: available}},
	})
	logs, err := os.ReadFile(logFile)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(logs, []byte("arangodb request")) {
		t.Fatal("the trace log has no request lines of the provider: the test would prove nothing")
	}
	for name, secret := range map[string]string{"password": tg.Password, "jwt": token} {
		if i := bytes.Index(logs, []byte(secret)); i >= 0 {
			t.Logf("what comes before it: %s", logs[max(0, i-300):i])
			t.Errorf("the %s appears in the TF_LOG=TRACE output", name)
		}
	}
}

// login gets a JWT from the target, as a user would for the jwt setting.
func login(t *testing.T, tg target) string {
	t.Helper()
	body, _ := json.Marshal(map[string]string{"username": tg.Username, "password": tg.Password})
	resp, err := http.Post(strings.TrimSuffix(tg.Endpoints[0], "/")+"/_open/auth", "application/json", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out struct {
		JWT string `json:"jwt"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil || out.JWT == "" {
		t.Fatalf("login: %v %v", resp.Status, err)
	}
	return out.JWT
}
