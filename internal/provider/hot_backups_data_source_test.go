package provider

import (
	"context"
	"slices"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangodb"
	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest"
)

// The backups on the servers as the data source lists them: none, then two
// taken outside Terraform (each with a piece on every DB server, restorable,
// in the order of their ids, also when taken in the same second), then one
// after the other was deleted.
func TestAccHotBackupsDataSource(t *testing.T) {
	eachCoordinatorState(t, arangotest.Options{DBServers: 3}, func(t *testing.T, cl cluster) {
		skipOnRealServer(t) // the backups of a real deployment are not the test's to take
		ctx := context.Background()
		addr := "data.arangodb_hot_backups.all"
		config := cl.provider() + `data "arangodb_hot_backups" "all" {}`
		// listed checks the data source against the server's own list, in
		// the order of the ids (they begin with the time: oldest first).
		listed := func(want int) []statecheck.StateCheck {
			ids := slices.Sorted(slices.Values(cl.Emu.BackupIDs()))
			if len(ids) != want {
				t.Fatalf("the server has %d backups, want %d", len(ids), want)
			}
			idChecks := make([]knownvalue.Check, len(ids))
			entries := make([]knownvalue.Check, len(ids))
			for i, id := range ids {
				idChecks[i] = knownvalue.StringExact(id)
				entries[i] = knownvalue.ObjectPartial(map[string]knownvalue.Check{
					"id":                       knownvalue.StringExact(id),
					"version":                  knownvalue.StringExact(cl.Emu.Version()),
					"nr_db_servers":            knownvalue.Int64Exact(3),
					"nr_pieces_present":        knownvalue.Int64Exact(3),
					"available":                knownvalue.Bool(true),
					"potentially_inconsistent": knownvalue.Bool(false),
				})
			}
			return []statecheck.StateCheck{
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("ids"), knownvalue.ListExact(idChecks)),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("backups"), knownvalue.ListExact(entries)),
			}
		}
		take := func(label string) {
			if _, err := cl.client(t).CreateHotBackup(ctx, arangodb.HotBackupOptions{Label: label}); err != nil {
				t.Fatal(err)
			}
		}
		var checks []statecheck.StateCheck
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
			Steps: []resource.TestStep{
				{
					Config: config,
					ConfigStateChecks: []statecheck.StateCheck{
						statecheck.ExpectKnownValue(addr, tfjsonpath.New("ids"), knownvalue.ListExact([]knownvalue.Check{})),
						statecheck.ExpectKnownValue(addr, tfjsonpath.New("backups"), knownvalue.ListExact([]knownvalue.Check{})),
					},
				},
				{
					PreConfig: func() {
						take("before-upgrade")
						take("after-upgrade")
						checks = listed(2)
					},
					Config:            config,
					ConfigStateChecks: []statecheck.StateCheck{deferred(&checks)},
				},
				{
					PreConfig: func() {
						if err := cl.client(t).DeleteHotBackup(ctx, cl.Emu.BackupIDs()[0]); err != nil {
							t.Fatal(err)
						}
						checks = listed(1)
					},
					Config:            config,
					ConfigStateChecks: []statecheck.StateCheck{deferred(&checks)},
				},
			},
		})
	})
}
