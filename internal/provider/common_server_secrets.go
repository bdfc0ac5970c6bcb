package provider

import (
	"context"
	"fmt"
	"strings"
	"time"

	rschema "github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangodb"
)

// Certificates and JWT secrets are each server's own: ArangoDB forwards
// neither read nor reload, so they are read and reloaded at every endpoint
// of the provider, one request each (CONTRACT.md §19).

type certificateModel struct {
	Subject     string   `tfsdk:"subject"`
	Issuer      string   `tfsdk:"issuer"`
	DNSNames    []string `tfsdk:"dns_names"`
	IPAddresses []string `tfsdk:"ip_addresses"`
	NotBefore   string   `tfsdk:"not_before"`
	NotAfter    string   `tfsdk:"not_after"`
	SHA256      string   `tfsdk:"sha256"`
}

type tlsServerModel struct {
	Endpoint      string             `tfsdk:"endpoint"`
	Enabled       bool               `tfsdk:"enabled"`
	KeyfileSHA256 types.String       `tfsdk:"keyfile_sha256"`
	Certificates  []certificateModel `tfsdk:"certificates"`
	Expires       types.String       `tfsdk:"expires"`
}

func tlsServerOf(d *arangodb.TLSData) tlsServerModel {
	m := noTLSServer(d.Endpoint)
	if d.Keyfile == nil {
		return m
	}
	m.Enabled, m.KeyfileSHA256 = true, types.StringValue(d.Keyfile.SHA256)
	for _, c := range d.Keyfile.Certificates {
		m.Certificates = append(m.Certificates, certificateModel{Subject: c.Subject, Issuer: c.Issuer,
			DNSNames: orEmpty(c.DNSNames), IPAddresses: orEmpty(c.IPs), NotBefore: c.NotBefore.Format(time.RFC3339),
			NotAfter: c.NotAfter.Format(time.RFC3339), SHA256: c.SHA256})
	}
	if len(d.Keyfile.Certificates) > 0 {
		m.Expires = types.StringValue(d.Keyfile.Certificates[0].NotAfter.Format(time.RFC3339))
	}
	return m
}

func noTLSServer(ep string) tlsServerModel {
	return tlsServerModel{Endpoint: ep, KeyfileSHA256: types.StringNull(), Certificates: []certificateModel{}, Expires: types.StringNull()}
}

func orEmpty(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

type jwtServerModel struct {
	Endpoint      string   `tfsdk:"endpoint"`
	ActiveSHA256  string   `tfsdk:"active_sha256"`
	PassiveSHA256 []string `tfsdk:"passive_sha256"`
}

func jwtServerOf(s *arangodb.JWTSecrets) jwtServerModel {
	return jwtServerModel{Endpoint: s.Endpoint, ActiveSHA256: s.Active, PassiveSHA256: s.Passive}
}

// reloadTLS reloads the TLS files at every endpoint and verifies the
// reload: a new connection must present the keyfile's certificate, and
// with want, the keyfile must have that SHA-256. say reports progress.
func reloadTLS(ctx context.Context, c *arangodb.Client, want types.String, say func(string)) ([]tlsServerModel, error) {
	var out []tlsServerModel
	for _, ep := range c.Endpoints() {
		d, err := c.ReloadTLS(ctx, ep)
		if err != nil {
			return out, fmt.Errorf("the reload at %s failed: %w.%s", ep, err, reloadHint(err))
		}
		if d.Keyfile == nil {
			return out, fmt.Errorf("%s serves no TLS: it has no keyfile to reload (its endpoint is http)", ep)
		}
		if !want.IsNull() && !strings.EqualFold(d.Keyfile.SHA256, want.ValueString()) {
			return out, fmt.Errorf("%s reloaded a keyfile whose SHA-256 is %s, not %s as expected: is the new file in place on that server?",
				ep, d.Keyfile.SHA256, want.ValueString())
		}
		served, err := c.ServedCertificate(ctx, ep)
		if err != nil {
			return out, err
		}
		if len(d.Keyfile.Certificates) > 0 && served != "" && served != d.Keyfile.Certificates[0].SHA256 {
			return out, fmt.Errorf("%s reloaded its keyfile, but a new connection still gets certificate %s, not the keyfile's %s",
				ep, served, d.Keyfile.Certificates[0].SHA256)
		}
		m := tlsServerOf(d)
		say(fmt.Sprintf("%s: certificate %s reloaded, expires %s", ep, d.Keyfile.Certificates[0].Subject, m.Expires.ValueString()))
		out = append(out, m)
	}
	return out, nil
}

// reloadJWT reloads the JWT secrets at every endpoint and verifies them:
// with want, the active secret must have that SHA-256.
func reloadJWT(ctx context.Context, c *arangodb.Client, want types.String, say func(string)) ([]jwtServerModel, error) {
	var out []jwtServerModel
	for _, ep := range c.Endpoints() {
		s, err := c.ReloadJWT(ctx, ep)
		if err != nil {
			return out, fmt.Errorf("the reload at %s failed: %w.%s", ep, err, reloadHint(err))
		}
		if !want.IsNull() && !strings.EqualFold(s.Active, want.ValueString()) {
			return out, fmt.Errorf("%s reloaded its JWT secrets, and the active one's SHA-256 is %s, not %s as expected: is the "+
				"new secret first in the folder (or in the keyfile) on that server?", ep, s.Active, want.ValueString())
		}
		say(fmt.Sprintf("%s: JWT secrets reloaded, active %s, %d passive", ep, s.Active, len(s.Passive)))
		out = append(out, jwtServerOf(s))
	}
	return out, nil
}

// reloadHint names what the reload needs, for an error.
func reloadHint(err error) string {
	if arangodb.IsStatus(err, 403) {
		return " arangod reloads for a superuser only: set the provider's jwt (or ARANGO_JWT) to a superuser token, " +
			"signed with the server's JWT secret, with server_id and no preferred_username."
	}
	return ""
}

// resourceCertificateAttributes is certificateAttributes for a resource's schema.
func resourceCertificateAttributes() map[string]rschema.Attribute {
	out := map[string]rschema.Attribute{}
	for name, d := range certificateDocs {
		if name == "dns_names" || name == "ip_addresses" {
			out[name] = rschema.ListAttribute{Computed: true, ElementType: types.StringType, MarkdownDescription: d}
			continue
		}
		out[name] = rschema.StringAttribute{Computed: true, MarkdownDescription: d}
	}
	return out
}
