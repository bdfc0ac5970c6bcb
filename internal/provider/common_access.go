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
