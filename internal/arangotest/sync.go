package arangotest

import (
	"encoding/json"
	"errors"
	"strconv"
	"time"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/replica"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/apierr"
	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/jsonx"
)

// handleSync serves PUT /_api/replication/sync (CONTRACT.md §3.6): a one-shot
// initial synchronisation from a leader into this database. It answers when
// the sync has finished: the collections transferred and the leader's tick.
func (api replicationAPI) handleSync(c *call) {
	if boolParam(c.query(), "global", false) {
		if c.dbName != "_system" {
			c.handlerError(403, apierr.Forbidden, "global inventory can only be created from within _system database")
			return
		}
		c.handlerError(501, apierr.NotImplemented, "not implemented by the emulator: global sync")
		return
	}
	o, ok := c.objectBody(apierr.HTTPBadParameter, "invalid JSON")
	if !ok {
		return
	}
	cfg, apiErr := syncConfigFrom(o, c.dbName)
	if apiErr != nil {
		c.fail(apiErr)
		return
	}
	res, serr := api.s.follow.InitialSync(c.r.Context(), cfg)
	if serr != nil {
		var ae *apierr.Error
		if !errors.As(serr, &ae) {
			ae = apierr.New(500, apierr.HTTPServerError, serr.Error())
		}
		c.fail(ae)
		return
	}
	colls := make([]any, len(res.Collections))
	for i, sc := range res.Collections {
		colls[i] = obj{{"id", sc.ID}, {"name", sc.Name}}
	}
	c.send(200, obj{{"collections", colls}, {"lastLogTick", strconv.FormatUint(res.LastLogTick, 10)}})
}

// syncConfigFrom reads a sync body like ReplicationApplierConfiguration's
// fromVelocyPack followed by validate().
func syncConfigFrom(o obj, localDB string) (replica.SyncConfig, *apierr.Error) {
	cfg := replica.SyncConfig{LocalDatabase: localDB, IncludeSystem: true}
	ep, _ := o.Get("endpoint")
	cfg.Endpoint, _ = ep.(string)
	if cfg.Endpoint == "" {
		return cfg, apierr.New(400, apierr.HTTPBadParameter, "<endpoint> must be a valid endpoint")
	}
	if v, ok := o.Get("database"); ok {
		cfg.Database, _ = v.(string)
	}
	// The password counts only together with a user name.
	if v, _ := o.Get("username"); v != nil {
		if u, isStr := v.(string); isStr && u != "" {
			cfg.Username = u
			p, _ := o.Get("password")
			cfg.Password, _ = p.(string)
		}
	}
	if v, ok := o.Get("includeSystem"); ok {
		if b, isBool := v.(bool); isBool {
			cfg.IncludeSystem = b
		}
	}
	cfg.Incremental = jsonx.Bool(o, "incremental")
	if v, ok := o.Get("restrictType"); ok {
		t, _ := v.(string)
		switch t {
		case "", "none":
		case "include", "exclude":
			cfg.RestrictType = t
		default:
			return cfg, apierr.New(400, apierr.ReplInvalidConfig, "invalid value for <restrictType>")
		}
	}
	if v, ok := o.Get("restrictCollections"); ok {
		if list, isList := v.([]any); isList {
			for _, e := range list {
				if n, isStr := e.(string); isStr {
					cfg.RestrictCollections = append(cfg.RestrictCollections, n)
				}
			}
		}
	}
	if (cfg.RestrictType == "") != (len(cfg.RestrictCollections) == 0) {
		return cfg, apierr.New(400, apierr.ReplInvalidConfig, "invalid value for <restrictCollections> or <restrictType>")
	}
	if v, ok := o.Get("initialSyncMaxWaitTime"); ok {
		if n, isNum := v.(json.Number); isNum {
			if f, err := n.Float64(); err == nil && f > 0 {
				cfg.MaxWaitTime = time.Duration(f * float64(time.Second))
			}
		}
	}
	return cfg, nil
}
