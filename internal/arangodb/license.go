package arangodb

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"time"
)

// License is GET /_admin/license (CONTRACT.md §17): what a deployment's
// licence allows. Its shape says the edition and version: a Community
// build before 3.12.5 answers {"license":"none"}; from 3.12.5 a deployment
// without a licence reports its disk usage against the Community limit; a
// licence applied (or an Enterprise build's evaluation licence) reports its
// expiry and status.
type License struct {
	Unsupported bool      // {"license":"none"}: a build that takes no licence (Community before 3.12.5)
	Licensed    bool      // the answer has a licence (features, status)
	Status      string    // good, expiring, read-only (expired before 3.9)
	Expires     time.Time // features.expires; zero without a licence
	Version     int
	Hash        string // the applied key's hash (absent for an evaluation licence)
	Upgrading   bool
	DiskUsage   *LicenseDiskUsage // 3.12.5+ without a licence
}

// LicenseDiskUsage is a deployment's data size against the limit of a
// deployment without a licence (3.12.5+).
type LicenseDiskUsage struct {
	BytesUsed            int64  `json:"bytesUsed"`
	BytesLimit           int64  `json:"bytesLimit"`
	LimitReached         bool   `json:"limitReached"`
	SecondsUntilReadOnly int64  `json:"secondsUntilReadOnly"`
	SecondsUntilShutDown int64  `json:"secondsUntilShutDown"`
	Status               string `json:"status"` // good, limit-reached, read-only, shutdown
}

// License reads the licence.
func (c *Client) License(ctx context.Context) (*License, error) {
	var out struct {
		License   json.RawMessage `json:"license"`
		Status    string          `json:"status"`
		Version   int             `json:"version"`
		Hash      string          `json:"hash"`
		Upgrading bool            `json:"upgrading"`
		Features  *struct {
			Expires int64 `json:"expires"`
		} `json:"features"`
		DiskUsage *LicenseDiskUsage `json:"diskUsage"`
	}
	resp, err := c.getJSON(ctx, Request{Method: http.MethodGet, Path: "/_admin/license", Hedge: true}, &out)
	if err != nil {
		return nil, err
	}
	l := &License{Status: out.Status, Version: out.Version, Hash: out.Hash, Upgrading: out.Upgrading, DiskUsage: out.DiskUsage}
	var key string
	if json.Unmarshal(out.License, &key) == nil && key == "none" && out.Features == nil {
		l.Unsupported = true
		return l, nil
	}
	if out.Features != nil {
		l.Licensed, l.Expires = true, time.Unix(out.Features.Expires, 0).UTC()
	}
	if !l.Licensed && l.DiskUsage == nil {
		return nil, fmt.Errorf("GET /_admin/license at %s: neither a licence nor disk usage in the answer", resp.Endpoint)
	}
	return l, nil
}

// SetLicense applies a licence key (PUT /_admin/license, the key as a JSON
// string). arangod refuses a key that expires sooner than the one applied
// (400, errorNum 9007) unless force. Applying the same key twice changes
// nothing, so a lost answer may be resent.
func (c *Client) SetLicense(ctx context.Context, key string, force bool) error {
	r := Request{Method: http.MethodPut, Path: "/_admin/license", Body: key, Idempotent: true}
	if force {
		r.Query = url.Values{"force": {"true"}}
	}
	_, err := c.Do(ctx, r)
	return err
}
