// Package version is the numeric part of an arangod version string, which
// the emulator's behaviour is gated on (CONTRACT.md §4.1). It knows
// nothing of HTTP or of the emulator, which imports it.
package version

import (
	"fmt"
	"regexp"
	"strconv"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/apierr"
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

// The gates the deployment's data model asks (the other gates are the
// emulator's semver's, version.go). Each names the version it comes from
// and why that version.

// HasSupportsRBAC: collection properties carry "supportsRBAC" (recorded from
// 3.12.8 on; absent in 3.12.7 and the 3.12.0 nightly).
func (v Version) HasSupportsRBAC() bool { return v.AtLeast(3, 12, 8) }

// HasPregelQueries: _system has _pregel_queries in 3.11 only (recorded
// collection lists of 3.10, 3.11 and 3.12).
func (v Version) HasPregelQueries() bool { return v.AtLeast(3, 11, 0) && !v.AtLeast(3, 12, 0) }

// UsesOldPropertyOrder: 3.10 renders collection properties in another key
// order than 3.11+ (recordings).
func (v Version) UsesOldPropertyOrder() bool { return !v.AtLeast(3, 11, 0) }

// ChangesWriteConcernOfFollowers: from 3.12 a collection with
// distributeShardsLike may have a writeConcern of its own (rn 3.12,
// "Adjustable writeConcern for collections with distributeShardsLike").
func (v Version) ChangesWriteConcernOfFollowers() bool { return v.AtLeast(3, 12, 0) }

// InsufficientDBServersText is errorNum 1487's text (errors.yaml: 3.12
// names the write concern too).
func (v Version) InsufficientDBServersText() string {
	if v.AtLeast(3, 12, 0) {
		return "the number of current DB-Servers is lower than the requested replicationFactor/writeConcern"
	}
	return apierr.Text(apierr.InsufficientDBServers)
}

// ForwardsCollectionCompaction: from 3.12.0 a coordinator sends the
// compaction to every server of every shard (arangodb PR #20504, not
// backported to 3.10 or 3.11, where a coordinator's compact is a no-op).
func (v Version) ForwardsCollectionCompaction() bool { return v.AtLeast(3, 12, 0) }
