package arangotest

import (
	"maps"
	"slices"
	"time"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/apierr"
	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/node"
	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/replctx"
	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/wal"
)

// appendMarker adds a marker with a fresh tick. Caller holds d.mu.
func (d *deployment) appendMarker(m wal.Marker) wal.Marker {
	return d.wal.Append(m, d.nextTick())
}

// markersAfter returns the markers with a tick greater than from, in order.
func (d *deployment) markersAfter(from uint64) []wal.Marker {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.wal.After(from)
}

// walTicks are, under d.mu, the ticks of the WAL's markers and the last
// tick handed out.
func (d *deployment) walTicks() ([]uint64, uint64) {
	d.mu.Lock()
	defer d.mu.Unlock()
	ticks := make([]uint64, len(d.wal))
	for i, m := range d.wal {
		ticks[i] = m.Tick
	}
	return ticks, d.tick
}

// walTailMarkers reads, under the lock, what a WAL tail of db answers:
// the ID of the collection named collection (0 when none is named), the
// latest tick and the markers after from up to to. Like
// RestWalAccessHandler::handleCommandTail it makes the tailing client a
// replication client of every database, served from from, for
// BatchInfo::DefaultTimeout. An unknown collection is an error, and then
// no client is recorded.
func (d *deployment) walTailMarkers(db, collection string, from, to uint64, server *node.Member, client replctx.Client) (uint64, uint64, []wal.Marker, *apierr.Error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	var onlyCID uint64
	if collection != "" {
		_, coll, err := d.collectionLocked(db, collection)
		if err != nil {
			return 0, 0, nil, err
		}
		onlyCID = coll.ID
	}
	var ms []wal.Marker
	for _, m := range d.wal {
		if m.Tick > from && m.Tick <= to {
			ms = append(ms, m)
		}
	}
	client.Seen = time.Now()
	d.repl.Track(slices.Collect(maps.Keys(d.dbs)), server, client, defaultBatchTTL)
	return onlyCID, d.tick, ms, nil
}
