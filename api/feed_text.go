package api

import (
	"fmt"
	"strings"

	"unsc/models"
)

// entryText is an entry's title and summary: what its change did, in
// words, saying nothing the data does not. Drafts and members are named
// as they stand now; a roll call's outcome and figures are given only
// while no later change corrected them. member is the feed's member, or "".
func entryText(e models.FeedEntry, member string) (title, summary string) {
	draft := "a draft"
	if e.Draft != nil {
		draft = draftLabel(*e.Draft)
	}
	name := e.MemberName
	if e.Member != nil && name == "" {
		name = *e.Member
	}
	switch {
	case e.Position != nil && e.Kind == models.ChangePositionAdded:
		return positionText(e, name, draft)
	case e.Position != nil && e.Kind == models.ChangePositionRetracted:
		return fmt.Sprintf("%s: %s on %s retracted", name, stanceText(e.Position.Stance), draft),
			fmt.Sprintf("The observation of %s as of %s no longer counts: %s", stanceText(e.Position.Stance), e.Position.AsOf, e.Retraction)
	case e.Vote != nil:
		return voteText(e, member, draft)
	case e.Link != nil:
		return fmt.Sprintf("%s %s %s", draft, strings.ReplaceAll(string(e.Link.Kind), "_", " "), draftLabel(e.Link.Other)), ""
	case e.Meeting != nil:
		return meetingTitle(*e.Meeting), strings.Join(e.Meeting.Agenda, "; ")
	}
	switch e.Kind {
	case models.ChangeDraftCreated:
		return "New draft: " + draft, draftSummary(e)
	case models.ChangeDraftUpdated:
		return "Draft changed: " + draft, draftSummary(e)
	case models.ChangeMemberCreated:
		return fmt.Sprintf("New member: %s (%s)", name, e.EntityID), ""
	case models.ChangeTermAdded:
		return fmt.Sprintf("New term for %s (%s)", name, e.EntityID), ""
	case models.ChangeSourceCreated:
		return "New source: " + e.Source, ""
	}
	return fmt.Sprintf("%s: %s %s", e.Kind, e.Entity, e.EntityID), ""
}

// positionText tells an observation recorded, beside the member's
// position just before it: "Russian Federation: against on S/2026/123
// (was: abstain)". An observation dated before that position did not
// replace it, and says so.
func positionText(e models.FeedEntry, name, draft string) (title, summary string) {
	p := e.Position
	title = fmt.Sprintf("%s: %s on %s", name, stanceText(p.Stance), draft)
	switch b := e.Before; {
	case b == nil:
	case p.AsOf >= b.AsOf:
		title += " (was: " + stanceText(b.Stance) + ")"
	default:
		title += fmt.Sprintf(" (as of %s, before its position then current: %s as of %s)", p.AsOf, stanceText(b.Stance), b.AsOf)
	}
	summary = "As of " + string(p.AsOf) + "."
	if p.Note != "" {
		summary += " " + p.Note
	}
	return title, summary
}

// voteText tells a roll call recorded or corrected: "Vote recorded:
// S/2012/77 vetoed 13-2-0", in a member's feed with its vote.
func voteText(e models.FeedEntry, member, draft string) (title, summary string) {
	v := e.Vote
	what := "Vote recorded"
	if e.Kind == models.ChangeVoteCorrected {
		what = "Vote corrected"
	}
	if v.Since {
		return fmt.Sprintf("%s: %s (corrected since)", what, draft), "The draft's page shows the vote as it now stands."
	}
	if member != "" && v.Cast != "" && !v.AdoptedWithoutVote {
		what = fmt.Sprintf("%s voted %s", member, v.Cast)
	}
	title = fmt.Sprintf("%s: %s %s", what, draft, v.Outcome)
	switch {
	case v.AdoptedWithoutVote:
		title += " without a vote"
	case v.Counts != nil:
		title += fmt.Sprintf(" %d-%d-%d", v.Counts.Yes, v.Counts.No, v.Counts.Abstain)
	}
	summary = "Voted on " + string(v.VotedOn)
	if v.Meeting != "" {
		summary += " (" + v.Meeting + ")"
	}
	return title, summary + "."
}

// meetingTitle names a meeting added from the Council's record by its
// symbol, which for a meeting the record gives no number holds its date
// already ("meeting of 2024-11-20").
func meetingTitle(m models.FeedMeeting) string {
	title := "Council record: " + m.Symbol
	if !strings.Contains(m.Symbol, string(m.Date)) {
		title += " of " + string(m.Date)
	}
	return title
}

func draftSummary(e models.FeedEntry) string {
	if e.Draft == nil || e.Draft.Symbol == nil {
		return ""
	}
	return e.Draft.Title
}

// draftLabel names a draft by its symbol, or by its title while it has none.
func draftLabel(d models.FeedDraft) string {
	if d.Symbol != nil {
		return *d.Symbol
	}
	return fmt.Sprintf("draft %d, “%s”", d.ID, d.Title)
}

func stanceText(s models.Stance) string { return strings.ReplaceAll(string(s), "_", " ") }
