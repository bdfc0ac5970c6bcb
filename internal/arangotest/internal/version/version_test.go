package version

import "testing"

func TestParseAndAtLeast(t *testing.T) {
	v, err := Parse("3.12.4-nightly.20240305")
	if err != nil || v.Major != 3 || v.Minor != 12 || v.Patch != 4 || v.Raw != "3.12.4-nightly.20240305" {
		t.Fatalf("Parse = %+v, %v", v, err)
	}
	for _, c := range []struct {
		major, minor, patch int
		want                bool
	}{{3, 12, 4, true}, {3, 12, 5, false}, {3, 11, 9, true}, {4, 0, 0, false}, {2, 99, 99, true}} {
		if got := v.AtLeast(c.major, c.minor, c.patch); got != c.want {
			t.Errorf("AtLeast(%d, %d, %d) = %v", c.major, c.minor, c.patch, got)
		}
	}
	if _, err := Parse("v3.12"); err == nil {
		t.Error("Parse(v3.12) did not fail")
	}
}

func TestModelGates(t *testing.T) {
	v310, _ := Parse("3.10.5")
	v3128, _ := Parse("3.12.8")
	if !v310.UsesOldPropertyOrder() || v3128.UsesOldPropertyOrder() || v310.HasSupportsRBAC() || !v3128.HasSupportsRBAC() ||
		v310.HasPregelQueries() || v3128.HasPregelQueries() || v310.ForwardsCollectionCompaction() || !v3128.ChangesWriteConcernOfFollowers() {
		t.Error("gates of 3.10.5 and 3.12.8")
	}
	if v3128.InsufficientDBServersText() == v310.InsufficientDBServersText() {
		t.Error("InsufficientDBServersText: 3.12 names the write concern too")
	}
}
