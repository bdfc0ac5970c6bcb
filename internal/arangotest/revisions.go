package arangotest

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"hash/fnv"
	"net/http"
	"strconv"
)

// The revisions protocol of 3.8+ (CONTRACT.md §3.21): a leader's revision
// tree of a collection in a batch's snapshot, the revisions in given
// ranges, and the documents of given revisions. Followers use it for
// incremental initial syncs.

// Revision tree parameters of arangod's RevisionTree (MerkleTree<FnvHashProvider, 3>):
// 8 children per node, leaves at depth 6 (262144 of them), 64 revisions
// per leaf in a new tree, format version 1.
const (
	revTreeVersion     = 1
	revTreeDepth       = 6
	revTreeBranchBits  = 3
	revTreeLeaves      = 1 << (revTreeBranchBits * revTreeDepth)
	revTreeDefaultSpan = revTreeLeaves * 64

	revDocumentsLimit = 16 * 1024 * 1024 // bytes per documents answer (and chunkSize's maximum)
)

// revRangesLimit is how many revisions one ranges answer holds at most
// (64Ki in arangod); a variable so that a test can make answers resume.
var revRangesLimit = 64 * 1024

// revHash is FnvHashProvider::hash: 64-bit FNV-1a over the revision's 8
// bytes in memory (little-endian) order.
func revHash(rev uint64) uint64 {
	var b [8]byte
	binary.LittleEndian.PutUint64(b[:], rev)
	h := fnv.New64a()
	_, _ = h.Write(b[:])
	return h.Sum64()
}

// errInternalRev is TRI_ERROR_INTERNAL (errors.dat 4), kept here so that
// errors.go stays as it is.
const errInternalRev = 4

func init() { errorTexts[errInternalRev] = "internal error" }

type revNode struct{ count, hash uint64 }

// revTree is a revision tree's leaves with their range.
type revTree struct {
	rangeMin, rangeMax, initialRangeMin uint64
	depth                               uint64
	count, hash                         uint64
	leaves                              map[uint64]revNode // populated leaves by index
}

// newRevTree spans revs (sorted): rangeMin is the smallest revision
// rounded down to the default span, the span doubles until it covers the
// largest one (the emulator's choice; arangod grows a tree as revisions
// come).
func newRevTree(revs []uint64) *revTree {
	t := &revTree{depth: revTreeDepth, leaves: map[uint64]revNode{}}
	lo, hi := uint64(0), uint64(0)
	if len(revs) > 0 {
		lo, hi = revs[0], revs[len(revs)-1]
	}
	t.rangeMin = lo - lo%revTreeDefaultSpan
	span := uint64(revTreeDefaultSpan)
	for t.rangeMin+span <= hi && span < 1<<62 {
		span <<= 1
	}
	t.rangeMax = t.rangeMin + span
	t.initialRangeMin = t.rangeMin
	for _, r := range revs {
		t.insert(r)
	}
	return t
}

func (t *revTree) chunk() uint64 { return (t.rangeMax - t.rangeMin) / revTreeLeaves }

// covers tells whether rev falls into the tree's range.
func (t *revTree) covers(rev uint64) bool { return rev >= t.rangeMin && rev < t.rangeMax }

func (t *revTree) insert(rev uint64) {
	i := (rev - t.rangeMin) / t.chunk()
	n := t.leaves[i]
	h := revHash(rev)
	n.count++
	n.hash ^= h
	t.leaves[i] = n
	t.count++
	t.hash ^= h
}

// diff lists the revision ranges [lo, hi] of the leaves in which t and o
// differ, adjacent leaves merged (MerkleTree::diff); both must have the
// same range and depth.
func (t *revTree) diff(o *revTree) [][2]uint64 {
	var out [][2]uint64
	c := t.chunk()
	for i := uint64(0); i < revTreeLeaves; i++ {
		if t.leaves[i] == o.leaves[i] {
			continue
		}
		lo, hi := t.rangeMin+i*c, t.rangeMin+(i+1)*c-1
		if n := len(out); n > 0 && out[n-1][1]+1 == lo {
			out[n-1][1] = hi
		} else {
			out = append(out, [2]uint64{lo, hi})
		}
	}
	return out
}

// render writes the tree as MerkleTree::serialize does: version, maxDepth,
// rangeMax, rangeMin, initialRangeMin, count, hash, then every leaf as
// {"count","hash"} — or {} for an empty one with onlyPopulated.
func (t *revTree) render(onlyPopulated bool) []byte {
	var b bytes.Buffer
	b.Grow(revTreeLeaves*3 + 256)
	b.WriteString(`{"version":` + strconv.Itoa(revTreeVersion) + `,"maxDepth":` + strconv.FormatUint(t.depth, 10) +
		`,"rangeMax":"` + encodeHLC(t.rangeMax) + `","rangeMin":"` + encodeHLC(t.rangeMin) +
		`","initialRangeMin":"` + encodeHLC(t.initialRangeMin) + `","count":` + strconv.FormatUint(t.count, 10) +
		`,"hash":` + strconv.FormatUint(t.hash, 10) + `,"nodes":[`)
	for i := uint64(0); i < revTreeLeaves; i++ {
		if i > 0 {
			b.WriteByte(',')
		}
		n, ok := t.leaves[i]
		if !ok && onlyPopulated {
			b.WriteString("{}")
			continue
		}
		b.WriteString(`{"count":` + strconv.FormatUint(n.count, 10) + `,"hash":` + strconv.FormatUint(n.hash, 10) + `}`)
	}
	b.WriteString("]}")
	return b.Bytes()
}

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
			revs[i] = decodeHLC(d.rev)
		}
		c.sendRaw(200, "application/json; charset=utf-8", newRevTree(revs).render(boolParam(q, "onlyPopulated", false)))
	case "ranges":
		api.revisionRanges(c, docs)
	case "documents":
		api.revisionDocuments(c, docs)
	}
}

// revisionSource checks collection and batchId and returns the collection's
// documents in the batch's snapshot, in revision order; nil after an error
// answer. An empty collection gives an empty, non-nil slice.
func (api replicationAPI) revisionSource(c *call) []*document {
	q := c.query()
	name := q.Get("collection")
	if name == "" {
		c.handlerError(400, errHTTPBadParameter, "invalid collection parameter")
		return nil
	}
	batchID, found := q["batchId"]
	if !found {
		c.handlerError(404, errHTTPBadParameter, "replication revision tree - request misses batchId")
		return nil
	}
	owner := api.batchOwner(c)
	if owner == nil {
		return nil
	}
	d := api.s.state
	d.mu.Lock()
	defer d.mu.Unlock()
	b := d.batchLocked(owner, batchID[0])
	probe := b
	if probe == nil {
		probe = &dumpBatch{} // the collection is looked up before the batch
	}
	docs, _, apiErr := d.dumpSource(c.dbName, owner, probe, name)
	switch {
	case apiErr != nil:
		c.fail(apiErr)
		return nil
	case b == nil:
		c.handlerError(500, errInternalRev, "could not get replication iterator for collection '"+name+"'")
		return nil
	}
	if docs == nil {
		docs = []*document{}
	}
	return docs
}

// revisionFrom reads a revision given as an HLC string (the only spelling
// the emulator writes); ok is false for anything else.
func revisionFrom(v any) (uint64, bool) {
	s, isStr := v.(string)
	if !isStr || s == "" {
		return 0, false
	}
	for i := 0; i < len(s); i++ {
		if !bytes.ContainsRune([]byte(hlcAlphabet), rune(s[i])) {
			return 0, false
		}
	}
	return decodeHLC(s), true
}

// revisionRanges answers PUT revisions/ranges: for each range [lo, hi] of
// the body (in order, not overlapping), the snapshot's revisions in it,
// from "resume" on, at most revRangesLimit in all; "resume" (and
// "resumeHLC") say where the next call continues when there is more.
func (api replicationAPI) revisionRanges(c *call, docs []*document) {
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
		lo, ok1 := revisionFrom(pair[0])
		hi, ok2 := revisionFrom(pair[1])
		if !ok1 || !ok2 || lo >= hi || (len(bounds) > 0 && lo < bounds[len(bounds)-1][1]) {
			bad = true
			break
		}
		bounds = append(bounds, [2]uint64{lo, hi})
	}
	if bad {
		c.handlerError(400, errHTTPBadParameter, "body needs to be an array of pairs of revisions")
		return
	}
	q := c.query()
	var resume uint64
	if r, ok := revisionFrom(q.Get("resumeHLC")); ok {
		resume = r
	} else if r, ok := revisionFrom(q.Get("resume")); ok {
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
		for i < len(docs) && decodeHLC(docs[i].rev) < max(b[0], resume) {
			i++
		}
		for ; i < len(docs); i++ {
			r := decodeHLC(docs[i].rev)
			if r > b[1] {
				break
			}
			if total == revRangesLimit {
				more, next = true, r
				break
			}
			list = append(list, docs[i].rev)
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
		answer = append(answer, kv{"resume", encodeHLC(next)})
		if leaderEncodesHLC(api.s.ver.raw) {
			answer = append(answer, kv{"resumeHLC", encodeHLC(next)})
		}
	}
	c.send(200, answer)
}

// revisionDocuments answers PUT revisions/documents: the documents of the
// revisions asked for, in that order, {} for one the snapshot does not
// have, until chunkSize bytes (at most 16 MiB) are reached.
func (api replicationAPI) revisionDocuments(c *call, docs []*document) {
	body, err := c.jsonBody()
	list, isList := body.([]any)
	revs := make([]uint64, 0, len(list))
	bad := err != nil || !isList
	for _, e := range list {
		r, ok := revisionFrom(e)
		if !ok {
			bad = true
			break
		}
		revs = append(revs, r)
	}
	if bad {
		c.handlerError(400, errHTTPBadParameter, "body needs to be an array of revisions")
		return
	}
	limit := revDocumentsLimit
	if n, err := strconv.Atoi(c.query().Get("chunkSize")); err == nil && n > 0 {
		limit = min(n, revDocumentsLimit)
	}
	byRev := make(map[uint64]*document, len(docs))
	for _, d := range docs {
		byRev[decodeHLC(d.rev)] = d
	}
	var b bytes.Buffer
	b.WriteByte('[')
	size := 0
	for i, r := range revs {
		item := []byte("{}")
		if d := byRev[r]; d != nil {
			item = marshalJSON(d.body)
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

// revTreeAnswer is what a follower reads of a leader's tree.
type revTreeAnswer struct {
	Version         int             `json:"version"`
	MaxDepth        uint64          `json:"maxDepth"`
	RangeMin        string          `json:"rangeMin"`
	RangeMax        string          `json:"rangeMax"`
	InitialRangeMin string          `json:"initialRangeMin"`
	Count           json.Number     `json:"count"`
	Hash            json.Number     `json:"hash"`
	Nodes           []revNodeAnswer `json:"nodes"`
}

type revNodeAnswer struct {
	Count *json.Number `json:"count"`
	Hash  *json.Number `json:"hash"`
}
