package sqlstore

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"sync"
	"time"
	"unsc/models"

	"gorm.io/gorm"
)

type keyRow struct {
	Name      string `gorm:"primaryKey"`
	TokenHash string
	CreatedAt time.Time
	RevokedAt *time.Time
}

func (keyRow) TableName() string { return "api_keys" }

// Key is a named write credential; its token is never stored or shown again.
type Key struct {
	Name      string     `json:"name"`
	CreatedAt time.Time  `json:"created_at"`
	RevokedAt *time.Time `json:"revoked_at"`
}

// tokenPrefix marks tokens as ours, so that a leaked one is recognisable.
const tokenPrefix = "unsc_"

func hashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// CreateKey makes a key called name and returns its token, the only time
// the token exists outside the caller: only its SHA-256 hash is kept.
func (s *Store) CreateKey(ctx context.Context, name string) (string, error) {
	if err := models.ValidateKeyName(name); err != nil {
		return "", err
	}
	buf := make([]byte, 32)
	if _, err := rand.Read(buf); err != nil {
		return "", err
	}
	token := tokenPrefix + base64.RawURLEncoding.EncodeToString(buf)
	err := s.write(ctx, func(tx *gorm.DB) error {
		err := tx.Create(&keyRow{Name: name, TokenHash: hashToken(token), CreatedAt: s.now().UTC()}).Error
		if isUniqueViolation(err) {
			return models.Conflict("a key named %s already exists", name)
		}
		s.keysWritten.Store(true)
		return err
	})
	if err != nil {
		return "", err
	}
	return token, nil
}

// ListKeys lists keys by name, without tokens.
func (s *Store) ListKeys(ctx context.Context) ([]Key, error) {
	var rows []keyRow
	if err := s.r.WithContext(ctx).Order("name").Find(&rows).Error; err != nil {
		return nil, err
	}
	out := make([]Key, len(rows))
	for i, r := range rows {
		out[i] = Key{Name: r.Name, CreatedAt: r.CreatedAt, RevokedAt: r.RevokedAt}
	}
	return out, nil
}

// RevokeKey stops the named key from working, at once.
func (s *Store) RevokeKey(ctx context.Context, name string) error {
	return s.write(ctx, func(tx *gorm.DB) error {
		s.keysWritten.Store(true)
		res := tx.Model(&keyRow{}).Where("name = ? AND revoked_at IS NULL", name).Update("revoked_at", s.now().UTC())
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return models.NotFound("no active key named %s", name)
		}
		return nil
	})
}

// keyCache holds the active keys' hashes, read again whenever a key is
// created or revoked by any process (the keys count, see counters).
type keyCache struct {
	mu      sync.Mutex
	version uint64
	loaded  bool
	keys    []keyRow
}

func (s *Store) activeKeys(ctx context.Context) ([]keyRow, error) {
	now, err := s.versions.current(ctx)
	if err != nil {
		return nil, err
	}
	v := now.keys
	c := &s.keyCache
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.loaded && c.version == v {
		return c.keys, nil
	}
	var rows []keyRow
	// On the prompt pool: every write authenticates first.
	if err := s.prompt.WithContext(ctx).Where("revoked_at IS NULL").Find(&rows).Error; err != nil {
		return nil, err
	}
	c.keys, c.version, c.loaded = rows, v, true
	return rows, nil
}

// Authenticate returns the name of the active key whose token this is.
// Every active key's hash is compared in constant time, so the answer's
// timing says nothing about how close a guess came.
func (s *Store) Authenticate(ctx context.Context, token string) (string, error) {
	rows, err := s.activeKeys(ctx)
	if err != nil {
		return "", err
	}
	want := []byte(hashToken(token))
	name := ""
	for _, r := range rows {
		if subtle.ConstantTimeCompare([]byte(r.TokenHash), want) == 1 {
			name = r.Name
		}
	}
	if name == "" {
		return "", &models.Error{Kind: models.KindUnauthenticated, Message: "the token is not valid"}
	}
	return name, nil
}
