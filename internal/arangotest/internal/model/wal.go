package model

import (
	"maps"
	"slices"
	"time"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/apierr"
	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/node"
	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/replctx"
	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/wal"
)

// appendMarker adds a marker with a fresh tick. Caller holds d.Mu.
func (d *Deployment) appendMarker(m wal.Marker) wal.Marker {
	return d.WAL.Append(m, d.nextTick())
}

// MarkersAfter returns the markers with a tick greater than from, in order.
func (d *Deployment) MarkersAfter(from uint64) []wal.Marker {
	d.Mu.Lock()
	defer d.Mu.Unlock()
	return d.WAL.After(from)
}

// WalTicks are, under d.Mu, the ticks of the WAL's markers and the last
// tick handed out.
func (d *Deployment) WalTicks() ([]uint64, uint64) {
	d.Mu.Lock()
	defer d.Mu.Unlock()
	ticks := make([]uint64, len(d.WAL))
	for i, m := range d.WAL {
		ticks[i] = m.Tick
	}
	return ticks, d.Tick
}

// WalTailMarkers reads, under the lock, what a WAL tail of db answers:
// the ID of the collection named collection (0 when none is named), the
// latest tick and the markers after from up to to. Like
// RestWalAccessHandler::handleCommandTail it makes the tailing client a
// replication client of every database, served from from, for
// BatchInfo::DefaultTimeout. An unknown collection is an error, and then
// no client is recorded.
func (d *Deployment) WalTailMarkers(db, collection string, from, to uint64, server *node.Member, client replctx.Client) (uint64, uint64, []wal.Marker, *apierr.Error) {
	d.Mu.Lock()
	defer d.Mu.Unlock()
	var onlyCID uint64
	if collection != "" {
		_, coll, err := d.CollectionLocked(db, collection)
		if err != nil {
			return 0, 0, nil, err
		}
		onlyCID = coll.ID
	}
	var ms []wal.Marker
	for _, m := range d.WAL {
		if m.Tick > from && m.Tick <= to {
			ms = append(ms, m)
		}
	}
	client.Seen = time.Now()
	d.Repl.Track(slices.Collect(maps.Keys(d.DBs)), server, client, DefaultBatchTTL)
	return onlyCID, d.Tick, ms, nil
}
