package arangodb

import (
	"encoding/json"
	"fmt"
	"math"
	"strconv"
)

// Count is a counter of the statistics: a whole number, which arangod
// writes as an integer or, for some sums, as a double (1.5e+06). Anything
// else, a fraction or a value beyond int64, is an error, never a wrapped or
// truncated value.
type Count int64

// UnmarshalJSON reads an integer, or a double that holds a whole number.
func (c *Count) UnmarshalJSON(b []byte) error {
	var n json.Number
	if err := json.Unmarshal(b, &n); err != nil {
		return err
	}
	v, err := countOf(n)
	if err != nil {
		return err
	}
	*c = Count(v)
	return nil
}

func countOf(n json.Number) (int64, error) {
	if v, err := n.Int64(); err == nil {
		return v, nil
	}
	f, err := n.Float64()
	// float64(math.MaxInt64) is 2^63, one more than int64 holds.
	if err != nil || f < math.MinInt64 || f >= math.MaxInt64 || f != math.Trunc(f) {
		return 0, fmt.Errorf("%q is not a whole number", n)
	}
	return int64(f), nil
}

// String is the counter in decimal, "" for nil (not reported).
func (c *Count) String() string {
	if c == nil {
		return ""
	}
	return strconv.FormatInt(int64(*c), 10)
}
