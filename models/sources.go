package models

import (
	"net/url"
	"time"
)

// Source is where a claim comes from: an article, a statement, a record.
type Source struct {
	ID          int64     `json:"id"`
	Title       string    `json:"title"`
	Publisher   string    `json:"publisher"`
	Author      string    `json:"author"`
	PublishedOn Date      `json:"published_on"`
	URL         *string   `json:"url"`
	CreatedAt   time.Time `json:"created_at"`
}

// Size estimates s's encoded size, for bounding a page.
func (s Source) Size() int {
	n := 200 + TextSize(s.Title, s.Publisher, s.Author)
	if s.URL != nil {
		n += TextSize(*s.URL)
	}
	return n
}

// Validate checks a new source.
func (s Source) Validate() error {
	var p Problems
	checkText(&p, "title", s.Title, true, MaxTitleLen)
	checkText(&p, "publisher", s.Publisher, true, MaxNameLen)
	checkText(&p, "author", s.Author, false, MaxNameLen)
	if s.PublishedOn == "" {
		p.Add("published_on", "is required")
	}
	if s.URL != nil {
		checkText(&p, "url", *s.URL, true, MaxURLLen)
		if u, err := url.Parse(*s.URL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			p.Add("url", "must be an absolute http or https URL")
		}
	}
	return p.Err()
}
