//go:build !linux

package arangotest

import "net"

// RefusedAddress returns a loopback host:port nothing listens on. (On
// Linux the port stays reserved for the test; here another server may take
// it meanwhile.)
func RefusedAddress(t TB) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	return addr
}
