package arangotest

import (
	"strings"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/apierr"
)

// Database names (CONTRACT.md §3.16): DatabaseNameValidator in
// lib/Utilities/NameValidator, traditional or extended by
// --database.extended-names (--database.extended-names-databases on 3.9
// and 3.10), which is on by default from 3.12.0.

// extendedNamesByDefault: the version's default of the option.
func (v semver) extendedNamesByDefault() bool { return v.AtLeast(3, 12, 0) }

// checkDatabaseName is DatabaseNameValidator::validateName as POST
// /_api/database answers it: 1229 before 3.11; 1208 from 3.11, with its
// own message for a name that is not NFC-normalized.
func (d *deployment) checkDatabaseName(name string) *apierr.Error {
	ok := traditionalName(name)
	if d.extendedNames {
		ok = extendedName(name)
	}
	switch {
	case !ok && !d.version.AtLeast(3, 11, 0):
		return apierr.New(400, apierr.DatabaseNameInvalid, "")
	case !ok:
		return apierr.New(400, apierr.IllegalName, "illegal name: database name invalid")
	case d.extendedNames && d.version.AtLeast(3, 11, 0) && !norm.NFC.IsNormalString(name):
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
