package provider

import (
	"context"
	"sort"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangodb"
)

// NewDBServerMaintenanceListResource is list
// "arangodb_dbserver_maintenance": the DB servers in maintenance now.
var NewDBServerMaintenanceListResource = newListResource(listKind[struct{}]{
	typ: "_dbserver_maintenance",
	desc: "The DB servers in maintenance now (`GET /_admin/cluster/health`, then " +
		"`GET /_admin/cluster/maintenance/{id}` per DB server), by short name: for `terraform query`, to adopt them. " +
		"ArangoDB 3.10.1 and later; needs the provider pointed at the cluster's coordinators.",
	resource: withIdentity(NewDBServerMaintenanceResource, dbServerMaintenanceIdentity),
	find: func(ctx context.Context, c *arangodb.Client, _ struct{}) ([]listed, error) {
		h, err := c.ClusterHealth(ctx)
		if err != nil {
			return nil, err
		}
		var out []listed
		for id, s := range h.Health {
			if s.Role != arangodb.HealthRoleDBServer {
				continue
			}
			m, err := c.GetDBServerMaintenance(ctx, id)
			if err != nil {
				return nil, err
			}
			if m != nil {
				out = append(out, listed{id: id, display: s.ShortName + " (" + id + ")"})
			}
		}
		sort.Slice(out, func(i, j int) bool { return out[i].display < out[j].display })
		return out, nil
	},
})
