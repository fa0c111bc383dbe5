package main

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Flags with a range. A value outside it is an error at start naming the
// flag (or the environment variable that gave it), never replaced by the
// default in silence: someone who wrote --db-conns 0 meant something, and
// must learn that it was not done.

// minInt is an int flag's value, refused below min.
type minInt struct {
	v   *int
	min int
}

func (m *minInt) String() string {
	if m.v == nil {
		return "0"
	}
	return strconv.Itoa(*m.v)
}

func (m *minInt) Set(s string) error {
	n, err := strconv.Atoi(s)
	if err != nil {
		return errors.New("must be a whole number")
	}
	if n < m.min {
		return fmt.Errorf("must be at least %d", m.min)
	}
	*m.v = n
	return nil
}

// intFlag adds an int flag whose value must be at least min. Its usage
// names the value `N`.
func (c *command) intFlag(name string, def, min int, usage string) *int {
	v := def
	c.Var(&minInt{v: &v, min: min}, name, usage)
	return &v
}

// minDuration is a duration flag's value, refused when negative, and when
// zero unless zero is allowed.
type minDuration struct {
	v         *time.Duration
	allowZero bool
}

func (m *minDuration) String() string {
	if m.v == nil {
		return "0s"
	}
	return m.v.String()
}

func (m *minDuration) Set(s string) error {
	d, err := time.ParseDuration(s)
	switch {
	case err != nil:
		return errors.New("must be a duration, such as 90s, 10m or 1h30m")
	case d < 0:
		return errors.New("must not be negative")
	case d == 0 && !m.allowZero:
		return errors.New("must be longer than 0s")
	}
	*m.v = d
	return nil
}

// durationFlag adds a duration flag that must be longer than zero.
func (c *command) durationFlag(name string, def time.Duration, usage string) *time.Duration {
	v := def
	c.Var(&minDuration{v: &v}, name, withRange(usage, "a `duration` longer than 0s"))
	return &v
}

// durationOrZeroFlag adds a duration flag that may be zero, not negative.
func (c *command) durationOrZeroFlag(name string, def time.Duration, usage string) *time.Duration {
	v := def
	c.Var(&minDuration{v: &v, allowZero: true}, name, withRange(usage, "a `duration`, 0s or more"))
	return &v
}

// withRange puts what a flag takes into its usage, before the
// environment variable it names.
func withRange(usage, what string) string {
	if i := strings.LastIndex(usage, " (env "); i >= 0 {
		return usage[:i] + "; " + what + usage[i:]
	}
	return usage + "; " + what
}
