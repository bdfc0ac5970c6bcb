package arangodb

import (
	"context"
	"fmt"
	"net/http"
)

// Server modes of /_admin/server/mode.
const (
	ModeDefault  = "default"
	ModeReadOnly = "readonly"
)

// ServerMode reads the server's mode: "default" or "readonly" (CONTRACT.md
// §11.5). In a cluster it is the whole cluster's.
func (c *Client) ServerMode(ctx context.Context) (string, error) {
	var out struct {
		Mode string `json:"mode"`
	}
	if _, err := c.getJSON(ctx, Request{Method: http.MethodGet, Path: "/_admin/server/mode", Hedge: true}, &out); err != nil {
		return "", err
	}
	if out.Mode != ModeDefault && out.Mode != ModeReadOnly {
		return "", fmt.Errorf("GET /_admin/server/mode: unexpected mode %q", out.Mode)
	}
	return out.Mode, nil
}

// SetServerMode sets the mode and returns the one the server answered with.
// A coordinator answers once every server of the cluster took it over.
func (c *Client) SetServerMode(ctx context.Context, mode string) (string, error) {
	var out struct {
		Mode string `json:"mode"`
	}
	_, err := c.getJSON(ctx, Request{Method: http.MethodPut, Path: "/_admin/server/mode", Body: map[string]string{"mode": mode},
		Idempotent: true}, &out) // it sets a mode: twice is once
	if err != nil {
		return "", err
	}
	if out.Mode != ModeDefault && out.Mode != ModeReadOnly {
		return "", fmt.Errorf("PUT /_admin/server/mode: unexpected mode %q", out.Mode)
	}
	return out.Mode, nil
}
