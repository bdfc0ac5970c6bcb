//go:build !linux

package arangotest

import "errors"

// blackhole is Linux-only: elsewhere the accept queue of a listening
// socket does not reliably drop SYNs.
type blackhole struct{}

func blackholeSupported() error {
	return errors.New("arangotest: blackhole faults need Linux")
}

func openBlackhole(_, _ string) (*blackhole, error) { return nil, blackholeSupported() }

func (*blackhole) close() {}
