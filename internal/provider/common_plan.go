package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/attr"
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

// attrChange is an attribute's value in the state and in the plan.
type attrChange struct {
	name          string
	before, after attr.Value
}

// changed lists the attributes whose planned value is known and differs
// from the state's: those whose change replaces a resource, for a guard's
// message (ModifyPlan does not see the attributes' RequiresReplace).
func changed(attrs ...attrChange) []string {
	var out []string
	for _, a := range attrs {
		if !a.after.IsUnknown() && !a.before.Equal(a.after) {
			out = append(out, a.name)
		}
	}
	return out
}
