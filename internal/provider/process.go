package provider

import (
	"os"
	"runtime/debug"
)

// Settings of the provider process that Terraform starts (main calls them
// before serving; tests and the in-process benchmarks do not).

// Terraform and OpenTofu show or file a provider's log lines only when TF_LOG
// or TF_LOG_PROVIDER is set; otherwise they read every line the provider
// writes and drop it. The plugin SDK still formats a JSON line at TRACE for
// each step of every protocol call unless told otherwise, which on a plan of
// hundreds of objects cost more CPU, in the provider and in Terraform, than
// the provider's own work.
var sdkLogLevels = []string{"TF_LOG_SDK", "TF_LOG_SDK_PROTO", "TF_LOG_SDK_FRAMEWORK", "TF_LOG_PROVIDER_ARANGODB"}

// SilenceDroppedLogs turns the SDK's and the provider's loggers off when
// Terraform would drop their lines. Not for debug mode, where the
// provider's own stderr shows the logs.
func SilenceDroppedLogs() {
	if os.Getenv("TF_LOG") != "" || os.Getenv("TF_LOG_PROVIDER") != "" {
		return
	}
	for _, v := range sdkLogLevels {
		os.Setenv(v, "OFF")
	}
}

// GC settings for a process that lives for one Terraform command and keeps
// little: every protocol call allocates a lot that dies at once (the
// framework converts each value several times), and with Go's default
// GOGC=100 the collector took a fifth of the provider's CPU time on a plan of
// 500 data sources; at 400 it takes a few percent, for about 50 MB more peak
// RSS there. The memory limit keeps a large live heap (a big dump) from
// growing five-fold: near it the collector runs as often as it must.
const (
	gcPercent   = 400
	memoryLimit = 1 << 30
)

// TuneGC applies those settings unless GOGC or GOMEMLIMIT says otherwise.
func TuneGC() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(gcPercent)
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(memoryLimit)
	}
}
