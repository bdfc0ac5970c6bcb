package provider

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangodb"
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

// defaultJobTimeout bounds waiting for an Agency job (resignLeadership,
// cleanOutServer); a big cluster's clean-out can take longer: the
// timeouts block says so.
const defaultJobTimeout = time.Hour

// jobProgress logs an Agency job's progress while a client call waits for
// it: Info when its status changes, Debug while it stays.
func jobProgress(ctx context.Context) func(*arangodb.AgencyJob) {
	last := ""
	return func(j *arangodb.AgencyJob) {
		if j.Status != last {
			tflog.Info(ctx, "arangodb Agency job "+j.ID+" is "+j.Status, map[string]any{"job": j.ID, "type": j.Type, "server": j.Server})
			last = j.Status
		} else {
			tflog.Debug(ctx, "arangodb Agency job "+j.ID+" is still "+j.Status, map[string]any{"job": j.ID})
		}
	}
}

// stoppedOrTimedOut says whether a request of unknown outcome (ou) was cut
// short by Terraform's stop (rpc done), by the operation's own timeout
// (op done), or got no answer within its time: the server may still be
// doing it. A dropped connection is none of these.
func stoppedOrTimedOut(rpc, op context.Context, ou *arangodb.OutcomeUnknownError) bool {
	var te *arangodb.TimeoutError
	return rpc.Err() != nil || op.Err() != nil || errors.As(ou.Err, &te)
}

// timeoutsPositive is a resource's config validator: every duration of its
// timeouts block is above zero. The timeouts library parses them; a
// negative one parses too, and made the apply fail at once with "context
// deadline exceeded".
type timeoutsPositive struct{}

func (timeoutsPositive) Description(context.Context) string {
	return "every duration in the timeouts block is above zero"
}

func (v timeoutsPositive) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (timeoutsPositive) ValidateResource(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var block timeouts.Value
	if resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("timeouts"), &block)...); resp.Diagnostics.HasError() ||
		block.IsNull() || block.IsUnknown() {
		return
	}
	for name, v := range block.Attributes() {
		s, ok := v.(types.String)
		if !ok || s.IsNull() || s.IsUnknown() {
			continue
		}
		if d, err := time.ParseDuration(s.ValueString()); err == nil && d <= 0 {
			resp.Diagnostics.AddAttributeError(path.Root("timeouts").AtName(name), "The timeout must be above zero",
				fmt.Sprintf("timeouts.%s is %s; give a positive duration such as \"30m\", or leave it out for the default.", name, s.ValueString()))
		}
	}
}
