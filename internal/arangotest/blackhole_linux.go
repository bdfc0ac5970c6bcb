package arangotest

import (
	"fmt"
	"net"
	"syscall"
	"time"
)

// blackhole holds a listener's port with a socket that never accepts: its
// listen backlog is 0 and its accept queue is filled by one connection of
// our own, so the kernel drops every further SYN (tcp_conn_request drops
// when sk_acceptq_is_full) and clients' connect() waits until their dial
// timeout; none is refused.
type blackhole struct {
	fd   int
	fill net.Conn
}

func blackholeSupported() error { return nil }

// openBlackhole binds addr (the listener's bound address) and fills the
// queue by dialing dial (the address clients use).
func openBlackhole(addr, dial string) (*blackhole, error) {
	ta, err := net.ResolveTCPAddr("tcp", addr)
	if err != nil {
		return nil, err
	}
	family := syscall.AF_INET6
	var sa syscall.Sockaddr
	if ip4 := ta.IP.To4(); ip4 != nil {
		family = syscall.AF_INET
		s4 := &syscall.SockaddrInet4{Port: ta.Port}
		copy(s4.Addr[:], ip4)
		sa = s4
	} else {
		s6 := &syscall.SockaddrInet6{Port: ta.Port}
		copy(s6.Addr[:], ta.IP.To16())
		if ta.Zone != "" {
			ifi, err := net.InterfaceByName(ta.Zone)
			if err != nil {
				return nil, err
			}
			s6.ZoneId = uint32(ifi.Index)
		}
		sa = s6
	}
	fd, err := syscall.Socket(family, syscall.SOCK_STREAM|syscall.SOCK_CLOEXEC, 0)
	if err != nil {
		return nil, fmt.Errorf("socket: %w", err)
	}
	h := &blackhole{fd: fd}
	if err := syscall.SetsockoptInt(fd, syscall.SOL_SOCKET, syscall.SO_REUSEADDR, 1); err != nil {
		h.close()
		return nil, fmt.Errorf("SO_REUSEADDR: %w", err)
	}
	if family == syscall.AF_INET6 && ta.IP.IsUnspecified() {
		// dual stack, as net.Listen binds "[::]:port"
		_ = syscall.SetsockoptInt(fd, syscall.IPPROTO_IPV6, syscall.IPV6_V6ONLY, 0)
	}
	if err := retryInUse(func() error { return syscall.Bind(fd, sa) }); err != nil {
		h.close()
		return nil, fmt.Errorf("bind: %w", err)
	}
	if err := syscall.Listen(fd, 0); err != nil {
		h.close()
		return nil, fmt.Errorf("listen: %w", err)
	}
	// Backlog 0 admits one connection (the queue is full when it holds
	// more than the backlog): ours.
	if h.fill, err = net.DialTimeout("tcp", dial, time.Second); err != nil {
		h.close()
		return nil, fmt.Errorf("filling the accept queue: %w", err)
	}
	return h, nil
}

func (h *blackhole) close() {
	_ = syscall.Close(h.fd)
	if h.fill != nil {
		_ = h.fill.Close()
	}
}
