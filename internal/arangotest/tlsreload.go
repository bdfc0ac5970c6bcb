package arangotest

import (
	"crypto/sha256"
	"crypto/tls"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"os"
	"strings"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/apierr"
)

// TLS data and its reload (CONTRACT.md §19.1): GET and POST
// /_admin/server/tls as RestAdminServerHandler::handleTLS answers them,
// with the keyfile described as SslServerFeature::dumpTLSData does. Each
// listener is one arangod process: a reload re-reads the keyfile for that
// listener only, and its new connections get the new certificate.

// keyfileData is a keyfile as one listener loaded it: the file's bytes
// (which GET describes) and the certificate chain with its key.
type keyfileData struct {
	pem  []byte
	cert *tls.Certificate
}

// parseKeyfile reads a PEM with the certificate chain and the private key,
// as --ssl.keyfile takes it.
func parseKeyfile(pem []byte) (*keyfileData, error) {
	cert, err := tls.X509KeyPair(pem, pem)
	if err != nil {
		return nil, err
	}
	return &keyfileData{pem: pem, cert: &cert}, nil
}

// newTLSMaterialFromFile serves the keyfile at path. The emulator's own
// client trusts the certificates in it as read at start (the chain's CA, if
// the file carries it, keeps a reloaded certificate of the same CA trusted).
func newTLSMaterialFromFile(path string) (*tlsMaterial, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	kf, err := parseKeyfile(raw)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	certs, _ := splitPEM(string(raw))
	if len(certs) == 0 {
		return nil, errors.New(path + ": no certificate")
	}
	return &tlsMaterial{caPEM: []byte(strings.Join(certs, "\n") + "\n"), path: path, initial: kf, config: baseTLSConfig()}, nil
}

// listenerTLSConfig is the TLS configuration of l: every handshake takes
// the keyfile l loaded last, so a reload changes what new connections get
// and leaves open ones as they are. Caller holds listenerSet.mu (or is Start).
func (m *tlsMaterial) listenerTLSConfig(l *listener) *tls.Config {
	if l.tlsKeys.Load() == nil {
		l.tlsKeys.Store(m.initial)
	}
	cfg := m.config.Clone()
	cfg.GetCertificate = func(*tls.ClientHelloInfo) (*tls.Certificate, error) { return l.tlsKeys.Load().cert, nil }
	return cfg
}

// handleTLS serves /_admin/server/tls: GET describes the TLS data (any
// caller the connection layer let in), POST reloads it (superusers only,
// when authentication is on), other methods are refused with 403 errorNum
// 11 (sic).
func (api serverAPI) handleTLS(c *call) {
	switch c.method() {
	case http.MethodGet:
	case http.MethodPost:
		if api.s.auth.active() && !c.isSuperuser() {
			c.handlerError(403, apierr.Forbidden, "only superusers may reload TLS data")
			return
		}
		if err := api.s.tls.reloadTLS(c.l); err != nil {
			c.handlerError(400, apierr.CannotReadFile, "Could not reload TLS context from files.")
			return
		}
	default:
		c.handlerError(403, apierr.Forbidden, "")
		return
	}
	c.okResult(200, api.tlsData(c.l))
}

// reloadTLS re-reads the keyfile for l; on failure l keeps what it had.
// The certificate made at start has no file: it stays; m is nil without TLS.
func (m *tlsMaterial) reloadTLS(l *listener) error {
	if m == nil || m.path == "" {
		return nil
	}
	raw, err := os.ReadFile(m.path)
	if err != nil {
		return err
	}
	kf, err := parseKeyfile(raw)
	if err != nil {
		return err
	}
	l.tlsKeys.Store(kf)
	return nil
}

// tlsData is dumpTLSData: {} without TLS, else keyfile and clientCA (the
// emulator has no --ssl.cafile, so {}); no SNI (an Enterprise option the
// emulator lacks).
func (api serverAPI) tlsData(l *listener) obj {
	kf := l.tlsKeys.Load()
	if api.s.tls == nil || kf == nil {
		return obj{}
	}
	return obj{{"keyfile", describePEM(kf.pem)}, {"clientCA", obj{}}}
}

// describePEM is dumpPEM: the SHA-256 of the whole file, the certificates
// as PEM strings in file order, and the SHA-256 of the first private key's
// PEM text; sha256/privateKeySha256 each twice, the upper-case spelling
// "deprecated in 3.7 GA" but still sent.
func describePEM(pem []byte) obj {
	if len(pem) == 0 {
		return obj{}
	}
	sum := sha256.Sum256(pem)
	hexSum := hex.EncodeToString(sum[:])
	certs, keys := splitPEM(string(pem))
	list := make([]any, len(certs))
	for i, c := range certs {
		list[i] = c
	}
	o := obj{{"sha256", hexSum}, {"SHA256", hexSum}, {"certificates", list}}
	if len(keys) > 0 {
		ks := sha256.Sum256([]byte(keys[0]))
		k := hex.EncodeToString(ks[:])
		o = append(o, kv{"privateKeySha256", k}, kv{"privateKeySHA256", k})
	}
	return o
}

// splitPEM is SslServerFeature's splitPEM: each block from "-----BEGIN " to
// the end of its "-----END ...-----" line (without the newline);
// CERTIFICATE blocks are certificates, blocks whose type contains "PRIVATE
// KEY" keys, others are skipped. It stops at the first thing that is not a
// block.
func splitPEM(pem string) (certs, keys []string) {
	pos := 0
	for pos < len(pem) {
		i := strings.Index(pem[pos:], "-----")
		if i < 0 {
			return
		}
		pos += i
		if !strings.HasPrefix(pem[pos:], "-----BEGIN ") {
			return
		}
		eh := strings.IndexByte(pem[pos:], '\n')
		if eh < 0 {
			return
		}
		endHeader := pos + eh
		sf := strings.Index(pem[endHeader:], "-----END ")
		if sf < 0 {
			return
		}
		startFooter := endHeader + sf
		ef := strings.Index(pem[startFooter+9:], "-----")
		if ef < 0 {
			return
		}
		endFooter := startFooter + 9 + ef + 5
		p := endHeader
		for p > pos+11 && strings.IndexByte("\n-\r ", pem[p]) >= 0 {
			p--
		}
		typ := pem[pos+11 : p+1]
		switch block := pem[pos:endFooter]; {
		case typ == "CERTIFICATE":
			certs = append(certs, block)
		case strings.Contains(typ, "PRIVATE KEY"):
			keys = append(keys, block)
		}
		pos = endFooter
	}
	return
}
