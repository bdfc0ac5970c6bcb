package arangodb

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
)

// Imbalance is the leader and the shard imbalance of a distribution.
type Imbalance struct {
	Leader LeaderImbalance `json:"leader"`
	Shards ShardImbalance  `json:"shards"`
}

// RebalanceOptions are the inputs of a rebalance plan (CONTRACT.md §13.2);
// nil fields are left to ArangoDB's defaults.
type RebalanceOptions struct {
	MaximumNumberOfMoves     *int64   `json:"maximumNumberOfMoves,omitempty"`
	LeaderChanges            *bool    `json:"leaderChanges,omitempty"`
	MoveLeaders              *bool    `json:"moveLeaders,omitempty"`
	MoveFollowers            *bool    `json:"moveFollowers,omitempty"`
	PiFactor                 *float64 `json:"piFactor,omitempty"`
	ExcludeSystemCollections *bool    `json:"excludeSystemCollections,omitempty"`
	DatabasesExcluded        []string `json:"databasesExcluded,omitempty"`
}

// RebalanceMove is one move of a plan, as ArangoDB returns it and takes it
// back for execution.
type RebalanceMove struct {
	From       string    `json:"from"`
	To         string    `json:"to"`
	Shard      string    `json:"shard"`
	Collection TextValue `json:"collection"` // the collection's id (a number in ArangoDB's answers)
	IsLeader   bool      `json:"isLeader"`
}

// MarshalJSON writes the collection id as a number, as ArangoDB returns it.
func (m RebalanceMove) MarshalJSON() ([]byte, error) {
	var coll any = string(m.Collection)
	if _, err := strconv.ParseUint(string(m.Collection), 10, 64); err == nil {
		coll = json.Number(m.Collection)
	}
	return json.Marshal(map[string]any{"from": m.From, "to": m.To, "shard": m.Shard, "collection": coll, "isLeader": m.IsLeader})
}

// RebalancePlan is the answer of POST /_admin/cluster/rebalance.
type RebalancePlan struct {
	ImbalanceBefore Imbalance       `json:"imbalanceBefore"`
	ImbalanceAfter  Imbalance       `json:"imbalanceAfter"`
	Moves           []RebalanceMove `json:"moves"`
}

type rebalanceBody struct {
	Version int `json:"version"`
	RebalanceOptions
}

// ComputeRebalancePlan asks ArangoDB for a plan of shard moves that lower
// the imbalance (3.10+); it moves nothing (CONTRACT.md §13.2).
func (c *Client) ComputeRebalancePlan(ctx context.Context, o RebalanceOptions) (*RebalancePlan, error) {
	var r struct {
		Result *RebalancePlan `json:"result"`
	}
	if _, err := c.getJSON(ctx, Request{Method: http.MethodPost, Path: "/_admin/cluster/rebalance",
		Body:       rebalanceBody{Version: 1, RebalanceOptions: o},
		Idempotent: true, Read: true, // computes a plan and changes nothing
	}, &r); err != nil {
		return nil, err
	}
	if r.Result == nil {
		return nil, errors.New("POST /_admin/cluster/rebalance: the answer has no result")
	}
	return r.Result, nil
}

// ExecuteRebalancePlan schedules the moves as moveShard jobs (CONTRACT.md
// §13.3). ArangoDB returns no job ids; WaitForMoves waits for them.
func (c *Client) ExecuteRebalancePlan(ctx context.Context, moves []RebalanceMove) error {
	if len(moves) == 0 {
		return nil
	}
	_, err := c.Do(ctx, Request{Method: http.MethodPost, Path: "/_admin/cluster/rebalance/execute",
		Body: map[string]any{"version": 1, "moves": moves},
		// Not idempotent: a second request schedules the moves again.
		Check: "read GET /_admin/cluster/rebalance (pendingMoveShards, todoMoveShards) to see whether the moves run"})
	return err
}

// WaitForMoves reads the imbalance once per interval until no shard move
// is pending or to do, or ctx ends; progress sees every read. It returns
// the last read.
func (c *Client) WaitForMoves(ctx context.Context, progress func(*ClusterImbalance)) (*ClusterImbalance, error) {
	for n := 0; ; n++ {
		im, err := c.ClusterImbalance(ctx)
		if err != nil {
			return nil, err
		}
		if progress != nil {
			progress(im)
		}
		if im.PendingMoveShards+im.TodoMoveShards == 0 {
			return im, nil
		}
		if err := sleep(ctx, pollPause(n)); err != nil {
			return im, fmt.Errorf("%d shard moves pending and %d to do: %w", im.PendingMoveShards, im.TodoMoveShards, err)
		}
	}
}

// ShardMove is a request to move one shard copy (CONTRACT.md §13.5).
type ShardMove struct {
	Database   string `json:"database"`
	Collection string `json:"collection"` // the name
	Shard      string `json:"shard"`
	FromServer string `json:"fromServer"`
	ToServer   string `json:"toServer"`
	// RemainsFollower (a leader's move): the old leader stays a follower.
	RemainsFollower *bool `json:"remainsFollower,omitempty"`
}

// MoveShard starts a moveShard job and returns its id.
func (c *Client) MoveShard(ctx context.Context, m ShardMove) (string, error) {
	var r struct {
		ID string `json:"id"`
	}
	_, err := c.getJSON(ctx, Request{Method: http.MethodPost, Path: "/_admin/cluster/moveShard", Body: m,
		// Not idempotent: a second POST starts a second job.
		Check: "read GET /_admin/cluster/rebalance (pendingMoveShards) or the collection's shards (clusterInventory) before moving it again"}, &r)
	if err != nil {
		return "", err
	}
	if r.ID == "" {
		return "", errors.New("POST /_admin/cluster/moveShard: the answer names no job id")
	}
	return r.ID, nil
}

// ExecuteRebalancePlanAndWait executes moves and waits until the Agency has
// no move job left (WaitForMoves), in one call; nothing is sent for no moves.
// A wait that fails is a *MovesNotFinishedError: the moves were scheduled.
func (c *Client) ExecuteRebalancePlanAndWait(ctx context.Context, moves []RebalanceMove, progress func(*ClusterImbalance)) error {
	if len(moves) == 0 {
		return nil
	}
	if err := c.ExecuteRebalancePlan(ctx, moves); err != nil {
		return err
	}
	if _, err := c.WaitForMoves(ctx, progress); err != nil {
		return &MovesNotFinishedError{Err: err}
	}
	return nil
}

// MovesNotFinishedError says that scheduled shard moves did not finish
// while the caller waited.
type MovesNotFinishedError struct{ Err error }

func (e *MovesNotFinishedError) Error() string {
	return "the shard moves have not finished: " + e.Err.Error()
}
func (e *MovesNotFinishedError) Unwrap() error { return e.Err }
