package provider

import (
	dsschema "github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangodb"
)

// imbalanceModel is an imbalance as arangodb_cluster_imbalance and
// arangodb_cluster_rebalance report it (CONTRACT.md §13.1).
type imbalanceModel struct {
	Leader *leaderImbalanceModel `tfsdk:"leader"`
	Shards *shardImbalanceModel  `tfsdk:"shards"`
}

type leaderImbalanceModel struct {
	WeightUsed   []types.Float64 `tfsdk:"weight_used"`
	TargetWeight []types.Float64 `tfsdk:"target_weight"`
	NumberShards []types.Int64   `tfsdk:"number_shards"`
	LeaderDupl   []types.Float64 `tfsdk:"leader_dupl"`
	TotalWeight  types.Float64   `tfsdk:"total_weight"`
	Imbalance    types.Float64   `tfsdk:"imbalance"`
	TotalShards  types.Int64     `tfsdk:"total_shards"`
}

type shardImbalanceModel struct {
	SizeUsed                         []types.Float64 `tfsdk:"size_used"`
	TargetSize                       []types.Float64 `tfsdk:"target_size"`
	NumberShards                     []types.Int64   `tfsdk:"number_shards"`
	TotalUsed                        types.Float64   `tfsdk:"total_used"`
	TotalShards                      types.Int64     `tfsdk:"total_shards"`
	TotalShardsFromSystemCollections types.Int64     `tfsdk:"total_shards_from_system_collections"`
	Imbalance                        types.Float64   `tfsdk:"imbalance"`
}

func floats(fs []float64) []types.Float64 {
	out := make([]types.Float64, len(fs))
	for i, f := range fs {
		out[i] = types.Float64Value(f)
	}
	return out
}

func ints(ns []int64) []types.Int64 {
	out := make([]types.Int64, len(ns))
	for i, n := range ns {
		out[i] = types.Int64Value(n)
	}
	return out
}

// newImbalanceModel converts ArangoDB's figures.
func newImbalanceModel(l arangodb.LeaderImbalance, s arangodb.ShardImbalance) *imbalanceModel {
	return &imbalanceModel{
		Leader: &leaderImbalanceModel{
			WeightUsed: floats(l.WeightUsed), TargetWeight: floats(l.TargetWeight), NumberShards: ints(l.NumberShards),
			LeaderDupl: floats(l.LeaderDupl), TotalWeight: types.Float64Value(l.TotalWeight), Imbalance: types.Float64Value(l.Imbalance),
			TotalShards: types.Int64Value(l.TotalShards),
		},
		Shards: &shardImbalanceModel{
			SizeUsed: floats(s.SizeUsed), TargetSize: floats(s.TargetSize), NumberShards: ints(s.NumberShards),
			TotalUsed: types.Float64Value(s.TotalUsed), TotalShards: types.Int64Value(s.TotalShards),
			TotalShardsFromSystemCollections: types.Int64Value(s.TotalShardsFromSystemCollections), Imbalance: types.Float64Value(s.Imbalance),
		},
	}
}

// imbalanceDocs are the descriptions of the imbalance attributes.
var imbalanceDocs = struct {
	leader, shards                                                        string
	weightUsed, targetWeight, leaderNumber, leaderDupl, totalWeight, limb string
	leaderTotal, sizeUsed, targetSize, shardNumber, totalUsed, shardTotal string
	system, simb                                                          string
}{
	leader: "`leader`: how the leaders are spread.",
	shards: "`shards`: how the data (leader and follower copies) is spread.",
	weightUsed: "`weightUsed`: the leaders' weight per DB server (a leader weighs 1, more when other collections follow " +
		"its collection with `distributeShardsLike`). Like every list here it has one number per DB server, all lists in " +
		"the same order, but ArangoDB names no server and keeps them in no defined order (that of a hash map, which can " +
		"differ between coordinators): compare the lists with each other, and read a given server's shards with data " +
		"source `arangodb_cluster_health` or the moves' `from` and `to`.",
	targetWeight: "`targetWeight`: the weight each DB server would have in balance.",
	leaderNumber: "`numberShards`: the leaders per DB server.",
	leaderDupl: "`leaderDupl`: per DB server, the penalty for collections whose leaders it holds unevenly with the others " +
		"(`piFactor` weighs it).",
	totalWeight: "`totalWeight`: the sum of the weights.",
	limb:        "`imbalance`: the leader imbalance score; lower is better, the value by itself means nothing.",
	leaderTotal: "`totalShards`: the number of shards (each counted once, by its leader).",
	sizeUsed:    "`sizeUsed`: the data per DB server (ArangoDB counts every shard copy as 1 MiB).",
	targetSize:  "`targetSize`: the data each DB server would hold in balance.",
	shardNumber: "`numberShards`: the shard copies (leaders and followers) per DB server.",
	totalUsed:   "`totalUsed`: the sum of `size_used`.",
	shardTotal:  "`totalShards`: the shard copies, leaders and followers.",
	system:      "`totalShardsFromSystemCollections`: the shards of system collections.",
	simb:        "`imbalance`: the data imbalance score; lower is better.",
}

// imbalanceDataSourceAttribute is the schema of imbalanceModel for data sources.
func imbalanceDataSourceAttribute(desc string) dsschema.Attribute {
	fl := func(d string) dsschema.Attribute {
		return dsschema.Float64Attribute{Computed: true, MarkdownDescription: d}
	}
	in := func(d string) dsschema.Attribute {
		return dsschema.Int64Attribute{Computed: true, MarkdownDescription: d}
	}
	fls := func(d string) dsschema.Attribute {
		return dsschema.ListAttribute{Computed: true, ElementType: types.Float64Type, MarkdownDescription: d}
	}
	ins := func(d string) dsschema.Attribute {
		return dsschema.ListAttribute{Computed: true, ElementType: types.Int64Type, MarkdownDescription: d}
	}
	k := imbalanceDocs
	return dsschema.SingleNestedAttribute{Computed: true, MarkdownDescription: desc, Attributes: map[string]dsschema.Attribute{
		"leader": dsschema.SingleNestedAttribute{Computed: true, MarkdownDescription: k.leader, Attributes: map[string]dsschema.Attribute{
			"weight_used": fls(k.weightUsed), "target_weight": fls(k.targetWeight), "number_shards": ins(k.leaderNumber),
			"leader_dupl": fls(k.leaderDupl), "total_weight": fl(k.totalWeight), "imbalance": fl(k.limb), "total_shards": in(k.leaderTotal),
		}},
		"shards": dsschema.SingleNestedAttribute{Computed: true, MarkdownDescription: k.shards, Attributes: map[string]dsschema.Attribute{
			"size_used": fls(k.sizeUsed), "target_size": fls(k.targetSize), "number_shards": ins(k.shardNumber),
			"total_used": fl(k.totalUsed), "total_shards": in(k.shardTotal), "total_shards_from_system_collections": in(k.system),
			"imbalance": fl(k.simb),
		}},
	}}
}

// imbalanceResourceAttribute is the schema of imbalanceModel for resources.
func imbalanceResourceAttribute(desc string) schema.Attribute {
	fl := func(d string) schema.Attribute {
		return schema.Float64Attribute{Computed: true, MarkdownDescription: d}
	}
	in := func(d string) schema.Attribute { return schema.Int64Attribute{Computed: true, MarkdownDescription: d} }
	fls := func(d string) schema.Attribute {
		return schema.ListAttribute{Computed: true, ElementType: types.Float64Type, MarkdownDescription: d}
	}
	ins := func(d string) schema.Attribute {
		return schema.ListAttribute{Computed: true, ElementType: types.Int64Type, MarkdownDescription: d}
	}
	k := imbalanceDocs
	return schema.SingleNestedAttribute{Computed: true, MarkdownDescription: desc, Attributes: map[string]schema.Attribute{
		"leader": schema.SingleNestedAttribute{Computed: true, MarkdownDescription: k.leader, Attributes: map[string]schema.Attribute{
			"weight_used": fls(k.weightUsed), "target_weight": fls(k.targetWeight), "number_shards": ins(k.leaderNumber),
			"leader_dupl": fls(k.leaderDupl), "total_weight": fl(k.totalWeight), "imbalance": fl(k.limb), "total_shards": in(k.leaderTotal),
		}},
		"shards": schema.SingleNestedAttribute{Computed: true, MarkdownDescription: k.shards, Attributes: map[string]schema.Attribute{
			"size_used": fls(k.sizeUsed), "target_size": fls(k.targetSize), "number_shards": ins(k.shardNumber),
			"total_used": fl(k.totalUsed), "total_shards": in(k.shardTotal), "total_shards_from_system_collections": in(k.system),
			"imbalance": fl(k.simb),
		}},
	}}
}
