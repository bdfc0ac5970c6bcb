package provider

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangodb"
)

// member is a cluster member found in the health by id or short name.
type member struct {
	ID     string
	Health arangodb.ServerHealth
}

// findMember looks a member up by id or by short name (ArangoDB accepts
// both where it resolves names, CONTRACT.md §12.3).
func findMember(h *arangodb.ClusterHealth, idOrName string) (member, bool) {
	if s, ok := h.Health[idOrName]; ok {
		return member{ID: idOrName, Health: s}, true
	}
	for id, s := range h.Health {
		if s.ShortName != "" && s.ShortName == idOrName {
			return member{ID: id, Health: s}, true
		}
	}
	return member{}, false
}

// membersOfRole lists the members of a health role as "ShortName (id)",
// ordered by short name, for messages.
func membersOfRole(h *arangodb.ClusterHealth, role string) string {
	var out []string
	for id, s := range h.Health {
		if s.Role == role {
			out = append(out, s.ShortName+" ("+id+")")
		}
	}
	sort.Strings(out)
	if len(out) == 0 {
		return "none"
	}
	return strings.Join(out, ", ")
}

// lookupMember reads the health and finds the member the attribute at p
// names, with roles it must have; otherwise an error on the attribute that
// lists what would do, and false.
func lookupMember(ctx context.Context, c *arangodb.Client, p path.Path, idOrName string, diags *diag.Diagnostics,
	roles ...string) (member, *arangodb.ClusterHealth, bool) {
	h, err := c.ClusterHealth(ctx)
	if err != nil {
		addClientError(diags, "Cannot read the cluster's health", err)
		return member{}, nil, false
	}
	m, ok := findMember(h, idOrName)
	want := strings.Join(roles, " or ")
	switch {
	case !ok:
		diags.AddAttributeError(p, "No such cluster member",
			fmt.Sprintf("%s is %q, which is neither the id nor the short name of a member of this cluster. Its members of "+
				"role %s are: %s.", p, idOrName, want, membersOfRoles(h, roles)))
		return member{}, h, false
	case !contains(roles, m.Health.Role):
		diags.AddAttributeError(p, "Not a "+want,
			fmt.Sprintf("%s names %s (%s), a %s; it must name a %s, such as: %s.",
				p, m.Health.ShortName, m.ID, m.Health.Role, want, membersOfRoles(h, roles)))
		return m, h, false
	}
	return m, h, true
}

func membersOfRoles(h *arangodb.ClusterHealth, roles []string) string {
	var parts []string
	for _, r := range roles {
		parts = append(parts, membersOfRole(h, r))
	}
	return strings.Join(parts, "; ")
}

func contains(list []string, s string) bool {
	for _, e := range list {
		if e == s {
			return true
		}
	}
	return false
}

// memberTarget resolves, at plan, the server whose log levels or metrics
// (what) an object reads or sets: a coordinator or DB server named by id or
// short name, reached through the coordinators (serverId; for log levels
// from 3.10.2), or "" for the server the provider reaches. It returns the
// member's id and false after an error on attribute p.
func memberTarget(ctx context.Context, c *arangodb.Client, p path.Path, server types.String, what string, diags *diag.Diagnostics) (string, bool) {
	if server.IsNull() {
		return "", true
	}
	info, ok := requireCoordinator(ctx, c, diags, "another server's "+what,
		"Another server's "+what+" are read through a cluster's coordinators, which forward the request.")
	if !ok {
		return "", false
	}
	if what == "log levels" && !info.Version.AtLeast(3, 10, 2) {
		diags.AddAttributeError(p, "Needs ArangoDB 3.10.2",
			fmt.Sprintf("Coordinators forward log levels to another server from 3.10.2; ArangoDB %s ignores serverId and would "+
				"answer its own levels. Remove %s, or point the provider at that server.", info.Version.Raw, p))
		return "", false
	}
	// Agents are not reachable: a coordinator forwards to the servers of
	// the cluster's plan, coordinators and DB servers.
	m, _, ok := lookupMember(ctx, c, p, server.ValueString(), diags, arangodb.HealthRoleCoordinator, arangodb.HealthRoleDBServer)
	return m.ID, ok
}
