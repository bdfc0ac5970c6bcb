package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
)

// keepWhenNothingSent puts the value kept returns (nil: none) into the plan
// of the computed attribute name. Resources use it for an update that sends
// nothing (only the timeouts change): the plan then shows the known value,
// not "known after apply", which would read like a change of it.
func keepWhenNothingSent[M any](ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse,
	name string, kept func(plan, state M) any) {
	if req.State.Raw.IsNull() || req.Plan.Raw.IsNull() {
		return
	}
	var plan, state M
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if v := kept(plan, state); v != nil {
		resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root(name), v)...)
	}
}
