package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangodb"
)

// clientFrom takes the client the provider configured, or says why there is none.
func clientFrom(data any, diags *diag.Diagnostics) *arangodb.Client {
	if data == nil {
		return nil // Configure has not run yet (validation); nothing to do
	}
	c, ok := data.(*arangodb.Client)
	if !ok {
		diags.AddError("Unexpected provider data", fmt.Sprintf("expected *arangodb.Client, got %T; please report this bug", data))
		return nil
	}
	return c
}

// serverInfo is the server's version and role (read once per provider
// instance), or false with the error in diags.
func serverInfo(ctx context.Context, c *arangodb.Client, diags *diag.Diagnostics) (arangodb.ServerInfo, bool) {
	info, err := c.ServerInfo(ctx)
	if err != nil {
		addClientError(diags, "Cannot read the server's version and role", err)
		return info, false
	}
	return info, true
}

// requireClient reports an error when the provider could not be configured
// before this read (its configuration depends on values unknown until apply).
func requireClient(c *arangodb.Client, diags *diag.Diagnostics) bool {
	if c != nil {
		return true
	}
	diags.AddError("The arangodb provider is not configured",
		"Its endpoints or credentials are not known yet (they depend on values known only after apply). "+
			"Apply the resources they depend on first, or set them from known values.")
	return false
}
