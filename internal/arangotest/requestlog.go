package arangotest

import (
	"maps"
	"net/http"
	"sync"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/apierr"
)

// requestLog counts requests per "METHOD path" (path without query) and
// listener, so tests can assert what a client actually sent.
type requestLog struct {
	mu     sync.Mutex
	counts []map[string]int // per listener
}

func newRequestLog(listeners int) *requestLog {
	l := &requestLog{counts: make([]map[string]int, listeners)}
	for i := range l.counts {
		l.counts[i] = map[string]int{}
	}
	return l
}

func (l *requestLog) count(listener int, key string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.counts[listener][key]++
}

func (l *requestLog) snapshot(listener int) map[string]int {
	l.mu.Lock()
	defer l.mu.Unlock()
	out := map[string]int{}
	if listener >= 0 {
		if listener < len(l.counts) {
			maps.Copy(out, l.counts[listener])
		}
		return out
	}
	for _, m := range l.counts {
		for k, v := range m {
			out[k] += v
		}
	}
	return out
}

func (l *requestLog) reset() {
	l.mu.Lock()
	defer l.mu.Unlock()
	for i := range l.counts {
		l.counts[i] = map[string]int{}
	}
}

// Requests counts requests per "METHOD path" across all listeners.
// /_emulator/* requests are not counted.
func (s *Server) Requests() map[string]int { return s.reqlog.snapshot(-1) }

// ListenerRequests counts requests per "METHOD path" for listener i only.
func (s *Server) ListenerRequests(i int) map[string]int { return s.reqlog.snapshot(i) }

// ResetRequests forgets all counts.
func (s *Server) ResetRequests() { s.reqlog.reset() }

// emulatorAPI holds the handlers of the emulator's own control routes,
// /_emulator/* (the rows of routes marked emulatorControl: requestlog.go,
// faults.go, health.go).
type emulatorAPI struct{ s *Server }

// serveRequests answers /_emulator/requests: GET the counts (of this
// listener only with ?listener=self), DELETE forgets them.
func (api emulatorAPI) serveRequests(c *call) {
	if !api.exactPath(c) {
		return
	}
	switch c.r.Method {
	case http.MethodGet:
		which := -1
		if c.query().Get("listener") == "self" {
			which = c.l.idx
		}
		c.send(http.StatusOK, api.s.reqlog.snapshot(which))
	case http.MethodDelete:
		api.s.reqlog.reset()
		c.send(http.StatusOK, obj{{"error", false}, {"code", 200}})
	default:
		c.handlerError(405, apierr.HTTPMethodNotAllowed, "")
	}
}

// exactPath answers 404 when segments follow a control route's path: a
// control route answers only its own path.
func (api emulatorAPI) exactPath(c *call) bool {
	if len(c.suffix) == 0 {
		return true
	}
	api.unknownPath(c)
	return false
}

// unknownPath answers a /_emulator/ path no control route answers.
func (emulatorAPI) unknownPath(c *call) {
	c.handlerError(404, apierr.HTTPNotFound, "unknown path '"+c.r.URL.RequestURI()+"'")
}
