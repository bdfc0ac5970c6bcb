package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/boolplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangodb"
)

var (
	_ resource.ResourceWithConfigure   = (*databaseResource)(nil)
	_ resource.ResourceWithModifyPlan  = (*databaseResource)(nil)
	_ resource.ResourceWithImportState = (*databaseResource)(nil)
)

// NewDatabaseResource is resource "arangodb_database".
func NewDatabaseResource() resource.Resource { return &databaseResource{} }

type databaseResource struct {
	client *arangodb.Client
}

type databaseModel struct {
	ID                 types.String `tfsdk:"id"`
	Name               types.String `tfsdk:"name"`
	ReplicationFactor  types.Int64  `tfsdk:"replication_factor"`
	Satellite          types.Bool   `tfsdk:"satellite"`
	WriteConcern       types.Int64  `tfsdk:"write_concern"`
	Sharding           types.String `tfsdk:"sharding"`
	DeletionProtection types.Bool   `tfsdk:"deletion_protection"`
}

// clusterOptions are the attributes only a coordinator keeps.
var clusterOptions = []string{"replication_factor", "satellite", "write_concern", "sharding"}

func (r *databaseResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_database"
}

func (r *databaseResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	replace := func() []planmodifier.Int64 {
		return []planmodifier.Int64{int64planmodifier.UseStateForUnknown(), int64planmodifier.RequiresReplace()}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "A database (`POST /_api/database`), with the options of a cluster database. The options cannot " +
			"change after creation: changing one replaces the database, and with it its data, which `deletion_protection` " +
			"(on by default) refuses.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "The database's name.",
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"name": schema.StringAttribute{
				Required: true,
				MarkdownDescription: "`name`: 1 to 128 bytes of UTF-8 in Unicode NFC form, not starting with a digit, `_`, `.` or a " +
					"space, not ending with a space, without `/`, `:` or control characters (ArangoDB's extended names, the default " +
					"from 3.12). Before 3.12 servers take only letters, digits, `_` and `-`, a letter first, up to 64 bytes, unless " +
					"started with `--database.extended-names=true`; the plan refuses other names there (a deployment that has the " +
					"option on before 3.12 cannot use them through this resource).",
				Validators:    []validator.String{databaseNameValidator{}},
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"replication_factor": schema.Int64Attribute{
				Optional: true,
				Computed: true,
				MarkdownDescription: "`options.replicationFactor` (cluster only): copies of each shard of the database's " +
					"collections, the default for new collections. At least 1; the server's maximum (`--cluster.max-replication-factor`, " +
					"default 10) and the number of DB servers bound it. Default: the server's (`--cluster.default-replication-factor`). " +
					"Null on a single server.",
				Validators:    []validator.Int64{int64validator.AtLeast(1), notWithTrue("satellite")},
				PlanModifiers: replace(),
			},
			"satellite": schema.BoolAttribute{
				Optional: true,
				Computed: true,
				MarkdownDescription: "`options.replicationFactor = \"satellite\"` (cluster, Enterprise Edition or 3.12.5+): new " +
					"collections are SatelliteCollections, copied to every DB server. Null on a single server.",
				PlanModifiers: []planmodifier.Bool{boolplanmodifier.UseStateForUnknown(), boolplanmodifier.RequiresReplace()},
			},
			"write_concern": schema.Int64Attribute{
				Optional: true,
				Computed: true,
				MarkdownDescription: "`options.writeConcern` (cluster only): copies a write needs before it succeeds, the " +
					"default for new collections. At least 1, at most the DB servers there are. Null on a single server.",
				Validators:    []validator.Int64{int64validator.AtLeast(1)},
				PlanModifiers: replace(),
			},
			"sharding": schema.StringAttribute{
				Optional: true,
				Computed: true,
				MarkdownDescription: "`options.sharding` (cluster only): `flexible` (ArangoDB's `\"\"`) or `single` (OneShard: " +
					"all collections of the database in one shard on one DB server). Null on a single server.",
				Validators:    []validator.String{stringvalidator.OneOf("flexible", "single")},
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown(), stringplanmodifier.RequiresReplace()},
			},
			"deletion_protection": schema.BoolAttribute{
				Optional: true,
				Computed: true,
				Default:  booldefault.StaticBool(true),
				MarkdownDescription: "While `true` (the default), destroying the resource, or replacing it, fails and the " +
					"database and its data stay. Set it to `false` and apply before you destroy. Kept in the state only.",
			},
		},
	}
}

func (r *databaseResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.client = clientFrom(req.ProviderData, &resp.Diagnostics)
}

// ModifyPlan refuses, before anything is sent, what the server would not
// keep: cluster options on a single server (which ignores them), a
// satellite where the edition has none, an extended name before 3.12, and
// a server that is no single server or coordinator. A replacement while deletion_protection is on is
// refused here too, so that the plan says so.
func (r *databaseResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() {
		if !req.State.Raw.IsNull() {
			var state databaseModel
			resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
			if state.DeletionProtection.ValueBool() {
				resp.Diagnostics.AddError("Database "+state.Name.ValueString()+" is protected from deletion", deletionProtectedDetail(state.Name.ValueString()))
			}
		}
		return
	}
	if !req.State.Raw.IsNull() {
		var state, plan databaseModel
		resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
		resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
		if changed := replacingChanges(state, plan); len(changed) > 0 && state.DeletionProtection.ValueBool() {
			resp.Diagnostics.AddError("Database "+state.Name.ValueString()+" is protected from deletion",
				"Changing "+strings.Join(changed, ", ")+" replaces the database: it would be dropped, with its data, and "+
					"created anew. "+deletionProtectedDetail(state.Name.ValueString()))
			return
		}
	}
	if r.client == nil || !req.State.Raw.IsNull() {
		return
	}
	var config databaseModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	if resp.Diagnostics.HasError() {
		return
	}
	info, ok := requireSupported(ctx, r.client, &resp.Diagnostics, "arangodb_database", func(info arangodb.ServerInfo) error {
		if info.Role != arangodb.RoleSingle && info.Role != arangodb.RoleCoordinator {
			return fmt.Errorf("databases are created through a single server or a cluster's coordinators, not %s; "+
				"point the provider there", arangodb.RoleName(info.Role))
		}
		return nil
	})
	if !ok {
		return
	}
	refuseExtendedName(info, path.Root("name"), config.Name, &resp.Diagnostics)
	set := map[string]bool{
		"replication_factor": !config.ReplicationFactor.IsNull(),
		"satellite":          !config.Satellite.IsNull(),
		"write_concern":      !config.WriteConcern.IsNull(),
		"sharding":           !config.Sharding.IsNull(),
	}
	if info.Role == arangodb.RoleSingle {
		for _, name := range clusterOptions {
			if set[name] {
				resp.Diagnostics.AddAttributeError(path.Root(name), "Cluster option on a single server",
					fmt.Sprintf("%s is an option of cluster databases; a single server (ArangoDB %s) ignores it and keeps none. "+
						"Remove %s, or point the provider at a cluster's coordinators.", name, info.Version.Raw, name))
			}
		}
		return
	}
	if config.Satellite.ValueBool() && info.License == "community" && !info.Version.AtLeast(3, 12, 5) {
		resp.Diagnostics.AddAttributeError(path.Root("satellite"), "SatelliteCollections need the Enterprise Edition",
			fmt.Sprintf("The Community Edition of ArangoDB %s has no SatelliteCollections (from 3.12.5 it has). "+
				"Remove satellite, or set replication_factor.", info.Version.Raw))
	}
}

// replacingChanges lists the attributes whose planned change replaces the
// database (the resource's ModifyPlan does not see the attributes'
// RequiresReplace).
func replacingChanges(state, plan databaseModel) []string {
	return changed(
		attrChange{"name", state.Name, plan.Name},
		attrChange{"replication_factor", state.ReplicationFactor, plan.ReplicationFactor},
		attrChange{"satellite", state.Satellite, plan.Satellite},
		attrChange{"write_concern", state.WriteConcern, plan.WriteConcern},
		attrChange{"sharding", state.Sharding, plan.Sharding},
	)
}

func deletionProtectedDetail(name string) string {
	return fmt.Sprintf("deletion_protection is true, so the provider does not drop database %s, which drops all its data. "+
		"Set deletion_protection = false and apply, then destroy (or change) it; or remove it from the state "+
		"(terraform state rm) to keep the database.", name)
}

func (r *databaseResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan databaseModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() || !requireClient(r.client, &resp.Diagnostics) {
		return
	}
	name := plan.Name.ValueString()
	opts := arangodb.DatabaseOptions{
		ReplicationFactor: int(plan.ReplicationFactor.ValueInt64()),
		Satellite:         plan.Satellite.ValueBool(),
		WriteConcern:      int(plan.WriteConcern.ValueInt64()),
	}
	if plan.Sharding.ValueString() == "single" {
		opts.Sharding = "single"
	}
	if err := r.client.CreateDatabase(ctx, name, opts); err != nil {
		addClientError(&resp.Diagnostics, "Cannot create database "+name, err)
		return
	}
	db, err := r.client.Database(ctx, name)
	if err != nil {
		addClientError(&resp.Diagnostics, "Created database "+name+", but cannot read it back", err)
		return
	}
	plan.fromServer(db)
	resp.Diagnostics.Append(setState(ctx, &resp.State, plan)...)
}

// fromServer sets what the server reports; single servers report no options.
func (m *databaseModel) fromServer(db *arangodb.Database) {
	m.ID = types.StringValue(db.Name)
	m.Name = types.StringValue(db.Name)
	if !db.Cluster {
		m.ReplicationFactor, m.Satellite, m.WriteConcern, m.Sharding = types.Int64Null(), types.BoolNull(), types.Int64Null(), types.StringNull()
		return
	}
	m.Satellite = types.BoolValue(db.Satellite)
	m.ReplicationFactor = types.Int64Null()
	if !db.Satellite {
		m.ReplicationFactor = types.Int64Value(int64(db.ReplicationFactor))
	}
	m.WriteConcern = types.Int64Value(int64(db.WriteConcern))
	m.Sharding = types.StringValue("flexible")
	if db.Sharding == "single" {
		m.Sharding = types.StringValue("single")
	}
}

func (r *databaseResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state databaseModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || !requireClient(r.client, &resp.Diagnostics) {
		return
	}
	name := state.ID.ValueString()
	db, err := r.client.Database(ctx, name)
	if arangodb.IsErrorNum(err, arangodb.ErrNumDatabaseNotFound) {
		resp.State.RemoveResource(ctx) // dropped elsewhere: the next plan creates it
		return
	}
	if err != nil {
		addClientError(&resp.Diagnostics, "Cannot read database "+name, err)
		return
	}
	state.fromServer(db)
	if state.DeletionProtection.IsNull() {
		state.DeletionProtection = types.BoolValue(true) // imported
	}
	resp.Diagnostics.Append(setState(ctx, &resp.State, state)...)
}

// Update changes deletion_protection only: every other change replaces.
func (r *databaseResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state databaseModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	state.DeletionProtection = plan.DeletionProtection
	resp.Diagnostics.Append(setState(ctx, &resp.State, state)...)
}

func (r *databaseResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state databaseModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	name := state.ID.ValueString()
	if state.DeletionProtection.ValueBool() {
		resp.Diagnostics.AddError("Database "+name+" is protected from deletion", deletionProtectedDetail(name))
		return
	}
	if !requireClient(r.client, &resp.Diagnostics) {
		return
	}
	if err := r.client.DropDatabase(ctx, name); err != nil {
		addClientError(&resp.Diagnostics, "Cannot drop database "+name, err)
	}
}

func (r *databaseResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	if why := databaseNameProblem(req.ID); why != "" || strings.TrimSpace(req.ID) != req.ID {
		resp.Diagnostics.AddError("Unexpected import id",
			fmt.Sprintf("Import arangodb_database by the database's name, such as shop; got %q.", req.ID))
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), req.ID)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("deletion_protection"), true)...)
}
