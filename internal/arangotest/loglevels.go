package arangotest

import (
	"slices"
	"strings"
	"sync"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/model"
	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/node"
)

// Log levels of GET|PUT|DELETE /_admin/log/level (RestAdminLogHandler,
// CONTRACT.md §16): each member keeps its own level per log topic. This
// file is the model; loglevels_http.go serves it.

// logLevel is arangod's LogLevel, in increasing verbosity: DEFAULT (the
// topic follows the general level) and FATAL to TRACE.
type logLevel int

const (
	logDefault logLevel = iota
	logFatal
	logError
	logWarning
	logInfo
	logDebug
	logTrace
)

// String is Logger::translateLogLevel: the name GET reports.
func (l logLevel) String() string {
	return [...]string{"DEFAULT", "FATAL", "ERROR", "WARNING", "INFO", "DEBUG", "TRACE"}[l]
}

// parseLogLevelText is Logger::translateLogLevel on a lower-cased name, as
// the string form ("level", "topic=level") and, before 3.12.2, every PUT
// read it: err and warn are aliases, "default" and "" mean DEFAULT except
// for the general level.
func parseLogLevelText(name string, general bool) (logLevel, bool) {
	switch name {
	case "fatal":
		return logFatal, true
	case "error", "err":
		return logError, true
	case "warning", "warn":
		return logWarning, true
	case "info":
		return logInfo, true
	case "debug":
		return logDebug, true
	case "trace":
		return logTrace, true
	case "", "default":
		return logDefault, !general
	}
	return 0, false
}

// parseLogLevelEnum is the LogLevel inspection 3.12.2+ reads object values
// with: upper-cased, then DEFAULT, FATAL, ERROR/ERR, WARNING/WARN, INFO,
// DEBUG, TRACE.
func parseLogLevelEnum(name string) (logLevel, bool) {
	switch strings.ToUpper(name) {
	case "DEFAULT":
		return logDefault, true
	case "FATAL":
		return logFatal, true
	case "ERROR", "ERR":
		return logError, true
	case "WARNING", "WARN":
		return logWarning, true
	case "INFO":
		return logInfo, true
	case "DEBUG":
		return logDebug, true
	case "TRACE":
		return logTrace, true
	}
	return 0, false
}

// Version gates of the log API (CONTRACT.md §16.6).

// forwardsLogLevels: a coordinator forwards to the server serverId names
// (3.10.2; before, the parameter is ignored).
func (v semver) forwardsLogLevels() bool { return v.AtLeast(3, 10, 2) }

// resetsLogLevels: DELETE /_admin/log/level resets the levels (3.12.1;
// before, every DELETE under /_admin/log clears the log buffer).
func (v semver) resetsLogLevels() bool { return v.AtLeast(3, 12, 1) }

// validatesLogLevels: a PUT object is validated as a whole (400, nothing
// changed) and withAppenders exists (3.12.2).
func (v semver) validatesLogLevels() bool { return v.AtLeast(3, 12, 2) }

// defaultLogLevels are the topics' levels at startup: lib/Logger/Topics.h
// (devel) where it has the topic, the older LogTopic.cpp for topics since
// removed; bench has no source read (INFO is this emulator's choice).
var defaultLogLevels = map[string]logLevel{
	"agency": logInfo, "agencycomm": logInfo, "agencystore": logWarning, "aql": logInfo,
	"arangosearch": logInfo, "authentication": logWarning, "authorization": logDefault,
	"backup": logDefault, "bench": logInfo, "cache": logInfo, "cluster": logInfo,
	"clustercomm": logInfo, "collector": logDefault, "communication": logInfo,
	"config": logDefault, "crash": logDefault, "deprecation": logInfo, "development": logFatal,
	"dump": logInfo, "engines": logInfo, "flush": logInfo, "general": logInfo, "graphs": logInfo,
	"heartbeat": logInfo, "httpclient": logWarning, "ldap": logInfo, "libiresearch": logInfo,
	"license": logInfo, "maintenance": logInfo, "memory": logInfo, "mmap": logDefault,
	"performance": logWarning, "pregel": logInfo, "queries": logInfo, "rep-state": logWarning,
	"rep-wal": logWarning, "replication": logInfo, "replication2": logWarning,
	"requests": logFatal, "restore": logInfo, "rocksdb": logWarning, "security": logInfo,
	"ssl": logWarning, "startup": logInfo, "statistics": logInfo, "supervision": logInfo,
	"syscall": logInfo, "threads": logWarning, "trx": logWarning, "ttl": logWarning,
	"v8": logWarning, "validation": logInfo, "views": logFatal,
	"audit-authentication": logInfo, "audit-authorization": logInfo, "audit-collection": logInfo,
	"audit-database": logInfo, "audit-document": logInfo, "audit-hotbackup": logInfo,
	"audit-service": logInfo, "audit-view": logInfo,
}

// logTopics lists the log topics of a version and edition, sorted, as the
// docs build's option dumps list them (CONTRACT.md §16.1).
func logTopics(v semver, enterprise bool) []string {
	topics := []string{"agency", "agencycomm", "agencystore", "aql", "arangosearch", "authentication",
		"authorization", "backup", "bench", "cache", "cluster", "communication", "config", "crash",
		"development", "dump", "engines", "flush", "general", "graphs", "heartbeat", "httpclient",
		"libiresearch", "license", "maintenance", "memory", "queries", "rep-state", "replication",
		"replication2", "requests", "restore", "rocksdb", "security", "ssl", "startup", "statistics",
		"supervision", "syscall", "threads", "trx", "ttl", "v8", "validation", "views"}
	if !v.AtLeast(3, 11, 0) {
		topics = append(topics, "clustercomm", "collector", "performance")
	}
	if !v.AtLeast(3, 12, 0) {
		topics = append(topics, "pregel")
		if enterprise {
			topics = append(topics, "ldap")
		}
	} else {
		topics = append(topics, "deprecation", "rep-wal")
	}
	if !v.AtLeast(3, 12, 1) {
		topics = append(topics, "mmap")
	}
	if enterprise {
		topics = append(topics, "audit-authentication", "audit-authorization", "audit-collection",
			"audit-database", "audit-document", "audit-hotbackup", "audit-service", "audit-view")
	}
	slices.Sort(topics)
	return topics
}

// stdoutAppender is the one log output the emulator models: arangod's
// default, standard output ("-").
const stdoutAppender = "-"

// memberLogLevels is one member's levels: the configured level per topic
// and the stdout appender's; a topic logs at the more verbose of the two
// (what GET reports). Before 3.12.2 both are always equal.
type memberLogLevels struct {
	topics   []string
	global   map[string]logLevel
	appender map[string]logLevel
}

func newMemberLogLevels(topics []string) *memberLogLevels {
	ml := &memberLogLevels{topics: topics}
	ml.reset()
	return ml
}

// reset is Logger::resetLevelsToDefault: the levels of startup.
func (ml *memberLogLevels) reset() {
	ml.global, ml.appender = map[string]logLevel{}, map[string]logLevel{}
	for _, t := range ml.topics {
		ml.global[t], ml.appender[t] = defaultLogLevels[t], defaultLogLevels[t]
	}
}

func (ml *memberLogLevels) known(topic string) bool {
	_, ok := ml.global[topic]
	return ok
}

// set gives a topic (or, for "all", every topic) a level for every output.
func (ml *memberLogLevels) set(topic string, l logLevel) {
	if topic == "all" {
		for _, t := range ml.topics {
			ml.global[t], ml.appender[t] = l, l
		}
		return
	}
	if ml.known(topic) {
		ml.global[topic], ml.appender[topic] = l, l
	}
}

func (ml *memberLogLevels) setAppender(topic string, l logLevel) {
	if topic == "all" {
		for _, t := range ml.topics {
			ml.appender[t] = l
		}
		return
	}
	ml.appender[topic] = l
}

// effective is what GET reports per topic: the more verbose of the
// configured and the appender's level.
func (ml *memberLogLevels) effective() obj {
	out := make(obj, 0, len(ml.topics))
	for _, t := range ml.topics {
		out = append(out, kv{t, max(ml.global[t], ml.appender[t]).String()})
	}
	return out
}

// withAppenders is the answer of ?withAppenders=true (3.12.2+).
func (ml *memberLogLevels) withAppenders() obj {
	app := make(obj, 0, len(ml.topics))
	for _, t := range ml.topics {
		app = append(app, kv{t, ml.appender[t].String()})
	}
	return obj{{"global", ml.effective()}, {"appenders", obj{{stdoutAppender, app}}}}
}

// applyDefinition is Logger::setLogLevel(string), used for a string body
// and, before 3.12.2, for every "key=value" of an object body: lower-cased
// and split at "="; one part sets the general level (anything unknown
// there means INFO), two set a topic or, with "all", every topic (an
// unknown topic or level is ignored), more parts set the process-wide
// level to INFO, which no topic shows.
func (ml *memberLogLevels) applyDefinition(def string) {
	l := strings.ToLower(def)
	parts := strings.Split(l, "=")
	switch len(parts) {
	case 1:
		lvl, ok := parseLogLevelText(l, true) // untrimmed, as arangod reads it
		if !ok {
			lvl = logInfo
		}
		ml.set("general", lvl)
	case 2:
		lvl, ok := parseLogLevelText(strings.TrimSpace(parts[1]), false)
		if ok {
			ml.set(strings.TrimSpace(parts[0]), lvl)
		}
	}
}

// logLevelChange is one level a validated 3.12.2+ PUT sets.
type logLevelChange struct {
	appender bool // the stdout appender's level only
	topic    string
	level    logLevel
}

// parseLogLevelObject reads a 3.12.2+ object of topic → level as arangod's
// LogLevels inspection does, in body order; path prefixes the error path.
// The pseudo-topic "all" is applied before the others.
func (ml *memberLogLevels) parseLogLevelObject(o obj, path string, appender bool) ([]logLevelChange, string) {
	var all, rest []logLevelChange
	for _, e := range o {
		if e.K != "all" && !ml.known(e.K) {
			return nil, "Unknown log topic " + e.K
		}
		at := path + "['" + e.K + "']"
		s, ok := e.V.(string)
		if !ok {
			return nil, "Expecting type String at path " + at
		}
		lvl, ok := parseLogLevelEnum(s)
		if !ok {
			return nil, "Unknown enum value " + strings.ToUpper(s) + " at path " + at
		}
		ch := logLevelChange{appender: appender, topic: e.K, level: lvl}
		if e.K == "all" {
			all = append(all, ch)
		} else {
			rest = append(rest, ch)
		}
	}
	return append(all, rest...), ""
}

// parseAppendersObject reads a 3.12.2+ withAppenders body: {"global":
// {...}, "appenders": {"<output>": {...}}}, either part optional. A body
// that parses but names an output the server lacks is refused after
// parsing: "Unknown appender <name>".
func (ml *memberLogLevels) parseAppendersObject(o obj) ([]logLevelChange, string) {
	var global, apps []logLevelChange // the global levels apply first
	unknown := ""
	for _, e := range o {
		sub, isObj := e.V.(obj)
		switch e.K {
		case "global":
			if !isObj {
				return nil, "Expecting type Object at path ['global']"
			}
			chs, msg := ml.parseLogLevelObject(sub, "['global']", false)
			if msg != "" {
				return nil, msg
			}
			global = append(global, chs...)
		case "appenders":
			if !isObj {
				return nil, "Expecting type Object at path ['appenders']"
			}
			for _, a := range sub {
				levels, ok := a.V.(obj)
				if !ok {
					return nil, "Expecting type Object at path ['appenders']['" + a.K + "']"
				}
				chs, msg := ml.parseLogLevelObject(levels, "['appenders']['"+a.K+"']", true)
				if msg != "" {
					return nil, msg
				}
				if a.K != stdoutAppender && unknown == "" {
					unknown = a.K
				}
				apps = append(apps, chs...)
			}
		default:
			return nil, "Found unexpected attribute '" + e.K + "'"
		}
	}
	if unknown != "" {
		return nil, "Unknown appender " + unknown
	}
	return append(global, apps...), ""
}

func (ml *memberLogLevels) apply(chs []logLevelChange) {
	for _, ch := range chs {
		if ch.appender {
			ml.setAppender(ch.topic, ch.level)
		} else {
			ml.set(ch.topic, ch.level)
		}
	}
}

// logLevelStore holds every member's levels, made on first use.
type logLevelStore struct {
	mu       sync.Mutex
	byMember map[*node.Member]*memberLogLevels
}

// levelsOf returns m's levels, with the topics of build e. Caller holds ls.mu.
func (ls *logLevelStore) levelsOf(m *node.Member, e model.Edition) *memberLogLevels {
	if ls.byMember == nil {
		ls.byMember = map[*node.Member]*memberLogLevels{}
	}
	ml := ls.byMember[m]
	if ml == nil {
		ml = newMemberLogLevels(logTopics(semver{e.Ver}, e.Enterprise()))
		ls.byMember[m] = ml
	}
	return ml
}

// LogLevels returns one member's log levels as GET /_admin/log/level
// reports them (topic → FATAL, ERROR, WARNING, INFO, DEBUG, TRACE or
// DEFAULT). member is a cluster member's id or short name, or "" (or
// ServerID()) for the single server; nil when there is no such member.
func (s *Server) LogLevels(member string) map[string]string {
	m := s.topo.MemberByName(member)
	if m == nil {
		return nil
	}
	s.logs.mu.Lock()
	defer s.logs.mu.Unlock()
	out := map[string]string{}
	for _, e := range s.logs.levelsOf(m, s.edition).effective() {
		out[e.K] = e.V.(string)
	}
	return out
}
