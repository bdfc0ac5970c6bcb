// Package apierr is arangod's error numbers, their default texts
// (errors.yaml, CONTRACT.md §2.5) and the error the emulator's handlers and
// model report with arangod's error body.
package apierr

// arangod error numbers the emulator produces (texts from errors.yaml,
// CONTRACT.md §2.5).
const (
	NotImplemented        = 9
	Failed                = 1    // ERROR_FAILED
	HotBackupInternal     = 7002 // ERROR_HOT_BACKUP_INTERNAL
	BadParameter          = 10
	Forbidden             = 11
	HTTPBadParameter      = 400
	HTTPUnauthorized      = 401
	HTTPForbidden         = 403
	HTTPNotFound          = 404
	HTTPMethodNotAllowed  = 405
	HTTPServerError       = 500
	HTTPServiceUnavail    = 503
	CorruptedJSON         = 600
	SuperfluousSuffices   = 601
	DocumentNotFound      = 1202
	DataSourceNotFound    = 1203
	DuplicateName         = 1207
	IllegalName           = 1208
	UniqueConstraint      = 1210
	CollectionTypeInvalid = 1218
	DocumentKeyBad        = 1221
	DocumentTypeInvalid   = 1227
	DatabaseNotFound      = 1228
	DatabaseNameInvalid   = 1229
	UseSystemDatabase     = 1230
	EdgeAttributeMissing  = 1233
	ReplNoResponse        = 1400
	ReplInvalidResponse   = 1401
	ReplLeaderError       = 1402
	ReplLoop              = 1405
	ReplInvalidConfig     = 1410
	ClusterUnsupported    = 1470
	ClusterOnlyCoord      = 1471
	BackendUnavailable    = 1478
	CursorNotFound        = 1600
	ReadOnly              = 1004
	InsufficientDBServers = 1487
	UserInvalidName       = 1700
	UserDuplicate         = 1702
	UserNotFound          = 1703
	NoSuchHotBackup       = 7007
)

// Applier error numbers without a default text; the handlers
// always give the message.
const (
	ShuttingDown       = 30
	ReplLeaderChange   = 1404
	ReplUnexpectedMark = 1406
	ReplRunning        = 1411
	ReplApplierStopped = 1412
	ReplNoStartTick    = 1413
	ReplTickNotPresent = 1414
)

// Error numbers of hot backup transfers (errors.dat).
const (
	FailedToUpload      = 7005 // ERROR_FAILED_TO_UPLOAD_BACKUP
	FailedToDownload    = 7006 // ERROR_FAILED_TO_DOWNLOAD_BACKUP
	RemoteRepositoryBad = 7008 // ERROR_REMOTE_REPOSITORY_CONFIG_BAD
)

// Error numbers of collection sharding (errors.dat), with their texts.
const (
	ChainOfDistributeShardsLike = 1484
	UnknownDistributeShardsLike = 1486
	InvalidSmartJoinAttribute   = 4006
)

// Error numbers of collection properties (errors.dat).
const (
	InvalidKeyGenerator = 1232 // ERROR_ARANGO_INVALID_KEY_GENERATOR
	ValidationBadParam  = 1621 // ERROR_VALIDATION_BAD_PARAMETER
	DuplicateIdentifier = 1005 // ERROR_ARANGO_DUPLICATE_IDENTIFIER
	IndexNotFound       = 1212 // ERROR_ARANGO_INDEX_NOT_FOUND
)

// Licence error numbers (errors.yaml).
const (
	OnlyEnterprise          = 31   // ERROR_ONLY_ENTERPRISE
	LicenseExpiredOrInvalid = 9001 // ERROR_LICENSE_EXPIRED_OR_INVALID
	LicenseConflict         = 9007 // ERROR_LICENSE_CONFLICT
)

// Error numbers only the maintenance handlers produce (errors.yaml).
const (
	HTTPPreconditionFailed = 412 // "precondition failed"
	HTTPGatewayTimeout     = 504
)

// InternalRev is TRI_ERROR_INTERNAL (errors.dat 4).
const InternalRev = 4

// CannotReadFile is TRI_ERROR_CANNOT_READ_FILE, what a failed reload
// reports (GeneralServer::reloadTLS).
const CannotReadFile = 34

// texts are the default messages; a number without one is "unknown error".
var texts = map[int]string{
	NotImplemented:              "not implemented",
	Failed:                      "failed",
	HotBackupInternal:           "hot backup internal error",
	BadParameter:                "bad parameter",
	Forbidden:                   "forbidden",
	HTTPBadParameter:            "bad parameter",
	HTTPUnauthorized:            "unauthorized",
	HTTPForbidden:               "forbidden",
	HTTPNotFound:                "not found",
	HTTPMethodNotAllowed:        "method not supported",
	HTTPServerError:             "internal server error",
	HTTPServiceUnavail:          "service unavailable",
	CorruptedJSON:               "invalid JSON object",
	SuperfluousSuffices:         "superfluous URL suffices",
	DocumentNotFound:            "document not found",
	DataSourceNotFound:          "collection or view not found",
	DuplicateName:               "duplicate name",
	IllegalName:                 "illegal name",
	UniqueConstraint:            "unique constraint violated",
	CollectionTypeInvalid:       "invalid collection type",
	DocumentKeyBad:              "illegal document key",
	DocumentTypeInvalid:         "invalid document type",
	DatabaseNotFound:            "database not found",
	DatabaseNameInvalid:         "database name invalid",
	UseSystemDatabase:           "operation only allowed in system database",
	EdgeAttributeMissing:        "edge attribute missing or invalid",
	ReplNoResponse:              "no response",
	ReplInvalidResponse:         "invalid response",
	ReplLeaderError:             "leader error",
	ReplLoop:                    "loop detected",
	ReplInvalidConfig:           "invalid replication applier configuration",
	ClusterUnsupported:          "unsupported operation or parameter for clusters",
	ClusterOnlyCoord:            "this operation is only valid on a coordinator in a cluster",
	BackendUnavailable:          "A cluster backend which was required for the operation could not be reached",
	CursorNotFound:              "cursor not found",
	ReadOnly:                    "read only",
	InsufficientDBServers:       "the number of current dbservers is lower than the requested replicationFactor",
	UserInvalidName:             "invalid user name",
	UserDuplicate:               "duplicate user",
	UserNotFound:                "user not found",
	NoSuchHotBackup:             "no such hot backup set can be found",
	ChainOfDistributeShardsLike: "chain of distributeShardsLike references",
	UnknownDistributeShardsLike: "must not have a distributeShardsLike attribute pointing to an unknown collection",
	InvalidSmartJoinAttribute:   "invalid smart join attribute declaration",
	InvalidKeyGenerator:         "invalid key generator",
	ValidationBadParam:          "invalid schema validation parameter",
	DuplicateIdentifier:         "duplicate identifier",
	IndexNotFound:               "index not found",
	InternalRev:                 "internal error",
}

// Text is the default message of an error number.
func Text(num int) string {
	if t, ok := texts[num]; ok {
		return t
	}
	return "unknown error"
}

// Error is a failure reported with arangod's error body: the HTTP status,
// the error number and the message.
type Error struct {
	Status int
	Num    int
	Msg    string
}

func (e *Error) Error() string { return e.Msg }

// New is an Error; an empty msg is the number's default text.
func New(status, num int, msg string) *Error {
	if msg == "" {
		msg = Text(num)
	}
	return &Error{Status: status, Num: num, Msg: msg}
}
