package arangotest

import (
	"crypto/sha256"
	"encoding/hex"
	"sync"
	"time"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/apierr"
	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/jsonx"
	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/licensekey"
	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/node"
	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/version"
)

// The licence of GET|PUT /_admin/license (RestLicenseHandler and the
// Enterprise LicenseFeature; CONTRACT.md §17): one for the deployment, as
// arangod keeps it in the Agency. This file is the model; license_http.go
// serves it.

const (
	// evaluationPeriod: an Enterprise build without a licence (before
	// 3.12.5) runs on a built-in evaluation licence for three hours.
	evaluationPeriod = 3 * time.Hour
	// expiringWithin: a licence is "expiring" in its last week.
	expiringWithin = 7 * 24 * time.Hour
	// defaultDiskUsageLimit is --server.license-disk-usage-limit (100 GiB).
	defaultDiskUsageLimit = 107374182400
	// diskGracePeriod is --server.license-disk-usage-grace-period-readonly
	// and -shutdown (two days each).
	diskGracePeriod = 172800 * time.Second
	// farAway is what the seconds until read-only and shut-down read while
	// the limit is not reached (recorded: 315569520, ten years).
	farAway = 315569520
)

// licenseState is the deployment's licence. Its lock is a leaf: callers
// may hold deployment.mu, never the other way round.
type licenseState struct {
	mu        sync.Mutex
	offset    time.Duration // AdvanceLicenseClock
	begun     bool
	eval      licensekey.Key  // the built-in evaluation licence (Enterprise before 3.12.5)
	applied   *licensekey.Key // PUT /_admin/license
	diskLimit int64           // SetLicenseDiskUsageLimit; 0: the default
	overSince time.Time       // the data was last seen over the limit since then; zero while under

	// Set by Start: the build, the member whose start begins the
	// evaluation period (the single server or coordinator 0), and the
	// deployment whose data counts against the disk-usage limit.
	edition edition
	start   *node.Member
	d       *deployment
}

// edition is the build the emulator plays (Options.License and the
// version): what its features depend on.
type edition struct {
	community bool // Options.License "community"
	ver       version.Version
}

// enterprise: a build with the Enterprise code (USE_ENTERPRISE): hot
// backups, JWT secret rotation, the licence feature and its log topics.
// The Community packages have it from 3.12.5; a Community build before
// has only {"license":"none"}.
func (e edition) enterprise() bool { return !e.community || e.ver.AtLeast(3, 12, 5) }

// evaluatesWithoutLicense: before 3.12.5 an Enterprise build without a
// licence runs on the built-in evaluation licence; from 3.12.5 it reports
// disk usage instead.
func (e edition) evaluatesWithoutLicense() bool { return !e.community && !e.ver.AtLeast(3, 12, 5) }

// license is what /_api/version reports: "community" for a Community
// build before 3.12, "enterprise" otherwise (CONTRACT.md §4.1).
func (e edition) license() string {
	if e.community && !e.ver.AtLeast(3, 12, 0) {
		return licenseCommunity
	}
	return licenseEnterprise
}

// nowLocked is the licence clock; the first call starts the
// evaluation licence's period at the server's start. Caller holds l.mu.
func (l *licenseState) nowLocked() time.Time {
	if !l.begun {
		l.begun = true
		expires := l.start.Started.Add(evaluationPeriod)
		l.eval = licensekey.Key{Raw: licensekey.Mint(expires), Expires: expires}
	}
	return time.Now().Add(l.offset)
}

// installedLocked is the licence in effect: the applied one, or the
// evaluation licence; nil without either. Caller holds l.mu.
func (l *licenseState) installedLocked() *licensekey.Key {
	l.nowLocked()
	switch {
	case l.applied != nil:
		return l.applied
	case l.edition.evaluatesWithoutLicense():
		return &l.eval
	}
	return nil
}

// setDiskLimit sets the disk-usage limit, under l.mu.
func (l *licenseState) setDiskLimit(limit int64) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.diskLimit = max(limit, 0)
}

// licenseStatus is the "status" of a licence key at now.
func licenseStatus(expires, now time.Time) string {
	switch left := expires.Sub(now); {
	case left <= 0:
		return "read-only"
	case left <= expiringWithin:
		return "expiring"
	}
	return "good"
}

// info is GET /_admin/license's body.
func (l *licenseState) info() obj {
	if !l.edition.enterprise() {
		return obj{{"license", "none"}}
	}
	used := l.observeDiskUsage()
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.nowLocked()
	k := l.installedLocked()
	if k == nil {
		return obj{{"upgrading", false}, {"diskUsage", l.diskUsageLocked(used, now)}}
	}
	out := obj{{"upgrading", false}, {"features", obj{{"expires", k.Expires.Unix()}}}}
	if k == l.applied {
		sum := sha256.Sum256([]byte(k.Raw))
		out = append(out, kv{"hash", hex.EncodeToString(sum[:])})
	}
	return append(out, kv{"license", k.Raw}, kv{"version", 1}, kv{"status", licenseStatus(k.Expires, now)})
}

// diskUsageLocked is the diskUsage object (3.12.5+, no licence). Caller
// holds l.mu.
func (l *licenseState) diskUsageLocked(used int64, now time.Time) obj {
	limit := l.diskLimitLocked()
	untilRO, untilDown, status := int64(farAway), int64(farAway), "good"
	if !l.overSince.IsZero() {
		over := time.Duration(now.Unix()-l.overSince.Unix()) * time.Second // whole seconds
		untilRO = max(0, int64((diskGracePeriod-over)/time.Second))
		untilDown = max(0, int64((2*diskGracePeriod-over)/time.Second))
		switch {
		case over >= 2*diskGracePeriod:
			status = "shutdown"
		case over >= diskGracePeriod:
			status = "read-only"
		default:
			status = "limit-reached"
		}
	}
	return obj{{"bytesUsed", used}, {"bytesLimit", limit}, {"limitReached", !l.overSince.IsZero()},
		{"secondsUntilReadOnly", untilRO}, {"secondsUntilShutDown", untilDown}, {"status", status}}
}

func (l *licenseState) diskLimitLocked() int64 {
	if l.diskLimit > 0 {
		return l.diskLimit
	}
	return defaultDiskUsageLimit
}

// observeDiskUsage measures the stored data and notes when it went over
// the limit (arangod measures periodically; the emulator when the licence
// or the metrics are read). It returns the bytes used.
func (l *licenseState) observeDiskUsage() int64 {
	used := l.d.dataBytes()
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.nowLocked()
	switch over := used > l.diskLimitLocked() && l.applied == nil && !l.edition.evaluatesWithoutLicense(); {
	case !over:
		l.overSince = time.Time{}
	case l.overSince.IsZero():
		l.overSince = now
	}
	return used
}

// dataBytes is the size of every stored document (its JSON), each counted
// once: the dataset the disk-usage limit is about.
func (d *deployment) dataBytes() int64 {
	d.mu.Lock()
	defer d.mu.Unlock()
	var n int64
	for _, db := range d.dbs {
		for _, c := range db.Order {
			for _, doc := range c.Docs {
				n += int64(len(jsonx.Marshal(doc.Body)))
			}
		}
	}
	return n
}

// readOnlyLocked: read-only by the server mode (PUT /_admin/server/mode)
// or by the licence. Caller holds d.mu.
func (d *deployment) readOnlyLocked() bool {
	return d.readOnly || (d.licenseReadOnly != nil && d.licenseReadOnly())
}

// readOnly tells whether the licence makes the deployment
// read-only: an expired licence (applied, or the evaluation one), or data
// over the limit for longer than the grace period (3.12.5+, no licence).
// It takes only the licence lock.
func (l *licenseState) readOnly() bool {
	if !l.edition.enterprise() {
		return false
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.nowLocked()
	if k := l.installedLocked(); k != nil {
		return !now.Before(k.Expires)
	}
	return !l.overSince.IsZero() && now.Sub(l.overSince) >= diskGracePeriod
}

// expiresDays is arangodb_license_expires: whole days until the
// licence in effect expires (negative once past; without a licence its
// expiry counts as 0, the Unix epoch).
func (l *licenseState) expiresDays() int64 {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.nowLocked()
	var expires time.Time
	if k := l.installedLocked(); k != nil {
		expires = k.Expires
	} else {
		expires = time.Unix(0, 0)
	}
	return int64(expires.Sub(now) / (24 * time.Hour))
}

// apply is PUT /_admin/license's model: the key, or why not.
func (l *licenseState) apply(raw string, force bool) *apierr.Error {
	k, ok := licensekey.Parse(raw)
	if !ok {
		return apierr.New(400, apierr.LicenseExpiredOrInvalid, "license has expired or is invalid")
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.nowLocked()
	if !now.Before(k.Expires) {
		return apierr.New(400, apierr.LicenseExpiredOrInvalid, "license has expired or is invalid")
	}
	if cur := l.installedLocked(); cur != nil && !force && k.Expires.Before(cur.Expires) {
		return apierr.New(400, apierr.LicenseConflict,
			"This license expires sooner than the existing. You may override this by specifying force=true with invocation.")
	}
	l.applied = &k
	l.overSince = time.Time{}
	return nil
}

// Editions of Options.License.
const (
	licenseEnterprise = "enterprise"
	licenseCommunity  = "community"
)
