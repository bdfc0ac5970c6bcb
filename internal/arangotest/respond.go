package arangotest

import (
	"errors"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/apierr"
	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/jsonx"
)

// call is one request on its way through the emulator.
type call struct {
	s *Server
	l *listener
	w http.ResponseWriter
	r *http.Request

	segs       []string // database-relative path segments, decoded
	rawPath    string   // database-relative path as sent (escaped)
	route      *route   // the matched route (router.go)
	suffix     []string // segments after the matched route
	dbName     string
	user       string // the authenticated user; "" without authentication
	superuser  bool   // a superuser JWT (superuser.go)
	apiVersion string // "v0" unless /_arango/{v} was given
	explicitV  bool

	body     []byte
	bodyErr  error
	bodyRead bool
}

func (c *call) method() string { return c.r.Method }

// command is the last segment of the matched route's prefix: the command
// of /_admin/cluster/<command>, /_api/replication/<command> and the like.
func (c *call) command() string { return c.route.prefix[len(c.route.prefix)-1] }

func (c *call) query() url.Values { return c.r.URL.Query() }

func (c *call) rawBody() ([]byte, error) {
	if !c.bodyRead {
		c.bodyRead = true
		c.body, c.bodyErr = io.ReadAll(io.LimitReader(c.r.Body, 64<<20))
	}
	return c.body, c.bodyErr
}

// jsonBody parses the request body keeping key order.
func (c *call) jsonBody() (any, error) {
	b, err := c.rawBody()
	if err != nil {
		return nil, err
	}
	return jsonx.Parse(b)
}

// setStandardHeaders adds what arangod's CommTask adds to every response of a
// user-facing server (CONTRACT.md §2.2, recorded transcripts).
func setStandardHeaders(h http.Header) {
	h.Set("Server", "ArangoDB")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Security-Policy", "frame-ancestors 'self'; form-action 'self';")
	h.Set("Cache-Control", "no-cache, no-store, must-revalidate, pre-check=0, post-check=0, max-age=0, s-maxage=0")
	h.Set("Pragma", "no-cache")
	h.Set("Expires", "0")
	h.Set("Strict-Transport-Security", "max-age=31536000 ; includeSubDomains")
	h.Set("X-Arango-Queue-Time-Seconds", "0.000000")
	h["Date"] = nil // arangod sends no Date header; nil stops net/http adding one
}

// send writes body as JSON with status.
func (c *call) send(status int, body any) {
	c.sendRaw(status, "application/json; charset=utf-8", jsonx.Marshal(body))
}

func (c *call) sendRaw(status int, contentType string, body []byte) {
	h := c.w.Header()
	setStandardHeaders(h)
	if contentType != "" {
		h.Set("Content-Type", contentType)
	}
	// Every 401 carries both challenges unless the client opted out
	// (HttpCommTask::sendResponse, 3.8+).
	if status == http.StatusUnauthorized && c.r.Header.Get("X-Omit-Www-Authenticate") == "" {
		h.Add("Www-Authenticate", `Basic, realm="ArangoDB"`)
		h.Add("Www-Authenticate", `Bearer, token_type="JWT", realm="ArangoDB"`)
	}
	h.Set("Content-Length", strconv.Itoa(len(body)))
	c.w.WriteHeader(status)
	if c.r.Method != http.MethodHead {
		_, _ = c.w.Write(body)
	}
}

// handlerError is the body RestBaseHandler::generateError writes: code,
// error, errorMessage, errorNum (the order of the recorded errors).
func (c *call) handlerError(status, num int, msg string) {
	if msg == "" {
		msg = apierr.Text(num)
	}
	c.send(status, obj{{"code", status}, {"error", true}, {"errorMessage", msg}, {"errorNum", num}})
}

// fail reports an apierr.Error the way handlers do.
func (c *call) fail(err *apierr.Error) { c.handlerError(err.Status, err.Num, err.Msg) }

// commError is the body CommTask::sendErrorResponse writes before any
// handler runs (401, 503, unknown database): error, errorNum, errorMessage,
// code.
func (c *call) commError(status, num int, msg string) {
	if msg == "" {
		msg = apierr.Text(num)
	}
	c.send(status, obj{{"error", true}, {"errorNum", num}, {"errorMessage", msg}, {"code", status}})
}

// ok is generateOk with an object: its keys merged after error and code.
func (c *call) ok(status int, fields obj) {
	c.send(status, append(obj{{"error", false}, {"code", status}}, fields...))
}

// okResult is generateOk with a value: {"error":false,"code":N,"result":v}.
func (c *call) okResult(status int, result any) {
	c.send(status, obj{{"error", false}, {"code", status}, {"result", result}})
}

func (c *call) methodNotAllowed() { c.handlerError(405, apierr.HTTPMethodNotAllowed, "") }

// unknownPath is arangod's answer for a route no handler serves; the message
// quotes the database-relative URL including the query.
func (c *call) unknownPath() {
	u := c.rawPath
	if c.r.URL.RawQuery != "" {
		u += "?" + c.r.URL.RawQuery
	}
	// Produced by the JavaScript action router (resultNotFound), whose
	// body order is error, code, errorNum, errorMessage.
	c.send(404, obj{{"error", true}, {"code", 404}, {"errorNum", apierr.HTTPNotFound}, {"errorMessage", "unknown path '" + u + "'"}})
}

// objectBody parses a body that must be a JSON object: unparseable is
// 400/600 as arangod's parser says; any other JSON value gets the handler's
// own 400 with errNum and msg.
func (c *call) objectBody(errNum int, msg string) (obj, bool) {
	body, err := c.jsonBody()
	if err != nil {
		c.badJSON(err)
		return nil, false
	}
	o, ok := body.(obj)
	if !ok {
		c.handlerError(400, errNum, msg)
		return nil, false
	}
	return o, true
}

// boolField reads an optional boolean field of a body object (false when
// absent); any other type gets 400 with errorNum 400, as the hot backup
// handlers answer it.
func (c *call) boolField(body obj, key string) (value, ok bool) {
	v, present := body.Get(key)
	if !present {
		return false, true
	}
	if value, ok = v.(bool); !ok {
		c.handlerError(400, apierr.HTTPBadParameter, key+" must be a boolean")
	}
	return value, ok
}

// badJSON reports an unparseable body as 400 errorNum 600 (parseVPackBody).
func (c *call) badJSON(err error) {
	if errors.Is(err, jsonx.ErrEmptyBody) {
		c.handlerError(400, apierr.CorruptedJSON, "VPackError error: Expecting digit")
		return
	}
	c.handlerError(400, apierr.CorruptedJSON, vpackErrorMessage(err))
}

// allow answers 405 unless the method is one of ms.
func (c *call) allow(ms ...string) bool {
	for _, m := range ms {
		if c.r.Method == m {
			return true
		}
	}
	c.methodNotAllowed()
	return false
}

// splitPath splits an escaped URL path into decoded segments, dropping empty
// ones (arangod ignores duplicate slashes).
func splitPath(escaped string) ([]string, []string) {
	var dec, raw []string
	for _, p := range strings.Split(escaped, "/") {
		if p == "" {
			continue
		}
		d, err := url.PathUnescape(p)
		if err != nil {
			d = p
		}
		dec = append(dec, d)
		raw = append(raw, p)
	}
	return dec, raw
}
