package arangotest

import (
	"crypto/rand"
	"fmt"
	mrand "math/rand/v2"
)

// Server roles as /_admin/server/role reports them (contract 4.3).
const (
	roleSingle      = "SINGLE"
	roleCoordinator = "COORDINATOR"
	roleDBServer    = "PRIMARY"
	roleAgent       = "AGENT"
)

// member is one server of the deployment. Health, maintenance and statistics
// will hang off this inventory later; every member starts "GOOD".
type member struct {
	id        string // CRDN-<uuid>, PRMR-<uuid>, AGNT-<uuid>; "" on a single server
	role      string
	shortName string // Coordinator0001, DBServer0001, Agent0001
	numericID uint64 // replication server id (decimal in replication bodies)
	status    string // GOOD | BAD | FAILED
	endpoint  string // tcp://host:port or ssl://host:port (coordinators only)
}

type topology struct {
	cluster      bool
	clusterID    string
	single       *member
	coordinators []*member
	dbServers    []*member
	agents       []*member
}

func newTopology(cluster bool, coordinators, dbServers int, singleID uint64) *topology {
	t := &topology{cluster: cluster}
	if !cluster {
		t.single = &member{role: roleSingle, numericID: singleID, status: "GOOD"}
		return t
	}
	t.clusterID = newUUID()
	for i := 1; i <= coordinators; i++ {
		t.coordinators = append(t.coordinators, newMember("CRDN", roleCoordinator, fmt.Sprintf("Coordinator%04d", i)))
	}
	for i := 1; i <= dbServers; i++ {
		t.dbServers = append(t.dbServers, newMember("PRMR", roleDBServer, fmt.Sprintf("DBServer%04d", i)))
	}
	for i := 1; i <= 3; i++ {
		t.agents = append(t.agents, newMember("AGNT", roleAgent, fmt.Sprintf("Agent%04d", i)))
	}
	return t
}

func newMember(prefix, role, short string) *member {
	return &member{
		id:        prefix + "-" + newUUID(),
		role:      role,
		shortName: short,
		numericID: 1e13 + mrand.Uint64N(2e14),
		status:    "GOOD",
	}
}

// dbServer finds a DB server by id.
func (t *topology) dbServer(id string) *member {
	for _, m := range t.dbServers {
		if m.id == id {
			return m
		}
	}
	return nil
}

func ids(ms []*member) []string {
	out := make([]string, len(ms))
	for i, m := range ms {
		out[i] = m.id
	}
	return out
}

// newUUID returns a random (version 4) UUID in its usual text form.
func newUUID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}
