package arangotest

import (
	"encoding/json"
	"net/http"
	"strconv"
)

// Key orders of the collection properties, copied from the recordings
// (RestCollectionCreateCollection, ...GetCollectionName, ...GetCollectionCount
// and RestGetShards_cluster). "?" marks keys that only some versions have.
var (
	propsOrder311 = []string{"writeConcern", "waitForSync", "usesRevisionsAsDocumentIds", "syncByRevision", "?supportsRBAC",
		"statusString", "id", "isSmartChild", "schema", "name", "type", "status", "?count", "cacheEnabled", "isSystem",
		"internalValidatorType", "globallyUniqueId", "keyOptions", "computedValues", "objectId"}
	propsOrder310 = []string{"writeConcern", "waitForSync", "usesRevisionsAsDocumentIds", "syncByRevision", "cacheEnabled",
		"isSystem", "internalValidatorType", "globallyUniqueId", "id", "isSmartChild", "schema", "keyOptions", "name",
		"computedValues", "objectId", "type", "status", "statusString"}
	propsCountOrder310 = []string{"writeConcern", "waitForSync", "usesRevisionsAsDocumentIds", "syncByRevision", "statusString",
		"isSystem", "internalValidatorType", "cacheEnabled", "count", "globallyUniqueId", "id", "isSmartChild", "schema",
		"keyOptions", "name", "computedValues", "objectId", "type", "status"}
	propsOrderCluster = []string{"writeConcern", "waitForSync", "usesRevisionsAsDocumentIds", "syncByRevision", "?supportsRBAC",
		"shardingStrategy", "schema", "numberOfShards", "minReplicationFactor", "id", "isSmartChild", "name", "statusString",
		"isSmart", "replicationFactor", "type", "status", "?count", "cacheEnabled", "isSystem", "computedValues",
		"internalValidatorType", "globallyUniqueId", "?distributeShardsLike", "?smartJoinAttribute", "shardKeys", "isDisjoint", "keyOptions"}
)

// collectionProperties renders c like arangod's properties / count routes,
// without the error and code keys. count < 0 leaves "count" out. Caller
// holds d.mu.
func (d *deployment) collectionProperties(c *collection, count int) obj {
	vals := map[string]any{
		"writeConcern":               c.props.writeConcernOr(1),
		"waitForSync":                c.waitForSync,
		"usesRevisionsAsDocumentIds": true,
		"syncByRevision":             true,
		"supportsRBAC":               true,
		"statusString":               "loaded",
		"id":                         strconv.FormatUint(c.id, 10),
		"isSmartChild":               false,
		"schema":                     c.props.schemaValue(),
		"name":                       c.name,
		"type":                       c.typ,
		"status":                     3,
		"count":                      count,
		"cacheEnabled":               c.props.cacheEnabled,
		"isSystem":                   c.isSystem,
		"internalValidatorType":      0,
		"globallyUniqueId":           c.guid,
		"keyOptions":                 c.props.keyOptions(c.lastValue, true),
		"computedValues":             c.props.computedValuesValue(),
		"objectId":                   strconv.FormatUint(c.objectID, 10),
	}
	order := propsOrder311
	switch {
	case d.cluster:
		order = propsOrderCluster
		vals["writeConcern"] = c.writeConcern
		vals["minReplicationFactor"] = c.writeConcern
		vals["replicationFactor"] = c.replicationFactor
		if c.sharding.satellite {
			vals["replicationFactor"] = "satellite"
		}
		vals["numberOfShards"] = c.numberOfShards
		vals["shardingStrategy"] = c.sharding.strategy()
		vals["isSmart"] = false
		vals["isDisjoint"] = false
		vals["shardKeys"] = c.sharding.keys()
		vals["distributeShardsLike"] = c.sharding.distributeShardsLike
		vals["smartJoinAttribute"] = c.sharding.smartJoinAttribute
		// coordinators report no lastValue (recorded)
		vals["keyOptions"] = c.props.keyOptions(0, false)
	case d.version.usesOldPropertyOrder() && count >= 0:
		order = propsCountOrder310
	case d.version.usesOldPropertyOrder():
		order = propsOrder310
	}
	out := make(obj, 0, len(order))
	for _, k := range order {
		if k[0] == '?' {
			k = k[1:]
			if (k == "count" && count < 0) || (k == "supportsRBAC" && !d.version.hasSupportsRBAC()) ||
				((k == "distributeShardsLike" || k == "smartJoinAttribute") && vals[k] == "") {
				continue // the sharding attributes only when set
			}
		}
		out = append(out, kv{k, vals[k]})
	}
	return out
}

// collectionSummary is the short form of GET /_api/collection lists and
// GET /_api/collection/{name} (recorded key order).
func collectionSummary(c *collection) obj {
	return obj{
		{"id", strconv.FormatUint(c.id, 10)},
		{"name", c.name},
		{"status", 3},
		{"type", c.typ},
		{"isSystem", c.isSystem},
		{"globallyUniqueId", c.guid},
	}
}

// collectionsAPI holds the handlers of /_api/collection (collection.go,
// collupdate.go, collcompact.go).
type collectionsAPI struct{ s *Server }

// handleCollection serves /_api/collection[/{name}[/{sub}]].
func (api collectionsAPI) handleCollection(c *call) {
	switch len(c.suffix) {
	case 0:
		switch c.method() {
		case http.MethodGet:
			api.listCollections(c)
		case http.MethodPost:
			api.createCollection(c)
		default:
			c.methodNotAllowed()
		}
	case 1:
		switch c.method() {
		case http.MethodGet:
			api.getCollection(c, c.suffix[0], "")
		case http.MethodDelete:
			api.dropCollection(c, c.suffix[0])
		case http.MethodPut:
			c.handlerError(400, errHTTPBadParameter, "expected PUT /_api/collection/<collection-name>/<action>")
		default:
			c.methodNotAllowed()
		}
	case 2:
		switch c.method() {
		case http.MethodGet:
			api.getCollection(c, c.suffix[0], c.suffix[1])
		case http.MethodPut:
			switch c.suffix[1] {
			case "properties":
				api.updateCollectionProperties(c, c.suffix[0])
				return
			case "compact":
				api.compactCollection(c, c.suffix[0])
				return
			}
			// truncate, rename, ... come with later issues
			c.handlerError(501, errNotImplemented, "not implemented by the emulator: PUT /_api/collection/<name>/"+c.suffix[1])
		default:
			c.methodNotAllowed()
		}
	default:
		c.unknownPath()
	}
}

func (api collectionsAPI) listCollections(c *call) {
	exclude := boolParam(c.query(), "excludeSystem", false)
	d := api.s.state
	d.mu.Lock()
	defer d.mu.Unlock()
	db := d.database(c.dbName)
	if db == nil {
		c.handlerError(404, errDatabaseNotFound, "")
		return
	}
	list := []any{}
	for _, coll := range db.order {
		if exclude && coll.isSystem {
			continue
		}
		list = append(list, collectionSummary(coll))
	}
	c.okResult(200, list)
}

func (api collectionsAPI) createCollection(c *call) {
	o, ok := c.objectBody(errBadParameter, "request body is not an object")
	if !ok {
		return
	}
	spec := collectionSpec{typ: collTypeDocument, numberOfShards: 1}
	if v, ok := o.get("name"); ok {
		spec.name, _ = v.(string)
	}
	if v, ok := o.get("type"); ok {
		spec.typ = intValue(v, 0)
	}
	spec.waitForSync = boolValue(o, "waitForSync")
	spec.isSystem = boolValue(o, "isSystem")
	if v, ok := o.get("numberOfShards"); ok {
		spec.numberOfShards = intValue(v, 1)
	}
	if v, ok := o.get("replicationFactor"); ok {
		spec.replicationFactor = intValue(v, 1)
	}
	if v, ok := o.get("writeConcern"); ok {
		spec.writeConcern = intValue(v, 1)
	} else if v, ok := o.get("minReplicationFactor"); ok {
		spec.writeConcern = intValue(v, 1)
	}
	// Collections::create: rw on the database (CONTRACT.md §11.3).
	if !c.databaseWriteAccess("cannot create collection in " + c.dbName) {
		return
	}
	if api.s.topo.cluster {
		if err := parseClusterSharding(o, &spec); err != nil {
			c.fail(err)
			return
		}
	}
	var shardKeys []string // computed values must not write them (coordinators only)
	if api.s.topo.cluster {
		shardKeys = spec.sharding.keys()
	}
	cp, apiErr := parseCollProps(o, shardKeys)
	if nameErr := spec.checkName(); nameErr != nil {
		apiErr = nameErr // the name is checked first
	}
	if apiErr != nil {
		c.fail(apiErr)
		return
	}
	spec.props = cp
	coll, apiErr := api.s.state.createCollection(c.dbName, spec)
	if apiErr != nil {
		c.fail(apiErr)
		return
	}
	c.ok(200, api.s.state.lockedProperties(coll))
}

// lockedProperties is c's properties, under d.mu.
func (d *deployment) lockedProperties(c *collection) obj {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.collectionProperties(c, -1)
}

// collectionView is, under d.mu, what GET /_api/collection/{name}[/sub]
// answers for sub "", "properties", "count" or "shards" (with details);
// nil for another sub.
func (d *deployment) collectionView(dbName, name, sub string, details bool) (obj, *apiError) {
	d.mu.Lock()
	defer d.mu.Unlock()
	_, coll, apiErr := d.collectionLocked(dbName, name)
	if apiErr != nil {
		return nil, apiErr
	}
	switch sub {
	case "":
		return collectionSummary(coll), nil
	case "properties":
		return d.collectionProperties(coll, -1), nil
	case "count":
		return d.collectionProperties(coll, len(coll.docs)), nil
	case "shards":
		return d.collectionShards(coll, details)
	}
	return nil, nil
}

// getCollection serves GET /_api/collection/{name}[/properties|/count].
func (api collectionsAPI) getCollection(c *call, name, sub string) {
	body, apiErr := api.s.state.collectionView(c.dbName, name, sub, boolParam(c.query(), "details", false))
	switch {
	case apiErr != nil:
		c.fail(apiErr)
	case body != nil:
		if sub != "" {
			// arangod points at the resource it answered for (recorded)
			c.w.Header().Set("Location", "/_db/"+c.dbName+"/_api/collection/"+name+"/"+sub)
		}
		c.ok(200, body)
	case isKnownCollectionResource(sub):
		c.handlerError(501, errNotImplemented, "not implemented by the emulator: GET /_api/collection/<name>/"+sub)
	default:
		c.handlerError(404, errHTTPNotFound, "expecting one of the resources 'checksum', 'count', 'figures', 'properties', 'responsibleShard', 'revision', 'shards'")
	}
}

// collectionShards is GET /_api/collection/{name}/shards (CONTRACT.md
// §10): cluster only; the shards in order, or with details each shard's
// servers (leader first), then the properties. Caller holds d.mu.
func (d *deployment) collectionShards(coll *collection, details bool) (obj, *apiError) {
	if !d.cluster {
		return nil, newAPIError(501, errNotImplemented, "shards API is only available in a cluster")
	}
	var shards any
	if details {
		m := obj{}
		for i, sh := range coll.shards {
			servers := []any{}
			if i < len(coll.placement) {
				for _, s := range coll.placement[i].plan {
					servers = append(servers, s.id)
				}
			}
			m = append(m, kv{sh, servers})
		}
		shards = m
	} else {
		list := []any{}
		for _, sh := range coll.shards {
			list = append(list, sh)
		}
		shards = list
	}
	return append(obj{{"shards", shards}}, d.collectionProperties(coll, -1)...), nil
}

func isKnownCollectionResource(sub string) bool {
	switch sub {
	case "checksum", "figures", "responsibleShard", "revision":
		return true
	}
	return false
}

func (api collectionsAPI) dropCollection(c *call, name string) {
	if !c.databaseWriteAccess("") || !c.collectionAccess(name, true) {
		return
	}
	id, err := api.s.state.dropCollection(c.dbName, name, boolParam(c.query(), "isSystem", false))
	if err != nil {
		c.fail(err)
		return
	}
	c.ok(200, obj{{"id", strconv.FormatUint(id, 10)}})
}

// intValue reads a JSON number as int; anything else gives def.
func intValue(v any, def int) int {
	n, ok := v.(json.Number)
	if !ok {
		return def
	}
	if i, err := n.Int64(); err == nil {
		return int(i)
	}
	if f, err := n.Float64(); err == nil {
		return int(f)
	}
	return def
}

// boolValue reads a boolean attribute; absent or not a boolean is false.
func boolValue(o obj, k string) bool {
	v, _ := o.get(k)
	b, _ := v.(bool)
	return b
}
