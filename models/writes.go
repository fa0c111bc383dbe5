package models

import (
	"context"
	"errors"
	"time"

	"gorm.io/gorm"
)

type ctxKey int

const (
	actorKey ctxKey = iota
	replayKey
)

// WithActor names who makes the writes done with ctx: the API key's name,
// recorded beside every position, vote and change.
func WithActor(ctx context.Context, name string) context.Context {
	return context.WithValue(ctx, actorKey, name)
}

func actorOf(ctx context.Context) string {
	name, _ := ctx.Value(actorKey).(string)
	return name
}

// Response is a write's answer as first sent, kept to replay to retries.
type Response struct {
	Status   int
	Location string
	ETag     string
	Body     []byte
}

// Replay asks that a write's response be kept under an idempotency key,
// committed in the same transaction as the write itself.
type Replay struct {
	Key         string
	Method      string
	Path        string
	Fingerprint string
	// Render makes the response from the write's result.
	Render func(result any) (Response, error)
}

// StoredReplay is a kept response and what it answered.
type StoredReplay struct {
	Response
	Method, Path, Fingerprint string
}

// ReplayTTL is how long idempotency keys are kept at least.
const ReplayTTL = 24 * time.Hour

// ErrReplayRace reports that another request with the same idempotency
// key committed first; the write was rolled back and that response stands.
var ErrReplayRace = errors.New("idempotency key used by a concurrent request")

// WithReplay makes the write done with ctx keep its response under r.Key.
func WithReplay(ctx context.Context, r *Replay) context.Context {
	return context.WithValue(ctx, replayKey, r)
}

type replayRow struct {
	KeyName     string `gorm:"primaryKey"`
	IdemKey     string `gorm:"primaryKey"`
	Method      string
	Path        string
	Fingerprint string
	Status      int
	Location    string
	Etag        string
	Body        string
	CreatedAt   time.Time
}

func (replayRow) TableName() string { return "replays" }

// FindReplay returns the response kept for the actor's idempotency key,
// or nil when there is none (or it expired).
func (s *Store) FindReplay(ctx context.Context, key string) (*StoredReplay, error) {
	var rows []replayRow
	err := s.r.WithContext(ctx).Where("key_name = ? AND idem_key = ? AND created_at > ?", actorOf(ctx), key, s.now().UTC().Add(-2*ReplayTTL)).
		Limit(1).Find(&rows).Error
	if err != nil || len(rows) == 0 {
		return nil, err
	}
	r := rows[0]
	return &StoredReplay{Response: Response{Status: r.Status, Location: r.Location, ETag: r.Etag, Body: []byte(r.Body)},
		Method: r.Method, Path: r.Path, Fingerprint: r.Fingerprint}, nil
}

// PurgeReplays forgets idempotency keys older than twice ReplayTTL.
func (s *Store) PurgeReplays(ctx context.Context) (int64, error) {
	res := s.w.WithContext(ctx).Where("created_at < ?", s.now().UTC().Add(-2*ReplayTTL)).Delete(&replayRow{})
	return res.RowsAffected, res.Error
}

// writeTx runs fn in one immediate transaction on the writer connection.
// When ctx carries a Replay, the response to the result is kept in the
// same transaction: the write and its idempotency key commit together.
func writeTx[T any](s *Store, ctx context.Context, fn func(tx *gorm.DB) (T, error)) (T, error) {
	var out T
	err := s.w.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var err error
		if out, err = fn(tx); err != nil {
			return err
		}
		r, _ := ctx.Value(replayKey).(*Replay)
		if r == nil {
			return nil
		}
		res, err := r.Render(out)
		if err != nil {
			return err
		}
		err = tx.Create(&replayRow{KeyName: actorOf(ctx), IdemKey: r.Key, Method: r.Method, Path: r.Path,
			Fingerprint: r.Fingerprint, Status: res.Status, Location: res.Location, Etag: res.ETag,
			Body: string(res.Body), CreatedAt: s.now().UTC()}).Error
		if isUniqueViolation(err) {
			return ErrReplayRace
		}
		return err
	})
	if err == nil {
		s.committed()
	}
	return out, err
}

// Change kinds in the change feed.
const (
	ChangeMemberCreated = "member.created"
	ChangeTermAdded     = "member.term_added"
	ChangeSourceCreated = "source.created"
	ChangeDraftCreated  = "draft.created"
	ChangeDraftUpdated  = "draft.updated"
	ChangePositionAdded = "position.recorded"
	ChangeVoteRecorded  = "vote.recorded"
	ChangeVoteCorrected = "vote.corrected"
)

// Change is one write in the change feed.
type Change struct {
	ID         int64     `json:"id"`
	Kind       string    `json:"kind"`
	DraftID    *int64    `json:"draft_id"`
	MemberCode *string   `json:"member"`
	SourceID   *int64    `json:"source_id"`
	PositionID *int64    `json:"position_id"`
	KeyName    string    `json:"by"`
	At         time.Time `json:"at"`
}

func (Change) TableName() string { return "changes" }

// logChange appends a write to the change feed, in the write's transaction.
func (s *Store) logChange(ctx context.Context, tx *gorm.DB, c Change) error {
	c.KeyName = actorOf(ctx)
	c.At = s.now().UTC()
	return tx.Create(&c).Error
}

func ref[T any](v T) *T { return &v }
