package sqlstore

import (
	"context"
	"errors"
	"time"

	"gorm.io/gorm"
)

// Replay keeps the answer to a write under the key a client chose for it,
// so that a retry gets the first answer back and nothing is written
// twice. The answer is opaque to the store: Encode makes it from the
// write's result, inside the write's transaction.
type Replay[T any] struct {
	// Key is the client's idempotency key.
	Key string
	// Fingerprint says what the request was; a retry must match it.
	Fingerprint string
	// Encode turns the write's result into the answer to keep.
	Encode func(T) ([]byte, error)
}

// KeptAnswer is the answer kept under an idempotency key and the
// fingerprint of the request it answered.
type KeptAnswer struct {
	Fingerprint string
	Answer      []byte
}

// ReplayTTL is how long idempotency keys are kept at least.
const ReplayTTL = 24 * time.Hour

// ErrReplayRace reports that another request with the same idempotency
// key committed first; the write was rolled back and that answer stands.
var ErrReplayRace = errors.New("idempotency key used by a concurrent request")

type replayRow struct {
	KeyName     string `gorm:"primaryKey"`
	IdemKey     string `gorm:"primaryKey"`
	Fingerprint string
	Answer      []byte
	CreatedAt   time.Time
}

func (replayRow) TableName() string { return "replays" }

// keepReplay stores r's answer to result under holder's key, in tx. A key
// already taken means a concurrent retry committed first.
func keepReplay[T any](s *Store, tx *gorm.DB, holder string, r *Replay[T], result T) error {
	if r == nil {
		return nil
	}
	answer, err := r.Encode(result)
	if err != nil {
		return err
	}
	_, err = s.exec(tx, sqlInsertReplay, holder, r.Key, r.Fingerprint, answer, s.now().UTC())
	if isUniqueViolation(err) {
		return ErrReplayRace
	}
	return err
}

// FindReplay returns the answer kept under holder's idempotency key, or
// nil when there is none (or it expired). Keys belong to their holder: the
// same key sent by another holder is another key.
func (s *Store) FindReplay(ctx context.Context, holder, key string) (*KeptAnswer, error) {
	var rows []replayRow
	// On the prompt pool: a write asks before it is made.
	err := s.prompt.WithContext(ctx).Where("key_name = ? AND idem_key = ? AND created_at > ?", holder, key, s.now().UTC().Add(-2*ReplayTTL)).
		Limit(1).Find(&rows).Error
	if err != nil || len(rows) == 0 {
		return nil, err
	}
	return &KeptAnswer{Fingerprint: rows[0].Fingerprint, Answer: rows[0].Answer}, nil
}

// PurgeReplays forgets idempotency keys older than twice ReplayTTL.
func (s *Store) PurgeReplays(ctx context.Context) (int64, error) {
	var n int64
	err := s.write(ctx, func(tx *gorm.DB) error {
		res := tx.Where("created_at < ?", s.now().UTC().Add(-2*ReplayTTL)).Delete(&replayRow{})
		n = res.RowsAffected
		return res.Error
	})
	return n, err
}
