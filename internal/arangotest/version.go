package arangotest

import (
	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/version"
)

// semver is the arangod version (internal/version, whose gates are those
// the data model asks) with the emulator's other feature gates as its
// methods; suffixes are kept in Raw but ignored for gating (CONTRACT.md
// §4.1).
type semver struct{ version.Version }

func parseVersion(s string) (semver, error) {
	v, err := version.Parse(s)
	return semver{v}, err
}

// Feature gates. Each names the version it comes from and why that version.

// removesObsoleteReplication: applier-*, make-follower, logger-follow,
// logger-first-tick, logger-tick-ranges, server-id and sync are gone from
// 3.12.10 (CONTRACT.md §1; the 3.12.10 recordings lack them, 3.12.9's
// still have them).
func (v semver) removesObsoleteReplication() bool { return v.AtLeast(3, 12, 10) }

// hasAPIVersions: /_api/version reports apiVersions & co. The release notes
// date this 3.12.10; the docs build caches show it from 3.12.8 on (3.12.7:
// absent), so the emulator follows the recordings (CONTRACT.md §1, §7.12).
func (v semver) hasAPIVersions() bool { return v.AtLeast(3, 12, 8) }

// openAuthWithoutAuthentication: POST /_open/auth answers {"jwt":"invalid"}
// when authentication is off (CONTRACT.md §2.6, 3.12.6+); before, 404.
func (v semver) openAuthWithoutAuthentication() bool { return v.AtLeast(3, 12, 6) }

// hasMakeFollower: make-follower exists from 3.8 (make-slave before).
func (v semver) hasMakeFollower() bool { return v.AtLeast(3, 8, 0) }

// usernameOptionalAtLogin: 3.12 accepts {"password": <access token>} at
// /_open/auth without a username (CONTRACT.md §2.6).
func (v semver) usernameOptionalAtLogin() bool { return v.AtLeast(3, 12, 0) }
