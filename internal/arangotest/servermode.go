package arangotest

import (
	"errors"
	"net/http"
)

// handleServerMode serves GET and PUT /_admin/server/mode
// (RestAdminServerHandler::handleMode, CONTRACT.md §11.5). In a cluster the
// mode is the Agency's Readonly key, which every server follows: the
// emulator keeps one flag for the deployment.
func (s *Server) handleServerMode(c *call) {
	if len(c.suffix) != 0 {
		c.handlerError(404, errHTTPNotFound, "")
		return
	}
	switch c.method() {
	case http.MethodGet:
		s.writeMode(c)
	case http.MethodPut:
		// A configured rw on _system is needed, even while read-only.
		if s.auth.active() && c.user != "" && s.state.dbLevel(c.user, "_system", true) < levelRW {
			c.handlerError(403, errForbidden, "")
			return
		}
		body, err := c.jsonBody()
		if err != nil {
			c.handlerError(400, errHTTPBadParameter, "invalid JSON")
			return
		}
		o, ok := body.(obj)
		if !ok {
			c.handlerError(400, errHTTPBadParameter, "body must be an object")
			return
		}
		v, _ := o.get("mode")
		mode, ok := v.(string)
		if !ok {
			c.handlerError(400, errHTTPBadParameter, "mode must be a string")
			return
		}
		var ro bool
		switch mode {
		case "readonly":
			ro = true
		case "default":
		default:
			c.handlerError(400, errHTTPBadParameter, "mode invalid")
			return
		}
		s.state.mu.Lock()
		s.state.readOnly = ro
		s.state.mu.Unlock()
		s.writeMode(c)
	default:
		c.methodNotAllowed()
	}
}

// writeMode is writeModeResult: merged {"error":false,"code":200,"mode":...}.
func (s *Server) writeMode(c *call) {
	c.ok(200, obj{{"mode", s.modeString()}})
}

func (s *Server) modeString() string {
	if s.state.readOnlyNow() {
		return "readonly"
	}
	return "default"
}

// ServerMode is "default" or "readonly", as GET /_admin/server/mode says.
func (s *Server) ServerMode() string { return s.modeString() }

// SetServerMode changes the mode as PUT /_admin/server/mode does.
func (s *Server) SetServerMode(mode string) error {
	switch mode {
	case "readonly", "default":
	default:
		return errors.New("arangotest: mode must be readonly or default")
	}
	s.state.mu.Lock()
	s.state.readOnly = mode == "readonly"
	s.state.mu.Unlock()
	return nil
}
