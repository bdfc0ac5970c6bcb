package arangotest

import (
	"errors"
	"net/http"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/apierr"
	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/userstore"
)

// handleServerMode serves GET and PUT /_admin/server/mode
// (RestAdminServerHandler::handleMode, CONTRACT.md §11.5). In a cluster the
// mode is the Agency's Readonly key, which every server follows: the
// emulator keeps one flag for the deployment.
func (api serverAPI) handleServerMode(c *call) {
	if len(c.suffix) != 0 {
		c.handlerError(404, apierr.HTTPNotFound, "")
		return
	}
	switch c.method() {
	case http.MethodGet:
		api.writeMode(c)
	case http.MethodPut:
		// A configured rw on _system is needed, even while read-only.
		if api.s.auth.active() && c.user != "" && api.s.state.Users.DBLevel(c.user, "_system", true) < userstore.LevelRW {
			c.handlerError(403, apierr.Forbidden, "")
			return
		}
		body, err := c.jsonBody()
		if err != nil {
			c.handlerError(400, apierr.HTTPBadParameter, "invalid JSON")
			return
		}
		o, ok := body.(obj)
		if !ok {
			c.handlerError(400, apierr.HTTPBadParameter, "body must be an object")
			return
		}
		v, _ := o.Get("mode")
		mode, ok := v.(string)
		if !ok {
			c.handlerError(400, apierr.HTTPBadParameter, "mode must be a string")
			return
		}
		var ro bool
		switch mode {
		case "readonly":
			ro = true
		case "default":
		default:
			c.handlerError(400, apierr.HTTPBadParameter, "mode invalid")
			return
		}
		api.s.state.SetReadOnly(ro)
		api.writeMode(c)
	default:
		c.methodNotAllowed()
	}
}

// writeMode is writeModeResult: merged {"error":false,"code":200,"mode":...}.
func (api serverAPI) writeMode(c *call) {
	c.ok(200, obj{{"mode", api.s.state.ModeString()}})
}

// ServerMode is "default" or "readonly", as GET /_admin/server/mode says.
func (s *Server) ServerMode() string { return s.state.ModeString() }

// SetServerMode changes the mode as PUT /_admin/server/mode does.
func (s *Server) SetServerMode(mode string) error {
	switch mode {
	case "readonly", "default":
	default:
		return errors.New("arangotest: mode must be readonly or default")
	}
	s.state.SetReadOnly(mode == "readonly")
	return nil
}
