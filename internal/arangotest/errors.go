package arangotest

// arangod error numbers the emulator produces (texts from errors.yaml,
// CONTRACT.md §2.5).
const (
	errNotImplemented        = 9
	errFailed                = 1    // ERROR_FAILED
	errHotBackupInternal     = 7002 // ERROR_HOT_BACKUP_INTERNAL
	errBadParameter          = 10
	errForbidden             = 11
	errHTTPBadParameter      = 400
	errHTTPUnauthorized      = 401
	errHTTPForbidden         = 403
	errHTTPNotFound          = 404
	errHTTPMethodNotAllowed  = 405
	errHTTPServerError       = 500
	errHTTPServiceUnavail    = 503
	errCorruptedJSON         = 600
	errSuperfluousSuffices   = 601
	errDocumentNotFound      = 1202
	errDataSourceNotFound    = 1203
	errDuplicateName         = 1207
	errIllegalName           = 1208
	errUniqueConstraint      = 1210
	errCollectionTypeInvalid = 1218
	errDocumentKeyBad        = 1221
	errDocumentTypeInvalid   = 1227
	errDatabaseNotFound      = 1228
	errDatabaseNameInvalid   = 1229
	errUseSystemDatabase     = 1230
	errEdgeAttributeMissing  = 1233
	errReplNoResponse        = 1400
	errReplInvalidResponse   = 1401
	errReplLeaderError       = 1402
	errReplLoop              = 1405
	errReplInvalidConfig     = 1410
	errClusterUnsupported    = 1470
	errClusterOnlyCoord      = 1471
	errBackendUnavailable    = 1478
	errCursorNotFound        = 1600
	errReadOnly              = 1004
	errInsufficientDBServers = 1487
	errUserInvalidName       = 1700
	errUserDuplicate         = 1702
	errUserNotFound          = 1703
	errNoSuchHotBackup       = 7007
)

var errorTexts = map[int]string{
	errNotImplemented:        "not implemented",
	errFailed:                "failed",
	errHotBackupInternal:     "hot backup internal error",
	errBadParameter:          "bad parameter",
	errForbidden:             "forbidden",
	errHTTPBadParameter:      "bad parameter",
	errHTTPUnauthorized:      "unauthorized",
	errHTTPForbidden:         "forbidden",
	errHTTPNotFound:          "not found",
	errHTTPMethodNotAllowed:  "method not supported",
	errHTTPServerError:       "internal server error",
	errHTTPServiceUnavail:    "service unavailable",
	errCorruptedJSON:         "invalid JSON object",
	errSuperfluousSuffices:   "superfluous URL suffices",
	errDocumentNotFound:      "document not found",
	errDataSourceNotFound:    "collection or view not found",
	errDuplicateName:         "duplicate name",
	errIllegalName:           "illegal name",
	errUniqueConstraint:      "unique constraint violated",
	errCollectionTypeInvalid: "invalid collection type",
	errDocumentKeyBad:        "illegal document key",
	errDocumentTypeInvalid:   "invalid document type",
	errDatabaseNotFound:      "database not found",
	errDatabaseNameInvalid:   "database name invalid",
	errUseSystemDatabase:     "operation only allowed in system database",
	errEdgeAttributeMissing:  "edge attribute missing or invalid",
	errReplNoResponse:        "no response",
	errReplInvalidResponse:   "invalid response",
	errReplLeaderError:       "leader error",
	errReplLoop:              "loop detected",
	errReplInvalidConfig:     "invalid replication applier configuration",
	errClusterUnsupported:    "unsupported operation or parameter for clusters",
	errClusterOnlyCoord:      "this operation is only valid on a coordinator in a cluster",
	errBackendUnavailable:    "A cluster backend which was required for the operation could not be reached",
	errCursorNotFound:        "cursor not found",
	errReadOnly:              "read only",
	errInsufficientDBServers: "the number of current dbservers is lower than the requested replicationFactor",
	errUserInvalidName:       "invalid user name",
	errUserDuplicate:         "duplicate user",
	errUserNotFound:          "user not found",
	errNoSuchHotBackup:       "no such hot backup set can be found",
}

// errorText is the default message of an error number.
func errorText(num int) string {
	if t, ok := errorTexts[num]; ok {
		return t
	}
	return "unknown error"
}

// apiError is a failure a handler reports with arangod's error body.
type apiError struct {
	status int
	num    int
	msg    string
}

func (e *apiError) Error() string { return e.msg }

func newAPIError(status, num int, msg string) *apiError {
	if msg == "" {
		msg = errorText(num)
	}
	return &apiError{status: status, num: num, msg: msg}
}
