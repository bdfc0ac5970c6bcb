package main

import (
	"math"
	"os"
	"runtime/debug"
	"testing"
)

func TestSilenceDroppedLogs(t *testing.T) {
	for _, tc := range []struct {
		tfLog, tfLogProvider string
		silenced             bool
	}{
		{"", "", true},
		{"off", "", true},
		{"OFF", "", true},
		{"DEBUG", "off", true}, // TF_LOG_PROVIDER decides for providers
		{"DEBUG", "", false},
		{"", "trace", false},
		{"off", "trace", false},
		{"json", "", false},
	} {
		t.Setenv("TF_LOG", tc.tfLog)
		t.Setenv("TF_LOG_PROVIDER", tc.tfLogProvider)
		for _, v := range sdkLogLevels {
			t.Setenv(v, "")
		}
		silenceDroppedLogs()
		for _, v := range sdkLogLevels {
			if got := os.Getenv(v) == "OFF"; got != tc.silenced {
				t.Errorf("TF_LOG=%q TF_LOG_PROVIDER=%q: %s=%q", tc.tfLog, tc.tfLogProvider, v, os.Getenv(v))
			}
		}
	}
}

func TestTuneGC(t *testing.T) {
	defer debug.SetGCPercent(debug.SetGCPercent(100))
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(math.MaxInt64))
	t.Setenv("GOGC", "")
	t.Setenv("GOMEMLIMIT", "")
	tuneGC()
	if got := debug.SetGCPercent(100); got != gcPercent {
		t.Errorf("GC percent %d", got)
	}
	if got := debug.SetMemoryLimit(-1); got != memoryLimit {
		t.Errorf("memory limit %d", got)
	}
	// the user's settings win
	t.Setenv("GOGC", "50")
	t.Setenv("GOMEMLIMIT", "100MiB")
	debug.SetMemoryLimit(math.MaxInt64)
	tuneGC()
	if got := debug.SetGCPercent(100); got != 100 {
		t.Errorf("GC percent %d despite GOGC", got)
	}
	if got := debug.SetMemoryLimit(-1); got != math.MaxInt64 {
		t.Errorf("memory limit %d despite GOMEMLIMIT", got)
	}
}
