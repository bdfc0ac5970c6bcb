package arangotest

import (
	"encoding/json"
	"net/http"
	"strings"
	"time"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/apierr"
	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/backupstore"
	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/jsonx"
	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/model"
)

// backupAPI holds the handlers of /_admin/backup; their model is in
// backup_restore.go and backup_transfer.go.
type backupAPI struct{ s *Server }

// handleBackup answers /_admin/backup[/...] for what no route of
// /_admin/backup/<operation> matched (RestHotBackupHandler): 400.
func (api backupAPI) handleBackup(c *call) {
	if !api.backupPreamble(c) {
		return
	}
	c.handlerError(400, apierr.HTTPBadParameter, "")
}

// backupPreamble is what every /_admin/backup request passes first: no
// hot backups, 404; then the transfers advance, and only admins go on.
func (api backupAPI) backupPreamble(c *call) bool {
	if !api.s.edition.Enterprise() { // hot backups: the route is registered only in Enterprise builds
		c.unknownPath()
		return false
	}
	api.s.xfers.Advance() // a download that has ended is listed
	if !c.isAdmin() {
		c.handlerError(403, apierr.HTTPForbidden, "you need admin rights for hotbackup operations")
		return false
	}
	return true
}

// backupOperation wraps the handler of a /_admin/backup/<operation> route
// ({create,list,delete,restore,upload,download}; the Enterprise
// RocksDBHotBackup operations): no
// further segment, POST only, a JSON object or nothing as the body. A nil
// handler (lock, unlock) is not emulated: 501.
func backupOperation(h func(backupAPI, *call, obj)) func(*Server, *call) {
	return func(s *Server, c *call) {
		if !(backupAPI{s}).backupPreamble(c) {
			return
		}
		if len(c.suffix) != 0 {
			c.handlerError(400, apierr.HTTPBadParameter, "")
			return
		}
		if h == nil {
			c.handlerError(501, apierr.NotImplemented, "not implemented by the emulator: /_admin/backup/"+c.command())
			return
		}
		if !c.allow(http.MethodPost) {
			return
		}
		raw, err := c.rawBody()
		if err != nil {
			c.handlerError(400, apierr.HTTPBadParameter, "")
			return
		}
		body := obj{}
		if strings.TrimSpace(string(raw)) != "" {
			v, err := jsonx.Parse(raw)
			o, ok := v.(obj)
			if err != nil || !ok {
				c.handlerError(400, apierr.HTTPBadParameter, "")
				return
			}
			body = o
		}
		h(backupAPI{s}, c, body)
	}
}

func (api backupAPI) createBackup(c *call, body obj) {
	label := ""
	if v, ok := body.Get("label"); ok {
		l, isString := v.(string)
		if !isString {
			c.handlerError(400, apierr.HTTPBadParameter, "label must be a string")
			return
		}
		label = l
	}
	for _, k := range []string{"allowInconsistent", "force"} {
		if v, ok := body.Get(k); ok {
			if _, isBool := v.(bool); !isBool {
				c.handlerError(400, apierr.HTTPBadParameter, k+" must be a boolean")
				return
			}
		}
	}
	if v, ok := body.Get("timeout"); ok {
		if _, isNum := v.(json.Number); !isNum {
			c.handlerError(400, apierr.HTTPBadParameter, "timeout must be a number")
			return
		}
	}
	if label == "" {
		label = model.NewUUID()
	}
	now := time.Now().UTC()
	// Taken after its time (SetBackupDuration), even when the client has
	// gone: the id keeps the time of the request.
	api.s.backupTime.Wait(now, api.s.done)
	stamp := now.Format("2006-01-02T15:04:05Z")
	b := &backupstore.Backup{
		ID:          strings.ReplaceAll(stamp, ":", ".") + "_" + label,
		Version:     api.s.ver.Raw,
		Datetime:    stamp,
		NrDBServers: 1,
	}
	if api.s.topo.Cluster {
		b.NrDBServers = len(api.s.topo.DBServers)
	}
	if !api.s.state.AddBackup(b) {
		c.handlerError(409, apierr.HTTPBadParameter, "a hot backup with this id exists already")
		return
	}
	c.okResult(201, obj{
		{"id", b.ID},
		{"potentiallyInconsistent", b.PotentiallyInconsistent},
		{"sizeInBytes", b.SizeInBytes},
		{"datetime", b.Datetime},
		{"nrDBServers", b.NrDBServers},
		{"nrFiles", b.NrFiles},
	})
}

// listBackups: every backup, or those of id (a string or an array of
// strings); an id that is not there is 404 errorNum 7007.
func (api backupAPI) listBackups(c *call, body obj) {
	var want []string
	if v, ok := body.Get("id"); ok {
		switch id := v.(type) {
		case string:
			want = []string{id}
		case []any:
			for _, e := range id {
				str, isString := e.(string)
				if !isString {
					c.handlerError(400, apierr.HTTPBadParameter, "")
					return
				}
				want = append(want, str)
			}
		default:
			c.handlerError(400, apierr.HTTPBadParameter, "")
			return
		}
	}
	list, found := api.s.state.Backups.List(want)
	if want != nil && found < len(want) {
		c.handlerError(404, apierr.NoSuchHotBackup, "")
		return
	}
	result := obj{}
	if !api.s.topo.Cluster {
		result = append(result, kv{"server", "SNGL-" + api.s.state.Backups.SingleUUID})
	}
	result = append(result, kv{"list", list})
	c.okResult(200, result)
}

func (api backupAPI) deleteBackup(c *call, body obj) {
	v, _ := body.Get("id")
	id, ok := v.(string)
	if !ok || id == "" {
		c.handlerError(400, apierr.HTTPBadParameter, "")
		return
	}
	if !api.s.state.Backups.Remove(id) {
		c.handlerError(404, apierr.NoSuchHotBackup, "")
		return
	}
	c.okResult(200, obj{})
}

// restoreBackup is POST /_admin/backup/restore (CONTRACT.md §11.6): the
// deployment's data as the backup holds it, then a restart of the servers
// that hold data. A coordinator answers once the DB servers are back; a
// single server answers, then restarts (here at once: its uptime starts
// again, which is how a client sees that the restart happened).
func (api backupAPI) restoreBackup(c *call, body obj) {
	v, _ := body.Get("id")
	id, ok := v.(string)
	if !ok || id == "" {
		if api.s.topo.Cluster {
			c.handlerError(400, apierr.BadParameter, "restore payload must be an object with string attribute 'id'")
		} else {
			c.handlerError(400, apierr.HTTPBadParameter, "backup's ID must be specified")
		}
		return
	}
	ignoreVersion, ok := c.boolField(body, "ignoreVersion")
	if !ok {
		return
	}
	switch found, mismatch := api.s.state.RestoreByID(id, ignoreVersion, api.s.ver.Raw); {
	case !found:
		c.handlerError(404, apierr.HTTPNotFound, "No such backup")
		return
	case mismatch:
		if api.s.topo.Cluster {
			c.handlerError(400, apierr.HotBackupInternal, "Version mismatch")
		} else {
			c.handlerError(400, apierr.Failed, "RocksDBHotBackupRestore unable to restore: version mismatch")
		}
		return
	}
	api.s.topo.RestartAll(time.Now())
	c.okResult(200, obj{{"previous", "FAILSAFE"}, {"isCluster", api.s.topo.Cluster}})
}

// transferBackup serves POST /_admin/backup/upload and download with the
// body already parsed.
func (api backupAPI) transferBackup(c *call, body obj) {
	upload := c.command() == "upload"
	idKey := "downloadId"
	if upload {
		idKey = "uploadId"
	}
	if v, ok := body.Get(idKey); ok {
		id, isString := v.(string)
		if !isString {
			c.handlerError(400, apierr.HTTPBadParameter, idKey+" must be a string")
			return
		}
		abort, ok := c.boolField(body, "abort")
		if !ok {
			return
		}
		api.transferProgress(c, id, abort)
		return
	}
	v, _ := body.Get("id")
	backupID, ok := v.(string)
	if !ok || backupID == "" {
		c.handlerError(400, apierr.HTTPBadParameter, "id must be a non-empty string")
		return
	}
	repo, _ := body.Get("remoteRepository")
	cfg, _ := body.Get("config")
	dir, err := model.LocalRepository(repo, cfg)
	if err != nil {
		c.handlerError(400, apierr.RemoteRepositoryBad, err.Error())
		return
	}
	t := &model.BackupTransfer{Upload: upload, BackupID: backupID, Dir: dir, Started: time.Now()}
	api.s.xfers.Identify(t)
	if !upload && t.Failure == "" {
		t.Backup, t.Failure = model.ReadBackupFile(dir, backupID, api.s.topo.DBServer)
	}
	t.Servers = []string{"SNGL"}
	if api.s.topo.Cluster {
		t.Servers = nil
		for _, m := range api.s.topo.DBServers {
			if !m.Removed.Load() {
				t.Servers = append(t.Servers, m.ID)
			}
		}
	}
	api.s.xfers.Add(t)
	c.okResult(202, obj{{strings.ToLower(idKey[:1]) + idKey[1:], t.ID}})
}

// transferProgress answers a transfer's progress (200), or aborts it
// first (202): servers not done yet are CANCELLED, Cancelled is true. Any
// transfer id is found through either route.
func (api backupAPI) transferProgress(c *call, id string, abort bool) {
	rep, found := api.s.xfers.Progress(id, abort)
	if !found {
		c.handlerError(404, apierr.HTTPNotFound, "")
		return
	}
	status := 200
	if abort {
		status = 202
	}
	c.okResult(status, rep)
}
