package arangotest

import (
	"net/http"
	"strings"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/apierr"
	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/model"
	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/userstore"
)

// Layout of the emulator.
//
// Routes: every path the emulator serves is a row of routes below, the
// one routing table; the longest prefix wins. A row's handler is a method
// of a feature's handler type (through on), possibly wrapped by the rules
// a family of commands shares (clusterCommand, adminServer,
// backupOperation, walCommand, replicationCommand: extra segments,
// methods, version, role) before its handler runs. What depends on more
// than the path's fixed segments (the method, as for
// /_api/database/current or /_admin/log; names inside the path, as in
// /_api/collection/{name}/properties or /_api/user/{name}/...) is decided
// inside the handler. A row's served says whether DB servers and agents
// answer it too (servedByMember; the rest is 501 there), or that it is
// one of the emulator's own control routes, /_emulator/*
// (emulatorControl, handled by emulatorAPI): those are matched on their
// exact path before the request log, faults and authentication, and the
// rest of the table only after them.
//
// Handlers: a handler type per API family, holding only the Server:
// serverAPI, authAPI, usersAPI, databasesAPI, collectionsAPI,
// documentsAPI, indexesAPI, replicationAPI, walAPI, clusterAPI,
// backupAPI, adminAPI, emulatorAPI. A handler reads its request from a
// *call and answers through it (respond.go); reports builds what a member
// reports about itself (statistics, metrics, engine stats, support info).
//
// Model: the state model is the package internal/model, which knows
// nothing of HTTP, of Server or of call (layout_test.go): the handlers and
// the test hooks use it through its exported names, so that the arrows run
// one way, from them to the model. The deployment's data (databases,
// collections with their indexes, documents: the types of
// internal/docstore; the WAL and its ticks; the HLC clock revtree.Clock)
// is model.Deployment (state.go, with docstore.go, collprops.go,
// indexmodel.go, wal.go, and replicated.go for what the follower side does
// to it), guarded by Deployment.Mu, which a handler takes itself only
// around what it reads or changes at once. Beside it, each under a lock of
// its own taken after Deployment.Mu and never before: the users and their
// grants, userstore.Store; the dump batches and logger-state clients,
// replctx.Contexts (taken in batch.go); the hot backups, backupstore.Store
// (snapshot and restore in backup_restore.go); the licence,
// model.LicenseState (license.go). The members (node.Member) and their
// health are model.Topology (topology.go, maintenance.go, health.go);
// the Agency's jobs, shard placement and rebalancing are model.Supervision
// (jobs.go, shards.go, rebalance.go, target.go) over agency.Agency (the
// Deployment's), which holds both; the hot backup transfers are
// model.Transfers (backup_transfer.go), whose lock is taken before
// Deployment.Mu, never after. Packages under internal/ that the model is
// built from: userstore (the users and their grants), jsonx (ordered JSON
// objects), apierr (arangod's error numbers and errors), revtree
// (revisions as HLC values, the HLC clock, revision trees), licensekey
// (the emulator's licence keys), version (arangod's version number and the
// gates the data model asks; the other feature gates are semver's,
// version.go), naming (the names of databases and collections, document
// keys), wal (the write-ahead log and its markers), collprops (a
// collection's schema, computed values, cache, key generator and cluster
// sharding), indexdef (a collection's secondary indexes and their
// definitions), node (a member of the deployment), docstore (databases,
// collections, documents, and what needs only a collection: describing
// and finding its indexes, edge ends, merging), backupstore (the hot
// backups), replctx (the replication contexts), agency (the Agency's
// Target: jobs and desired servers). Each holds its lock in helpers with
// defer; none imports net/http (layout_test.go).
//
// Follower: the follower side is the package internal/replica (applier.go,
// initialsync.go, revsync.go, tailing.go): replica.Follower with its
// appliers asks a leader over HTTP, so it is apart from the model, and
// changes the local deployment only through the model; the handlers of
// /_api/replication/applier-* and sync (applier_http.go, sync.go) drive it.
//
// Server (emulator.go) is the facade: it holds the model, the listeners
// (listenerSet, listener.go), the faults (faults.go) and the options, and
// has the exported test hooks; serve, below, is its one unexported method.

// on adapts a handler of a feature's handler type (a struct holding only
// the Server, e.g. usersAPI) to a row of routes, so that a feature's
// handlers are grouped on their own type and not on Server.
func on[H ~struct{ s *Server }](h func(H, *call)) func(*Server, *call) {
	return func(s *Server, c *call) { h(H{s: s}, c) }
}

// route maps a path prefix (in segments) to a handler; the longest prefix
// wins, like arangod's handler factory. served says which members answer
// it besides coordinators and single servers, or that it is the
// emulator's own.
type route struct {
	prefix []string
	handle func(*Server, *call)
	served served
}

// served is where a row of routes is answered besides coordinators and
// single servers; on a DB server or an agent that does not answer it the
// emulator says it does not emulate it there (notOnMember: 501). The
// emulator's own rows are emulatorControl.
type served int

const (
	// coordinatorsOnly: a DB server's shards and the Agency, not emulated.
	coordinatorsOnly served = iota
	// everyMember: who a member is, its version, logging in, compaction
	// (CONTRACT.md §15.1), its log levels (§16), the licence (§17), its
	// metrics (§18), its support info and engine statistics (§22, §23),
	// and the role refusals of the cluster-admin routes (§6).
	everyMember
	// dbServerRoot: DB servers too, but only the family's root itself
	// (/_api/replication, not a command no row names).
	dbServerRoot
	// dbServersToo: DB servers too, as a DB server answers them, on its
	// listener or forwarded by a coordinator (forwarding.go).
	dbServersToo
	// emulatorControl: the emulator's own routes, /_emulator/*, not
	// arangod's: on every listener, matched on the exact path before the
	// request log, faults and authentication (serve).
	emulatorControl
)

var routes = []route{
	{[]string{"_api", "version"}, on(serverAPI.handleVersion), everyMember},
	{[]string{"_admin", "version"}, on(serverAPI.handleVersion), everyMember},
	{[]string{"_admin", "server"}, on(serverAPI.handleAdminServer), everyMember},
	{[]string{"_admin", "server", "id"}, adminServer(on(serverAPI.handleServerID)), everyMember},
	{[]string{"_admin", "server", "role"}, adminServer(on(serverAPI.handleServerRole)), everyMember},
	{[]string{"_admin", "server", "availability"}, adminServer(on(serverAPI.handleServerAvailability)), everyMember},
	{[]string{"_admin", "server", "tls"}, adminServer(on(serverAPI.handleTLS)), everyMember}, // tlsreload.go
	{[]string{"_admin", "server", "jwt"}, adminServer(on(serverAPI.handleJWT)), everyMember}, // jwt.go
	{[]string{"_admin", "statistics"}, on(adminAPI.handleAdminStatistics), coordinatorsOnly},
	{[]string{"_admin", "time"}, on(adminAPI.handleAdminTime), coordinatorsOnly},
	{[]string{"_admin", "status"}, on(serverAPI.handleAdminStatus), everyMember},
	{[]string{"_admin", "cluster"}, on(clusterAPI.handleAdminCluster), everyMember},
	{[]string{"_admin", "cluster", "health"}, clusterCommand(on(clusterAPI.handleClusterHealth)), everyMember},
	{[]string{"_admin", "cluster", "maintenance"}, clusterCommand(on(clusterAPI.handleClusterMaintenance)), everyMember},
	{[]string{"_admin", "cluster", "statistics"}, clusterCommand(on(clusterAPI.handleClusterStatistics)), everyMember},
	{[]string{"_admin", "cluster", "nodeStatistics"}, clusterCommand(on(clusterAPI.handleClusterStatistics)), everyMember},
	{[]string{"_admin", "cluster", "numberOfServers"}, clusterCommand(on(clusterAPI.handleNumberOfServers)), everyMember},
	{[]string{"_admin", "cluster", "removeServer"}, clusterCommand(on(clusterAPI.handleRemoveServer)), everyMember},
	{[]string{"_admin", "cluster", "rebalance"}, clusterCommand(on(clusterAPI.handleRebalance)), everyMember},
	{[]string{"_admin", "cluster", "rebalanceShards"}, clusterCommand(nil), everyMember},
	{[]string{"_admin", "cluster", "shardDistribution"}, clusterCommand(on(clusterAPI.handleShardDistribution)), everyMember},
	{[]string{"_admin", "cluster", "collectionShardDistribution"}, clusterCommand(on(clusterAPI.handleCollectionShardDistribution)), everyMember},
	{[]string{"_admin", "cluster", "moveShard"}, clusterCommand(on(clusterAPI.handleMoveShard)), everyMember},
	{[]string{"_admin", "cluster", "cleanOutServer"}, clusterCommand(on(clusterAPI.handleServerJob)), everyMember},
	{[]string{"_admin", "cluster", "resignLeadership"}, clusterCommand(on(clusterAPI.handleServerJob)), everyMember},
	{[]string{"_admin", "cluster", "queryAgencyJob"}, clusterCommand(on(clusterAPI.handleQueryAgencyJob)), everyMember},
	{[]string{"_admin", "cluster", "nodeVersion"}, clusterCommand(on(clusterAPI.handleNodeProxy)), everyMember},
	{[]string{"_admin", "cluster", "nodeEngine"}, clusterCommand(on(clusterAPI.handleNodeProxy)), everyMember},
	{[]string{"_admin", "cluster", "shardStatistics"}, clusterCommand(nil), everyMember},
	{[]string{"_api", "database"}, on(databasesAPI.handleDatabase), coordinatorsOnly},
	{[]string{"_api", "collection"}, on(collectionsAPI.handleCollection), coordinatorsOnly},
	{[]string{"_api", "document"}, on(documentsAPI.handleDocument), coordinatorsOnly},
	{[]string{"_api", "replication"}, on(replicationAPI.handleReplication), dbServerRoot},
	{[]string{"_api", "replication", "logger-state"}, replicationCommand(replCommand{methods: []string{http.MethodGet}, handle: on(replicationAPI.handleLoggerState)}), dbServersToo},
	{[]string{"_api", "replication", "server-id"}, replicationCommand(replCommand{methods: []string{http.MethodGet, http.MethodPut}, removed: true, handle: on(replicationAPI.handleReplicationServerID)}), dbServersToo},
	{[]string{"_api", "replication", "logger-first-tick"}, replicationCommand(replCommand{methods: []string{http.MethodGet}, removed: true, coordBlocked: true, handle: on(replicationAPI.handleLoggerFirstTick)}), dbServersToo},
	{[]string{"_api", "replication", "logger-tick-ranges"}, replicationCommand(replCommand{methods: []string{http.MethodGet}, removed: true, coordBlocked: true, handle: on(replicationAPI.handleLoggerTickRanges)}), dbServersToo},
	{[]string{"_api", "replication", "logger-follow"}, replicationCommand(replCommand{methods: []string{http.MethodGet, http.MethodPut}, removed: true, coordBlocked: true}), coordinatorsOnly},
	{[]string{"_api", "replication", "applier-config"}, replicationCommand(replCommand{methods: []string{http.MethodGet, http.MethodPut}, removed: true, handle: on(replicationAPI.handleApplierConfig)}), coordinatorsOnly},
	{[]string{"_api", "replication", "applier-start"}, replicationCommand(replCommand{methods: []string{http.MethodPut}, removed: true, coordBlocked: true, handle: on(replicationAPI.handleApplierStart)}), coordinatorsOnly},
	{[]string{"_api", "replication", "applier-stop"}, replicationCommand(replCommand{methods: []string{http.MethodPut}, removed: true, coordBlocked: true, handle: on(replicationAPI.handleApplierStop)}), coordinatorsOnly},
	{[]string{"_api", "replication", "applier-state"}, replicationCommand(replCommand{methods: []string{http.MethodGet, http.MethodDelete}, removed: true, handle: on(replicationAPI.handleApplierState)}), coordinatorsOnly},
	{[]string{"_api", "replication", "applier-state-all"}, replicationCommand(replCommand{methods: []string{http.MethodGet}, removed: true, handle: on(replicationAPI.handleApplierStateAll)}), coordinatorsOnly},
	{[]string{"_api", "replication", "make-follower"}, replicationCommand(replCommand{methods: []string{http.MethodPut}, removed: true, coordBlocked: true, sinceFollower: true, handle: on(replicationAPI.handleMakeFollower)}), coordinatorsOnly},
	{[]string{"_api", "replication", "make-slave"}, replicationCommand(replCommand{methods: []string{http.MethodPut}, removed: true, coordBlocked: true, handle: on(replicationAPI.handleMakeFollower)}), coordinatorsOnly},
	{[]string{"_api", "replication", "clusterInventory"}, replicationCommand(replCommand{methods: []string{http.MethodGet}, handle: on(replicationAPI.handleClusterInventory)}), dbServersToo},
	{[]string{"_api", "replication", "sync"}, replicationCommand(replCommand{methods: []string{http.MethodPut}, removed: true, coordBlocked: true, handle: on(replicationAPI.handleSync)}), coordinatorsOnly},
	{[]string{"_api", "replication", "inventory"}, replicationCommand(replCommand{methods: []string{http.MethodGet}, handle: on(replicationAPI.handleInventory)}), dbServersToo},
	{[]string{"_api", "replication", "batch"}, replicationCommand(replCommand{methods: []string{http.MethodPost, http.MethodPut, http.MethodDelete}, maxSuffixes: 2, handle: on(replicationAPI.handleBatch)}), dbServersToo},
	{[]string{"_api", "replication", "dump"}, replicationCommand(replCommand{methods: []string{http.MethodGet}, handle: on(replicationAPI.handleDump)}), dbServersToo},
	{[]string{"_api", "replication", "barrier"}, replicationCommand(replCommand{methods: []string{http.MethodGet, http.MethodPost, http.MethodPut, http.MethodDelete}, coordBlocked: true, maxSuffixes: 2}), coordinatorsOnly},
	{[]string{"_api", "replication", "keys"}, replicationCommand(replCommand{methods: []string{http.MethodGet, http.MethodPost, http.MethodPut, http.MethodDelete}, coordBlocked: true, maxSuffixes: 2}), coordinatorsOnly},
	{[]string{"_api", "replication", "revisions"}, replicationCommand(replCommand{methods: []string{http.MethodGet, http.MethodPost, http.MethodPut, http.MethodDelete}, coordBlocked: true, maxSuffixes: 2, sinceFollower: true, handle: on(replicationAPI.handleRevisions)}), dbServersToo},
	{[]string{"_api", "wal"}, on(walAPI.handleWal), coordinatorsOnly},
	{[]string{"_api", "wal", "range"}, walCommand(on(walAPI.handleWalRange), http.MethodGet), coordinatorsOnly},
	{[]string{"_api", "wal", "lastTick"}, walCommand(on(walAPI.handleWalLastTick), http.MethodGet), coordinatorsOnly},
	{[]string{"_api", "wal", "tail"}, walCommand(on(walAPI.walTail), http.MethodGet, http.MethodPut), coordinatorsOnly},
	{[]string{"_api", "cluster"}, on(clusterAPI.handleAPICluster), everyMember},
	{[]string{"_api", "cluster", "endpoints"}, on(clusterAPI.handleClusterEndpoints), everyMember},
	{[]string{"_api", "cluster", "agency-dump"}, on(clusterAPI.handleAPIClusterNotEmulated), everyMember},
	{[]string{"_api", "cluster", "agency-cache"}, on(clusterAPI.handleAPIClusterNotEmulated), everyMember},
	{[]string{"_api", "cluster", "cluster-info"}, on(clusterAPI.handleAPIClusterNotEmulated), everyMember},
	{[]string{"_api", "engine"}, on(serverAPI.handleEngine), everyMember},
	{[]string{"_api", "engine", "stats"}, on(adminAPI.handleEngineStats), everyMember}, // supportinfo_http.go
	{[]string{"_open", "auth"}, on(authAPI.handleOpenAuth), everyMember},
	{[]string{"_open", "auth", "renew"}, on(authAPI.handleRenew), everyMember},
	{[]string{"_api", "user"}, on(usersAPI.handleUsers), coordinatorsOnly},
	{[]string{"_admin", "server", "mode"}, on(serverAPI.handleServerMode), everyMember},
	{[]string{"_admin", "backup"}, on(backupAPI.handleBackup), coordinatorsOnly},
	{[]string{"_admin", "backup", "create"}, backupOperation(backupAPI.createBackup), coordinatorsOnly},
	{[]string{"_admin", "backup", "list"}, backupOperation(backupAPI.listBackups), coordinatorsOnly},
	{[]string{"_admin", "backup", "delete"}, backupOperation(backupAPI.deleteBackup), coordinatorsOnly},
	{[]string{"_admin", "backup", "restore"}, backupOperation(backupAPI.restoreBackup), coordinatorsOnly},
	{[]string{"_admin", "backup", "upload"}, backupOperation(backupAPI.transferBackup), coordinatorsOnly},
	{[]string{"_admin", "backup", "download"}, backupOperation(backupAPI.transferBackup), coordinatorsOnly},
	{[]string{"_admin", "backup", "lock"}, backupOperation(nil), coordinatorsOnly},
	{[]string{"_admin", "backup", "unlock"}, backupOperation(nil), coordinatorsOnly},
	{[]string{"_api", "index"}, on(indexesAPI.handleIndex), coordinatorsOnly},
	{[]string{"_admin", "compact"}, on(serverAPI.handleCompact), everyMember},
	{[]string{"_admin", "supervisionState"}, on(clusterAPI.handleSupervisionState), everyMember},
	{[]string{"_admin", "log"}, on(adminAPI.handleAdminLog), everyMember},
	{[]string{"_admin", "license"}, on(adminAPI.handleLicense), everyMember},
	{[]string{"_admin", "metrics"}, on(adminAPI.handleMetrics), everyMember},
	{[]string{"_admin", "metrics", "v2"}, on(adminAPI.handleMetrics), everyMember},
	{[]string{"_admin", "support-info"}, on(adminAPI.handleSupportInfo), everyMember},   // supportinfo_http.go
	{[]string{"_emulator", "requests"}, on(emulatorAPI.serveRequests), emulatorControl}, // requestlog.go
	{[]string{"_emulator", "faults"}, on(emulatorAPI.serveFaults), emulatorControl},     // faults.go
	{[]string{"_emulator", "members"}, on(emulatorAPI.serveMembers), emulatorControl},   // health.go
}

// API versions accepted in the /_arango/{api-version} prefix (3.12.8+).
// apiVersions lists only v0 (recorded); the docs also use v1 and
// "experimental".
var knownAPIVersions = map[string]bool{"v0": true, "v1": true, "experimental": true}

// serve is the entry point of every request on listener l.
func (s *Server) serve(l *listener, w http.ResponseWriter, r *http.Request) {
	p := r.URL.Path
	if p == "/_emulator" || strings.HasPrefix(p, "/_emulator/") {
		c := &call{s: s, l: l, w: w, r: r}
		// the decoded path with its empty segments, so that only a row's
		// exact path (and what its handler takes after it) matches
		segs := strings.Split(p[1:], "/")
		rt := matchRoute(segs, true)
		if rt == nil {
			emulatorAPI{s}.unknownPath(c)
			return
		}
		c.route, c.suffix = rt, segs[len(rt.prefix):]
		rt.handle(s, c)
		return
	}
	s.reqlog.count(l.idx, r.Method+" "+p)
	s.protos.count(r.Proto, r.Method+" "+p)
	if !s.faults.inject(l, w, r) {
		return // reset, closed, or the client has gone; nobody reads an answer
	}
	c := &call{s: s, l: l, w: w, r: r, dbName: "_system", apiVersion: "v0"}
	if s.faults.shouldFail() {
		c.commError(503, apierr.HTTPServiceUnavail, "")
		return
	}

	segs, raw := splitPath(r.URL.EscapedPath())
	takeAPIVersion := func() bool {
		if s.ver.hasAPIVersions() && len(segs) >= 2 && segs[0] == "_arango" {
			if !knownAPIVersions[segs[1]] {
				return false
			}
			c.apiVersion, c.explicitV = segs[1], true
			segs, raw = segs[2:], raw[2:]
		}
		return true
	}
	okVersion := takeAPIVersion()
	if len(segs) >= 2 && segs[0] == "_db" {
		c.dbName = segs[1]
		segs, raw = segs[2:], raw[2:]
	}
	if okVersion && !c.explicitV {
		okVersion = takeAPIVersion()
	}
	c.segs = segs
	c.rawPath = "/" + strings.Join(raw, "/")

	// Database first, then credentials (CommTask::prepareExecution): an
	// unknown database is 401 to those who may not use a database of that
	// name, so names can't be guessed.
	authenticated := true
	if s.auth.active() {
		c.user = s.auth.authenticate(r, l.member)
		if c.user == "" {
			c.user, c.superuser = s.auth.externalToken(r, l.member)
		}
		authenticated = c.user != "" || c.superuser
	}
	if !s.state.DatabaseExists(c.dbName) {
		if !authenticated || (!c.superuser && s.state.Users.DBLevel(c.user, c.dbName, true) == userstore.LevelNone) {
			c.commError(401, apierr.Forbidden, "not authorized to execute this request")
			return
		}
		c.commError(404, apierr.DatabaseNotFound, "")
		return
	}
	// canAccessPath: no credentials, or no access to the database, is 401;
	// the open paths stay open, and /_api/user stays open to every
	// authenticated user (CONTRACT.md §11.1).
	if !isOpenPath(segs) {
		denied := !authenticated || (!c.superuser && s.state.Users.DBLevel(c.user, c.dbName, true) == userstore.LevelNone)
		if denied && (!authenticated || !isUsersPath(segs)) {
			c.commError(401, apierr.Forbidden, "not authorized to execute this request")
			return
		}
	}
	if !okVersion {
		c.unknownPath()
		return
	}

	best := matchRoute(segs, false)
	if best == nil {
		c.unknownPath()
		return
	}
	c.route, c.suffix = best, segs[len(best.prefix):]
	if !c.servedByMember(best) {
		return
	}
	s.sup.Advance() // the Supervision has caught up with the clock
	best.handle(s, c)
}

// servedByMember tells whether the route is one the emulator answers on a
// DB server's or an agent's listener as arangod does there (the row's
// served); otherwise it answers 501.
func (c *call) servedByMember(rt *route) bool {
	role := c.l.member.Role
	if role != model.RoleDBServer && role != model.RoleAgent {
		return true
	}
	switch rt.served {
	case everyMember:
		return true
	case dbServerRoot:
		if role == model.RoleDBServer && len(c.suffix) == 0 {
			return true
		}
	case dbServersToo:
		if role == model.RoleDBServer {
			return true
		}
	}
	c.notOnMember()
	return false
}

// notOnMember answers what the emulator does not emulate on a DB server or
// an agent: 501.
func (c *call) notOnMember() {
	name := "a DB server"
	if c.l.member.Role == model.RoleAgent {
		name = "an agent"
	}
	c.handlerError(501, apierr.NotImplemented, "not implemented by the emulator: "+c.r.Method+" "+c.rawPath+" on "+name)
}

// matchRoute finds the row of routes with the longest prefix of segs,
// among the emulator's control rows or among arangod's.
func matchRoute(segs []string, control bool) *route {
	var best *route
	for i := range routes {
		rt := &routes[i]
		if (rt.served == emulatorControl) == control && hasPrefix(segs, rt.prefix) && (best == nil || len(rt.prefix) > len(best.prefix)) {
			best = rt
		}
	}
	return best
}

func hasPrefix(segs, prefix []string) bool {
	if len(segs) < len(prefix) {
		return false
	}
	for i, p := range prefix {
		if segs[i] != p {
			return false
		}
	}
	return true
}
