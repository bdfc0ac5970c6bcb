package arangotest

import (
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/node"
)

// listener is one HTTP endpoint of the deployment: the single server, one
// coordinator, or (MemberListeners) a DB server or agent. Its port is
// served (srv), blackholed (hole) or closed (neither).
type listener struct {
	idx    int
	member *node.Member
	addr   string // bound address; kept so SetDown(false) reopens the same port

	mu   sync.Mutex
	srv  *http.Server
	ln   net.Listener // srv's, closed by stop itself: srv.Close misses it until Serve has begun
	hole *blackhole

	// tlsKeys is the keyfile this listener serves, replaced by POST
	// /_admin/server/tls (tlsreload.go); nil without TLS.
	tlsKeys atomic.Pointer[keyfileData]
}

// listenerSet is the deployment's listeners. Its lock guards the set,
// its closing and every change of a listener's socket (bind, stop,
// blackhole).
type listenerSet struct {
	mu        sync.Mutex
	listeners []*listener // one per coordinator, or the single server
	members   []*listener // with MemberListeners: the DB servers', then the agents'
	closed    bool

	// Set by Start: the TLS material (nil without TLS), the faults whose
	// blackholes the set makes, and what serves a request on a listener.
	tls    *tlsMaterial
	faults *faults
	serve  func(l *listener, w http.ResponseWriter, r *http.Request)
}

// isClosed tells whether Close has begun, under ls.mu.
func (ls *listenerSet) isClosed() bool {
	ls.mu.Lock()
	defer ls.mu.Unlock()
	return ls.closed
}

// memberURLs lists the base URLs of the members' listeners of role.
func (ls *listenerSet) memberURLs(role string) []string {
	var out []string
	for _, l := range ls.members {
		if l.member.Role == role {
			out = append(out, l.url(ls.tls != nil))
		}
	}
	return out
}

// bind opens l on addr and serves it; l must be stopped. Caller holds ls.mu
// (or is Start).
func (ls *listenerSet) bind(l *listener, addr string) error {
	var raw net.Listener
	err := retryInUse(func() (err error) { raw, err = net.Listen("tcp", addr); return err })
	if err != nil {
		return fmt.Errorf("arangotest: listen on %s: %w", addr, err)
	}
	ln := raw
	if ls.tls != nil {
		ln = tls.NewListener(raw, ls.tls.listenerTLSConfig(l))
	}
	srv := &http.Server{
		Handler:     http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { ls.serve(l, w, r) }),
		ErrorLog:    log.New(io.Discard, "", 0), // TLS probes and resets are noise in tests
		Protocols:   serverProtocols(),          // CONTRACT.md §2.7
		ConnContext: withConn,                   // faults end HTTP/2 connections too
	}
	l.serveWith(ln.Addr().String(), srv, raw)
	go func() { _ = srv.Serve(ln) }()
	return nil
}

// serveWith records what l now serves with, under l.mu.
func (l *listener) serveWith(addr string, srv *http.Server, raw net.Listener) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.addr, l.srv, l.ln = addr, srv, raw
}

// address is the address l is bound to, under l.mu.
func (l *listener) address() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.addr
}

// setHole records l's blackhole, under l.mu.
func (l *listener) setHole(h *blackhole) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.hole = h
}

// stop closes the listener and every open connection on it, or its
// blackhole.
func (l *listener) stop() {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.srv != nil {
		_ = l.srv.Close()
		_ = l.ln.Close() // the port is free when stop returns
		l.srv, l.ln = nil, nil
	}
	if l.hole != nil {
		l.hole.close()
		l.hole = nil
	}
}

func (l *listener) serving() bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.srv != nil
}

// hostPort is the address clients should dial: an unspecified bind address
// (0.0.0.0, ::) is reached via loopback.
func (l *listener) hostPort() string {
	addr := l.address()
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return addr
	}
	if ip := net.ParseIP(host); ip != nil && ip.IsUnspecified() {
		host = "127.0.0.1"
	}
	return net.JoinHostPort(host, port)
}

func (l *listener) url(tls bool) string {
	if tls {
		return "https://" + l.hostPort()
	}
	return "http://" + l.hostPort()
}

// endpoint is arangod's spelling of the address (tcp://, ssl://).
func (l *listener) endpoint(tls bool) string {
	if tls {
		return "ssl://" + l.hostPort()
	}
	return "tcp://" + l.hostPort()
}

// retryInUse runs bind again while the address is in use, for up to two
// seconds: a listener just closed on it may still hold the port, since Go
// closes a socket another goroutine waits on (Serve's Accept) only when
// that goroutine has woken up, which a busy machine can delay.
func retryInUse(bind func() error) error {
	deadline := time.Now().Add(2 * time.Second)
	for {
		err := bind()
		if err == nil || !errors.Is(err, syscall.EADDRINUSE) || time.Now().After(deadline) {
			return err
		}
		time.Sleep(10 * time.Millisecond)
	}
}
