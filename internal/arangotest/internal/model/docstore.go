package model

import (
	"strconv"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/apierr"
	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/docstore"
	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/naming"
	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/wal"
)

// InsertOptions are the query options of a document insert that change what
// gets stored.
type InsertOptions struct {
	OverwriteMode string // "" (= conflict), conflict, ignore, replace, update
}

// WriteResult describes one successful document write.
type WriteResult struct {
	Key, ID, Rev string
	OldRev       string // set when an existing document was replaced/updated/removed
	NewDoc       obj
	OldDoc       obj
	ignored      bool // overwriteMode ignore hit an existing document
}

// CollectionForDocs finds a collection for the document API, whose 404
// message names the collection (recorded: "collection or view not found:
// products"). Caller holds d.Mu.
func (d *Deployment) CollectionForDocs(dbName, name string) (*docstore.Database, *docstore.Collection, *apierr.Error) {
	db, c, err := d.CollectionLocked(dbName, name)
	if err != nil && err.Num == apierr.DataSourceNotFound {
		err = apierr.New(404, apierr.DataSourceNotFound, apierr.Text(apierr.DataSourceNotFound)+": "+name)
	}
	return db, c, err
}

func (d *Deployment) InsertDocument(dbName, collName string, doc obj, opts InsertOptions) (*WriteResult, *apierr.Error) {
	d.Mu.Lock()
	defer d.Mu.Unlock()
	db, c, err := d.CollectionForDocs(dbName, collName)
	if err != nil {
		return nil, err
	}
	return d.InsertLocked(db, c, doc, opts)
}

// InsertLocked stores one document. Caller holds d.Mu.
func (d *Deployment) InsertLocked(db *docstore.Database, c *docstore.Collection, doc obj, opts InsertOptions) (*WriteResult, *apierr.Error) {
	var key string
	if v, ok := doc.Get("_key"); ok {
		s, isString := v.(string)
		if !isString || !naming.DocumentKey(s) {
			return nil, apierr.New(400, apierr.DocumentKeyBad, "")
		}
		key = s
	}
	from, to, edgeErr := docstore.EdgeEnds(c, doc)
	if edgeErr != nil {
		return nil, edgeErr
	}
	if existing, ok := c.Docs[key]; key != "" && ok {
		switch opts.OverwriteMode {
		case "ignore":
			return &WriteResult{Key: key, ID: c.Name + "/" + key, Rev: existing.Rev, ignored: true}, nil
		case "replace":
			return d.storeLocked(db, c, existing, docstore.UserAttributes(doc), from, to), nil
		case "update":
			return d.storeLocked(db, c, existing, docstore.MergeObjects(docstore.UserAttributes(existing.Body), docstore.UserAttributes(doc)), from, to), nil
		default:
			return nil, apierr.New(409, apierr.UniqueConstraint,
				"unique constraint violated - in index primary of type primary over '_key'; conflicting key: "+key)
		}
	}
	if key == "" {
		// traditional key generator: numeric keys from the server tick
		c.LastValue = d.nextTick()
		key = strconv.FormatUint(c.LastValue, 10)
	} else if n, err := strconv.ParseUint(key, 10, 64); err == nil && n > c.LastValue {
		c.LastValue = n
	}
	return d.storeLocked(db, c, &docstore.Document{Key: key}, docstore.UserAttributes(doc), from, to), nil
}

// storeLocked writes doc with new user attributes and a new revision, and
// logs a 2300 marker. Caller holds d.Mu.
func (d *Deployment) storeLocked(db *docstore.Database, c *docstore.Collection, doc *docstore.Document, attrs obj, from, to string) *WriteResult {
	res := &WriteResult{Key: doc.Key, ID: c.Name + "/" + doc.Key}
	if doc.Body != nil {
		res.OldRev, res.OldDoc = doc.Rev, doc.Body
		if c.Type == docstore.TypeEdge && from == "" {
			// keep the ends on update when the patch has none
			f, _ := doc.Body.Get("_from")
			t, _ := doc.Body.Get("_to")
			from, _ = f.(string)
			to, _ = t.(string)
		}
	}
	rev := d.HLC.NextRev()
	body := obj{{"_key", doc.Key}, {"_id", res.ID}}
	if c.Type == docstore.TypeEdge {
		body = append(body, kv{"_from", from}, kv{"_to", to})
	}
	body = append(body, kv{"_rev", rev})
	body = append(body, attrs...)
	stored := &docstore.Document{Key: doc.Key, Rev: rev, Body: body}
	c.Docs[doc.Key] = stored
	res.Rev, res.NewDoc = rev, body
	d.appendMarker(wal.Marker{Type: wal.Document, DB: db.Name, DBID: db.ID, CID: c.ID, CUID: c.GUID, CName: c.Name,
		Data: body.Clone()})
	return res
}

func (d *Deployment) RemoveDocument(dbName, collName, key string) (*WriteResult, *apierr.Error) {
	d.Mu.Lock()
	defer d.Mu.Unlock()
	db, c, err := d.CollectionForDocs(dbName, collName)
	if err != nil {
		return nil, err
	}
	return d.RemoveLocked(db, c, key)
}

// RemoveLocked deletes one document and logs a 2302 marker. Caller holds d.Mu.
func (d *Deployment) RemoveLocked(db *docstore.Database, c *docstore.Collection, key string) (*WriteResult, *apierr.Error) {
	doc, ok := c.Docs[key]
	if !ok {
		return nil, apierr.New(404, apierr.DocumentNotFound, "")
	}
	delete(c.Docs, key)
	d.appendMarker(wal.Marker{Type: wal.Remove, DB: db.Name, DBID: db.ID, CID: c.ID, CUID: c.GUID, CName: c.Name,
		Data: obj{{"_key", key}, {"_rev", doc.Rev}}})
	return &WriteResult{Key: key, ID: c.Name + "/" + key, Rev: doc.Rev, OldRev: doc.Rev, OldDoc: doc.Body}, nil
}

// ModifyDocument replaces (merge=false) or updates (merge=true) one document.
func (d *Deployment) ModifyDocument(dbName, collName, key string, patch obj, merge bool) (*WriteResult, *apierr.Error) {
	d.Mu.Lock()
	defer d.Mu.Unlock()
	db, c, err := d.CollectionForDocs(dbName, collName)
	if err != nil {
		return nil, err
	}
	doc, ok := c.Docs[key]
	if !ok {
		return nil, apierr.New(404, apierr.DocumentNotFound, "")
	}
	from, to, edgeErr := docstore.EdgeEnds(c, patch)
	if edgeErr != nil && !merge {
		return nil, edgeErr
	}
	attrs := docstore.UserAttributes(patch)
	if merge {
		attrs = docstore.MergeObjects(docstore.UserAttributes(doc.Body), attrs)
		if edgeErr != nil {
			from, to = "", ""
		}
	}
	return d.storeLocked(db, c, doc, attrs, from, to), nil
}

// ReadDocument returns a copy of the stored document.
func (d *Deployment) ReadDocument(dbName, collName, key string) (*docstore.Document, *apierr.Error) {
	d.Mu.Lock()
	defer d.Mu.Unlock()
	_, c, err := d.CollectionForDocs(dbName, collName)
	if err != nil {
		return nil, err
	}
	doc, ok := c.Docs[key]
	if !ok {
		return nil, apierr.New(404, apierr.DocumentNotFound, "")
	}
	return &docstore.Document{Key: doc.Key, Rev: doc.Rev, Body: doc.Body.Clone()}, nil
}

// CollectionCount is the number of documents in db/coll, under d.Mu.
func (d *Deployment) CollectionCount(db, coll string) (int, *apierr.Error) {
	d.Mu.Lock()
	defer d.Mu.Unlock()
	_, c, err := d.CollectionLocked(db, coll)
	if err != nil {
		return 0, err
	}
	return len(c.Docs), nil
}
