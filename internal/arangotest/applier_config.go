package arangotest

import (
	"encoding/json"
	"math"
	"strconv"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/apierr"
)

// applierConfig is ReplicationApplierConfiguration (CONTRACT.md §3.13).
type applierConfig struct {
	endpoint, database, username, password, jwt string

	requestTimeout, connectTimeout float64 // seconds
	ignoreErrors                   uint64
	maxConnectRetries              uint64
	lockTimeoutRetries             uint64
	sslProtocol                    uint64
	chunkSize                      uint64
	skipCreateDrop                 bool
	autoStart                      bool
	adaptivePolling                bool
	autoResync                     bool
	autoResyncRetries              uint64
	maxPacketSize                  uint64
	includeSystem                  bool
	includeFoxxQueues              bool
	requireFromPresent             bool
	verbose                        bool
	incremental                    bool
	restrictType                   string // "", "include" or "exclude"
	restrictCollections            []string

	// seconds
	connectionRetryWaitTime, initialSyncMaxWaitTime, idleMinWaitTime, idleMaxWaitTime float64
}

// defaultApplierConfig holds arangod's defaults, as a fresh server answers
// GET applier-config (recorded RestReplicationApplierGetConfig).
func defaultApplierConfig() applierConfig {
	return applierConfig{
		requestTimeout:          600,
		connectTimeout:          10,
		maxConnectRetries:       100,
		adaptivePolling:         true,
		autoResyncRetries:       2,
		maxPacketSize:           512 << 20,
		includeSystem:           true,
		requireFromPresent:      true,
		restrictCollections:     []string{},
		connectionRetryWaitTime: 15,
		initialSyncMaxWaitTime:  300,
		idleMinWaitTime:         1,
		idleMaxWaitTime:         2.5,
	}
}

// render is toVelocyPack(includePassword=false, includeJwt=false): endpoint,
// database and username only when set, then the options in arangod's order.
func (c applierConfig) render() obj {
	o := obj{}
	if c.endpoint != "" {
		o = append(o, kv{"endpoint", c.endpoint})
	}
	if c.database != "" {
		o = append(o, kv{"database", c.database})
	}
	if c.username != "" {
		o = append(o, kv{"username", c.username})
	}
	return append(o,
		kv{"requestTimeout", c.requestTimeout},
		kv{"connectTimeout", c.connectTimeout},
		kv{"ignoreErrors", c.ignoreErrors},
		kv{"maxConnectRetries", c.maxConnectRetries},
		kv{"lockTimeoutRetries", c.lockTimeoutRetries},
		kv{"sslProtocol", c.sslProtocol},
		kv{"chunkSize", c.chunkSize},
		kv{"skipCreateDrop", c.skipCreateDrop},
		kv{"autoStart", c.autoStart},
		kv{"adaptivePolling", c.adaptivePolling},
		kv{"autoResync", c.autoResync},
		kv{"autoResyncRetries", c.autoResyncRetries},
		kv{"maxPacketSize", c.maxPacketSize},
		kv{"includeSystem", c.includeSystem},
		kv{"includeFoxxQueues", c.includeFoxxQueues},
		kv{"requireFromPresent", c.requireFromPresent},
		kv{"verbose", c.verbose},
		kv{"incremental", c.incremental},
		kv{"restrictType", c.restrictType},
		kv{"restrictCollections", append([]string{}, c.restrictCollections...)},
		kv{"connectionRetryWaitTime", c.connectionRetryWaitTime},
		kv{"initialSyncMaxWaitTime", c.initialSyncMaxWaitTime},
		kv{"idleMinWaitTime", c.idleMinWaitTime},
		kv{"idleMaxWaitTime", c.idleMaxWaitTime},
	)
}

// merge applies a PUT body to c like fromVelocyPack(existing, body, dbName):
// every option keeps its value unless the body has one of the right type.
// localDB is what "database" falls back to ("" for the global applier).
func (c *applierConfig) merge(body obj, localDB string) *apierr.Error {
	get := func(k string) any { v, _ := body.Get(k); return v }

	if v, ok := body.Get("endpoint"); ok {
		if s, isStr := v.(string); isStr {
			c.endpoint = s
		} else {
			c.autoStart = false
		}
	}
	if s, ok := get("database").(string); ok {
		c.database = s
	} else {
		c.database = localDB
	}
	if s, ok := get("username").(string); ok && s != "" {
		c.username = s
		if p, ok := get("password").(string); ok {
			c.password = p
		}
	} else if j, ok := get("jwt").(string); ok {
		c.jwt = j
	}

	for _, f := range []struct {
		name string
		dst  *float64
	}{{"requestTimeout", &c.requestTimeout}, {"connectTimeout", &c.connectTimeout}} {
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
		{"maxConnectRetries", &c.maxConnectRetries}, {"lockTimeoutRetries", &c.lockTimeoutRetries},
		{"sslProtocol", &c.sslProtocol}, {"chunkSize", &c.chunkSize}, {"maxPacketSize", &c.maxPacketSize},
		{"autoResyncRetries", &c.autoResyncRetries},
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
		{"skipCreateDrop", &c.skipCreateDrop}, {"autoStart", &c.autoStart}, {"adaptivePolling", &c.adaptivePolling},
		{"autoResync", &c.autoResync}, {"includeSystem", &c.includeSystem}, {"includeFoxxQueues", &c.includeFoxxQueues},
		{"requireFromPresent", &c.requireFromPresent}, {"verbose", &c.verbose}, {"incremental", &c.incremental},
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
		c.ignoreErrors = x
	case bool:
		c.ignoreErrors = 0
		if v {
			c.ignoreErrors = math.MaxUint64
		}
	}
	// Wait times count only when positive.
	for _, f := range []struct {
		name string
		dst  *float64
	}{
		{"connectionRetryWaitTime", &c.connectionRetryWaitTime}, {"initialSyncMaxWaitTime", &c.initialSyncMaxWaitTime},
		{"idleMinWaitTime", &c.idleMinWaitTime}, {"idleMaxWaitTime", &c.idleMaxWaitTime},
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
			c.restrictType = ""
		case "include", "exclude":
			c.restrictType = s
		default:
			return apierr.New(400, apierr.ReplInvalidConfig, "invalid value for <restrictType>")
		}
	}
	if a, ok := get("restrictCollections").([]any); ok {
		c.restrictCollections = []string{}
		for _, e := range a {
			if s, ok := e.(string); ok {
				c.restrictCollections = append(c.restrictCollections, s)
			}
		}
	}
	return nil
}

// validate is ReplicationApplierConfiguration::validate().
func (c applierConfig) validate() *apierr.Error {
	if c.endpoint == "" {
		return apierr.New(400, apierr.ReplInvalidConfig, "invalid value for <endpoint>")
	}
	if (c.restrictType != "") != (len(c.restrictCollections) > 0) {
		return apierr.New(400, apierr.ReplInvalidConfig, "invalid value for <restrictCollections> or <restrictType>")
	}
	return nil
}

// excludes reports whether the restriction keeps a collection out.
func (c applierConfig) excludes(name string) bool {
	listed := false
	for _, n := range c.restrictCollections {
		listed = listed || n == name
	}
	switch c.restrictType {
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
