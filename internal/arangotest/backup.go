package arangotest

import (
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"time"
)

// hotBackup is one local hot backup (CONTRACT.md §11.6).
type hotBackup struct {
	id                      string
	version                 string
	datetime                string
	sizeInBytes             int
	nrFiles                 int
	nrDBServers             int
	potentiallyInconsistent bool
	data                    *backupData // what a restore puts back (backup_restore.go)
}

// backupAPI holds the handlers of /_admin/backup (backup.go,
// backup_restore.go, backup_transfer.go).
type backupAPI struct{ s *Server }

// handleBackup answers /_admin/backup[/...] for what no route of
// /_admin/backup/<operation> matched (RestHotBackupHandler): 400.
func (api backupAPI) handleBackup(c *call) {
	if !api.backupPreamble(c) {
		return
	}
	c.handlerError(400, errHTTPBadParameter, "")
}

// backupPreamble is what every /_admin/backup request passes first: no
// hot backups, 404; then the transfers advance, and only admins go on.
func (api backupAPI) backupPreamble(c *call) bool {
	if !api.s.edition.enterprise() { // hot backups: the route is registered only in Enterprise builds
		c.unknownPath()
		return false
	}
	api.s.xfers.advance() // a download that has ended is listed
	if !c.isAdmin() {
		c.handlerError(403, errHTTPForbidden, "you need admin rights for hotbackup operations")
		return false
	}
	return true
}

// backupOperation wraps the handler of a /_admin/backup/<operation> route
// ({create,list,delete,restore} here, upload and download in
// backup_transfer.go; the Enterprise RocksDBHotBackup operations): no
// further segment, POST only, a JSON object or nothing as the body. A nil
// handler (lock, unlock) is not emulated: 501.
func backupOperation(h func(backupAPI, *call, obj)) func(*Server, *call) {
	return func(s *Server, c *call) {
		if !(backupAPI{s}).backupPreamble(c) {
			return
		}
		if len(c.suffix) != 0 {
			c.handlerError(400, errHTTPBadParameter, "")
			return
		}
		if h == nil {
			c.handlerError(501, errNotImplemented, "not implemented by the emulator: /_admin/backup/"+c.command())
			return
		}
		if !c.allow(http.MethodPost) {
			return
		}
		raw, err := c.rawBody()
		if err != nil {
			c.handlerError(400, errHTTPBadParameter, "")
			return
		}
		body := obj{}
		if strings.TrimSpace(string(raw)) != "" {
			v, err := parseJSON(raw)
			o, ok := v.(obj)
			if err != nil || !ok {
				c.handlerError(400, errHTTPBadParameter, "")
				return
			}
			body = o
		}
		h(backupAPI{s}, c, body)
	}
}

func (api backupAPI) createBackup(c *call, body obj) {
	label := ""
	if v, ok := body.get("label"); ok {
		l, isString := v.(string)
		if !isString {
			c.handlerError(400, errHTTPBadParameter, "label must be a string")
			return
		}
		label = l
	}
	for _, k := range []string{"allowInconsistent", "force"} {
		if v, ok := body.get(k); ok {
			if _, isBool := v.(bool); !isBool {
				c.handlerError(400, errHTTPBadParameter, k+" must be a boolean")
				return
			}
		}
	}
	if v, ok := body.get("timeout"); ok {
		if _, isNum := v.(json.Number); !isNum {
			c.handlerError(400, errHTTPBadParameter, "timeout must be a number")
			return
		}
	}
	if label == "" {
		label = newUUID()
	}
	now := time.Now().UTC()
	// Taken after its time (SetBackupDuration), even when the client has
	// gone: the id keeps the time of the request.
	api.s.backupTime.wait(now, api.s.done)
	stamp := now.Format("2006-01-02T15:04:05Z")
	b := &hotBackup{
		id:          strings.ReplaceAll(stamp, ":", ".") + "_" + label,
		version:     api.s.ver.raw,
		datetime:    stamp,
		nrDBServers: 1,
	}
	if api.s.topo.cluster {
		b.nrDBServers = len(api.s.topo.dbServers)
	}
	if !api.s.state.addBackup(b) {
		c.handlerError(409, errHTTPBadParameter, "a hot backup with this id exists already")
		return
	}
	c.okResult(201, obj{
		{"id", b.id},
		{"potentiallyInconsistent", b.potentiallyInconsistent},
		{"sizeInBytes", b.sizeInBytes},
		{"datetime", b.datetime},
		{"nrDBServers", b.nrDBServers},
		{"nrFiles", b.nrFiles},
	})
}

// addBackup takes hot backup b under the lock: its size and files (those
// of the RocksDB checkpoint: a base set, plus the data), a snapshot of the
// data, and b among the backups. False, and no backup, when one with b's
// id exists already.
func (d *deployment) addBackup(b *hotBackup) bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	b.sizeInBytes, b.nrFiles = 8<<20, 27
	for _, db := range d.dbs {
		for _, coll := range db.order {
			if len(coll.docs) > 0 {
				b.nrFiles++
			}
			for _, doc := range coll.docs {
				b.sizeInBytes += len(marshalJSON(doc.body))
			}
		}
	}
	for _, old := range d.backups {
		if old.id == b.id {
			return false
		}
	}
	b.data = d.snapshot()
	d.backups = append(d.backups, b)
	return true
}

// listBackups: every backup, or those of id (a string or an array of
// strings); an id that is not there is 404 errorNum 7007.
func (api backupAPI) listBackups(c *call, body obj) {
	var want []string
	if v, ok := body.get("id"); ok {
		switch id := v.(type) {
		case string:
			want = []string{id}
		case []any:
			for _, e := range id {
				str, isString := e.(string)
				if !isString {
					c.handlerError(400, errHTTPBadParameter, "")
					return
				}
				want = append(want, str)
			}
		default:
			c.handlerError(400, errHTTPBadParameter, "")
			return
		}
	}
	list, found := api.s.state.backupList(want)
	if want != nil && found < len(want) {
		c.handlerError(404, errNoSuchHotBackup, "")
		return
	}
	result := obj{}
	if !api.s.topo.cluster {
		result = append(result, kv{"server", "SNGL-" + api.s.state.singleUUID})
	}
	result = append(result, kv{"list", list})
	c.okResult(200, result)
}

// backupList is, under the lock, the list GET /_admin/backup/list answers:
// every backup when want is nil, else those whose id is in want; found
// counts them.
func (d *deployment) backupList(want []string) (list obj, found int) {
	d.mu.Lock()
	defer d.mu.Unlock()
	list = obj{}
	for _, b := range d.backups {
		if want != nil && !slices.Contains(want, b.id) {
			continue
		}
		found++
		list = append(list, kv{b.id, obj{
			{"id", b.id},
			{"version", b.version},
			{"datetime", b.datetime},
			{"keys", []any{}},
			{"sizeInBytes", b.sizeInBytes},
			{"nrFiles", b.nrFiles},
			{"nrDBServers", b.nrDBServers},
			{"available", true},
			{"nrPiecesPresent", b.nrDBServers},
			{"potentiallyInconsistent", b.potentiallyInconsistent},
			{"countIncludesFilesOnly", true},
		}})
	}
	return list, found
}

func (api backupAPI) deleteBackup(c *call, body obj) {
	v, _ := body.get("id")
	id, ok := v.(string)
	if !ok || id == "" {
		c.handlerError(400, errHTTPBadParameter, "")
		return
	}
	if !api.s.state.removeBackup(id) {
		c.handlerError(404, errNoSuchHotBackup, "")
		return
	}
	c.okResult(200, obj{})
}

// removeBackup deletes the hot backup id under the lock; false when there
// is none.
func (d *deployment) removeBackup(id string) bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	i := slices.IndexFunc(d.backups, func(b *hotBackup) bool { return b.id == id })
	if i < 0 {
		return false
	}
	d.backups = slices.Delete(d.backups, i, i+1)
	return true
}

// BackupIDs lists the ids of the hot backups, oldest first.
func (s *Server) BackupIDs() []string {
	s.xfers.advance()
	d := s.state
	d.mu.Lock()
	defer d.mu.Unlock()
	ids := make([]string, 0, len(d.backups))
	for _, b := range d.backups {
		ids = append(ids, b.id)
	}
	return ids
}
