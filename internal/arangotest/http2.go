package arangotest

import (
	"context"
	"maps"
	"net"
	"net/http"
	"sync"
)

// serverProtocols is what every listener speaks (CONTRACT.md §2.7): HTTP/1.1,
// HTTP/2 over TLS by ALPN ("h2", see tlsNextProtos) and cleartext HTTP/2 with
// prior knowledge. arangod's third way, the HTTP/1.1 "Upgrade: h2c", is not
// served: net/http has no public API for it, so such a request is answered
// over HTTP/1.1 as if the Upgrade header were absent (RFC 7540 §3.2 allows
// that of a server).
func serverProtocols() *http.Protocols {
	p := new(http.Protocols)
	p.SetHTTP1(true)
	p.SetHTTP2(true)
	p.SetUnencryptedHTTP2(true)
	return p
}

// tlsNextProtos are the ALPN protocols the emulator offers, preferred first,
// as arangod's TLS context does (CONTRACT.md §2.7).
var tlsNextProtos = []string{"h2", "http/1.1"}

// protoLog counts requests per protocol and "METHOD path", so that tests
// can show which protocol a client used. The zero value is ready.
type protoLog struct {
	mu     sync.Mutex
	counts map[string]int // "HTTP/2.0 GET /_api/version" → n
}

func (p *protoLog) count(proto, key string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.counts == nil {
		p.counts = map[string]int{}
	}
	p.counts[proto+" "+key]++
}

// ProtocolRequests counts the requests of every listener per protocol and
// "METHOD path", keyed like "HTTP/2.0 GET /_api/version" (the protocol as
// net/http reports it: "HTTP/1.1" or "HTTP/2.0"). /_emulator/* requests are
// not counted; ResetRequests does not reset these counts.
func (s *Server) ProtocolRequests() map[string]int {
	s.protos.mu.Lock()
	defer s.protos.mu.Unlock()
	return maps.Clone(s.protos.counts)
}

// connKey keys the connection of a request in its context (withConn), so
// that a reset or close fault can end an HTTP/2 connection, which net/http
// does not let a handler hijack.
type connKey struct{}

func withConn(ctx context.Context, c net.Conn) context.Context {
	return context.WithValue(ctx, connKey{}, c)
}
