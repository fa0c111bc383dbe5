package throttle

import (
	"context"
	"testing"
	"time"
)

func TestResearchShareRefills(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	r := NewResearch(func() time.Time { return now }, 3, 0.5, 2, 4, time.Second, 2)
	for i := range 3 {
		if wait := r.Take("a"); wait != 0 {
			t.Fatalf("take %d of a burst of 3: wait %s", i+1, wait)
		}
	}
	if wait := r.Take("a"); wait != 2*time.Second {
		t.Errorf("past the burst: wait %s, want 2s at 0.5 a second", wait)
	}
	r.Refund("a")
	if wait := r.Take("a"); wait != 0 {
		t.Errorf("after a refund: wait %s", wait)
	}
	now = now.Add(2 * time.Second)
	if wait := r.Take("a"); wait != 0 {
		t.Errorf("two seconds on: wait %s", wait)
	}
	// Remembering two clients at most, a third forgets the least recent.
	r.Take("b")
	r.Take("c")
	if r.buckets.Len() != 2 || r.buckets.Contains("a") {
		t.Errorf("remembers %d clients, a among them: %v", r.buckets.Len(), r.buckets.Contains("a"))
	}
}

// TestResearchSlots: at most slots computations at once; a bounded line
// waits for a slot, and beyond it, or past the wait, a request is
// refused rather than held.
func TestResearchSlots(t *testing.T) {
	r := NewResearch(time.Now, 100, 1, 2, 1, 200*time.Millisecond, 10)
	ctx := context.Background()
	var releases []func()
	for range 2 {
		release, ok := r.Enter(ctx)
		if !ok {
			t.Fatal("a free slot was refused")
		}
		releases = append(releases, release)
	}
	got := make(chan func())
	go func() {
		release, _ := r.Enter(ctx) // waits in line
		got <- release
	}()
	time.Sleep(50 * time.Millisecond)
	if _, ok := r.Enter(ctx); ok {
		t.Error("admitted past the slots with the line full")
	}
	releases[0]()
	if <-got == nil {
		t.Fatal("the request in line did not get the freed slot")
	}
	start := time.Now()
	if _, ok := r.Enter(ctx); ok || time.Since(start) < 200*time.Millisecond {
		t.Errorf("with every slot held: admitted %v after %s, want refused after the wait", ok, time.Since(start))
	}
	if r.Busy() != 2 {
		t.Errorf("busy %d, want 2", r.Busy())
	}
}
