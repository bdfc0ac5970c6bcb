// Package arangotest is an in-memory emulator of ArangoDB's HTTP API for the
// parts the provider uses: server and cluster administration, databases,
// collections, documents, authentication, and (growing) replication.
//
// It is an independent reading of the HTTP contract in CONTRACT.md (beside
// this file) and of the recorded arangod responses in testdata/recorded; it
// deliberately shares no code or types with the client in internal/arangodb,
// so that tests catch misreadings on either side.
//
// All listeners of one emulator (the coordinators of a cluster) share one
// deployment state: databases, collections, documents, a tick counter and a
// write-ahead log of replication markers that every write appends to.
//
// A cluster places every collection's shards over its DB servers (Plan and
// Current, leader first) and runs Agency jobs against that model:
// resignLeadership, cleanOutServer and moveShard take Options.MoveDuration
// per shard move (SetMoveDuration changes it, for moves under way too) and
// show in queryAgencyJob, shardDistribution, clusterInventory, health and
// the rebalance counts while they run. SetServerStatus marks a member BAD or
// FAILED; a member that is not GOOD leaves Current. ShardPlan, ShardCurrent,
// ShardsOn, SetShardServers, JobStatus and CleanedServers let tests look and
// arrange.
//
// Tests start it like net/http/httptest: Start or NewServer, URL and URLs,
// Client (trusting its CA with Options.TLS), Handler (the deployment as
// listener 0 serves it) and Close.
//
// # Faults
//
// Options.FailRate and Options.Latency (SetFailRate, SetLatency) apply to
// every request; SetDown closes a listener (connections refused). SetFault
// gives one listener a network fault, numbered as ListenerRequests counts
// (coordinators first, then with MemberListeners the DB servers' and the
// agents'):
//
//   - FaultHang reads requests and never answers, until the client gives
//     up; clearing the fault lets waiting requests be served, late; Close
//     ends them and returns only when their handlers have.
//   - FaultBlackhole holds the port with a socket whose accept queue is
//     full, so dials time out instead of being refused (Linux); clearing it
//     serves the same address again.
//   - FaultReset and FaultClose read and count the whole request, then
//     reset (RST) or close the connection without an answer.
//   - Fault.Latency delays that listener's requests on top of the global
//     latency.
//
// Fault.Method and Fault.Path limit a fault to one route (exact path
// without query), so e.g. the version probe is answered while the PUT of a
// sync dies after being read. A request that meets a fault is counted in
// the request log all the same, so a test can prove that a write reached
// the server exactly once.
//
// # Control routes
//
// Every listener answers /_emulator/*, which is never counted, faulted or
// authenticated: GET /_emulator/requests (?listener=self; DELETE resets),
// and GET, PUT and DELETE /_emulator/faults. PUT takes one listener's fault,
// e.g. {"listener":1,"kind":"hang"},
// {"listener":0,"kind":"reset","method":"PUT","path":"/_api/replication/sync"}
// or {"listener":2,"latency":"2s"} (a Go duration); {"listener":1} or
// "kind":"" without latency clears it. PUT and GET answer the list, e.g.
// [{"listener":1,"kind":"hang"},{"listener":2,"kind":"","latency":"2s"}];
// DELETE clears all. A blackholed listener cannot take the request that
// clears it: send it to another one.
//
// In a cluster, GET /_emulator/members lists every member (id, shortName,
// role as /_admin/server/role names it, status), and PUT /_emulator/members/<id or short name> with
// {"status":"BAD"} (GOOD, BAD or FAILED) changes one's health while the
// emulator runs: a server down, then back.
package arangotest
