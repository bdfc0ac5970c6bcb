package provider

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"regexp"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangodb"
)

// agencyJobFields are what the state tells of an Agency job: the outcome,
// from the job's record (CONTRACT.md §12.2).
type agencyJobFields struct {
	JobID        types.String `tfsdk:"job_id"`
	Status       types.String `tfsdk:"status"`
	Reason       types.String `tfsdk:"reason"`
	TimeCreated  types.String `tfsdk:"time_created"`
	TimeStarted  types.String `tfsdk:"time_started"`
	TimeFinished types.String `tfsdk:"time_finished"`
}

// agencyJobAttributes is the schema of agencyJobFields.
func agencyJobAttributes(kind string) map[string]schema.Attribute {
	str := func(desc string) schema.Attribute {
		return schema.StringAttribute{Computed: true, MarkdownDescription: desc,
			PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()}}
	}
	failed := "`Failed` (then `reason` says why, and the apply failed)"
	if kind == "cleanOutServer" {
		failed = "`Failed` (then `reason` says why, and the apply failed, but for a server cleaned out already, which is taken over)"
	}
	return map[string]schema.Attribute{
		"job_id": str("Id of the `" + kind + "` Agency job (`GET /_admin/cluster/queryAgencyJob?id=` reads it)."),
		"status": str("Where the job is: `Finished`; " + failed + "; or `ToDo` / `Pending` (null if it was never read) when " +
			"the apply stopped waiting (an interrupt, or its timeout: a warning says so) while the job went on. Such a job is " +
			"kept, not started again: the next plan shows it still running, and the next apply waits for it and records its " +
			"outcome. A job that failed after such a stop plans a replacement (a new job), as a failed create does."),
		"reason":        str("Why the job failed (`reason` of the job); null unless `status` is `Failed`."),
		"time_created":  str("`timeCreated` of the job."),
		"time_started":  str("`timeStarted` of the job; null while it is `ToDo`, or when it failed before starting."),
		"time_finished": str("`timeFinished` of the job; null until it ended."),
	}
}

// set copies a job's record into the fields.
func (f *agencyJobFields) set(j *arangodb.AgencyJob) {
	// A job never read (an interrupt right after it was accepted) has no
	// status: null, not a claim of ToDo.
	f.JobID, f.Status = types.StringValue(j.ID), nullIfEmpty(j.Status)
	f.Reason, f.TimeCreated = nullIfEmpty(j.Reason), nullIfEmpty(j.TimeCreated)
	f.TimeStarted, f.TimeFinished = nullIfEmpty(j.TimeStarted), nullIfEmpty(j.TimeFinished)
}

// dbServersNotFailed counts the DB servers whose health is not FAILED.
func dbServersNotFailed(h *arangodb.ClusterHealth) int {
	n := 0
	for _, s := range h.Health {
		if s.Role == arangodb.HealthRoleDBServer && s.Status != "FAILED" {
			n++
		}
	}
	return n
}

// addJobError reports a job that failed, or that was still running when
// the wait ended.
func addJobError(diags *diag.Diagnostics, what string, j *arangodb.AgencyJob, err error) {
	var jf *arangodb.JobFailedError
	if errors.As(err, &jf) {
		diags.AddError("The Agency job "+j.ID+" ("+what+") failed", clientDetail(err))
		return
	}
	diags.AddError("The Agency job "+j.ID+" ("+what+") has not finished", fmt.Sprintf("It is %s: %v.", j.Status, err))
}

var jobIDRE = regexp.MustCompile(`^[0-9]+$`)

// jobRan reports a job run (the client's ...AndWait) that did not start
// (summary start) or whose job could not be read; true when there is a job
// to save, failed or not.
func jobRan(diags *diag.Diagnostics, start, kind, id string, j *arangodb.AgencyJob, err error) bool {
	switch {
	case id == "":
		addClientError(diags, start, err)
	case j == nil:
		addClientError(diags, "Cannot read the "+kind+" job "+id, err)
	default:
		return true
	}
	return false
}

// running says whether the state holds an Agency job that had not ended
// when it was last read: an apply stopped waiting for it (Terraform's stop,
// or the resource's timeout) and saved it, so that it is waited for, not
// started again.
func (f *agencyJobFields) running() bool {
	if f.JobID.IsNull() || f.JobID.IsUnknown() || f.JobID.ValueString() == "" || f.Status.IsUnknown() {
		return false
	}
	s := f.Status.ValueString()
	return s != arangodb.JobFinished && s != arangodb.JobFailed
}

// refresh reads the job again when the state holds it running; a job the
// Agency no longer knows keeps what the state says.
func (f *agencyJobFields) refresh(ctx context.Context, c *arangodb.Client, diags *diag.Diagnostics) bool {
	if !f.running() {
		return true
	}
	j, err := c.AgencyJob(ctx, f.JobID.ValueString())
	switch {
	case arangodb.IsStatus(err, http.StatusNotFound):
		f.gone()
		return true
	case err != nil:
		addClientError(diags, "Cannot read the Agency job "+f.JobID.ValueString(), err)
		return false
	}
	f.set(j)
	return true
}

// planJobWait: when the state holds a job still running, the plan shows
// its outcome (and also, the attributes it decides) as unknown, so that
// the apply waits for it (resumeJob) instead of starting another, and says
// so.
func planJobWait(ctx context.Context, f agencyJobFields, what string, plan *tfsdk.Plan, diags *diag.Diagnostics, also map[string]attr.Value) {
	if !f.running() {
		return
	}
	for _, a := range []string{"status", "reason", "time_created", "time_started", "time_finished"} {
		diags.Append(plan.SetAttribute(ctx, path.Root(a), types.StringUnknown())...)
	}
	for a, unknown := range also {
		diags.Append(plan.SetAttribute(ctx, path.Root(a), unknown)...)
	}
	diags.AddWarning("The Agency job "+f.JobID.ValueString()+" ("+what+") is still "+statusWord(f.Status),
		"An earlier apply started it and stopped waiting for it. The next apply waits for it to end and records its "+
			"outcome; it sends no second job. Follow it with GET /_admin/cluster/queryAgencyJob?id="+f.JobID.ValueString()+".")
}

// statusWord is a job's status for a message.
func statusWord(s types.String) string {
	if s.IsNull() || s.ValueString() == "" {
		return "running (not read since it started)"
	}
	return s.ValueString()
}

// resumeJob waits for the job the state holds running, within ctx (the
// update's timeout), and copies its last read into f. It returns the
// client's error: nil, a *JobFailedError, or a *JobRunningError when the
// wait stopped again.
func resumeJob(ctx context.Context, c *arangodb.Client, f *agencyJobFields) error {
	j, err := c.WaitForJob(ctx, f.JobID.ValueString(), jobProgress(ctx))
	if arangodb.IsStatus(err, http.StatusNotFound) {
		f.gone()
		return nil
	}
	if j != nil && j.Status != "" {
		f.set(j)
	}
	return err
}

// jobGone is the reason of a job the Agency no longer knows.
const jobGone = "the Agency no longer knows this job (the Supervision purges old ones); its outcome is read from the cluster"

// gone marks a running job the Agency no longer knows (404) as ended: Failed
// with jobGone as reason, until the resource reads from the cluster what
// it did (a drain: cleanedServers; a shard move: the shard's servers).
func (f *agencyJobFields) gone() {
	f.Status, f.Reason = types.StringValue(arangodb.JobFailed), types.StringValue(jobGone)
}

// succeeded marks a job gone (see gone) Finished: the cluster shows its work done.
func (f *agencyJobFields) succeeded() {
	if f.Reason.ValueString() == jobGone {
		f.Status, f.Reason = types.StringValue(arangodb.JobFinished), types.StringNull()
	}
}

// stoppedWaiting reports, as a warning, a wait that ended while the job
// went on: Terraform's stop (rpc, the request's context, is done) or the
// resource's own timeout. Not an error: a create that fails is tainted and
// replaced, which would start a second job beside the first. The resource
// is saved with the job, and the next plan shows what became of it.
func stoppedWaiting(rpc context.Context, diags *diag.Diagnostics, what string, err error) bool {
	var jr *arangodb.JobRunningError
	if !errors.As(err, &jr) {
		return false
	}
	diags.AddWarning("Stopped waiting for the Agency job "+jr.Job.ID+" ("+what+")",
		fmt.Sprintf("%s while the job was %s. It goes on in the cluster. The state keeps it (job_id %s): the next plan "+
			"shows what became of it, and the next apply waits for it or records its outcome, sending no second job. "+
			"Follow it with GET /_admin/cluster/queryAgencyJob?id=%s.", stopCause(rpc), statusWord(types.StringValue(jr.Job.Status)), jr.Job.ID, jr.Job.ID))
	return true
}

// stopCause says why a wait ended early: Terraform's stop (rpc, the
// request's context, is done) or the resource's own timeout.
func stopCause(rpc context.Context) string {
	if rpc.Err() != nil {
		return "Terraform stopped the provider (an interrupt)"
	}
	return "The resource's timeout ended"
}

// waitResumed waits for the job the state holds running (resumeJob) and
// reports a wait that stopped again (a warning) or a job that could not be
// read (an error). stopped: save the state as it is and go no further;
// ok false: an error, nothing to save; failed: the job failed.
func waitResumed(rpc, ctx context.Context, c *arangodb.Client, f *agencyJobFields, what string, diags *diag.Diagnostics) (
	failed *arangodb.JobFailedError, stopped, ok bool) {
	err := resumeJob(ctx, c, f)
	switch {
	case stoppedWaiting(rpc, diags, what, err):
		return nil, true, true
	case err != nil && !errors.As(err, &failed):
		addClientError(diags, "Cannot read the Agency job "+f.JobID.ValueString()+" ("+what+")", err)
		return nil, false, false
	}
	return failed, false, true
}

// planRetryFailed: a job that failed after an apply stopped waiting for it
// (or whose record is gone) is not kept as done: the plan replaces the
// resource, starting a new job, as a failed create's taint would have.
func planRetryFailed(ctx context.Context, f agencyJobFields, what string, resp *resource.ModifyPlanResponse) {
	if f.Status.ValueString() != arangodb.JobFailed {
		return
	}
	resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("status"), types.StringUnknown())...)
	resp.RequiresReplace = append(resp.RequiresReplace, path.Root("status"))
	resp.Diagnostics.AddWarning("The Agency job "+f.JobID.ValueString()+" ("+what+") failed",
		"It failed ("+f.Reason.ValueString()+"): the plan replaces the resource, which starts a new job.")
}
