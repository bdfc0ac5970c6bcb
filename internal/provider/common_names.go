package provider

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"golang.org/x/text/unicode/norm"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangodb"
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
			fmt.Sprintf("%s %q %s; ArangoDB refuses such names (errorNum 1229, or 1208 from 3.11)%s.", req.Path, s, why, extra))
	}
}

func databaseNameProblem(s string) string { return nameProblem(s, 128, "_. ", "/:") }

// nameProblem says what arangod refuses in a database's or collection's
// name whatever its settings: empty, over max bytes, a digit or one of
// badFirst first, a space last, one of forbidden, a control character, or
// not NFC-normalized UTF-8.
func nameProblem(s string, max int, badFirst, forbidden string) string {
	first := "a digit"
	for _, c := range badFirst {
		first += ", " + map[rune]string{'_': "_", '.': ".", ' ': "a space"}[c]
	}
	if i := strings.LastIndex(first, ", "); i >= 0 {
		first = first[:i] + " or" + first[i+1:]
	}
	switch {
	case s == "":
		return "is empty"
	case len(s) > max:
		return fmt.Sprintf("is longer than %d bytes", max)
	case s[0] >= '0' && s[0] <= '9', strings.ContainsRune(badFirst, rune(s[0])):
		return "starts with " + first
	case strings.HasSuffix(s, " "):
		return "ends with a space"
	case strings.ContainsAny(s, forbidden):
		return "contains " + strings.Join(strings.Split(forbidden, ""), " or ")
	case strings.IndexFunc(s, unicode.IsControl) >= 0:
		return "contains a control character"
	case !utf8.ValidString(s):
		return "is not valid UTF-8"
	case !norm.NFC.IsNormalString(s):
		return fmt.Sprintf("is not in Unicode NFC form (its NFC form is %q)", norm.NFC.String(s))
	}
	return ""
}

// traditionalDatabaseName: the names every version takes (a letter, then
// letters, digits, _ and -, up to 64 bytes). Before 3.12, servers take no
// others unless started with --database.extended-names (CONTRACT.md §11.4).
func traditionalDatabaseName(s string) bool { return traditionalNameRE.MatchString(s) }

var traditionalNameRE = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_-]{0,63}$`)

// refuseExtendedName refuses at plan, on a server before 3.12, a database
// name only extended naming takes: off by default there, so ArangoDB would
// refuse it at apply.
func refuseExtendedName(info arangodb.ServerInfo, p path.Path, name types.String, diags *diag.Diagnostics) {
	if name.IsNull() || name.IsUnknown() || info.Version.AtLeast(3, 12, 0) || traditionalDatabaseName(name.ValueString()) {
		return
	}
	diags.AddAttributeError(p, "Database name not taken by this ArangoDB version",
		fmt.Sprintf("%s %q is an extended name (Unicode, spaces, punctuation, or over 64 bytes). ArangoDB %s takes "+
			"those only when started with --database.extended-names=true (--database.extended-names-databases on 3.9 "+
			"and 3.10), which is off by default before 3.12; it would refuse this one (errorNum 1229, or 1208 from "+
			"3.11). Use letters, digits, _ and -, a letter first, up to 64 bytes.", p, name.ValueString(), info.Version.Raw))
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

// collectionNameValidator refuses collection names arangod refuses
// whatever its settings, and system names (a leading "_"), which this
// provider does not manage.
type collectionNameValidator struct{}

func (collectionNameValidator) Description(context.Context) string {
	return "a collection name: 1 to 256 bytes, not starting with a digit, _ or a space, without / or control characters"
}

func (v collectionNameValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (collectionNameValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if why := collectionNameProblem(req.ConfigValue.ValueString()); why != "" {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid collection name",
			fmt.Sprintf("%s %q %s; ArangoDB refuses such names (errorNum 1208), and system collections (a leading _) are not "+
				"managed by this provider.", req.Path, req.ConfigValue.ValueString(), why))
	}
}

func collectionNameProblem(s string) string { return nameProblem(s, 256, "_ ", "/") }

var traditionalCollectionNameRE = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_-]{0,255}$`)

// refuseExtendedCollectionName is refuseExtendedName for a collection.
func refuseExtendedCollectionName(info arangodb.ServerInfo, p path.Path, name types.String, diags *diag.Diagnostics) {
	if name.IsNull() || name.IsUnknown() || info.Version.AtLeast(3, 12, 0) || traditionalCollectionNameRE.MatchString(name.ValueString()) {
		return
	}
	diags.AddAttributeError(p, "Collection name not taken by this ArangoDB version",
		fmt.Sprintf("%s %q is an extended name (Unicode, spaces or punctuation). ArangoDB %s takes those only when started "+
			"with --database.extended-names=true, which is off by default before 3.12; it would refuse this one "+
			"(errorNum 1208). Use letters, digits, _ and -, a letter first.", p, name.ValueString(), info.Version.Raw))
}
