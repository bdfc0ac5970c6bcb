package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
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
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangodb"
)

var (
	_ resource.ResourceWithConfigure   = (*indexResource)(nil)
	_ resource.ResourceWithModifyPlan  = (*indexResource)(nil)
	_ resource.ResourceWithImportState = (*indexResource)(nil)
)

// NewIndexResource is resource "arangodb_index".
func NewIndexResource() resource.Resource { return &indexResource{} }

type indexResource struct {
	client *arangodb.Client
}

type indexModel struct {
	ID                 types.String `tfsdk:"id"`
	Database           types.String `tfsdk:"database"`
	Collection         types.String `tfsdk:"collection"`
	Name               types.String `tfsdk:"name"`
	Type               types.String `tfsdk:"type"`
	Fields             types.List   `tfsdk:"fields"`
	Unique             types.Bool   `tfsdk:"unique"`
	Sparse             types.Bool   `tfsdk:"sparse"`
	Deduplicate        types.Bool   `tfsdk:"deduplicate"`
	Estimates          types.Bool   `tfsdk:"estimates"`
	CacheEnabled       types.Bool   `tfsdk:"cache_enabled"`
	StoredValues       types.List   `tfsdk:"stored_values"`
	ExpireAfter        types.Int64  `tfsdk:"expire_after"`
	GeoJSON            types.Bool   `tfsdk:"geo_json"`
	LegacyPolygons     types.Bool   `tfsdk:"legacy_polygons"`
	MinLength          types.Int64  `tfsdk:"min_length"`
	Analyzer           types.String `tfsdk:"analyzer"`
	IncludeAllFields   types.Bool   `tfsdk:"include_all_fields"`
	SearchField        types.Bool   `tfsdk:"search_field"`
	TrackListPositions types.Bool   `tfsdk:"track_list_positions"`
	InBackground       types.Bool   `tfsdk:"in_background"`
	IndexID            types.String `tfsdk:"index_id"`
}

// indexTypes are the types this resource creates; which attributes each
// takes (the rest are refused at plan).
var indexTypes = map[string][]string{
	"persistent": {"unique", "sparse", "deduplicate", "estimates", "cache_enabled", "stored_values"},
	"ttl":        {"expire_after"},
	"geo":        {"geo_json", "legacy_polygons"},
	"fulltext":   {"min_length"},
	"inverted":   {"stored_values", "analyzer", "include_all_fields", "search_field", "track_list_positions"},
}

// indexTypeAttributes are the attributes of some types only.
var indexTypeAttributes = []string{"unique", "sparse", "deduplicate", "estimates", "cache_enabled", "stored_values",
	"expire_after", "geo_json", "legacy_polygons", "min_length", "analyzer", "include_all_fields", "search_field", "track_list_positions"}

func (r *indexResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_index"
}

func (r *indexResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	boolOf := func(desc string) schema.Attribute {
		return schema.BoolAttribute{Optional: true, Computed: true, MarkdownDescription: desc,
			PlanModifiers: []planmodifier.Bool{boolplanmodifier.UseStateForUnknown(), boolplanmodifier.RequiresReplace()}}
	}
	kinds := []string{"persistent", "inverted", "ttl", "geo", "fulltext"}
	resp.Schema = schema.Schema{
		MarkdownDescription: "An index of a collection (`POST /_api/index`). arangod changes no index in place: any change " +
			"but `in_background` replaces it (the new one is built after the old one is dropped). The primary and edge " +
			"indexes every collection has are not managed here.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{Computed: true, MarkdownDescription: "`<database>/<collection>/<name>`, the import id.",
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()}},
			"database": schema.StringAttribute{Required: true, MarkdownDescription: "The database of the collection.",
				Validators:    []validator.String{databaseNameValidator{allowSystem: true}},
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()}},
			"collection": schema.StringAttribute{Required: true, MarkdownDescription: "The collection the index is on.",
				Validators:    []validator.String{pathSegmentValidator{what: "collection"}},
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()}},
			"name": schema.StringAttribute{Optional: true, Computed: true,
				MarkdownDescription: "`name`, unique in the collection. Default: arangod's (`idx_<number>`).",
				Validators:          []validator.String{pathSegmentValidator{what: "index"}},
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown(), stringplanmodifier.RequiresReplace()}},
			"type": schema.StringAttribute{Required: true,
				MarkdownDescription: "`type`: `" + strings.Join(kinds, "`, `") + "` (`fulltext` is deprecated by ArangoDB since 3.10; " +
					"prefer `inverted` with a `text_en` analyzer).",
				Validators:    []validator.String{stringvalidator.OneOf(kinds...)},
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()}},
			"fields": schema.ListAttribute{Required: true, ElementType: types.StringType,
				MarkdownDescription: "`fields`: the attribute paths indexed (`ttl` and `fulltext`: one; `geo`: one with " +
					"`[longitude, latitude]` or GeoJSON, or two: latitude then longitude).",
				Validators:    []validator.List{listvalidator.SizeAtLeast(1), listvalidator.ValueStringsAre(stringvalidator.LengthAtLeast(1))},
				PlanModifiers: []planmodifier.List{listplanmodifier.RequiresReplace()}},
			"unique":        boolOf("`unique` (persistent): no two documents with the same values. Default `false`."),
			"sparse":        boolOf("`sparse` (persistent): documents without the attributes, or with `null`, are left out. Default `false` (`true` for ttl, geo and fulltext, as arangod reports)."),
			"deduplicate":   boolOf("`deduplicate` (persistent): an array value indexed once per document. Default `true`."),
			"estimates":     boolOf("`estimates` (persistent): selectivity estimates for the query optimizer. Default `true`."),
			"cache_enabled": boolOf("`cacheEnabled` (persistent): an in-memory cache of index lookups. Default `false`."),
			"stored_values": schema.ListAttribute{Optional: true, ElementType: types.StringType,
				MarkdownDescription: "`storedValues` (persistent, inverted): more attributes kept in the index, to cover queries.",
				PlanModifiers:       []planmodifier.List{listplanmodifier.RequiresReplace()}},
			"expire_after": schema.Int64Attribute{Optional: true,
				MarkdownDescription: "`expireAfter` (ttl, required there): seconds after the indexed date a document is removed.",
				Validators:          []validator.Int64{int64validator.AtLeast(0)},
				PlanModifiers:       []planmodifier.Int64{int64planmodifier.RequiresReplace()}},
			"geo_json":        boolOf("`geoJson` (geo): one field holding GeoJSON or `[longitude, latitude]`. Default `false`."),
			"legacy_polygons": boolOf("`legacyPolygons` (geo): the polygon semantics before 3.10. Default `false`."),
			"min_length": schema.Int64Attribute{Optional: true, Computed: true,
				MarkdownDescription: "`minLength` (fulltext): the shortest word indexed. Default 2.",
				Validators:          []validator.Int64{int64validator.AtLeast(1)},
				PlanModifiers:       []planmodifier.Int64{int64planmodifier.UseStateForUnknown(), int64planmodifier.RequiresReplace()}},
			"analyzer": schema.StringAttribute{Optional: true, Computed: true,
				MarkdownDescription: "`analyzer` (inverted): the default analyzer of the fields. Default `identity`.",
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown(), stringplanmodifier.RequiresReplace()}},
			"include_all_fields":   boolOf("`includeAllFields` (inverted): index every attribute, not only `fields`. Default `false`."),
			"search_field":         boolOf("`searchField` (inverted): array values indexed as their elements. Default `false`."),
			"track_list_positions": boolOf("`trackListPositions` (inverted): array positions kept for search. Default `false`."),
			"in_background": schema.BoolAttribute{Optional: true, Computed: true, Default: booldefault.StaticBool(false),
				MarkdownDescription: "`inBackground`: build the index without locking the collection for writes (slower). " +
					"Used on create only; arangod does not report it. Changing it replaces nothing."},
			"index_id": schema.StringAttribute{Computed: true, MarkdownDescription: "arangod's id of the index, `<collection>/<number>`.",
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()}},
		},
	}
}

func (r *indexResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.client = clientFrom(req.ProviderData, &resp.Diagnostics)
}

// ModifyPlan refuses the attributes the type does not take, and a ttl or
// fulltext index of more than one field, which arangod refuses.
func (r *indexResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() {
		return
	}
	var config indexModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	if resp.Diagnostics.HasError() || config.Type.IsUnknown() {
		return
	}
	typ := config.Type.ValueString()
	takes := indexTypes[typ]
	values := config.typeAttributes()
	for _, name := range indexTypeAttributes {
		if v := values[name]; !v.IsNull() && !strings.Contains(" "+strings.Join(takes, " ")+" ", " "+name+" ") {
			resp.Diagnostics.AddAttributeError(path.Root(name), "Not an attribute of a "+typ+" index",
				fmt.Sprintf("A %s index has no %s; arangod ignores it. Remove %s, or choose a type that has it.", typ, name, name))
		}
	}
	n := len(config.Fields.Elements())
	switch {
	case config.Fields.IsUnknown():
	case (typ == "ttl" || typ == "fulltext") && n != 1:
		resp.Diagnostics.AddAttributeError(path.Root("fields"), "One field only",
			fmt.Sprintf("A %s index takes exactly one field; arangod refuses %d (errorNum 10).", typ, n))
	case typ == "geo" && n > 2:
		resp.Diagnostics.AddAttributeError(path.Root("fields"), "One or two fields",
			fmt.Sprintf("A geo index takes one field (a coordinate pair or GeoJSON) or two (latitude, longitude); arangod refuses %d.", n))
	case typ == "geo" && n == 2 && config.GeoJSON.ValueBool():
		resp.Diagnostics.AddAttributeError(path.Root("geo_json"), "geo_json needs one field",
			"geo_json reads one field that holds GeoJSON; with two fields (latitude, longitude) remove geo_json.")
	}
	if typ == "ttl" && config.ExpireAfter.IsNull() {
		resp.Diagnostics.AddAttributeError(path.Root("expire_after"), "expire_after is required",
			"A ttl index needs expire_after (seconds); arangod refuses one without it.")
	}
	// Replacing an index that is a collection's only unique constraint
	// leaves a moment without it: say so.
	if !req.State.Raw.IsNull() && resp.RequiresReplace.Contains(path.Root("unique")) {
		resp.Diagnostics.AddWarning("A unique index is replaced", "The old index is dropped before the new one is built: "+
			"while it is built, the collection takes documents that break the constraint, and the build then fails.")
	}
}

func (m indexModel) typeAttributes() map[string]attr.Value {
	return map[string]attr.Value{"unique": m.Unique, "sparse": m.Sparse, "deduplicate": m.Deduplicate, "estimates": m.Estimates,
		"cache_enabled": m.CacheEnabled, "stored_values": m.StoredValues, "expire_after": m.ExpireAfter, "geo_json": m.GeoJSON,
		"legacy_polygons": m.LegacyPolygons, "min_length": m.MinLength, "analyzer": m.Analyzer,
		"include_all_fields": m.IncludeAllFields, "search_field": m.SearchField, "track_list_positions": m.TrackListPositions}
}

func boolPtr(v types.Bool) *bool {
	if v.IsNull() || v.IsUnknown() {
		return nil
	}
	return v.ValueBoolPointer()
}

func int64Pointer(v types.Int64) *int64 {
	if v.IsNull() || v.IsUnknown() {
		return nil
	}
	return v.ValueInt64Pointer()
}

func (r *indexResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan indexModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() || !requireClient(r.client, &resp.Diagnostics) {
		return
	}
	spec := arangodb.IndexSpec{Type: plan.Type.ValueString(), Unique: boolPtr(plan.Unique), Sparse: boolPtr(plan.Sparse),
		Deduplicate: boolPtr(plan.Deduplicate), Estimates: boolPtr(plan.Estimates), CacheEnabled: boolPtr(plan.CacheEnabled),
		InBackground: plan.InBackground.ValueBool(), ExpireAfter: int64Pointer(plan.ExpireAfter), GeoJSON: boolPtr(plan.GeoJSON),
		LegacyPolygons: boolPtr(plan.LegacyPolygons), MinLength: int64Pointer(plan.MinLength),
		IncludeAllFields: boolPtr(plan.IncludeAllFields), SearchField: boolPtr(plan.SearchField),
		TrackListPositions: boolPtr(plan.TrackListPositions)}
	if !plan.Name.IsUnknown() {
		spec.Name = plan.Name.ValueString()
	}
	if !plan.Analyzer.IsUnknown() {
		spec.Analyzer = plan.Analyzer.ValueString()
	}
	resp.Diagnostics.Append(plan.Fields.ElementsAs(ctx, &spec.Fields, false)...)
	if !plan.StoredValues.IsNull() {
		resp.Diagnostics.Append(plan.StoredValues.ElementsAs(ctx, &spec.StoredValues, false)...)
	}
	if resp.Diagnostics.HasError() {
		return
	}
	db, coll := plan.Database.ValueString(), plan.Collection.ValueString()
	ix, err := r.client.CreateIndex(ctx, db, coll, spec)
	if err != nil {
		addClientError(&resp.Diagnostics, fmt.Sprintf("Cannot create the %s index of %s/%s", spec.Type, db, coll), err)
		return
	}
	if !ix.IsNewlyCreated && spec.Name != "" && ix.Name != spec.Name {
		// arangod matches on the definition, not the name: it answered
		// with an index that has another name, and created nothing.
		resp.Diagnostics.AddError("An identical index exists under another name",
			fmt.Sprintf("%s/%s has index %s (%s) with the same type, fields, unique and sparse; arangod answers it instead of "+
				"creating %s, and keeps one index per definition. Import it (id %s/%s/%s) and name it so, or drop it first.",
				db, coll, ix.Name, ix.ID, spec.Name, db, coll, ix.Name))
		return
	}
	if !ix.IsNewlyCreated {
		resp.Diagnostics.AddWarning("The index existed already",
			fmt.Sprintf("arangod answered that an identical index, %s (%s), exists on %s/%s (isNewlyCreated false): it is "+
				"managed from now on, and destroying the resource drops it.", ix.Name, ix.ID, db, coll))
	}
	plan.fromServer(ctx, db, coll, ix, &resp.Diagnostics)
	resp.Diagnostics.Append(setState(ctx, &resp.State, plan)...)
}

// fromServer sets what arangod reports; an attribute the type has not is null.
func (m *indexModel) fromServer(ctx context.Context, db, coll string, ix *arangodb.CollectionIndex, diags *diag.Diagnostics) {
	m.ID = types.StringValue(db + "/" + coll + "/" + ix.Name)
	m.Database, m.Collection, m.Name, m.Type = types.StringValue(db), types.StringValue(coll), types.StringValue(ix.Name), types.StringValue(ix.Type)
	m.IndexID = types.StringValue(ix.ID)
	fields, d := types.ListValueFrom(ctx, types.StringType, ix.Fields)
	diags.Append(d...)
	m.Fields = fields
	takes := map[string]bool{}
	for _, a := range indexTypes[ix.Type] {
		takes[a] = true
	}
	b := func(name string, v *bool) types.Bool {
		if !takes[name] || v == nil {
			return types.BoolNull()
		}
		return types.BoolValue(*v)
	}
	m.Unique, m.Sparse = b("unique", &ix.Unique), b("sparse", &ix.Sparse)
	m.Deduplicate, m.Estimates, m.CacheEnabled = b("deduplicate", ix.Deduplicate), b("estimates", ix.Estimates), b("cache_enabled", ix.CacheEnabled)
	m.GeoJSON, m.LegacyPolygons = b("geo_json", ix.GeoJSON), b("legacy_polygons", ix.LegacyPolygons)
	m.IncludeAllFields, m.SearchField, m.TrackListPositions = b("include_all_fields", ix.IncludeAllFields),
		b("search_field", ix.SearchField), b("track_list_positions", ix.TrackListPositions)
	m.ExpireAfter, m.MinLength, m.Analyzer = types.Int64Null(), types.Int64Null(), types.StringNull()
	if takes["expire_after"] {
		m.ExpireAfter = int64Ptr(ix.ExpireAfter)
	}
	if takes["min_length"] {
		m.MinLength = int64Ptr(ix.MinLength)
	}
	if takes["analyzer"] {
		m.Analyzer = nullIfEmpty(ix.Analyzer)
	}
	m.StoredValues = types.ListNull(types.StringType)
	if takes["stored_values"] && len(ix.StoredValues) > 0 {
		sv, d := types.ListValueFrom(ctx, types.StringType, ix.StoredValues)
		diags.Append(d...)
		m.StoredValues = sv
	}
	if m.InBackground.IsNull() || m.InBackground.IsUnknown() {
		m.InBackground = types.BoolValue(false) // imported: arangod does not report it
	}
}

func (r *indexResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state indexModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || !requireClient(r.client, &resp.Diagnostics) {
		return
	}
	db, coll, name, ok := splitIndexID(state.ID.ValueString())
	if !ok {
		resp.Diagnostics.AddError("Unexpected id", fmt.Sprintf("%q is not <database>/<collection>/<index name>.", state.ID.ValueString()))
		return
	}
	ix, err := r.client.Index(ctx, db, coll, name)
	switch {
	case arangodb.IsErrorNum(err, arangodb.ErrNumIndexNotFound), arangodb.IsErrorNum(err, arangodb.ErrNumDataSourceMissing),
		arangodb.IsErrorNum(err, arangodb.ErrNumDatabaseNotFound):
		resp.State.RemoveResource(ctx) // dropped elsewhere: the next plan creates it
		return
	case err != nil:
		addClientError(&resp.Diagnostics, "Cannot read index "+state.ID.ValueString(), err)
		return
	}
	state.fromServer(ctx, db, coll, ix, &resp.Diagnostics)
	resp.Diagnostics.Append(setState(ctx, &resp.State, state)...)
}

// splitIndexID splits <database>/<collection>/<name>.
func splitIndexID(id string) (db, coll, name string, ok bool) {
	parts := strings.SplitN(id, "/", 3)
	if len(parts) != 3 || parts[0] == "" || parts[1] == "" || parts[2] == "" {
		return "", "", "", false
	}
	return parts[0], parts[1], parts[2], true
}

// Update: everything but in_background replaces; keep the state.
func (r *indexResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state indexModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	state.InBackground = plan.InBackground
	resp.Diagnostics.Append(setState(ctx, &resp.State, state)...)
}

func (r *indexResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state indexModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || !requireClient(r.client, &resp.Diagnostics) {
		return
	}
	err := r.client.DropIndex(ctx, state.Database.ValueString(), state.IndexID.ValueString())
	if err != nil && !arangodb.IsErrorNum(err, arangodb.ErrNumDatabaseNotFound) {
		addClientError(&resp.Diagnostics, "Cannot drop index "+state.ID.ValueString(), err)
	}
}

func (r *indexResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	db, _, name, ok := splitIndexID(req.ID)
	if !ok || databaseNameProblem(db) != "" && db != "_system" || strings.Contains(name, "/") {
		resp.Diagnostics.AddError("Unexpected import id",
			fmt.Sprintf("Import arangodb_index as <database>/<collection>/<index name>, such as shop/orders/by_customer; got %q.", req.ID))
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), req.ID)...)
}
