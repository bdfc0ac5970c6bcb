package provider

import (
	"context"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
)

// timeoutFunc is a method of a timeouts block (Create, Update, Delete): the
// configured timeout, or def.
type timeoutFunc func(ctx context.Context, def time.Duration) (time.Duration, diag.Diagnostics)

// within bounds ctx by the configured timeout; false with the error in
// diags when the timeouts block cannot be read.
func within(ctx context.Context, timeout timeoutFunc, def time.Duration, diags *diag.Diagnostics) (context.Context, context.CancelFunc, bool) {
	d, dd := timeout(ctx, def)
	diags.Append(dd...)
	if dd.HasError() {
		return ctx, func() {}, false
	}
	ctx, cancel := context.WithTimeout(ctx, d)
	return ctx, cancel, true
}

// saveUnlessFailed writes model into st unless diags hold an error: a
// failed apply leaves the state as it was.
func saveUnlessFailed(ctx context.Context, st *tfsdk.State, model any, diags *diag.Diagnostics) {
	if !diags.HasError() {
		diags.Append(setState(ctx, st, model)...)
	}
}
