package provider

import (
	"errors"
	"fmt"
	"regexp"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
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
	return map[string]schema.Attribute{
		"job_id": str("Id of the `" + kind + "` Agency job (`GET /_admin/cluster/queryAgencyJob?id=` reads it)."),
		"status": str("Where the job is: `Finished`; `Failed` (then `reason` says why, and the apply failed, but for a drain of " +
			"a server cleaned out already, which is taken over); or `ToDo` / `Pending` when the apply stopped waiting (its timeout) " +
			"while the job went on (the resource is then tainted)."),
		"reason":        str("Why the job failed (`reason` of the job); null unless `status` is `Failed`."),
		"time_created":  str("`timeCreated` of the job."),
		"time_started":  str("`timeStarted` of the job; null while it is `ToDo`, or when it failed before starting."),
		"time_finished": str("`timeFinished` of the job; null until it ended."),
	}
}

// set copies a job's record into the fields.
func (f *agencyJobFields) set(j *arangodb.AgencyJob) {
	f.JobID, f.Status = types.StringValue(j.ID), types.StringValue(j.Status)
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
	diags.AddError("The Agency job "+j.ID+" ("+what+") has not finished",
		fmt.Sprintf("It is %s: %v. The job goes on in the cluster; the resource is tainted, so the next apply starts a new one "+
			"(which waits for this one). Raise the create timeout (timeouts block) for a job this long.", j.Status, err))
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
