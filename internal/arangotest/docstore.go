package arangotest

import (
	"strconv"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/apierr"
	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/docstore"
	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/naming"
	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/wal"
)

// insertOptions are the query options of a document insert that change what
// gets stored.
type insertOptions struct {
	overwriteMode string // "" (= conflict), conflict, ignore, replace, update
}

// writeResult describes one successful document write.
type writeResult struct {
	key, id, rev string
	oldRev       string // set when an existing document was replaced/updated/removed
	newDoc       obj
	oldDoc       obj
	ignored      bool // overwriteMode ignore hit an existing document
}

// collectionForDocs finds a collection for the document API, whose 404
// message names the collection (recorded: "collection or view not found:
// products"). Caller holds d.mu.
func (d *deployment) collectionForDocs(dbName, name string) (*docstore.Database, *docstore.Collection, *apierr.Error) {
	db, c, err := d.collectionLocked(dbName, name)
	if err != nil && err.Num == apierr.DataSourceNotFound {
		err = apierr.New(404, apierr.DataSourceNotFound, apierr.Text(apierr.DataSourceNotFound)+": "+name)
	}
	return db, c, err
}

func (d *deployment) insertDocument(dbName, collName string, doc obj, opts insertOptions) (*writeResult, *apierr.Error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	db, c, err := d.collectionForDocs(dbName, collName)
	if err != nil {
		return nil, err
	}
	return d.insertLocked(db, c, doc, opts)
}

// insertLocked stores one document. Caller holds d.mu.
func (d *deployment) insertLocked(db *docstore.Database, c *docstore.Collection, doc obj, opts insertOptions) (*writeResult, *apierr.Error) {
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
		switch opts.overwriteMode {
		case "ignore":
			return &writeResult{key: key, id: c.Name + "/" + key, rev: existing.Rev, ignored: true}, nil
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
// logs a 2300 marker. Caller holds d.mu.
func (d *deployment) storeLocked(db *docstore.Database, c *docstore.Collection, doc *docstore.Document, attrs obj, from, to string) *writeResult {
	res := &writeResult{key: doc.Key, id: c.Name + "/" + doc.Key}
	if doc.Body != nil {
		res.oldRev, res.oldDoc = doc.Rev, doc.Body
		if c.Type == docstore.TypeEdge && from == "" {
			// keep the ends on update when the patch has none
			f, _ := doc.Body.Get("_from")
			t, _ := doc.Body.Get("_to")
			from, _ = f.(string)
			to, _ = t.(string)
		}
	}
	rev := d.hlc.NextRev()
	body := obj{{"_key", doc.Key}, {"_id", res.id}}
	if c.Type == docstore.TypeEdge {
		body = append(body, kv{"_from", from}, kv{"_to", to})
	}
	body = append(body, kv{"_rev", rev})
	body = append(body, attrs...)
	stored := &docstore.Document{Key: doc.Key, Rev: rev, Body: body}
	c.Docs[doc.Key] = stored
	res.rev, res.newDoc = rev, body
	d.appendMarker(wal.Marker{Type: wal.Document, DB: db.Name, DBID: db.ID, CID: c.ID, CUID: c.GUID, CName: c.Name,
		Data: body.Clone()})
	return res
}

func (d *deployment) removeDocument(dbName, collName, key string) (*writeResult, *apierr.Error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	db, c, err := d.collectionForDocs(dbName, collName)
	if err != nil {
		return nil, err
	}
	return d.removeLocked(db, c, key)
}

// removeLocked deletes one document and logs a 2302 marker. Caller holds d.mu.
func (d *deployment) removeLocked(db *docstore.Database, c *docstore.Collection, key string) (*writeResult, *apierr.Error) {
	doc, ok := c.Docs[key]
	if !ok {
		return nil, apierr.New(404, apierr.DocumentNotFound, "")
	}
	delete(c.Docs, key)
	d.appendMarker(wal.Marker{Type: wal.Remove, DB: db.Name, DBID: db.ID, CID: c.ID, CUID: c.GUID, CName: c.Name,
		Data: obj{{"_key", key}, {"_rev", doc.Rev}}})
	return &writeResult{key: key, id: c.Name + "/" + key, rev: doc.Rev, oldRev: doc.Rev, oldDoc: doc.Body}, nil
}

// modifyDocument replaces (merge=false) or updates (merge=true) one document.
func (d *deployment) modifyDocument(dbName, collName, key string, patch obj, merge bool) (*writeResult, *apierr.Error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	db, c, err := d.collectionForDocs(dbName, collName)
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

// readDocument returns a copy of the stored document.
func (d *deployment) readDocument(dbName, collName, key string) (*docstore.Document, *apierr.Error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	_, c, err := d.collectionForDocs(dbName, collName)
	if err != nil {
		return nil, err
	}
	doc, ok := c.Docs[key]
	if !ok {
		return nil, apierr.New(404, apierr.DocumentNotFound, "")
	}
	return &docstore.Document{Key: doc.Key, Rev: doc.Rev, Body: doc.Body.Clone()}, nil
}
