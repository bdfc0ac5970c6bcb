package arangotest

import (
	"net/http"
	"strconv"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/replica"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/apierr"
	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/model"
)

// applierFor picks the applier a request addresses: ?global=true means the
// server-wide one, which only _system may name (getApplier: 403/11).
func (api replicationAPI) applierFor(c *call) *replica.Applier {
	if boolParam(c.query(), "global", false) {
		if c.dbName != "_system" {
			c.handlerError(403, apierr.Forbidden, "global inventory can only be created from within _system database")
			return nil
		}
		if c.noApplierOnCoordinator() {
			return nil
		}
		return api.s.follow.GlobalApplier()
	}
	if c.noApplierOnCoordinator() {
		return nil
	}
	a := api.s.follow.DatabaseApplier(c.dbName)
	if a == nil {
		c.handlerError(404, apierr.DatabaseNotFound, "")
	}
	return a
}

// handleApplierConfig: GET|PUT /_api/replication/applier-config
// (CONTRACT.md §3.13). PUT merges the body into the current configuration, validates it,
// and refuses while the applier is active (1411). On a coordinator the
// applier does not apply anything, so PUT stores nothing.
func (api replicationAPI) handleApplierConfig(c *call) {
	a := api.applierFor(c)
	if a == nil {
		return
	}
	if c.method() == http.MethodGet {
		c.send(200, a.RenderConfig())
		return
	}
	body, ok := c.objectBody(apierr.HTTPBadParameter, "invalid JSON")
	if !ok {
		return
	}
	cfg, err := a.MergeConfig(body)
	if err != nil {
		c.fail(err)
		return
	}
	c.send(200, cfg.Render())
}

// handleApplierStart: PUT /_api/replication/applier-start[?from=<tick>]
// (CONTRACT.md §3.14). Starting an active applier does nothing; an unconfigured
// one records and answers 1410. Connection problems show up later in the
// state, never here. The answer is the state as the start left it, before
// the thread has done anything.
func (api replicationAPI) handleApplierStart(c *call) {
	a := api.applierFor(c)
	if a == nil {
		return
	}
	mode := replica.RunMode{}
	if v, ok := c.query()["from"]; ok && len(v) > 0 {
		// StringUtils::uint64: anything unparseable is 0 (then: no start tick).
		mode.FromTick, _ = strconv.ParseUint(v[0], 10, 64)
		mode.UseTick = true
	}
	body, err := a.Start(mode)
	if err != nil {
		c.fail(err)
		return
	}
	c.send(200, body)
}

// handleApplierStop: PUT /_api/replication/applier-stop (CONTRACT.md §3.15):
// waits for the thread to end; a no-op when the applier is not active.
func (api replicationAPI) handleApplierStop(c *call) {
	a := api.applierFor(c)
	if a == nil {
		return
	}
	a.StopAndJoin()
	c.send(200, a.Render())
}

// handleApplierState: GET /_api/replication/applier-state (CONTRACT.md §3.16),
// and DELETE, which is forget(): stop, then wipe state and configuration.
func (api replicationAPI) handleApplierState(c *call) {
	a := api.applierFor(c)
	if a == nil {
		return
	}
	if c.method() == http.MethodDelete {
		a.Forget()
	}
	c.send(200, a.Render())
}

// handleApplierStateAll: GET /_api/replication/applier-state-all, the
// applier of every database, by name (only from _system).
func (api replicationAPI) handleApplierStateAll(c *call) {
	if c.dbName != "_system" {
		c.handlerError(403, apierr.Forbidden, "global inventory can only be fetched from within _system database")
		return
	}
	out := obj{}
	for _, name := range api.s.state.DatabaseNames() {
		if c.l.member.Role == model.RoleCoordinator {
			break // coordinators' databases have no applier (CONTRACT.md §3.20)
		}
		if a := api.s.follow.DatabaseApplier(name); a != nil {
			out = append(out, kv{name, a.Render()})
		}
	}
	c.send(200, out)
}

// handleMakeFollower: PUT /_api/replication/make-follower (make-slave before
// 3.8), CONTRACT.md §3.17. The body is a configuration read from the defaults,
// not merged into the current one; the applier forgets its past, copies the
// leader's data (phase "initial") and then tails. The call returns when the
// initial phase is over, with the state; a failed copy shows in lastError.
func (api replicationAPI) handleMakeFollower(c *call) {
	a := api.applierFor(c)
	if a == nil {
		return
	}
	if a.Global {
		c.handlerError(501, apierr.NotImplemented, "not implemented by the emulator: make-follower of the global applier")
		return
	}
	body, ok := c.objectBody(apierr.HTTPBadParameter, "invalid JSON")
	if !ok {
		return
	}
	cfg := model.DefaultApplierConfig()
	if err := cfg.Merge(body, a.LocalDatabase()); err != nil {
		c.fail(err)
		return
	}
	cfg.SkipCreateDrop = false
	if err := cfg.Validate(); err != nil {
		c.fail(err)
		return
	}
	a.Forget()
	a.SetConfig(cfg)
	if _, err := a.Start(replica.RunMode{Initial: true}); err != nil {
		c.fail(err)
		return
	}
	if !a.WaitWhileInitial(c.r.Context()) {
		c.handlerError(503, apierr.ShuttingDown, "shutdown in progress")
		return
	}
	c.send(200, a.Render())
}
