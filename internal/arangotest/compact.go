package arangotest

import (
	"net/http"
	"slices"
	"sync"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/apierr"
	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/model"
)

// PUT /_admin/compact (RestCompactHandler, registered for every role by
// GeneralServerFeature; CONTRACT.md §15.1). Server.Compactions also
// records PUT /_api/collection/{name}/compact (collcompact.go, §15.3).

// Compaction is one compaction the emulator was asked for (model.Compaction,
// named here for the callers of Compactions).
type Compaction = model.Compaction

// compactLog keeps the compactions in order.
type compactLog struct {
	mu  sync.Mutex
	all []Compaction
}

func (l *compactLog) add(cs ...Compaction) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.all = append(l.all, cs...)
}

// Compactions lists the compactions run so far, oldest first.
func (s *Server) Compactions() []Compaction {
	s.compacts.mu.Lock()
	defer s.compacts.mu.Unlock()
	return slices.Clone(s.compacts.all)
}

// handleCompact: superusers only while authentication is on (403 errorNum
// 11 "compaction is only allowed for superusers", before the method is
// looked at), PUT only (405), changeLevel and compactBottomMostLevel read
// from the query string (a body is ignored); 200 with {} (raw). A
// coordinator sends the same request to every DB server and answers once
// they have.
func (api serverAPI) handleCompact(c *call) {
	if len(c.suffix) > 0 {
		c.unknownPath() // an exact route
		return
	}
	if api.s.auth.active() && !c.superuser {
		c.handlerError(403, apierr.Forbidden, "compaction is only allowed for superusers")
		return
	}
	if c.method() != http.MethodPut {
		c.methodNotAllowed()
		return
	}
	q := c.query()
	change, bottom := boolParam(q, "changeLevel", false), boolParam(q, "compactBottomMostLevel", false)
	m := c.l.member
	if m.Role == model.RoleCoordinator {
		var runs []Compaction
		for _, db := range api.s.topo.DBServers {
			if !db.Removed.Load() {
				runs = append(runs, Compaction{Member: db.ID, Via: m.ID, ChangeLevel: change, CompactBottomMostLevel: bottom})
			}
		}
		api.s.compacts.add(runs...)
	} else {
		api.s.compacts.add(Compaction{Member: m.ID, ChangeLevel: change, CompactBottomMostLevel: bottom})
	}
	c.send(200, obj{})
}
