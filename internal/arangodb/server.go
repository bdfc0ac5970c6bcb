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
	Version ServerVersion
	License string
	Role    string
}

// ServerInfo returns the server's version, license and role. The first call
// asks the server (one request); later calls reuse the answer. Failures are
// not cached, so a later call tries again.
func (c *Client) ServerInfo(ctx context.Context) (ServerInfo, error) {
	c.infoMu.Lock()
	defer c.infoMu.Unlock()
	if c.info != nil {
		return *c.info, nil
	}
	var body struct {
		Version string            `json:"version"`
		License string            `json:"license"`
		Details map[string]string `json:"details"`
	}
	if _, err := c.getJSON(ctx, Request{Method: http.MethodGet, Path: "/_api/version",
		Query: url.Values{"details": {"true"}}}, &body); err != nil {
		return ServerInfo{}, err
	}
	v, err := ParseVersion(body.Version)
	if err != nil {
		return ServerInfo{}, err
	}
	info := ServerInfo{Version: v, License: body.License, Role: body.Details["role"]}
	if info.Role == "" { // hardened servers keep details to admins
		r, err := c.Role(ctx)
		if err != nil {
			return ServerInfo{}, err
		}
		info.Role = r.Role
	}
	if info.Role == "" {
		return ServerInfo{}, fmt.Errorf("the server at %v names no role in /_api/version or /_admin/server/role", c.endpoints)
	}
	c.info = &info
	return info, nil
}

// RoleInfo is the answer of GET /_admin/server/role.
type RoleInfo struct {
	Role string `json:"role"`
	Mode string `json:"mode"`
}

// Role asks the server for its role and mode.
func (c *Client) Role(ctx context.Context) (RoleInfo, error) {
	var r RoleInfo
	_, err := c.getJSON(ctx, Request{Method: http.MethodGet, Path: "/_admin/server/role"}, &r)
	return r, err
}

// ClusterServerID returns the id of a cluster member (GET /_admin/server/id).
func (c *Client) ClusterServerID(ctx context.Context) (string, error) {
	var r struct {
		ID string `json:"id"`
	}
	_, err := c.getJSON(ctx, Request{Method: http.MethodGet, Path: "/_admin/server/id"}, &r)
	return r.ID, err
}

// ReplicationServerID returns the replication server id
// (GET /_api/replication/server-id, gone from 3.12.10).
func (c *Client) ReplicationServerID(ctx context.Context) (string, error) {
	var r struct {
		ServerID string `json:"serverId"`
	}
	_, err := c.getJSON(ctx, Request{Method: http.MethodGet, Path: "/_api/replication/server-id"}, &r)
	return r.ServerID, err
}

// ServerID returns the id a user knows the server by: the cluster id of a
// cluster member, otherwise the replication server id, read from
// logger-state on versions without /_api/replication/server-id.
func (c *Client) ServerID(ctx context.Context) (string, error) {
	info, err := c.ServerInfo(ctx)
	if err != nil {
		return "", err
	}
	switch {
	case info.Role != RoleSingle:
		return c.ClusterServerID(ctx)
	case info.Version.HasApplierAPI():
		return c.ReplicationServerID(ctx)
	}
	ls, err := c.LoggerState(ctx, "")
	if err != nil {
		return "", err
	}
	return ls.Server.ServerID, nil
}

// Available reports whether the server answers 200 at
// /_admin/server/availability (503 while starting, stopping or overloaded).
func (c *Client) Available(ctx context.Context) (bool, error) {
	resp, err := c.Do(ctx, Request{Method: http.MethodGet, Path: "/_admin/server/availability",
		Accept: []int{http.StatusServiceUnavailable}})
	if err != nil {
		return false, err
	}
	return resp.Status == http.StatusOK, nil
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
