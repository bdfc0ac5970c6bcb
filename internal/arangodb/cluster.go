package arangodb

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"time"
)

// Supervision modes of GET /_admin/cluster/maintenance.
const (
	SupervisionNormal      = "Normal"
	SupervisionMaintenance = "Maintenance"
)

// Health roles of GET /_admin/cluster/health (mixed case, unlike /_admin/server/role).
const (
	HealthRoleAgent       = "Agent"
	HealthRoleCoordinator = "Coordinator"
	HealthRoleDBServer    = "DBServer"
)

// HealthGood is the Status of a server the Supervision hears from.
const HealthGood = "GOOD"

// DefaultMaintenance is what "on" means: one hour.
const DefaultMaintenance = time.Hour

// HasMaintenanceSeconds: PUT /_admin/cluster/maintenance takes a number of
// seconds from 3.8.3; before, only "on" (one hour) and "off".
func (v ServerVersion) HasMaintenanceSeconds() bool { return v.AtLeast(3, 8, 3) }

// HasDBServerMaintenance: /_admin/cluster/maintenance/{id} exists from 3.10.1.
func (v ServerVersion) HasDBServerMaintenance() bool { return v.AtLeast(3, 10, 1) }

// ClusterStatisticsDeprecated: 3.12 deprecates /_admin/cluster/statistics.
func (v ServerVersion) ClusterStatisticsDeprecated() bool { return v.AtLeast(3, 12, 0) }

// HasClusterStatistics: ArangoDB 4.0 removes /_admin/cluster/statistics.
func (v ServerVersion) HasClusterStatistics() bool { return !v.AtLeast(4, 0, 0) }

// ClusterHealth is the answer of GET /_admin/cluster/health.
type ClusterHealth struct {
	ClusterID string                  `json:"ClusterId"`
	Health    map[string]ServerHealth `json:"Health"`
}

// ServerHealth is one member as the Supervision sees it. Fields a role does
// not have stay empty (agents: no ShortName, Host, SyncStatus or times;
// others: no Leader, Leading or LastAckedSecondsAgo). CONTRACT.md §4.5.
type ServerHealth struct {
	Role               string `json:"Role"`
	ShortName          string `json:"ShortName"`
	Status             string `json:"Status"`
	SyncStatus         string `json:"SyncStatus"`
	Endpoint           string `json:"Endpoint"`
	AdvertisedEndpoint string `json:"AdvertisedEndpoint"`
	Host               string `json:"Host"`
	Version            string `json:"Version"`
	Engine             string `json:"Engine"`
	Leader             string `json:"Leader"`
	Leading            *bool  `json:"Leading"`
	CanBeDeleted       bool   `json:"CanBeDeleted"`
	// LastAckedTime: when the Supervision last saw the server's heartbeat
	// change (coordinators and DB servers). Zero when there is none.
	LastAckedTime time.Time `json:"-"`
	// LastAckedSecondsAgo: agents' LastAckedTime, a number of seconds since
	// the agency's leader last heard from the agent (0 for the leader).
	LastAckedSecondsAgo *float64 `json:"-"`
	// SyncTime: the time the server wrote into its last heartbeat, by its
	// own clock. Zero when it never sent one (arangod writes the epoch).
	SyncTime time.Time `json:"-"`
	// Timestamp: when the Supervision wrote this health record.
	Timestamp time.Time `json:"-"`
}

// UnmarshalJSON reads LastAckedTime in either of its forms and the times,
// which arangod writes as YYYY-MM-DDThh:mm:ssZ.
func (h *ServerHealth) UnmarshalJSON(b []byte) error {
	type plain ServerHealth
	var v struct {
		plain
		LastAckedTime json.RawMessage `json:"LastAckedTime"`
		SyncTime      *string         `json:"SyncTime"`
		Timestamp     *string         `json:"Timestamp"`
	}
	if err := decodeJSON(b, &v); err != nil {
		return err
	}
	*h = ServerHealth(v.plain)
	var err error
	raw := bytes.TrimSpace(v.LastAckedTime)
	switch {
	case len(raw) == 0 || string(raw) == "null":
	case raw[0] == '"':
		var s string
		if err := json.Unmarshal(raw, &s); err != nil {
			return err
		}
		if h.LastAckedTime, err = healthTime("LastAckedTime", s); err != nil {
			return err
		}
	default:
		var n float64
		if err := json.Unmarshal(raw, &n); err != nil {
			return fmt.Errorf("LastAckedTime: %w", err)
		}
		h.LastAckedSecondsAgo = &n
	}
	if v.SyncTime != nil {
		if h.SyncTime, err = healthTime("SyncTime", *v.SyncTime); err != nil {
			return err
		}
	}
	if v.Timestamp != nil {
		if h.Timestamp, err = healthTime("Timestamp", *v.Timestamp); err != nil {
			return err
		}
	}
	return nil
}

// healthTime reads one of the Supervision's times; "" and the epoch (what
// arangod writes for a server it never heard from) are no time.
func healthTime(field, s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("%s %q is not a time: %w", field, s, err)
	}
	if t.Unix() == 0 {
		return time.Time{}, nil
	}
	return t.UTC(), nil
}

// Healthy reports whether every member is GOOD.
func (c *ClusterHealth) Healthy() bool {
	for _, h := range c.Health {
		if h.Status != HealthGood {
			return false
		}
	}
	return true
}

// ClusterHealth reads the Supervision's view of the cluster (coordinators only).
func (c *Client) ClusterHealth(ctx context.Context) (*ClusterHealth, error) {
	var h ClusterHealth
	if _, err := c.getJSON(ctx, Request{Method: http.MethodGet, Path: "/_admin/cluster/health", Hedge: true}, &h); err != nil {
		return nil, err
	}
	return &h, nil
}

// SupervisionMode reads Supervision/State/Mode: "Normal" or "Maintenance"
// (other values during transitions).
func (c *Client) SupervisionMode(ctx context.Context) (string, error) {
	var r struct {
		Result string `json:"result"`
	}
	_, err := c.getJSON(ctx, Request{Method: http.MethodGet, Path: "/_admin/cluster/maintenance", Hedge: true}, &r)
	return r.Result, err
}

// MaintenanceChange is the answer of PUT /_admin/cluster/maintenance.
type MaintenanceChange struct {
	Warning string
	// ReactivatesAt is when the Supervision comes back by itself, read from
	// the warning (3.8+ names the time; before, "in 60 minutes" counts from
	// the answer). Zero when maintenance was turned off or the text is not
	// understood.
	ReactivatesAt time.Time
	Mode          string // the Supervision's mode after the change (ChangeClusterMaintenance)
}

var (
	reactivatesOnRE = regexp.MustCompile(`reactivated automatically on (\S+) unless`)
	reactivatesInRE = regexp.MustCompile(`reactivated automatically in (\d+) minutes`)
)

// SetClusterMaintenance turns the Supervision's maintenance on for d, or off
// when d is 0. The body is a bare JSON string: "off", "on" (one hour), or the
// number of seconds, which needs 3.8.3. arangod answers once the Supervision
// has switched, or with HTTP 408 (errorNum 504) after 120 s.
func (c *Client) SetClusterMaintenance(ctx context.Context, d time.Duration) (*MaintenanceChange, error) {
	body := "off"
	if d > 0 {
		info, err := c.ServerInfo(ctx)
		if err != nil {
			return nil, err
		}
		switch {
		case info.Version.HasMaintenanceSeconds():
			body = strconv.FormatInt(int64((d+time.Second-1)/time.Second), 10)
		case d == DefaultMaintenance:
			body = "on"
		default:
			return nil, &UnsupportedError{Feature: "cluster maintenance for " + d.String(),
				Reason: "ArangoDB " + info.Version.Raw + " knows only one hour (\"on\"); other durations need 3.8.3 or later"}
		}
	}
	var r struct {
		Warning string `json:"warning"`
	}
	began := time.Now()
	if _, err := c.getJSON(ctx, Request{Method: http.MethodPut, Path: "/_admin/cluster/maintenance", Body: body,
		Idempotent: true /* sets the mode; a repeated duration counts from the repeat */}, &r); err != nil {
		return nil, err
	}
	out := &MaintenanceChange{Warning: r.Warning}
	if m := reactivatesOnRE.FindStringSubmatch(r.Warning); m != nil {
		if t, err := time.Parse(time.RFC3339, m[1]); err == nil {
			out.ReactivatesAt = t.UTC()
		}
	} else if m := reactivatesInRE.FindStringSubmatch(r.Warning); m != nil {
		// Minutes beyond what a Duration holds leave the time unknown.
		if n, err := strconv.ParseInt(m[1], 10, 64); err == nil && n <= int64(math.MaxInt64/time.Minute) {
			out.ReactivatesAt = began.Add(time.Duration(n) * time.Minute).UTC().Truncate(time.Second)
		}
	}
	return out, nil
}

// ChangeClusterMaintenance turns the Supervision's maintenance on for d
// (off with 0) and waits until GET /_admin/cluster/maintenance shows the new
// mode; Mode is what it showed.
func (c *Client) ChangeClusterMaintenance(ctx context.Context, d time.Duration) (*MaintenanceChange, error) {
	ch, err := c.SetClusterMaintenance(ctx, d)
	if err != nil {
		return nil, err
	}
	want := SupervisionNormal
	if d > 0 {
		want = SupervisionMaintenance
	}
	err = waitFor(ctx, func(ctx context.Context) (bool, error) {
		mode, err := c.SupervisionMode(ctx)
		if err == nil {
			ch.Mode = mode // what the last read that answered said
		}
		return mode == want, err
	})
	if err != nil {
		return nil, &WaitError{Change: "the change", Read: "GET /_admin/cluster/maintenance",
			Want: fmt.Sprintf("%q", want), Last: fmt.Sprintf("%q", ch.Mode), Err: err}
	}
	return ch, nil
}

// DBServerMaintenance is a DB server's maintenance entry.
type DBServerMaintenance struct {
	Mode  string
	Until time.Time
}

// GetDBServerMaintenance reads a DB server's maintenance (3.10.1+). It
// returns nil when the server is in normal mode: arangod then sends no
// result, and also for ids it does not know.
func (c *Client) GetDBServerMaintenance(ctx context.Context, serverID string) (*DBServerMaintenance, error) {
	var r struct {
		Result *struct {
			Mode  string `json:"Mode"`
			Until string `json:"Until"`
		} `json:"result"`
	}
	if _, err := c.getJSON(ctx, Request{Method: http.MethodGet, Path: dbServerMaintenancePath(serverID), Hedge: true}, &r); err != nil {
		return nil, err
	}
	if r.Result == nil {
		return nil, nil
	}
	out := &DBServerMaintenance{Mode: r.Result.Mode}
	if r.Result.Until != "" {
		t, err := time.Parse(time.RFC3339, r.Result.Until)
		if err != nil {
			return nil, fmt.Errorf("GET %s: Until %q is not an RFC 3339 time", dbServerMaintenancePath(serverID), r.Result.Until)
		}
		out.Until = t.UTC()
	}
	return out, nil
}

// SetDBServerMaintenance puts a DB server into maintenance for d, or back
// to normal when d is 0 (3.10.1+). arangod refuses with HTTP 412 unless the
// server's health is GOOD.
func (c *Client) SetDBServerMaintenance(ctx context.Context, serverID string, d time.Duration) error {
	body := map[string]any{"mode": "normal"}
	if d > 0 {
		body = map[string]any{"mode": "maintenance", "timeout": int64((d + time.Second - 1) / time.Second)}
	}
	_, err := c.Do(ctx, Request{Method: http.MethodPut, Path: dbServerMaintenancePath(serverID), Body: body,
		Idempotent: true}) // sets the mode
	return err
}

// ChangeDBServerMaintenance puts a DB server into maintenance for d, or
// back to normal with 0, and waits until the coordinators report it (arangod
// answers before Current follows). It returns the maintenance as then
// reported: nil in normal mode.
func (c *Client) ChangeDBServerMaintenance(ctx context.Context, serverID string, d time.Duration) (*DBServerMaintenance, error) {
	if err := c.SetDBServerMaintenance(ctx, serverID, d); err != nil {
		return nil, err
	}
	var got *DBServerMaintenance
	err := waitFor(ctx, func(ctx context.Context) (bool, error) {
		var err error
		got, err = c.GetDBServerMaintenance(ctx, serverID)
		return (got != nil) == (d > 0), err
	})
	if err != nil {
		w := &WaitError{Change: "the maintenance of " + serverID, Read: "GET " + dbServerMaintenancePath(serverID),
			Want: "maintenance", Last: "normal mode", Err: err}
		if d == 0 {
			w.Change, w.Want, w.Last = "normal mode for "+serverID, "normal mode", "maintenance"
		}
		return nil, w
	}
	return got, nil
}

func dbServerMaintenancePath(id string) string { return "/_admin/cluster/maintenance/" + id }

// Statistics is the part of a server's GET /_admin/statistics the provider
// reports, as proxied by GET /_admin/cluster/statistics.
type Statistics struct {
	Time   float64 `json:"time"`
	System struct {
		NumberOfThreads *Count `json:"numberOfThreads"`
		ResidentSize    *Count `json:"residentSize"`
		VirtualSize     *Count `json:"virtualSize"`
	} `json:"system"`
	Client struct {
		HTTPConnections *Count       `json:"httpConnections"`
		BytesSent       Distribution `json:"bytesSent"`
		BytesReceived   Distribution `json:"bytesReceived"`
	} `json:"client"`
	HTTP struct {
		RequestsTotal   *Count `json:"requestsTotal"`
		RequestsAsync   *Count `json:"requestsAsync"`
		RequestsGet     *Count `json:"requestsGet"`
		RequestsHead    *Count `json:"requestsHead"`
		RequestsPost    *Count `json:"requestsPost"`
		RequestsPut     *Count `json:"requestsPut"`
		RequestsPatch   *Count `json:"requestsPatch"`
		RequestsDelete  *Count `json:"requestsDelete"`
		RequestsOptions *Count `json:"requestsOptions"`
		RequestsOther   *Count `json:"requestsOther"`
	} `json:"http"`
	Server struct {
		Uptime         *float64 `json:"uptime"`
		PhysicalMemory *Count   `json:"physicalMemory"`
		Transactions   struct {
			Started   *Count `json:"started"`
			Committed *Count `json:"committed"`
			Aborted   *Count `json:"aborted"`
		} `json:"transactions"`
	} `json:"server"`
}

// Distribution is one of the statistics' figures with a sum, a count and
// counts per bucket. Counters are nil where a version does not report them.
type Distribution struct {
	Sum   *Count `json:"sum"`
	Count *Count `json:"count"`
}

// ClusterStatistics reads the statistics of one DB server through a
// coordinator (GET /_admin/cluster/statistics?DBserver=<id>; deprecated in
// 3.12, removed in 4.0).
//
// A 503 with errorNum 1478 (no endpoint for the id, or the DB server does
// not answer the coordinator) comes back at once: asking another
// coordinator would get the same answer. Any other 503 is retried as usual.
func (c *Client) ClusterStatistics(ctx context.Context, serverID string) (*Statistics, error) {
	var s Statistics
	r := Request{Method: http.MethodGet, Path: "/_admin/cluster/statistics", Hedge: true,
		Query: url.Values{"DBserver": {serverID}}, Accept: []int{http.StatusServiceUnavailable}}
	resp, err := c.getJSON(ctx, r, &s)
	if err != nil {
		return nil, err
	}
	if resp.Status == http.StatusServiceUnavailable {
		if err := decodeError(r, resp); IsErrorNum(err, ErrNumBackendUnavailable) {
			return nil, err
		}
		r.Accept = nil // a GET: safe to send again, with failover
		if _, err := c.getJSON(ctx, r, &s); err != nil {
			return nil, err
		}
	}
	return &s, nil
}
