package httpx

import "net/netip"

// ClientKey is the address that limits per client count against. An IPv6
// client is its /64, since one host is commonly given a whole /64 and
// could otherwise take a fresh address for every attempt.
func ClientKey(ip string) string {
	a, err := netip.ParseAddr(ip)
	if err != nil || !a.Is6() || a.Is4In6() {
		return ip
	}
	p, _ := a.Prefix(64)
	return p.String()
}
