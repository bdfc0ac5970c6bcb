package provider

import (
	"context"
	"maps"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	dsschema "github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/setplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangodb"
)

// withAttributes adds more to attrs; a name in both is a bug.
func withAttributes(attrs, more map[string]schema.Attribute) map[string]schema.Attribute {
	for name := range more {
		if _, dup := attrs[name]; dup {
			panic("attribute " + name + " defined twice")
		}
	}
	maps.Copy(attrs, more)
	return attrs
}

// nameArgument is a data source's optional argument that names something
// on the server (a database, a DB server): null or not empty.
func nameArgument(doc string) dsschema.StringAttribute {
	return dsschema.StringAttribute{
		Optional:            true,
		MarkdownDescription: doc,
		Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
	}
}

// defaultMaintenanceDuration is arangod's "on": an hour.
const defaultMaintenanceDuration = "1h"

// defaultMaintenanceTimeout bounds waiting for the Supervision to switch;
// arangod itself gives up after 120 s.
const defaultMaintenanceTimeout = 5 * time.Minute

// maintenanceDurationAttribute is the duration of a maintenance, renewed
// by each apply; doc says how the resource sends it.
func maintenanceDurationAttribute(doc string) schema.StringAttribute {
	return schema.StringAttribute{
		CustomType:          timetypes.GoDurationType{},
		Optional:            true,
		Computed:            true,
		Default:             stringdefault.StaticString(defaultMaintenanceDuration),
		MarkdownDescription: doc,
		Validators:          []validator.String{wholeSecondsAtLeast(time.Second)},
	}
}

// importedDuration is what an imported maintenance, which has no duration
// in its state yet, is taken to have: the default.
func importedDuration(d timetypes.GoDuration) timetypes.GoDuration {
	if d.IsNull() {
		return timetypes.NewGoDurationValueFromStringMust(defaultMaintenanceDuration)
	}
	return d
}

// leaderModel holds how a follower reaches its leader and which
// collections it takes; the applier and the sync embed it.
type leaderModel struct {
	Endpoint            types.String `tfsdk:"endpoint"`
	Username            types.String `tfsdk:"username"`
	Password            types.String `tfsdk:"password"`
	PasswordWO          types.String `tfsdk:"password_wo"`
	PasswordWOVersion   types.Int64  `tfsdk:"password_wo_version"`
	RestrictType        types.String `tfsdk:"restrict_type"`
	RestrictCollections types.Set    `tfsdk:"restrict_collections"`
}

// password is what to send: password, else the write-only one read from
// the configuration (plans and states never hold it).
func (m leaderModel) password(passwordWO types.String) string {
	return stringOr(m.Password, passwordWO.ValueString())
}

// leaderOptions are what differs between the objects that embed leaderModel.
type leaderOptions struct {
	// replace: changing the leader or the collections replaces the
	// resource (a sync runs again).
	replace bool
	// writeOnlyNeedsVersion: password_wo only with password_wo_version.
	writeOnlyNeedsVersion bool
	// How the object uses the password: the end of password's description,
	// the middle of password_wo's, and password_wo_version's.
	storedDoc, writeOnlyDoc, versionDoc string
}

// leaderAttributes is the schema of leaderModel.
func leaderAttributes(o leaderOptions) map[string]schema.Attribute {
	var replaceString []planmodifier.String
	var replaceSet []planmodifier.Set
	if o.replace {
		replaceString = []planmodifier.String{stringplanmodifier.RequiresReplace()}
		replaceSet = []planmodifier.Set{setplanmodifier.RequiresReplace()}
	}
	passwordWOValidators := []validator.String{
		stringvalidator.ConflictsWith(path.MatchRoot("password")),
		stringvalidator.AlsoRequires(path.MatchRoot("username")),
	}
	if o.writeOnlyNeedsVersion {
		passwordWOValidators = append(passwordWOValidators, stringvalidator.AlsoRequires(path.MatchRoot("password_wo_version")))
	}
	return map[string]schema.Attribute{
		"endpoint": schema.StringAttribute{
			Required: true,
			MarkdownDescription: "`endpoint`: the leader, `host:port` after `http://` or `tcp://` (plain HTTP), or `https://` or " +
				"`ssl://` (TLS); `http+tcp://` and `http+ssl://` work too. ArangoDB is sent its own spelling (`tcp://`, " +
				"`ssl://`); the state keeps yours, and another spelling of the same endpoint is no change. One of the " +
				"provider's own endpoints is refused at plan (ArangoDB would refuse to replicate from itself, errorNum 1405).",
			Validators:    []validator.String{stringvalidator.RegexMatches(mustRegexp(endpointPattern), endpointPatternHelp)},
			PlanModifiers: append([]planmodifier.String{sameLeaderEndpoint{}}, replaceString...),
		},
		"username": schema.StringAttribute{
			Optional:            true,
			MarkdownDescription: "`username` at the leader. Without it ArangoDB sends no credentials.",
			Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
			PlanModifiers:       replaceString,
		},
		"password": schema.StringAttribute{
			Optional:            true,
			Sensitive:           true,
			MarkdownDescription: "`password` of `username` at the leader" + o.storedDoc,
			Validators: []validator.String{
				stringvalidator.ConflictsWith(path.MatchRoot("password_wo")),
				stringvalidator.AlsoRequires(path.MatchRoot("username")),
			},
		},
		"password_wo": schema.StringAttribute{
			Optional:  true,
			Sensitive: true,
			WriteOnly: true,
			MarkdownDescription: "`password` of `username` at the leader, write-only: " + o.writeOnlyDoc +
				" Needs Terraform 1.11 or OpenTofu 1.11 or later.",
			Validators: passwordWOValidators,
		},
		"password_wo_version": schema.Int64Attribute{
			Optional:            true,
			MarkdownDescription: o.versionDoc,
			Validators:          []validator.Int64{int64validator.AlsoRequires(path.MatchRoot("password_wo"))},
		},
		"restrict_type": schema.StringAttribute{
			Optional: true,
			MarkdownDescription: "`restrictType`: `include` takes only the collections in `restrict_collections`, " +
				"`exclude` all but them. Null (ArangoDB's `\"\"`): all collections.",
			Validators: []validator.String{
				stringvalidator.OneOf("include", "exclude"),
				stringvalidator.AlsoRequires(path.MatchRoot("restrict_collections")),
			},
			PlanModifiers: replaceString,
		},
		"restrict_collections": schema.SetAttribute{
			Optional:            true,
			ElementType:         types.StringType,
			MarkdownDescription: "`restrictCollections`: the collection names `restrict_type` applies to.",
			Validators: []validator.Set{
				setvalidator.SizeAtLeast(1),
				setvalidator.AlsoRequires(path.MatchRoot("restrict_type")),
			},
			PlanModifiers: replaceSet,
		},
	}
}

// sameLeaderEndpoint plans the state's endpoint when the configuration
// spells the same one differently (http:// for tcp://, any case): no change,
// and no replacement. Terraform accepts a prior value in place of an
// equivalent configured one.
type sameLeaderEndpoint struct{}

func (sameLeaderEndpoint) Description(context.Context) string {
	return "another spelling of the same endpoint (http:// = tcp://, https:// = ssl://) is no change"
}

func (m sameLeaderEndpoint) MarkdownDescription(ctx context.Context) string {
	return m.Description(ctx)
}

func (sameLeaderEndpoint) PlanModifyString(_ context.Context, req planmodifier.StringRequest, resp *planmodifier.StringResponse) {
	if req.StateValue.IsNull() || req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if arangodb.SameLeaderEndpoint(req.ConfigValue.ValueString(), req.StateValue.ValueString()) {
		resp.PlanValue = req.StateValue
	}
}

// readFromAttribute is read_from, the endpoint a data source that describes
// one server was read from. (`endpoint` would clash with the leader
// endpoint the applier data sources report.)
func readFromAttribute() dsschema.StringAttribute {
	return dsschema.StringAttribute{
		Computed: true,
		MarkdownDescription: "The provider endpoint every answer of this data source came from (`http://` or `https://`). " +
			"With several endpoints the provider sends all requests of one read to the same server, so the answers never " +
			"mix servers; this says which one it was.",
	}
}
