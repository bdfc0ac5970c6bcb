package apierr

import "testing"

func TestNewTakesTheDefaultText(t *testing.T) {
	if e := New(404, DatabaseNotFound, ""); e.Status != 404 || e.Num != 1228 || e.Error() != "database not found" {
		t.Errorf("New(404, DatabaseNotFound, \"\") = %+v", e)
	}
	if e := New(400, BadParameter, "no"); e.Msg != "no" {
		t.Errorf("a message given is kept: %+v", e)
	}
	// Numbers registered beside their features, and one without a text.
	for num, want := range map[int]string{IndexNotFound: "index not found", InternalRev: "internal error", ReplRunning: "unknown error"} {
		if got := Text(num); got != want {
			t.Errorf("Text(%d) = %q, want %q", num, got, want)
		}
	}
}
