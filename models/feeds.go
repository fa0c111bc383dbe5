package models

// FeedLimit is how many entries a feed holds: its newest changes. Fifty
// covers weeks of editorial writes on one draft or member, and keeps a
// feed a reader polls every few minutes small; older changes stay in
// the change feed (/v1/changes).
const FeedLimit = 50

// FeedFilter picks the changes a feed shows: those about one draft
// (DraftID), those concerning one member (Member), or all, narrowed to
// drafts of a topic (any case, exact, as in DraftFilter.Topic) and to
// those taken under an agenda item holding words (any case, as in
// MeetingFilter.Agenda).
type FeedFilter struct {
	DraftID int64
	Member  string
	Topic   string
	Agenda  string
}

// Validate checks the filter's own values. A topic longer than any a
// draft can have matches nothing, as in DraftFilter.
func (f FeedFilter) Validate() error {
	var p Problems
	checkText(&p, "agenda", f.Agenda, false, MaxAgendaLen)
	return p.Err()
}

// FeedEntry is one change with what a reader needs to say what
// happened. Drafts and members are named as they stand now; everything
// else is what the change itself wrote, or, for Before, what was on
// record just before it.
type FeedEntry struct {
	Change
	Draft      *FeedDraft    // the draft the change concerns
	MemberName string        // the member's present name
	Position   *FeedPosition // the observation recorded or retracted
	// Before is the member's current position on the draft just before
	// the observation was recorded; nil when it had none.
	Before     *FeedPosition
	Retraction string       // why the observation was retracted
	Vote       *FeedVote    // the roll call recorded or corrected
	Link       *FeedLink    // the link added
	Meeting    *FeedMeeting // the meeting recorded
	Source     string       // the title of the source added
}

// FeedDraft names a draft.
type FeedDraft struct {
	ID     int64
	Symbol *string
	Title  string
}

// FeedPosition is an observation as a feed tells it.
type FeedPosition struct {
	Stance Stance
	AsOf   Date
	Note   string
}

// FeedVote is a roll call as a feed tells it. Only when Since is false
// (no later write changed the vote) do the outcome and figures say what
// this change recorded.
type FeedVote struct {
	VotedOn            Date
	Meeting            string
	Outcome            Status
	AdoptedWithoutVote bool
	Counts             *Counts // nil where the record gives no tally
	Cast               Cast    // the member's vote, in a member's feed; "" when unknown
	Since              bool    // corrected by a later change
}

// FeedLink is a link from the change's draft to another.
type FeedLink struct {
	Kind  LinkKind
	Other FeedDraft
}

// FeedMeeting is a meeting of the record as a feed tells it.
type FeedMeeting struct {
	Symbol string
	Date   Date
	Agenda []string
}
