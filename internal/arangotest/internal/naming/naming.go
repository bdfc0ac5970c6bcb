// Package naming is arangod's rules for the names of databases and
// collections and for document keys (CONTRACT.md §3.16). It knows nothing
// of HTTP or of the emulator, which imports it.
package naming

import (
	"regexp"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/apierr"
	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/version"
)

// Traditional naming rules (the extended-names option is off by default).
var (
	databaseNameRe   = regexp.MustCompile(`^[a-zA-Z][a-zA-Z0-9_\-]{0,63}$`)
	collectionNameRe = regexp.MustCompile(`^[a-zA-Z_][a-zA-Z0-9_\-]{0,255}$`)
	documentKeyRe    = regexp.MustCompile(`^[a-zA-Z0-9_\-:.@()+,=;$!*'%]{1,254}$`)
)

// Collection: a letter or _, then letters, digits, _ and -, 1 to 256 bytes.
func Collection(s string) bool { return collectionNameRe.MatchString(s) }

// DocumentKey: 1 to 254 of the bytes a _key may hold.
func DocumentKey(s string) bool { return documentKeyRe.MatchString(s) }

// Database names: DatabaseNameValidator in lib/Utilities/NameValidator,
// traditional or extended by --database.extended-names
// (--database.extended-names-databases on 3.9 and 3.10), which is on by
// default from 3.12.0.

// ExtendedByDefault: the version's default of the option.
func ExtendedByDefault(v version.Version) bool { return v.AtLeast(3, 12, 0) }

// CheckDatabase is DatabaseNameValidator::validateName as POST
// /_api/database answers it: 1229 before 3.11; 1208 from 3.11, with its
// own message for a name that is not NFC-normalized.
func CheckDatabase(name string, extended bool, v version.Version) *apierr.Error {
	ok := traditionalName(name)
	if extended {
		ok = extendedName(name)
	}
	switch {
	case !ok && !v.AtLeast(3, 11, 0):
		return apierr.New(400, apierr.DatabaseNameInvalid, "")
	case !ok:
		return apierr.New(400, apierr.IllegalName, "illegal name: database name invalid")
	case extended && v.AtLeast(3, 11, 0) && !norm.NFC.IsNormalString(name):
		return apierr.New(400, apierr.IllegalName, "database name is not properly UTF-8 NFC-normalized")
	}
	return nil
}

// traditionalName: a letter, then letters, digits, _ and -, 1 to 64 bytes.
func traditionalName(s string) bool { return databaseNameRe.MatchString(s) }

// extendedName: 1 to 128 bytes of UTF-8, none of them /, : or a control
// byte, not starting with a digit, _, . or a space, not ending with a space.
func extendedName(s string) bool {
	if s == "" || len(s) > 128 || !utf8.ValidString(s) || strings.HasSuffix(s, " ") {
		return false
	}
	if c := s[0]; (c >= '0' && c <= '9') || c == '_' || c == '.' || c == ' ' {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c == '/' || c == ':' {
			return false
		}
	}
	return true
}
