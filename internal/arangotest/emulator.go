package arangotest

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"net/http"
	"slices"
	"strconv"
	"time"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/replica"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/docstore"
	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/model"
	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/naming"
	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/node"
	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/userstore"
)

// Options configures an emulated deployment.
type Options struct {
	Topology     string        // "single" (default) or "cluster"
	Version      string        // default "3.11.14"; reported by /_api/version, gates routes
	Password     string        // password of user "root"; "" = authentication off
	DBServers    int           // cluster: number of DB servers (default 3); there are always 3 agents
	Coordinators int           // cluster: number of coordinator listeners on 127.0.0.1:0 (default 1)
	Listen       []string      // explicit listen addresses (one per coordinator in a cluster; single: exactly one)
	TLS          bool          // serve https with a certificate made at start (CA via CACertPEM)
	TLSHosts     []string      // with TLS: the only names and addresses the certificate covers (default: loopback, localhost and the listen hosts)
	FailRate     float64       // share of requests answered 503 "service unavailable"
	Latency      time.Duration // added to every request
	JWTTTL       time.Duration // lifetime of JWTs issued by POST /_open/auth (default 1h)
	// JWTSecret is --server.jwt-secret: tokens are signed with it, and
	// HS256 tokens made elsewhere with it are accepted, superuser tokens
	// (server_id, no preferred_username) included (CONTRACT.md §15.2).
	// "" keeps a random secret. Only with a Password (authentication on).
	JWTSecret string
	// TLSKeyfile is --ssl.keyfile: a PEM file with the server's
	// certificate chain and its private key. The listeners serve https with
	// it (TLS need not be set; TLSHosts must not be), Client trusts the
	// certificates in it as read at start, CACertPEM is nil, and POST
	// /_admin/server/tls reads it again (CONTRACT.md §19.1).
	TLSKeyfile string
	// JWTSecretKeyfile is --server.jwt-secret-keyfile (one secret, the
	// file's content without surrounding whitespace) and JWTSecretFolder
	// --server.jwt-secret-folder (every file a secret: the first by name
	// active, the others passive; Enterprise Edition, or 3.12.5+). At most
	// one of them, and not with JWTSecret; the secrets then act as
	// JWTSecret does, and POST /_admin/server/jwt reads them again for the
	// server it reaches (CONTRACT.md §19.2).
	JWTSecretKeyfile string
	JWTSecretFolder  string
	// TransferDuration is how long each hot backup upload or download
	// takes (ACK for the first quarter, then STARTED with progress); 0
	// ends it at once (CONTRACT.md §21). SetTransferDuration changes it.
	TransferDuration time.Duration
	// ExportReadWriteMetrics is --server.export-read-write-metrics: the
	// metrics add arangodb_document_writes_total (single servers, DB
	// servers) and arangodb_document_writes_replication_total (DB
	// servers), as arangod does with the option (CONTRACT.md §18.4).
	ExportReadWriteMetrics bool
	// License is the edition: "enterprise" (default) or "community".
	// /_api/version reports it (Community builds from 3.12 say
	// "enterprise" too); the Community Edition has no hot backups before
	// 3.12.5 (CONTRACT.md §11.6).
	License string
	// MemberListeners (cluster): a listener for every DB server and agent
	// too (DBServerURLs, AgentURLs), answering who it is and the role
	// refusals of CONTRACT.md §6; their data and the Agency are not
	// emulated (501).
	MemberListeners bool
	// MoveDuration (cluster) is how long each shard move of an Agency job
	// (resignLeadership, cleanOutServer, moveShard, rebalance) takes; 0
	// moves at once (CONTRACT.md §12.12).
	MoveDuration time.Duration
	// ExtendedNames is --database.extended-names: "on", "off", or "" for
	// the version's default (on from 3.12.0; CONTRACT.md §3.16).
	ExtendedNames string
	// SupportInfoAPI is --server.support-info-api: who may read
	// /_admin/support-info: "admin" (the default), "jwt" (superuser tokens
	// only), "public" (whoever may use _system) or "disabled" (no such
	// route) (CONTRACT.md §22.1).
	SupportInfoAPI string
}

// DefaultVersion is the arangod version reported when Options.Version is empty.
const DefaultVersion = "3.11.14"

// Server is a running emulator: one listener for a single server, one per
// coordinator for a cluster, all sharing one deployment state.
type Server struct {
	opts     Options
	ver      semver
	edition  model.Edition // what the build has (license.go)
	state    *model.Deployment
	topo     *model.Topology
	sup      model.Supervision // the Agency's jobs over state and topo (jobs.go)
	auth     *authState
	faults   *faults
	reqlog   *requestLog
	protos   protoLog   // requests per protocol (http2.go)
	compacts compactLog // PUT /_admin/compact (compact.go)
	tls      *tlsMaterial
	client   *http.Client

	// jwtSource: Options.JWTSecretKeyfile or JWTSecretFolder (jwt.go)
	jwtSource jwtSource
	// xfers: hot backup uploads and downloads (backup_transfer.go)
	xfers model.Transfers

	// Log levels per member (loglevels.go), the licence (license.go),
	// metrics' counters and disk sizes (metrics.go).
	logs     logLevelStore
	lic      model.LicenseState
	counters metricCounters

	// The server as a replication follower: its appliers (internal/replica).
	follow *replica.Follower

	backupTime model.SlowOp  // how long a hot backup takes (SetBackupDuration)
	done       chan struct{} // closed by Close: slow operations end

	net listenerSet // the listeners and their sockets (listener.go)
}

// SetBackupDuration makes each hot backup take d from its request (0:
// at once), for those under way too: an hour holds them, 0 lets them end.
// A backup whose client went away is taken all the same, as by arangod.
func (s *Server) SetBackupDuration(d time.Duration) { s.backupTime.Set(d) }

// Start validates opts, binds the listeners and serves until Close.
func Start(opts Options) (*Server, error) {
	if err := normalize(&opts); err != nil {
		return nil, err
	}
	ver, err := parseVersion(opts.Version)
	if err != nil {
		return nil, err
	}
	cluster := opts.Topology == "cluster"
	s := &Server{
		opts:    opts,
		ver:     ver,
		edition: model.Edition{Community: opts.License == model.LicenseCommunity, Ver: ver.Version},
		state:   model.NewDeployment(ver.Version, cluster),
		faults:  newFaults(opts.FailRate, opts.Latency),
		done:    make(chan struct{}),
	}
	s.state.ExtendedNames = opts.ExtendedNames == "on" || (opts.ExtendedNames == "" && naming.ExtendedByDefault(ver.Version))
	s.state.Users.Authentication = opts.Password != ""
	s.topo = model.NewTopology(cluster, opts.Coordinators, opts.DBServers, s.state.ServerID)
	s.sup = model.Supervision{Deployment: s.state, Topology: s.topo}
	s.follow = &replica.Follower{Deployment: s.state, Cluster: cluster, Version: ver.Version, Counters: &s.counters.ReplCounters, Closed: s.net.isClosed}
	s.lic.Edition, s.lic.Start, s.lic.Deployment = s.edition, s.topo.Single, s.state
	if cluster {
		s.lic.Start = s.topo.Coordinators[0]
	}
	s.state.LicenseReadOnly = s.lic.ReadOnly
	if cluster {
		s.state.Agency.MoveDuration = opts.MoveDuration
		s.SetNumberOfServers(opts.Coordinators, opts.DBServers)
		s.sup.PlaceAll()
	}
	if s.auth, err = newAuthState(opts.Password, opts.JWTTTL); err != nil {
		return nil, err
	}
	s.auth.check = s.state.Users.CheckPassword
	s.auth.userExists = s.UserExists
	s.auth.setSecret(opts.JWTSecret)
	s.jwtSource = jwtSource{keyfile: opts.JWTSecretKeyfile, folder: opts.JWTSecretFolder}
	s.xfers.Duration, s.xfers.Deployment, s.xfers.Done = opts.TransferDuration, s.state, s.done
	if s.jwtSource.folder != "" && !s.edition.Enterprise() {
		return nil, errors.New("arangotest: a JWT secret folder needs the Enterprise Edition before 3.12.5")
	}
	if s.jwtSource.configured() {
		keys, err := s.jwtSource.load()
		switch {
		case err != nil:
			return nil, errors.New("arangotest: " + err.Msg)
		case len(keys.active) > maxJWTSecretLength:
			return nil, errors.New("arangotest: Given JWT secret too long. Max length is 64")
		}
		s.auth.setKeys(keys)
	}
	s.state.Users.Add(userstore.NewRoot(opts.Password))

	addrs := opts.Listen
	if len(addrs) == 0 {
		n := 1
		if cluster {
			n = opts.Coordinators
		}
		for range n {
			addrs = append(addrs, "127.0.0.1:0")
		}
	}
	var members []*node.Member
	if opts.MemberListeners {
		members = append(slices.Clone(s.topo.DBServers), s.topo.Agents...)
	}
	s.reqlog = newRequestLog(len(addrs) + len(members))
	if opts.TLSKeyfile != "" {
		if s.tls, err = newTLSMaterialFromFile(opts.TLSKeyfile); err != nil {
			return nil, fmt.Errorf("arangotest: TLS keyfile: %w", err)
		}
	} else if opts.TLS {
		hosts := opts.TLSHosts
		if len(hosts) == 0 {
			hosts = []string{"127.0.0.1", "::1", "localhost"}
			for _, a := range addrs {
				if h, _, err := net.SplitHostPort(a); err == nil {
					hosts = append(hosts, h)
				}
			}
		}
		if s.tls, err = newTLSMaterial(hosts); err != nil {
			return nil, fmt.Errorf("arangotest: making TLS certificate: %w", err)
		}
	}
	s.client = newHTTPClient(s.tls)
	s.net.tls, s.net.faults, s.net.serve = s.tls, s.faults, s.serve
	for i, a := range addrs {
		l := &listener{idx: i, member: s.topo.Single}
		if cluster {
			l.member = s.topo.Coordinators[i]
		}
		if err := s.net.bind(l, a); err != nil {
			s.Close()
			return nil, err
		}
		l.member.Endpoint = l.endpoint(s.tls != nil)
		s.net.listeners = append(s.net.listeners, l)
	}
	for i, m := range members {
		l := &listener{idx: len(addrs) + i, member: m}
		if err := s.net.bind(l, "127.0.0.1:0"); err != nil {
			s.Close()
			return nil, err
		}
		m.Endpoint = l.endpoint(s.tls != nil) // health reports where it answers
		s.net.members = append(s.net.members, l)
	}
	return s, nil
}

func normalize(o *Options) error {
	switch o.Topology {
	case "":
		o.Topology = "single"
	case "single", "cluster":
	default:
		return fmt.Errorf("arangotest: unknown topology %q (want single or cluster)", o.Topology)
	}
	if o.Version == "" {
		o.Version = DefaultVersion
	}
	switch o.License {
	case "":
		o.License = model.LicenseEnterprise
	case model.LicenseEnterprise, model.LicenseCommunity:
	default:
		return fmt.Errorf("arangotest: unknown license %q (want enterprise or community)", o.License)
	}
	if o.FailRate < 0 || o.FailRate > 1 {
		return fmt.Errorf("arangotest: fail rate %v outside [0,1]", o.FailRate)
	}
	if o.Latency < 0 {
		return errors.New("arangotest: negative latency")
	}
	if o.MoveDuration < 0 {
		return errors.New("arangotest: negative move duration")
	}
	if o.TransferDuration < 0 {
		return errors.New("arangotest: negative transfer duration")
	}
	if o.JWTTTL <= 0 {
		o.JWTTTL = time.Hour
	}
	policy, err := checkSupportInfoAPI(o.SupportInfoAPI)
	if err != nil {
		return err
	}
	o.SupportInfoAPI = policy
	if o.MemberListeners && o.Topology != "cluster" {
		return errors.New("arangotest: member listeners need topology cluster")
	}
	if o.JWTSecretKeyfile != "" && o.JWTSecretFolder != "" {
		return errors.New("arangotest: please specify either a JWT secret keyfile or a JWT secret folder but not both")
	}
	if o.JWTSecret != "" && (o.JWTSecretKeyfile != "" || o.JWTSecretFolder != "") {
		return errors.New("arangotest: JWTSecret excludes JWTSecretKeyfile and JWTSecretFolder")
	}
	if o.TLSKeyfile != "" {
		if len(o.TLSHosts) > 0 {
			return errors.New("arangotest: TLS hosts are for the certificate made at start, not a TLS keyfile")
		}
		o.TLS = true
	}
	if len(o.TLSHosts) > 0 && !o.TLS {
		return errors.New("arangotest: TLS hosts need TLS")
	}
	if o.ExtendedNames != "" && o.ExtendedNames != "on" && o.ExtendedNames != "off" {
		return fmt.Errorf("arangotest: extended names %q: want on, off or empty", o.ExtendedNames)
	}
	if o.Topology == "single" {
		if len(o.Listen) > 1 {
			return errors.New("arangotest: a single server listens on exactly one address")
		}
		if o.Coordinators > 1 || o.DBServers > 0 {
			return errors.New("arangotest: coordinators and DB servers need topology cluster")
		}
		return nil
	}
	if o.DBServers <= 0 {
		o.DBServers = 3
	}
	switch {
	case len(o.Listen) > 0 && o.Coordinators > 0 && o.Coordinators != len(o.Listen):
		return fmt.Errorf("arangotest: %d coordinators but %d listen addresses", o.Coordinators, len(o.Listen))
	case len(o.Listen) > 0:
		o.Coordinators = len(o.Listen)
	case o.Coordinators <= 0:
		o.Coordinators = 1
	}
	return nil
}

// TB is the part of testing.TB that NewServer uses; *testing.T,
// *testing.B, *testing.F and testing.TB all satisfy it. It is declared here
// so that the package does not import "testing" outside its tests.
type TB interface {
	Helper()
	Fatal(args ...any)
	Cleanup(func())
}

// NewServer starts an emulator for a test and closes it when the test ends.
func NewServer(t TB, opts Options) *Server {
	t.Helper()
	s, err := Start(opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	return s
}

// Close stops every listener and ends hung requests (FaultHang): when it
// returns, no request of this emulator's listeners is still held. It is
// safe to call more than once.
func (s *Server) Close() {
	first := func() bool {
		s.net.mu.Lock()
		defer s.net.mu.Unlock()
		if s.net.closed {
			return false
		}
		s.net.closed = true
		close(s.done)
		for _, l := range append(slices.Clone(s.net.listeners), s.net.members...) {
			l.stop()
		}
		return true
	}()
	if !first {
		return
	}
	s.faults.close() // hung requests end; returns once their handlers have
	s.xfers.Stop()
	s.client.CloseIdleConnections()
}

// Handler serves the deployment as the first listener does (the single
// server, or coordinator 0 of a cluster): requests through it are counted
// as listener 0's and meet listener 0's faults, except a blackhole, which
// is a property of the listener's socket. A reset or close fault hijacks
// the connection when the ResponseWriter allows it and otherwise aborts
// the handler with panic(http.ErrAbortHandler), as net/http documents for
// aborting a response. Like httptest.NewServer(s.Handler()), it lets a test
// mount the emulator in a server of its own.
func (s *Server) Handler() http.Handler {
	l := s.net.listeners[0]
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { s.serve(l, w, r) })
}

// Client is an http.Client for this emulator's listeners, as
// httptest.Server.Client: with TLS its transport trusts exactly the
// emulator's CA, otherwise it is a plain client with a transport of its
// own. Like httptest's, it speaks HTTP/1.1 (the listeners also speak
// HTTP/2: CONTRACT.md §2.7). It is the same client on every call; Close
// closes its idle connections.
func (s *Server) Client() *http.Client { return s.client }

func newHTTPClient(m *tlsMaterial) *http.Client {
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.ForceAttemptHTTP2 = false
	tr.Protocols = new(http.Protocols)
	tr.Protocols.SetHTTP1(true)
	if m != nil {
		pool := x509.NewCertPool()
		pool.AppendCertsFromPEM(m.caPEM)
		tr.TLSClientConfig = &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12}
	}
	return &http.Client{Transport: tr}
}

// URL is the base URL of the first listener, e.g. "http://127.0.0.1:8529".
func (s *Server) URL() string { return s.net.listeners[0].url(s.tls != nil) }

// URLs lists the base URLs of every listener (the coordinators of a cluster).
func (s *Server) URLs() []string {
	out := make([]string, len(s.net.listeners))
	for i, l := range s.net.listeners {
		out[i] = l.url(s.tls != nil)
	}
	return out
}

// DBServerURLs lists the base URLs of the DB servers' listeners, in the
// order of DBServerIDs (nil without MemberListeners).
func (s *Server) DBServerURLs() []string { return s.net.memberURLs(model.RoleDBServer) }

// AgentURLs lists the base URLs of the agents' listeners, in the order of
// AgentIDs (nil without MemberListeners).
func (s *Server) AgentURLs() []string { return s.net.memberURLs(model.RoleAgent) }

// Version is the arangod version the emulator reports.
func (s *Server) Version() string { return s.ver.Raw }

// Role is "SINGLE" or "COORDINATOR", as /_admin/server/role reports it.
func (s *Server) Role() string {
	if s.topo.Cluster {
		return model.RoleCoordinator
	}
	return model.RoleSingle
}

// ServerID is the single server's replication server id (a decimal uint64),
// or in a cluster the id of coordinator 0 (CRDN-<uuid>).
func (s *Server) ServerID() string {
	if s.topo.Cluster {
		return s.topo.Coordinators[0].ID
	}
	return strconv.FormatUint(s.topo.Single.NumericID, 10)
}

// CoordinatorIDs lists the coordinator ids (nil for a single server).
func (s *Server) CoordinatorIDs() []string { return model.IDs(s.topo.Coordinators) }

// DBServerIDs lists the DB server ids (nil for a single server).
func (s *Server) DBServerIDs() []string { return model.IDs(s.topo.DBServers) }

// AgentIDs lists the agent ids (nil for a single server).
func (s *Server) AgentIDs() []string { return model.IDs(s.topo.Agents) }

// ClusterID is the cluster's id ("" for a single server).
func (s *Server) ClusterID() string { return s.topo.ClusterID }

// CACertPEM is the PEM of the CA that signed the server certificate (nil
// without TLS, and with Options.TLSKeyfile, whose CA the test made).
func (s *Server) CACertPEM() []byte {
	if s.tls == nil || s.tls.path != "" {
		return nil
	}
	return append([]byte(nil), s.tls.caPEM...)
}

// SetFailRate changes the share of requests answered 503.
func (s *Server) SetFailRate(f float64) { s.faults.setFailRate(f) }

// SetLatency changes the delay added to every request.
func (s *Server) SetLatency(d time.Duration) { s.faults.setLatency(d) }

// SetDown closes listener i (connections are refused) or reopens it on the
// same address. Listeners are numbered as for SetFault. It ends a
// blackhole on i (the port is SetDown's now); other faults stay.
func (s *Server) SetDown(i int, down bool) error {
	s.net.mu.Lock()
	defer s.net.mu.Unlock()
	if s.net.closed {
		return errors.New("arangotest: server closed")
	}
	l, err := s.net.listenerAt(i)
	if err != nil {
		return err
	}
	if s.faults.get(i).Kind == FaultBlackhole {
		s.faults.put(i, Fault{})
	}
	if down {
		l.stop()
		return nil
	}
	if l.serving() {
		return nil
	}
	l.stop() // a blackhole's socket
	return s.net.bind(l, l.addr)
}

// ExpireTokens makes every JWT issued so far invalid (401 from now on).
func (s *Server) ExpireTokens() { s.auth.revokeAll() }

// CreateDatabase creates a database as POST /_api/database does.
func (s *Server) CreateDatabase(name string) error {
	if _, err := s.state.CreateDatabase(name); err != nil {
		return err
	}
	return nil
}

// CreateCollection creates a document (or edge) collection in db.
func (s *Server) CreateCollection(db, name string, edge bool) error {
	typ := docstore.TypeDocument
	if edge {
		typ = docstore.TypeEdge
	}
	if _, err := s.state.CreateCollection(db, model.CollectionSpec{Name: name, Type: typ}); err != nil {
		return err
	}
	return nil
}

// InsertDocument stores doc in db/coll and returns its key. Attribute order
// in the stored document follows Go's sorted map order.
func (s *Server) InsertDocument(db, coll string, doc map[string]any) (string, error) {
	o := obj{}
	for _, k := range sortedKeys(doc) {
		o = append(o, kv{k, doc[k]})
	}
	res, err := s.state.InsertDocument(db, coll, o, model.InsertOptions{})
	if err != nil {
		return "", err
	}
	return res.Key, nil
}
