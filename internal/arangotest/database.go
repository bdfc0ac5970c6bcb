package arangotest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/apierr"
	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/model"
	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/userstore"
)

// databasesAPI holds the handlers of /_api/database.
type databasesAPI struct{ s *Server }

// handleDatabase serves /_api/database[/current|/user|/{name}].
func (api databasesAPI) handleDatabase(c *call) {
	switch {
	case len(c.suffix) == 0:
		switch c.method() {
		case http.MethodGet:
			if !api.requireSystemDB(c) {
				return
			}
			c.okResult(200, api.s.state.DatabaseNames())
		case http.MethodPost:
			api.createDatabase(c)
		default:
			c.methodNotAllowed()
		}
	case len(c.suffix) == 1 && c.method() == http.MethodGet:
		switch c.suffix[0] {
		case "current":
			api.currentDatabase(c)
		case "user":
			// root may use every database
			c.okResult(200, api.s.state.DatabaseNames())
		default:
			c.unknownPath()
		}
	case len(c.suffix) == 1 && c.method() == http.MethodDelete:
		if !api.requireSystemDB(c) {
			return
		}
		// Databases::drop: rw on _system as it is now, so nobody but a
		// superuser drops a database while the server is read-only.
		if api.s.auth.active() && api.s.state.Users.DBLevel(c.user, "_system", false) != userstore.LevelRW || !api.s.auth.active() && api.s.state.ReadOnlyNow() {
			c.handlerError(403, apierr.Forbidden, "")
			return
		}
		if err := api.s.state.DropDatabase(c.suffix[0]); err != nil {
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
func (api databasesAPI) requireSystemDB(c *call) bool {
	if c.dbName != "_system" {
		c.handlerError(403, apierr.UseSystemDatabase, "")
		return false
	}
	return true
}

func (api databasesAPI) createDatabase(c *call) {
	if !api.requireSystemDB(c) {
		return
	}
	body, err := c.jsonBody()
	if err != nil {
		c.badJSON(err)
		return
	}
	o, _ := body.(obj)
	nameV, _ := o.Get("name")
	name, ok := nameV.(string)
	if !ok {
		c.handlerError(400, apierr.DatabaseNameInvalid, "")
		return
	}
	// Databases::create: admins only, and not while read-only.
	if !c.isAdmin() || api.s.state.ReadOnlyNow() {
		c.handlerError(403, apierr.Forbidden, "")
		return
	}
	usersV, _ := o.Get("users")
	users, apiErr := userstore.ParseDatabaseUsers(usersV)
	if apiErr != nil {
		c.fail(apiErr)
		return
	}
	optsV, _ := o.Get("options")
	opts, apiErr := api.databaseOptions(optsV)
	if apiErr == nil {
		_, apiErr = api.s.state.CreateDatabaseWith(name, opts)
	}
	if apiErr == nil {
		api.s.state.Users.AddDatabaseUsers(name, users)
	}
	if apiErr != nil {
		// RestDatabaseHandler passes 11 and 1207 on with their status,
		// everything else as 400 ("http_server compatibility").
		if apiErr.Num != apierr.Forbidden && apiErr.Num != apierr.DuplicateName {
			apiErr.Status = 400
		}
		c.fail(apiErr)
		return
	}
	c.okResult(201, true)
}

// Cluster defaults of the options (--cluster.min-replication-factor,
// --cluster.max-replication-factor, --cluster.default-replication-factor,
// --cluster.write-concern).
const (
	defaultReplicationFactor = 1
	defaultWriteConcern      = 1
)

// databaseOptions reads options as getVocbaseOptions does (invalid values
// become the defaults) and, on a coordinator, checks them as
// ShardingInfo::validateShardsAndReplicationFactor (CONTRACT.md §11.4).
// Single servers keep the defaults: their databases have no such options.
func (api databasesAPI) databaseOptions(v any) (model.DBOptions, *apierr.Error) {
	out := model.DBOptions{ReplicationFactor: defaultReplicationFactor, WriteConcern: defaultWriteConcern}
	if v == nil {
		return out, nil
	}
	o, ok := v.(obj)
	if !ok {
		return out, apierr.New(400, apierr.HTTPBadParameter, "invalid options slice")
	}
	if !api.s.topo.Cluster {
		return out, nil
	}
	if sh, _ := o.Get("sharding"); sh == "single" {
		out.Sharding = "single"
	}
	rfV, hasRF := o.Get("replicationFactor")
	rfNum, rfIsNum := rfV.(json.Number)
	switch {
	case rfV == "satellite":
		out.ReplicationFactor = 0
	case rfIsNum:
		f, _ := rfNum.Float64()
		out.ReplicationFactor = int(f)
	}
	if wc, ok := o.Get("writeConcern"); ok {
		if n, isNum := wc.(json.Number); isNum {
			if f, _ := n.Float64(); f > 0 {
				out.WriteConcern = int(f)
			}
		}
	}
	// validateShardsAndReplicationFactor
	wcV, hasWC := o.Get("writeConcern")
	mrfV, hasMRF := o.Get("minReplicationFactor")
	wcN, wcIsNum := wcV.(json.Number)
	mrfN, mrfIsNum := mrfV.(json.Number)
	if hasWC && hasMRF && wcIsNum && mrfIsNum && wcN.String() != mrfN.String() {
		return out, apierr.New(400, apierr.BadParameter, "got ambiguous values for writeConcern and minReplicationFactor")
	}
	dbServers := len(api.s.topo.DBServers)
	if hasRF && rfIsNum {
		f, _ := rfNum.Float64()
		switch {
		case f == 0:
			return out, nil // a satellite: nothing more to check
		case f < 0:
			return out, apierr.New(400, apierr.BadParameter, "invalid value for replicationFactor")
		case f > model.MaxReplicationFactor:
			return out, apierr.New(400, apierr.BadParameter, fmt.Sprintf(
				"replicationFactor must not be higher than maximum allowed replicationFactor (%d)", model.MaxReplicationFactor))
		case f < model.MinReplicationFactor:
			return out, apierr.New(400, apierr.BadParameter, fmt.Sprintf(
				"replicationFactor must not be lower than minimum allowed replicationFactor (%d)", model.MinReplicationFactor))
		case int(f) > dbServers:
			return out, apierr.New(400, apierr.InsufficientDBServers, "")
		}
	}
	if _, isString := rfV.(string); !isString {
		if !hasWC {
			wcN, wcIsNum = mrfN, mrfIsNum
		}
		if wcIsNum {
			f, _ := wcN.Float64()
			switch {
			case f <= 0:
				return out, apierr.New(400, apierr.BadParameter, "invalid value for writeConcern")
			case int(f) > dbServers:
				return out, apierr.New(400, apierr.InsufficientDBServers, "")
			}
		}
	}
	return out, nil
}

// currentDatabase: GET /_api/database/current. Single servers report
// path "none" (recorded); coordinators the cluster properties (recorded
// dbProperties_cluster, which arangosh fetches from this route).
func (api databasesAPI) currentDatabase(c *call) {
	db := api.s.state.LookupDatabase(c.dbName)
	if db == nil {
		c.handlerError(404, apierr.DatabaseNotFound, "")
		return
	}
	info := obj{
		{"id", strconv.FormatUint(db.ID, 10)},
		{"name", db.Name},
		{"isSystem", db.IsSystem},
	}
	if api.s.topo.Cluster {
		info = append(info,
			kv{"sharding", db.Sharding},
			kv{"replicationFactor", db.ReplicationFactorValue()},
			kv{"writeConcern", db.WriteConcern},
			kv{"replicationVersion", "1"},
			kv{"path", ""})
	} else {
		info = append(info, kv{"path", "none"})
	}
	c.okResult(200, info)
}
