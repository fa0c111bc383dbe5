package webhook

import (
	"net/http"
	"net/netip"
	"strconv"
	"testing"
	"time"

	standardwebhooks "github.com/standard-webhooks/standard-webhooks/libraries/go"
)

// TestPublic: the addresses a webhook may not reach, IPv4 and IPv6,
// written plainly or mapped or embedded.
func TestPublic(t *testing.T) {
	for addr, want := range map[string]bool{
		"8.8.8.8": true, "2606:4700:4700::1111": true, "198.51.100.7": true,
		"127.0.0.1": false, "::1": false, "10.1.2.3": false, "172.16.0.1": false, "192.168.1.1": false,
		"169.254.169.254": false, "fd00:ec2::254": false, "fe80::1": false, "100.64.0.1": false,
		"0.0.0.0": false, "::": false, "224.0.0.1": false, "ff02::1": false, "240.0.0.1": false,
		"::ffff:127.0.0.1": false, "::ffff:10.0.0.1": false, "64:ff9b::7f00:1": false, "2002:7f00:1::": false,
	} {
		if got := Public(netip.MustParseAddr(addr)); got != want {
			t.Errorf("Public(%s) = %v, want %v", addr, got, want)
		}
	}
}

// TestSignatureAsTheReferenceLibrarySigns: the signature of a message is
// the one the Standard Webhooks reference library makes of it, and the
// library verifies a header carrying two, the old secret's and the new.
func TestSignatureAsTheReferenceLibrarySigns(t *testing.T) {
	const oldSecret, newSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD"
	at := time.Now()
	body := []byte(`{"type":"vote.recorded","timestamp":"2012-02-04T00:00:00Z","data":{}}`)
	got, err := Signature([]string{oldSecret}, "msg_1", at, body)
	if err != nil {
		t.Fatal(err)
	}
	ref, _ := standardwebhooks.NewWebhook(oldSecret)
	want, err := ref.Sign("msg_1", at, body)
	if err != nil || got != want {
		t.Fatalf("signature %q, the reference library's %q (%v)", got, want, err)
	}
	both, _ := Signature([]string{newSecret, oldSecret}, "msg_1", at, body)
	for _, secret := range []string{oldSecret, newSecret} {
		wh, _ := standardwebhooks.NewWebhook(secret)
		h := http.Header{}
		h.Set("webhook-id", "msg_1")
		h.Set("webhook-timestamp", strconv.FormatInt(at.Unix(), 10))
		h.Set("webhook-signature", both)
		if err := wh.Verify(body, h); err != nil {
			t.Errorf("%s does not verify %q: %v", secret[:10], both, err)
		}
	}
	h := http.Header{}
	h.Set("webhook-id", "msg_2") // another message: refused
	h.Set("webhook-timestamp", strconv.FormatInt(at.Unix(), 10))
	h.Set("webhook-signature", both)
	if wh, _ := standardwebhooks.NewWebhook(oldSecret); wh.Verify(body, h) == nil {
		t.Error("a signature verified for another message id")
	}
}
