package provider

import (
	"fmt"
	"maps"

	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangodb"
)

// statisticsFields are the figures of a server's GET /_admin/statistics
// that data sources report: arangodb_cluster_statistics at its top level,
// arangodb_cluster_member in its statistics attribute.
type statisticsFields struct {
	Uptime                types.Float64 `tfsdk:"uptime"`
	PhysicalMemory        types.Int64   `tfsdk:"physical_memory"`
	ResidentSize          types.Int64   `tfsdk:"resident_size"`
	VirtualSize           types.Int64   `tfsdk:"virtual_size"`
	NumberOfThreads       types.Int64   `tfsdk:"number_of_threads"`
	HTTPConnections       types.Int64   `tfsdk:"http_connections"`
	BytesSent             types.Int64   `tfsdk:"bytes_sent"`
	BytesReceived         types.Int64   `tfsdk:"bytes_received"`
	RequestsTotal         types.Int64   `tfsdk:"requests_total"`
	RequestsAsync         types.Int64   `tfsdk:"requests_async"`
	RequestsGet           types.Int64   `tfsdk:"requests_get"`
	RequestsHead          types.Int64   `tfsdk:"requests_head"`
	RequestsPost          types.Int64   `tfsdk:"requests_post"`
	RequestsPut           types.Int64   `tfsdk:"requests_put"`
	RequestsPatch         types.Int64   `tfsdk:"requests_patch"`
	RequestsDelete        types.Int64   `tfsdk:"requests_delete"`
	RequestsOptions       types.Int64   `tfsdk:"requests_options"`
	RequestsOther         types.Int64   `tfsdk:"requests_other"`
	TransactionsStarted   types.Int64   `tfsdk:"transactions_started"`
	TransactionsCommitted types.Int64   `tfsdk:"transactions_committed"`
	TransactionsAborted   types.Int64   `tfsdk:"transactions_aborted"`
}

// statisticsAttributes is the schema of statisticsFields.
func statisticsAttributes() map[string]schema.Attribute {
	n := func(desc string) schema.Attribute {
		return schema.Int64Attribute{Computed: true, MarkdownDescription: desc}
	}
	req := func(method string) schema.Attribute {
		return n("`http.requests" + method + "`: " + method + " requests the server has served since it started.")
	}
	return map[string]schema.Attribute{
		"uptime": schema.Float64Attribute{Computed: true,
			MarkdownDescription: "`server.uptime`: seconds since the server started."},
		"physical_memory":        n("`server.physicalMemory`: bytes of RAM of the host."),
		"resident_size":          n("`system.residentSize`: bytes of the process in RAM."),
		"virtual_size":           n("`system.virtualSize`: bytes of the process's virtual memory."),
		"number_of_threads":      n("`system.numberOfThreads`: threads of the process."),
		"http_connections":       n("`client.httpConnections`: open client connections."),
		"bytes_sent":             n("`client.bytesSent.sum`: bytes sent in answers."),
		"bytes_received":         n("`client.bytesReceived.sum`: bytes received in requests."),
		"requests_total":         n("`http.requestsTotal`: HTTP requests served since the server started."),
		"requests_async":         n("`http.requestsAsync`: requests run asynchronously (`x-arango-async`)."),
		"requests_get":           req("Get"),
		"requests_head":          req("Head"),
		"requests_post":          req("Post"),
		"requests_put":           req("Put"),
		"requests_patch":         req("Patch"),
		"requests_delete":        req("Delete"),
		"requests_options":       req("Options"),
		"requests_other":         n("`http.requestsOther`: requests of other methods."),
		"transactions_started":   n("`server.transactions.started`: transactions started."),
		"transactions_committed": n("`server.transactions.committed`: transactions committed."),
		"transactions_aborted":   n("`server.transactions.aborted`: transactions aborted."),
	}
}

// withDataSourceAttributes adds more to attrs; a name in both is a bug.
func withDataSourceAttributes(attrs, more map[string]schema.Attribute) map[string]schema.Attribute {
	for name := range more {
		if _, dup := attrs[name]; dup {
			panic("attribute " + name + " defined twice")
		}
	}
	maps.Copy(attrs, more)
	return attrs
}

// fill sets the fields from a server's statistics (id names it in errors).
func (m *statisticsFields) fill(s *arangodb.Statistics, id string) diag.Diagnostics {
	var diags diag.Diagnostics
	i := func(n *arangodb.Count) types.Int64 {
		if n == nil {
			return types.Int64Null() // not reported by this version
		}
		return types.Int64Value(int64(*n))
	}
	if s.Server.Uptime == nil {
		diags.AddError("Unexpected statistics from ArangoDB", fmt.Sprintf("server.uptime of %s is missing", id))
		return diags
	}
	m.Uptime = types.Float64Value(*s.Server.Uptime)
	m.PhysicalMemory = i(s.Server.PhysicalMemory)
	m.ResidentSize = i(s.System.ResidentSize)
	m.VirtualSize = i(s.System.VirtualSize)
	m.NumberOfThreads = i(s.System.NumberOfThreads)
	m.HTTPConnections = i(s.Client.HTTPConnections)
	m.BytesSent = i(s.Client.BytesSent.Sum)
	m.BytesReceived = i(s.Client.BytesReceived.Sum)
	m.RequestsTotal = i(s.HTTP.RequestsTotal)
	m.RequestsAsync = i(s.HTTP.RequestsAsync)
	m.RequestsGet = i(s.HTTP.RequestsGet)
	m.RequestsHead = i(s.HTTP.RequestsHead)
	m.RequestsPost = i(s.HTTP.RequestsPost)
	m.RequestsPut = i(s.HTTP.RequestsPut)
	m.RequestsPatch = i(s.HTTP.RequestsPatch)
	m.RequestsDelete = i(s.HTTP.RequestsDelete)
	m.RequestsOptions = i(s.HTTP.RequestsOptions)
	m.RequestsOther = i(s.HTTP.RequestsOther)
	m.TransactionsStarted = i(s.Server.Transactions.Started)
	m.TransactionsCommitted = i(s.Server.Transactions.Committed)
	m.TransactionsAborted = i(s.Server.Transactions.Aborted)
	return diags
}
