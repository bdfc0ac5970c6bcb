package arangotest

import (
	"fmt"
	"strconv"
)

// walFileMarkers is how many markers the emulator puts into one WAL file
// before it archives it (RocksDB rolls files by size).
const walFileMarkers = 64

// handleLoggerFirstTick serves GET /_api/replication/logger-first-tick
// (CONTRACT.md §3.9, recorded {"firstTick":"1"}). The emulator keeps its whole
// WAL, which starts at the deployment's first tick.
func (api replicationAPI) handleLoggerFirstTick(c *call) {
	c.send(200, obj{{"firstTick", "1"}})
}

// handleLoggerTickRanges serves GET /_api/replication/logger-tick-ranges
// (CONTRACT.md §3.10): a raw array of WAL files, the archived ones "collected"
// and the last one "open", each with the tick range it covers.
func (api replicationAPI) handleLoggerTickRanges(c *call) {
	ticks, last := api.s.state.WalTicks()

	out := []any{}
	file, lo := 4, uint64(1) // recorded: the first archived file is 000004.log
	for len(ticks) > walFileMarkers {
		hi := ticks[walFileMarkers-1]
		out = append(out, tickRange(fmt.Sprintf("/archive/%06d.log", file), "collected", lo, hi))
		file, lo, ticks = file+1, hi, ticks[walFileMarkers:]
	}
	out = append(out, tickRange(fmt.Sprintf("/%06d.log", file), "open", lo, last))
	c.send(200, out)
}

func tickRange(datafile, status string, lo, hi uint64) obj {
	return obj{
		{"datafile", datafile},
		{"status", status},
		{"tickMin", strconv.FormatUint(lo, 10)},
		{"tickMax", strconv.FormatUint(hi, 10)},
	}
}
