package provider

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest"
)

const serverConfig = `data "arangodb_server" "this" {}`

func serverChecks(id knownvalue.Check, role, version string) []statecheck.StateCheck {
	attr := func(name string, v knownvalue.Check) statecheck.StateCheck {
		return statecheck.ExpectKnownValue("data.arangodb_server.this", tfjsonpath.New(name), v)
	}
	return []statecheck.StateCheck{
		attr("id", id),
		attr("role", knownvalue.StringExact(role)),
		attr("mode", knownvalue.StringExact("default")),
		attr("version", knownvalue.StringExact(version)),
		attr("license", knownvalue.StringExact("enterprise")),
		attr("available", knownvalue.Bool(true)),
	}
}

func TestAccServerDataSource(t *testing.T) {
	for _, version := range []string{"3.10.14", "3.11.14", "3.12.10"} {
		t.Run(version, func(t *testing.T) {
			t.Parallel()
			skipOnRealServer(t)
			tg := newTarget(t, arangotest.Options{Version: version})
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config:            tg.provider() + serverConfig,
					ConfigStateChecks: serverChecks(knownvalue.StringExact(tg.Emu.ServerID()), "SINGLE", version),
				}},
			})
		})
	}
}

func TestAccServerDataSourceRealServer(t *testing.T) {
	if !realServer() {
		t.Skip("set ARANGO_ENDPOINTS to run against a real deployment")
	}
	tg := newTarget(t, arangotest.Options{})
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: tg.provider() + serverConfig,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.arangodb_server.this", tfjsonpath.New("id"), knownvalue.StringRegexp(regexp.MustCompile(`^(\d+|[A-Z]{4}-.+)$`))),
				statecheck.ExpectKnownValue("data.arangodb_server.this", tfjsonpath.New("available"), knownvalue.Bool(true)),
			},
		}},
	})
}

func TestAccServerDataSourceCoordinator(t *testing.T) {
	t.Parallel()
	skipOnRealServer(t)
	tg := newTarget(t, arangotest.Options{Topology: "cluster", Coordinators: 2})
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:            tg.provider() + serverConfig,
			ConfigStateChecks: serverChecks(knownvalue.StringRegexp(regexp.MustCompile(`^CRDN-[0-9a-f-]{36}$`)), "COORDINATOR", "3.11.14"),
		}},
	})
}

// Pointed at a DB server or an agent, the data source says which it is.
func TestAccServerDataSourceClusterMembers(t *testing.T) {
	t.Parallel()
	skipOnRealServer(t)
	tg := newTarget(t, arangotest.Options{Topology: "cluster", MemberListeners: true})
	for _, m := range []struct {
		url, id, role string
	}{
		{tg.Emu.DBServerURLs()[1], tg.Emu.DBServerIDs()[1], "PRIMARY"},
		{tg.Emu.AgentURLs()[0], tg.Emu.AgentIDs()[0], "AGENT"},
	} {
		member := tg
		member.Endpoints = []string{m.url}
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
			Steps: []resource.TestStep{{
				Config:            member.provider() + serverConfig,
				ConfigStateChecks: serverChecks(knownvalue.StringExact(m.id), m.role, "3.11.14"),
			}},
		})
	}
}

// With a dead address first, every read still succeeds through the live one.
func TestAccServerDataSourceDeadEndpointFirst(t *testing.T) {
	t.Parallel()
	skipOnRealServer(t)
	tg := newTarget(t, arangotest.Options{})
	tg.Endpoints = append([]string{deadAddress(t)}, tg.Endpoints...)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:            tg.provider(`max_retries = 0`) + serverConfig,
			ConfigStateChecks: serverChecks(knownvalue.StringExact(tg.Emu.ServerID()), "SINGLE", "3.11.14"),
		}},
	})
}

func TestAccServerDataSourceWrongCredentials(t *testing.T) {
	t.Parallel()
	tg := newTarget(t, arangotest.Options{})
	tg.Password = "not-the-password"
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:      tg.provider() + serverConfig,
			ExpectError: errorRE("HTTP 401, errorNum 11: not authorized to execute this request", "Check the provider's username and password"),
		}},
	})
}

// auth = "jwt" logs in once per provider instance and sends the token.
func TestAccServerDataSourceJWTLogin(t *testing.T) {
	t.Parallel()
	tg := newTarget(t, arangotest.Options{})
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: tg.provider(`auth = "jwt"`) + serverConfig,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.arangodb_server.this", tfjsonpath.New("available"), knownvalue.Bool(true)),
			},
			Check: func(*terraform.State) error {
				if tg.Emu == nil {
					return nil
				}
				if n := tg.Emu.Requests()["POST /_open/auth"]; n == 0 {
					return fmt.Errorf("no login at /_open/auth")
				}
				return nil
			},
		}},
	})
}
