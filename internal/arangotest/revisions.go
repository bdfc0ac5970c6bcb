package arangotest

import (
	"bytes"
	"net/http"
	"strconv"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/replica"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/apierr"
	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/docstore"
	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/jsonx"
	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/replctx"
	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/revtree"
)

// The revisions protocol of 3.8+ (CONTRACT.md §3.21): a leader's revision
// tree of a collection in a batch's snapshot, the revisions in given
// ranges, and the documents of given revisions. Followers use it for
// incremental initial syncs.

// revDocumentsLimit is how many bytes one documents answer holds (and
// chunkSize's maximum).
const revDocumentsLimit = 16 * 1024 * 1024

// revRangesLimit is how many revisions one ranges answer holds at most
// (64Ki in arangod); a variable so that a test can make answers resume.
var revRangesLimit = 64 * 1024

// handleRevisions serves GET revisions/tree, PUT revisions/ranges and PUT
// revisions/documents (RestReplicationHandler::prepareRevisionOperation and
// the three handlers). Coordinators refuse them before (§3.1).
func (api replicationAPI) handleRevisions(c *call) {
	var sub string
	if len(c.suffix) == 1 {
		sub = c.suffix[0]
	}
	switch {
	case sub == "tree" && c.method() == http.MethodGet,
		sub == "ranges" && c.method() == http.MethodPut,
		sub == "documents" && c.method() == http.MethodPut:
	case sub == "tree" && c.method() == http.MethodPost:
		// rebuilding the tree: nothing to rebuild here
		if docs := api.revisionSource(c); docs != nil {
			c.sendRaw(204, "", nil)
		}
		return
	case len(c.suffix) == 0:
		// no subcommand: the dispatcher's BAD_CALL with one suffix
		c.methodNotAllowed()
		return
	default:
		// arangod's dispatcher writes nothing for other combinations: the
		// connection layer's default answer, 500 without a body, goes out.
		c.sendRaw(500, "", nil)
		return
	}
	docs := api.revisionSource(c)
	if docs == nil {
		return
	}
	q := c.query()
	switch sub {
	case "tree":
		revs := make([]uint64, len(docs))
		for i, d := range docs {
			revs[i] = revtree.DecodeHLC(d.Rev)
		}
		c.sendRaw(200, "application/json; charset=utf-8", revtree.New(revs).Render(boolParam(q, "onlyPopulated", false)))
	case "ranges":
		api.revisionRanges(c, docs)
	case "documents":
		api.revisionDocuments(c, docs)
	}
}

// revisionSource checks collection and batchId and returns the collection's
// documents in the batch's snapshot, in revision order; nil after an error
// answer. An empty collection gives an empty, non-nil slice.
func (api replicationAPI) revisionSource(c *call) []*docstore.Document {
	q := c.query()
	name := q.Get("collection")
	if name == "" {
		c.handlerError(400, apierr.HTTPBadParameter, "invalid collection parameter")
		return nil
	}
	batchID, found := q["batchId"]
	if !found {
		c.handlerError(404, apierr.HTTPBadParameter, "replication revision tree - request misses batchId")
		return nil
	}
	owner := api.batchOwner(c)
	if owner == nil {
		return nil
	}
	d := api.s.state
	d.Mu.Lock()
	defer d.Mu.Unlock()
	b := d.Repl.Batch(owner, batchID[0])
	probe := b
	if probe == nil {
		probe = &replctx.Batch{} // the collection is looked up before the batch
	}
	docs, _, apiErr := d.DumpSource(c.dbName, owner, probe, name)
	switch {
	case apiErr != nil:
		c.fail(apiErr)
		return nil
	case b == nil:
		c.handlerError(500, apierr.InternalRev, "could not get replication iterator for collection '"+name+"'")
		return nil
	}
	if docs == nil {
		docs = []*docstore.Document{}
	}
	return docs
}

// revisionRanges answers PUT revisions/ranges: for each range [lo, hi] of
// the body (in order, not overlapping), the snapshot's revisions in it,
// from "resume" on, at most revRangesLimit in all; "resume" (and
// "resumeHLC") say where the next call continues when there is more.
func (api replicationAPI) revisionRanges(c *call, docs []*docstore.Document) {
	body, err := c.jsonBody()
	ranges, isList := body.([]any)
	var bounds [][2]uint64
	bad := err != nil || !isList
	for _, e := range ranges {
		if bad {
			break
		}
		pair, ok := e.([]any)
		if !ok || len(pair) != 2 {
			bad = true
			break
		}
		lo, ok1 := revtree.ParseHLC(pair[0])
		hi, ok2 := revtree.ParseHLC(pair[1])
		if !ok1 || !ok2 || lo >= hi || (len(bounds) > 0 && lo < bounds[len(bounds)-1][1]) {
			bad = true
			break
		}
		bounds = append(bounds, [2]uint64{lo, hi})
	}
	if bad {
		c.handlerError(400, apierr.HTTPBadParameter, "body needs to be an array of pairs of revisions")
		return
	}
	q := c.query()
	var resume uint64
	if r, ok := revtree.ParseHLC(q.Get("resumeHLC")); ok {
		resume = r
	} else if r, ok := revtree.ParseHLC(q.Get("resume")); ok {
		resume = r
	}
	out := []any{}
	total, next, more := 0, uint64(0), false
	i := 0
	for _, b := range bounds {
		if b[1] < resume {
			continue // finished in an earlier call
		}
		list := []any{}
		for i < len(docs) && revtree.DecodeHLC(docs[i].Rev) < max(b[0], resume) {
			i++
		}
		for ; i < len(docs); i++ {
			r := revtree.DecodeHLC(docs[i].Rev)
			if r > b[1] {
				break
			}
			if total == revRangesLimit {
				more, next = true, r
				break
			}
			list = append(list, docs[i].Rev)
			total++
		}
		if more && len(list) == 0 {
			break // the next call begins with this range
		}
		out = append(out, list)
		if more {
			break
		}
	}
	answer := obj{{"ranges", out}}
	if more {
		answer = append(answer, kv{"resume", revtree.EncodeHLC(next)})
		if replica.LeaderEncodesHLC(api.s.ver.Raw) {
			answer = append(answer, kv{"resumeHLC", revtree.EncodeHLC(next)})
		}
	}
	c.send(200, answer)
}

// revisionDocuments answers PUT revisions/documents: the documents of the
// revisions asked for, in that order, {} for one the snapshot does not
// have, until chunkSize bytes (at most 16 MiB) are reached.
func (api replicationAPI) revisionDocuments(c *call, docs []*docstore.Document) {
	body, err := c.jsonBody()
	list, isList := body.([]any)
	revs := make([]uint64, 0, len(list))
	bad := err != nil || !isList
	for _, e := range list {
		r, ok := revtree.ParseHLC(e)
		if !ok {
			bad = true
			break
		}
		revs = append(revs, r)
	}
	if bad {
		c.handlerError(400, apierr.HTTPBadParameter, "body needs to be an array of revisions")
		return
	}
	limit := revDocumentsLimit
	if n, err := strconv.Atoi(c.query().Get("chunkSize")); err == nil && n > 0 {
		limit = min(n, revDocumentsLimit)
	}
	byRev := make(map[uint64]*docstore.Document, len(docs))
	for _, d := range docs {
		byRev[revtree.DecodeHLC(d.Rev)] = d
	}
	var b bytes.Buffer
	b.WriteByte('[')
	size := 0
	for i, r := range revs {
		item := []byte("{}")
		if d := byRev[r]; d != nil {
			item = jsonx.Marshal(d.Body)
		}
		if size > 0 && size+len(item) > limit {
			break
		}
		if i > 0 {
			b.WriteByte(',')
		}
		b.Write(item)
		size += len(item)
	}
	b.WriteByte(']')
	c.sendRaw(200, "application/json; charset=utf-8", b.Bytes())
}
