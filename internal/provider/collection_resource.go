package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/boolplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/listplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/setdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangodb"
)

var (
	_ resource.ResourceWithConfigure   = (*collectionResource)(nil)
	_ resource.ResourceWithModifyPlan  = (*collectionResource)(nil)
	_ resource.ResourceWithImportState = (*collectionResource)(nil)
)

// NewCollectionResource is resource "arangodb_collection".
func NewCollectionResource() resource.Resource { return &collectionResource{} }

type collectionResource struct {
	client *arangodb.Client
}

type collectionModel struct {
	ID                   types.String           `tfsdk:"id"`
	Database             types.String           `tfsdk:"database"`
	Name                 types.String           `tfsdk:"name"`
	Type                 types.String           `tfsdk:"type"`
	WaitForSync          types.Bool             `tfsdk:"wait_for_sync"`
	CacheEnabled         types.Bool             `tfsdk:"cache_enabled"`
	Schema               *collectionSchemaModel `tfsdk:"schema"`
	ComputedValues       []computedValueModel   `tfsdk:"computed_values"`
	NumberOfShards       types.Int64            `tfsdk:"number_of_shards"`
	ReplicationFactor    types.Int64            `tfsdk:"replication_factor"`
	Satellite            types.Bool             `tfsdk:"satellite"`
	WriteConcern         types.Int64            `tfsdk:"write_concern"`
	ShardKeys            types.List             `tfsdk:"shard_keys"`
	ShardingStrategy     types.String           `tfsdk:"sharding_strategy"`
	DistributeShardsLike types.String           `tfsdk:"distribute_shards_like"`
	SmartJoinAttribute   types.String           `tfsdk:"smart_join_attribute"`
	GloballyUniqueID     types.String           `tfsdk:"globally_unique_id"`
	DeletionProtection   types.Bool             `tfsdk:"deletion_protection"`
}

type collectionSchemaModel struct {
	Rule    types.String `tfsdk:"rule"`
	Level   types.String `tfsdk:"level"`
	Message types.String `tfsdk:"message"`
}

type computedValueModel struct {
	Name          types.String `tfsdk:"name"`
	Expression    types.String `tfsdk:"expression"`
	Overwrite     types.Bool   `tfsdk:"overwrite"`
	ComputeOn     types.Set    `tfsdk:"compute_on"`
	KeepNull      types.Bool   `tfsdk:"keep_null"`
	FailOnWarning types.Bool   `tfsdk:"fail_on_warning"`
}

// collectionClusterOptions are the attributes only a coordinator keeps.
var collectionClusterOptions = []string{"number_of_shards", "replication_factor", "satellite", "write_concern", "shard_keys",
	"sharding_strategy", "distribute_shards_like", "smart_join_attribute"}

// Sharding strategies a coordinator takes (CONTRACT.md §10.1).
var collectionShardingStrategies = []string{"hash", "community-compat", "enterprise-compat", "enterprise-smart-edge-compat",
	"enterprise-hash-smart-edge", "enterprise-hex-smart-vertex"}

func (r *collectionResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_collection"
}

func (r *collectionResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	replaceInt := []planmodifier.Int64{int64planmodifier.UseStateForUnknown(), int64planmodifier.RequiresReplace()}
	keepInt := []planmodifier.Int64{int64planmodifier.UseStateForUnknown()}
	replaceStr := []planmodifier.String{stringplanmodifier.UseStateForUnknown(), stringplanmodifier.RequiresReplace()}
	resp.Schema = schema.Schema{
		MarkdownDescription: "A collection (`POST /_api/collection`) with what cluster administration decides: shards, " +
			"replication, sharding, and its document validation and computed values. What arangod changes in place " +
			"(`wait_for_sync`, `cache_enabled`, `schema`, `computed_values`, `replication_factor`, `write_concern`) is " +
			"changed with `PUT /_api/collection/{name}/properties`; anything else replaces the collection, and with it " +
			"its documents, which `deletion_protection` (on by default) refuses.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{Computed: true, MarkdownDescription: "`<database>/<name>`, the import id.",
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()}},
			"database": schema.StringAttribute{Required: true, MarkdownDescription: "The database the collection is in.",
				Validators: []validator.String{databaseNameValidator{allowSystem: true}}, PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()}},
			"name": schema.StringAttribute{Required: true,
				MarkdownDescription: "`name`: 1 to 256 bytes, without `/`, not starting with `_` (system collections are " +
					"not managed here) or a digit. Before 3.12 (without `--database.extended-names`), letters, digits, `_` and `-` only.",
				Validators: []validator.String{collectionNameValidator{}}, PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()}},
			"type": schema.StringAttribute{Optional: true, Computed: true, Default: stringdefault.StaticString("document"),
				MarkdownDescription: "`document` (the default) or `edge` (`type` 2 or 3).",
				Validators:          []validator.String{stringvalidator.OneOf("document", "edge")},
				PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()}},
			"wait_for_sync": schema.BoolAttribute{Optional: true, Computed: true, Default: booldefault.StaticBool(false),
				MarkdownDescription: "`waitForSync`: a write returns only once on disk. Changed in place."},
			"cache_enabled": schema.BoolAttribute{Optional: true, Computed: true, Default: booldefault.StaticBool(false),
				MarkdownDescription: "`cacheEnabled`: the in-memory cache of documents by key. Changed in place."},
			"schema": schema.SingleNestedAttribute{Optional: true,
				MarkdownDescription: "`schema`: document validation (a JSON Schema). Changed in place; removing it removes the validation.",
				Attributes: map[string]schema.Attribute{
					"rule": schema.StringAttribute{Required: true,
						MarkdownDescription: "`rule`: the JSON Schema, as JSON (use `jsonencode`).",
						Validators:          []validator.String{jsonObjectValidator{}}},
					"level": schema.StringAttribute{Optional: true, Computed: true, Default: stringdefault.StaticString("strict"),
						MarkdownDescription: "`level`: which writes are checked: `none`, `new`, `moderate` or `strict` (the default).",
						Validators:          []validator.String{stringvalidator.OneOf("none", "new", "moderate", "strict")}},
					"message": schema.StringAttribute{Optional: true, Computed: true,
						MarkdownDescription: "`message`: the error message of a refused write. Default: arangod's.",
						PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()}},
				}},
			"computed_values": schema.ListNestedAttribute{Optional: true,
				MarkdownDescription: "`computedValues`: attributes arangod computes with an AQL expression on writes. Changed in place.",
				Validators:          []validator.List{listvalidator.SizeAtLeast(1)},
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"name":       schema.StringAttribute{Required: true, MarkdownDescription: "`name`: the attribute computed (not `_key`, `_id`, `_rev`, `_from`, `_to`)."},
					"expression": schema.StringAttribute{Required: true, MarkdownDescription: "`expression`: an AQL `RETURN` expression, `@doc` being the document."},
					"overwrite":  schema.BoolAttribute{Required: true, MarkdownDescription: "`overwrite`: whether the computed value replaces one the write gives."},
					"compute_on": schema.SetAttribute{Optional: true, Computed: true, ElementType: types.StringType,
						MarkdownDescription: "`computeOn`: on which writes: `insert`, `update`, `replace` (default: all three).",
						Default: setdefault.StaticValue(types.SetValueMust(types.StringType, []attr.Value{
							types.StringValue("insert"), types.StringValue("update"), types.StringValue("replace")})),
						Validators: []validator.Set{setvalidator.SizeAtLeast(1),
							setvalidator.ValueStringsAre(stringvalidator.OneOf("insert", "update", "replace"))}},
					"keep_null": schema.BoolAttribute{Optional: true, Computed: true, Default: booldefault.StaticBool(true),
						MarkdownDescription: "`keepNull`: whether a `null` result is stored (the default) or the attribute left out."},
					"fail_on_warning": schema.BoolAttribute{Optional: true, Computed: true, Default: booldefault.StaticBool(false),
						MarkdownDescription: "`failOnWarning`: whether a warning of the expression fails the write."},
				}}},
			"number_of_shards": schema.Int64Attribute{Optional: true, Computed: true,
				MarkdownDescription: "`numberOfShards` (cluster only): at least 1, at most `--cluster.max-number-of-shards` " +
					"(default 1000). Default 1. Null on a single server, for a SatelliteCollection, and for a `distribute_shards_like` " +
					"collection (it has its prototype's).",
				Validators: []validator.Int64{int64validator.AtLeast(1)}, PlanModifiers: replaceInt},
			"replication_factor": schema.Int64Attribute{Optional: true, Computed: true,
				MarkdownDescription: "`replicationFactor` (cluster only): copies of each shard, at least 1 and at most the DB " +
					"servers there are. Default: the database's. Changed in place (arangod adds or removes followers). Null " +
					"on a single server, for a SatelliteCollection and for a `distribute_shards_like` collection.",
				Validators: []validator.Int64{int64validator.AtLeast(1), notWithTrue("satellite")}, PlanModifiers: keepInt},
			"satellite": schema.BoolAttribute{Optional: true, Computed: true,
				MarkdownDescription: "`replicationFactor = \"satellite\"` (cluster, Enterprise Edition or 3.12.5+): a copy on every DB server, one shard.",
				PlanModifiers:       []planmodifier.Bool{boolplanmodifier.UseStateForUnknown(), boolplanmodifier.RequiresReplace()}},
			"write_concern": schema.Int64Attribute{Optional: true, Computed: true,
				MarkdownDescription: "`writeConcern` (cluster only): copies a write needs, at least 1 and at most `replication_factor`. " +
					"Default: the database's. Changed in place. Null where `replication_factor` is.",
				Validators: []validator.Int64{int64validator.AtLeast(1)}, PlanModifiers: keepInt},
			"shard_keys": schema.ListAttribute{Optional: true, Computed: true, ElementType: types.StringType,
				MarkdownDescription: "`shardKeys` (cluster only): 1 to 8 attributes that decide a document's shard; not `_id` " +
					"or `_rev`. Default `[\"_key\"]`.",
				Validators: []validator.List{listvalidator.SizeBetween(1, 8),
					listvalidator.ValueStringsAre(stringvalidator.NoneOf("_id", "_rev", ":_id", "_id:", ":_rev", "_rev:"))},
				PlanModifiers: []planmodifier.List{listplanmodifier.UseStateForUnknown(), listplanmodifier.RequiresReplace()}},
			"sharding_strategy": schema.StringAttribute{Optional: true, Computed: true,
				MarkdownDescription: "`shardingStrategy` (cluster only): " + "`" + strings.Join(collectionShardingStrategies, "`, `") + "`. Default `hash`.",
				Validators:          []validator.String{stringvalidator.OneOf(collectionShardingStrategies...)}, PlanModifiers: replaceStr},
			"distribute_shards_like": schema.StringAttribute{Optional: true,
				MarkdownDescription: "`distributeShardsLike` (cluster only): a collection of the same database whose shard " +
					"count, replication and placement this one follows (it must not follow another itself).",
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()}},
			"smart_join_attribute": schema.StringAttribute{Optional: true,
				MarkdownDescription: "`smartJoinAttribute` (cluster, Enterprise Edition): needs `distribute_shards_like` and " +
					"one shard key ending in `:`.",
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()}},
			"globally_unique_id": schema.StringAttribute{Computed: true, MarkdownDescription: "`globallyUniqueId` of the collection.",
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()}},
			"deletion_protection": schema.BoolAttribute{Optional: true, Computed: true, Default: booldefault.StaticBool(true),
				MarkdownDescription: "While `true` (the default), destroying the resource, or replacing it, fails and the " +
					"collection and its documents stay. Set it to `false` and apply before you destroy. Kept in the state only."},
		},
	}
}

func (r *collectionResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.client = clientFrom(req.ProviderData, &resp.Diagnostics)
}

func collectionDeletionDetail(what string) string {
	return fmt.Sprintf("deletion_protection is true, so the provider does not drop collection %s, which drops its documents "+
		"and indexes. Set deletion_protection = false and apply, then destroy (or change) it; or remove it from the state "+
		"(terraform state rm) to keep the collection.", what)
}

// ModifyPlan refuses at plan what arangod would refuse or ignore: a
// protected collection's drop or replacement, cluster options on a single
// server, a satellite without the edition, a write concern above the
// replication factor, a smart join attribute without its prerequisites.
func (r *collectionResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if !req.State.Raw.IsNull() {
		var state collectionModel
		resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
		if resp.Diagnostics.HasError() {
			return
		}
		what := state.ID.ValueString()
		if req.Plan.Raw.IsNull() {
			if state.DeletionProtection.ValueBool() {
				resp.Diagnostics.AddError("Collection "+what+" is protected from deletion", collectionDeletionDetail(what))
			}
			return
		}
		var plan collectionModel
		resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
		if resp.Diagnostics.HasError() {
			return
		}
		if changed := collectionReplacingChanges(state, plan); len(changed) > 0 && state.DeletionProtection.ValueBool() {
			resp.Diagnostics.AddError("Collection "+what+" is protected from deletion",
				"Changing "+strings.Join(changed, ", ")+" replaces the collection: it would be dropped, with its documents, "+
					"and created anew. "+collectionDeletionDetail(what))
			return
		}
		// The state tells a single server's collection (no satellite
		// attribute, and following none): no request needed.
		var config collectionModel
		resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
		if resp.Diagnostics.HasError() {
			return
		}
		refuseCollectionConfig(config, &resp.Diagnostics)
		if state.Satellite.IsNull() && state.DistributeShardsLike.IsNull() {
			refuseClusterOptions(config, "a single server", &resp.Diagnostics)
		}
		return
	}
	if req.Plan.Raw.IsNull() {
		return
	}
	var config collectionModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	if resp.Diagnostics.HasError() {
		return
	}
	refuseCollectionConfig(config, &resp.Diagnostics)
	if r.client == nil || resp.Diagnostics.HasError() {
		return
	}
	info, ok := requireSupported(ctx, r.client, &resp.Diagnostics, "arangodb_collection", func(info arangodb.ServerInfo) error {
		if info.Role != arangodb.RoleSingle && info.Role != arangodb.RoleCoordinator {
			return fmt.Errorf("collections are created through a single server or a cluster's coordinators, not %s; "+
				"point the provider there", arangodb.RoleName(info.Role))
		}
		return nil
	})
	if !ok {
		return
	}
	refuseExtendedName(info, path.Root("database"), config.Database, &resp.Diagnostics)
	refuseExtendedCollectionName(info, path.Root("name"), config.Name, &resp.Diagnostics)
	if info.Role == arangodb.RoleSingle {
		refuseClusterOptions(config, "a single server (ArangoDB "+info.Version.Raw+")", &resp.Diagnostics)
		return
	}
	community := info.License == "community"
	if config.Satellite.ValueBool() && community && !info.Version.AtLeast(3, 12, 5) {
		resp.Diagnostics.AddAttributeError(path.Root("satellite"), "SatelliteCollections need the Enterprise Edition",
			fmt.Sprintf("The Community Edition of ArangoDB %s has no SatelliteCollections (from 3.12.5 it has). "+
				"Remove satellite, or set replication_factor.", info.Version.Raw))
	}
	if !config.SmartJoinAttribute.IsNull() && community {
		resp.Diagnostics.AddAttributeError(path.Root("smart_join_attribute"), "SmartJoins need the Enterprise Edition",
			fmt.Sprintf("The Community Edition of ArangoDB %s has no smartJoinAttribute. Remove it.", info.Version.Raw))
	}
	if s := config.ShardingStrategy.ValueString(); community && strings.HasPrefix(s, "enterprise-") {
		resp.Diagnostics.AddAttributeError(path.Root("sharding_strategy"), "Sharding strategy of the Enterprise Edition",
			fmt.Sprintf("The Community Edition of ArangoDB %s refuses sharding_strategy %q. Use hash or community-compat.", info.Version.Raw, s))
	}
}

// refuseClusterOptions refuses the cluster options on a single server,
// which ignores them and keeps none.
func refuseClusterOptions(config collectionModel, server string, diags *diag.Diagnostics) {
	set := map[string]bool{
		"number_of_shards": !config.NumberOfShards.IsNull(), "replication_factor": !config.ReplicationFactor.IsNull(),
		"satellite": !config.Satellite.IsNull(), "write_concern": !config.WriteConcern.IsNull(),
		"shard_keys": !config.ShardKeys.IsNull(), "sharding_strategy": !config.ShardingStrategy.IsNull(),
		"distribute_shards_like": !config.DistributeShardsLike.IsNull(), "smart_join_attribute": !config.SmartJoinAttribute.IsNull(),
	}
	for _, name := range collectionClusterOptions {
		if set[name] {
			diags.AddAttributeError(path.Root(name), "Cluster option on a single server",
				fmt.Sprintf("%s is an option of cluster collections; %s ignores it and keeps none. Remove %s, or "+
					"point the provider at a cluster's coordinators.", name, server, name))
		}
	}
}

// refuseCollectionConfig refuses what needs no server to know is wrong.
func refuseCollectionConfig(c collectionModel, diags *diag.Diagnostics) {
	if c.Satellite.ValueBool() {
		for name, v := range map[string]attr.Value{"number_of_shards": c.NumberOfShards, "write_concern": c.WriteConcern,
			"shard_keys": c.ShardKeys, "distribute_shards_like": c.DistributeShardsLike} {
			if !v.IsNull() {
				diags.AddAttributeError(path.Root(name), "Not with satellite",
					fmt.Sprintf("A SatelliteCollection has one shard on every DB server, keyed by _key, and no write concern: "+
						"arangod ignores %s. Remove %s, or satellite.", name, name))
			}
		}
	}
	if rf, wc := c.ReplicationFactor, c.WriteConcern; !rf.IsNull() && !rf.IsUnknown() && !wc.IsNull() && !wc.IsUnknown() &&
		wc.ValueInt64() > rf.ValueInt64() {
		diags.AddAttributeError(path.Root("write_concern"), "write_concern above replication_factor",
			fmt.Sprintf("write_concern %d needs more copies than replication_factor %d keeps; arangod refuses it. "+
				"Lower write_concern or raise replication_factor.", wc.ValueInt64(), rf.ValueInt64()))
	}
	if !c.DistributeShardsLike.IsNull() {
		for name, v := range map[string]attr.Value{"number_of_shards": c.NumberOfShards, "replication_factor": c.ReplicationFactor,
			"write_concern": c.WriteConcern, "satellite": c.Satellite, "sharding_strategy": c.ShardingStrategy} {
			if !v.IsNull() {
				diags.AddAttributeError(path.Root(name), "Not with distribute_shards_like",
					fmt.Sprintf("A collection that follows another has its prototype's %s: arangod ignores this one's. Remove %s.", name, name))
			}
		}
	}
	if !c.SmartJoinAttribute.IsNull() && !c.SmartJoinAttribute.IsUnknown() {
		var keys []string
		if !c.ShardKeys.IsUnknown() {
			diags.Append(c.ShardKeys.ElementsAs(context.Background(), &keys, false)...)
		}
		if c.DistributeShardsLike.IsNull() || (!c.ShardKeys.IsUnknown() && (len(keys) != 1 || !strings.HasSuffix(keys[0], ":"))) {
			diags.AddAttributeError(path.Root("smart_join_attribute"), "smart_join_attribute needs its sharding",
				"arangod refuses a smartJoinAttribute (errorNum 4006) unless the collection sets distribute_shards_like and "+
					"exactly one shard key ending in \":\" (such as [\"customer:\"]). Set both, or remove smart_join_attribute.")
		}
	}
}

// collectionReplacingChanges lists the attributes whose planned change
// replaces the collection.
func collectionReplacingChanges(state, plan collectionModel) []string {
	return changed(
		attrChange{"database", state.Database, plan.Database}, attrChange{"name", state.Name, plan.Name},
		attrChange{"type", state.Type, plan.Type}, attrChange{"number_of_shards", state.NumberOfShards, plan.NumberOfShards},
		attrChange{"satellite", state.Satellite, plan.Satellite}, attrChange{"shard_keys", state.ShardKeys, plan.ShardKeys},
		attrChange{"sharding_strategy", state.ShardingStrategy, plan.ShardingStrategy},
		attrChange{"distribute_shards_like", state.DistributeShardsLike, plan.DistributeShardsLike},
		attrChange{"smart_join_attribute", state.SmartJoinAttribute, plan.SmartJoinAttribute},
	)
}

func (m collectionModel) schemaToSend() *arangodb.CollectionSchema {
	if m.Schema == nil {
		return nil
	}
	s := &arangodb.CollectionSchema{Rule: json.RawMessage(m.Schema.Rule.ValueString()), Level: m.Schema.Level.ValueString()}
	if !m.Schema.Message.IsUnknown() {
		s.Message = m.Schema.Message.ValueString()
	}
	return s
}

func (m collectionModel) computedValuesToSend(ctx context.Context, diags *diag.Diagnostics) []arangodb.ComputedValue {
	if m.ComputedValues == nil {
		return nil
	}
	out := make([]arangodb.ComputedValue, 0, len(m.ComputedValues))
	for _, cv := range m.ComputedValues {
		var on []string
		diags.Append(cv.ComputeOn.ElementsAs(ctx, &on, false)...)
		order := []string{"insert", "update", "replace"}
		on = slices.DeleteFunc(order, func(s string) bool { return !slices.Contains(on, s) })
		out = append(out, arangodb.ComputedValue{Name: cv.Name.ValueString(), Expression: cv.Expression.ValueString(),
			Overwrite: cv.Overwrite.ValueBool(), ComputeOn: on, KeepNull: cv.KeepNull.ValueBool(), FailOnWarning: cv.FailOnWarning.ValueBool()})
	}
	return out
}

func (r *collectionResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan collectionModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() || !requireClient(r.client, &resp.Diagnostics) {
		return
	}
	spec := arangodb.CollectionSpec{Name: plan.Name.ValueString(), Type: arangodb.CollectionDocument,
		WaitForSync: plan.WaitForSync.ValueBool(), CacheEnabled: plan.CacheEnabled.ValueBool(),
		Schema: plan.schemaToSend(), ComputedValues: plan.computedValuesToSend(ctx, &resp.Diagnostics),
		NumberOfShards: int(plan.NumberOfShards.ValueInt64()), ReplicationFactor: int(plan.ReplicationFactor.ValueInt64()),
		Satellite: plan.Satellite.ValueBool(), WriteConcern: int(plan.WriteConcern.ValueInt64()),
		ShardingStrategy: plan.ShardingStrategy.ValueString(), DistributeShardsLike: plan.DistributeShardsLike.ValueString(),
		SmartJoinAttribute: plan.SmartJoinAttribute.ValueString()}
	if plan.Type.ValueString() == "edge" {
		spec.Type = arangodb.CollectionEdge
	}
	if !plan.ShardKeys.IsUnknown() && !plan.ShardKeys.IsNull() {
		resp.Diagnostics.Append(plan.ShardKeys.ElementsAs(ctx, &spec.ShardKeys, false)...)
	}
	if resp.Diagnostics.HasError() {
		return
	}
	db := plan.Database.ValueString()
	c, err := r.client.CreateCollection(ctx, db, spec)
	if err != nil {
		addClientError(&resp.Diagnostics, "Cannot create collection "+db+"/"+spec.Name, err)
		return
	}
	plan.fromServer(ctx, db, c, &resp.Diagnostics)
	resp.Diagnostics.Append(setState(ctx, &resp.State, plan)...)
}

// fromServer sets what the server reports. The schema's rule and the
// computed values keep the configuration's form when they mean the same.
func (m *collectionModel) fromServer(ctx context.Context, db string, c *arangodb.Collection, diags *diag.Diagnostics) {
	m.ID = types.StringValue(db + "/" + c.Name)
	m.Database, m.Name = types.StringValue(db), types.StringValue(c.Name)
	m.Type = types.StringValue("document")
	if c.Type == arangodb.CollectionEdge {
		m.Type = types.StringValue("edge")
	}
	m.WaitForSync, m.CacheEnabled = types.BoolValue(c.WaitForSync), types.BoolValue(c.CacheEnabled)
	m.GloballyUniqueID = types.StringValue(c.GloballyUniqueID)
	m.Schema = schemaModelOf(m.Schema, c.Schema)
	m.ComputedValues = computedValuesOf(c.ComputedValues)
	if !c.Cluster {
		m.NumberOfShards, m.ReplicationFactor, m.Satellite, m.WriteConcern = types.Int64Null(), types.Int64Null(), types.BoolNull(), types.Int64Null()
		m.ShardKeys, m.ShardingStrategy = types.ListNull(types.StringType), types.StringNull()
		m.DistributeShardsLike, m.SmartJoinAttribute = types.StringNull(), types.StringNull()
		return
	}
	m.NumberOfShards = types.Int64Value(int64(c.NumberOfShards))
	m.Satellite = types.BoolValue(c.Satellite)
	m.ReplicationFactor = types.Int64Value(int64(c.ReplicationFactor))
	m.WriteConcern = types.Int64Value(int64(c.WriteConcern))
	keys, d := types.ListValueFrom(ctx, types.StringType, c.ShardKeys)
	diags.Append(d...)
	m.ShardKeys = keys
	m.ShardingStrategy = types.StringValue(stringOr(types.StringValue(c.ShardingStrategy), "hash"))
	m.DistributeShardsLike, m.SmartJoinAttribute = nullIfEmpty(c.DistributeShardsLike), nullIfEmpty(c.SmartJoinAttribute)
	switch {
	case c.DistributeShardsLike != "":
		// The prototype's, which this collection cannot set (nor
		// generated configuration repeat): null.
		m.NumberOfShards, m.ReplicationFactor, m.WriteConcern = types.Int64Null(), types.Int64Null(), types.Int64Null()
		m.Satellite, m.ShardingStrategy = types.BoolNull(), types.StringNull()
	case c.Satellite:
		// One shard keyed by _key on every DB server, no write concern.
		m.NumberOfShards, m.ReplicationFactor, m.WriteConcern = types.Int64Null(), types.Int64Null(), types.Int64Null()
		m.ShardKeys = types.ListNull(types.StringType)
	}
}

// schemaModelOf is the server's schema, the rule written as before when it
// is the same JSON.
func schemaModelOf(before *collectionSchemaModel, s *arangodb.CollectionSchema) *collectionSchemaModel {
	if s == nil {
		return nil
	}
	rule := types.StringNull()
	if before != nil {
		rule = before.Rule
	}
	return &collectionSchemaModel{Rule: sameJSONOr(rule, s.Rule), Level: types.StringValue(s.Level), Message: types.StringValue(s.Message)}
}

func computedValuesOf(cvs []arangodb.ComputedValue) []computedValueModel {
	if len(cvs) == 0 {
		return nil
	}
	out := make([]computedValueModel, 0, len(cvs))
	for _, cv := range cvs {
		on := make([]attr.Value, 0, len(cv.ComputeOn))
		for _, s := range cv.ComputeOn {
			on = append(on, types.StringValue(s))
		}
		out = append(out, computedValueModel{Name: types.StringValue(cv.Name), Expression: types.StringValue(cv.Expression),
			Overwrite: types.BoolValue(cv.Overwrite), ComputeOn: types.SetValueMust(types.StringType, on),
			KeepNull: types.BoolValue(cv.KeepNull), FailOnWarning: types.BoolValue(cv.FailOnWarning)})
	}
	return out
}

func (r *collectionResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state collectionModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || !requireClient(r.client, &resp.Diagnostics) {
		return
	}
	db, name, _ := strings.Cut(state.ID.ValueString(), "/")
	c, err := r.client.Collection(ctx, db, name)
	if arangodb.IsErrorNum(err, arangodb.ErrNumDataSourceMissing) || arangodb.IsErrorNum(err, arangodb.ErrNumDatabaseNotFound) {
		resp.State.RemoveResource(ctx) // dropped elsewhere: the next plan creates it
		return
	}
	if err != nil {
		addClientError(&resp.Diagnostics, "Cannot read collection "+state.ID.ValueString(), err)
		return
	}
	state.fromServer(ctx, db, c, &resp.Diagnostics)
	if state.DeletionProtection.IsNull() {
		state.DeletionProtection = types.BoolValue(true) // imported
	}
	resp.Diagnostics.Append(setState(ctx, &resp.State, state)...)
}

// Update changes in place what arangod changes (one PUT .../properties);
// the rest replaces the collection.
func (r *collectionResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state collectionModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	var u arangodb.CollectionUpdate
	changed := false
	if !plan.WaitForSync.Equal(state.WaitForSync) {
		u.WaitForSync, changed = plan.WaitForSync.ValueBoolPointer(), true
	}
	if !plan.CacheEnabled.Equal(state.CacheEnabled) {
		u.CacheEnabled, changed = plan.CacheEnabled.ValueBoolPointer(), true
	}
	if !reflect.DeepEqual(plan.Schema, state.Schema) {
		u.Schema, u.RemoveSchema, changed = plan.schemaToSend(), plan.Schema == nil, true
	}
	if !reflect.DeepEqual(plan.ComputedValues, state.ComputedValues) {
		u.ComputedValues, u.RemoveComputedValues, changed = plan.computedValuesToSend(ctx, &resp.Diagnostics), plan.ComputedValues == nil, true
	}
	if !plan.ReplicationFactor.IsUnknown() && !plan.ReplicationFactor.Equal(state.ReplicationFactor) {
		u.ReplicationFactor, changed = int(plan.ReplicationFactor.ValueInt64()), true
	}
	if !plan.WriteConcern.IsUnknown() && !plan.WriteConcern.Equal(state.WriteConcern) {
		u.WriteConcern, changed = int(plan.WriteConcern.ValueInt64()), true
	}
	state.DeletionProtection = plan.DeletionProtection
	if !changed || resp.Diagnostics.HasError() {
		if !resp.Diagnostics.HasError() {
			resp.Diagnostics.Append(setState(ctx, &resp.State, state)...)
		}
		return
	}
	if !requireClient(r.client, &resp.Diagnostics) {
		return
	}
	db, name, _ := strings.Cut(state.ID.ValueString(), "/")
	c, err := r.client.UpdateCollection(ctx, db, name, u)
	if err != nil {
		addClientError(&resp.Diagnostics, "Cannot change the properties of collection "+state.ID.ValueString(), err)
		return
	}
	plan.fromServer(ctx, db, c, &resp.Diagnostics)
	resp.Diagnostics.Append(setState(ctx, &resp.State, plan)...)
}

func (r *collectionResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state collectionModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	what := state.ID.ValueString()
	if state.DeletionProtection.ValueBool() {
		resp.Diagnostics.AddError("Collection "+what+" is protected from deletion", collectionDeletionDetail(what))
		return
	}
	if !requireClient(r.client, &resp.Diagnostics) {
		return
	}
	db, name, _ := strings.Cut(what, "/")
	if err := r.client.DropCollection(ctx, db, name); err != nil && !arangodb.IsErrorNum(err, arangodb.ErrNumDatabaseNotFound) {
		addClientError(&resp.Diagnostics, "Cannot drop collection "+what, err)
	}
}

func (r *collectionResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	db, name, ok := strings.Cut(req.ID, "/")
	if !ok || databaseNameProblem(db) != "" || collectionNameProblem(name) != "" {
		resp.Diagnostics.AddError("Unexpected import id",
			fmt.Sprintf("Import arangodb_collection as <database>/<collection>, such as shop/orders; got %q.", req.ID))
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), req.ID)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("deletion_protection"), true)...)
}
