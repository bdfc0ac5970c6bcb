package main

import (
	"os"
	"runtime/debug"
	"strings"
)

// Settings of the provider process that Terraform starts: main applies them
// before serving; tests and the in-process benchmarks run without them.

// sdkLogLevels are the levels of the SDKs' and the provider's loggers.
var sdkLogLevels = []string{"TF_LOG_SDK", "TF_LOG_SDK_PROTO", "TF_LOG_SDK_FRAMEWORK", "TF_LOG_PROVIDER_ARANGODB"}

// logsDropped: Terraform and OpenTofu pass a provider's log lines on at
// TF_LOG_PROVIDER's level, else TF_LOG's; unset or OFF drops them all
// (providerLogLevel in terraform's internal/logging/logging.go).
func logsDropped() bool {
	level := os.Getenv("TF_LOG_PROVIDER")
	if level == "" {
		level = os.Getenv("TF_LOG")
	}
	return level == "" || strings.EqualFold(level, "off")
}

// silenceDroppedLogs turns the SDKs' and the provider's loggers off when
// Terraform would drop their lines anyway. The SDKs otherwise format a
// JSON line at TRACE for each step of every protocol call, which Terraform
// reads and discards; on a plan of hundreds of objects that cost more CPU
// than the provider's own work. Upstream:
// https://github.com/hashicorp/terraform-plugin-framework/issues/1269 and
// https://github.com/opentofu/opentofu/issues/2969. Not for debug mode,
// where the provider's own stderr shows the logs.
func silenceDroppedLogs() {
	if !logsDropped() {
		return
	}
	for _, v := range sdkLogLevels {
		os.Setenv(v, "OFF")
	}
}

// GC settings for a process that lives for one Terraform command and keeps
// little: every protocol call allocates much that dies at once (the
// framework converts each value several times; see
// https://github.com/hashicorp/terraform-plugin-framework/issues/775), and
// with Go's default GOGC=100 the collector took a fifth of the provider's
// CPU on a plan of 500 data sources; at 400 it takes a few percent, for
// about 50 MB more peak RSS there. The memory limit keeps a large live heap
// (a big dump) from growing five-fold: near it the collector runs as often
// as it must (https://go.dev/doc/gc-guide#Memory_limit).
const (
	gcPercent   = 400
	memoryLimit = 1 << 30
)

// tuneGC applies those settings unless GOGC or GOMEMLIMIT says otherwise.
func tuneGC() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(gcPercent)
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(memoryLimit)
	}
}
