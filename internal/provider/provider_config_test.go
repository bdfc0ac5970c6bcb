package provider

import (
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
)

// Bad provider settings fail at plan, naming the attribute and what is allowed.
func TestAccProviderConfigRejectedAtPlan(t *testing.T) {
	cases := []struct {
		name, hcl, want string
	}{
		{"unknown host_resolver", `host_resolver = "sticky"`, `(?s)host_resolver.*value must be one of:.*"roundrobin".*"random"`},
		{"bad endpoint scheme", `endpoints = ["ftp://127.0.0.1:8529"]`, `(?s)endpoints\[0\].*must be a URL of scheme http, https, tcp or\s+ssl`},
		{"endpoint with a path", `endpoints = ["http://127.0.0.1:8529/_db/x"]`, `(?s)endpoints\[0\].*must be a URL of scheme`},
		{"no endpoints", `endpoints = []`, `(?s)endpoints.*list must contain at least 1 elements`},
		{"jwt together with password", "jwt = \"t\"\n password = \"p\"", `(?s)Attribute "(jwt|password)" cannot be specified when "(password|jwt)" is\s+specified`},
		{"negative max_retries", `max_retries = -1`, `(?s)max_retries.*value must be between 0 and 20, got: -1`},
		{"unparsable request_timeout", `request_timeout = "soon"`, `(?s)request_timeout.*(Invalid Time Duration|duration)`},
		{"negative request_timeout", `request_timeout = "-5s"`, `(?s)request_timeout must be a positive duration`},
		{"unknown auth", `auth = "kerberos"`, `(?s)auth.*value must be one of:.*"basic".*"jwt"`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			hcl := tc.hcl
			if !regexp.MustCompile(`^endpoints`).MatchString(hcl) {
				hcl = "endpoints = [\"http://127.0.0.1:1\"]\n  " + hcl
			}
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config:      "provider \"arangodb\" {\n  " + hcl + "\n}\ndata \"arangodb_server\" \"this\" {}\n",
					PlanOnly:    true,
					ExpectError: regexp.MustCompile(tc.want),
				}},
			})
		})
	}
}
