package provider

import (
	"context"
	"fmt"
	"sort"
	"strconv"
	"strings"

	dsschema "github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangodb"
)

// rebalanceMove is one move of a rebalance plan, as resource
// arangodb_cluster_rebalance and data source arangodb_cluster_rebalance_plan
// show it.
type rebalanceMove struct {
	Database     types.String `tfsdk:"database"`
	Collection   types.String `tfsdk:"collection"`
	CollectionID types.String `tfsdk:"collection_id"`
	Shard        types.String `tfsdk:"shard"`
	From         types.String `tfsdk:"from"`
	To           types.String `tfsdk:"to"`
	FromID       types.String `tfsdk:"from_id"`
	ToID         types.String `tfsdk:"to_id"`
	Leader       types.Bool   `tfsdk:"leader"`
}

// rebalanceMoveDocs describe a move's attributes, for every schema kind.
var rebalanceMoveDocs = map[string]string{
	"database":      "The collection's database.",
	"collection":    "The collection's name.",
	"collection_id": "The collection's id, as ArangoDB names it in the move.",
	"shard":         "The shard, such as `s10043`.",
	"from":          "The DB server it moves from, by short name.",
	"to":            "The DB server it moves to, by short name.",
	"from_id":       "The DB server it moves from, by id.",
	"to_id":         "The DB server it moves to, by id.",
	"leader":        "Whether the leader moves (to a follower: only the leadership; to a new server: its data too).",
}

// rebalanceOptions are the plan's options, ArangoDB's defaults where an
// argument is null (a data source has no schema defaults).
func rebalanceOptions(ctx context.Context, maxMoves types.Int64, pi types.Float64, leaderChanges, moveLeaders, moveFollowers,
	excludeSystem types.Bool, excluded types.Set) (arangodb.RebalanceOptions, diag.Diagnostics) {
	orInt := func(v types.Int64, def int64) *int64 {
		if v.IsNull() {
			return &def
		}
		n := v.ValueInt64()
		return &n
	}
	orBool := func(v types.Bool, def bool) *bool {
		if v.IsNull() {
			return &def
		}
		b := v.ValueBool()
		return &b
	}
	p := 256e6
	if !pi.IsNull() {
		p = pi.ValueFloat64()
	}
	o := arangodb.RebalanceOptions{MaximumNumberOfMoves: orInt(maxMoves, 1000), LeaderChanges: orBool(leaderChanges, true),
		MoveLeaders: orBool(moveLeaders, false), MoveFollowers: orBool(moveFollowers, false), PiFactor: &p,
		ExcludeSystemCollections: orBool(excludeSystem, false)}
	var diags diag.Diagnostics
	if !excluded.IsNull() {
		diags = excluded.ElementsAs(ctx, &o.DatabasesExcluded, false)
		sort.Strings(o.DatabasesExcluded)
	}
	return o, diags
}

// describeMoves names the moves' collections (the databases' cluster
// inventories: a move names only the collection's id) and servers (the
// health). Nothing is read for a plan without moves.
func describeMoves(ctx context.Context, c *arangodb.Client, moves []arangodb.RebalanceMove) ([]rebalanceMove, error) {
	out := []rebalanceMove{}
	if len(moves) == 0 {
		return out, nil
	}
	h, err := c.ClusterHealth(ctx)
	if err != nil {
		return nil, err
	}
	dbs, err := c.Databases(ctx)
	if err != nil {
		return nil, err
	}
	sort.Strings(dbs)
	type place struct{ db, coll string }
	byID := map[string]place{}
	for _, db := range dbs {
		inv, err := c.ClusterInventory(ctx, db, true)
		if err != nil {
			return nil, err
		}
		for _, coll := range inv.Collections {
			byID[coll.Parameters.ID] = place{db, coll.Parameters.Name}
		}
	}
	short := func(id string) types.String {
		if s, ok := h.Health[id]; ok && s.ShortName != "" {
			return types.StringValue(s.ShortName)
		}
		return types.StringValue(id)
	}
	for _, m := range moves {
		p := byID[string(m.Collection)]
		out = append(out, rebalanceMove{Database: nullIfEmpty(p.db), Collection: nullIfEmpty(p.coll),
			CollectionID: types.StringValue(string(m.Collection)), Shard: types.StringValue(m.Shard),
			From: short(m.From), To: short(m.To), FromID: types.StringValue(m.From), ToID: types.StringValue(m.To),
			Leader: types.BoolValue(m.IsLeader)})
	}
	return out, nil
}

// nameMoves is describeMoves with its failure added to diags, as the plan,
// the apply and the data source report it.
func nameMoves(ctx context.Context, c *arangodb.Client, moves []arangodb.RebalanceMove, diags *diag.Diagnostics) ([]rebalanceMove, bool) {
	named, err := describeMoves(ctx, c, moves)
	if err != nil {
		addClientError(diags, "Cannot name the collections and servers of the rebalance plan", err)
		return nil, false
	}
	return named, true
}

// planImbalances are a rebalance plan's imbalances before and after its
// moves, as shown.
func planImbalances(p *arangodb.RebalancePlan) (before, after *imbalanceModel) {
	return newImbalanceModel(p.ImbalanceBefore.Leader, p.ImbalanceBefore.Shards),
		newImbalanceModel(p.ImbalanceAfter.Leader, p.ImbalanceAfter.Shards)
}

// moveKey identifies a move for comparing plans.
func moveKey(collection, shard, from, to string, leader bool) string {
	return strings.Join([]string{collection, shard, from, to, strconv.FormatBool(leader)}, "|")
}

// plannedKeys are the keys of moves shown in a plan, and the moves as
// ArangoDB takes them.
func plannedKeys(moves []rebalanceMove) ([]string, []arangodb.RebalanceMove) {
	keys := make([]string, 0, len(moves))
	out := make([]arangodb.RebalanceMove, 0, len(moves))
	for _, m := range moves {
		keys = append(keys, moveKey(m.CollectionID.ValueString(), m.Shard.ValueString(), m.FromID.ValueString(),
			m.ToID.ValueString(), m.Leader.ValueBool()))
		out = append(out, arangodb.RebalanceMove{From: m.FromID.ValueString(), To: m.ToID.ValueString(), Shard: m.Shard.ValueString(),
			Collection: arangodb.TextValue(m.CollectionID.ValueString()), IsLeader: m.Leader.ValueBool()})
	}
	return keys, out
}

// sameMoves: ArangoDB now plans exactly the planned moves, in order.
func sameMoves(planned []rebalanceMove, now []arangodb.RebalanceMove) bool {
	keys, _ := plannedKeys(planned)
	if len(keys) != len(now) {
		return false
	}
	for i, m := range now {
		if keys[i] != moveKey(string(m.Collection), m.Shard, m.From, m.To, m.IsLeader) {
			return false
		}
	}
	return true
}

// movesChanged says how the moves planned now differ from the planned
// ones, naming collections and servers (read only on this failure path;
// by id when they cannot be read).
func movesChanged(ctx context.Context, c *arangodb.Client, planned []rebalanceMove, now []arangodb.RebalanceMove) string {
	current, err := describeMoves(ctx, c, now)
	if err != nil {
		current = current[:0]
		for _, m := range now {
			current = append(current, rebalanceMove{CollectionID: types.StringValue(string(m.Collection)), Shard: types.StringValue(m.Shard),
				FromID: types.StringValue(m.From), ToID: types.StringValue(m.To), Leader: types.BoolValue(m.IsLeader)})
		}
	}
	return fmt.Sprintf("At plan ArangoDB planned %d moves; now it plans %d, not the same (the shard distribution or the health "+
		"changed).%s", len(planned), len(now), moveDiff(planned, current))
}

// moveText names a move: database/collection shard from -> to (leader).
func moveText(m rebalanceMove) string {
	or := func(a, b types.String) string {
		if a.IsNull() || a.IsUnknown() || a.ValueString() == "" {
			return b.ValueString()
		}
		return a.ValueString()
	}
	coll := or(m.Collection, m.CollectionID)
	if db := m.Database.ValueString(); db != "" {
		coll = db + "/" + coll
	}
	role := "follower"
	if m.Leader.ValueBool() {
		role = "leader"
	}
	return fmt.Sprintf("%s %s %s -> %s (%s)", coll, m.Shard.ValueString(), or(m.From, m.FromID), or(m.To, m.ToID), role)
}

// moveDiff lists up to 5 moves planned but not planned now, and the reverse.
func moveDiff(planned, current []rebalanceMove) string {
	keys := func(ms []rebalanceMove) []string {
		k, _ := plannedKeys(ms)
		return k
	}
	pk, ck := keys(planned), keys(current)
	var gone, added []string
	for i, m := range planned {
		if !contains(ck, pk[i]) {
			gone = append(gone, moveText(m))
		}
	}
	for i, m := range current {
		if !contains(pk, ck[i]) {
			added = append(added, moveText(m))
		}
	}
	cut := func(l []string) string {
		if len(l) > 5 {
			l = append(l[:5:5], fmt.Sprintf("%d more", len(l)-5))
		}
		return strings.Join(l, "; ")
	}
	out := ""
	if len(gone) > 0 {
		out += "\nPlanned, no longer: " + cut(gone)
	}
	if len(added) > 0 {
		out += "\nPlanned now, not before: " + cut(added)
	}
	if out == "" {
		out = "\nThe same moves, in another order."
	}
	return out
}

// rebalanceMovesDataSourceAttribute is the moves' schema for data sources.
func rebalanceMovesDataSourceAttribute(desc string) dsschema.Attribute {
	attrs := map[string]dsschema.Attribute{}
	for name, d := range rebalanceMoveDocs {
		if name == "leader" {
			attrs[name] = dsschema.BoolAttribute{Computed: true, MarkdownDescription: d}
		} else {
			attrs[name] = dsschema.StringAttribute{Computed: true, MarkdownDescription: d}
		}
	}
	return dsschema.ListNestedAttribute{Computed: true, MarkdownDescription: desc,
		NestedObject: dsschema.NestedAttributeObject{Attributes: attrs}}
}
