// Package models is the tracker's domain: the Council of a date and its
// members, drafts, positions, votes counted under UN Charter Art. 27, the
// record's statistics, the inputs with the rules that check them, error
// kinds, and pages and cursors. It knows nothing of HTTP or of storage
// and imports the standard library only; package models/sqlstore keeps
// the data, reading what a rule needs and leaving the judging to the
// functions here.
package models
