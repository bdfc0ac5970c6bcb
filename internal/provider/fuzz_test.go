package provider

import (
	"encoding/json"
	"math/big"
	"strconv"
	"testing"
)

// FuzzNumberToInt64: a statistics counter is the whole number the server
// sent (as an integer, or as the double it wrote), or an error; never a
// wrapped-around or truncated value.
func FuzzNumberToInt64(f *testing.F) {
	for _, s := range []string{"0", "-7", "1.5e+06", "9223372036854775807", "9223372036854775808", "-9223372036854775808",
		"9.223372036854775807e18", "-9.3e18", "1e400", "2.5", "abc", "", "1e-400", "00012"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, err := numberToInt64(json.Number(s))
		if err != nil {
			return
		}
		if i, err := strconv.ParseInt(s, 10, 64); err == nil {
			if v != i {
				t.Fatalf("%q gave %d", s, v)
			}
			return
		}
		d, err := strconv.ParseFloat(s, 64)
		if err != nil || new(big.Float).SetFloat64(d).Cmp(new(big.Float).SetInt64(v)) != 0 {
			t.Fatalf("%q (the double %v) gave %d", s, d, v)
		}
	})
}
