package revtree

import "testing"

func TestHLCRoundTrip(t *testing.T) {
	for _, v := range []uint64{1, 63, 64, 1 << 40, 1<<64 - 1} {
		s := EncodeHLC(v)
		if got := DecodeHLC(s); got != v {
			t.Errorf("DecodeHLC(EncodeHLC(%d) = %q) = %d", v, s, got)
		}
		if got, ok := ParseHLC(s); !ok || got != v {
			t.Errorf("ParseHLC(%q) = %d, %v", s, got, ok)
		}
	}
	for _, v := range []any{"", "a b", 12, nil} {
		if _, ok := ParseHLC(v); ok {
			t.Errorf("ParseHLC(%#v) accepted", v)
		}
	}
}

func TestRenderParseDiff(t *testing.T) {
	revs := []uint64{1 << 50, 1<<50 + 7, 1<<50 + defaultSpan}
	leader := New(revs)
	back, reason := Parse(leader.Render(true))
	if reason != "" {
		t.Fatal(reason)
	}
	if back.Count() != 3 || len(back.Diff(leader)) != 0 {
		t.Fatalf("parsed tree: count %d, diff %v", back.Count(), back.Diff(leader))
	}
	local := ShapedAs(back)
	local.Insert(revs[0])
	d := back.Diff(local)
	if len(d) != 2 || d[0][0] > revs[1] || d[0][1] < revs[1] || d[1][0] > revs[2] || d[1][1] < revs[2] {
		t.Fatalf("diff %v does not hold %d and %d", d, revs[1], revs[2])
	}
	if _, reason := Parse([]byte(`{"version":1,"maxDepth":5}`)); reason == "" {
		t.Error("a tree of depth 5 parsed")
	}
}

func TestClock(t *testing.T) {
	var h Clock
	a := h.Next()
	h.Observe(a + 1<<30)
	if b := h.Next(); b != a+1<<30+1 || h.Last() != b {
		t.Fatalf("Next after Observe = %d, Last %d, want %d", b, h.Last(), a+1<<30+1)
	}
	if r := h.NextRev(); DecodeHLC(r) != h.Last() {
		t.Fatalf("NextRev %q decodes to %d, want %d", r, DecodeHLC(r), h.Last())
	}
}
