// Command arangodb-emulator serves the in-memory ArangoDB emulator of
// internal/arangotest on real addresses, for manual tests and for tools
// (terraform, tofu) that need a server to talk to.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest"
)

// listFlag collects a repeatable flag.
type listFlag []string

func (l *listFlag) String() string     { return strings.Join(*l, ",") }
func (l *listFlag) Set(v string) error { *l = append(*l, v); return nil }

func main() {
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, syscall.SIGINT, syscall.SIGTERM)
	if err := run(os.Args[1:], os.Stdout, sig); err != nil {
		fmt.Fprintln(os.Stderr, "arangodb-emulator:", err)
		os.Exit(1)
	}
}

// run serves until stop delivers; it prints one "listening on URL" line per
// coordinator (or the single server), the CA file with --tls, and a
// "member ROLE ID on URL" line per DB server and agent listener.
func run(args []string, out io.Writer, stop <-chan os.Signal) error {
	fs := flag.NewFlagSet("arangodb-emulator", flag.ContinueOnError)
	fs.SetOutput(out)
	fs.Usage = func() {
		fmt.Fprint(out, usageHeader)
		fs.PrintDefaults()
	}
	var listen listFlag
	fs.Var(&listen, "listen", "address to listen on, e.g. 127.0.0.1:8529 (repeat for more coordinators)")
	topology := fs.String("topology", "single", "single or cluster")
	version := fs.String("version", arangotest.DefaultVersion, "arangod version to report")
	password := fs.String("password", "", "password of user root (empty: authentication off)")
	jwtSecret := fs.String("jwt-secret", "", "with --password: the JWT secret (--server.jwt-secret); tokens signed with it\n"+
		"are accepted, superuser tokens (server_id, no preferred_username) included")
	dbServers := fs.Int("db-servers", 3, "cluster: number of DB servers")
	coordinators := fs.Int("coordinators", 0, "cluster: number of coordinators on 127.0.0.1:0 (default 1; or one per --listen)")
	members := fs.Bool("member-listeners", true, "cluster: give every DB server and agent a listener on 127.0.0.1:0 of its own, so the\n"+
		"endpoints health reports answer (who they are, and what their role refuses); false: only coordinators listen")
	var statuses listFlag
	fs.Var(&statuses, "server-status", "cluster: set a member's health status, as SHORTNAME=STATUS or ID=STATUS\n"+
		"(e.g. DBServer0002=FAILED; STATUS is GOOD, BAD or FAILED; repeatable)")
	moveDuration := fs.Duration("move-duration", 0, "cluster: how long each shard move of an Agency job (resignLeadership,\n"+
		"cleanOutServer, moveShard, rebalance) takes; 0 moves at once")
	failRate := fs.Float64("fail-rate", 0, "share of requests answered 503")
	latency := fs.Duration("latency", 0, "delay added to every request")
	down := fs.Bool("down", false, "start with every listener closed (connections refused)")
	var faultSpecs listFlag
	fs.Var(&faultSpecs, "fault", "a network fault of listener N (coordinator N; 0 is the first --listen; the DB servers' and\n"+
		"agents' listeners follow the coordinators, in the order their member lines are printed), one per listener:\n"+
		"N=KIND[:METHOD[:PATH]] with KIND hang (read, never answer), blackhole (dials time out; Linux),\n"+
		"reset (read, count, RST) or close (read, count, close); or N=latency:DURATION[:METHOD[:PATH]].\n"+
		"METHOD and PATH (exact, without query; not for blackhole) limit it to one route.\n"+
		"E.g. 1=hang, 2=latency:2s, 0=reset:PUT:/_api/replication/sync (repeatable;\n"+
		"switch them while running with PUT /_emulator/faults)")
	useTLS := fs.Bool("tls", false, "serve https with a certificate made at start")
	var tlsHosts listFlag
	fs.Var(&tlsHosts, "tls-host", "with --tls: a host name or address the certificate names instead of\n"+
		"loopback, localhost and the --listen hosts (repeatable)")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil // usage already printed
		}
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected arguments %q", fs.Args())
	}
	opts := arangotest.Options{
		Topology:  *topology,
		Version:   *version,
		Password:  *password,
		JWTSecret: *jwtSecret,
		Listen:    listen,
		TLS:       *useTLS,
		TLSHosts:  tlsHosts,
		FailRate:  *failRate,
		Latency:   *latency,
	}
	if *topology == "cluster" {
		opts.DBServers = *dbServers
		opts.Coordinators = *coordinators
		opts.MemberListeners = *members
		opts.MoveDuration = *moveDuration
	}
	s, err := arangotest.Start(opts)
	if err != nil {
		return err
	}
	defer s.Close()
	for _, st := range statuses {
		who, status, ok := strings.Cut(st, "=")
		if !ok {
			return fmt.Errorf("--server-status %q: want SHORTNAME=STATUS, such as DBServer0002=FAILED", st)
		}
		if err := s.SetServerStatus(who, strings.ToUpper(status)); err != nil {
			return err
		}
	}
	// Everything is ready before the first line is printed: harnesses
	// start dialing as soon as they read it.
	caPath := ""
	if *useTLS {
		caPath = filepath.Join(os.TempDir(), fmt.Sprintf("arangodb-emulator-ca-%d-%d.pem", os.Getpid(), time.Now().UnixNano()))
		if err := os.WriteFile(caPath, s.CACertPEM(), 0o644); err != nil {
			return err
		}
		defer os.Remove(caPath)
	}
	if *down {
		for i := range s.URLs() {
			if err := s.SetDown(i, true); err != nil {
				return err
			}
		}
	}
	seen := map[int]bool{}
	for _, spec := range faultSpecs {
		i, f, err := parseFault(spec)
		if err != nil {
			return err
		}
		if seen[i] {
			return fmt.Errorf("--fault %q: listener %d has a fault already (one per listener)", spec, i)
		}
		seen[i] = true
		if err := s.SetFault(i, f); err != nil {
			return fmt.Errorf("--fault %q: %w", spec, err)
		}
	}
	for _, u := range s.URLs() {
		fmt.Fprintln(out, "listening on "+u)
	}
	if caPath != "" {
		fmt.Fprintln(out, "ca certificate: "+caPath)
	}
	for i, u := range s.DBServerURLs() {
		fmt.Fprintf(out, "member DB server %s on %s\n", s.DBServerIDs()[i], u)
	}
	for i, u := range s.AgentURLs() {
		fmt.Fprintf(out, "member agent %s on %s\n", s.AgentIDs()[i], u)
	}
	<-stop
	return nil
}

const usageHeader = `Usage: arangodb-emulator [flags]

Serves an in-memory emulation of ArangoDB's HTTP API. Every listener also
answers the emulator's control routes, which are never counted or faulted:
  GET /_emulator/requests[?listener=self]  requests per "METHOD path"; DELETE resets
  GET /_emulator/faults                    the listeners' faults
  PUT /_emulator/faults                    set one: {"listener":1,"kind":"hang"},
      {"listener":0,"kind":"reset","method":"PUT","path":"/_api/replication/sync"},
      {"listener":2,"latency":"2s"}; {"listener":1} clears it
  DELETE /_emulator/faults                 clear all

Flags:
`

// parseFault reads a --fault value: N=KIND[:METHOD[:PATH]] or
// N=latency:DURATION[:METHOD[:PATH]]. The path is the rest of the value
// and may hold colons.
func parseFault(v string) (int, arangotest.Fault, error) {
	var f arangotest.Fault
	bad := func(why string) (int, arangotest.Fault, error) {
		return 0, f, fmt.Errorf("--fault %q: %s (want N=KIND[:METHOD[:PATH]] or N=latency:DURATION[:METHOD[:PATH]])", v, why)
	}
	n, spec, ok := strings.Cut(v, "=")
	if !ok {
		return bad("no =")
	}
	i, err := strconv.Atoi(n)
	if err != nil || i < 0 {
		return bad("listener " + strconv.Quote(n) + " is not an index")
	}
	kind, rest, _ := strings.Cut(spec, ":")
	switch kind {
	case arangotest.FaultHang, arangotest.FaultBlackhole, arangotest.FaultReset, arangotest.FaultClose:
		f.Kind = kind
	case "latency":
		var d string
		d, rest, _ = strings.Cut(rest, ":")
		if f.Latency, err = time.ParseDuration(d); err != nil || f.Latency <= 0 {
			return bad("latency " + strconv.Quote(d) + " is not a positive duration")
		}
	default:
		return bad("unknown kind " + strconv.Quote(kind))
	}
	f.Method, f.Path, _ = strings.Cut(rest, ":")
	if f.Path != "" && !strings.HasPrefix(f.Path, "/") {
		return bad("path " + strconv.Quote(f.Path) + " does not start with /")
	}
	if f.Kind == arangotest.FaultBlackhole && rest != "" {
		return bad("a blackhole drops connections, not requests: no method or path")
	}
	return i, f, nil
}
