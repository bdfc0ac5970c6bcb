package provider

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangodb"
	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest"
)

const serverModeAddr = "arangodb_server_mode.this"

func serverModeConfig(tg target, mode string) string {
	return tg.provider() + fmt.Sprintf("resource \"arangodb_server_mode\" \"this\" {\n  mode = %q\n}\n", mode)
}

// modeIs checks the mode every endpoint reports (all coordinators of a cluster).
func (tg target) modeIs(t *testing.T, want string) checkNow {
	return func() error {
		for _, ep := range tg.Endpoints {
			c, err := arangodb.New(arangodb.Config{Endpoints: []string{ep}, Username: tg.Username, Password: tg.Password, MaxRetries: 1})
			if err != nil {
				return err
			}
			got, err := c.ServerMode(context.Background())
			if err != nil {
				return err
			}
			if got != want {
				return fmt.Errorf("%s reports mode %q, want %q", ep, got, want)
			}
		}
		return nil
	}
}

// writeRefused checks that a document write as root is answered 403
// errorNum 1004 (read-only), or succeeds.
func (tg target) writeRefused(t *testing.T, refused bool) checkNow {
	return func() error {
		status, body := tg.api(t, http.MethodPost, "/_db/shop/_api/document/orders", map[string]any{})
		switch {
		case refused && (status != http.StatusForbidden || !strings.Contains(string(body), `"errorNum":1004`)):
			return fmt.Errorf("a write while read-only got %d %s", status, body)
		case !refused && status >= 300:
			return fmt.Errorf("a write got %d %s", status, body)
		}
		return nil
	}
}

// Read-only on, seen by the server (writes refused), imported, turned off
// elsewhere (the plan turns it on again), off, and back to default on
// destroy.
func TestAccServerMode(t *testing.T) {
	t.Parallel()
	tg := newTarget(t, arangotest.Options{})
	tg.mustAPI(t, http.MethodPost, "/_api/database", map[string]any{"name": "shop"})
	tg.newCollection(t, "shop", "orders", false, nil)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             func(*terraform.State) error { return tg.modeIs(t, "default")() },
		Steps: []resource.TestStep{
			{
				Config: serverModeConfig(tg, "readonly"),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(serverModeAddr, tfjsonpath.New("mode"), knownvalue.StringExact("readonly")),
					tg.modeIs(t, "readonly"), tg.writeRefused(t, true),
				},
			},
			{ResourceName: serverModeAddr, ImportState: true, ImportStateId: "mode", ImportStateVerify: true},
			{
				PreConfig: func() {
					if _, err := tg.client(t).SetServerMode(context.Background(), "default"); err != nil {
						t.Fatal(err)
					}
				},
				Config: serverModeConfig(tg, "readonly"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					expectChange{serverModeAddr, "mode", "default", "readonly"},
				}},
				ConfigStateChecks: []statecheck.StateCheck{tg.modeIs(t, "readonly")},
			},
			{
				Config:            serverModeConfig(tg, "default"),
				ConfigStateChecks: []statecheck.StateCheck{tg.modeIs(t, "default"), tg.writeRefused(t, false)},
			},
			{Config: serverModeConfig(tg, "readonly"), ConfigStateChecks: []statecheck.StateCheck{tg.modeIs(t, "readonly")}},
		},
	})
}

// Through one coordinator the mode is the whole cluster's.
func TestAccServerModeCluster(t *testing.T) {
	t.Parallel()
	tg := newTarget(t, arangotest.Options{Topology: "cluster", Coordinators: 2})
	one := tg
	one.Endpoints = tg.Endpoints[:1]
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             func(*terraform.State) error { return tg.modeIs(t, "default")() },
		Steps: []resource.TestStep{{
			Config:            serverModeConfig(one, "readonly"),
			ConfigStateChecks: []statecheck.StateCheck{tg.modeIs(t, "readonly")},
		}},
	})
}

// Through three coordinators, one of them down on the bad day: read-only
// set, reported by every live coordinator, imported, and back to default
// on destroy.
func TestAccServerModeClusterCoordinatorDown(t *testing.T) {
	eachCoordinatorState(t, arangotest.Options{}, func(t *testing.T, cl cluster) {
		live := cl.live()
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
			CheckDestroy:             func(*terraform.State) error { return live.modeIs(t, "default")() },
			Steps: []resource.TestStep{
				{
					Config: serverModeConfig(cl.target, "readonly"),
					ConfigStateChecks: []statecheck.StateCheck{
						statecheck.ExpectKnownValue(serverModeAddr, tfjsonpath.New("mode"), knownvalue.StringExact("readonly")),
						live.modeIs(t, "readonly"),
					},
				},
				{ResourceName: serverModeAddr, ImportState: true, ImportStateId: "mode", ImportStateVerify: true},
			},
		})
	})
}
