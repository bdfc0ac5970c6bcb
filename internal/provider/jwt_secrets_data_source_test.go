package provider

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest"
)

func hashOf(secret string) string {
	sum := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(sum[:])
}

// jwtTarget is a single server whose JWT secrets are the files of a folder
// (--server.jwt-secret-folder: the first in name order active), and a
// provider block with a superuser token signed with the active one.
func jwtTarget(t *testing.T, secrets map[string]string) (tg target, folder, superuser string) {
	t.Helper()
	skipOnRealServer(t) // the secrets are replaced on the server's disk
	folder = t.TempDir()
	for name, s := range secrets {
		if err := os.WriteFile(filepath.Join(folder, name), []byte(s), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	tg = newTarget(t, arangotest.Options{Version: "3.12.10", JWTSecretFolder: folder})
	return tg, folder, providerBlock(tg.Endpoints, fmt.Sprintf("jwt = %q", tg.Emu.SuperuserToken()))
}

// The hashes of a server's JWT secrets: the active one and the passive ones.
func TestAccJWTSecretsDataSource(t *testing.T) {
	t.Parallel()
	_, _, superuser := jwtTarget(t, map[string]string{"1-current": "current-secret", "2-next": "next-secret"})
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: superuser + "data \"arangodb_jwt_secrets\" \"this\" {}\n",
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.arangodb_jwt_secrets.this", tfjsonpath.New("servers").AtSliceIndex(0).AtMapKey("active_sha256"),
					knownvalue.StringExact(hashOf("current-secret"))),
				statecheck.ExpectKnownValue("data.arangodb_jwt_secrets.this", tfjsonpath.New("servers").AtSliceIndex(0).AtMapKey("passive_sha256"),
					knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact(hashOf("next-secret"))})),
			},
		}},
	})
}
