package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/identityschema"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// identity is a resource's identity (Terraform 1.12+, OpenTofu 1.12+): the
// names ArangoDB knows the object by, typed, instead of the import id
// string. Every importable resource's id attribute holds its import id, so
// the identity is derived from it after every create, read, update and
// import, and an import by identity is an import by the id built from it.
type identity struct {
	attrs []identityAttr
	// toID builds the import id from the identity's values (strings, and
	// "true"/"false" for bools), in the order of attrs.
	toID func(v []string) string
	// fromID splits an import id (the id attribute) into the values.
	fromID func(id string) ([]string, error)
	// mutable: the id may be unknown at first (empty values until known).
	mutable bool
}

type identityAttr struct {
	name, desc string
	boolean    bool
}

// identityOf is the identity of a resource whose id is one name.
func identityOf(name, desc string) identity {
	return identity{attrs: []identityAttr{{name: name, desc: desc}},
		toID:   func(v []string) string { return v[0] },
		fromID: func(id string) ([]string, error) { return []string{id}, nil }}
}

// mutableIdentity marks an identity whose id may not be known at first.
func mutableIdentity(d identity) identity {
	d.mutable = true
	return d
}

// singletonIdentity is the identity of a resource of which a deployment has
// one: its fixed import id.
func singletonIdentity(id, desc string) identity {
	return identity{attrs: []identityAttr{{name: "id", desc: desc + fmt.Sprintf(" Always `%s`.", id)}},
		toID: func(v []string) string { return v[0] },
		fromID: func(got string) ([]string, error) {
			if got != id {
				return nil, fmt.Errorf("the id is always %q, not %q", id, got)
			}
			return []string{id}, nil
		}}
}

// pathIdentity is the identity of a resource imported as a/b[/c]: one
// attribute per segment.
func pathIdentity(attrs ...identityAttr) identity {
	n := len(attrs)
	return identity{attrs: attrs,
		toID: func(v []string) string { return strings.Join(v, "/") },
		fromID: func(id string) ([]string, error) {
			v := strings.SplitN(id, "/", n)
			if len(v) != n {
				return nil, fmt.Errorf("%q has not %d parts separated by /", id, n)
			}
			return v, nil
		}}
}

func (d identity) schema() identityschema.Schema {
	s := identityschema.Schema{Attributes: map[string]identityschema.Attribute{}}
	for _, a := range d.attrs {
		if a.boolean {
			s.Attributes[a.name] = identityschema.BoolAttribute{RequiredForImport: true, Description: a.desc}
		} else {
			s.Attributes[a.name] = identityschema.StringAttribute{RequiredForImport: true, Description: a.desc}
		}
	}
	return s
}

// set writes the identity of the state's id; nothing for a removed state.
func (d identity) set(ctx context.Context, st tfsdk.State, out *tfsdk.ResourceIdentity, diags *diag.Diagnostics) {
	if out == nil || st.Raw.IsNull() {
		return
	}
	var id types.String
	diags.Append(st.GetAttribute(ctx, path.Root("id"), &id)...)
	switch {
	case diags.HasError():
	case id.IsNull() || id.IsUnknown():
		// Not known yet (a hot backup still being taken): empty values,
		// which the id replaces once known (the identity is mutable).
		for _, a := range d.attrs {
			var val attr.Value = types.StringValue("")
			if a.boolean {
				val = types.BoolValue(false)
			}
			diags.Append(out.SetAttribute(ctx, path.Root(a.name), val)...)
		}
	default:
		d.setFromID(ctx, id.ValueString(), out, diags)
	}
}

func (d identity) setFromID(ctx context.Context, id string, out *tfsdk.ResourceIdentity, diags *diag.Diagnostics) {
	v, err := d.fromID(id)
	if err != nil {
		diags.AddError("Cannot derive the resource identity", err.Error())
		return
	}
	for i, a := range d.attrs {
		var val attr.Value = types.StringValue(v[i])
		if a.boolean {
			val = types.BoolValue(v[i] == "true")
		}
		diags.Append(out.SetAttribute(ctx, path.Root(a.name), val)...)
	}
}

// importID is the import id an identity names.
func (d identity) importID(ctx context.Context, in *tfsdk.ResourceIdentity, diags *diag.Diagnostics) string {
	v := make([]string, len(d.attrs))
	for i, a := range d.attrs {
		if a.boolean {
			var b types.Bool
			diags.Append(in.GetAttribute(ctx, path.Root(a.name), &b)...)
			v[i] = fmt.Sprint(b.ValueBool())
			continue
		}
		var s types.String
		diags.Append(in.GetAttribute(ctx, path.Root(a.name), &s)...)
		if s.ValueString() == "" && !diags.HasError() {
			diags.AddAttributeError(path.Root(a.name), "Empty identity attribute", fmt.Sprintf("identity %s must not be empty.", a.name))
		}
		v[i] = s.ValueString()
	}
	return d.toID(v)
}

// identified gives an importable resource its identity. It forwards
// everything to the resource and sets the identity from the id after each
// create, read, update and import.
type identified struct {
	inner resource.Resource
	id    identity
}

var (
	_ resource.ResourceWithIdentity         = (*identified)(nil)
	_ resource.ResourceWithImportState      = (*identified)(nil)
	_ resource.ResourceWithConfigure        = (*identified)(nil)
	_ resource.ResourceWithModifyPlan       = (*identified)(nil)
	_ resource.ResourceWithValidateConfig   = (*identified)(nil)
	_ resource.ResourceWithConfigValidators = (*identified)(nil)
)

// withIdentity wraps the resource that f makes.
func withIdentity(f func() resource.Resource, id identity) func() resource.Resource {
	return func() resource.Resource {
		r := f()
		if _, ok := r.(resource.ResourceWithImportState); !ok {
			panic("withIdentity needs an importable resource")
		}
		return &identified{inner: r, id: id}
	}
}

func (r *identified) Metadata(ctx context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	r.inner.Metadata(ctx, req, resp)
	resp.ResourceBehavior.MutableIdentity = r.id.mutable
}

func (r *identified) Schema(ctx context.Context, req resource.SchemaRequest, resp *resource.SchemaResponse) {
	r.inner.Schema(ctx, req, resp)
}

func (r *identified) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = r.id.schema()
}

func (r *identified) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	r.inner.Create(ctx, req, resp)
	r.id.set(ctx, resp.State, resp.Identity, &resp.Diagnostics)
}

func (r *identified) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	r.inner.Read(ctx, req, resp)
	if resp.State.Raw.IsNull() {
		// Gone: the identity of what was there, which the framework wants
		// all the same (a CLI before 1.12 keeps none to start from).
		r.id.set(ctx, req.State, resp.Identity, &resp.Diagnostics)
		return
	}
	r.id.set(ctx, resp.State, resp.Identity, &resp.Diagnostics)
}

func (r *identified) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	r.inner.Update(ctx, req, resp)
	r.id.set(ctx, resp.State, resp.Identity, &resp.Diagnostics)
}

func (r *identified) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	r.inner.Delete(ctx, req, resp)
}

// ImportState takes an id, or an identity (import blocks with identity,
// Terraform 1.12+ and OpenTofu 1.12+), which names the same id.
func (r *identified) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	if req.ID == "" && req.Identity != nil {
		if req.ID = r.id.importID(ctx, req.Identity, &resp.Diagnostics); resp.Diagnostics.HasError() {
			return
		}
	}
	r.inner.(resource.ResourceWithImportState).ImportState(ctx, req, resp)
	if !resp.Diagnostics.HasError() {
		r.id.set(ctx, resp.State, resp.Identity, &resp.Diagnostics)
	}
}

func (r *identified) Configure(ctx context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	if c, ok := r.inner.(resource.ResourceWithConfigure); ok {
		c.Configure(ctx, req, resp)
	}
}

func (r *identified) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if m, ok := r.inner.(resource.ResourceWithModifyPlan); ok {
		m.ModifyPlan(ctx, req, resp)
	}
}

func (r *identified) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	if v, ok := r.inner.(resource.ResourceWithValidateConfig); ok {
		v.ValidateConfig(ctx, req, resp)
	}
}

func (r *identified) ConfigValidators(ctx context.Context) []resource.ConfigValidator {
	if v, ok := r.inner.(resource.ResourceWithConfigValidators); ok {
		return v.ConfigValidators(ctx)
	}
	return nil
}

// The identities of the importable resources: what the import id names.
var (
	databaseIdentity = identityOf("name", "The database's name.")
	userIdentity     = identityOf("name", "The user's name.")
	// A user's grant on a database ("*": the default of databases).
	databaseAccessIdentity = pathIdentity(
		identityAttr{name: "user", desc: "The user's name."},
		identityAttr{name: "database", desc: "The database, or `*` for the default of databases without a grant of their own."})
	collectionAccessIdentity = pathIdentity(
		identityAttr{name: "user", desc: "The user's name."},
		identityAttr{name: "database", desc: "The database, or `*`."},
		identityAttr{name: "collection", desc: "The collection, or `*` for the default of the database's collections."})
	// A database's applier, or the server-wide one (global = true, database
	// "_system"); imported as the database's name or "global".
	replicationApplierIdentity = identity{
		attrs: []identityAttr{{name: "database", desc: "The database whose applier it is (`_system` for the server-wide one)."},
			{name: "global", boolean: true, desc: "Whether it is the server-wide applier (`global = true`)."}},
		toID: func(v []string) string {
			if v[1] == "true" {
				return "global"
			}
			return v[0]
		},
		fromID: func(id string) ([]string, error) {
			if id == "global" {
				return []string{"_system", "true"}, nil
			}
			return []string{id, "false"}, nil
		},
	}
	dbServerMaintenanceIdentity = identityOf("server_id", "The DB server's id (`PRMR-...`).")
	dbServerDrainIdentity       = identityOf("server_id", "The id of the DB server that was cleaned out (`PRMR-...`).")
	dbServerLeadershipIdentity  = identityOf("job_id", "The id of the resignLeadership Agency job.")
	hotBackupIdentity           = mutableIdentity(identityOf("id", "The backup's id, such as `2025-05-23T18.15.31Z_pre-upgrade` (empty while a backup an interrupted apply requested is not known yet)."))
	clusterMaintenanceIdentity  = singletonIdentity("cluster", "A cluster has one Supervision.")
	serverModeIdentity          = singletonIdentity("mode", "A server has one mode.")
	clusterServerCountIdentity  = singletonIdentity("numberOfServers", "A cluster has one set of server counts.")
	collectionIdentity          = pathIdentity(
		identityAttr{name: "database", desc: "The database the collection is in."},
		identityAttr{name: "name", desc: "The collection's name."})
	indexIdentity = pathIdentity(
		identityAttr{name: "database", desc: "The database of the collection."},
		identityAttr{name: "collection", desc: "The collection the index is on."},
		identityAttr{name: "name", desc: "The index's name."})
)
