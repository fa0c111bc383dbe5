package webhook

import (
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"syscall"
	"time"
)

// ErrForbiddenAddress is a target that resolves to an address webhooks
// may not reach.
var ErrForbiddenAddress = errors.New("the address is private, loopback, link-local or otherwise not public")

// forbidden lists the ranges a webhook may not reach unless private
// targets are allowed: besides loopback, private, link-local (where
// cloud metadata services answer, 169.254.169.254 and fd00:ec2::254
// among them), multicast and unspecified addresses, which netip
// classifies, these are shared or reserved.
var forbidden = []netip.Prefix{
	netip.MustParsePrefix("0.0.0.0/8"),
	netip.MustParsePrefix("100.64.0.0/10"), // carrier-grade NAT
	netip.MustParsePrefix("192.0.0.0/24"),
	netip.MustParsePrefix("198.18.0.0/15"),
	netip.MustParsePrefix("240.0.0.0/4"),
	netip.MustParsePrefix("64:ff9b::/96"), // NAT64 reaches IPv4 behind it
	netip.MustParsePrefix("64:ff9b:1::/48"),
	netip.MustParsePrefix("2002::/16"), // 6to4 embeds IPv4
}

// Public reports whether a webhook may reach addr.
func Public(addr netip.Addr) bool {
	addr = addr.Unmap()
	if !addr.IsValid() || addr.IsLoopback() || addr.IsPrivate() || addr.IsLinkLocalUnicast() ||
		addr.IsLinkLocalMulticast() || addr.IsInterfaceLocalMulticast() || addr.IsMulticast() || addr.IsUnspecified() {
		return false
	}
	for _, p := range forbidden {
		if p.Contains(addr) {
			return false
		}
	}
	return true
}

// Client returns the HTTP client deliveries go out on. Its dialer checks
// each address after the name is resolved, just before connecting, so a
// name that resolves to a public address when checked and a private one
// when used (DNS rebinding) is still refused. It uses no proxy, follows
// no redirect (a 3xx answer is a failed attempt) and gives each attempt
// timeout in all.
func Client(timeout time.Duration, allowPrivate bool) *http.Client {
	dialer := &net.Dialer{Timeout: timeout, Control: func(network, address string, _ syscall.RawConn) error {
		if allowPrivate {
			return nil
		}
		ap, err := netip.ParseAddrPort(address)
		if err != nil {
			return fmt.Errorf("webhook target %s: %w", address, err)
		}
		if !Public(ap.Addr()) {
			return fmt.Errorf("webhook target %s: %w", ap.Addr(), ErrForbiddenAddress)
		}
		return nil
	}}
	transport := &http.Transport{
		Proxy:                 nil,
		DialContext:           dialer.DialContext,
		TLSHandshakeTimeout:   timeout,
		ResponseHeaderTimeout: timeout,
		MaxIdleConnsPerHost:   2,
		IdleConnTimeout:       30 * time.Second,
		ForceAttemptHTTP2:     true,
	}
	return &http.Client{Transport: transport, Timeout: timeout,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}
