package models

import (
	"encoding/json"
	"fmt"
	"time"
)

// Date is a calendar date, written YYYY-MM-DD. Valid dates order as strings.
type Date string

const dateLayout = "2006-01-02"

// ParseDate checks that s is a real calendar date in YYYY-MM-DD form.
func ParseDate(s string) (Date, error) {
	t, err := time.Parse(dateLayout, s)
	if err != nil || t.Format(dateLayout) != s {
		return "", fmt.Errorf("must be a date written YYYY-MM-DD")
	}
	return Date(s), nil
}

// DateOf returns the calendar date of t in UTC.
func DateOf(t time.Time) Date { return Date(t.UTC().Format(dateLayout)) }

// Year returns the calendar year of a valid date.
func (d Date) Year() int {
	t, _ := time.Parse(dateLayout, string(d))
	return t.Year()
}

// AddDays returns the date n days after d (before it when n < 0).
func (d Date) AddDays(n int) Date {
	t, _ := time.Parse(dateLayout, string(d))
	return DateOf(t.AddDate(0, 0, n))
}

// UnmarshalJSON accepts only a real date in YYYY-MM-DD form.
func (d *Date) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return fmt.Errorf("must be a date written YYYY-MM-DD")
	}
	v, err := ParseDate(s)
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// The earliest dates the tracker accepts: the Council first met on 17
// January 1946; a source about it cannot predate the Charter's signing.
const (
	FirstMeeting  Date = "1946-01-17"
	CharterSigned Date = "1945-06-26"
)

// CheckDate refuses a date after today (the tracker records what happened)
// or before earliest (FirstMeeting or CharterSigned), naming field.
func CheckDate(field string, d, earliest, today Date) error {
	switch {
	case d > today:
		return InvalidField(field, "must not be in the future")
	case d < earliest:
		return InvalidField(field, "must not be before %s", earliest)
	}
	return nil
}
