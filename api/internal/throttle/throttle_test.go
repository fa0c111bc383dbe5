package throttle

import (
	"fmt"
	"testing"
	"time"
)

// TestAuthThrottleIsBounded fails from 20,000 addresses against a table of
// 1,000: it never holds more, forgets the oldest first, and still slows
// down the newest guesser.
func TestAuthThrottleIsBounded(t *testing.T) {
	now := time.Date(2026, 11, 28, 12, 0, 0, 0, time.UTC)
	const bound = 1000
	th := New(func() time.Time { return now }, 3, time.Minute, bound)
	first := FailureKeys("203.0.113.9", "unsc_firstguess")
	for range 3 {
		th.Fail(first...)
	}
	if th.Blocked(first...) <= 0 {
		t.Fatal("three failures did not slow the client down")
	}
	var last []string
	for i := range 20000 {
		last = FailureKeys(fmt.Sprintf("10.%d.%d.%d", i>>16, i>>8&255, i&255), fmt.Sprintf("unsc_guess%d", i))
		th.Fail(last...)
		if n := th.Size(); n > bound {
			t.Fatalf("after %d addresses the throttle holds %d entries, over its bound %d", i+1, n, bound)
		}
	}
	if th.Size() != bound || !th.entries.Contains(last[0]) || !th.entries.Contains(last[1]) {
		t.Errorf("%d entries, the newest among them: %v; want %d", th.Size(), th.entries.Contains(last[0]), bound)
	}
	if th.Blocked(first...) != 0 {
		t.Error("the oldest entries were kept over the newest")
	}
	for range 2 {
		th.Fail(last...)
	}
	if wait := th.Blocked(last...); wait != time.Minute {
		t.Errorf("the newest guesser waits %s, want a minute", wait)
	}
	now = now.Add(time.Minute + time.Second)
	if wait := th.Blocked(last...); wait != 0 {
		t.Errorf("still waiting %s after the window", wait)
	}
	th.Fail(last...)
	if wait := th.Blocked(last...); wait != 0 {
		t.Errorf("one failure after the window waits %s: old failures were not forgotten", wait)
	}
}
