package arangotest

import (
	"encoding/json"
	"net/http"
	"strconv"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/agency"
	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/apierr"
	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/model"
	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/node"
)

// clusterAPI holds the handlers of /_admin/cluster and /_api/cluster
// (clusteradmin.go, health.go, maintenance.go, shards.go, rebalance.go,
// jobs.go, statistics.go, supervisionstate.go).
type clusterAPI struct{ s *Server }

// handleAdminCluster answers /_admin/cluster[/<command>...] for what no
// route of a command matched (CONTRACT.md §4.9): no or too many suffixes
// 400/601, an unknown command 400/400.
func (api clusterAPI) handleAdminCluster(c *call) {
	if len(c.suffix) == 0 || len(c.suffix) > 2 {
		c.handlerError(400, apierr.SuperfluousSuffices, "expecting URL /_admin/cluster/<command>")
		return
	}
	name := c.suffix[0]
	if len(c.suffix) == 2 {
		if !api.s.ver.hasDBServerMaintenance() {
			// Before 3.10.1 every command took exactly one suffix.
			c.handlerError(400, apierr.SuperfluousSuffices, "expecting URL /_admin/cluster/<command>")
			return
		}
		c.handlerError(400, apierr.HTTPBadParameter, "invalid command '"+name+"', expecting 'rebalance' or 'maintenance'")
		return
	}
	c.handlerError(400, apierr.HTTPBadParameter, "invalid command '"+name+"'")
}

// clusterCommand wraps the handler of a /_admin/cluster/<command> route
// (RestAdminClusterHandler) in the command's suffix rules: one more segment
// only for maintenance/<id> and rebalance/execute, and only from 3.10.1
// on. A nil handler is a command the emulator does not emulate: 501.
func clusterCommand(h func(*Server, *call)) func(*Server, *call) {
	return func(s *Server, c *call) {
		name := c.command()
		if len(c.suffix) > 1 {
			c.handlerError(400, apierr.SuperfluousSuffices, "expecting URL /_admin/cluster/<command>")
			return
		}
		if len(c.suffix) == 1 {
			switch {
			case !s.ver.hasDBServerMaintenance():
				// Before 3.10.1 every command took exactly one suffix.
				c.handlerError(400, apierr.SuperfluousSuffices, "expecting URL /_admin/cluster/<command>")
				return
			case name != "maintenance" && name != "rebalance":
				c.handlerError(400, apierr.HTTPBadParameter, "invalid command '"+name+"', expecting 'rebalance' or 'maintenance'")
				return
			}
		}
		if h == nil {
			c.handlerError(501, apierr.NotImplemented, "not implemented by the emulator: /_admin/cluster/"+name)
			return
		}
		h(s, c)
	}
}

// onCoordinator answers 403/403 "only allowed on coordinators" anywhere else
// (the cluster-admin handlers' role check).
func (c *call) onCoordinator() bool {
	if c.l.member.Role == model.RoleCoordinator {
		return true
	}
	c.handlerError(http.StatusForbidden, apierr.HTTPForbidden, "only allowed on coordinators")
	return false
}

// withAgency answers what health and maintenance answer on a single server,
// which has no Agency, and on DB servers and agents (CONTRACT.md §4.5, §4.6).
func (c *call) withAgency() bool {
	switch c.l.member.Role {
	case model.RoleCoordinator:
		return true
	case model.RoleDBServer, model.RoleAgent:
		c.handlerError(http.StatusForbidden, apierr.HTTPForbidden, "only allowed on single server and coordinators")
		return false
	}
	msg := "not allowed on single servers"
	if !c.s.ver.AtLeast(3, 12, 0) {
		msg = "only allowed on single server with active failover"
	}
	c.handlerError(http.StatusForbidden, apierr.HTTPForbidden, msg)
	return false
}

// handleNumberOfServers serves GET and PUT /_admin/cluster/numberOfServers
// (CONTRACT.md §12.5): the desired numbers of coordinators and DB servers
// and Target/CleanedServers.
func (api clusterAPI) handleNumberOfServers(c *call) {
	if !c.onCoordinator() || !c.allow(http.MethodGet, http.MethodPut) {
		return
	}
	sv := api.s.sup
	if c.method() == http.MethodGet {
		c.send(200, sv.NumberOfServers())
		return
	}
	o, ok := c.objectBody(apierr.BadParameter, "object expected")
	if !ok {
		return
	}
	var set []func(*agency.Agency)
	for _, name := range []string{"numberOfCoordinators", "numberOfDBServers"} {
		v, present := o.Get(name)
		if !present {
			continue
		}
		if _, isNumber := v.(json.Number); !isNumber && v != nil {
			c.handlerError(400, apierr.BadParameter, name+": number expected")
			return
		}
		if name == "numberOfCoordinators" {
			set = append(set, func(a *agency.Agency) { a.NumberOfCoordinators = v })
		} else {
			set = append(set, func(a *agency.Agency) { a.NumberOfDBServers = v })
		}
	}
	if v, present := o.Get("cleanedServers"); present {
		list, isArray := v.([]any)
		if !isArray {
			c.handlerError(400, apierr.BadParameter, "cleanedServers: array expected")
			return
		}
		ids := []string{}
		for _, e := range list {
			id, isString := e.(string)
			if !isString {
				c.handlerError(400, apierr.BadParameter, "cleanedServers: array of strings expected")
				return
			}
			ids = append(ids, id)
		}
		set = append(set, func(a *agency.Agency) { a.Cleaned = ids })
	}
	sv.UpdateAgency(set)
	// Nothing to do answers the same (arangod keeps it for compatibility).
	c.ok(200, nil)
}

// handleRemoveServer serves POST /_admin/cluster/removeServer (CONTRACT.md
// §12.7): a FAILED member that holds no shard leaves the cluster; the
// answer is 200 with an empty body. arangod retries for 60 s while the
// server is not FAILED or still holds shards before it answers 412; the
// emulator answers at once.
func (api clusterAPI) handleRemoveServer(c *call) {
	if c.l.member.Role != model.RoleCoordinator {
		c.handlerError(501, apierr.NotImplemented, "not implemented by the emulator: /_admin/cluster/removeServer on a "+roleName(c.l.member.Role))
		return
	}
	if !c.allow(http.MethodPost) {
		return
	}
	body, err := c.jsonBody()
	if err != nil {
		c.badJSON(err)
		return
	}
	var server string
	switch v := body.(type) {
	case string:
		server = v
	case obj:
		sv, _ := v.Get("server")
		server, _ = sv.(string)
	}
	if server == "" {
		if _, isString := body.(string); !isString {
			if o, isObj := body.(obj); !isObj || !hasString(o, "server") {
				c.handlerError(400, apierr.BadParameter, "expecting string or object with key `server`")
				return
			}
		}
	}
	id := api.s.topo.ResolveServerName(server)
	var m *node.Member
	for _, group := range [][]*node.Member{api.s.topo.Coordinators, api.s.topo.DBServers} {
		for _, x := range group {
			if x.ID == id && !x.Removed.Load() {
				m = x
			}
		}
	}
	if m == nil {
		c.handlerError(404, apierr.HTTPNotFound, "")
		return
	}
	d := api.s.state
	d.Mu.Lock()
	defer d.Mu.Unlock()
	if api.s.topo.Statuses()[m] != node.StatusFailed || d.HoldsShards(m) {
		c.handlerError(http.StatusPreconditionFailed, apierr.HTTPPreconditionFailed, "server may not be deleted")
		return
	}
	m.Removed.Store(true)
	c.sendRaw(200, "", nil)
}

func hasString(o obj, k string) bool {
	v, _ := o.Get(k)
	_, ok := v.(string)
	return ok
}

func roleName(role string) string {
	switch role {
	case model.RoleDBServer:
		return "DB server"
	case model.RoleAgent:
		return "agent"
	case model.RoleSingle:
		return "single server"
	}
	return "coordinator"
}

// handleAPICluster answers /_api/cluster[/...] for what no route of
// /_api/cluster/<command> matched (CONTRACT.md §12.8): GET only, then 404.
func (api clusterAPI) handleAPICluster(c *call) {
	if c.method() != http.MethodGet {
		c.handlerError(405, apierr.HTTPMethodNotAllowed, "only the GET method is allowed")
		return
	}
	c.handlerError(404, apierr.HTTPNotFound, "expecting /_api/cluster/[endpoints,agency-dump,agency-cache]")
}

// handleAPIClusterNotEmulated serves the Agency dumps and cluster-info of
// /_api/cluster (GET only): not emulated, 501.
func (api clusterAPI) handleAPIClusterNotEmulated(c *call) {
	if c.method() != http.MethodGet {
		c.handlerError(405, apierr.HTTPMethodNotAllowed, "only the GET method is allowed")
		return
	}
	c.handlerError(501, apierr.NotImplemented, "not implemented by the emulator: /_api/cluster/"+c.command())
}

// handleClusterEndpoints serves GET /_api/cluster/endpoints (CONTRACT.md
// §12.8): the coordinators; further segments are ignored.
func (api clusterAPI) handleClusterEndpoints(c *call) {
	if c.method() != http.MethodGet {
		c.handlerError(405, apierr.HTTPMethodNotAllowed, "only the GET method is allowed")
		return
	}
	if c.l.member.Role != model.RoleCoordinator {
		c.handlerError(501, apierr.NotImplemented, "cannot serve this request for this deployment type")
		return
	}
	list := []any{}
	for _, m := range api.s.topo.Coordinators {
		if !m.Removed.Load() {
			list = append(list, obj{{"endpoint", m.Endpoint}})
		}
	}
	c.send(200, obj{{"error", false}, {"code", 200}, {"endpoints", list}})
}

// handleNodeProxy serves nodeVersion and nodeEngine (CONTRACT.md §12.9):
// the member's own GET /_api/version or /_api/engine, passed on, with the
// rules of the statistics proxy (§4.8).
func (api clusterAPI) handleNodeProxy(c *call) {
	if !c.onCoordinator() || !c.allow(http.MethodGet) {
		return
	}
	id := c.query().Get("ServerID")
	if id == "" {
		c.handlerError(400, apierr.HTTPBadParameter, "missing parameter `ServerID`")
		return
	}
	m := api.proxyTarget(id)
	if m == nil {
		c.commError(503, apierr.BackendUnavailable, "")
		return
	}
	if api.s.ServerStatus(id) != node.StatusGood {
		c.handlerError(http.StatusRequestTimeout, apierr.HTTPGatewayTimeout, "server did not answer")
		return
	}
	if c.command() == "nodeEngine" {
		c.send(200, engineBody(api.s.ver))
		return
	}
	body := obj{{"server", "arango"}, {"license", "enterprise"}, {"version", api.s.ver.Raw}}
	if api.s.ver.hasAPIVersions() {
		body = append(body, kv{"apiVersions", []string{"v0"}}, kv{"deprecatedApiVersions", []string{}}, kv{"requestedApiVersion", "v0"})
	}
	c.send(200, body)
}

// proxyTarget is the member a proxied request for id reaches: coordinators
// and DB servers by id (no short names: the network layer takes ids only).
func (api clusterAPI) proxyTarget(id string) *node.Member {
	for _, group := range [][]*node.Member{api.s.topo.Coordinators, api.s.topo.DBServers} {
		for _, m := range group {
			if m.ID == id && !m.Removed.Load() {
				return m
			}
		}
	}
	return nil
}

// handleEngine serves GET /_api/engine (CONTRACT.md §12.9), as recorded;
// a suffix other than stats (handleEngineStats) is refused as
// RestEngineHandler does (§23.1).
func (api serverAPI) handleEngine(c *call) {
	if !c.allow(http.MethodGet) {
		return
	}
	if len(c.suffix) != 0 {
		c.handlerError(http.StatusBadRequest, apierr.BadParameter, "expecting GET /_api/engine[/stats]")
		return
	}
	c.send(200, engineBody(api.s.ver))
}

// engineBody is GET /_api/engine of the version (rec docs-hugo RestEngine_single).
func engineBody(v semver) obj {
	indexes := []string{"primary", "edge", "hash", "skiplist", "ttl", "persistent", "geo", "fulltext"}
	supports := obj{}
	switch {
	case v.AtLeast(3, 12, 0):
		indexes = append(indexes, "mdi", "mdi-prefixed", "inverted")
		supports = append(supports, kv{"indexes", indexes},
			kv{"aliases", obj{{"indexes", obj{{"hash", "persistent"}, {"skiplist", "persistent"}, {"zkd", "mdi"}}}}})
		return obj{{"name", "rocksdb"}, {"supports", supports}, {"endianness", "big"}}
	case v.AtLeast(3, 11, 0):
		indexes = append(indexes, "zkd", "inverted")
		supports = append(supports, kv{"dfdb", false}, kv{"indexes", indexes},
			kv{"aliases", obj{{"indexes", obj{{"hash", "persistent"}, {"skiplist", "persistent"}}}}})
	default:
		indexes = append(indexes, "zkd", "inverted")
		supports = append(supports, kv{"dfdb", false}, kv{"indexes", indexes},
			kv{"aliases", obj{{"indexes", obj{{"skiplist", "persistent"}, {"hash", "persistent"}}}}})
	}
	return obj{{"name", "rocksdb"}, {"supports", supports}}
}

// RemovedServers lists the members removeServer took out, by id.
func (s *Server) RemovedServers() []string {
	var out []string
	for _, group := range [][]*node.Member{s.topo.Coordinators, s.topo.DBServers} {
		for _, m := range group {
			if m.Removed.Load() {
				out = append(out, m.ID)
			}
		}
	}
	return out
}

// NumberOfServers is what GET /_admin/cluster/numberOfServers reports as
// the desired numbers (-1 for null).
func (s *Server) NumberOfServers() (coordinators, dbServers int) {
	c, db := s.sup.DesiredServers()
	num := func(v any) int {
		n, ok := v.(json.Number)
		if !ok {
			return -1
		}
		i, err := n.Int64()
		if err != nil {
			f, _ := n.Float64()
			return int(f)
		}
		return int(i)
	}
	return num(c), num(db)
}

// SetNumberOfServers sets the desired numbers as a platform operator would
// (another writer than the provider); a negative number sets null.
func (s *Server) SetNumberOfServers(coordinators, dbServers int) {
	v := func(n int) any {
		if n < 0 {
			return nil
		}
		return json.Number(strconv.Itoa(n))
	}
	s.sup.UpdateAgency([]func(*agency.Agency){func(a *agency.Agency) {
		a.NumberOfCoordinators, a.NumberOfDBServers = v(coordinators), v(dbServers)
	}})
}
