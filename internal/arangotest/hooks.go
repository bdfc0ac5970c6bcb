package arangotest

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/apierr"
	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/docstore"
	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/licensekey"
	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/model"
	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/node"
	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/userstore"
)

// The test hooks of the model's features, apart from the model (which
// knows nothing of Server): each reads or arranges the model through its
// own locks, as the handlers do.

// CreateUser adds a user as POST /_api/user does (for tests).
func (s *Server) CreateUser(name, password string) error {
	if strings.TrimSpace(name) == "" {
		return apierr.New(400, apierr.UserInvalidName, "")
	}
	if _, ok := s.state.Users.Add(&userstore.User{Name: name, Password: password, Active: true, DBs: map[string]*userstore.Grant{}}); !ok {
		return apierr.New(409, apierr.UserDuplicate, "")
	}
	return nil
}

// UserGrant is a user's configured grant on a database, or on a collection
// when collection is given: "rw", "ro", "none" or "undefined".
func (s *Server) UserGrant(name, db, collection string) string {
	return s.state.Users.Configured(name, db, collection)
}

// UserExists tells whether the user exists.
func (s *Server) UserExists(name string) bool {
	return s.state.Users.Exists(name)
}

// UserPasswordIs tells whether the user exists with that password and is
// active (it can log in).
func (s *Server) UserPasswordIs(name, password string) bool {
	return s.state.Users.CheckPassword(name, password)
}

// MintLicense makes an emulator licence key (emulator-only, CONTRACT.md
// §17.5) that expires at expires; PUT /_admin/license accepts it.
func (s *Server) MintLicense(expires time.Time) string { return licensekey.Mint(expires) }

// AdvanceLicenseClock moves the clock the licence is judged by (its
// status, the read-only state, arangodb_license_expires, the disk-usage
// grace periods) by d; other clocks of the emulator stay.
func (s *Server) AdvanceLicenseClock(d time.Duration) {
	s.lic.AdvanceClock(d)
}

// SetLicenseDiskUsageLimit is --server.license-disk-usage-limit (bytes; 0
// is the default, 100 GiB), which a deployment without a licence may
// store from 3.12.5 (CONTRACT.md §17.2).
func (s *Server) SetLicenseDiskUsageLimit(limit int64) {
	s.lic.SetDiskLimit(limit)
	s.lic.ObserveDiskUsage()
}

// JobStatus is a job's status as queryAgencyJob reports it ("ToDo",
// "Pending", "Finished", "Failed"; "" for an unknown id) and its reason.
func (s *Server) JobStatus(id string) (status, reason string) {
	s.sup.Advance()
	return s.sup.JobStatus(id)
}

// JobIDs lists the ids of the jobs of a type ("resignLeadership",
// "cleanOutServer", "moveShard"; "" for all), in creation order.
func (s *Server) JobIDs(typ string) []string { return s.sup.JobIDs(typ) }

// SetMoveDuration changes how long each shard move of a job takes (0:
// instant), for the moves under way too: a test can hold jobs Pending with
// an hour and let them finish with 0, whatever the clock says.
func (s *Server) SetMoveDuration(d time.Duration) { s.sup.SetMoveDuration(d) }

// CleanedServers is Target/CleanedServers: the ids of the DB servers
// cleaned out.
func (s *Server) CleanedServers() []string {
	s.sup.Advance()
	return s.sup.CleanedServers()
}

// ShardPlan lists the Plan of every shard of db/coll, in shard order: the
// servers' ids, leader first.
func (s *Server) ShardPlan(db, coll string) ([][]string, error) {
	return s.sup.ShardLists(db, coll, func(p *docstore.ShardPlacement, _ map[*node.Member]string) []*node.Member { return p.Plan })
}

// ShardCurrent lists Current of every shard of db/coll as it reads now (a
// server that is not GOOD has left it), leader first.
func (s *Server) ShardCurrent(db, coll string) ([][]string, error) {
	return s.sup.ShardLists(db, coll, model.CurrentView)
}

// ShardNames lists the shards of db/coll in order.
func (s *Server) ShardNames(db, coll string) ([]string, error) { return s.sup.ShardNames(db, coll) }

// ShardsOn counts the shards (leader or follower, in Plan or Current, of
// every collection of every database) a DB server, by id or short name,
// holds; leaders counts those it leads in Plan.
func (s *Server) ShardsOn(idOrName string) (shards, leaders int) {
	s.sup.Advance()
	return s.sup.ShardsOn(s.topo.Member(idOrName))
}

// SetShardServers places shard i of db/coll on the given DB servers (ids or
// short names, leader first), in Plan and Current, as if the Supervision
// had moved it there: for tests that need a given distribution.
func (s *Server) SetShardServers(db, coll string, i int, servers ...string) error {
	var ms []*node.Member
	for _, name := range servers {
		m := s.topo.Member(name)
		if m == nil || m.Role != model.RoleDBServer {
			return fmt.Errorf("arangotest: %q is not a DB server", name)
		}
		if slices.Contains(ms, m) {
			return fmt.Errorf("arangotest: %q twice", name)
		}
		ms = append(ms, m)
	}
	if len(ms) == 0 {
		return fmt.Errorf("arangotest: a shard needs a server")
	}
	return s.sup.SetShardServers(db, coll, i, ms)
}

// ExpireMaintenance ends every maintenance as if its time had run out: the
// Supervision's and every DB server's.
func (s *Server) ExpireMaintenance() {
	s.topo.ExpireMaintenance()
}

// SupervisionMode is what GET /_admin/cluster/maintenance answers now:
// "Maintenance" or "Normal".
func (s *Server) SupervisionMode() string { return s.topo.SupervisionMode(time.Now()) }

// MaintenanceUntil is when the Supervision's maintenance ends (zero when
// there is none).
func (s *Server) MaintenanceUntil() time.Time {
	return s.topo.SupervisionMaintenanceUntil()
}

// DBServerMaintenanceUntil is when a DB server's maintenance ends (zero when
// it is in normal mode or unknown).
func (s *Server) DBServerMaintenanceUntil(idOrName string) time.Time {
	return s.topo.MaintenanceUntil(s.topo.Member(idOrName))
}

// SetSupervisionStuck makes the Supervision ignore maintenance changes:
// PUT /_admin/cluster/maintenance then answers 408 with errorNum 504.
func (s *Server) SetSupervisionStuck(stuck bool) {
	s.topo.SetSupervisionStuck(stuck)
}

// BatchIDs lists the ids of the dump batches alive now, oldest first.
func (s *Server) BatchIDs() []string {
	ids := s.state.Repl.BatchIDs()
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = strconv.FormatUint(id, 10)
	}
	return out
}

// SetBackupVersion makes backup id one of version v, as if an earlier
// release had taken it (a rolling upgrade's backup).
func (s *Server) SetBackupVersion(id, v string) {
	s.state.Backups.SetVersion(id, v)
}

// BackupIDs lists the ids of the hot backups, oldest first.
func (s *Server) BackupIDs() []string {
	s.xfers.Advance()
	return s.state.Backups.IDs()
}

// SetTransferDuration changes how long each hot backup upload or download
// takes (0: at once), for those under way too: an hour holds them, 0 lets
// them end.
func (s *Server) SetTransferDuration(d time.Duration) {
	s.xfers.SetDuration(d)
}

// TransferStatus is the status of transfer id on its first server, as
// progress reports it ("ACK", "STARTED", "COMPLETED", "FAILED",
// "CANCELLED"; "" for an unknown id).
func (s *Server) TransferStatus(id string) string {
	return s.xfers.StatusOf(id)
}

// SetApplierTimeScale multiplies every wait of this server's appliers (idle
// polling, connection retries, connect and request timeouts) by f, so tests
// can use arangod's configuration values and still run quickly; 0.01 makes
// the 15 s connectionRetryWaitTime 150 ms. The configuration reports the
// values as set. Default 1.
func (s *Server) SetApplierTimeScale(f float64) {
	if f <= 0 {
		f = 1
	}
	s.follow.Replication().SetTimeScale(f)
}

// ApplierPhase reports the phase of a database's applier ("" if the
// database does not exist), for tests that wait for a state.
func (s *Server) ApplierPhase(db string) string {
	a := s.follow.DatabaseApplier(db)
	if a == nil {
		return ""
	}
	return a.Phase()
}

// CollectionCount is the number of documents in db/coll.
func (s *Server) CollectionCount(db, coll string) (int, error) {
	n, err := s.state.CollectionCount(db, coll)
	if err != nil {
		return 0, err
	}
	return n, nil
}
