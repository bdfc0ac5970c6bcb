package provider

import (
	"context"
	"fmt"
	"strings"
	"unicode"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

// databaseNameValidator refuses database names arangod refuses whatever its
// settings (CONTRACT.md §11.4): empty, longer than 128 bytes, starting with
// a digit, "_", "." or a space, ending with a space, or holding "/", ":" or
// a control character. Without --database.extended-names a server also
// wants letters, digits, "_" and "-" only, a letter first, up to 64
// characters: that it says itself.
type databaseNameValidator struct {
	allowWildcard bool // "*": the default of all databases
	allowSystem   bool // "_system", which exists on every server
}

func (v databaseNameValidator) Description(context.Context) string {
	return "a database name: 1 to 128 bytes, not starting with a digit, _, . or a space, without /, : or control characters"
}

func (v databaseNameValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (v databaseNameValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	s := req.ConfigValue.ValueString()
	if s == "*" {
		if !v.allowWildcard {
			resp.Diagnostics.AddAttributeError(req.Path, "Invalid database name",
				fmt.Sprintf("%s is \"*\", which here names no database; give one database's name.", req.Path))
		}
		return
	}
	if v.allowSystem && s == "_system" {
		return
	}
	if why := databaseNameProblem(s); why != "" {
		extra := ""
		if v.allowWildcard {
			extra = ` ("*" stands for every database without a grant of its own)`
		}
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid database name",
			fmt.Sprintf("%s %q %s; ArangoDB refuses such names (errorNum 1229)%s.", req.Path, s, why, extra))
	}
}

func databaseNameProblem(s string) string {
	switch {
	case s == "":
		return "is empty"
	case len(s) > 128:
		return "is longer than 128 bytes"
	case s[0] >= '0' && s[0] <= '9', s[0] == '_', s[0] == '.', s[0] == ' ':
		return "starts with a digit, _, . or a space"
	case strings.HasSuffix(s, " "):
		return "ends with a space"
	case strings.ContainsAny(s, "/:"):
		return "contains / or :"
	case strings.IndexFunc(s, unicode.IsControl) >= 0:
		return "contains a control character"
	}
	return ""
}

// pathSegmentValidator refuses names that cannot be a path segment of the
// API (users, collections): empty, or holding "/".
type pathSegmentValidator struct{ what string }

func (v pathSegmentValidator) Description(context.Context) string {
	return "a non-empty " + v.what + " name without /"
}

func (v pathSegmentValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (v pathSegmentValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	s := req.ConfigValue.ValueString()
	switch {
	case s == "":
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid "+v.what+" name",
			fmt.Sprintf("%s must not be empty; ArangoDB refuses an empty %s name.", req.Path, v.what))
	case strings.Contains(s, "/"):
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid "+v.what+" name",
			fmt.Sprintf("%s %q contains /; the %s is a path segment of ArangoDB's API, which cannot hold it.", req.Path, s, v.what))
	}
}
