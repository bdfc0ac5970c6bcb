package replica

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strconv"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/apierr"
	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/jsonx"
	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/revtree"
	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/version"
)

// revisionsFetchChunk is how many revisions arangod's syncer asks
// revisions/documents for at once (DatabaseInitialSyncer::fetchRevisions).
const revisionsFetchChunk = 5000

// leaderHasRevisions: DatabaseInitialSyncer uses the revisions protocol for
// an incremental sync when the leader is 3.8 or newer (the local collection
// always syncs by revision in the emulator).
func leaderHasRevisions(leaderVersion string) bool {
	v, err := version.Parse(leaderVersion)
	return err == nil && v.AtLeast(3, 8, 0)
}

// LeaderEncodesHLC: leaders encode revisions as HLC strings on request
// (encodeAsHLC) from 3.8.8, 3.9.4, 3.10.1 and 3.11.0 on.
func LeaderEncodesHLC(leaderVersion string) bool {
	v, err := version.Parse(leaderVersion)
	if err != nil {
		return false
	}
	return v.AtLeast(3, 11, 0) || (v.AtLeast(3, 10, 1)) || (v.AtLeast(3, 9, 4) && !v.AtLeast(3, 10, 0)) ||
		(v.AtLeast(3, 8, 8) && !v.AtLeast(3, 9, 0))
}

// syncByRevisions brings an existing local collection of the same type to
// the leader's state the way DatabaseInitialSyncer::fetchCollectionSyncByRevisions
// does: the leader's revision tree, the ranges in which the local tree
// differs, the leader's revisions in them, then local removals and the
// missing documents. handled is false when the leader answers the tree
// with 501 (its collection does not sync by revision): the caller copies
// the collection instead.
func (f *Follower) syncByRevisions(ctx context.Context, lc *leaderConn, cfg SyncConfig, client, batchID string,
	lastTick uint64, hlc bool, p leaderCollection) (handled bool, apiErr *apierr.Error) {
	q := "?collection=" + url.QueryEscape(p.Name) + "&" + client + "&batchId=" + batchID
	treeURL := "/_api/replication/revisions/tree" + q + "&onlyPopulated=true&to=" + strconv.FormatUint(lastTick, 10)
	status, _, data, err := lc.do(ctx, http.MethodGet, treeURL, nil)
	if status == http.StatusNotImplemented {
		return false, nil
	}
	if err != nil {
		return true, err
	}
	leader, ierr := revtree.Parse(data)
	if ierr != "" {
		return true, lc.invalid(treeURL, "response does not contain a valid revision tree: "+ierr)
	}

	d := f.Deployment
	coll, local, remove := d.LocalRevTree(cfg.LocalDatabase, p.Name, leader)
	if coll == nil {
		return true, apierr.New(404, apierr.DataSourceNotFound, "")
	}

	var fetch []uint64
	if ranges := leader.Diff(local); leader.Count() > 0 && len(ranges) > 0 {
		leaderRevs, err := lc.revisionRanges(ctx, q, ranges, hlc)
		if err != nil {
			return true, err
		}
		localRevs := d.RevisionsOf(coll)
		slices.Sort(localRevs)
		for i, rg := range ranges {
			have := map[uint64]bool{}
			for _, r := range localRevs {
				if r >= rg[0] && r <= rg[1] {
					have[r] = true
				}
			}
			for _, r := range leaderRevs[i] {
				if have[r] {
					delete(have, r)
				} else {
					fetch = append(fetch, r)
				}
			}
			for r := range have {
				remove = append(remove, r)
			}
		}
	}

	var docs []obj
	for start := 0; start < len(fetch); start += revisionsFetchChunk {
		part := fetch[start:min(start+revisionsFetchChunk, len(fetch))]
		got, err := lc.revisionDocuments(ctx, q, part, hlc)
		if err != nil {
			return true, err
		}
		docs = append(docs, got...)
	}

	d.Mu.Lock()
	defer d.Mu.Unlock()
	db := d.DBs[cfg.LocalDatabase]
	if db == nil || db.Colls[p.Name] != coll {
		return true, apierr.New(404, apierr.DataSourceNotFound, "")
	}
	gone := map[uint64]bool{}
	for _, r := range remove {
		gone[r] = true
	}
	for key, doc := range coll.Docs {
		if gone[revtree.DecodeHLC(doc.Rev)] {
			_, _ = d.RemoveLocked(db, coll, key)
		}
	}
	for _, doc := range docs {
		d.RestoreLocked(db, coll, doc)
	}
	return true, nil
}

// revisionRanges asks PUT revisions/ranges until the leader has no
// "resumeHLC" (or "resume") left; the answer lists, per range asked, the
// leader's revisions in it.
func (l *leaderConn) revisionRanges(ctx context.Context, q string, ranges [][2]uint64, hlc bool) ([][]uint64, *apierr.Error) {
	body := make([]any, len(ranges))
	for i, r := range ranges {
		body[i] = []any{revtree.EncodeHLC(r[0]), revtree.EncodeHLC(r[1])}
	}
	out := make([][]uint64, len(ranges))
	resume := ranges[0][0]
	for {
		u := "/_api/replication/revisions/ranges" + q + "&resume=" + url.QueryEscape(revtree.EncodeHLC(resume))
		if hlc {
			u += "&resumeHLC=" + url.QueryEscape(revtree.EncodeHLC(resume)) + "&encodeAsHLC=true"
		}
		var answer struct {
			Ranges    [][]any `json:"ranges"`
			Resume    *string `json:"resume"`
			ResumeHLC *string `json:"resumeHLC"`
		}
		if err := l.getJSON(ctx, http.MethodPut, u, body, &answer); err != nil {
			return nil, err
		}
		if answer.Ranges == nil {
			return nil, l.invalid(u, "response field 'ranges' is not an array")
		}
		first := 0 // the answer begins with the range that holds resume
		for first < len(ranges) && ranges[first][1] < resume {
			first++
		}
		for j, list := range answer.Ranges {
			if first+j >= len(ranges) {
				return nil, l.invalid(u, "more revision ranges than asked for")
			}
			for _, v := range list {
				r, ok := revtree.ParseHLC(v)
				if !ok {
					return nil, l.invalid(u, "a revision is no HLC string")
				}
				out[first+j] = append(out[first+j], r)
			}
		}
		next := answer.ResumeHLC
		if next == nil {
			next = answer.Resume
		}
		if next == nil {
			return out, nil
		}
		r, ok := revtree.ParseHLC(*next)
		if !ok || r <= resume {
			return nil, l.invalid(u, "response field 'resume' does not move on")
		}
		resume = r
	}
}

// revisionDocuments fetches the documents of revs, asking again for those a
// chunked answer left out.
func (l *leaderConn) revisionDocuments(ctx context.Context, q string, revs []uint64, hlc bool) ([]obj, *apierr.Error) {
	u := "/_api/replication/revisions/documents" + q
	if hlc {
		u += "&encodeAsHLC=true"
	}
	var out []obj
	for len(revs) > 0 {
		body := make([]any, len(revs))
		for i, r := range revs {
			body[i] = revtree.EncodeHLC(r)
		}
		_, _, data, err := l.do(ctx, http.MethodPut, u, body)
		if err != nil {
			return nil, err
		}
		v, perr := jsonx.Parse(data)
		list, isList := v.([]any)
		if perr != nil || !isList || len(list) == 0 || len(list) > len(revs) {
			return nil, l.invalid(u, "response is no array of documents")
		}
		for _, e := range list {
			doc, isObj := e.(obj)
			if !isObj {
				return nil, l.invalid(u, "response is no array of documents")
			}
			if len(doc) > 0 { // {}: the leader no longer has it
				out = append(out, doc)
			}
		}
		revs = revs[len(list):]
	}
	return out, nil
}

// hasLocalCollection tells whether dbName has a collection like p (same
// name and type), which an incremental sync brings up to date in place.
func (f *Follower) hasLocalCollection(dbName string, p leaderCollection) bool {
	f.Deployment.Mu.Lock()
	defer f.Deployment.Mu.Unlock()
	c := f.Deployment.LocalCollection(dbName, p.Name)
	return c != nil && c.Type == p.Type
}
