package model

import (
	"encoding/json"
	"math"
	"strconv"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/apierr"
)

// ApplierConfig is ReplicationApplierConfiguration (CONTRACT.md §3.13).
type ApplierConfig struct {
	Endpoint, Database, Username, Password, jwt string

	RequestTimeout, ConnectTimeout float64 // seconds
	IgnoreErrors                   uint64
	MaxConnectRetries              uint64
	lockTimeoutRetries             uint64
	sslProtocol                    uint64
	ChunkSize                      uint64
	SkipCreateDrop                 bool
	autoStart                      bool
	AdaptivePolling                bool
	AutoResync                     bool
	AutoResyncRetries              uint64
	maxPacketSize                  uint64
	IncludeSystem                  bool
	IncludeFoxxQueues              bool
	RequireFromPresent             bool
	verbose                        bool
	Incremental                    bool
	RestrictType                   string // "", "include" or "exclude"
	RestrictCollections            []string

	// seconds
	ConnectionRetryWaitTime, InitialSyncMaxWaitTime, IdleMinWaitTime, IdleMaxWaitTime float64
}

// DefaultApplierConfig holds arangod's defaults, as a fresh server answers
// GET applier-config (recorded RestReplicationApplierGetConfig).
func DefaultApplierConfig() ApplierConfig {
	return ApplierConfig{
		RequestTimeout:          600,
		ConnectTimeout:          10,
		MaxConnectRetries:       100,
		AdaptivePolling:         true,
		AutoResyncRetries:       2,
		maxPacketSize:           512 << 20,
		IncludeSystem:           true,
		RequireFromPresent:      true,
		RestrictCollections:     []string{},
		ConnectionRetryWaitTime: 15,
		InitialSyncMaxWaitTime:  300,
		IdleMinWaitTime:         1,
		IdleMaxWaitTime:         2.5,
	}
}

// Render is toVelocyPack(includePassword=false, includeJwt=false): endpoint,
// database and username only when set, then the options in arangod's order.
func (c ApplierConfig) Render() obj {
	o := obj{}
	if c.Endpoint != "" {
		o = append(o, kv{"endpoint", c.Endpoint})
	}
	if c.Database != "" {
		o = append(o, kv{"database", c.Database})
	}
	if c.Username != "" {
		o = append(o, kv{"username", c.Username})
	}
	return append(o,
		kv{"requestTimeout", c.RequestTimeout},
		kv{"connectTimeout", c.ConnectTimeout},
		kv{"ignoreErrors", c.IgnoreErrors},
		kv{"maxConnectRetries", c.MaxConnectRetries},
		kv{"lockTimeoutRetries", c.lockTimeoutRetries},
		kv{"sslProtocol", c.sslProtocol},
		kv{"chunkSize", c.ChunkSize},
		kv{"skipCreateDrop", c.SkipCreateDrop},
		kv{"autoStart", c.autoStart},
		kv{"adaptivePolling", c.AdaptivePolling},
		kv{"autoResync", c.AutoResync},
		kv{"autoResyncRetries", c.AutoResyncRetries},
		kv{"maxPacketSize", c.maxPacketSize},
		kv{"includeSystem", c.IncludeSystem},
		kv{"includeFoxxQueues", c.IncludeFoxxQueues},
		kv{"requireFromPresent", c.RequireFromPresent},
		kv{"verbose", c.verbose},
		kv{"incremental", c.Incremental},
		kv{"restrictType", c.RestrictType},
		kv{"restrictCollections", append([]string{}, c.RestrictCollections...)},
		kv{"connectionRetryWaitTime", c.ConnectionRetryWaitTime},
		kv{"initialSyncMaxWaitTime", c.InitialSyncMaxWaitTime},
		kv{"idleMinWaitTime", c.IdleMinWaitTime},
		kv{"idleMaxWaitTime", c.IdleMaxWaitTime},
	)
}

// Merge applies a PUT body to c like fromVelocyPack(existing, body, dbName):
// every option keeps its value unless the body has one of the right type.
// localDB is what "database" falls back to ("" for the global applier).
func (c *ApplierConfig) Merge(body obj, localDB string) *apierr.Error {
	get := func(k string) any { v, _ := body.Get(k); return v }

	if v, ok := body.Get("endpoint"); ok {
		if s, isStr := v.(string); isStr {
			c.Endpoint = s
		} else {
			c.autoStart = false
		}
	}
	if s, ok := get("database").(string); ok {
		c.Database = s
	} else {
		c.Database = localDB
	}
	if s, ok := get("username").(string); ok && s != "" {
		c.Username = s
		if p, ok := get("password").(string); ok {
			c.Password = p
		}
	} else if j, ok := get("jwt").(string); ok {
		c.jwt = j
	}

	for _, f := range []struct {
		name string
		dst  *float64
	}{{"requestTimeout", &c.RequestTimeout}, {"connectTimeout", &c.ConnectTimeout}} {
		if n, ok := get(f.name).(json.Number); ok {
			x, err := n.Float64()
			if err != nil {
				return numberOutOfRange()
			}
			*f.dst = x
		}
	}
	for _, f := range []struct {
		name string
		dst  *uint64
	}{
		{"maxConnectRetries", &c.MaxConnectRetries}, {"lockTimeoutRetries", &c.lockTimeoutRetries},
		{"sslProtocol", &c.sslProtocol}, {"chunkSize", &c.ChunkSize}, {"maxPacketSize", &c.maxPacketSize},
		{"autoResyncRetries", &c.AutoResyncRetries},
	} {
		if n, ok := get(f.name).(json.Number); ok {
			x, err := uintOf(n)
			if err != nil {
				return err
			}
			*f.dst = x
		}
	}
	for _, f := range []struct {
		name string
		dst  *bool
	}{
		{"skipCreateDrop", &c.SkipCreateDrop}, {"autoStart", &c.autoStart}, {"adaptivePolling", &c.AdaptivePolling},
		{"autoResync", &c.AutoResync}, {"includeSystem", &c.IncludeSystem}, {"includeFoxxQueues", &c.IncludeFoxxQueues},
		{"requireFromPresent", &c.RequireFromPresent}, {"verbose", &c.verbose}, {"incremental", &c.Incremental},
	} {
		if b, ok := get(f.name).(bool); ok {
			*f.dst = b
		}
	}
	switch v := get("ignoreErrors").(type) {
	case json.Number:
		x, err := uintOf(v)
		if err != nil {
			return err
		}
		c.IgnoreErrors = x
	case bool:
		c.IgnoreErrors = 0
		if v {
			c.IgnoreErrors = math.MaxUint64
		}
	}
	// Wait times count only when positive.
	for _, f := range []struct {
		name string
		dst  *float64
	}{
		{"connectionRetryWaitTime", &c.ConnectionRetryWaitTime}, {"initialSyncMaxWaitTime", &c.InitialSyncMaxWaitTime},
		{"idleMinWaitTime", &c.IdleMinWaitTime}, {"idleMaxWaitTime", &c.IdleMaxWaitTime},
	} {
		if n, ok := get(f.name).(json.Number); ok {
			if x, err := n.Float64(); err == nil && x > 0 {
				*f.dst = x
			}
		}
	}
	if v, ok := body.Get("restrictType"); ok {
		s, _ := v.(string)
		switch s {
		case "", "none":
			c.RestrictType = ""
		case "include", "exclude":
			c.RestrictType = s
		default:
			return apierr.New(400, apierr.ReplInvalidConfig, "invalid value for <restrictType>")
		}
	}
	if a, ok := get("restrictCollections").([]any); ok {
		c.RestrictCollections = []string{}
		for _, e := range a {
			if s, ok := e.(string); ok {
				c.RestrictCollections = append(c.RestrictCollections, s)
			}
		}
	}
	return nil
}

// Validate is ReplicationApplierConfiguration::validate().
func (c ApplierConfig) Validate() *apierr.Error {
	if c.Endpoint == "" {
		return apierr.New(400, apierr.ReplInvalidConfig, "invalid value for <endpoint>")
	}
	if (c.RestrictType != "") != (len(c.RestrictCollections) > 0) {
		return apierr.New(400, apierr.ReplInvalidConfig, "invalid value for <restrictCollections> or <restrictType>")
	}
	return nil
}

// Excludes reports whether the restriction keeps a collection out.
func (c ApplierConfig) Excludes(name string) bool {
	listed := false
	for _, n := range c.RestrictCollections {
		listed = listed || n == name
	}
	switch c.RestrictType {
	case "include":
		return !listed
	case "exclude":
		return listed
	}
	return false
}

// uintOf reads a count the way VelocyPack's getNumber<uint64_t> does: a
// negative or fractional number is out of range (VPackException, 400/600).
func uintOf(n json.Number) (uint64, *apierr.Error) {
	f, err := n.Float64()
	if err != nil || f < 0 || f != math.Trunc(f) || f > math.MaxUint64 {
		return 0, numberOutOfRange()
	}
	if u, err := strconv.ParseUint(n.String(), 10, 64); err == nil {
		return u, nil // exact beyond 2^53
	}
	return uint64(f), nil
}

func numberOutOfRange() *apierr.Error {
	return apierr.New(400, apierr.CorruptedJSON, "VPackError error: Number out of range")
}
