package arangotest

import (
	"encoding/json"
	"net/http"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/apierr"
	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/model"
)

// handleRebalance serves /_admin/cluster/rebalance (CONTRACT.md §13):
// GET the imbalance, POST a plan, PUT a plan executed, and
// POST /_admin/cluster/rebalance/execute some moves.
func (api clusterAPI) handleRebalance(c *call) {
	if !api.s.ver.hasRebalance() {
		c.handlerError(400, apierr.HTTPBadParameter, "invalid command 'rebalance'")
		return
	}
	if !c.onCoordinator() {
		return
	}
	if len(c.suffix) == 1 {
		if c.suffix[0] != "execute" {
			c.handlerError(404, apierr.HTTPNotFound, "")
			return
		}
		if !c.allow(http.MethodPost) {
			return
		}
		api.handleRebalanceExecute(c)
		return
	}
	if !c.allow(http.MethodGet, http.MethodPost, http.MethodPut) {
		return
	}
	if c.method() == http.MethodGet {
		p, pending, todo := api.s.sup.RebalanceState()
		c.okResult(200, obj{
			{"leader", p.LeaderImbalance().Object()},
			{"shards", p.ShardImbalance().Object()},
			{"pendingMoveShards", pending},
			{"todoMoveShards", todo},
		})
		return
	}
	o, ok := c.objectBody(apierr.BadParameter, "object expected")
	if !ok {
		return
	}
	opts, msg := parseRebalanceOptions(o)
	if msg != "" {
		c.handlerError(400, apierr.BadParameter, msg)
		return
	}
	c.okResult(200, api.s.sup.RebalancePlan(opts, c.l.member, c.method() == http.MethodPut))
}

// handleRebalanceExecute serves POST /_admin/cluster/rebalance/execute
// (CONTRACT.md §13.3): the moves given become moveShard jobs; 202, or 200
// when there are none.
func (api clusterAPI) handleRebalanceExecute(c *call) {
	o, ok := c.objectBody(apierr.BadParameter, "object expected")
	if !ok {
		return
	}
	if v, _ := o.Get("version"); !isNumber(v, 1) {
		c.handlerError(400, apierr.BadParameter, "unknown version provided")
		return
	}
	mv, _ := o.Get("moves")
	list, isArray := mv.([]any)
	if !isArray {
		c.handlerError(400, apierr.BadParameter, "moves must be an array")
		return
	}
	var moves []model.ExecuteMove
	for _, e := range list {
		m, isObj := e.(obj)
		get := func(k string) string {
			v, _ := m.Get(k)
			switch x := v.(type) {
			case string:
				return x
			case json.Number:
				return x.String()
			}
			return ""
		}
		leader, _ := m.Get("isLeader")
		isLeader, isBool := leader.(bool)
		mm := model.ExecuteMove{From: get("from"), To: get("to"), Shard: get("shard"), Coll: get("collection"), IsLeader: isLeader}
		if !isObj || !isBool || mm.From == "" || mm.To == "" || mm.Shard == "" || mm.Coll == "" {
			c.handlerError(400, apierr.BadParameter, "each move needs from, to, shard, collection and isLeader")
			return
		}
		moves = append(moves, mm)
	}
	if len(moves) == 0 {
		c.ok(200, nil)
		return
	}
	api.s.sup.ExecuteMoves(c.l.member.ID, moves)
	c.ok(202, nil)
}

// parseRebalanceOptions reads the body of POST and PUT (CONTRACT.md §13.2).
func parseRebalanceOptions(o obj) (model.RebalanceOptions, string) {
	opts := model.RebalanceOptions{PiFactor: model.DefaultPiFactor, MaxMoves: model.DefaultMaxMoves, LeaderChanges: true}
	if v, _ := o.Get("version"); !isNumber(v, 1) {
		return opts, "unknown version provided"
	}
	for _, f := range []struct {
		key string
		dst *bool
	}{{"leaderChanges", &opts.LeaderChanges}, {"moveLeaders", &opts.MoveLeaders}, {"moveFollowers", &opts.MoveFollowers},
		{"excludeSystemCollections", &opts.ExcludeSystemCollections}} {
		if v, present := o.Get(f.key); present {
			b, isBool := v.(bool)
			if !isBool {
				return opts, f.key + " must be a boolean"
			}
			*f.dst = b
		}
	}
	if v, present := o.Get("maximumNumberOfMoves"); present {
		n, isNum := v.(json.Number)
		i, err := n.Int64()
		if !isNum || err != nil || i < 0 {
			return opts, "maximumNumberOfMoves must be a non-negative integer"
		}
		opts.MaxMoves = int(min(i, model.MaxMaxMoves))
	}
	if v, present := o.Get("piFactor"); present {
		n, isNum := v.(json.Number)
		f, err := n.Float64()
		if !isNum || err != nil {
			return opts, "piFactor must be a number"
		}
		opts.PiFactor = f
	}
	if v, present := o.Get("databasesExcluded"); present {
		list, isArray := v.([]any)
		if !isArray {
			return opts, "databasesExcluded must be an array of strings"
		}
		for _, e := range list {
			name, isString := e.(string)
			if !isString {
				return opts, "databasesExcluded must be an array of strings"
			}
			opts.DatabasesExcluded = append(opts.DatabasesExcluded, name)
		}
	}
	return opts, ""
}

func isNumber(v any, want float64) bool {
	n, ok := v.(json.Number)
	if !ok {
		return false
	}
	f, err := n.Float64()
	return err == nil && f == want
}

// hasRebalance: /_admin/cluster/rebalance exists from 3.10 (CONTRACT.md §13.1).
func (v semver) hasRebalance() bool { return v.AtLeast(3, 10, 0) }
