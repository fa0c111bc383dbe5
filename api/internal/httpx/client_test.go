package httpx

import "testing"

func TestClientKey(t *testing.T) {
	for ip, want := range map[string]string{
		"192.0.2.1":                 "192.0.2.1",
		"2001:db8:1:2:aaaa::1":      "2001:db8:1:2::/64",
		"2001:db8:1:2:ffff:1:2:3":   "2001:db8:1:2::/64",
		"2001:db8:1:3::1":           "2001:db8:1:3::/64",
		"::ffff:192.0.2.1":          "::ffff:192.0.2.1",
		"not an address, by design": "not an address, by design",
	} {
		if got := ClientKey(ip); got != want {
			t.Errorf("ClientKey(%q) = %q, want %q", ip, got, want)
		}
	}
}
