package arangotest

import (
	"net/http"
	"strconv"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/apierr"
	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/docstore"
	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/indexdef"
	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/userstore"
)

// /_api/index (RestIndexHandler, methods::Indexes; CONTRACT.md §14.3).

// indexErrorFirst: 3.10 ends index answers with error, code; 3.11 and
// later with code, error (recorded RestIndexCreateNewPersistent and
// RestIndexPrimaryIndex of 3.10, 3.11, 3.12).
func (v semver) indexErrorFirst() bool { return !v.AtLeast(3, 11, 0) }

// singleIndexEstimates: GET /_api/index/{collection}/{id} reports a
// selectivityEstimate from 3.11 (recorded RestIndexPrimaryIndex: absent in
// 3.10; Indexes::getIndex asks for estimates in 3.11+ source).
func (v semver) singleIndexEstimates() bool { return v.AtLeast(3, 11, 0) }

// indexAnswer sends an index description sorted, then error and code in
// the version's order.
func (c *call) indexAnswer(status int, desc obj) {
	o := docstore.SortedObj(desc)
	if c.s.ver.indexErrorFirst() {
		o = append(o, kv{"error", false}, kv{"code", status})
	} else {
		o = append(o, kv{"code", status}, kv{"error", false})
	}
	c.send(status, o)
}

// indexesAPI holds the handlers of /_api/index.
type indexesAPI struct{ s *Server }

// handleIndex serves /_api/index[/{collection}/{id}].
func (api indexesAPI) handleIndex(c *call) {
	switch c.method() {
	case http.MethodGet:
		api.getIndexes(c)
	case http.MethodPost:
		api.createIndex(c)
	case http.MethodDelete:
		api.dropIndex(c)
	default:
		c.methodNotAllowed()
	}
}

// indexCollection finds the collection an index request names: 404 errorNum
// 1203 when it does not exist. It takes d.Mu.
func (c *call) indexCollection(name string) (*docstore.Collection, bool) {
	coll, err := c.s.state.LookupCollection(c.dbName, name)
	if err != nil || coll == nil || name == "" {
		c.handlerError(404, apierr.DataSourceNotFound, "")
		return nil, false
	}
	return coll, true
}

func (api indexesAPI) getIndexes(c *call) {
	switch len(c.suffix) {
	case 0:
		api.listIndexes(c)
	case 2:
		api.getIndex(c, c.suffix[0], c.suffix[1])
	case 1:
		if c.suffix[0] == "selectivity" {
			c.handlerError(501, apierr.NotImplemented, "not implemented by the emulator: GET /_api/index/selectivity")
			return
		}
		fallthrough
	default:
		c.handlerError(400, apierr.HTTPBadParameter, "")
	}
}

// indexReadAllowed: a single server reads the indexes in a transaction,
// which needs read access to the collection; the handler answers that
// refusal with status refusedStatus, errorNum 11. A coordinator does not
// check. Caller must not hold d.Mu.
func (c *call) indexReadAllowed(coll string, refusedStatus int) bool {
	if c.s.topo.Cluster || c.s.state.Users.CollLevel(c.user, c.dbName, coll) != userstore.LevelNone || c.isSuperuser() {
		return true
	}
	c.handlerError(refusedStatus, apierr.Forbidden, "forbidden: "+coll+" [read]")
	return false
}

// listIndexes is GET /_api/index?collection=<name>: error, code, indexes
// (primary first, then the edge index, then the others oldest first),
// identifiers (the same by id).
func (api indexesAPI) listIndexes(c *call) {
	name := c.query().Get("collection")
	d := api.s.state
	coll, ok := c.indexCollection(name)
	if !ok || !c.indexReadAllowed(coll.Name, 400) {
		return
	}
	list := d.LockedIndexes(coll, true)
	indexes := make([]any, len(list))
	ids := obj{}
	for i, o := range list {
		indexes[i] = o
		id, _ := o.Get("id")
		ids = append(ids, kv{id.(string), o.Clone()})
	}
	c.ok(200, obj{{"indexes", indexes}, {"identifiers", ids}})
}

// getIndex is GET /_api/index/{collection}/{id-or-name} (Indexes::getIndex):
// the index whose id is <collection>/<x>, or whose name is x when x is not
// a number; an invalid name is 400 errorNum 1208, none 404 errorNum 1212.
func (api indexesAPI) getIndex(c *call, collName, x string) {
	d := api.s.state
	coll, ok := c.indexCollection(collName)
	if !ok || !c.indexReadAllowed(coll.Name, 403) {
		return
	}
	_, numErr := strconv.ParseUint(x, 10, 64)
	hasName := numErr != nil
	if hasName && x != "" && !indexdef.ValidName(x, d.ExtendedNames) {
		c.handlerError(400, apierr.IllegalName, "")
		return
	}
	list := d.LockedIndexes(coll, api.s.ver.singleIndexEstimates())
	handle := coll.Name + "/" + x
	for _, o := range list {
		id, _ := o.Get("id")
		n, _ := o.Get("name")
		if id == handle || (hasName && n == x) {
			c.indexAnswer(200, o)
			return
		}
	}
	c.handlerError(404, apierr.IndexNotFound, "")
}

// createIndex is POST /_api/index?collection=<name>: 201 with the new
// index, 200 with isNewlyCreated false for one that matches. Refusals are
// 400 with their errorNum, except 403 errorNum 11 (forbidden) and 404
// errorNum 1212 (RestIndexHandler "http_server compatibility").
func (api indexesAPI) createIndex(c *call) {
	raw, err := c.jsonBody()
	if err != nil {
		c.badJSON(err)
		return
	}
	if len(c.suffix) > 0 {
		c.handlerError(400, apierr.HTTPBadParameter, "expecting POST "+c.rawPath+"?collection=<collection-name>")
		return
	}
	q := c.query()
	if _, found := q["collection"]; !found {
		c.handlerError(404, apierr.DataSourceNotFound, "")
		return
	}
	d := api.s.state
	coll, ok := c.indexCollection(q.Get("collection"))
	if !ok {
		return
	}
	body, isObj := raw.(obj)
	if !isObj {
		c.handlerError(400, apierr.BadParameter, "expecting object for index definition")
		return
	}
	// Indexes::ensureIndex: rw on the database and the collection.
	if !c.isSuperuser() {
		dl, cl := api.s.state.Users.DBLevel(c.user, c.dbName, false), api.s.state.Users.CollLevel(c.user, c.dbName, coll.Name)
		if dl != userstore.LevelRW || cl != userstore.LevelRW {
			c.handlerError(403, apierr.Forbidden, "")
			return
		}
	}
	answer, status, apiErr := d.EnsureIndex(c.dbName, coll.Name, body)
	if apiErr != nil {
		if apiErr.Status != 403 && apiErr.Status != 404 && apiErr.Status != 501 {
			apiErr.Status = 400
		}
		c.fail(apiErr)
		return
	}
	c.indexAnswer(status, answer)
}

// dropIndex is DELETE /_api/index/{collection}/{id-or-name}: 200 with the
// id as asked (<collection>/<x>); the primary index is 404 errorNum 1212 on
// a single server and 403 errorNum 11 on a coordinator, the edge index 403
// errorNum 11; rw on the database and the collection needed.
func (api indexesAPI) dropIndex(c *call) {
	if len(c.suffix) != 2 {
		c.handlerError(400, apierr.HTTPBadParameter, "expecting DELETE /<collection-name>/<index-identifier>")
		return
	}
	d := api.s.state
	coll, ok := c.indexCollection(c.suffix[0])
	if !ok {
		return
	}
	if !c.isSuperuser() {
		if api.s.state.Users.DBLevel(c.user, c.dbName, false) != userstore.LevelRW || api.s.state.Users.CollLevel(c.user, c.dbName, coll.Name) != userstore.LevelRW {
			c.handlerError(403, apierr.Forbidden, "")
			return
		}
	}
	x := c.suffix[1]
	err := d.DropIndex(coll, x)
	if err != nil {
		c.fail(err)
		return
	}
	c.send(200, obj{{"id", coll.Name + "/" + x}, {"error", false}, {"code", 200}})
}
