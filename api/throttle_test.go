package api

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
	th := newAuthThrottle(func() time.Time { return now }, 3, time.Minute, bound)
	first := failureKeys("203.0.113.9", "unsc_firstguess")
	for range 3 {
		th.fail(first...)
	}
	if th.blocked(first...) <= 0 {
		t.Fatal("three failures did not slow the client down")
	}
	var last []string
	for i := range 20000 {
		last = failureKeys(fmt.Sprintf("10.%d.%d.%d", i>>16, i>>8&255, i&255), fmt.Sprintf("unsc_guess%d", i))
		th.fail(last...)
		if n := th.size(); n > bound {
			t.Fatalf("after %d addresses the throttle holds %d entries, over its bound %d", i+1, n, bound)
		}
	}
	if th.size() != bound || len(th.entries) != bound {
		t.Errorf("%d entries in order, %d in the index; want %d", th.size(), len(th.entries), bound)
	}
	if th.blocked(first...) != 0 {
		t.Error("the oldest entries were kept over the newest")
	}
	for range 2 {
		th.fail(last...)
	}
	if wait := th.blocked(last...); wait != time.Minute {
		t.Errorf("the newest guesser waits %s, want a minute", wait)
	}
	now = now.Add(time.Minute + time.Second)
	if wait := th.blocked(last...); wait != 0 {
		t.Errorf("still waiting %s after the window", wait)
	}
	th.fail(last...)
	if wait := th.blocked(last...); wait != 0 {
		t.Errorf("one failure after the window waits %s: old failures were not forgotten", wait)
	}
}

func TestClientKey(t *testing.T) {
	for ip, want := range map[string]string{
		"192.0.2.1":                 "192.0.2.1",
		"2001:db8:1:2:aaaa::1":      "2001:db8:1:2::/64",
		"2001:db8:1:2:ffff:1:2:3":   "2001:db8:1:2::/64",
		"2001:db8:1:3::1":           "2001:db8:1:3::/64",
		"::ffff:192.0.2.1":          "::ffff:192.0.2.1",
		"not an address, by design": "not an address, by design",
	} {
		if got := clientKey(ip); got != want {
			t.Errorf("clientKey(%q) = %q, want %q", ip, got, want)
		}
	}
}
