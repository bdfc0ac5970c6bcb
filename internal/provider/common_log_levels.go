package provider

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangodb"
)

// logLevelValidator takes arangod's level names in any case, and its
// aliases err and warn (CONTRACT.md §16).
type logLevelValidator struct{}

func (logLevelValidator) Description(context.Context) string {
	return "a log level: fatal, error, warning, info, debug, trace or default (any case; err and warn too)"
}

func (v logLevelValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (logLevelValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if arangodb.NormalizeLogLevel(req.ConfigValue.ValueString()) == "" {
		resp.Diagnostics.AddAttributeError(req.Path, "Unknown log level",
			fmt.Sprintf("%s is %q; arangod knows fatal, error, warning, info, debug, trace and default (a topic's own "+
				"default), in any case. Before 3.12.2 it ignores other names silently; from 3.12.2 it refuses them.",
				req.Path, req.ConfigValue.ValueString()))
	}
}

// refuseUnknownTopics refuses at plan the topics the server does not have
// (arangod ignores them before 3.12.2 and refuses them from 3.12.2).
func refuseUnknownTopics(p path.Path, want map[string]string, have map[string]string, diags *diag.Diagnostics) {
	var unknown []string
	for t := range want {
		if _, ok := have[t]; !ok {
			unknown = append(unknown, t)
		}
	}
	if len(unknown) == 0 {
		return
	}
	sort.Strings(unknown)
	topics := make([]string, 0, len(have))
	for t := range have {
		topics = append(topics, t)
	}
	sort.Strings(topics)
	diags.AddAttributeError(p, "Unknown log topic",
		fmt.Sprintf("%s names %s, which the server does not have (topics differ by version and edition). Its topics: %s.",
			p, strings.Join(unknown, ", "), strings.Join(topics, ", ")))
}

// levelsAsConfigured is the server's levels of the topics of config, each
// written as config writes it when it means the same level.
func levelsAsConfigured(config map[string]string, server map[string]string) map[string]string {
	out := make(map[string]string, len(config))
	for t, want := range config {
		got, ok := server[t]
		switch {
		case !ok:
			// A topic the server dropped (an upgrade): not set, drift.
			out[t] = ""
		case arangodb.NormalizeLogLevel(want) == arangodb.NormalizeLogLevel(got):
			out[t] = want
		default:
			out[t] = got
		}
	}
	return out
}
