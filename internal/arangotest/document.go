package arangotest

import (
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/apierr"
	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/docstore"
	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/jsonx"
	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/model"
)

// documentsAPI holds the handlers of /_api/document.
type documentsAPI struct{ s *Server }

// handleDocument serves /_api/document/{collection}[/{key}].
func (api documentsAPI) handleDocument(c *call) {
	coll := c.query().Get("collection")
	if len(c.suffix) > 0 {
		coll = c.suffix[0]
	}
	read := c.method() == http.MethodGet || c.method() == http.MethodHead
	if coll != "" && !c.collectionAccess(coll, !read) {
		return
	}
	switch len(c.suffix) {
	case 1:
		switch c.method() {
		case http.MethodPost:
			api.insertDocuments(c, c.suffix[0])
		case http.MethodDelete:
			api.removeDocuments(c, c.suffix[0])
		case http.MethodGet, http.MethodHead:
			c.handlerError(400, apierr.HTTPBadParameter, "expecting GET /_api/document/<document-handle>")
		case http.MethodPut, http.MethodPatch:
			c.handlerError(501, apierr.NotImplemented, "not implemented by the emulator: multi-document "+c.method())
		default:
			c.methodNotAllowed()
		}
	case 2:
		coll, key := c.suffix[0], c.suffix[1]
		switch c.method() {
		case http.MethodGet, http.MethodHead:
			api.readDocument(c, coll, key)
		case http.MethodDelete:
			api.removeOne(c, coll, key)
		case http.MethodPut, http.MethodPatch:
			api.modifyOne(c, coll, key, c.method() == http.MethodPatch)
		default:
			c.methodNotAllowed()
		}
	case 0:
		if coll := c.query().Get("collection"); coll != "" && c.method() == http.MethodPost {
			api.insertDocuments(c, coll) // pre-3.x style ?collection=
			return
		}
		c.handlerError(400, apierr.HTTPBadParameter, "expecting "+c.method()+" /_api/document/<collection>")
	default:
		c.handlerError(400, apierr.HTTPBadParameter, "expecting "+c.method()+" /_api/document/<document-handle>")
	}
}

// writeStatus: 201 when the write was synced (waitForSync on the request or
// the collection), else 202 (recorded PostCreate1 vs PostMulti1).
func (api documentsAPI) writeStatus(c *call, collName string) int {
	if boolParam(c.query(), "waitForSync", false) {
		return 201
	}
	api.s.state.Mu.Lock()
	defer api.s.state.Mu.Unlock()
	if _, coll, err := api.s.state.CollectionLocked(c.dbName, collName); err == nil && coll.WaitForSync {
		return 201
	}
	return 202
}

// identity is the answer body of one successful write.
func identity(c *call, r *model.WriteResult, withNew, withOld bool) obj {
	if boolParam(c.query(), "silent", false) {
		return obj{}
	}
	o := obj{{"_id", r.ID}, {"_key", r.Key}, {"_rev", r.Rev}}
	if r.OldRev != "" && r.OldRev != r.Rev {
		o = append(o, kv{"_oldRev", r.OldRev})
	}
	if withNew && r.NewDoc != nil {
		o = append(o, kv{"new", r.NewDoc.Clone()})
	}
	if withOld && r.OldDoc != nil {
		o = append(o, kv{"old", r.OldDoc.Clone()})
	}
	return o
}

// setDocumentHeaders: single-document writes answer with the revision as
// ETag and the document's URL as Location (recorded).
func setDocumentHeaders(c *call, r *model.WriteResult) {
	c.w.Header().Set("Etag", `"`+r.Rev+`"`)
	c.w.Header().Set("Location", "/_db/"+c.dbName+"/_api/document/"+r.ID)
}

func overwriteMode(c *call) string {
	q := c.query()
	if m := q.Get("overwriteMode"); m != "" {
		return m
	}
	if boolParam(q, "overwrite", false) {
		return "replace"
	}
	return ""
}

func (api documentsAPI) insertDocuments(c *call, collName string) {
	body, err := c.jsonBody()
	if err != nil {
		c.badJSON(err)
		return
	}
	opts := model.InsertOptions{OverwriteMode: overwriteMode(c)}
	returnNew := boolParam(c.query(), "returnNew", false)
	returnOld := boolParam(c.query(), "returnOld", false)
	switch b := body.(type) {
	case obj:
		res, apiErr := api.s.state.InsertDocument(c.dbName, collName, b, opts)
		if apiErr != nil {
			c.fail(apiErr)
			return
		}
		setDocumentHeaders(c, res)
		c.send(api.writeStatus(c, collName), identity(c, res, returnNew, returnOld))
	case []any:
		results, apiErr := api.eachInCollection(c.dbName, collName, b, func(db *docstore.Database, coll *docstore.Collection, e any) (*model.WriteResult, *apierr.Error) {
			doc, ok := e.(obj)
			if !ok {
				return nil, apierr.New(400, apierr.DocumentTypeInvalid, "")
			}
			return api.s.state.InsertLocked(db, coll, doc, opts)
		})
		if apiErr != nil {
			c.fail(apiErr)
			return
		}
		api.sendMulti(c, collName, results, returnNew, returnOld)
	default:
		c.handlerError(400, apierr.DocumentTypeInvalid, "")
	}
}

// multiResult is one element of an array operation.
type multiResult struct {
	res *model.WriteResult
	err *apierr.Error
}

// eachInCollection runs op for every element under one lock, like one
// transaction over the collection.
func (api documentsAPI) eachInCollection(dbName, collName string, elems []any,
	op func(*docstore.Database, *docstore.Collection, any) (*model.WriteResult, *apierr.Error)) ([]multiResult, *apierr.Error) {
	d := api.s.state
	d.Mu.Lock()
	defer d.Mu.Unlock()
	db, coll, err := d.CollectionForDocs(dbName, collName)
	if err != nil {
		return nil, err
	}
	out := make([]multiResult, len(elems))
	for i, e := range elems {
		out[i].res, out[i].err = op(db, coll, e)
	}
	return out, nil
}

// sendMulti answers an array operation: one entry per element, errors as
// {"error":true,"errorNum":N,"errorMessage":...}, and the error counts in
// x-arango-error-codes (recorded PostBadJsonMulti).
func (api documentsAPI) sendMulti(c *call, collName string, results []multiResult, withNew, withOld bool) {
	silent := boolParam(c.query(), "silent", false)
	counts := map[int]int{}
	list := []any{}
	for _, r := range results {
		if r.err != nil {
			counts[r.err.Num]++
			list = append(list, obj{{"error", true}, {"errorNum", r.err.Num}, {"errorMessage", r.err.Msg}})
			continue
		}
		if !silent {
			list = append(list, identity(c, r.res, withNew, withOld))
		}
	}
	if len(counts) > 0 {
		nums := make([]int, 0, len(counts))
		for n := range counts {
			nums = append(nums, n)
		}
		slices.Sort(nums)
		h := obj{}
		for _, n := range nums {
			h = append(h, kv{strconv.Itoa(n), counts[n]})
		}
		c.w.Header().Set("X-Arango-Error-Codes", string(jsonx.Marshal(h)))
	}
	c.send(api.writeStatus(c, collName), list)
}

func (api documentsAPI) readDocument(c *call, collName, key string) {
	doc, err := api.s.state.ReadDocument(c.dbName, collName, key)
	if err != nil {
		c.fail(err)
		return
	}
	c.w.Header().Set("Etag", `"`+doc.Rev+`"`)
	c.send(200, doc.Body)
}

func (api documentsAPI) removeOne(c *call, collName, key string) {
	res, err := api.s.state.RemoveDocument(c.dbName, collName, key)
	if err != nil {
		c.fail(err)
		return
	}
	setDocumentHeaders(c, res)
	c.send(api.writeStatus(c, collName), identity(c, res, false, boolParam(c.query(), "returnOld", false)))
}

// removeDocuments: DELETE /_api/document/{collection} with an array of keys
// or of objects with _key.
func (api documentsAPI) removeDocuments(c *call, collName string) {
	body, err := c.jsonBody()
	if err != nil {
		c.badJSON(err)
		return
	}
	elems, ok := body.([]any)
	if !ok {
		c.handlerError(400, apierr.DocumentTypeInvalid, "")
		return
	}
	results, apiErr := api.eachInCollection(c.dbName, collName, elems, func(db *docstore.Database, coll *docstore.Collection, e any) (*model.WriteResult, *apierr.Error) {
		key, _ := e.(string)
		if o, ok := e.(obj); ok {
			k, _ := o.Get("_key")
			key, _ = k.(string)
		}
		if _, k, found := strings.Cut(key, "/"); found {
			key = k
		}
		if key == "" {
			return nil, apierr.New(400, apierr.DocumentKeyBad, "")
		}
		return api.s.state.RemoveLocked(db, coll, key)
	})
	if apiErr != nil {
		c.fail(apiErr)
		return
	}
	api.sendMulti(c, collName, results, false, boolParam(c.query(), "returnOld", false))
}

func (api documentsAPI) modifyOne(c *call, collName, key string, merge bool) {
	patch, ok := c.objectBody(apierr.DocumentTypeInvalid, "")
	if !ok {
		return
	}
	res, apiErr := api.s.state.ModifyDocument(c.dbName, collName, key, patch, merge)
	if apiErr != nil {
		c.fail(apiErr)
		return
	}
	setDocumentHeaders(c, res)
	q := c.query()
	c.send(api.writeStatus(c, collName), identity(c, res, boolParam(q, "returnNew", false), boolParam(q, "returnOld", false)))
}
