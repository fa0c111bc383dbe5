package models

import (
	"strings"
	"testing"
)

// TestDeduceVetoWithTheRestYes: 13-2-0 with the two vetoes named leaves
// thirteen seats and thirteen yes votes: every vote is known.
func TestDeduceVetoWithTheRestYes(t *testing.T) {
	all, list := council2012()
	votes, complete, err := Deduce(Sitting(list, "2012-02-04"), map[string]Cast{"CHN": CastNo, "RUS": CastNo}, Counts{Yes: 13, No: 2})
	if err != nil || !complete {
		t.Fatalf("complete %v, err %v", complete, err)
	}
	if len(votes) != 15 || votes["IND"] != CastYes || votes["CHN"] != CastNo || votes["USA"] != CastYes {
		t.Errorf("votes %v", votes)
	}
	tally := CountTally(CouncilOn("2012-02-04"), false, Counts{Yes: 13, No: 2}, votes, all)
	if tally.Outcome != OutcomeVetoed || strings.Join(tally.VetoedBy, ",") != "CHN,RUS" {
		t.Errorf("tally %+v", tally)
	}
}

// TestDeduceLeavesMixedSeatsUnknown: 13-1-1 with nobody named could be any
// member's no and any member's abstention, so nothing is known; unanimity
// makes every vote known; one abstention named in 14-0-1 makes the rest yes.
func TestDeduceLeavesMixedSeatsUnknown(t *testing.T) {
	_, list := council2012()
	sitting := Sitting(list, "2012-06-01")
	votes, complete, err := Deduce(sitting, nil, Counts{Yes: 13, No: 1, Abstain: 1})
	if err != nil || complete || len(votes) != 0 {
		t.Errorf("13-1-1, none named: %v complete %v err %v", votes, complete, err)
	}
	votes, complete, err = Deduce(sitting, nil, Counts{Yes: 15})
	if err != nil || !complete || len(votes) != 15 {
		t.Errorf("15-0-0: %v complete %v err %v", votes, complete, err)
	}
	votes, complete, err = Deduce(sitting, map[string]Cast{"PAK": CastAbstain}, Counts{Yes: 14, Abstain: 1})
	if err != nil || !complete || votes["PAK"] != CastAbstain || votes["ZAF"] != CastYes {
		t.Errorf("14-0-1, PAK named: %v complete %v err %v", votes, complete, err)
	}
	before := map[string]Cast{"PAK": CastAbstain}
	if _, _, _ = Deduce(sitting, before, Counts{Yes: 14, Abstain: 1}); len(before) != 1 {
		t.Errorf("Deduce changed the votes it was given: %v", before)
	}
}

// TestDeduceRefusesWhatTheTallyCannotHold: more members named as voting no
// than the tally's noes, or a member who does not sit, is an error naming
// the field.
func TestDeduceRefusesWhatTheTallyCannotHold(t *testing.T) {
	_, list := council2012()
	sitting := Sitting(list, "2012-02-04")
	_, _, err := Deduce(sitting, map[string]Cast{"CHN": CastNo, "RUS": CastNo, "IND": CastNo}, Counts{Yes: 13, No: 2})
	if KindOf(err) != KindInvalid || !strings.Contains(err.Error(), "3 members named as voting no; the tally has 2") {
		t.Errorf("three noes against 13-2-0: %v", err)
	}
	_, _, err = Deduce(sitting, map[string]Cast{"BRA": CastYes}, Counts{Yes: 15})
	if KindOf(err) != KindInvalid || !strings.Contains(err.Error(), "votes.BRA") {
		t.Errorf("a member not sitting: %v", err)
	}
}

// TestCountsValidate: a tally must account for the day's seats, eleven
// before 1966 and fifteen since.
func TestCountsValidate(t *testing.T) {
	if err := (Counts{Yes: 9, No: 1, Abstain: 1}).Validate("1950-06-27", "tally"); err != nil {
		t.Errorf("11 seats in 1950: %v", err)
	}
	if err := (Counts{Yes: 9, No: 1, Abstain: 1}).Validate("1966-01-10", "tally"); err == nil || !strings.Contains(err.Error(), "the Council had 15") {
		t.Errorf("11 of 15 seats in 1966: %v", err)
	}
	if err := (Counts{Yes: 16, No: -1}).Validate("2012-01-01", "tally"); err == nil || !strings.Contains(err.Error(), "tally.no") {
		t.Errorf("a negative count: %v", err)
	}
}

// TestCountTallyAndTheStatedOutcome: Art. 27 on tallies. Short of nine
// votes is a failure even with a permanent no; nine or more with a known
// permanent no is a veto; a stated outcome that the count contradicts is
// refused, naming both.
func TestCountTallyAndTheStatedOutcome(t *testing.T) {
	all, _ := council2012()
	c := CouncilOn("2012-01-01")
	failed := CountTally(c, false, Counts{Yes: 2, No: 3, Abstain: 10}, map[string]Cast{"USA": CastNo}, all)
	if failed.Outcome != OutcomeFailed || len(failed.VetoedBy) != 0 {
		t.Errorf("2-3-10: %+v", failed)
	}
	adopted := CountTally(c, false, Counts{Yes: 13, No: 1, Abstain: 1}, nil, all)
	if adopted.Outcome != OutcomeAdopted {
		t.Errorf("13-1-1, no veto named: %+v", adopted)
	}
	procedural := CountTally(c, true, Counts{Yes: 9, No: 5, Abstain: 1}, map[string]Cast{"RUS": CastNo}, all)
	if procedural.Outcome != OutcomeAdopted {
		t.Errorf("a procedural vote with a permanent no: %+v", procedural)
	}
	if err := CheckStated(OutcomeAdopted, adopted); err != nil {
		t.Errorf("adopted as stated: %v", err)
	}
	if err := CheckStated(OutcomeVetoed, adopted); KindOf(err) != KindInvalid || !strings.Contains(err.Error(), "the record says vetoed") {
		t.Errorf("stated vetoed, counted adopted: %v", err)
	}
	early := CountTally(CouncilOn("1950-01-13"), false, Counts{Yes: 6, No: 3, Abstain: 2}, nil, all)
	if early.Outcome != OutcomeFailed || early.Required != 7 {
		t.Errorf("6 of 11 in 1950: %+v", early)
	}
}

func TestMeetingNumber(t *testing.T) {
	for symbol, want := range map[string]int{"S/PV.6711": 6711, "S/PV.3046 (Resumption 1)": 3046, "S/2020/253": 0, "S/PV.": 0} {
		if got := MeetingNumber(symbol); got != want {
			t.Errorf("%s: %d, want %d", symbol, got, want)
		}
	}
}
