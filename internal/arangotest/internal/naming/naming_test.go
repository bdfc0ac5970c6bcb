package naming

import (
	"testing"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/apierr"
	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/version"
)

func TestCheckDatabase(t *testing.T) {
	v310, _ := version.Parse("3.10.0")
	v312, _ := version.Parse("3.12.0")
	for _, c := range []struct {
		name     string
		extended bool
		v        version.Version
		num      int // 0: accepted
	}{
		{"db1", false, v312, 0},
		{"1db", false, v310, apierr.DatabaseNameInvalid},
		{"1db", false, v312, apierr.IllegalName},
		{"dä", false, v312, apierr.IllegalName},
		{"dä", true, v312, 0},
		{"da\u0308", true, v312, apierr.IllegalName}, // not NFC
		{"a/b", true, v312, apierr.IllegalName},
	} {
		err := CheckDatabase(c.name, c.extended, c.v)
		if (err == nil) != (c.num == 0) || (err != nil && err.Num != c.num) {
			t.Errorf("CheckDatabase(%q, %v, %s) = %v", c.name, c.extended, c.v.Raw, err)
		}
	}
	if !Collection("_users") || Collection("1c") || !DocumentKey("a:b@c") || DocumentKey("a/b") {
		t.Error("Collection or DocumentKey")
	}
}
