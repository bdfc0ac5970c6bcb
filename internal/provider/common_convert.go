package provider

import (
	"math"

	"github.com/hashicorp/terraform-plugin-framework/types"
)

// stringOr returns the attribute's value, or def when it is null.
func stringOr(v types.String, def string) string {
	if v.IsNull() || v.IsUnknown() {
		return def
	}
	return v.ValueString()
}

// nullIfEmpty: what ArangoDB leaves out or sends empty (a role or state
// lacks it) is null in the schema.
func nullIfEmpty(s string) types.String {
	if s == "" {
		return types.StringNull()
	}
	return types.StringValue(s)
}

// int64Of fits a counter into Terraform's int64.
func int64Of(u uint64) types.Int64 {
	if u > math.MaxInt64 {
		u = math.MaxInt64 // ignoreErrors = true is 2^64-1
	}
	return types.Int64Value(int64(u))
}

// int64Ptr is a number ArangoDB may leave null.
func int64Ptr(p *int64) types.Int64 {
	if p == nil {
		return types.Int64Null()
	}
	return types.Int64Value(*p)
}
