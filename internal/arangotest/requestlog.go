package arangotest

import (
	"maps"
	"net/http"
	"strings"
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
// /_emulator/* (requestlog.go, faults.go, health.go).
type emulatorAPI struct{ s *Server }

// serveEmulator answers the emulator's own control routes. They bypass the
// request log, faults and authentication.
func (api emulatorAPI) serveEmulator(l *listener, w http.ResponseWriter, r *http.Request) {
	c := &call{s: api.s, l: l, w: w, r: r}
	switch r.URL.Path {
	case "/_emulator/requests":
		switch r.Method {
		case http.MethodGet:
			which := -1
			if r.URL.Query().Get("listener") == "self" {
				which = l.idx
			}
			c.send(http.StatusOK, api.s.reqlog.snapshot(which))
		case http.MethodDelete:
			api.s.reqlog.reset()
			c.send(http.StatusOK, obj{{"error", false}, {"code", 200}})
		default:
			c.handlerError(405, apierr.HTTPMethodNotAllowed, "")
		}
	case "/_emulator/faults":
		api.serveFaults(c)
	case "/_emulator/members":
		api.serveMembers(c, "")
	default:
		if name, ok := strings.CutPrefix(r.URL.Path, "/_emulator/members/"); ok && name != "" && api.s.topo != nil {
			api.serveMembers(c, name)
			return
		}
		c.handlerError(404, apierr.HTTPNotFound, "unknown path '"+r.URL.RequestURI()+"'")
	}
}
