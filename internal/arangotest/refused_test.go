//go:build linux

package arangotest

import (
	"errors"
	"net"
	"syscall"
	"testing"
	"time"
)

// A refused address refuses, and no one else can listen on it meanwhile.
func TestRefusedAddress(t *testing.T) {
	addr := RefusedAddress(t)
	_, err := net.DialTimeout("tcp", addr, 2*time.Second)
	if !errors.Is(err, syscall.ECONNREFUSED) {
		t.Fatalf("dial %s: %v, want connection refused", addr, err)
	}
	if l, err := net.Listen("tcp", addr); err == nil {
		l.Close()
		t.Error("another server could take the port")
	}
}
