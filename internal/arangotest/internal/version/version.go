// Package version is the numeric part of an arangod version string, which
// the emulator's behaviour is gated on (CONTRACT.md §4.1). It knows
// nothing of HTTP or of the emulator, which imports it.
package version

import (
	"fmt"
	"regexp"
	"strconv"
)

// Version is the numeric part of an arangod version string; suffixes such
// as "-nightly.20240305" are kept in Raw but ignored for gating.
type Version struct {
	Major, Minor, Patch int
	Raw                 string
}

var versionRe = regexp.MustCompile(`^(\d+)\.(\d+)\.(\d+)`)

// Parse reads MAJOR.MINOR.PATCH[-suffix].
func Parse(s string) (Version, error) {
	m := versionRe.FindStringSubmatch(s)
	if m == nil {
		return Version{}, fmt.Errorf("arangotest: version %q is not of the form MAJOR.MINOR.PATCH[-suffix]", s)
	}
	v := Version{Raw: s}
	v.Major, _ = strconv.Atoi(m[1])
	v.Minor, _ = strconv.Atoi(m[2])
	v.Patch, _ = strconv.Atoi(m[3])
	return v, nil
}

// AtLeast tells whether v is major.minor.patch or later.
func (v Version) AtLeast(major, minor, patch int) bool {
	if v.Major != major {
		return v.Major > major
	}
	if v.Minor != minor {
		return v.Minor > minor
	}
	return v.Patch >= patch
}
