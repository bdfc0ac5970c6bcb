package model

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

// LicenseState is the deployment's licence. Its lock is a leaf: callers
// may hold Deployment.Mu, never the other way round.
type LicenseState struct {
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
	Edition    Edition
	Start      *node.Member
	Deployment *Deployment
}

// Edition is the build the emulator plays (Options.License and the
// version): what its features depend on.
type Edition struct {
	Community bool // Options.License "community"
	Ver       version.Version
}

// Enterprise: a build with the Enterprise code (USE_ENTERPRISE): hot
// backups, JWT secret rotation, the licence feature and its log topics.
// The Community packages have it from 3.12.5; a Community build before
// has only {"license":"none"}.
func (e Edition) Enterprise() bool { return !e.Community || e.Ver.AtLeast(3, 12, 5) }

// evaluatesWithoutLicense: before 3.12.5 an Enterprise build without a
// licence runs on the built-in evaluation licence; from 3.12.5 it reports
// disk usage instead.
func (e Edition) evaluatesWithoutLicense() bool { return !e.Community && !e.Ver.AtLeast(3, 12, 5) }

// License is what /_api/version reports: "community" for a Community
// build before 3.12, "enterprise" otherwise (CONTRACT.md §4.1).
func (e Edition) License() string {
	if e.Community && !e.Ver.AtLeast(3, 12, 0) {
		return LicenseCommunity
	}
	return LicenseEnterprise
}

// nowLocked is the licence clock; the first call starts the
// evaluation licence's period at the server's start. Caller holds l.mu.
func (l *LicenseState) nowLocked() time.Time {
	if !l.begun {
		l.begun = true
		expires := l.Start.Started.Add(evaluationPeriod)
		l.eval = licensekey.Key{Raw: licensekey.Mint(expires), Expires: expires}
	}
	return time.Now().Add(l.offset)
}

// installedLocked is the licence in effect: the applied one, or the
// evaluation licence; nil without either. Caller holds l.mu.
func (l *LicenseState) installedLocked() *licensekey.Key {
	l.nowLocked()
	switch {
	case l.applied != nil:
		return l.applied
	case l.Edition.evaluatesWithoutLicense():
		return &l.eval
	}
	return nil
}

// SetDiskLimit sets the disk-usage limit, under l.mu.
func (l *LicenseState) SetDiskLimit(limit int64) {
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

// Info is GET /_admin/license's body.
func (l *LicenseState) Info() obj {
	if !l.Edition.Enterprise() {
		return obj{{"license", "none"}}
	}
	used := l.ObserveDiskUsage()
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
func (l *LicenseState) diskUsageLocked(used int64, now time.Time) obj {
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

func (l *LicenseState) diskLimitLocked() int64 {
	if l.diskLimit > 0 {
		return l.diskLimit
	}
	return defaultDiskUsageLimit
}

// ObserveDiskUsage measures the stored data and notes when it went over
// the limit (arangod measures periodically; the emulator when the licence
// or the metrics are read). It returns the bytes used.
func (l *LicenseState) ObserveDiskUsage() int64 {
	used := l.Deployment.dataBytes()
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.nowLocked()
	switch over := used > l.diskLimitLocked() && l.applied == nil && !l.Edition.evaluatesWithoutLicense(); {
	case !over:
		l.overSince = time.Time{}
	case l.overSince.IsZero():
		l.overSince = now
	}
	return used
}

// dataBytes is the size of every stored document (its JSON), each counted
// once: the dataset the disk-usage limit is about.
func (d *Deployment) dataBytes() int64 {
	d.Mu.Lock()
	defer d.Mu.Unlock()
	var n int64
	for _, db := range d.DBs {
		for _, c := range db.Order {
			for _, doc := range c.Docs {
				n += int64(len(jsonx.Marshal(doc.Body)))
			}
		}
	}
	return n
}

// readOnlyLocked: read-only by the server mode (PUT /_admin/server/mode)
// or by the licence. Caller holds d.Mu.
func (d *Deployment) readOnlyLocked() bool {
	return d.readOnly || (d.LicenseReadOnly != nil && d.LicenseReadOnly())
}

// ReadOnly tells whether the licence makes the deployment
// read-only: an expired licence (applied, or the evaluation one), or data
// over the limit for longer than the grace period (3.12.5+, no licence).
// It takes only the licence lock.
func (l *LicenseState) ReadOnly() bool {
	if !l.Edition.Enterprise() {
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

// ExpiresDays is arangodb_license_expires: whole days until the
// licence in effect expires (negative once past; without a licence its
// expiry counts as 0, the Unix epoch).
func (l *LicenseState) ExpiresDays() int64 {
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

// Apply is PUT /_admin/license's model: the key, or why not.
func (l *LicenseState) Apply(raw string, force bool) *apierr.Error {
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
	LicenseEnterprise = "enterprise"
	LicenseCommunity  = "community"
)

// AdvanceClock moves the clock the licence is judged by by d, under l.mu.
func (l *LicenseState) AdvanceClock(d time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.offset += d
}
