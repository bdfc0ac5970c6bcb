package arangodb

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptrace"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/arangodb/go-driver/v2/connection"
)

// renewBefore is how long before its expiry a token is replaced.
const renewBefore = time.Minute

// jwtLogin is a connection that logs in at POST /_open/auth, renews the token
// before it expires, and logs in once more when a token is rejected (401).
// go-driver's NewJWTAuthWrapper only reacts to 401s, which costs a failed
// request at start and after every expiry; this wrapper keeps its login
// request and header format but renews ahead of time.
type jwtLogin struct {
	connection.Connection
	username, password string
	hedgeAfter         time.Duration // 0: wait for a login under way as long as the caller may

	mu       sync.Mutex
	token    string
	login    uint64 // logins so far: a rejection renews only the login it saw
	expiry   time.Time
	underWay chan struct{} // closed when the login under way ends; nil: none
}

func newJWTLogin(c connection.Connection, username, password string, hedgeAfter time.Duration) connection.Connection {
	return &jwtLogin{Connection: c, username: username, password: password, hedgeAfter: hedgeAfter}
}

// loginError is a failed login before a request: the request itself was
// not sent, or was refused unauthenticated (401), so it did nothing and may
// go to another endpoint. sent: the login reached the endpoint's socket.
type loginError struct {
	err  error
	sent bool
}

func (e *loginError) Error() string { return e.err.Error() }
func (e *loginError) Unwrap() error { return e.err }

func (w *jwtLogin) Do(ctx context.Context, req connection.Request, output any, allowed ...int) (connection.Response, error) {
	tok, login, err := w.current(ctx, req.Endpoint(), 0)
	if err != nil {
		return nil, err
	}
	req.AddHeader("Authorization", "bearer "+tok)
	resp, err := w.Connection.Do(ctx, req, output, allowed...)
	if err != nil || resp.Code() != http.StatusUnauthorized {
		return resp, err
	}
	if tok, _, err = w.current(ctx, req.Endpoint(), login); err != nil {
		return nil, err
	}
	req.AddHeader("Authorization", "bearer "+tok)
	return w.Connection.Do(ctx, req, output, allowed...)
}

func (w *jwtLogin) Stream(ctx context.Context, req connection.Request) (connection.Response, io.ReadCloser, error) {
	tok, login, err := w.current(ctx, req.Endpoint(), 0)
	if err != nil {
		return nil, nil, err
	}
	req.AddHeader("Authorization", "bearer "+tok)
	resp, body, err := w.Connection.Stream(ctx, req)
	if err != nil || resp.Code() != http.StatusUnauthorized {
		return resp, body, err
	}
	if body != nil {
		body.Close()
	}
	if tok, _, err = w.current(ctx, req.Endpoint(), login); err != nil {
		return nil, nil, err
	}
	req.AddHeader("Authorization", "bearer "+tok)
	return w.Connection.Stream(ctx, req)
}

// current returns a valid token and the number of its login, logging in
// when there is none, when it is about to expire, or when the server
// rejected the token of login number rejected (0: none). Requests rejected
// together log in once: the others find a newer login. (Counting logins, not
// comparing tokens: a login in the same second can return the same token.)
func (w *jwtLogin) current(ctx context.Context, endpoint string, rejected uint64) (string, uint64, error) {
	hedged := false
	for {
		w.mu.Lock()
		if w.token != "" && w.login != rejected && time.Until(w.expiry) > renewBefore {
			defer w.mu.Unlock()
			return w.token, w.login, nil
		}
		if w.underWay == nil || hedged {
			break
		}
		// Another request logs in: wait for it, but not past this
		// request's context, nor (with hedging) past hedge_after, after
		// which this request logs in at its own endpoint: the other may
		// hang on a silent one.
		wait := w.underWay
		w.mu.Unlock()
		var hedge <-chan time.Time
		var t *time.Timer
		if w.hedgeAfter > 0 {
			t = time.NewTimer(w.hedgeAfter)
			hedge = t.C
		}
		select {
		case <-wait:
		case <-hedge:
			hedged = true
		case <-ctx.Done():
			return "", 0, &loginError{err: ctx.Err()}
		}
		if t != nil {
			t.Stop()
		}
	}
	done := make(chan struct{})
	w.underWay = done
	w.mu.Unlock()
	tok, err := w.logIn(ctx, endpoint)
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.underWay == done {
		w.underWay = nil
	}
	close(done)
	if err != nil {
		return "", 0, err // a *loginError
	}
	w.token = tok
	w.login++
	w.expiry = jwtExpiry(tok)
	return w.token, w.login, nil
}

// logIn asks endpoint for a token; it holds no lock. Its errors are
// *loginError. It runs without the request's context values: the request's
// httptrace hooks must see only the request's own writes (whether a write
// may have reached the server decides whether it may be sent again).
func (w *jwtLogin) logIn(ctx context.Context, endpoint string) (string, error) {
	var sent atomic.Bool
	ctx = httptrace.WithClientTrace(withoutValues{ctx}, &httptrace.ClientTrace{
		WroteRequest: func(httptrace.WroteRequestInfo) { sent.Store(true) },
	})
	req, err := w.NewRequestWithEndpoint(endpoint, http.MethodPost, "_open/auth")
	if err != nil {
		return "", &loginError{err: err}
	}
	if err := req.SetBody(map[string]string{"username": w.username, "password": w.password}); err != nil {
		return "", &loginError{err: err}
	}
	var out struct {
		JWT          string `json:"jwt"`
		ErrorNum     int    `json:"errorNum"`
		ErrorMessage string `json:"errorMessage"`
	}
	resp, err := w.Connection.Do(ctx, req, &out)
	if err != nil {
		return "", &loginError{err: err, sent: sent.Load()} // a connection error: the caller fails over
	}
	if resp.Code() != http.StatusOK || out.JWT == "" {
		// Never echo the request: it holds the password.
		e := &Error{Status: resp.Code(), ErrorNum: out.ErrorNum, Message: "login failed: " + out.ErrorMessage,
			Method: http.MethodPost, Path: "/_open/auth", Endpoint: endpoint}
		if e.ErrorNum == 0 {
			e.ErrorNum = resp.Code()
		}
		return "", &loginError{err: e, sent: true}
	}
	return out.JWT, nil
}

// withoutValues keeps a context's deadline and cancellation, not its values.
type withoutValues struct{ context.Context }

func (withoutValues) Value(any) any { return nil }

// maxExp bounds the exp claim taken as is (the year 36812): beyond it, or
// beyond int64, the token is treated as one without expiry.
const maxExp = 1 << 40

// jwtExpiry reads the exp claim; a token without a usable one is renewed
// after an hour.
func jwtExpiry(tok string) time.Time {
	parts := strings.Split(tok, ".")
	if len(parts) == 3 {
		if payload, err := base64.RawURLEncoding.DecodeString(parts[1]); err == nil {
			var claims struct {
				Exp json.Number `json:"exp"`
			}
			if json.Unmarshal(payload, &claims) == nil {
				if exp, err := claims.Exp.Float64(); err == nil && exp > 0 && exp < maxExp {
					return time.Unix(int64(exp), 0)
				}
			}
		}
	}
	return time.Now().Add(time.Hour)
}
