package provider

import (
	"time"

	dsschema "github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangodb"
)

// licenseFields are what the state says of a deployment's licence.
type licenseFields struct {
	Licensed  types.Bool      `tfsdk:"licensed"`
	Status    types.String    `tfsdk:"status"`
	Expires   types.String    `tfsdk:"expires"`
	Version   types.Int64     `tfsdk:"version"`
	Hash      types.String    `tfsdk:"hash"`
	DiskUsage *diskUsageModel `tfsdk:"disk_usage"`
}

type diskUsageModel struct {
	BytesUsed            types.Int64  `tfsdk:"bytes_used"`
	BytesLimit           types.Int64  `tfsdk:"bytes_limit"`
	LimitReached         types.Bool   `tfsdk:"limit_reached"`
	SecondsUntilReadOnly types.Int64  `tfsdk:"seconds_until_read_only"`
	SecondsUntilShutdown types.Int64  `tfsdk:"seconds_until_shutdown"`
	Status               types.String `tfsdk:"status"`
}

func licenseFieldsOf(l *arangodb.License) licenseFields {
	f := licenseFields{Licensed: types.BoolValue(l.Licensed), Status: nullIfEmpty(l.Status), Hash: nullIfEmpty(l.Hash),
		Expires: types.StringNull(), Version: types.Int64Null()}
	if l.Licensed {
		f.Expires, f.Version = types.StringValue(l.Expires.Format(time.RFC3339)), types.Int64Value(int64(l.Version))
	}
	if d := l.DiskUsage; d != nil {
		f.DiskUsage = &diskUsageModel{BytesUsed: types.Int64Value(d.BytesUsed), BytesLimit: types.Int64Value(d.BytesLimit),
			LimitReached: types.BoolValue(d.LimitReached), SecondsUntilReadOnly: types.Int64Value(d.SecondsUntilReadOnly),
			SecondsUntilShutdown: types.Int64Value(d.SecondsUntilShutDown), Status: types.StringValue(d.Status)}
	}
	return f
}

const licenseStatusDoc = "The licence's status: `good`, `expiring` (less than a week left), or `read-only` (expired: the " +
	"deployment takes no more writes); null without a licence."

func licenseDataSourceAttributes() map[string]dsschema.Attribute {
	return map[string]dsschema.Attribute{
		"licensed": dsschema.BoolAttribute{Computed: true,
			MarkdownDescription: "Whether the deployment has a licence (an applied key, or an Enterprise build's evaluation licence)."},
		"status":  dsschema.StringAttribute{Computed: true, MarkdownDescription: licenseStatusDoc},
		"expires": dsschema.StringAttribute{Computed: true, MarkdownDescription: "When the licence expires (RFC 3339, `features.expires`); null without one."},
		"version": dsschema.Int64Attribute{Computed: true, MarkdownDescription: "The licence format's version; null without a licence."},
		"hash":    dsschema.StringAttribute{Computed: true, MarkdownDescription: "The applied key's hash; null for none (and for an evaluation licence)."},
		"disk_usage": dsschema.SingleNestedAttribute{Computed: true,
			MarkdownDescription: "From 3.12.5, without a licence: the data size against the limit of a deployment without one " +
				"(100 GiB by default); null otherwise.",
			Attributes: map[string]dsschema.Attribute{
				"bytes_used":              dsschema.Int64Attribute{Computed: true, MarkdownDescription: "`bytesUsed`."},
				"bytes_limit":             dsschema.Int64Attribute{Computed: true, MarkdownDescription: "`bytesLimit`."},
				"limit_reached":           dsschema.BoolAttribute{Computed: true, MarkdownDescription: "`limitReached`."},
				"seconds_until_read_only": dsschema.Int64Attribute{Computed: true, MarkdownDescription: "`secondsUntilReadOnly`: until the deployment goes read-only, once over the limit."},
				"seconds_until_shutdown":  dsschema.Int64Attribute{Computed: true, MarkdownDescription: "`secondsUntilShutDown`: until it shuts down, once over the limit."},
				"status":                  dsschema.StringAttribute{Computed: true, MarkdownDescription: "`good`, `limit-reached`, `read-only` or `shutdown`."},
			}},
	}
}
