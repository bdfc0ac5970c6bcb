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
package arangotest
