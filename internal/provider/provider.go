// Package provider is the Terraform provider "arangodb".
package provider

import (
	"context"
	"crypto/x509"
	"fmt"
	"os"
	"strings"
	"sync/atomic"

	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangodb"
)

// Environment variables read when an attribute is not set.
const (
	EnvEndpoints    = "ARANGO_ENDPOINTS"
	EnvHostResolver = "ARANGO_HOST_RESOLVER"
	EnvUsername     = "ARANGO_USERNAME"
	EnvPassword     = "ARANGO_PASSWORD"
	EnvJWT          = "ARANGO_JWT"
	EnvCACert       = "ARANGO_CA_CERT"
)

var (
	_ provider.Provider                       = (*arangoProvider)(nil)
	_ provider.ProviderWithValidateConfig     = (*arangoProvider)(nil)
	_ provider.ProviderWithEphemeralResources = (*arangoProvider)(nil)
	_ provider.ProviderWithListResources      = (*arangoProvider)(nil)
	_ provider.ProviderWithActions            = (*arangoProvider)(nil)
)

type arangoProvider struct {
	version string
	client  atomic.Pointer[arangodb.Client] // as configured, for NewServer's reads
}

// New returns the provider factory main.go and the tests serve.
func New(version string) func() provider.Provider {
	return func() provider.Provider { return &arangoProvider{version: version} }
}

type providerModel struct {
	Endpoints          types.List           `tfsdk:"endpoints"`
	HostResolver       types.String         `tfsdk:"host_resolver"`
	Username           types.String         `tfsdk:"username"`
	Password           types.String         `tfsdk:"password"`
	JWT                types.String         `tfsdk:"jwt"`
	Auth               types.String         `tfsdk:"auth"`
	CACertificate      types.String         `tfsdk:"ca_certificate"`
	InsecureSkipVerify types.Bool           `tfsdk:"insecure_skip_verify"`
	RequestTimeout     timetypes.GoDuration `tfsdk:"request_timeout"`
	MaxRetries         types.Int64          `tfsdk:"max_retries"`
	HedgeAfter         timetypes.GoDuration `tfsdk:"hedge_after"`
	DiscoverEndpoints  types.Bool           `tfsdk:"discover_endpoints"`
}

func (p *arangoProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "arangodb"
	resp.Version = p.version
}

func (p *arangoProvider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	resp.Schema = providerSchema()
}

func providerSchema() schema.Schema {
	return schema.Schema{
		MarkdownDescription: "Manages ArangoDB replication and cluster administration. " +
			"Every attribute can also come from an environment variable, named in its description.",
		Attributes: map[string]schema.Attribute{
			"endpoints": schema.ListAttribute{
				ElementType: types.StringType,
				Optional:    true,
				MarkdownDescription: "URLs of the servers (or a cluster's coordinators) to talk to: `http://`, `https://`, " +
					"or ArangoDB's `tcp://` and `http+tcp://` (= http) and `ssl://` and `http+ssl://` (= https). A request that cannot connect, or gets HTTP 503, " +
					"goes to the next endpoint; so does a read (or a write that is safe to repeat) whose endpoint times out or " +
					"drops the connection. An endpoint that failed is tried last for a while (2 s, doubling to 1 min while it " +
					"keeps failing), so that the provider's parallel requests do not each wait on it. " +
					"Environment: `ARANGO_ENDPOINTS` (comma-separated).",
				Validators: []validator.List{
					listvalidator.SizeAtLeast(1),
					listvalidator.ValueStringsAre(stringvalidator.RegexMatches(mustRegexp(endpointPattern), endpointPatternHelp)),
				},
			},
			"host_resolver": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "How each request picks the endpoint it tries first: `roundrobin` (default) or `random`. " +
					"Environment: `ARANGO_HOST_RESOLVER`.",
				Validators: []validator.String{stringvalidator.OneOf(arangodb.ResolverRoundRobin, arangodb.ResolverRandom)},
			},
			"username": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "User name for Basic authentication, or for logging in when `auth = \"jwt\"`. Environment: `ARANGO_USERNAME`.",
			},
			"password": schema.StringAttribute{
				Optional:            true,
				Sensitive:           true,
				MarkdownDescription: "Password of `username`. Environment: `ARANGO_PASSWORD`.",
				Validators:          []validator.String{stringvalidator.ConflictsWith(path.MatchRoot("jwt"))},
			},
			"jwt": schema.StringAttribute{
				Optional:  true,
				Sensitive: true,
				MarkdownDescription: "A bearer token (JWT) to send instead of a user name and password, such as a superuser " +
					"token made from the server's JWT secret. Environment: `ARANGO_JWT`.",
				Validators: []validator.String{stringvalidator.ConflictsWith(path.MatchRoot("password"))},
			},
			"auth": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "`basic` (default): send the user name and password with every request. " +
					"`jwt`: log in once at `POST /_open/auth`, send the token, and log in again before it expires.",
				Validators: []validator.String{stringvalidator.OneOf(arangodb.AuthBasic, arangodb.AuthJWT)},
			},
			"ca_certificate": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "A CA certificate to trust for `https://` and `ssl://` endpoints, as PEM text or the path of a " +
					"PEM file, in addition to the system's. Environment: `ARANGO_CA_CERT`.",
			},
			"insecure_skip_verify": schema.BoolAttribute{
				Optional:            true,
				MarkdownDescription: "Skip the verification of the server's TLS certificate. Default `false`; for tests only.",
			},
			"request_timeout": schema.StringAttribute{
				CustomType: timetypes.GoDurationType{},
				Optional:   true,
				MarkdownDescription: "How long one attempt of a request may take, as a Go duration such as `60s` (default) or `2m`. " +
					"A read that times out goes to the next endpoint; a write that times out fails with the endpoint named and is " +
					"not sent again (the server may still be doing it).",
			},
			"max_retries": schema.Int64Attribute{
				Optional: true,
				MarkdownDescription: "How many more rounds over all endpoints a request makes when none could be reached or all " +
					"answered 503, with exponential backoff between rounds (100 ms doubling to 2 s). Default `8`: a request " +
					"then survives a server that refuses or answers 503 for about 7 seconds. A certificate the client does not " +
					"trust is not tried again, and a write that may have reached the server is never sent again unless it is " +
					"safe to repeat (see the README's Reliability section). When no endpoint could be reached for a request at all, later " +
					"requests of the same Terraform run fail at once with that error.",
				Validators: []validator.Int64{int64validator.Between(0, 20)},
			},
			"hedge_after": schema.StringAttribute{
				CustomType: timetypes.GoDurationType{},
				Optional:   true,
				MarkdownDescription: "How long a short read (version, role, health, maintenance, states, inventories; never a " +
					"dump page or a wait) waits for its endpoint before it is also sent to the next one; the first answer " +
					"wins and the other request is cancelled. Default `1s`; `0s` turns hedging off. With a coordinator that " +
					"accepts connections but never answers, a plan then costs about `hedge_after`, not `request_timeout`.",
			},
			"discover_endpoints": schema.BoolAttribute{
				Optional: true,
				MarkdownDescription: "Default `false`. When `true` and the endpoints lead to a cluster, the provider adds the coordinators " +
					"that `GET /_api/cluster/endpoints` reports to `endpoints`, once per Terraform command, right after it first learns " +
					"the server's version and role (one more request); they then take part in round robin and failover like the " +
					"configured ones. One reachable coordinator in `endpoints` is then enough. The coordinators report themselves as " +
					"they are configured (`--server.endpoint`, or the advertised endpoint): the provider must be able to reach those " +
					"addresses, and an address spelled differently from a configured one (a name instead of an IP) is added as a " +
					"second endpoint to the same coordinator. Data source `arangodb_cluster_endpoints` shows the list.",
			},
		},
	}
}

func (p *arangoProvider) ValidateConfig(ctx context.Context, req provider.ValidateConfigRequest, resp *provider.ValidateConfigResponse) {
	var m providerModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if !m.RequestTimeout.IsNull() && !m.RequestTimeout.IsUnknown() {
		d, diags := m.RequestTimeout.ValueGoDuration()
		if !diags.HasError() && d <= 0 {
			resp.Diagnostics.AddAttributeError(path.Root("request_timeout"), "Invalid request_timeout",
				fmt.Sprintf("request_timeout must be a positive duration such as \"60s\"; got %q.", m.RequestTimeout.ValueString()))
		}
	}
	if !m.HedgeAfter.IsNull() && !m.HedgeAfter.IsUnknown() {
		d, diags := m.HedgeAfter.ValueGoDuration()
		if !diags.HasError() && d < 0 {
			resp.Diagnostics.AddAttributeError(path.Root("hedge_after"), "Invalid hedge_after",
				fmt.Sprintf("hedge_after must be a duration of 0s (no hedging) or more, such as \"1s\"; got %q.", m.HedgeAfter.ValueString()))
		}
	}
}

func (p *arangoProvider) Configure(ctx context.Context, req provider.ConfigureRequest, resp *provider.ConfigureResponse) {
	var m providerModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if m.Endpoints.IsUnknown() || m.Username.IsUnknown() || m.Password.IsUnknown() || m.JWT.IsUnknown() {
		// Known only after apply: resources say so when they need the client.
		return
	}
	cfg := arangodb.Config{
		HostResolver:       stringOr(m.HostResolver, os.Getenv(EnvHostResolver)),
		Username:           stringOr(m.Username, os.Getenv(EnvUsername)),
		Password:           stringOr(m.Password, os.Getenv(EnvPassword)),
		JWT:                stringOr(m.JWT, os.Getenv(EnvJWT)),
		Auth:               stringOr(m.Auth, arangodb.AuthBasic),
		CACertificate:      stringOr(m.CACertificate, os.Getenv(EnvCACert)),
		InsecureSkipVerify: m.InsecureSkipVerify.ValueBool(),
		RequestTimeout:     arangodb.DefaultRequestTimeout,
		MaxRetries:         arangodb.DefaultMaxRetries,
		HedgeAfter:         arangodb.DefaultHedgeAfter,
		DiscoverEndpoints:  m.DiscoverEndpoints.ValueBool(),
		Log: func(ctx context.Context, msg string, fields map[string]any) {
			tflog.Debug(ctx, msg, fields)
		},
	}
	if !m.Endpoints.IsNull() {
		resp.Diagnostics.Append(m.Endpoints.ElementsAs(ctx, &cfg.Endpoints, false)...)
	} else if env := os.Getenv(EnvEndpoints); env != "" {
		for _, e := range strings.Split(env, ",") {
			if e = strings.TrimSpace(e); e != "" {
				cfg.Endpoints = append(cfg.Endpoints, e)
			}
		}
	}
	if !m.RequestTimeout.IsNull() {
		d, diags := m.RequestTimeout.ValueGoDuration()
		resp.Diagnostics.Append(diags...)
		cfg.RequestTimeout = d
	}
	if !m.MaxRetries.IsNull() {
		cfg.MaxRetries = int(m.MaxRetries.ValueInt64())
	}
	if !m.HedgeAfter.IsNull() {
		d, diags := m.HedgeAfter.ValueGoDuration()
		resp.Diagnostics.Append(diags...)
		cfg.HedgeAfter = d
	}
	if resp.Diagnostics.HasError() {
		return
	}
	if len(cfg.Endpoints) == 0 {
		resp.Diagnostics.AddAttributeError(path.Root("endpoints"), "No ArangoDB endpoints",
			"Set endpoints in the provider block, or ARANGO_ENDPOINTS in the environment (comma-separated URLs such as http://127.0.0.1:8529).")
		return
	}
	for _, e := range cfg.Endpoints {
		if _, err := arangodb.NormalizeEndpoint(e); err != nil {
			resp.Diagnostics.AddAttributeError(path.Root("endpoints"), "Invalid ArangoDB endpoint", err.Error())
		}
	}
	if cfg.HostResolver != "" && cfg.HostResolver != arangodb.ResolverRoundRobin && cfg.HostResolver != arangodb.ResolverRandom {
		resp.Diagnostics.AddAttributeError(path.Root("host_resolver"), "Invalid host_resolver",
			fmt.Sprintf("host_resolver (or ARANGO_HOST_RESOLVER) is %q; use \"roundrobin\" or \"random\".", cfg.HostResolver))
	}
	if cfg.JWT != "" && m.Password.ValueString() != "" {
		resp.Diagnostics.AddAttributeError(path.Root("jwt"), "jwt together with password",
			"Give either jwt (or ARANGO_JWT) or username and password, not both.")
	}
	if cfg.CACertificate != "" {
		if pem, err := arangodb.LoadPEM(cfg.CACertificate); err != nil {
			resp.Diagnostics.AddAttributeError(path.Root("ca_certificate"), "Invalid ca_certificate",
				err.Error()+". Give PEM text (-----BEGIN CERTIFICATE-----...) or the path of a PEM file, in ca_certificate or ARANGO_CA_CERT.")
		} else if !x509.NewCertPool().AppendCertsFromPEM(pem) {
			resp.Diagnostics.AddAttributeError(path.Root("ca_certificate"), "Invalid ca_certificate",
				"ca_certificate (or ARANGO_CA_CERT) holds no PEM certificate; give the CA's certificate, -----BEGIN CERTIFICATE-----...")
		}
	}
	if cfg.Auth == arangodb.AuthJWT && cfg.JWT == "" && cfg.Username == "" {
		resp.Diagnostics.AddAttributeError(path.Root("auth"), "auth = \"jwt\" needs a user",
			"Logging in at /_open/auth needs username and password (or ARANGO_USERNAME and ARANGO_PASSWORD).")
	}
	if resp.Diagnostics.HasError() {
		return
	}
	client, err := arangodb.New(cfg)
	if err != nil {
		resp.Diagnostics.AddError("Cannot set up the ArangoDB client", err.Error())
		return
	}
	p.client.Store(client)
	resp.DataSourceData = client
	resp.ResourceData = client
	resp.EphemeralResourceData = client
	resp.ListResourceData = client
	resp.ActionData = client
	tflog.Debug(ctx, "configured the arangodb provider", map[string]any{
		"endpoints": client.Endpoints(), "host_resolver": client.HostResolver(),
		"auth": cfg.Auth, "request_timeout": cfg.RequestTimeout.String(), "max_retries": cfg.MaxRetries,
		"hedge_after": cfg.HedgeAfter.String(), "discover_endpoints": cfg.DiscoverEndpoints,
	})
}

func (p *arangoProvider) Resources(_ context.Context) []func() resource.Resource {
	return []func() resource.Resource{
		// Importable resources have an identity (common_identity.go).
		withIdentity(NewClusterMaintenanceResource, clusterMaintenanceIdentity),
		withIdentity(NewDBServerMaintenanceResource, dbServerMaintenanceIdentity),
		withIdentity(NewDBServerLeadershipResource, dbServerLeadershipIdentity),
		withIdentity(NewDBServerDrainResource, dbServerDrainIdentity),
		withIdentity(NewClusterServerCountResource, clusterServerCountIdentity),
		NewClusterRebalanceResource,
		NewShardMoveResource,
		NewReplicationSyncResource,
		withIdentity(NewReplicationApplierResource, replicationApplierIdentity),
		withIdentity(NewDatabaseResource, databaseIdentity),
		withIdentity(NewUserResource, userIdentity),
		withIdentity(NewDatabaseAccessResource, databaseAccessIdentity),
		withIdentity(NewCollectionAccessResource, collectionAccessIdentity),
		withIdentity(NewServerModeResource, serverModeIdentity),
		withIdentity(NewHotBackupResource, hotBackupIdentity),
		withIdentity(NewCollectionResource, collectionIdentity),
		withIdentity(NewIndexResource, indexIdentity),
		NewLogLevelResource,
		NewLicenseResource,
		NewTLSReloadResource,
		NewJWTReloadResource,
		NewHotBackupUploadResource,
		NewHotBackupDownloadResource,
	}
}

// Actions are the one-shot operations of Terraform 1.14+
// (terraform apply -invoke, or on a resource's lifecycle events).
func (p *arangoProvider) Actions(_ context.Context) []func() action.Action {
	return []func() action.Action{NewHotBackupRestoreAction, NewCompactAction, NewTLSReloadAction, NewJWTReloadAction}
}

// ListResources are the list resources of terraform query (Terraform
// 1.14+), named as the managed resources whose objects they find.
func (p *arangoProvider) ListResources(_ context.Context) []func() list.ListResource {
	return []func() list.ListResource{
		NewDatabaseListResource,
		NewUserListResource,
		NewDatabaseAccessListResource,
		NewCollectionAccessListResource,
		NewReplicationApplierListResource,
		NewHotBackupListResource,
		NewDBServerMaintenanceListResource,
		NewCollectionListResource,
		NewIndexListResource,
	}
}

func (p *arangoProvider) DataSources(_ context.Context) []func() datasource.DataSource {
	return []func() datasource.DataSource{
		NewServerDataSource,
		NewLogLevelDataSource,
		NewMetricsDataSource,
		NewLicenseDataSource,
		NewTLSDataSource,
		NewJWTSecretsDataSource,
		NewClusterJobsDataSource,
		NewDatabasesDataSource,
		NewUsersDataSource,
		NewClusterHealthDataSource,
		NewClusterStatisticsDataSource,
		NewClusterEndpointsDataSource,
		NewClusterMemberDataSource,
		NewClusterReadyDataSource,
		NewClusterImbalanceDataSource,
		NewClusterRebalancePlanDataSource,
		NewClusterServerCountDataSource,
		NewReplicationInventoryDataSource,
		NewClusterInventoryDataSource,
		NewReplicationLoggerStateDataSource,
		NewReplicationDumpDataSource,
		NewReplicationApplierStateDataSource,
		NewReplicationAppliersDataSource,
		NewHotBackupsDataSource,
	}
}

func (p *arangoProvider) EphemeralResources(_ context.Context) []func() ephemeral.EphemeralResource {
	return []func() ephemeral.EphemeralResource{
		NewReplicationDumpBatchEphemeralResource,
	}
}
