// Package dhl reads the Dag Hammarskjöld Library's pages on the Security
// Council — the yearly tables "Meetings conducted by the Security Council"
// (ParseMeetings) and the veto list (ParseVetoes) — and the TSV of drafts
// not adopted since (ParseRecent), and writes/reads the derived record
// (WriteRecord, ReadRecord: seed/data/record.jsonl). Standard library and
// golang.org/x/net/html only.
//
// Readers fail on anything they cannot read with a *ParseError naming the
// file, the 1-based table row and the column. What they interpret is
// documented where it is done and, per meeting, in Meeting.Notes.
//
// # record.jsonl
//
// UTF-8 JSON Lines, one Meeting per line (its JSON tags), oldest first
// (date, then record number; see SortMeetings). Empty fields are omitted.
//
//	meeting           "S/PV.6711", "S/PV.3046 (Resumption 1)", "S/PV.2970 (Part I)"; absent: no record (2020-21 written procedure / videoconference)
//	closed            true for a closed (private) meeting
//	corrigenda        number of corrigenda to the record
//	place             "Nairobi" for meetings away from Headquarters
//	date              YYYY-MM-DD (always present); date_end: last day of a range
//	press_release     "SC/10536"; press_also: further press releases
//	procedure_letters, outcome_letters   2020-21 letters (S/YYYY/N)
//	agenda            [string] agenda items as published
//	outcomes          [object], in the page's order:
//	  kind            resolution | presidential_statement | communique | draft |
//	                  election | note | letter | referral | decision | document
//	  symbol          "S/RES/2035 (2012)", "S/PRST/2012/26", "S/2012/77" (may be absent)
//	  also            further documents of the decision (corrigenda, a second draft)
//	  result          drafts: "vetoed" | "failed"
//	  adoption        resolutions: "vote" | "unanimous" | "without_vote" | "consensus"
//	  yes, no, abstain, non_voting   all four present when a tally is given; non_voting = seats (11 to 1965, 15 from 1966) - yes - no - abstain
//	  vetoed_by       drafts vetoed: sorted codes of CHN, FRA, GBR, RUS, USA
//	  votes           {code: "yes"|"no"|"abstain"} only where a source names members' votes (recent rows); may be partial
//	  text            wording kept: who was elected, "as amended", a non-participation
//	notes             [string] corrections made by the reader (see the README in seed/data/dhl)
//	source            "dhl:FILE#rowN" (first table row of the meeting) or the press release URL (recent rows)
package dhl
