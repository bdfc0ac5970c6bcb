package provider

import (
	"strings"
	"testing"

	"github.com/hashicorp/go-version"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest"
)

// badInput is one invalid configuration: it must fail at validate or plan,
// before anything changes, with the attribute (or, for role and version
// checks, the object) named and a message that says what is allowed.
type badInput struct {
	name string
	// provider is the provider block's body for provider rows; the other
	// rows get a provider block for their server.
	provider string
	config   string
	// server: the deployment a server-aware check (role, version) needs;
	// nil when the error comes before any request (a dead endpoint then).
	server *arangotest.Options
	// path is the attribute as the error shows it (a validator's
	// "Attribute x", or the configuration line Terraform quotes), or the
	// object's address for role and version checks.
	path string
	want []string // phrases of the message, in order
	// since is the CLI version the configuration needs (write-only
	// attributes, ephemeral resources).
	since *version.Version
	// member: the provider talks to a DB server ("dbserver") or an agent
	// ("agent") of server, a cluster with member listeners.
	member string
}

var (
	single3_12_10 = &arangotest.Options{Version: "3.12.10"}
	singleServer  = &arangotest.Options{}
	coordinator   = &arangotest.Options{Topology: "cluster"}
	members       = &arangotest.Options{Topology: "cluster", MemberListeners: true}
)

// badInputs covers the provider, every resource, data source and ephemeral
// resource: every validator, and every check at plan.
var badInputs = []badInput{
	// provider
	{name: "provider host_resolver", provider: `host_resolver = "sticky"`,
		path: "host_resolver", want: []string{`value must be one of: ["roundrobin" "random"], got: "sticky"`}},
	{name: "provider endpoint scheme", provider: `endpoints = ["ftp://127.0.0.1:8529"]`,
		path: "endpoints[0]", want: []string{"must be scheme://host:port with scheme http, https, tcp, ssl, http+tcp or http+ssl, and no path"}},
	{name: "provider endpoint with a path", provider: `endpoints = ["http://127.0.0.1:8529/_db/x"]`,
		path: "endpoints[0]", want: []string{"must be scheme://host:port with scheme http, https, tcp, ssl, http+tcp or http+ssl, and no path"}},
	{name: "provider endpoint with a space", provider: `endpoints = ["http://db 1:8529"]`,
		path: "endpoints[0]", want: []string{"must be scheme://host:port"}},
	{name: "provider no endpoints", provider: `endpoints = []`,
		path: "endpoints", want: []string{"list must contain at least 1 elements, got: 0"}},
	{name: "provider jwt with password", provider: "jwt = \"t\"\n  password = \"p\"",
		path: `"jwt"`, want: []string{`cannot be specified when "password" is specified`}},
	{name: "provider negative max_retries", provider: `max_retries = -1`,
		path: "max_retries", want: []string{"value must be between 0 and 20, got: -1"}},
	{name: "provider max_retries too high", provider: `max_retries = 21`,
		path: "max_retries", want: []string{"value must be between 0 and 20, got: 21"}},
	{name: "provider unparsable request_timeout", provider: `request_timeout = "soon"`,
		path: "request_timeout", want: []string{"not a valid Go Time Duration string format", `such as "300ms", "-1.5h" or "2h45m"`}},
	{name: "provider negative request_timeout", provider: `request_timeout = "-5s"`,
		path: "request_timeout", want: []string{`request_timeout must be a positive duration such as "60s"; got "-5s"`}},
	{name: "provider unknown auth", provider: `auth = "kerberos"`,
		path: "auth", want: []string{`value must be one of: ["basic" "jwt"], got: "kerberos"`}},
	{name: "provider jwt login without a user", provider: `auth = "jwt"`,
		path: "auth", want: []string{"Logging in at /_open/auth needs username and password"}},
	{name: "provider ca_certificate no file", provider: `ca_certificate = "/nonexistent/ca.pem"`,
		path: "ca_certificate", want: []string{"neither PEM text nor a readable file", "Give PEM text", "or the path of a PEM file"}},
	{name: "provider ca_certificate without a certificate", provider: `ca_certificate = "-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----\n"`,
		path: "ca_certificate", want: []string{"holds no PEM certificate; give the CA's certificate"}},

	// data sources
	{name: "inventory empty database", config: `data "arangodb_replication_inventory" "this" { database = "" }`,
		path: "database", want: []string{"string length must be at least 1, got: 0"}},
	{name: "inventory collection with all_databases", config: `data "arangodb_replication_inventory" "this" {
  collection    = "orders"
  all_databases = true
}`, path: `"all_databases"`, want: []string{`cannot be specified when "collection" is specified`}},
	{name: "inventory all_databases outside _system", config: `data "arangodb_replication_inventory" "this" {
  database      = "shop"
  all_databases = true
}`, path: "all_databases = true", want: []string{"global inventory only from within _system", "Remove database, or set all_databases = false"}},
	{name: "inventory batch_ttl zero", config: `data "arangodb_replication_inventory" "this" { batch_ttl = 0 }`,
		path: "batch_ttl", want: []string{"value must be at least 1, got: 0"}},
	{name: "inventory empty dbserver", config: `data "arangodb_replication_inventory" "this" { dbserver = "" }`,
		path: "dbserver", want: []string{"string length must be at least 1, got: 0"}},
	{name: "logger state on a coordinator without dbserver", server: coordinator,
		config: `data "arangodb_replication_logger_state" "this" {}`,
		path:   "data.arangodb_replication_logger_state.this", want: []string{"talks to a coordinator, which forwards", "Set dbserver to the id of a DB server"}},
	{name: "inventory on a coordinator without dbserver", server: coordinator,
		config: `data "arangodb_replication_inventory" "this" {}`,
		path:   "data.arangodb_replication_inventory.this", want: []string{"talks to a coordinator, which forwards", "Set dbserver to the id of a DB server"}},
	{name: "cluster inventory empty database", config: `data "arangodb_cluster_inventory" "this" { database = "" }`,
		path: "database", want: []string{"string length must be at least 1, got: 0"}},
	{name: "logger state empty database", config: `data "arangodb_replication_logger_state" "this" { database = "" }`,
		path: "database", want: []string{"string length must be at least 1, got: 0"}},
	{name: "logger state empty dbserver", config: `data "arangodb_replication_logger_state" "this" { dbserver = "" }`,
		path: "dbserver", want: []string{"string length must be at least 1, got: 0"}},
	{name: "dump empty collection", config: `data "arangodb_replication_dump" "this" { collection = "" }`,
		path: "collection", want: []string{"string length must be at least 1, got: 0"}},
	{name: "dump chunk_size zero", config: `data "arangodb_replication_dump" "this" {
  collection = "orders"
  chunk_size = 0
}`, path: "chunk_size", want: []string{"value must be at least 1, got: 0"}},
	{name: "dump max_documents zero", config: `data "arangodb_replication_dump" "this" {
  collection    = "orders"
  max_documents = 0
}`, path: "max_documents", want: []string{"value must be at least 1, got: 0"}},
	{name: "dump on a coordinator without dbserver", server: coordinator,
		config: `data "arangodb_replication_dump" "this" { collection = "orders" }`,
		path:   "data.arangodb_replication_dump.this", want: []string{"talks to a coordinator, which forwards", "Set dbserver to the id of a DB server"}},
	{name: "statistics server id with a slash", config: `data "arangodb_cluster_statistics" "this" { server_id = "PRMR/1" }`,
		path: "server_id", want: []string{"must be a server id such as PRMR-"}},
	{name: "statistics on a single server", server: singleServer,
		config: `data "arangodb_cluster_statistics" "this" { server_id = "PRMR-1" }`,
		path:   "data.arangodb_cluster_statistics.this", want: []string{"The provider's endpoints point at a single server", "Point the provider's endpoints at the cluster's coordinators"}},
	{name: "health on a single server", server: singleServer,
		config: `data "arangodb_cluster_health" "this" {}`,
		path:   "data.arangodb_cluster_health.this", want: []string{"The provider's endpoints point at a single server", "Point the provider's endpoints at the cluster's coordinators"}},
	{name: "applier state global outside _system", config: `data "arangodb_replication_applier_state" "this" {
  database = "shop"
  global   = true
}`, path: "global = true", want: []string{`global = true needs database = "_system" (or no database); got "shop"`}},
	{name: "applier state empty database", config: `data "arangodb_replication_applier_state" "this" { database = "" }`,
		path: "database", want: []string{"string length must be at least 1, got: 0"}},

	// ephemeral resource
	{name: "dump batch ttl too short", config: `ephemeral "arangodb_replication_dump_batch" "this" { ttl = 1 }`,
		path: "ttl", want: []string{"value must be at least 2, got: 1"}, since: tfversion.Version1_10_0},
	{name: "dump batch empty database", config: `ephemeral "arangodb_replication_dump_batch" "this" { database = "" }`,
		path: "database", want: []string{"string length must be at least 1, got: 0"}, since: tfversion.Version1_10_0},

	// resources
	{name: "maintenance duration below a second", config: `resource "arangodb_cluster_maintenance" "this" { duration = "500ms" }`,
		path: `duration = "500ms"`, want: []string{"duration must be at least 1s"}},
	{name: "maintenance duration in fractions", config: `resource "arangodb_cluster_maintenance" "this" { duration = "1.5s" }`,
		path: `duration = "1.5s"`, want: []string{"ArangoDB takes duration in whole seconds"}},
	{name: "maintenance unparsable duration", config: `resource "arangodb_cluster_maintenance" "this" { duration = "an hour" }`,
		path: `duration = "an hour"`, want: []string{"not a valid Go Time Duration string format", `Valid time units are "ns"`}},
	{name: "maintenance on a single server", server: singleServer,
		config: `resource "arangodb_cluster_maintenance" "this" {}`,
		path:   "arangodb_cluster_maintenance.this", want: []string{"The provider's endpoints point at a single server", "Point the provider's endpoints at the cluster's coordinators"}},
	{name: "maintenance duration before 3.8.3", server: &arangotest.Options{Topology: "cluster", Version: "3.8.2"},
		config: `resource "arangodb_cluster_maintenance" "this" { duration = "90s" }`,
		path:   `duration = "90s"`, want: []string{"a duration of 90s needs 3.8.3 or later", `Set duration = "1h", or upgrade`}},
	{name: "dbserver maintenance server id with a slash", config: `resource "arangodb_dbserver_maintenance" "this" { server_id = "../PRMR-1" }`,
		path: "server_id", want: []string{"must be a server id such as PRMR-"}},
	{name: "dbserver maintenance zero duration", config: `resource "arangodb_dbserver_maintenance" "this" {
  server_id = "PRMR-1"
  duration  = "0s"
}`, path: `duration  = "0s"`, want: []string{"duration must be at least 1s"}},
	{name: "dbserver maintenance before 3.10.1", server: &arangotest.Options{Topology: "cluster", Version: "3.10.0"},
		config: `resource "arangodb_dbserver_maintenance" "this" { server_id = "PRMR-1" }`,
		path:   "arangodb_dbserver_maintenance.this", want: []string{"ArangoDB 3.10.0, which has no /_admin/cluster/maintenance/{id}", "Upgrade, or use arangodb_cluster_maintenance"}},
	{name: "sync without confirmation", config: `resource "arangodb_replication_sync" "this" { endpoint = "tcp://leader:8529" }`,
		path: "arangodb_replication_sync.this", want: []string{"Set confirm_replace_local_data = true to allow it; until then nothing is sent"}},
	{name: "sync ftp endpoint", config: syncWith(`endpoint = "ftp://leader:8529"`),
		path: "endpoint", want: []string{"must be scheme://host:port with scheme http, https, tcp, ssl, http+tcp or http+ssl, and no path"}},
	{name: "sync password without username", config: syncWith(`endpoint = "tcp://leader:8529"`, `password = "p"`),
		path: `"username"`, want: []string{`must be specified when "password" is specified`}},
	{name: "sync password and password_wo", config: syncWith(`endpoint = "tcp://leader:8529"`, `username = "u"`, `password = "p"`,
		`password_wo = "q"`, `password_wo_version = 1`),
		path: `"password_wo"`, want: []string{`cannot be specified when "password" is specified`}, since: tfversion.Version1_11_0},
	{name: "sync unknown restrict_type", config: syncWith(`endpoint = "tcp://leader:8529"`, `restrict_type = "only"`, `restrict_collections = ["a"]`),
		path: "restrict_type", want: []string{`value must be one of: ["include" "exclude"], got: "only"`}},
	{name: "sync restrict_type without collections", config: syncWith(`endpoint = "tcp://leader:8529"`, `restrict_type = "include"`),
		path: `"restrict_collections"`, want: []string{`must be specified when "restrict_type" is specified`}},
	{name: "sync empty restrict_collections", config: syncWith(`endpoint = "tcp://leader:8529"`, `restrict_type = "include"`, `restrict_collections = []`),
		path: "restrict_collections", want: []string{"set must contain at least 1 elements, got: 0"}},
	{name: "sync wait time zero", config: syncWith(`endpoint = "tcp://leader:8529"`, `initial_sync_max_wait_time = "0s"`),
		path: "initial_sync_max_wait_time", want: []string{"initial_sync_max_wait_time must be at least 1s"}},
	{name: "sync on a coordinator", server: coordinator, config: syncWith(`endpoint = "tcp://leader:8529"`),
		path: "arangodb_replication_sync.this", want: []string{"a coordinator does not run replication syncs",
			"point the provider at a single server"}},
	{name: "sync on 3.12.10", server: single3_12_10, config: syncWith(`endpoint = "tcp://leader:8529"`),
		path: "arangodb_replication_sync.this", want: []string{"removed it (gone from 3.12.10)",
			"use arangodump and arangorestore, or a server up to 3.12.9"}},
	{name: "applier endpoint without scheme", config: applierWith(`endpoint = "leader:8529"`),
		path: "endpoint", want: []string{"must be scheme://host:port"}},
	{name: "applier from_tick not a number", config: applierWith(`endpoint = "tcp://leader:8529"`, `from_tick = "latest"`),
		path: "from_tick", want: []string{"must be a tick: a positive decimal number"}},
	{name: "applier from_tick beyond uint64", config: applierWith(`endpoint = "tcp://leader:8529"`, `from_tick = "18446744073709551616"`),
		path: `from_tick = "18446744073709551616"`, want: []string{"from_tick must be a tick (a decimal number below 2^64)"}},
	{name: "applier without a start tick", config: applierWith(`endpoint = "tcp://leader:8529"`),
		path: "arangodb_replication_applier.this", want: []string{"stops the applier at once with errorNum 1413 (no start tick)",
			"set from_tick (the leader's lastLogTick), initial_sync, or auto_resync"}},
	{name: "applier following itself", config: applierWith(`endpoint = "{{self}}"`, `from_tick = "12"`), server: singleServer,
		path: "endpoint", want: []string{"is the provider's own endpoint",
			"ArangoDB refuses to replicate from itself (errorNum 1405)", "Set endpoint to the leader's endpoint"}},
	{name: "sync from itself", config: `resource "arangodb_replication_sync" "this" {
  endpoint                   = "{{self}}"
  confirm_replace_local_data = true
}`, server: singleServer,
		path: "endpoint", want: []string{"is the provider's own endpoint", "ArangoDB refuses to replicate from itself (errorNum 1405)"}},
	{name: "applier from_tick with initial_sync", config: applierWith(`endpoint = "tcp://leader:8529"`, `from_tick = "12"`, `initial_sync = true`),
		path: `from_tick = "12"`, want: []string{"leave from_tick out with initial_sync = true"}},
	{name: "applier global outside _system", config: applierWith(`endpoint = "tcp://leader:8529"`, `database = "shop"`, `global = true`),
		path: "global = true", want: []string{`global = true needs database = "_system" (or no database); got "shop"`}},
	{name: "applier global with leader_database", config: applierWith(`endpoint = "tcp://leader:8529"`, `global = true`, `leader_database = "shop"`),
		path: `leader_database = "shop"`, want: []string{"leave it out with global = true"}},
	{name: "applier zero connect_timeout", config: applierWith(`endpoint = "tcp://leader:8529"`, `connect_timeout = "0s"`),
		path: `connect_timeout = "0s"`, want: []string{"connect_timeout must be greater than zero"}},
	{name: "applier unparsable idle_max_wait_time", config: applierWith(`endpoint = "tcp://leader:8529"`, `idle_max_wait_time = "long"`),
		path: `idle_max_wait_time = "long"`, want: []string{"not a valid Go Time Duration string format", `Valid time units are "ns"`}},
	{name: "applier negative max_connect_retries", config: applierWith(`endpoint = "tcp://leader:8529"`, `max_connect_retries = -1`),
		path: "max_connect_retries", want: []string{"value must be at least 0, got: -1"}},
	{name: "applier max_packet_size zero", config: applierWith(`endpoint = "tcp://leader:8529"`, `max_packet_size = 0`),
		path: "max_packet_size", want: []string{"value must be at least 1, got: 0"}},
	{name: "applier unknown restrict_type", config: applierWith(`endpoint = "tcp://leader:8529"`, `restrict_type = "all"`, `restrict_collections = ["a"]`),
		path: "restrict_type", want: []string{`value must be one of: ["include" "exclude"], got: "all"`}},
	{name: "applier password_wo without version", config: applierWith(`endpoint = "tcp://leader:8529"`, `username = "u"`, `password_wo = "q"`),
		path: `"password_wo_version"`, want: []string{`must be specified when "password_wo" is specified`}, since: tfversion.Version1_11_0},
	{name: "applier on a coordinator", server: coordinator, config: applierWith(`endpoint = "tcp://leader:8529"`, `from_tick = "1"`),
		path: "arangodb_replication_applier.this", want: []string{"appliers run on single servers and DB servers, not on a coordinator",
			"point the provider at the server that should follow the leader"}},
	// rolling upgrades: cluster lifecycle objects
	{name: "provider discover_endpoints not a bool", provider: `discover_endpoints = "maybe"`,
		path: "discover_endpoints", want: []string{"a bool is required"}},
	{name: "cluster member server with a slash", config: `data "arangodb_cluster_member" "this" { server = "PRMR/1" }`,
		path: "server", want: []string{"must be a server id such as PRMR-", "or a short name such as DBServer0001"}},
	{name: "cluster member unknown server", server: coordinator, config: `data "arangodb_cluster_member" "this" { server = "DBServer0009" }`,
		path: `server = "DBServer0009"`, want: []string{`server is "DBServer0009", which is neither the id nor the short name`,
			"Its members of role DBServer or Coordinator are: DBServer0001"}},
	{name: "cluster member on a single server", server: singleServer, config: `data "arangodb_cluster_member" "this" { server = "DBServer0001" }`,
		path: "data.arangodb_cluster_member.this", want: []string{"The provider's endpoints point at a single server"}},
	{name: "cluster endpoints on a DB server", server: members, member: "dbserver", config: `data "arangodb_cluster_endpoints" "this" {}`,
		path: "data.arangodb_cluster_endpoints.this", want: []string{"The provider's endpoints point at a DB server (role PRIMARY",
			"Point the provider's endpoints at the cluster's coordinators"}},
	{name: "cluster ready empty members", config: `data "arangodb_cluster_ready" "this" { members = [] }`,
		path: "members", want: []string{"list must contain at least 1 elements, got: 0"}},
	{name: "cluster ready bad job id", config: `data "arangodb_cluster_ready" "this" { job_ids = ["job-1"] }`,
		path: "job_ids", want: []string{"must be an Agency job id: digits, such as 2010093"}},
	{name: "cluster ready unparsable timeout", config: `data "arangodb_cluster_ready" "this" { timeout = "soon" }`,
		path: `timeout = "soon"`, want: []string{"not a valid Go Time Duration string format"}},
	{name: "cluster ready negative timeout", config: `data "arangodb_cluster_ready" "this" { timeout = "-1s" }`,
		path: "timeout", want: []string{"timeout must be at least 0s"}},
	{name: "cluster ready empty database", config: `data "arangodb_cluster_ready" "this" { databases = [""] }`,
		path: "databases", want: []string{"string length must be at least 1, got: 0"}},
	{name: "cluster ready jobs before 3.10", server: &arangotest.Options{Topology: "cluster", Version: "3.9.11"},
		config: `data "arangodb_cluster_ready" "this" {}`,
		path:   "data.arangodb_cluster_ready.this", want: []string{"ArangoDB 3.9.11 has no GET /_admin/cluster/rebalance", "Set check_jobs = false"}},
	{name: "cluster ready on a single server", server: singleServer, config: `data "arangodb_cluster_ready" "this" {}`,
		path: "data.arangodb_cluster_ready.this", want: []string{"The provider's endpoints point at a single server"}},
	{name: "leadership server with a slash", config: `resource "arangodb_dbserver_leadership" "this" { server = "../PRMR-1" }`,
		path: "server", want: []string{"must be a server id such as PRMR-"}},
	{name: "leadership unknown server", server: coordinator, config: `resource "arangodb_dbserver_leadership" "this" { server = "PRMR-nobody" }`,
		path: `server = "PRMR-nobody"`, want: []string{"neither the id nor the short name of a member", "DBServer0001 (PRMR-"}},
	{name: "leadership of a coordinator", server: coordinator, config: `resource "arangodb_dbserver_leadership" "this" { server = "Coordinator0001" }`,
		path: `server = "Coordinator0001"`, want: []string{"server names Coordinator0001", "a Coordinator; it must name a DBServer"}},
	{name: "leadership on a single server", server: singleServer, config: `resource "arangodb_dbserver_leadership" "this" { server = "DBServer0001" }`,
		path: "arangodb_dbserver_leadership.this", want: []string{"The provider's endpoints point at a single server"}},
	{name: "leadership on a DB server", server: members, member: "dbserver", config: `resource "arangodb_dbserver_leadership" "this" { server = "DBServer0001" }`,
		path: "arangodb_dbserver_leadership.this", want: []string{"The provider's endpoints point at a DB server (role PRIMARY"}},
	{name: "drain server with a slash", config: `resource "arangodb_dbserver_drain" "this" { server = "DBServer/1" }`,
		path: "server", want: []string{"must be a server id such as PRMR-"}},
	{name: "drain unknown server", server: coordinator, config: `resource "arangodb_dbserver_drain" "this" { server = "DBServer0004" }`,
		path: `server = "DBServer0004"`, want: []string{"neither the id nor the short name of a member", "DBServer0003 (PRMR-"}},
	{name: "drain a coordinator", server: coordinator, config: `resource "arangodb_dbserver_drain" "this" { server = "Coordinator0001" }`,
		path: `server = "Coordinator0001"`, want: []string{"a Coordinator; it must name a DBServer"}},
	{name: "drain the last DB server", server: &arangotest.Options{Topology: "cluster", DBServers: 1},
		config: `resource "arangodb_dbserver_drain" "this" { server = "DBServer0001" }`,
		path:   `server = "DBServer0001"`, want: []string{"is the only DB server that is neither FAILED nor cleaned out", "Add a DB server first"}},
	{name: "drain below the replication factor", server: &arangotest.Options{Topology: "cluster", DBServers: 2},
		config: `resource "arangodb_dbserver_drain" "this" { server = "DBServer0002" }`,
		path:   `server = "DBServer0002"`, want: []string{"only 1 DB server would remain", "_system/_analyzers",
			"need replication factor 2", "Add a DB server first, or lower those replication factors"}},
	{name: "drain on a single server", server: singleServer, config: `resource "arangodb_dbserver_drain" "this" { server = "DBServer0001" }`,
		path: "arangodb_dbserver_drain.this", want: []string{"The provider's endpoints point at a single server"}},
	// shard balance
	{name: "rebalance max_moves zero", config: `resource "arangodb_cluster_rebalance" "this" { max_moves = 0 }`,
		path: "max_moves", want: []string{"value must be between 1 and 5000, got: 0"}},
	{name: "rebalance max_moves above ArangoDB's cap", config: `resource "arangodb_cluster_rebalance" "this" { max_moves = 5001 }`,
		path: "max_moves", want: []string{"value must be between 1 and 5000, got: 5001"}},
	{name: "rebalance empty excluded database", config: `resource "arangodb_cluster_rebalance" "this" { databases_excluded = [""] }`,
		path: "databases_excluded", want: []string{"string length must be at least 1, got: 0"}},
	{name: "rebalance before 3.10", server: &arangotest.Options{Topology: "cluster", Version: "3.9.11"},
		config: `resource "arangodb_cluster_rebalance" "this" {}`,
		path:   "arangodb_cluster_rebalance.this", want: []string{"The cluster runs ArangoDB 3.9.11, which has no /_admin/cluster/rebalance",
			"use resource arangodb_shard_move"}},
	{name: "rebalance on a single server", server: singleServer, config: `resource "arangodb_cluster_rebalance" "this" {}`,
		path: "arangodb_cluster_rebalance.this", want: []string{"The provider's endpoints point at a single server"}},
	{name: "imbalance before 3.10", server: &arangotest.Options{Topology: "cluster", Version: "3.9.11"},
		config: `data "arangodb_cluster_imbalance" "this" {}`,
		path:   "data.arangodb_cluster_imbalance.this", want: []string{"which has no /_admin/cluster/rebalance"}},
	{name: "shard move empty database", config: `resource "arangodb_shard_move" "this" {
  database    = ""
  collection  = "c"
  shard       = "s1"
  from_server = "DBServer0001"
  to_server   = "DBServer0002"
}`, path: "database", want: []string{"string length must be at least 1, got: 0"}},
	{name: "shard move server with a slash", config: `resource "arangodb_shard_move" "this" {
  database    = "shop"
  collection  = "c"
  shard       = "s1"
  from_server = "DBServer/1"
  to_server   = "DBServer0002"
}`, path: "from_server", want: []string{"must be a server id such as PRMR-"}},
	{name: "shard move unknown database", server: coordinator, config: `resource "arangodb_shard_move" "this" {
  database    = "nodb"
  collection  = "c"
  shard       = "s1"
  from_server = "DBServer0001"
  to_server   = "DBServer0002"
}`, path: `database    = "nodb"`, want: []string{`database is "nodb", which this cluster does not have`}},
	{name: "shard move unknown server", server: coordinator, config: `resource "arangodb_shard_move" "this" {
  database    = "_system"
  collection  = "_graphs"
  shard       = "s1"
  from_server = "DBServer0001"
  to_server   = "DBServer0007"
}`, path: `to_server   = "DBServer0007"`, want: []string{"neither the id nor the short name of a member"}},
	{name: "DB server maintenance unknown server", server: &arangotest.Options{Topology: "cluster"}, config: `resource "arangodb_dbserver_maintenance" "this" {
  server_id = "PRMR-nope"
}`, path: `server_id = "PRMR-nope"`, want: []string{`server_id is "PRMR-nope"`, "Its members of role DBServer are"}},
	{name: "DB server maintenance short name", server: &arangotest.Options{Topology: "cluster"}, config: `resource "arangodb_dbserver_maintenance" "this" {
  server_id = "DBServer0001"
}`, path: `server_id = "DBServer0001"`, want: []string{`server_id is "DBServer0001", the short name of`, "Set server_id ="}},
	{name: "negative timeout", config: `resource "arangodb_cluster_maintenance" "this" {
  timeouts {
    create = "-1h"
  }
}`, path: `create = "-1h"`, want: []string{`timeouts.create is -1h`, "give a positive duration"}},
	{name: "server count zero", config: `resource "arangodb_cluster_server_count" "this" { db_servers = 0 }`,
		path: "db_servers", want: []string{"value must be at least 1, got: 0"}},
	{name: "server count on a single server", server: singleServer, config: `resource "arangodb_cluster_server_count" "this" { db_servers = 3 }`,
		path: "arangodb_cluster_server_count.this", want: []string{"The provider's endpoints point at a single server"}},
	// pointed at a DB server or an agent instead of the coordinators
	{name: "health on a DB server", server: members, member: "dbserver", config: `data "arangodb_cluster_health" "this" {}`,
		path: "data.arangodb_cluster_health.this", want: []string{"The provider's endpoints point at a DB server (role PRIMARY",
			"Point the provider's endpoints at the cluster's coordinators"}},
	{name: "statistics on an agent", server: members, member: "agent", config: `data "arangodb_cluster_statistics" "this" { server_id = "PRMR-1" }`,
		path: "data.arangodb_cluster_statistics.this", want: []string{"The provider's endpoints point at an agent (role AGENT",
			"Point the provider's endpoints at the cluster's coordinators"}},
	{name: "cluster inventory on a DB server", server: members, member: "dbserver", config: `data "arangodb_cluster_inventory" "this" {}`,
		path: "data.arangodb_cluster_inventory.this", want: []string{"The provider talks to a DB server (role PRIMARY)",
			"Point the provider at the coordinators, or use data source arangodb_replication_inventory"}},
	{name: "maintenance on an agent", server: members, member: "agent", config: `resource "arangodb_cluster_maintenance" "this" {}`,
		path: "arangodb_cluster_maintenance.this", want: []string{"The provider's endpoints point at an agent (role AGENT",
			"Point the provider's endpoints at the cluster's coordinators"}},
	{name: "dbserver maintenance on a DB server", server: members, member: "dbserver",
		config: `resource "arangodb_dbserver_maintenance" "this" { server_id = "PRMR-1" }`,
		path:   "arangodb_dbserver_maintenance.this", want: []string{"The provider's endpoints point at a DB server (role PRIMARY",
			"Point the provider's endpoints at the cluster's coordinators"}},
	{name: "sync on an agent", server: members, member: "agent", config: syncWith(`endpoint = "tcp://leader:8529"`),
		path: "arangodb_replication_sync.this", want: []string{"an agent does not run replication syncs",
			"point the provider at a single server"}},
	{name: "applier on an agent", server: members, member: "agent", config: applierWith(`endpoint = "tcp://leader:8529"`, `from_tick = "1"`),
		path: "arangodb_replication_applier.this", want: []string{"appliers run on single servers and DB servers, not on an agent",
			"point the provider at the server that should follow the leader"}},
	{name: "applier on 3.12.10", server: single3_12_10, config: applierWith(`endpoint = "tcp://leader:8529"`, `from_tick = "1"`),
		path: "arangodb_replication_applier.this", want: []string{"removed the applier API (gone from 3.12.10)",
			"stay on 3.12.9 or earlier"}},

	// issue 17: databases
	{name: "database empty name", config: `resource "arangodb_database" "this" { name = "" }`,
		path: "name", want: []string{`name "" is empty; ArangoDB refuses such names (errorNum 1229, or 1208 from 3.11)`}},
	{name: "database name starting with a digit", config: `resource "arangodb_database" "this" { name = "1shop" }`,
		path: "name", want: []string{`name "1shop" starts with a digit, _, . or a space`}},
	{name: "database system name", config: `resource "arangodb_database" "this" { name = "_shop" }`,
		path: "name", want: []string{`name "_shop" starts with a digit, _, . or a space`}},
	{name: "database name with a slash", config: `resource "arangodb_database" "this" { name = "a/b" }`,
		path: "name", want: []string{`name "a/b" contains / or :`}},
	{name: "database name with a space before 3.12", config: `resource "arangodb_database" "this" { name = "shop one" }`,
		server: &arangotest.Options{Version: "3.11.14"}, path: "name", want: []string{`name "shop one" is an extended name`, "ArangoDB 3.11.14 takes those only when started with --database.extended-names=true",
			"Use letters, digits, _ and -"}},
	{name: "database name with an umlaut before 3.12", config: `resource "arangodb_database" "this" { name = "grün" }`,
		server: &arangotest.Options{Version: "3.10.14"}, path: "name", want: []string{`name "grün" is an extended name`, "(errorNum 1229, or 1208 from 3.11)"}},
	{name: "database replication_factor zero", config: `resource "arangodb_database" "this" {
  name               = "shop"
  replication_factor = 0
}`, path: "replication_factor", want: []string{"value must be at least 1, got: 0"}},
	{name: "database replication_factor with satellite", config: `resource "arangodb_database" "this" {
  name               = "shop"
  replication_factor = 2
  satellite          = true
}`, path: "replication_factor = 2", want: []string{`replication_factor cannot be given when satellite = true`}},
	{name: "database write_concern zero", config: `resource "arangodb_database" "this" {
  name          = "shop"
  write_concern = 0
}`, path: "write_concern", want: []string{"value must be at least 1, got: 0"}},
	{name: "database unknown sharding", config: `resource "arangodb_database" "this" {
  name     = "shop"
  sharding = "none"
}`, path: "sharding", want: []string{`value must be one of: ["flexible" "single"], got: "none"`}},
	{name: "database cluster option on a single server", server: singleServer, config: `resource "arangodb_database" "this" {
  name               = "shop"
  replication_factor = 2
}`, path: "replication_factor = 2", want: []string{"replication_factor is an option of cluster databases", "Remove replication_factor, or point the provider at a cluster's coordinators"}},
	{name: "database satellite on the Community Edition", server: &arangotest.Options{Topology: "cluster", License: "community", Version: "3.11.14"},
		config: `resource "arangodb_database" "this" {
  name      = "shop"
  satellite = true
}`, path: "satellite = true", want: []string{"The Community Edition of ArangoDB 3.11.14 has no SatelliteCollections", "Remove satellite, or set replication_factor"}},
	{name: "database on a DB server", server: members, member: "dbserver", config: `resource "arangodb_database" "this" { name = "shop" }`,
		path: "arangodb_database.this", want: []string{"databases are created through a single server or a cluster's coordinators, not a DB server"}},

	// issue 17: users
	{name: "user empty name", config: `resource "arangodb_user" "this" { name = "" }`,
		path: "name", want: []string{"name must not be empty; ArangoDB refuses an empty user name"}},
	{name: "user name with a slash", config: `resource "arangodb_user" "this" { name = "ops/app" }`,
		path: "name", want: []string{`name "ops/app" contains /; the user is a path segment of ArangoDB's API`}},
	{name: "user extra not JSON", config: `resource "arangodb_user" "this" {
  name  = "app"
  extra = "team=ops"
}`, path: "extra", want: []string{"extra must be the text of a JSON object, such as jsonencode"}},
	{name: "user extra an array", config: `resource "arangodb_user" "this" {
  name  = "app"
  extra = jsonencode(["ops"])
}`, path: "extra", want: []string{"extra must be the text of a JSON object"}},
	{name: "user extra empty", config: `resource "arangodb_user" "this" {
  name  = "app"
  extra = jsonencode({})
}`, path: "extra", want: []string{"extra must hold at least one key: ArangoDB ignores an empty object"}},
	{name: "user password and password_wo", config: `resource "arangodb_user" "this" {
  name                = "app"
  password            = "p"
  password_wo         = "q"
  password_wo_version = 1
}`, path: `"password_wo"`, want: []string{`cannot be specified when "password" is specified`}, since: tfversion.Version1_11_0},
	{name: "user password_wo without version", config: `resource "arangodb_user" "this" {
  name        = "app"
  password_wo = "q"
}`, path: `"password_wo_version"`, want: []string{`must be specified when "password_wo" is specified`}, since: tfversion.Version1_11_0},
	{name: "user password_wo_version alone", config: `resource "arangodb_user" "this" {
  name                = "app"
  password_wo_version = 1
}`, path: `"password_wo"`, want: []string{`must be specified when "password_wo_version" is specified`}},

	// issue 17: grants
	{name: "database access unknown grant", config: `resource "arangodb_database_access" "this" {
  user     = "app"
  database = "shop"
  grant    = "admin"
}`, path: "grant", want: []string{`value must be one of: ["rw" "ro" "none"], got: "admin"`}},
	{name: "database access invalid database", config: `resource "arangodb_database_access" "this" {
  user     = "app"
  database = "_x"
  grant    = "ro"
}`, path: "database", want: []string{`database "_x" starts with a digit, _, . or a space`, `"*" stands for every database`}},
	{name: "database access empty user", config: `resource "arangodb_database_access" "this" {
  user     = ""
  database = "shop"
  grant    = "ro"
}`, path: "user", want: []string{"user must not be empty"}},
	{name: "collection access unknown grant", config: `resource "arangodb_collection_access" "this" {
  user       = "app"
  database   = "shop"
  collection = "orders"
  grant      = "write"
}`, path: "grant", want: []string{`value must be one of: ["rw" "ro" "none"], got: "write"`}},
	{name: "collection access system collection", config: `resource "arangodb_collection_access" "this" {
  user       = "app"
  database   = "shop"
  collection = "_graphs"
  grant      = "ro"
}`, path: "collection", want: []string{`collection "_graphs" is a system collection`, "Grant on the database instead"}},
	{name: "collection access all databases", config: `resource "arangodb_collection_access" "this" {
  user       = "app"
  database   = "*"
  collection = "*"
  grant      = "ro"
}`, path: "database", want: []string{`database is "*", which here names no database; give one database's name`}},
	{name: "collection access empty collection", config: `resource "arangodb_collection_access" "this" {
  user       = "app"
  database   = "shop"
  collection = ""
  grant      = "ro"
}`, path: "collection", want: []string{`must be a collection name (not empty, without /) or "*"`}},

	// issue 17: server mode
	{name: "server mode unknown", config: `resource "arangodb_server_mode" "this" { mode = "maintenance" }`,
		path: "mode", want: []string{`value must be one of: ["readonly" "default"], got: "maintenance"`}},
	{name: "server mode capitalised", config: `resource "arangodb_server_mode" "this" { mode = "ReadOnly" }`,
		path: "mode", want: []string{`value must be one of: ["readonly" "default"], got: "ReadOnly"`}},
	{name: "server mode on an agent", server: members, member: "agent", config: `resource "arangodb_server_mode" "this" { mode = "readonly" }`,
		path: "arangodb_server_mode.this", want: []string{"set the mode through a single server or a cluster's coordinators", "not an agent"}},

	// issue 17: hot backups
	{name: "hot backup label with a slash", config: `resource "arangodb_hot_backup" "this" { label = "a/b" }`,
		path: "label", want: []string{"must not be empty or hold / or white space"}},
	{name: "hot backup empty label", config: `resource "arangodb_hot_backup" "this" { label = "" }`,
		path: "label", want: []string{"must not be empty or hold / or white space"}},
	{name: "hot backup timeout below a second", config: `resource "arangodb_hot_backup" "this" { timeout = "500ms" }`,
		path: `timeout = "500ms"`, want: []string{"timeout must be at least 1s"}},
	{name: "hot backup timeout in fractions", config: `resource "arangodb_hot_backup" "this" { timeout = "1.5s" }`,
		path: `timeout = "1.5s"`, want: []string{"ArangoDB takes timeout in whole seconds"}},
	{name: "hot backup on the Community Edition", server: &arangotest.Options{License: "community", Version: "3.11.14"},
		config: `resource "arangodb_hot_backup" "this" {}`, path: "arangodb_hot_backup.this",
		want: []string{"the Community Edition has hot backups only from ArangoDB 3.12.5", "Use arangodump instead"}},
	{name: "hot backup on a DB server", server: members, member: "dbserver",
		config: `resource "arangodb_hot_backup" "this" {}`, path: "arangodb_hot_backup.this",
		want: []string{"hot backups are taken through a single server or a cluster's coordinators, not a DB server"}},
	{name: "hot backups on the Community Edition", server: &arangotest.Options{License: "community", Version: "3.10.14"},
		config: `data "arangodb_hot_backups" "this" {}`, path: "data.arangodb_hot_backups.this",
		want: []string{"the Community Edition has hot backups only from ArangoDB 3.12.5"}},

	// issue 17: waiting for a tick
	{name: "applier state wait_for_tick not a tick", config: `data "arangodb_replication_applier_state" "this" { wait_for_tick = "latest" }`,
		path: "wait_for_tick", want: []string{"must be a tick: a positive decimal number"}},
	{name: "applier state wait_for_tick beyond uint64", config: `data "arangodb_replication_applier_state" "this" { wait_for_tick = "18446744073709551616" }`,
		path: "wait_for_tick", want: []string{"wait_for_tick must be a tick (a decimal number below 2^64)"}},
	{name: "applier state timeout without wait_for_tick", config: `data "arangodb_replication_applier_state" "this" { timeout = "1m" }`,
		path: `"wait_for_tick"`, want: []string{`must be specified when "timeout" is specified`}},
	{name: "applier state timeout zero", config: `data "arangodb_replication_applier_state" "this" {
  wait_for_tick = "12"
  timeout       = "0s"
}`, path: `timeout       = "0s"`, want: []string{"timeout must be greater than zero"}},
}

func syncWith(lines ...string) string {
	return "resource \"arangodb_replication_sync\" \"this\" {\n  confirm_replace_local_data = true\n  " + strings.Join(lines, "\n  ") + "\n}\n"
}

func applierWith(lines ...string) string {
	return "resource \"arangodb_replication_applier\" \"this\" {\n  " + strings.Join(lines, "\n  ") + "\n}\n"
}

// Every row fails at validate or plan (PlanOnly: nothing is applied), with
// the attribute and what is allowed. Rows without a server point the
// provider at a dead address: they must fail before any request.
func TestAccBadInputMatrix(t *testing.T) {
	if len(badInputs) < 40 {
		t.Fatalf("the matrix has %d rows; the issue asks for at least 40", len(badInputs))
	}
	for _, tc := range badInputs {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var config string
			switch {
			case tc.provider != "":
				body := tc.provider
				if !strings.HasPrefix(body, "endpoints") {
					body = "endpoints = [\"http://127.0.0.1:1\"]\n  " + body
				}
				config = "provider \"arangodb\" {\n  " + body + "\n}\ndata \"arangodb_server\" \"this\" {}\n"
			case tc.server != nil:
				if realServer() {
					t.Skip("needs an emulated deployment of a given role and version")
				}
				tg := newTarget(t, *tc.server)
				switch tc.member {
				case "dbserver":
					tg.Endpoints = tg.Emu.DBServerURLs()[:1]
				case "agent":
					tg.Endpoints = tg.Emu.AgentURLs()[:1]
				}
				// {{self}}: the provider's own endpoint, as a leader spells it.
				config = tg.provider() + strings.ReplaceAll(tc.config, "{{self}}", "tcp://"+strings.TrimPrefix(tg.Endpoints[0], "http://"))
			default:
				config = providerBlock([]string{deadAddress(t)}) + tc.config
			}
			var checks []tfversion.TerraformVersionCheck
			if tc.since != nil {
				checks = append(checks, tfversion.SkipBelow(tc.since))
			}
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				TerraformVersionChecks:   checks,
				Steps: []resource.TestStep{{
					Config:      config,
					PlanOnly:    true,
					ExpectError: errorRE(append([]string{tc.path}, tc.want...)...),
				}},
			})
		})
	}
}
