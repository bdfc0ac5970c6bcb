package arangodb

import (
	"context"
	"encoding/json"
	"net/http"
	"strconv"
)

// Collection types of ArangoDB.
const (
	CollectionTypeDocument = 2
	CollectionTypeEdge     = 3
)

// Inventory is the answer of GET /_api/replication/inventory: collections and
// views of one database, or with Global of every database (Databases).
type Inventory struct {
	Collections []InventoryCollection        `json:"collections"`
	Views       []View                       `json:"views"`
	Databases   map[string]DatabaseInventory `json:"databases"`
	State       LoggerTickState              `json:"state"`
	Tick        string                       `json:"tick" tick:"required"`
	ReadFrom    string                       `json:"-"` // the client's endpoint that answered
}

// DatabaseInventory is one database of a global inventory.
type DatabaseInventory struct {
	Collections []InventoryCollection `json:"collections"`
	Views       []View                `json:"views"`
}

// LoggerTickState is the "state" object of logger-state and inventory.
type LoggerTickState struct {
	Running                bool        `json:"running"`
	LastLogTick            string      `json:"lastLogTick" tick:"required"`
	LastUncommittedLogTick string      `json:"lastUncommittedLogTick" tick:"required"`
	TotalEvents            json.Number `json:"totalEvents"`
	Time                   string      `json:"time"`
}

// InventoryCollection is one collection of an inventory. IsReady, AllInSync,
// PlanVersion and ShardsInSync come only with the cluster inventory.
type InventoryCollection struct {
	Parameters  CollectionParameters `json:"parameters"`
	Indexes     []Index              `json:"indexes"`
	PlanVersion int64                `json:"planVersion"`
	IsReady     bool                 `json:"isReady"`
	AllInSync   bool                 `json:"allInSync"`
	// ShardsInSync: per shard, whether Current has the planned leader and
	// as many followers as the Plan (ClusterInventory fills it).
	ShardsInSync map[string]bool `json:"-"`
}

// CollectionParameters is what the provider reads of a collection's
// properties. The cluster fields are empty on single servers.
type CollectionParameters struct {
	ID                string    `json:"id"`
	Name              string    `json:"name"`
	Type              int       `json:"type"`
	IsSystem          bool      `json:"isSystem"`
	WaitForSync       bool      `json:"waitForSync"`
	Deleted           bool      `json:"deleted"`
	NumberOfShards    int64     `json:"numberOfShards"`
	ReplicationFactor TextValue `json:"replicationFactor"` // a number or "satellite"
	WriteConcern      int64     `json:"writeConcern"`
	// MinReplicationFactor is writeConcern's name before 3.6, still sent.
	MinReplicationFactor int64               `json:"minReplicationFactor"`
	ShardingStrategy     string              `json:"shardingStrategy"`
	ShardKeys            []string            `json:"shardKeys"`
	Shards               map[string][]string `json:"shards"` // shard -> servers, leader first
	DistributeShardsLike string              `json:"distributeShardsLike"`
	// Enterprise: SmartGraph and SmartJoin collections.
	IsSmart             bool   `json:"isSmart"`
	IsSmartChild        bool   `json:"isSmartChild"`
	IsDisjoint          bool   `json:"isDisjoint"`
	SmartGraphAttribute string `json:"smartGraphAttribute"`
	SmartJoinAttribute  string `json:"smartJoinAttribute"`
}

// ReplicationFactorNumber is the replication factor as a number; false
// for "satellite" (a copy on every DB server) or none.
func (p CollectionParameters) ReplicationFactorNumber() (int, bool) {
	n, err := strconv.Atoi(string(p.ReplicationFactor))
	return n, err == nil
}

// TypeName is "document" or "edge".
func (p CollectionParameters) TypeName() string {
	if p.Type == CollectionTypeEdge {
		return "edge"
	}
	return "document"
}

// Index is an index of an inventory (ArangoDB leaves out primary and edge indexes).
type Index struct {
	ID     string   `json:"id"`
	Type   string   `json:"type"`
	Fields []string `json:"fields"`
	Unique bool     `json:"unique"`
	Sparse bool     `json:"sparse"`
}

// View is a view of an inventory.
type View struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	Type string `json:"type"`
}

// TextValue keeps a JSON string or number as its text.
type TextValue string

// UnmarshalJSON accepts a string, a number or null.
func (t *TextValue) UnmarshalJSON(b []byte) error {
	var s string
	if json.Unmarshal(b, &s) == nil {
		*t = TextValue(s)
		return nil
	}
	var n json.Number
	if err := json.Unmarshal(b, &n); err != nil {
		if string(b) == "null" {
			*t = ""
			return nil
		}
		return err
	}
	*t = TextValue(n.String())
	return nil
}

// InventoryOptions select what an inventory lists.
type InventoryOptions struct {
	Database      string
	DBServer      string // required on a coordinator: the DB server that answers (it lists its shards)
	IncludeSystem bool
	Global        bool   // every database; only from _system
	Collection    string // only this collection
}

// Inventory reads GET /_api/replication/inventory in a batch.
func (c *Client) Inventory(ctx context.Context, batchID string, opts InventoryOptions) (*Inventory, error) {
	q := batchQuery(opts.DBServer)
	q.Set("batchId", batchID)
	q.Set("includeSystem", strconv.FormatBool(opts.IncludeSystem))
	if opts.Global {
		q.Set("global", "true")
	}
	if opts.Collection != "" {
		q.Set("collection", opts.Collection)
	}
	var inv Inventory
	resp, err := c.getJSON(ctx, Request{Method: http.MethodGet, Database: opts.Database,
		Path: "/_api/replication/inventory", Query: q}, &inv)
	if err != nil {
		return nil, err
	}
	inv.ReadFrom = resp.Endpoint
	return &inv, nil
}

// InventoryInBatch reads an inventory in its own short batch (create,
// inventory, delete), all at the endpoint that opened the batch.
func (c *Client) InventoryInBatch(ctx context.Context, opts InventoryOptions, ttl int64) (*Inventory, error) {
	ctx = oneServer(ctx)
	if ttl <= 0 {
		ttl = shortBatchTTL
	}
	b, err := c.CreateDumpBatch(ctx, BatchOptions{Database: opts.Database, DBServer: opts.DBServer, TTL: ttl})
	if err != nil {
		return nil, err
	}
	inv, err := c.Inventory(ctx, b.ID, opts)
	if derr := c.DeleteDumpBatch(context.WithoutCancel(ctx), opts.Database, opts.DBServer, b.ID); err == nil && derr != nil {
		err = derr
	}
	if err != nil {
		return nil, err
	}
	return inv, nil
}

// ClusterInventory is the answer of GET /_api/replication/clusterInventory.
type ClusterInventory struct {
	Properties  DatabaseProperties    `json:"properties"`
	Collections []InventoryCollection `json:"collections"`
	Views       []View                `json:"views"`
	Tick        string                `json:"tick" tick:"required"`
}

// DatabaseProperties are a cluster database's properties: the defaults of
// its new collections.
type DatabaseProperties struct {
	ID                 string    `json:"id"`
	Name               string    `json:"name"`
	IsSystem           bool      `json:"isSystem"`
	Sharding           string    `json:"sharding"`          // "" or "flexible" (the same), or "single"
	ReplicationFactor  TextValue `json:"replicationFactor"` // a number or "satellite"
	WriteConcern       int64     `json:"writeConcern"`
	ReplicationVersion string    `json:"replicationVersion"`
}

// ClusterInventory reads the Plan of a database's collections (coordinators
// only) and which shards are in sync. clusterInventory says so only per
// collection (allInSync); for a collection that is not, the shards' Plan
// and Current come from shardDistribution, a second request to the same
// coordinator (CONTRACT.md §3.7, §4.10).
func (c *Client) ClusterInventory(ctx context.Context, database string, includeSystem bool) (*ClusterInventory, error) {
	ctx = oneServer(ctx)
	var inv ClusterInventory
	if _, err := c.getJSON(ctx, Request{Method: http.MethodGet, Database: database,
		Path: "/_api/replication/clusterInventory", Hedge: true,
		Query: map[string][]string{"includeSystem": {strconv.FormatBool(includeSystem)}}}, &inv); err != nil {
		return nil, err
	}
	var dist map[string]CollectionDistribution
	for i := range inv.Collections {
		coll := &inv.Collections[i]
		if !coll.AllInSync && dist == nil {
			var err error
			if dist, err = c.ShardDistribution(ctx, database); err != nil {
				return nil, err
			}
		}
		coll.ShardsInSync = make(map[string]bool, len(coll.Parameters.Shards))
		for shard := range coll.Parameters.Shards {
			coll.ShardsInSync[shard] = coll.AllInSync || dist[coll.Parameters.Name].InSync(shard)
		}
	}
	return &inv, nil
}
