package revtree

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"hash/fnv"
	"strconv"
)

// Revision tree parameters of arangod's RevisionTree (MerkleTree<FnvHashProvider, 3>):
// 8 children per node, leaves at depth 6 (262144 of them), 64 revisions
// per leaf in a new tree, format version 1.
const (
	version     = 1
	depth       = 6
	branchBits  = 3
	leaves      = 1 << (branchBits * depth)
	defaultSpan = leaves * 64
)

// Hash is FnvHashProvider::hash: 64-bit FNV-1a over the revision's 8
// bytes in memory (little-endian) order.
func Hash(rev uint64) uint64 {
	var b [8]byte
	binary.LittleEndian.PutUint64(b[:], rev)
	h := fnv.New64a()
	_, _ = h.Write(b[:])
	return h.Sum64()
}

type node struct{ count, hash uint64 }

// Tree is a revision tree's leaves with their range.
type Tree struct {
	rangeMin, rangeMax, initialRangeMin uint64
	depth                               uint64
	count, hash                         uint64
	leaves                              map[uint64]node // populated leaves by index
}

// New spans revs (sorted): rangeMin is the smallest revision rounded down
// to the default span, the span doubles until it covers the largest one
// (the emulator's choice; arangod grows a tree as revisions come).
func New(revs []uint64) *Tree {
	t := &Tree{depth: depth, leaves: map[uint64]node{}}
	lo, hi := uint64(0), uint64(0)
	if len(revs) > 0 {
		lo, hi = revs[0], revs[len(revs)-1]
	}
	t.rangeMin = lo - lo%defaultSpan
	span := uint64(defaultSpan)
	for t.rangeMin+span <= hi && span < 1<<62 {
		span <<= 1
	}
	t.rangeMax = t.rangeMin + span
	t.initialRangeMin = t.rangeMin
	for _, r := range revs {
		t.Insert(r)
	}
	return t
}

// ShapedAs is an empty tree with o's range and depth, to fill and compare
// with o.
func ShapedAs(o *Tree) *Tree {
	return &Tree{rangeMin: o.rangeMin, rangeMax: o.rangeMax, initialRangeMin: o.initialRangeMin,
		depth: o.depth, leaves: map[uint64]node{}}
}

// Count is the number of revisions in the tree.
func (t *Tree) Count() uint64 { return t.count }

func (t *Tree) chunk() uint64 { return (t.rangeMax - t.rangeMin) / leaves }

// Covers tells whether rev falls into the tree's range.
func (t *Tree) Covers(rev uint64) bool { return rev >= t.rangeMin && rev < t.rangeMax }

// Insert adds rev, which the tree covers.
func (t *Tree) Insert(rev uint64) {
	i := (rev - t.rangeMin) / t.chunk()
	n := t.leaves[i]
	h := Hash(rev)
	n.count++
	n.hash ^= h
	t.leaves[i] = n
	t.count++
	t.hash ^= h
}

// Diff lists the revision ranges [lo, hi] of the leaves in which t and o
// differ, adjacent leaves merged (MerkleTree::diff); both must have the
// same range and depth.
func (t *Tree) Diff(o *Tree) [][2]uint64 {
	var out [][2]uint64
	c := t.chunk()
	for i := uint64(0); i < leaves; i++ {
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

// Render writes the tree as MerkleTree::serialize does: version, maxDepth,
// rangeMax, rangeMin, initialRangeMin, count, hash, then every leaf as
// {"count","hash"} — or {} for an empty one with onlyPopulated.
func (t *Tree) Render(onlyPopulated bool) []byte {
	var b bytes.Buffer
	b.Grow(leaves*3 + 256)
	b.WriteString(`{"version":` + strconv.Itoa(version) + `,"maxDepth":` + strconv.FormatUint(t.depth, 10) +
		`,"rangeMax":"` + EncodeHLC(t.rangeMax) + `","rangeMin":"` + EncodeHLC(t.rangeMin) +
		`","initialRangeMin":"` + EncodeHLC(t.initialRangeMin) + `","count":` + strconv.FormatUint(t.count, 10) +
		`,"hash":` + strconv.FormatUint(t.hash, 10) + `,"nodes":[`)
	for i := uint64(0); i < leaves; i++ {
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

// treeAnswer is what a follower reads of a leader's tree.
type treeAnswer struct {
	Version         int          `json:"version"`
	MaxDepth        uint64       `json:"maxDepth"`
	RangeMin        string       `json:"rangeMin"`
	RangeMax        string       `json:"rangeMax"`
	InitialRangeMin string       `json:"initialRangeMin"`
	Count           json.Number  `json:"count"`
	Hash            json.Number  `json:"hash"`
	Nodes           []nodeAnswer `json:"nodes"`
}

type nodeAnswer struct {
	Count *json.Number `json:"count"`
	Hash  *json.Number `json:"hash"`
}

// Parse reads a leader's tree answer (MerkleTree::deserialize's checks);
// the reason is "" when it is valid.
func Parse(data []byte) (*Tree, string) {
	var a treeAnswer
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	if err := dec.Decode(&a); err != nil {
		return nil, err.Error()
	}
	if a.Version != version {
		return nil, "version " + strconv.Itoa(a.Version)
	}
	if a.MaxDepth != depth {
		return nil, "maxDepth " + strconv.FormatUint(a.MaxDepth, 10) + " (the emulator keeps trees of depth 6)"
	}
	t := &Tree{depth: a.MaxDepth, leaves: map[uint64]node{}}
	var ok1, ok2 bool
	t.rangeMin, ok1 = ParseHLC(a.RangeMin)
	t.rangeMax, ok2 = ParseHLC(a.RangeMax)
	if !ok1 || !ok2 || t.rangeMax <= t.rangeMin || (t.rangeMax-t.rangeMin)%leaves != 0 {
		return nil, "rangeMin/rangeMax"
	}
	t.initialRangeMin, _ = ParseHLC(a.InitialRangeMin)
	if len(a.Nodes) < leaves {
		return nil, "fewer nodes than leaves"
	}
	for i, n := range a.Nodes[:leaves] {
		if n.Count == nil && n.Hash == nil {
			continue
		}
		if n.Count == nil || n.Hash == nil {
			return nil, "a node with only one of count and hash"
		}
		c, err1 := strconv.ParseUint(n.Count.String(), 10, 64)
		h, err2 := strconv.ParseUint(n.Hash.String(), 10, 64)
		if err1 != nil || err2 != nil {
			return nil, "a node's count or hash is no number"
		}
		if c != 0 || h != 0 {
			t.leaves[uint64(i)] = node{count: c, hash: h}
			t.count += c
			t.hash ^= h
		}
	}
	c, err1 := strconv.ParseUint(a.Count.String(), 10, 64)
	h, err2 := strconv.ParseUint(a.Hash.String(), 10, 64)
	if err1 != nil || err2 != nil || c != t.count || h != t.hash {
		return nil, "count and hash do not sum up the nodes"
	}
	return t, ""
}
