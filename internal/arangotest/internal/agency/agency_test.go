package agency

import (
	"testing"
	"time"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/jsonx"
)

func TestJobs(t *testing.T) {
	created := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	a := &Agency{Unfinished: 1}
	j := &Job{ID: "7", Type: ResignLeadership, Creator: "c", ServerID: "PRMR-1", Status: ToDo, Created: created}
	if got := string(jsonx.Marshal(j.Record())); got != `{"type":"resignLeadership","server":"PRMR-1","jobId":"7","creator":"c","timeCreated":"2026-01-02T03:04:05Z"}` {
		t.Errorf("Record in ToDo = %s", got)
	}
	a.Finish(j, created.Add(time.Second), Failed, "no")
	if !j.Done() || a.Unfinished != 0 {
		t.Error("Finish: the job is done, nothing unfinished")
	}
	if got := string(jsonx.Marshal(j.Record())); got != `{"timeFinished":"2026-01-02T03:04:06Z","type":"resignLeadership","server":"PRMR-1","jobId":"7","creator":"c","timeCreated":"2026-01-02T03:04:05Z","reason":"no"}` {
		t.Errorf("Record when Failed = %s", got)
	}
	a.Jobs = map[string]*Job{"1": {Type: MoveShard, Status: Pending}, "2": {Type: MoveShard, Status: ToDo}, "7": j}
	if p, td := a.MoveJobCounts(); p != 1 || td != 1 {
		t.Errorf("MoveJobCounts = %d, %d", p, td)
	}
}
