package arangotest

import (
	"net/http"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/apierr"
)

// handleLicense serves GET|PUT /_admin/license on every role (CONTRACT.md
// §17): a Community build before 3.12.5 has no licence ({"license":"none"},
// PUT 501/31); otherwise GET reports the licence in effect or the disk
// usage, and PUT applies a key (admins only).
func (api adminAPI) handleLicense(c *call) {
	switch c.method() {
	case http.MethodGet:
		c.send(http.StatusOK, api.s.lic.Info())
	case http.MethodPut:
		if !api.s.edition.Enterprise() {
			c.handlerError(http.StatusNotImplemented, apierr.OnlyEnterprise, "The community edition cannot be licensed.")
			return
		}
		if !c.isAdmin() {
			c.handlerError(http.StatusForbidden, apierr.HTTPForbidden, "you need admin rights for license operations")
			return
		}
		body, err := c.jsonBody()
		if err != nil {
			c.badJSON(err)
			return
		}
		key, _ := body.(string)
		if apiErr := api.s.lic.Apply(key, boolParam(c.query(), "force", false)); apiErr != nil {
			c.fail(apiErr)
			return
		}
		c.send(http.StatusCreated, obj{{"result", obj{{"error", false}, {"code", http.StatusCreated}}}})
	default:
		c.handlerError(http.StatusMethodNotAllowed, apierr.HTTPMethodNotAllowed,
			"Method not allowed. Only GET and PUT requests are handled.")
	}
}
