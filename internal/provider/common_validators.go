package provider

import (
	"context"
	"fmt"
	"regexp"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

func mustRegexp(s string) *regexp.Regexp { return regexp.MustCompile(s) }

// endpointPattern: an endpoint of the provider or a leader, in URL spelling
// (http, https) or arangod's (tcp, ssl, http+tcp, http+ssl), with a host and
// no path. The client sends each as its receiver wants it.
const endpointPattern = `^(?i)(https?|tcp|ssl|http\+tcp|http\+ssl)://[^/\s]+/?$`

const endpointPatternHelp = "must be scheme://host:port with scheme http, https, tcp, ssl, http+tcp or http+ssl, and no path"

// serverIDPattern: cluster server ids such as PRMR-<uuid>; no slashes, as
// the id becomes a path segment.
const serverIDPattern = `^[A-Za-z0-9][A-Za-z0-9_.:-]*$`

// positiveDuration accepts Go durations above zero (ArangoDB ignores zero
// and negative wait times).
func positiveDuration() validator.String { return durationValidator{positive: true} }

// wholeSecondsAtLeast accepts Go durations of whole seconds, at least min
// (ArangoDB takes these in seconds); min 0 takes "0s".
func wholeSecondsAtLeast(min time.Duration) validator.String {
	return durationValidator{min: min, wholeSeconds: true}
}

// durationValidator checks a Go duration: above zero if positive, else at
// least min; whole seconds if asked. Unparsable text is the type's to
// report.
type durationValidator struct {
	positive     bool
	min          time.Duration
	wholeSeconds bool
}

func (v durationValidator) Description(context.Context) string {
	if v.positive {
		return "a Go duration greater than zero"
	}
	return fmt.Sprintf("a Go duration of whole seconds, at least %s", v.min)
}

func (v durationValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (v durationValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	s := req.ConfigValue.ValueString()
	d, err := time.ParseDuration(s)
	switch {
	case err != nil:
	case v.positive && d <= 0:
		resp.Diagnostics.AddAttributeError(req.Path, "Duration must be positive",
			fmt.Sprintf("%s must be greater than zero; got %q.", req.Path, s))
	case d < v.min:
		resp.Diagnostics.AddAttributeError(req.Path, "Duration too short",
			fmt.Sprintf("%s must be at least %s; got %q.", req.Path, v.min, s))
	case v.wholeSeconds && d%time.Second != 0:
		resp.Diagnostics.AddAttributeError(req.Path, "Duration not in whole seconds",
			fmt.Sprintf("ArangoDB takes %s in whole seconds; got %q.", req.Path, s))
	}
}

// notWithTrue refuses a value when the bool attribute other is true in the
// configuration: replication_factor with satellite = true. satellite =
// false beside a number says the same thing twice, as configuration
// generated from an import does, and passes.
func notWithTrue(other string) validator.Int64 { return notWithTrueValidator{other: other} }

type notWithTrueValidator struct{ other string }

func (v notWithTrueValidator) Description(context.Context) string {
	return fmt.Sprintf("must not be set when %s is true", v.other)
}

func (v notWithTrueValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (v notWithTrueValidator) ValidateInt64(ctx context.Context, req validator.Int64Request, resp *validator.Int64Response) {
	if req.ConfigValue.IsNull() {
		return
	}
	var other types.Bool
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root(v.other), &other)...)
	if other.ValueBool() {
		resp.Diagnostics.AddAttributeError(req.Path, "Conflicting attributes",
			fmt.Sprintf("%s cannot be given when %s = true: a SatelliteCollection is copied to every DB server. "+
				"Remove one of them.", req.Path, v.other))
	}
}
