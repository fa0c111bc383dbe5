// Package webhook sends subscriptions their events: it fans the change
// feed out into deliveries, sends each, signed as Standard Webhooks 1.0
// asks, to addresses it is allowed to reach, and records every attempt.
package webhook

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// secretPrefix begins every secret the tracker gives out.
const secretPrefix = "whsec_"

// Signature is the webhook-signature header of a message: for each
// secret, "v1," and the base64 HMAC-SHA256, keyed with the secret's
// bytes, of "id.timestamp.body", separated by spaces. Several secrets
// sign while a rotated-out one is still valid, so that a receiver
// holding either accepts the message.
func Signature(secrets []string, id string, at time.Time, body []byte) (string, error) {
	ts := strconv.FormatInt(at.Unix(), 10)
	var sigs []string
	for _, s := range secrets {
		key, err := base64.StdEncoding.DecodeString(strings.TrimPrefix(s, secretPrefix))
		if err != nil {
			return "", fmt.Errorf("a webhook secret is not base64: %w", err)
		}
		mac := hmac.New(sha256.New, key)
		mac.Write([]byte(id + "." + ts + "."))
		mac.Write(body)
		sigs = append(sigs, "v1,"+base64.StdEncoding.EncodeToString(mac.Sum(nil)))
	}
	return strings.Join(sigs, " "), nil
}
