package provider

import (
	"context"
	"fmt"
	"net/http"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangodb"
	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest"
)

const userAddr = "arangodb_user.this"

func userConfig(tg target, attrs string) string {
	return tg.provider() + "resource \"arangodb_user\" \"this\" {\n  name = \"app\"\n" + attrs + "\n}\n"
}

func userAttr(name string, v knownvalue.Check) statecheck.StateCheck {
	return statecheck.ExpectKnownValue(userAddr, tfjsonpath.New(name), v)
}

// canLogIn checks the user's password against the server: a login as the
// user (on a real server too).
func (tg target) canLogIn(t *testing.T, user, password string, want bool) checkNow {
	return func() error {
		c, err := arangodb.New(arangodb.Config{Endpoints: tg.Endpoints, Username: user, Password: password, MaxRetries: 1})
		if err != nil {
			return err
		}
		_, err = c.User(context.Background(), user)
		switch {
		case err == nil && !want:
			return fmt.Errorf("%s can log in with that password", user)
		case err != nil && want:
			return fmt.Errorf("%s cannot log in: %w", user, err)
		case err != nil && !arangodb.IsStatus(err, http.StatusUnauthorized):
			return err
		}
		return nil
	}
}

// A user: created with a password and extra, imported, changed in place
// (the password, active), changed elsewhere (active shows in the plan),
// removed elsewhere (created again), destroyed.
func TestAccUser(t *testing.T) {
	t.Parallel()
	tg := newTarget(t, arangotest.Options{})
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy: func(*terraform.State) error {
			if _, err := tg.client(t).User(context.Background(), "app"); !arangodb.IsErrorNum(err, arangodb.ErrNumUserNotFound) {
				return fmt.Errorf("the user is still there: %w", err)
			}
			return nil
		},
		Steps: []resource.TestStep{
			{
				Config: userConfig(tg, `  password = "first"
  extra    = jsonencode({ team = "ops", level = 2 })`),
				ConfigStateChecks: []statecheck.StateCheck{
					userAttr("id", knownvalue.StringExact("app")),
					userAttr("active", knownvalue.Bool(true)),
					userAttr("extra", knownvalue.StringExact(`{"level":2,"team":"ops"}`)),
					tg.canLogIn(t, "app", "first", true),
				},
			},
			{ResourceName: userAddr, ImportState: true, ImportStateId: "app", ImportStateVerify: true,
				ImportStateVerifyIgnore: []string{"password"}},
			{
				Config: userConfig(tg, `  password = "second"
  active   = false
  extra    = jsonencode({ team = "ops", level = 2 })`),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(userAddr, plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					userAttr("active", knownvalue.Bool(false)),
					tg.canLogIn(t, "app", "second", false), // inactive
				},
			},
			{
				// Activated elsewhere: the plan deactivates it again.
				PreConfig: func() {
					if _, err := tg.client(t).UpdateUser(context.Background(), "app", nil, true, nil); err != nil {
						t.Fatal(err)
					}
				},
				Config: userConfig(tg, `  password = "second"
  active   = false
  extra    = jsonencode({ team = "ops", level = 2 })`),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					expectChange{userAddr, "active", true, false},
				}},
			},
			{
				Config: userConfig(tg, `  password = "second"
  extra    = jsonencode({ team = "dev" })`),
				ConfigStateChecks: []statecheck.StateCheck{
					userAttr("extra", knownvalue.StringExact(`{"team":"dev"}`)),
					tg.canLogIn(t, "app", "second", true),
				},
			},
			{
				// Removed elsewhere: created again.
				PreConfig: func() {
					if err := tg.client(t).DeleteUser(context.Background(), "app"); err != nil {
						t.Fatal(err)
					}
				},
				Config: userConfig(tg, `  password = "second"
  extra    = jsonencode({ team = "dev" })`),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(userAddr, plancheck.ResourceActionCreate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{tg.canLogIn(t, "app", "second", true)},
			},
		},
	})
}

// password_wo: sent on create and when its version changes, never in the
// state.
func TestAccUserPasswordWO(t *testing.T) {
	t.Parallel()
	tg := newTarget(t, arangotest.Options{})
	cfg := func(pw string, version int) string {
		return userConfig(tg, fmt.Sprintf("  password_wo = %q\n  password_wo_version = %d", pw, version))
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_11_0)},
		Steps: []resource.TestStep{
			{
				Config: cfg("wo-first", 1),
				ConfigStateChecks: []statecheck.StateCheck{
					userAttr("password_wo", knownvalue.Null()),
					userAttr("password", knownvalue.Null()),
					tg.canLogIn(t, "app", "wo-first", true),
				},
			},
			{
				// a new password without a new version is not sent
				Config:            cfg("wo-second", 1),
				ConfigStateChecks: []statecheck.StateCheck{tg.canLogIn(t, "app", "wo-first", true)},
			},
			{
				Config:            cfg("wo-second", 2),
				ConfigStateChecks: []statecheck.StateCheck{tg.canLogIn(t, "app", "wo-second", true)},
			},
		},
	})
}
