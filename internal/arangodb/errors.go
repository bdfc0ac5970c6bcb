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
	return s
}

// ErrorKind says what kind of failure an error is, for callers that explain
// or react to it.
type ErrorKind int

// The kinds of KindOf.
const (
	KindOther                ErrorKind = iota
	KindUnauthorized                   // 401: the credentials were rejected
	KindForbidden                      // 403: the user lacks the rights, or the role refuses
	KindCoordinatorOnly                // 403, errorNum 1471: only coordinators answer this
	KindDatabaseNotFound               // 404, errorNum 1228
	KindNotOnCoordinator               // errorNum 1470: coordinators refuse this
	KindNotImplemented                 // 501 otherwise: the server does not implement it
	KindDBServerUnreachable            // errorNum 1478: the coordinator cannot reach the DB server
	KindUnavailable                    // 503: starting, stopping or overloaded
	KindUntrustedCertificate           // the server's certificate is not signed by a trusted CA
	KindCertificateHost                // the server's certificate does not name the host dialled
	KindTimeout                        // no answer within the request timeout
	KindOutcomeUnknown                 // a write that may have happened got no answer
)

// KindOf classifies err (or what it wraps: the last attempt of an
// EndpointsError).
func KindOf(err error) ErrorKind {
	var ou *OutcomeUnknownError
	if errors.As(err, &ou) {
		return KindOutcomeUnknown
	}
	var ce *connectError
	if errors.As(err, &ce) {
		switch {
		case untrustedCA(ce.err):
			return KindUntrustedCertificate
		case wrongHost(ce.err):
			return KindCertificateHost
		}
		return KindOther
	}
	var te *TimeoutError
	if errors.As(err, &te) {
		return KindTimeout
	}
	var e *Error
	if !errors.As(err, &e) {
		return KindOther
	}
	switch {
	case e.Status == 401:
		return KindUnauthorized
	case e.Status == 403 && e.ErrorNum == ErrNumClusterOnlyCoordinator:
		return KindCoordinatorOnly
	case e.Status == 403:
		return KindForbidden
	case e.Status == 404 && e.ErrorNum == ErrNumDatabaseNotFound:
		return KindDatabaseNotFound
	case e.ErrorNum == ErrNumClusterUnsupported:
		return KindNotOnCoordinator
	case e.Status == 501:
		return KindNotImplemented
	case e.ErrorNum == ErrNumBackendUnavailable:
		return KindDBServerUnreachable
	case e.Status == 503:
		return KindUnavailable
	}
	return KindOther
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

// Unwrap gives the newest answer of a server (an *Error), so that errors.As
// and KindOf find what a server said even when an endpoint that could not be
// reached was tried last; without one, the last attempt's error.
func (e *EndpointsError) Unwrap() error {
	for i := len(e.Attempts) - 1; i >= 0; i-- {
		var ae *Error
		if errors.As(e.Attempts[i].Err, &ae) {
			return e.Attempts[i].Err
		}
	}
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
