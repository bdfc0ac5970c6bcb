package provider

import (
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest"
)

// The operations that replace local data, a sync (arangodb_replication_sync)
// and an applier's initial sync (make-follower), send nothing unless their
// flags say so: the emulators' request logs show no sync, no make-follower,
// and no dump read from the leader. Then, with the flags, exactly one each.
func TestAccDestructiveOperationsNeedTheirFlags(t *testing.T) {
	t.Parallel()
	a := newApplierSetup(t, arangotest.Options{})
	a.insert(t, 2)
	for _, db := range []string{"shop2", "shop3"} {
		if err := a.tg.Emu.CreateDatabase(db); err != nil {
			t.Fatal(err)
		}
	}
	sync := func(confirm string) string {
		return fmt.Sprintf(`
resource "arangodb_replication_sync" "shop" {
  database       = "shop"
  endpoint       = %q
  username       = "root"
  password       = %q
  include_system = false
  %s
}
`, a.endpoint, testPassword, confirm)
	}
	follower := func(db, start string) string {
		return fmt.Sprintf(`
resource "arangodb_replication_applier" "%[1]s" {
  database        = %[1]q
  leader_database = "shop"
  endpoint        = %[2]q
  username        = "root"
  password        = %[3]q
  %[4]s
}
`, db, a.endpoint, testPassword, start)
	}
	counts := func(follower map[string]int, copied bool) resource.TestCheckFunc {
		return func(*terraform.State) error {
			for key, want := range follower {
				if got := a.tg.Emu.Requests()[key]; got != want {
					return fmt.Errorf("the follower got %d %q, want %d", got, key, want)
				}
			}
			dumps := 0
			for key, n := range a.leader.Requests() {
				if strings.HasSuffix(key, "/_api/replication/dump") {
					dumps += n
				}
			}
			if copied != (dumps > 0) {
				return fmt.Errorf("the leader served %d dumps", dumps)
			}
			return nil
		}
	}
	const (
		syncs         = "PUT /_db/shop/_api/replication/sync"
		makeFollowers = "PUT /_db/shop3/_api/replication/make-follower"
	)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				// no confirmation: refused at validation
				Config:      a.tg.provider() + sync(""),
				ExpectError: errorRE("Set confirm_replace_local_data = true to allow it; until then nothing is sent"),
			},
			{
				// confirmation false, and an applier without initial_sync
				// (it tails from from_tick): none of them copies data
				Config:      sync("confirm_replace_local_data = false") + a.config(),
				ExpectError: errorRE("Set confirm_replace_local_data = true to allow it"),
			},
			{
				Config: a.config() + follower("shop2", fmt.Sprintf("from_tick = %q", a.from)),
				Check: resource.ComposeAggregateTestCheckFunc(
					counts(map[string]int{syncs: 0, makeFollowers: 0, "PUT /_db/shop/_api/replication/make-follower": 0,
						"PUT /_db/shop2/_api/replication/make-follower": 0}, false),
					followerHas(a.tg.Emu, "shop2", "orders", 2)),
			},
			{
				// with the flags: one sync, one make-follower
				Config: a.config() + sync("confirm_replace_local_data = true") + follower("shop2", fmt.Sprintf("from_tick = %q", a.from)) +
					follower("shop3", "initial_sync = true"),
				Check: resource.ComposeAggregateTestCheckFunc(
					counts(map[string]int{syncs: 1, makeFollowers: 1}, true), followerHas(a.tg.Emu, "shop3", "orders", 2)),
			},
		},
	})
}
