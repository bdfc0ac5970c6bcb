package arangotest

import (
	"net/http"
	"strconv"
)

// handleDatabase serves /_api/database[/current|/user|/{name}].
func (s *Server) handleDatabase(c *call) {
	switch {
	case len(c.suffix) == 0:
		switch c.method() {
		case http.MethodGet:
			if !s.requireSystemDB(c) {
				return
			}
			c.okResult(200, s.state.databaseNames())
		case http.MethodPost:
			s.createDatabase(c)
		default:
			c.methodNotAllowed()
		}
	case len(c.suffix) == 1 && c.method() == http.MethodGet:
		switch c.suffix[0] {
		case "current":
			s.currentDatabase(c)
		case "user":
			// root may use every database
			c.okResult(200, s.state.databaseNames())
		default:
			c.unknownPath()
		}
	case len(c.suffix) == 1 && c.method() == http.MethodDelete:
		if !s.requireSystemDB(c) {
			return
		}
		if err := s.state.dropDatabase(c.suffix[0]); err != nil {
			c.fail(err)
			return
		}
		c.okResult(200, true)
	case len(c.suffix) == 1:
		c.methodNotAllowed()
	default:
		c.unknownPath()
	}
}

// requireSystemDB: listing, creating and dropping databases only work from
// _system (403 errorNum 1230).
func (s *Server) requireSystemDB(c *call) bool {
	if c.dbName != "_system" {
		c.handlerError(403, errUseSystemDatabase, "")
		return false
	}
	return true
}

func (s *Server) createDatabase(c *call) {
	if !s.requireSystemDB(c) {
		return
	}
	body, err := c.jsonBody()
	if err != nil {
		c.badJSON(err)
		return
	}
	o, _ := body.(obj)
	nameV, _ := o.get("name")
	name, ok := nameV.(string)
	if !ok {
		c.handlerError(400, errDatabaseNameInvalid, "")
		return
	}
	db, apiErr := s.state.createDatabase(name)
	if apiErr != nil {
		c.fail(apiErr)
		return
	}
	if opts, ok := o.get("options"); ok && s.topo.cluster {
		s.state.setDatabaseOptions(db, opts)
	}
	c.okResult(201, true)
}

// setDatabaseOptions takes a cluster database's options (POST
// /_api/database "options"): sharding, replicationFactor, writeConcern
// (minReplicationFactor before 3.6); what does not parse keeps the default.
func (d *deployment) setDatabaseOptions(db *database, opts any) {
	o, _ := opts.(obj)
	d.mu.Lock()
	defer d.mu.Unlock()
	if v, ok := o.get("sharding"); ok {
		if s, ok := v.(string); ok && (s == "" || s == "flexible" || s == "single") {
			db.sharding = s
		}
	}
	if v, ok := o.get("replicationFactor"); ok {
		db.replicationFactor = max(intValue(v, 1), 1)
	}
	if v, ok := o.get("writeConcern"); ok {
		db.writeConcern = max(intValue(v, 1), 1)
	} else if v, ok := o.get("minReplicationFactor"); ok {
		db.writeConcern = max(intValue(v, 1), 1)
	}
}

// currentDatabase: GET /_api/database/current. Single servers report
// path "none" (recorded); coordinators the cluster properties (recorded
// dbProperties_cluster, which arangosh fetches from this route).
func (s *Server) currentDatabase(c *call) {
	s.state.mu.Lock()
	db := s.state.database(c.dbName)
	s.state.mu.Unlock()
	if db == nil {
		c.handlerError(404, errDatabaseNotFound, "")
		return
	}
	info := obj{
		{"id", strconv.FormatUint(db.id, 10)},
		{"name", db.name},
		{"isSystem", db.isSystem},
	}
	if s.topo.cluster {
		info = append(info,
			kv{"sharding", db.sharding},
			kv{"replicationFactor", db.replicationFactor},
			kv{"writeConcern", db.writeConcern},
			kv{"replicationVersion", "1"},
			kv{"path", ""})
	} else {
		info = append(info, kv{"path", "none"})
	}
	c.okResult(200, info)
}
