package provider

import (
	"context"
	"slices"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangodb"
)

// NewReplicationApplierListResource is list "arangodb_replication_applier":
// the databases' appliers that have a configuration, and the server-wide one.
var NewReplicationApplierListResource = newListResource(listKind[struct{}]{
	typ: "_replication_applier",
	desc: "The replication appliers set up on the server (`GET /_api/database`, then `GET applier-config` per database " +
		"and once for the server-wide applier): those with a leader endpoint, for `terraform query`, to adopt them. The " +
		"leader password is never returned: add `password_wo` with `password_wo_version`, or `password`, before a change " +
		"that writes the configuration. Single servers (and DB servers), before 3.12.10.",
	resource: withIdentity(NewReplicationApplierResource, replicationApplierIdentity),
	find: func(ctx context.Context, c *arangodb.Client, _ struct{}) ([]listed, error) {
		dbs, err := c.Databases(ctx)
		if err != nil {
			return nil, err
		}
		slices.Sort(dbs)
		var out []listed
		for _, db := range dbs {
			cfg, err := c.ApplierConfig(ctx, arangodb.ApplierScope{Database: db})
			if err != nil {
				return nil, err
			}
			if cfg.Endpoint != "" {
				out = append(out, listed{id: db, display: db + " (" + cfg.Endpoint + ")"})
			}
		}
		cfg, err := c.ApplierConfig(ctx, arangodb.ApplierScope{Global: true})
		if err != nil {
			return nil, err
		}
		if cfg.Endpoint != "" {
			out = append(out, listed{id: globalApplierID, display: "global (" + cfg.Endpoint + ")"})
		}
		return out, nil
	},
})
