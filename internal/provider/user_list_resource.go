package provider

import (
	"context"
	"slices"
	"strings"

	listschema "github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangodb"
)

type userListFilters struct {
	NamePrefix types.String `tfsdk:"name_prefix"`
}

// NewUserListResource is list "arangodb_user": the deployment's users (one
// GET /_api/user).
var NewUserListResource = newListResource(listKind[userListFilters]{
	typ: "_user",
	desc: "The users of the deployment (`GET /_api/user`, one request), in name order, `root` among them: for " +
		"`terraform query`, to adopt them. ArangoDB never returns a password: the configuration generated from " +
		"`include_resource` has none, and applies without changing any (add `password_wo` with `password_wo_version`, " +
		"or `password`, to manage it from then on).",
	resource: withIdentity(NewUserResource, userIdentity),
	filters:  map[string]listschema.Attribute{"name_prefix": namePrefixFilter("users")},
	find: func(ctx context.Context, c *arangodb.Client, f userListFilters) ([]listed, error) {
		users, err := c.Users(ctx)
		if err != nil {
			return nil, err
		}
		var out []listed
		for _, u := range users {
			if hasPrefix(u.Name, f.NamePrefix) {
				out = append(out, listed{id: u.Name, display: u.Name})
			}
		}
		slices.SortFunc(out, func(a, b listed) int { return strings.Compare(a.id, b.id) })
		return out, nil
	},
})
