package model

import (
	"encoding/json"
	"slices"
	"strconv"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/apierr"
	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/collprops"
	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/docstore"
)

// PUT /_api/collection/{name}/properties (RestCollectionHandler
// handleCommandPut, Collections::updateProperties, LogicalCollection::
// properties; CONTRACT.md §14.2).

// UpdatableProperties are the attributes the handler passes on; the rest
// of the body is ignored (VPackCollection::keep).
var UpdatableProperties = []string{"waitForSync", "schema", "replicationFactor", "minReplicationFactor",
	"writeConcern", "computedValues", "cacheEnabled"}

// intOf reads an integral JSON number.
func intOf(v any) (int64, bool) {
	n, isNum := v.(json.Number)
	if !isNum {
		return 0, false
	}
	i, err := n.Int64()
	return i, err == nil
}

// UpdateAndDescribe is updateProperties and then, when it succeeded, the
// collection's properties, under d.Mu.
func (d *Deployment) UpdateAndDescribe(c *docstore.Collection, props obj, dbServers int, enterprise bool) (obj, *apierr.Error) {
	d.Mu.Lock()
	defer d.Mu.Unlock()
	if err := d.updateProperties(c, props, dbServers, enterprise); err != nil {
		return nil, err
	}
	return d.CollectionProperties(c, -1), nil
}

// updateProperties changes what the body asks for, all or nothing. Caller
// holds d.Mu.
func (d *Deployment) updateProperties(c *docstore.Collection, props obj, dbServers int, enterprise bool) *apierr.Error {
	rfV, hasRF := props.Get("replicationFactor")
	wcV, hasWC := props.Get("writeConcern")
	if !hasWC {
		wcV, hasWC = props.Get("minReplicationFactor") // deprecated name, read if writeConcern is absent
	}
	if d.cluster {
		// Collections::updateProperties on a coordinator: no more copies
		// than DB servers.
		if rf, ok := intOf(rfV); ok && rf > 0 && int(rf) > dbServers {
			return apierr.New(500, apierr.InsufficientDBServers, d.version.InsufficientDBServersText())
		}
		if wc, ok := intOf(wcV); ok && int(wc) > dbServers {
			return apierr.New(500, apierr.InsufficientDBServers, d.version.InsufficientDBServersText())
		}
	}
	next := c.Props.Clone()
	if v, ok := props.Get("schema"); ok {
		s, err := collprops.ParseSchema(v)
		if err != nil {
			return err
		}
		next.Schema = s
	}
	if v, ok := props.Get("computedValues"); ok {
		var keys []string
		if d.cluster {
			keys = c.Sharding.Keys()
		}
		cv, err := collprops.ParseComputedValues(v, keys)
		if err != nil {
			return err
		}
		next.ComputedValues = cv
	}
	rf, wc := c.ReplicationFactor, c.WriteConcern
	if !d.cluster {
		rf, wc = 1, next.WriteConcernOr(1)
	}
	satellite := c.Sharding.Satellite
	if hasRF {
		switch v := rfV.(type) {
		case json.Number:
			n, isInt := intOf(v)
			if !isInt {
				return badParam("bad value for replicationFactor")
			}
			if n < 0 {
				return badParam("bad value for replicationFactor")
			}
			if n == 0 && !satellite {
				return badParam("bad value for replicationFactor. replicationFactor cannot be 0 for collections other than SatelliteCollections.")
			}
			if d.cluster && (n < MinReplicationFactor || n > MaxReplicationFactor) && !satellite {
				return badParam("bad value for replicationFactor. replicationFactor must be between " +
					strconv.Itoa(MinReplicationFactor) + " and " + strconv.Itoa(MaxReplicationFactor))
			}
			if d.cluster && int(n) != c.ReplicationFactor {
				switch {
				case c.Sharding.DistributeShardsLike != "":
					return apierr.New(403, apierr.Forbidden, "cannot change replicationFactor for a collection using 'distributeShardsLike'")
				case satellite:
					return apierr.New(403, apierr.Forbidden, "cannot change replicationFactor of a SatelliteCollection")
				}
			}
			rf = int(n)
		case string:
			switch {
			case v != "satellite":
				return badParam("bad string value for replicationFactor. expecting 'satellite'")
			case !enterprise:
				return apierr.New(403, apierr.Forbidden, "cannot use SatelliteCollection status")
			case !satellite:
				return apierr.New(403, apierr.Forbidden, "cannot change SatelliteCollection status")
			}
		default:
			return badParam("bad value for replicationFactor")
		}
	}
	if hasWC {
		n, isInt := intOf(wcV)
		if !isInt || n < 0 {
			return badParam("bad value for writeConcern")
		}
		if d.cluster && int(n) > rf {
			return badParam("bad value for writeConcern. writeConcern cannot be higher than replicationFactor")
		}
		if d.cluster && int(n) != c.WriteConcern {
			switch {
			case satellite:
				return apierr.New(403, apierr.Forbidden, "cannot change writeConcern for SatelliteCollection")
			case c.Sharding.DistributeShardsLike != "" && !d.version.ChangesWriteConcernOfFollowers():
				return apierr.New(403, apierr.Forbidden, "Cannot change writeConcern, please change "+c.Sharding.DistributeShardsLike)
			}
		}
		wc = int(n)
	}
	if v, ok := props.Get("cacheEnabled"); ok {
		if b, isBool := v.(bool); isBool {
			next.CacheEnabled = b && (d.cluster || !c.IsSystem) // RocksDBCollection::updateProperties
		}
	}
	if v, ok := props.Get("waitForSync"); ok {
		if b, isBool := v.(bool); isBool {
			c.WaitForSync = b
		}
	}
	if d.cluster {
		if rf != c.ReplicationFactor {
			d.resizeShards(c, rf)
		}
		c.ReplicationFactor, c.WriteConcern = rf, wc
	} else if hasWC {
		next.SingleWriteConcern, next.WriteConcernSet = wc, true
	}
	c.Props = next
	return nil
}

// resizeShards gives every shard of c replicationFactor servers: followers
// added from the DB servers that take shards, or the last ones dropped, as
// the Supervision will have done (in Plan and Current at once). Caller
// holds d.Mu.
func (d *Deployment) resizeShards(c *docstore.Collection, rf int) {
	if d.placer == nil {
		return
	}
	for i, p := range c.Placement {
		if len(p.Plan) > rf {
			p.Plan, p.Current = p.Plan[:rf:rf], p.Current[:min(len(p.Current), rf):min(len(p.Current), rf)]
			continue
		}
		saved := c.ReplicationFactor
		c.ReplicationFactor = 1 << 20 // the placer's rotation over every server that takes shards
		candidates := d.placer(c, i)
		c.ReplicationFactor = saved
		for _, m := range candidates {
			if len(p.Plan) >= rf {
				break
			}
			if !slices.Contains(p.Plan, m) {
				p.Plan = append(p.Plan, m)
				p.Current = append(p.Current, m)
			}
		}
	}
}

// badParam is errorNum 10 with a message, status 400.
func badParam(msg string) *apierr.Error { return apierr.New(400, apierr.BadParameter, msg) }

// The bounds of a replication factor (--cluster.min-replication-factor,
// --cluster.max-replication-factor).
const (
	MinReplicationFactor = 1
	MaxReplicationFactor = 10
)
