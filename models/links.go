package models

import "slices"

// LinkKind says how one draft relates to another.
type LinkKind string

// The kinds of link. A client names the first three, from the draft that
// names the other; the other draft shows the inverse.
const (
	LinkRevises      LinkKind = "revises"
	LinkAmends       LinkKind = "amends"
	LinkCompetesWith LinkKind = "competes_with"
	LinkRevisedBy    LinkKind = "revised_by"
	LinkAmendedBy    LinkKind = "amended_by"
)

// LinkKinds lists the kinds a client may name.
var LinkKinds = []LinkKind{LinkRevises, LinkAmends, LinkCompetesWith}

// AllLinkKinds lists every kind a draft can show, inverses included.
var AllLinkKinds = []LinkKind{LinkRevises, LinkRevisedBy, LinkAmends, LinkAmendedBy, LinkCompetesWith}

// Inverse is how the other draft of a link sees it: a draft that revises
// another is revised by it; competing is mutual.
func (k LinkKind) Inverse() LinkKind {
	switch k {
	case LinkRevises:
		return LinkRevisedBy
	case LinkRevisedBy:
		return LinkRevises
	case LinkAmends:
		return LinkAmendedBy
	case LinkAmendedBy:
		return LinkAmends
	}
	return k
}

// Link names another draft and how this one relates to it.
type Link struct {
	Kind    LinkKind `json:"kind"`
	DraftID int64    `json:"draft_id"`
	Symbol  *string  `json:"symbol"`
}

// LinkInput is a link as a client names it, from the draft it is posted to.
type LinkInput struct {
	Kind    LinkKind
	DraftID int64
}

// Validate checks the link's own fields; from is the draft that names it.
func (in LinkInput) Validate(from int64) error {
	var p Problems
	if !slices.Contains(LinkKinds, in.Kind) {
		p.Add("kind", "must be one of revises, amends, competes_with")
	}
	switch {
	case in.DraftID <= 0:
		p.Add("draft_id", "is required")
	case in.DraftID == from:
		p.Add("draft_id", "a draft cannot be linked to itself")
	}
	return p.Err()
}
