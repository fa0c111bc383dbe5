package sqlstore

import (
	"net/url"
	"slices"
	"strings"
)

// A PostgreSQL connection string comes in the two forms libpq reads: a
// URL (postgres:// or postgresql://, the scheme in any case) or keywords
// and values (host=db.internal dbname=unsc user=unsc password=...). The
// password can stand in the URL's user part, in a password= parameter of
// either form, or nowhere (PGPASSWORD, a password file). Whatever the
// form, it must never reach a log line, an error or another process's
// command line: what follows finds the form, masks the password for
// showing, and takes it out for pg_dump.

// libpqKeywords are the keywords libpq knows, the first of which marks a
// location as a keyword/value connection string rather than a file name.
var libpqKeywords = map[string]bool{
	"host": true, "hostaddr": true, "port": true, "dbname": true, "user": true, "password": true,
	"passfile": true, "require_auth": true, "channel_binding": true, "connect_timeout": true,
	"client_encoding": true, "options": true, "application_name": true, "fallback_application_name": true,
	"keepalives": true, "keepalives_idle": true, "keepalives_interval": true, "keepalives_count": true,
	"tcp_user_timeout": true, "replication": true, "gssencmode": true, "sslmode": true,
	"sslnegotiation": true, "sslcompression": true, "sslcert": true, "sslkey": true, "sslpassword": true,
	"sslcertmode": true, "sslrootcert": true, "sslcrl": true, "sslcrldir": true, "sslsni": true,
	"requirepeer": true, "ssl_min_protocol_version": true, "ssl_max_protocol_version": true,
	"krbsrvname": true, "gsslib": true, "gssdelegation": true, "service": true,
	"target_session_attrs": true, "load_balance_hosts": true,
}

// secretKeys are the parameters whose values are secrets.
var secretKeys = map[string]bool{"password": true, "sslpassword": true}

// masked stands for a secret in what is shown.
const masked = "xxxxx"

// IsPostgres reports whether location names a PostgreSQL database (a
// postgres:// or postgresql:// URL, in any case, or libpq's keyword/value
// form) rather than a SQLite file.
func IsPostgres(location string) bool {
	return isPostgresURL(location) || isKeywordValue(location)
}

func isPostgresURL(s string) bool {
	scheme, _, ok := strings.Cut(strings.TrimSpace(s), "://")
	return ok && (strings.EqualFold(scheme, "postgres") || strings.EqualFold(scheme, "postgresql"))
}

// isKeywordValue reports whether s begins as libpq's keyword/value form
// does: a keyword libpq knows, then =. The rest need not parse: a string
// that starts so is a connection string gone wrong, never a file to
// create under that name.
func isKeywordValue(s string) bool {
	key, _, ok := strings.Cut(strings.TrimSpace(s), "=")
	return ok && libpqKeywords[strings.TrimSpace(key)]
}

// postgresDSN is location as pgx and libpq read it: a URL's scheme in
// lower case, which both require.
func postgresDSN(location string) string {
	location = strings.TrimSpace(location)
	if scheme, rest, ok := strings.Cut(location, "://"); ok && isPostgresURL(location) {
		return strings.ToLower(scheme) + "://" + rest
	}
	return location
}

// Redact returns location fit for a log line or an error: every password
// in it masked, in any form. A connection string it cannot read is not
// shown at all.
func Redact(location string) string {
	switch {
	case strings.Contains(location, "://"):
		u, err := url.Parse(postgresDSN(location))
		if err != nil {
			scheme, _, _ := strings.Cut(location, "://")
			return strings.ToLower(scheme) + "://(a connection string that cannot be read; not shown)"
		}
		maskURL(u)
		return u.String()
	case isKeywordValue(location):
		pairs, ok := parseKeywordValue(location)
		if !ok {
			return "(a connection string that cannot be read; not shown)"
		}
		for i := range pairs {
			if secretKeys[pairs[i].key] {
				pairs[i].value = masked
			}
		}
		return formatKeywordValue(pairs)
	}
	return location
}

// maskURL masks the password of u's user part and of its parameters.
func maskURL(u *url.URL) {
	if _, ok := u.User.Password(); ok {
		u.User = url.UserPassword(u.User.Username(), masked)
	}
	params := splitQuery(u.RawQuery)
	for i := range params {
		if secretKeys[params[i].key] {
			params[i].value = masked
		}
	}
	u.RawQuery = joinQuery(params)
}

// splitQuery reads a URL's parameters as libpq does: a + is itself, not
// a space.
func splitQuery(raw string) []kvPair {
	var params []kvPair
	for _, part := range strings.Split(raw, "&") {
		if part == "" {
			continue
		}
		k, v, _ := strings.Cut(part, "=")
		key, err := url.PathUnescape(k)
		if err != nil {
			key = k
		}
		value, err := url.PathUnescape(v)
		if err != nil {
			value = v
		}
		params = append(params, kvPair{key, value})
	}
	return params
}

// joinQuery writes parameters back, a space as %20.
func joinQuery(params []kvPair) string {
	parts := make([]string, len(params))
	for i, p := range params {
		parts[i] = strings.ReplaceAll(url.QueryEscape(p.key)+"="+url.QueryEscape(p.value), "+", "%20")
	}
	return strings.Join(parts, "&")
}

// kvPair is one keyword and its value.
type kvPair struct{ key, value string }

// parseKeywordValue reads libpq's keyword/value form: keyword = value,
// separated by spaces; a value in single quotes may hold spaces, and a
// backslash escapes the next character in either.
func parseKeywordValue(s string) ([]kvPair, bool) {
	var pairs []kvPair
	i := 0
	skipSpace := func() {
		for i < len(s) && strings.IndexByte(" \t\n\r\f\v", s[i]) >= 0 {
			i++
		}
	}
	for skipSpace(); i < len(s); skipSpace() {
		eq := strings.IndexByte(s[i:], '=')
		if eq <= 0 {
			return nil, false
		}
		key := strings.TrimSpace(s[i : i+eq])
		if key == "" || strings.ContainsAny(key, " \t\n\r'\\") {
			return nil, false
		}
		i += eq + 1
		skipSpace()
		value, n, ok := kvValue(s[i:])
		if !ok {
			return nil, false
		}
		i += n
		pairs = append(pairs, kvPair{key, value})
	}
	return pairs, len(pairs) > 0
}

// kvValue reads one value at the start of s and says how many bytes it
// took.
func kvValue(s string) (string, int, bool) {
	var b strings.Builder
	quoted := strings.HasPrefix(s, "'")
	i := 0
	if quoted {
		i = 1
	}
	for ; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '\\' && i+1 < len(s):
			i++
			b.WriteByte(s[i])
		case quoted && c == '\'':
			return b.String(), i + 1, true
		case !quoted && strings.IndexByte(" \t\n\r\f\v", c) >= 0:
			return b.String(), i, true
		default:
			b.WriteByte(c)
		}
	}
	return b.String(), i, !quoted
}

// formatKeywordValue writes pairs back in keyword/value form, each value
// quoted.
func formatKeywordValue(pairs []kvPair) string {
	parts := make([]string, len(pairs))
	for i, p := range pairs {
		v := strings.NewReplacer(`\`, `\\`, `'`, `\'`).Replace(p.value)
		parts[i] = p.key + "='" + v + "'"
	}
	return strings.Join(parts, " ")
}

// pgxOnly are parameters pgx reads and libpq refuses: pg_dump is given
// the connection string without them.
var pgxOnly = []string{"default_query_exec_mode", "statement_cache_capacity", "description_cache_capacity"}

// withoutPassword splits a PostgreSQL connection string into the string
// without its password (nor pgx's own parameters, which libpq refuses),
// for a command line, and the password, for the environment. It refuses
// a string it cannot read, whose password it could not take out.
func withoutPassword(dsn string) (rest, password string, ok bool) {
	dsn = postgresDSN(dsn)
	if isPostgresURL(dsn) {
		u, err := url.Parse(dsn)
		if err != nil {
			return "", "", false
		}
		if pw, has := u.User.Password(); has {
			password = pw
			u.User = url.User(u.User.Username())
		}
		var kept []kvPair
		for _, p := range splitQuery(u.RawQuery) {
			switch {
			case p.key == "password":
				password = p.value
			case !slices.Contains(pgxOnly, p.key):
				kept = append(kept, p)
			}
		}
		u.RawQuery = joinQuery(kept)
		return u.String(), password, true
	}
	pairs, ok := parseKeywordValue(dsn)
	if !ok {
		return "", "", false
	}
	kept := pairs[:0]
	for _, p := range pairs {
		switch {
		case p.key == "password":
			password = p.value
		case !slices.Contains(pgxOnly, p.key):
			kept = append(kept, p)
		}
	}
	return formatKeywordValue(kept), password, true
}
