package arangotest

import (
	"net/http"
	"strconv"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/apierr"
	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/collprops"
	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/docstore"
	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/jsonx"
	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/model"
	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/userstore"
)

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
			c.handlerError(400, apierr.HTTPBadParameter, "expected PUT /_api/collection/<collection-name>/<action>")
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
			c.handlerError(501, apierr.NotImplemented, "not implemented by the emulator: PUT /_api/collection/<name>/"+c.suffix[1])
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
	d.Mu.Lock()
	defer d.Mu.Unlock()
	db := d.Database(c.dbName)
	if db == nil {
		c.handlerError(404, apierr.DatabaseNotFound, "")
		return
	}
	list := []any{}
	for _, coll := range db.Order {
		if exclude && coll.IsSystem {
			continue
		}
		list = append(list, docstore.Summary(coll))
	}
	c.okResult(200, list)
}

func (api collectionsAPI) createCollection(c *call) {
	o, ok := c.objectBody(apierr.BadParameter, "request body is not an object")
	if !ok {
		return
	}
	spec := model.CollectionSpec{Type: docstore.TypeDocument, NumberOfShards: 1}
	if v, ok := o.Get("name"); ok {
		spec.Name, _ = v.(string)
	}
	if v, ok := o.Get("type"); ok {
		spec.Type = jsonx.Int(v, 0)
	}
	spec.WaitForSync = jsonx.Bool(o, "waitForSync")
	spec.IsSystem = jsonx.Bool(o, "isSystem")
	if v, ok := o.Get("numberOfShards"); ok {
		spec.NumberOfShards = jsonx.Int(v, 1)
	}
	if v, ok := o.Get("replicationFactor"); ok {
		spec.ReplicationFactor = jsonx.Int(v, 1)
	}
	if v, ok := o.Get("writeConcern"); ok {
		spec.WriteConcern = jsonx.Int(v, 1)
	} else if v, ok := o.Get("minReplicationFactor"); ok {
		spec.WriteConcern = jsonx.Int(v, 1)
	}
	// Collections::create: rw on the database (CONTRACT.md §11.3).
	if !c.databaseWriteAccess("cannot create collection in " + c.dbName) {
		return
	}
	if api.s.topo.Cluster {
		if err := model.ParseClusterSharding(o, &spec); err != nil {
			c.fail(err)
			return
		}
	}
	var shardKeys []string // computed values must not write them (coordinators only)
	if api.s.topo.Cluster {
		shardKeys = spec.Sharding.Keys()
	}
	cp, apiErr := collprops.Parse(o, shardKeys)
	if nameErr := spec.CheckName(); nameErr != nil {
		apiErr = nameErr // the name is checked first
	}
	if apiErr != nil {
		c.fail(apiErr)
		return
	}
	spec.Props = cp
	coll, apiErr := api.s.state.CreateCollection(c.dbName, spec)
	if apiErr != nil {
		c.fail(apiErr)
		return
	}
	c.ok(200, api.s.state.LockedProperties(coll))
}

// getCollection serves GET /_api/collection/{name}[/properties|/count].
func (api collectionsAPI) getCollection(c *call, name, sub string) {
	body, apiErr := api.s.state.CollectionView(c.dbName, name, sub, boolParam(c.query(), "details", false))
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
		c.handlerError(501, apierr.NotImplemented, "not implemented by the emulator: GET /_api/collection/<name>/"+sub)
	default:
		c.handlerError(404, apierr.HTTPNotFound, "expecting one of the resources 'checksum', 'count', 'figures', 'properties', 'responsibleShard', 'revision', 'shards'")
	}
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
	id, err := api.s.state.DropCollection(c.dbName, name, boolParam(c.query(), "isSystem", false))
	if err != nil {
		c.fail(err)
		return
	}
	c.ok(200, obj{{"id", strconv.FormatUint(id, 10)}})
}

func (api collectionsAPI) updateCollectionProperties(c *call, name string) {
	raw, err := c.rawBody()
	if err != nil {
		c.badJSON(err)
		return
	}
	body := obj{}
	if len(raw) > 0 {
		v, err := jsonx.Parse(raw)
		if err != nil {
			c.badJSON(err)
			return
		}
		if o, isObj := v.(obj); isObj {
			body = o // anything else counts as {}
		}
	}
	d := api.s.state
	coll, apiErr := d.LookupCollection(c.dbName, name)
	if apiErr != nil {
		c.fail(apiErr)
		return
	}
	// rw on the collection and on the database as it is now.
	if !c.superuser && (api.s.state.Users.CollLevel(c.user, c.dbName, coll.Name) != userstore.LevelRW || api.s.state.Users.DBLevel(c.user, c.dbName, false) != userstore.LevelRW) {
		c.handlerError(403, apierr.Forbidden, "")
		return
	}
	props := obj{}
	for _, k := range model.UpdatableProperties {
		if v, ok := body.Get(k); ok {
			props = append(props, kv{k, v})
		}
	}
	dbServers := 0
	for _, m := range api.s.topo.DBServers {
		if !m.Removed.Load() {
			dbServers++
		}
	}
	answer, apiErr := d.UpdateAndDescribe(coll, props, dbServers, api.s.opts.License == model.LicenseEnterprise)
	if apiErr != nil {
		c.fail(apiErr)
		return
	}
	c.w.Header().Set("Location", "/_db/"+c.dbName+"/_api/collection/"+name+"/properties")
	c.ok(200, answer)
}

// compactCollection: the body must parse (400 errorNum 600) but is
// otherwise ignored; no query parameter is read. The collection is looked
// up as Collections::lookup does (404 errorNum 1203; 403 errorNum 11 "No
// access to collection '<name>'" without read access to it); then 200
// with the short representation and a Location header.
func (api collectionsAPI) compactCollection(c *call, name string) {
	raw, err := c.rawBody()
	if err != nil {
		c.badJSON(err)
		return
	}
	if len(raw) > 0 {
		if _, err := jsonx.Parse(raw); err != nil {
			c.badJSON(err)
			return
		}
	}
	m := c.l.member
	d := api.s.state
	coll, apiErr := d.LookupCollection(c.dbName, name)
	if apiErr != nil {
		if apiErr.Num == apierr.DataSourceNotFound && m.Role == model.RoleCoordinator {
			apiErr = apierr.New(404, apierr.DataSourceNotFound, "collection not found")
		}
		c.fail(apiErr)
		return
	}
	if !c.superuser && api.s.state.Users.CollLevel(c.user, c.dbName, coll.Name) == userstore.LevelNone {
		c.handlerError(403, apierr.Forbidden, "No access to collection '"+name+"'")
		return
	}
	runs, answer := d.CompactionsOf(m, c.dbName, coll)
	api.s.compacts.add(runs...)
	c.w.Header().Set("Location", "/_db/"+c.dbName+"/_api/collection/"+name+"/compact")
	c.ok(200, answer)
}
