package arangodb

import (
	"errors"
	"fmt"
	"strings"
)

// Error numbers the provider reacts to (ArangoDB's errors.yaml).
const (
	ErrNumForbidden              = 11
	ErrNumHTTPNotFound           = 404
	ErrNumDatabaseNotFound       = 1228
	ErrNumCursorNotFound         = 1600
	ErrNumReplicationNoResponse  = 1400
	ErrNumReplicationLoop        = 1405
	ErrNumApplierInvalidConfig   = 1410
	ErrNumReplicationRunning     = 1411
	ErrNumClusterUnsupported     = 1470
	ErrNumClusterOnlyCoordinator = 1471
	ErrNumBackendUnavailable     = 1478
)

// Error is an error answer of ArangoDB: HTTP status, errorNum and message.
type Error struct {
	Status   int
	ErrorNum int
	Message  string
	Method   string
	Path     string
	Endpoint string
}

func (e *Error) Error() string {
	msg := e.Message
	if msg == "" {
		msg = "no error message"
	}
	s := fmt.Sprintf("HTTP %d, errorNum %d: %s", e.Status, e.ErrorNum, msg)
	if e.Method != "" {
		s += fmt.Sprintf(" (%s %s at %s)", e.Method, e.Path, e.Endpoint)
	}
	if h := e.Hint(); h != "" {
		s += ". " + h
	}
	return s
}

// Hint is one line that says what to check for the common errors.
func (e *Error) Hint() string {
	switch {
	case e.Status == 401:
		return "Check the provider's username and password (ARANGO_USERNAME, ARANGO_PASSWORD) or jwt (ARANGO_JWT)."
	case e.Status == 403 && e.ErrorNum == ErrNumClusterOnlyCoordinator:
		return "This endpoint answers only on a coordinator; point the provider at the cluster's coordinators."
	case e.Status == 403:
		return "The user lacks the rights for this operation, or the server's role does not allow it."
	case e.Status == 404 && e.ErrorNum == ErrNumDatabaseNotFound:
		return "The database does not exist on this server; create it first or check its name."
	case e.Status == 501 || e.ErrorNum == ErrNumClusterUnsupported:
		return "This operation is not available on a coordinator; point the provider at a single server or DB server."
	case e.ErrorNum == ErrNumBackendUnavailable:
		return "The coordinator cannot reach the DB server the request is for: check the DB server's id " +
			"(data source arangodb_cluster_health lists them) and that it runs."
	case e.Status == 503:
		return "The server is starting, shutting down or overloaded; retry later."
	}
	return ""
}

// IsErrorNum reports whether err is an ArangoDB error with that errorNum.
func IsErrorNum(err error, num int) bool {
	var ae *Error
	return errors.As(err, &ae) && ae.ErrorNum == num
}

// IsStatus reports whether err is an ArangoDB error with that HTTP status.
func IsStatus(err error, status int) bool {
	var ae *Error
	return errors.As(err, &ae) && ae.Status == status
}

// Attempt is one try of a request at one endpoint.
type Attempt struct {
	Endpoint string
	Err      error
}

// EndpointsError says that a request failed at every endpoint, and why at each.
type EndpointsError struct {
	Method   string
	Path     string
	Attempts []Attempt
}

func (e *EndpointsError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s failed at every endpoint (%d attempts):", e.Method, e.Path, len(e.Attempts))
	seen := map[string]bool{}
	for i := len(e.Attempts) - 1; i >= 0; i-- { // newest reason per endpoint
		a := e.Attempts[i]
		if seen[a.Endpoint] {
			continue
		}
		seen[a.Endpoint] = true
		fmt.Fprintf(&b, "\n  - %s: %v", a.Endpoint, a.Err)
	}
	return b.String()
}

// Unwrap gives the last attempt's error, so errors.As finds an *Error.
func (e *EndpointsError) Unwrap() error {
	if len(e.Attempts) == 0 {
		return nil
	}
	return e.Attempts[len(e.Attempts)-1].Err
}

// UnsupportedError says that the server's version or role lacks a feature.
type UnsupportedError struct {
	Feature string
	Reason  string
}

func (e *UnsupportedError) Error() string { return e.Feature + ": " + e.Reason }
