package arangodb

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
)

// Server roles as /_admin/server/role names them.
const (
	RoleSingle      = "SINGLE"
	RoleCoordinator = "COORDINATOR"
	RolePrimary     = "PRIMARY" // a DB server
	RoleAgent       = "AGENT"
)

// ServerVersion is a parsed x.y.z version; suffixes such as -nightly are kept in Raw.
type ServerVersion struct {
	Raw                 string
	Major, Minor, Patch int
}

var versionRE = regexp.MustCompile(`^(\d+)\.(\d+)\.(\d+)`)

// ParseVersion reads the x.y.z prefix of an ArangoDB version string.
func ParseVersion(s string) (ServerVersion, error) {
	m := versionRE.FindStringSubmatch(s)
	if m == nil {
		return ServerVersion{}, fmt.Errorf("server version %q is not of the form x.y.z", s)
	}
	v := ServerVersion{Raw: s}
	for i, p := range []*int{&v.Major, &v.Minor, &v.Patch} {
		n, err := strconv.Atoi(m[i+1])
		if err != nil {
			return ServerVersion{}, fmt.Errorf("server version %q has a number out of range", s)
		}
		*p = n
	}
	return v, nil
}

// AtLeast reports whether v >= major.minor.patch.
func (v ServerVersion) AtLeast(major, minor, patch int) bool {
	if v.Major != major {
		return v.Major > major
	}
	if v.Minor != minor {
		return v.Minor > minor
	}
	return v.Patch >= patch
}

func (v ServerVersion) String() string { return v.Raw }

// HasApplierAPI: 3.12.10 removed the applier, sync, server-id and
// logger-first-tick routes (CONTRACT.md §1).
func (v ServerVersion) HasApplierAPI() bool { return !v.AtLeast(3, 12, 10) }

// ServerInfo is what the client learns once per provider instance.
type ServerInfo struct {
	Version  ServerVersion
	License  string
	Role     string
	Endpoint string // the endpoint that answered
}

// probe is one version probe: callers that come while it runs wait for it,
// and its failure is remembered (done is closed when it has ended).
type probe struct {
	done chan struct{}
	info ServerInfo
	err  error
	// abandoned: the prober's own context ended, so err says nothing of
	// the deployment; a waiter asks again.
	abandoned bool
}

// ServerInfo returns the server's version, license and role. The first call
// asks the server (one request; the first endpoint in the configured order
// that answers, so that the answer is the same from run to run); later calls
// reuse the answer, and also its failure, so that N objects against a dead
// deployment fail after one back-off budget, not N. A caller waits for a
// probe under way no longer than its own context allows.
func (c *Client) ServerInfo(ctx context.Context) (ServerInfo, error) {
	for {
		c.infoMu.Lock()
		if c.info != nil {
			info := *c.info
			c.infoMu.Unlock()
			return info, nil
		}
		p := c.probe
		if p == nil {
			p = &probe{done: make(chan struct{})}
			c.probe = p
			c.infoMu.Unlock()
			p.info, p.err = c.askServerInfo(ctx, "")
			if p.err == nil && c.cfg.DiscoverEndpoints {
				c.discoverEndpoints(ctx, p.info) // before anyone waiting goes on
			}
			c.infoMu.Lock()
			switch {
			case p.err == nil:
				c.info = &p.info
				c.probe = nil
			case ctx.Err() != nil:
				c.probe = nil // this caller gave up: the next one asks again
				p.abandoned = true
			}
			c.infoMu.Unlock()
			close(p.done)
			return p.info, p.err
		}
		c.infoMu.Unlock()
		select {
		case <-p.done:
			// A deadline inside err (an attempt's timeout) is the
			// deployment's answer; only the prober giving up is not.
			if !p.abandoned {
				return p.info, p.err
			}
			// the prober's own context ended: ask again
		case <-ctx.Done():
			return ServerInfo{}, ctx.Err()
		}
	}
}

// askServerInfo sends the version probe to ep, or to the first endpoint in
// the configured order that answers ("" ep), and, when the answer names no
// role, asks the same endpoint for it.
func (c *Client) askServerInfo(ctx context.Context, ep string) (ServerInfo, error) {
	var body struct {
		Version string            `json:"version"`
		License string            `json:"license"`
		Details map[string]string `json:"details"`
	}
	resp, err := c.getJSON(ctx, Request{Method: http.MethodGet, Path: "/_api/version",
		Query: url.Values{"details": {"true"}}, Ordered: true, Hedge: true, Endpoint: ep, Timeout: c.probeTimeout()}, &body)
	if err != nil {
		return ServerInfo{}, err
	}
	v, err := ParseVersion(body.Version)
	if err != nil {
		return ServerInfo{}, err
	}
	info := ServerInfo{Version: v, License: body.License, Role: body.Details["role"], Endpoint: resp.Endpoint}
	if info.Role == "" { // hardened servers keep details to admins
		r, err := c.roleAt(ctx, resp.Endpoint)
		if err != nil {
			return ServerInfo{}, err
		}
		info.Role = r.Role
	}
	if info.Role == "" {
		return ServerInfo{}, fmt.Errorf("the server at %s names no role in /_api/version or /_admin/server/role", resp.Endpoint)
	}
	return info, nil
}

// RoleInfo is the answer of GET /_admin/server/role.
type RoleInfo struct {
	Role string `json:"role"`
	Mode string `json:"mode"`
}

// Role asks the server for its role and mode.
func (c *Client) Role(ctx context.Context) (RoleInfo, error) { return c.roleAt(ctx, "") }

// roleAt asks one endpoint ("" = any) for its role and mode.
func (c *Client) roleAt(ctx context.Context, ep string) (RoleInfo, error) {
	var r RoleInfo
	_, err := c.getJSON(ctx, Request{Method: http.MethodGet, Path: "/_admin/server/role", Endpoint: ep, Hedge: true}, &r)
	return r, err
}

// ServerID returns the id a user knows the server by: the cluster id of a
// cluster member, otherwise the replication server id, read from
// logger-state on versions without /_api/replication/server-id.
func (c *Client) ServerID(ctx context.Context) (string, error) {
	info, err := c.ServerInfo(ctx)
	if err != nil {
		return "", err
	}
	return c.serverIDAt(ctx, info, "")
}

func (c *Client) serverIDAt(ctx context.Context, info ServerInfo, ep string) (string, error) {
	var r struct {
		ID       string `json:"id"`
		ServerID string `json:"serverId"`
		Server   struct {
			ServerID string `json:"serverId"`
		} `json:"server"`
	}
	req := Request{Method: http.MethodGet, Endpoint: ep, Hedge: true}
	switch {
	case info.Role != RoleSingle:
		req.Path = "/_admin/server/id"
	case info.Version.HasApplierAPI():
		req.Path = "/_api/replication/server-id"
	default:
		req.Path = "/_api/replication/logger-state"
	}
	if _, err := c.getJSON(ctx, req, &r); err != nil {
		return "", err
	}
	for _, id := range []string{r.ID, r.ServerID, r.Server.ServerID} {
		if id != "" {
			return id, nil
		}
	}
	return "", fmt.Errorf("GET %s at %s: the answer names no server id", req.Path, ep)
}

// Available reports whether the server answers 200 at
// /_admin/server/availability (503 while starting, stopping or overloaded).
func (c *Client) Available(ctx context.Context) (bool, error) { return c.availableAt(ctx, "") }

func (c *Client) availableAt(ctx context.Context, ep string) (bool, error) {
	resp, err := c.Do(ctx, Request{Method: http.MethodGet, Path: "/_admin/server/availability",
		Accept: []int{http.StatusServiceUnavailable}, Endpoint: ep, Hedge: true})
	if err != nil {
		return false, err
	}
	return resp.Status == http.StatusOK, nil
}

// ServerDetails describes one server; every field comes from one endpoint.
type ServerDetails struct {
	Endpoint  string
	ID        string
	Role      string
	Mode      string
	Version   ServerVersion
	License   string
	Available bool
}

// UnknownEndpointError says that an endpoint is not one the client has.
type UnknownEndpointError struct {
	Endpoint string
	Known    []string
}

func (e *UnknownEndpointError) Error() string {
	return fmt.Sprintf("%q is not one of the client's endpoints %q", e.Endpoint, e.Known)
}

// Endpoint returns the client's spelling of ep, which must be one of its
// endpoints in any accepted spelling (tcp://, http://, ...).
func (c *Client) Endpoint(ep string) (string, error) {
	n, err := NormalizeEndpoint(ep)
	if err != nil {
		return "", err
	}
	for _, e := range c.eps() {
		if e == n {
			return e, nil
		}
	}
	return "", &UnknownEndpointError{Endpoint: ep, Known: c.Endpoints()}
}

// Server reads one server's id, role, mode, version, license and
// availability, all from one endpoint: ep (one of the client's), or with ""
// the one the version probe found (the first in the configured order that
// answers), so that a cluster's coordinators are never mixed in one answer.
func (c *Client) Server(ctx context.Context, ep string) (*ServerDetails, error) {
	info, err := c.ServerInfo(ctx)
	if err != nil {
		return nil, err
	}
	if ep != "" {
		if ep, err = c.Endpoint(ep); err != nil {
			return nil, err
		}
		if ep != info.Endpoint {
			if info, err = c.askServerInfo(ctx, ep); err != nil {
				return nil, err
			}
		}
	}
	role, err := c.roleAt(ctx, info.Endpoint)
	if err != nil {
		return nil, err
	}
	id, err := c.serverIDAt(ctx, info, info.Endpoint)
	if err != nil {
		return nil, err
	}
	available, err := c.availableAt(ctx, info.Endpoint)
	if err != nil {
		return nil, err
	}
	return &ServerDetails{Endpoint: info.Endpoint, ID: id, Role: role.Role, Mode: role.Mode,
		Version: info.Version, License: info.License, Available: available}, nil
}

// RoleName names a role for messages: "a coordinator", "an agent".
func RoleName(role string) string {
	switch role {
	case RoleSingle:
		return "a single server"
	case RoleCoordinator:
		return "a coordinator"
	case RolePrimary:
		return "a DB server"
	case RoleAgent:
		return "an agent"
	}
	return "a server"
}
