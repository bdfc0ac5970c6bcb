package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangodb"
)

// grantAttribute is the level a grant sets (CONTRACT.md §11.3).
func grantAttribute(doc string) schema.StringAttribute {
	return schema.StringAttribute{
		Required:            true,
		MarkdownDescription: doc,
		Validators:          []validator.String{stringvalidator.OneOf(arangodb.LevelRW, arangodb.LevelRO, arangodb.LevelNone)},
	}
}

// grantUserAttribute is the user a grant is for; a new one replaces the grant.
func grantUserAttribute() schema.StringAttribute {
	return schema.StringAttribute{
		Required:            true,
		MarkdownDescription: "The user's name (`arangodb_user.<name>.name`).",
		Validators:          []validator.String{pathSegmentValidator{what: "user"}},
		PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()},
	}
}

// grantIDAttribute is the id: the parts joined by "/".
func grantIDAttribute(form string) schema.StringAttribute {
	return schema.StringAttribute{
		Computed:            true,
		MarkdownDescription: "`" + form + "`, which is also the import id.",
		PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
	}
}

// readGrants reads a user's configured grants; false with nothing in diags
// when the user is gone.
func readGrants(ctx context.Context, c *arangodb.Client, user string, diags *diag.Diagnostics) (*arangodb.Grants, bool) {
	g, err := c.Grants(ctx, user)
	if arangodb.IsErrorNum(err, arangodb.ErrNumUserNotFound) {
		return nil, false
	}
	if err != nil {
		addClientError(diags, fmt.Sprintf("Cannot read the grants of user %s", user), err)
		return nil, false
	}
	return g, true
}

// grantTarget is what an access resource grants on: a database (coll "";
// db "*" for the default of databases) or a collection (coll "*" for the
// default of the database's collections).
type grantTarget struct{ user, db, coll string }

func (t grantTarget) id() string {
	if t.coll == "" {
		return t.user + "/" + t.db
	}
	return t.user + "/" + t.db + "/" + t.coll
}

// what names the target in messages.
func (t grantTarget) what() string {
	if t.coll == "" {
		return "database " + t.db
	}
	return "collection " + t.db + "/" + t.coll
}

// levelIn is the configured level on the target, or "" when there is none,
// or the database or collection is gone.
func (t grantTarget) levelIn(g *arangodb.Grants) string {
	if t.coll == "" && t.db == "*" {
		return g.Default
	}
	d, ok := g.Databases[t.db]
	if !ok {
		return ""
	}
	l := d.Level
	if t.coll != "" {
		l = d.Collections[t.coll]
	}
	if l == arangodb.LevelUndefined {
		return ""
	}
	return l
}

// applyGrant sets level on t, then reads the user's grants back: the level
// the server now reports, or false with the error in diags.
func applyGrant(ctx context.Context, c *arangodb.Client, t grantTarget, level string, diags *diag.Diagnostics) (string, bool) {
	if err := c.Grant(ctx, t.user, t.db, t.coll, level); err != nil {
		addClientError(diags, fmt.Sprintf("Cannot grant %s on %s to user %s", level, t.what(), t.user), err)
		return "", false
	}
	g, ok := readGrants(ctx, c, t.user, diags)
	if !ok {
		if !diags.HasError() {
			diags.AddError("User "+t.user+" is gone", "ArangoDB accepted the grant, but no longer knows user "+t.user+".")
		}
		return "", false
	}
	got := t.levelIn(g)
	switch {
	case got != "":
		return got, true
	case t.coll == "":
		// arangod stores a grant on any database name and applies it once a
		// database of that name exists (CONTRACT.md §11.2), but lists grants
		// of existing databases only: take it back, so that none waits.
		undo := "The provider revoked it again, so nothing is left behind."
		if err := c.Revoke(ctx, t.user, t.db, ""); err != nil {
			undo = fmt.Sprintf("Revoking it again failed (%v): it is still stored, and would take effect once a database "+
				"of that name exists; remove it with DELETE /_api/user/%s/database/%s.", err, t.user, t.db)
		}
		diags.AddError("Database "+t.db+" does not exist",
			fmt.Sprintf("ArangoDB accepted the grant of %s on %s, as it does for any database name, but lists grants only of "+
				"databases that exist: the grant would wait, unseen, for a database of that name. %s Create the database "+
				"first (an arangodb_database referenced by its name, so that Terraform creates it before the grant), or "+
				"correct database.", level, t.db, undo))
	default:
		diags.AddError("Grant not found", fmt.Sprintf("ArangoDB accepted the grant of %s on %s/%s, but does not list it: "+
			"the collection or the database was dropped meanwhile.", level, t.db, t.coll))
	}
	return "", false
}

// readGrant is the level on t now; false with nothing in diags when the
// user or the grant is gone (revoked elsewhere, or its database or
// collection dropped).
func readGrant(ctx context.Context, c *arangodb.Client, t grantTarget, diags *diag.Diagnostics) (string, bool) {
	g, ok := readGrants(ctx, c, t.user, diags)
	if !ok {
		return "", false
	}
	level := t.levelIn(g)
	return level, level != ""
}

// revokeGrant removes the grant on t.
func revokeGrant(ctx context.Context, c *arangodb.Client, t grantTarget, diags *diag.Diagnostics) {
	if err := c.Revoke(ctx, t.user, t.db, t.coll); err != nil {
		addClientError(diags, fmt.Sprintf("Cannot revoke the grant on %s of user %s", t.what(), t.user), err)
	}
}

// configuredGrants are a user's own grants as its listing reports them: by
// database, with "*" where that default is ro or rw (ArangoDB reports an
// unset one as none), and by "<database>/<collection>".
func configuredGrants(g *arangodb.Grants) (dbs, colls map[string]string) {
	dbs, colls = map[string]string{}, map[string]string{}
	for db, d := range g.Databases {
		if d.Level != arangodb.LevelUndefined {
			dbs[db] = d.Level
		}
		for coll, l := range d.Collections {
			if l != arangodb.LevelUndefined {
				colls[db+"/"+coll] = l
			}
		}
	}
	if g.Default == arangodb.LevelRO || g.Default == arangodb.LevelRW {
		dbs["*"] = g.Default
	}
	return dbs, colls
}
