package provider

import (
	"encoding/json"
	"fmt"
	"maps"
	"math"

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
	i := func(name string, n json.Number) types.Int64 {
		if n == "" {
			return types.Int64Null() // not reported by this version
		}
		v, err := numberToInt64(n)
		if err != nil {
			diags.AddError("Unexpected statistics from ArangoDB", fmt.Sprintf("%s of %s: %v", name, id, err))
		}
		return types.Int64Value(v)
	}
	uptime, err := s.Server.Uptime.Float64()
	if err != nil {
		diags.AddError("Unexpected statistics from ArangoDB", fmt.Sprintf("server.uptime of %s is %q", id, s.Server.Uptime))
	}
	m.Uptime = types.Float64Value(uptime)
	m.PhysicalMemory = i("server.physicalMemory", s.Server.PhysicalMemory)
	m.ResidentSize = i("system.residentSize", s.System.ResidentSize)
	m.VirtualSize = i("system.virtualSize", s.System.VirtualSize)
	m.NumberOfThreads = i("system.numberOfThreads", s.System.NumberOfThreads)
	m.HTTPConnections = i("client.httpConnections", s.Client.HTTPConnections)
	m.BytesSent = i("client.bytesSent.sum", s.Client.BytesSent.Sum)
	m.BytesReceived = i("client.bytesReceived.sum", s.Client.BytesReceived.Sum)
	m.RequestsTotal = i("http.requestsTotal", s.HTTP.RequestsTotal)
	m.RequestsAsync = i("http.requestsAsync", s.HTTP.RequestsAsync)
	m.RequestsGet = i("http.requestsGet", s.HTTP.RequestsGet)
	m.RequestsHead = i("http.requestsHead", s.HTTP.RequestsHead)
	m.RequestsPost = i("http.requestsPost", s.HTTP.RequestsPost)
	m.RequestsPut = i("http.requestsPut", s.HTTP.RequestsPut)
	m.RequestsPatch = i("http.requestsPatch", s.HTTP.RequestsPatch)
	m.RequestsDelete = i("http.requestsDelete", s.HTTP.RequestsDelete)
	m.RequestsOptions = i("http.requestsOptions", s.HTTP.RequestsOptions)
	m.RequestsOther = i("http.requestsOther", s.HTTP.RequestsOther)
	m.TransactionsStarted = i("server.transactions.started", s.Server.Transactions.Started)
	m.TransactionsCommitted = i("server.transactions.committed", s.Server.Transactions.Committed)
	m.TransactionsAborted = i("server.transactions.aborted", s.Server.Transactions.Aborted)
	return diags
}

// numberToInt64 reads a counter; arangod writes some (bytes sums) as
// doubles, such as 1.5e+06.
func numberToInt64(n json.Number) (int64, error) {
	if v, err := n.Int64(); err == nil {
		return v, nil
	}
	f, err := n.Float64()
	// float64(math.MaxInt64) is 2^63, one more than int64 holds.
	if err != nil || f < math.MinInt64 || f >= math.MaxInt64 || f != math.Trunc(f) {
		return 0, fmt.Errorf("%q is not a whole number", n)
	}
	return int64(f), nil
}
