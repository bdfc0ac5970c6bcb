package provider

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

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
		Steps: []resource.TestStep{
			{Config: providerBlock(tg.Endpoints) + serverConfig, ConfigStateChecks: available},
			{
				// a rejected token: the error says so, without the token
				PreConfig:   tg.Emu.ExpireTokens,
				Config:      providerBlock(tg.Endpoints) + serverConfig,
				ExpectError: errorRE("HTTP 401", "or jwt (ARANGO_JWT)"),
			},
		},
	})
	logs, err := os.ReadFile(logFile)
	if err != nil {
		t.Fatal(err)
	}
	// The errors the provider returned are in the log too: checking the log
	// checks them.
	for _, want := range []string{"arangodb request", "or jwt (ARANGO_JWT)"} {
		if !bytes.Contains(logs, []byte(want)) {
			t.Fatalf("the trace log lacks %q: the test would prove nothing", want)
		}
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

// The leader passwords of arangodb_replication_sync and
// arangodb_replication_applier, as password and as password_wo, stay out of
// TF_LOG=TRACE output, plan output and errors; password_wo also out of the
// state. Every secret holds a "¤", which nothing else prints: an output
// that matches ^[^¤]*$ holds no part of any secret. Not parallel: the log
// settings are process-wide.
func TestAccResourceSecretsStayHidden(t *testing.T) {
	skipOnRealServer(t) // a sync and an applier need a second deployment
	stamp := time.Now().UnixNano()
	providerPW := fmt.Sprintf("provider-¤-%d", stamp)
	leaderPW := fmt.Sprintf("leader-¤-%d", stamp)
	wrongPW := fmt.Sprintf("wrong-¤-%d", stamp)
	leader := newTarget(t, arangotest.Options{Password: leaderPW})
	follower := newTarget(t, arangotest.Options{Password: providerPW})
	for _, tg := range []target{leader, follower} {
		tg.mustAPI(t, http.MethodPost, "/_api/database", map[string]any{"name": "shop"})
	}
	leader.newCollection(t, "shop", "products", false, []map[string]any{{"_key": "a"}})
	var ls struct {
		State struct {
			LastLogTick string `json:"lastLogTick"`
		} `json:"state"`
	}
	jsonDecode(t, leader.mustAPI(t, http.MethodGet, "/_db/shop/_api/replication/logger-state", nil), &ls)

	logFile := filepath.Join(t.TempDir(), "trace.log")
	t.Setenv("TF_LOG", "TRACE")
	t.Setenv("TF_ACC_LOG_PATH", logFile)
	t.Setenv(EnvPassword, providerPW)
	t.Setenv("TF_VAR_leader_password", leaderPW)

	config := func(password, extra string) string {
		return providerBlock(follower.Endpoints, `username = "root"`) + fmt.Sprintf(`
variable "leader_password" {
  type      = string
  sensitive = true
}

resource "arangodb_replication_sync" "this" {
  database                   = "shop"
  endpoint                   = %[1]q
  username                   = "root"
  include_system             = false
  confirm_replace_local_data = true
  %[2]s
  %[4]s
}

resource "arangodb_replication_applier" "shop" {
  database  = "shop"
  endpoint  = %[1]q
  username  = "root"
  from_tick = %[3]q
  running   = false
  %[2]s
}
`, endpointOf(leader), password, ls.State.LastLogTick, extra)
	}
	const noSecret = `(?s)^[^¤]*`
	planShows := func(attr, shown string) *regexp.Regexp {
		return regexp.MustCompile(noSecret + `The non-refresh plan was not empty[^¤]*` + attr + `\s+=\s+\(` + shown + `\)[^¤]*$`)
	}
	sent := func(key string) resource.TestCheckFunc {
		return func(*terraform.State) error {
			if n := follower.Emu.Requests()[key]; n == 0 {
				return fmt.Errorf("no %s: the secret was never used", key)
			}
			return nil
		}
	}
	inState := func(s *terraform.State) error {
		for addr, rs := range s.RootModule().Resources {
			for k, v := range rs.Primary.Attributes {
				if strings.Contains(v, "¤") {
					return fmt.Errorf("%s.%s holds a secret", addr, k)
				}
			}
		}
		return nil
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				// The plan output (a plan that is not empty fails a
				// PlanOnly step, showing it) says "(sensitive value)".
				Config:      config("password = var.leader_password", ""),
				PlanOnly:    true,
				ExpectError: planShows("password", "sensitive value"),
			},
			{
				Config: config("password = var.leader_password", ""),
				Check: resource.ComposeAggregateTestCheckFunc(sent("PUT /_db/shop/_api/replication/sync"),
					sent("PUT /_db/shop/_api/replication/applier-config")),
			},
			{
				// A sync the leader refuses: the error tells why, without a secret.
				PreConfig:   func() { t.Setenv("TF_VAR_leader_password", wrongPW) },
				Config:      config("password = var.leader_password", `triggers = { round = "2" }`),
				ExpectError: regexp.MustCompile(noSecret + `The replication sync failed[^¤]*HTTP 401[^¤]*$`),
			},
		},
	})
	t.Setenv("TF_VAR_leader_password", leaderPW)
	follower.Emu.ResetRequests()
	// A subtest: where the CLI lacks write-only attributes it skips alone.
	t.Run("password_wo", func(t *testing.T) {
		writeOnly := "password_wo = var.leader_password\n  password_wo_version = 1"
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
			TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_11_0)},
			Steps: []resource.TestStep{
				{
					Config:      config(writeOnly, ""),
					PlanOnly:    true,
					ExpectError: planShows("password_wo", "write-only attribute"),
				},
				{
					Config: config(writeOnly, ""),
					Check: resource.ComposeAggregateTestCheckFunc(inState, sent("PUT /_db/shop/_api/replication/sync"),
						sent("PUT /_db/shop/_api/replication/applier-config")),
				},
			},
		})
	})

	logs, err := os.ReadFile(logFile)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"arangodb request", "/_api/replication/sync", "/_api/replication/applier-config", "The replication sync failed"} {
		if !bytes.Contains(logs, []byte(want)) {
			t.Fatalf("the trace log lacks %q: the test would prove nothing", want)
		}
	}
	for name, secret := range map[string]string{"provider password": providerPW, "leader password": leaderPW, "wrong password": wrongPW} {
		if i := bytes.Index(logs, []byte(secret)); i >= 0 {
			t.Logf("what comes before it: %s", logs[max(0, i-300):i])
			t.Errorf("the %s appears in the TF_LOG=TRACE output", name)
		}
	}
}

// The password of arangodb_user, as password and as password_wo, stays out
// of TF_LOG=TRACE output, plan output and errors; password_wo also out of
// the state. As above, every secret holds a "¤". Not parallel: the log
// settings are process-wide.
func TestAccUserSecretsStayHidden(t *testing.T) {
	skipOnRealServer(t)
	stamp := time.Now().UnixNano()
	providerPW := fmt.Sprintf("provider-¤-%d", stamp)
	userPW := fmt.Sprintf("user-¤-%d", stamp)
	tg := newTarget(t, arangotest.Options{Password: providerPW})
	logFile := filepath.Join(t.TempDir(), "trace.log")
	t.Setenv("TF_LOG", "TRACE")
	t.Setenv("TF_ACC_LOG_PATH", logFile)
	t.Setenv(EnvPassword, providerPW)
	t.Setenv("TF_VAR_user_password", userPW)
	config := func(name, password string) string {
		return providerBlock(tg.Endpoints, `username = "root"`) + fmt.Sprintf(`
variable "user_password" {
  type      = string
  sensitive = true
}

resource "arangodb_user" "this" {
  name = %q
  %s
}
`, name, password)
	}
	const noSecret = `(?s)^[^¤]*`
	planShows := func(attr, shown string) *regexp.Regexp {
		return regexp.MustCompile(noSecret + `The non-refresh plan was not empty[^¤]*` + attr + `\s+=\s+\(` + shown + `\)[^¤]*$`)
	}
	inState := func(s *terraform.State) error {
		for addr, rs := range s.RootModule().Resources {
			for k, v := range rs.Primary.Attributes {
				if strings.Contains(v, "¤") {
					return fmt.Errorf("%s.%s holds a secret", addr, k)
				}
			}
		}
		return nil
	}
	loggedIn := func(*terraform.State) error {
		if !tg.Emu.UserPasswordIs("app", userPW) && !tg.Emu.UserPasswordIs("app-wo", userPW) {
			return errors.New("the user's password was never set")
		}
		return nil
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:      config("app", "password = var.user_password"),
				PlanOnly:    true,
				ExpectError: planShows("password", "sensitive value"),
			},
			{Config: config("app", "password = var.user_password"), Check: loggedIn},
			{
				// A user ArangoDB refuses (root exists): the error tells why, without a secret.
				Config:      config("root", "password = var.user_password"),
				ExpectError: regexp.MustCompile(noSecret + `Cannot create user root[^¤]*HTTP 409, errorNum 1702[^¤]*$`),
			},
		},
	})
	t.Run("password_wo", func(t *testing.T) {
		writeOnly := "password_wo = var.user_password\n  password_wo_version = 1"
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
			TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_11_0)},
			Steps: []resource.TestStep{
				{
					Config:      config("app-wo", writeOnly),
					PlanOnly:    true,
					ExpectError: planShows("password_wo", "write-only attribute"),
				},
				{Config: config("app-wo", writeOnly), Check: resource.ComposeAggregateTestCheckFunc(inState, loggedIn)},
			},
		})
	})
	logs, err := os.ReadFile(logFile)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"arangodb request", "/_api/user", "Cannot create user root"} {
		if !bytes.Contains(logs, []byte(want)) {
			t.Fatalf("the trace log lacks %q: the test would prove nothing", want)
		}
	}
	for name, secret := range map[string]string{"provider password": providerPW, "user password": userPW} {
		if i := bytes.Index(logs, []byte(secret)); i >= 0 {
			t.Logf("what comes before it: %s", logs[max(0, i-300):i])
			t.Errorf("the %s appears in the TF_LOG=TRACE output", name)
		}
	}
}
