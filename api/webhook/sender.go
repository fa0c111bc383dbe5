package webhook

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver"

	"unsc/models"
	"unsc/models/sqlstore"
)

// Store is what the sender asks of the store: the change feed's fan-out
// and the delivery queue.
type Store interface {
	DataVersion(ctx context.Context) (int64, error)
	AnyWebhook(ctx context.Context) (bool, error)
	Dispatch(ctx context.Context, now time.Time) (int, error)
	DeliveryToSend(ctx context.Context, job sqlstore.DeliveryArgs, now time.Time) (sqlstore.Attempt, bool, error)
	FinishDelivery(ctx context.Context, deliveryID int64, a models.DeliveryAttempt, retry models.RetryPolicy) (*time.Time, error)
	PruneDeliveries(ctx context.Context, now time.Time) (int64, error)
	QueueDriver() riverdriver.Driver[*sql.Tx]
}

// Options tune a Sender; the zero value of each field takes its default.
type Options struct {
	// AllowPrivate lets targets resolve to private, loopback and
	// link-local addresses (for tests and local use).
	AllowPrivate bool
	// Timeout bounds one attempt, from dialling to the answer's end.
	Timeout time.Duration
	// Senders is how many attempts run at once.
	Senders int
	// Poll is how often the sender looks for new changes (a cheap check
	// of the data version) and the queue for jobs that fell due.
	Poll time.Duration
	// Retry is how failing deliveries are retried; zero fields take
	// models.DefaultRetry's.
	Retry models.RetryPolicy
	Log   *slog.Logger
}

// Defaults of Options.
const (
	DefaultTimeout = 10 * time.Second
	DefaultSenders = 8
	DefaultPoll    = 25 * time.Millisecond
	// pruneEvery is how often finished deliveries past their keeping are
	// deleted.
	pruneEvery = time.Hour
)

// Sender runs the fan-out and the deliveries of one instance; instances
// sharing a database share the work.
type Sender struct {
	store  Store
	client *http.Client
	opts   Options
	now    func() time.Time
	queue  *river.Client[*sql.Tx]
}

// New makes a sender over store, with River's client to work the
// deliveries' jobs.
func New(store Store, o Options) (*Sender, error) {
	if o.Timeout <= 0 {
		o.Timeout = DefaultTimeout
	}
	if o.Senders <= 0 {
		o.Senders = DefaultSenders
	}
	if o.Poll <= 0 {
		o.Poll = DefaultPoll
	}
	if o.Log == nil {
		o.Log = slog.Default()
	}
	o.Retry = withDefaults(o.Retry)
	s := &Sender{store: store, client: Client(o.Timeout, o.AllowPrivate), opts: o, now: time.Now}
	workers := river.NewWorkers()
	if err := river.AddWorkerSafely(workers, &worker{s: s}); err != nil {
		return nil, err
	}
	var err error
	s.queue, err = river.NewClient(store.QueueDriver(), &river.Config{
		Queues:  map[string]river.QueueConfig{sqlstore.DeliveryQueue: {MaxWorkers: o.Senders}},
		Workers: workers,
		// A job is looked for as often as changes are; a job whose
		// worker died is run again once it has been running for
		// longer than any attempt and its record can take.
		FetchPollInterval:    o.Poll,
		FetchCooldown:        o.Poll / 5,
		JobTimeout:           jobTimeout(o),
		RescueStuckJobsAfter: jobTimeout(o) + 10*time.Second,
		Logger:               o.Log,
	})
	return s, err
}

// jobTimeout bounds one job: an attempt and the recording of it.
func jobTimeout(o Options) time.Duration { return 2*o.Timeout + 5*time.Second }

// Run fans out and sends until ctx ends; the jobs under way finish first
// (each within its timeout). River's client starts with the first
// subscription (startQueue).
func (s *Sender) Run(ctx context.Context) error {
	started := false
	defer func() {
		if started {
			stop, cancel := context.WithTimeout(context.Background(), jobTimeout(s.opts))
			defer cancel()
			s.queue.Stop(stop)
		}
	}()
	tick := time.NewTicker(s.opts.Poll)
	defer tick.Stop()
	var seen int64 = -1
	var lastPrune time.Time
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-tick.C:
		}
		if v, err := s.store.DataVersion(ctx); err == nil && v != seen {
			seen = v
			if !started {
				if started, err = s.startQueue(ctx); err != nil {
					return err
				}
			}
			s.dispatch(ctx)
		}
		if now := s.now(); now.Sub(lastPrune) >= pruneEvery {
			lastPrune = now
			if _, err := s.store.PruneDeliveries(ctx, now); err != nil && ctx.Err() == nil {
				s.opts.Log.Error("webhook deliveries: prune", slog.String("error", err.Error()))
			}
		}
	}
}

// startQueue starts River's client once any webhook is subscribed, and
// reports whether it did. Until then there is no delivery to work, and
// River's client would only poll for jobs: on SQLite, a query on the
// writer's one connection 40 times a second, 7% of a core on an idle
// server. The subscription is a write, so it is seen at the next change.
func (s *Sender) startQueue(ctx context.Context) (bool, error) {
	subscribed, err := s.store.AnyWebhook(ctx)
	if err != nil || !subscribed {
		if err != nil && ctx.Err() == nil {
			s.opts.Log.Error("webhooks: look for subscriptions", slog.String("error", err.Error()))
		}
		return false, nil
	}
	return true, s.queue.Start(context.WithoutCancel(ctx))
}

// dispatch fans out every change not yet fanned out.
func (s *Sender) dispatch(ctx context.Context) {
	for ctx.Err() == nil {
		n, err := s.store.Dispatch(ctx, s.now())
		if err != nil {
			if ctx.Err() == nil {
				s.opts.Log.Error("webhooks: fan-out", slog.String("error", err.Error()))
			}
			return
		}
		if n < sqlstore.DispatchBatch {
			return
		}
	}
}

// worker makes one attempt of a delivery per job, and has River run the
// job again when the delivery's next try falls due.
type worker struct {
	river.WorkerDefaults[sqlstore.DeliveryArgs]
	s *Sender
}

func (w *worker) Timeout(*river.Job[sqlstore.DeliveryArgs]) time.Duration {
	return jobTimeout(w.s.opts)
}

// Work attempts the delivery and records the attempt. The attempt and
// its record run to their end even when the tracker shuts down meanwhile
// (both are bounded): an attempt not recorded would be made again.
func (w *worker) Work(ctx context.Context, job *river.Job[sqlstore.DeliveryArgs]) error {
	s := w.s
	a, ok, err := s.store.DeliveryToSend(ctx, job.Args, s.now())
	if err != nil || !ok {
		return err
	}
	at := s.now()
	res := s.attempt(a, at)
	res.At, res.Duration = at, s.now().Sub(at).Milliseconds()
	record, cancel := context.WithTimeout(context.WithoutCancel(ctx), s.opts.Timeout)
	defer cancel()
	next, err := s.store.FinishDelivery(record, a.DeliveryID, res, s.opts.Retry)
	if err != nil {
		return err
	}
	if next != nil {
		return river.JobSnooze(max(time.Until(*next), 0))
	}
	return nil
}

// attempt posts the event and reads the start of the answer.
func (s *Sender) attempt(a sqlstore.Attempt, at time.Time) models.DeliveryAttempt {
	sig, err := Signature(a.Secrets, a.EventID, at, a.Payload)
	if err != nil {
		return models.DeliveryAttempt{Error: err.Error()}
	}
	ctx, cancel := context.WithTimeout(context.Background(), s.opts.Timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, a.URL, bytes.NewReader(a.Payload))
	if err != nil {
		return models.DeliveryAttempt{Error: "the URL cannot be requested"}
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "unsc-webhooks/1")
	req.Header.Set("webhook-id", a.EventID)
	req.Header.Set("webhook-timestamp", strconv.FormatInt(at.Unix(), 10))
	req.Header.Set("webhook-signature", sig)
	resp, err := s.client.Do(req)
	if err != nil {
		return models.DeliveryAttempt{Error: attemptError(err)}
	}
	defer resp.Body.Close()
	start, _ := io.ReadAll(io.LimitReader(resp.Body, sqlstore.MaxResponseKept))
	status := resp.StatusCode
	out := models.DeliveryAttempt{Status: &status, Response: string(start)}
	if !models.Succeeded(status) {
		out.Error = "the receiver answered " + resp.Status
	}
	return out
}

// attemptError says why an attempt got no answer, without the details
// of the tracker's own network.
func attemptError(err error) string {
	switch {
	case errors.Is(err, ErrForbiddenAddress):
		return "refused: the target resolves to a private, loopback, link-local or reserved address"
	case errors.Is(err, context.DeadlineExceeded):
		return "no answer within the attempt's time limit"
	default:
		var ue interface{ Timeout() bool }
		if errors.As(err, &ue) && ue.Timeout() {
			return "no answer within the attempt's time limit"
		}
		return "could not reach the receiver: " + rootCause(err)
	}
}

// rootCause is the innermost error's text: "connection refused" rather
// than the whole chain with the tracker's own addresses in it.
func rootCause(err error) string {
	for {
		next := errors.Unwrap(err)
		if next == nil {
			return err.Error()
		}
		err = next
	}
}

func withDefaults(p models.RetryPolicy) models.RetryPolicy {
	d := models.DefaultRetry
	if p.First <= 0 {
		p.First = d.First
	}
	if p.Most <= 0 {
		p.Most = d.Most
	}
	if p.For <= 0 {
		p.For = d.For
	}
	return p
}
