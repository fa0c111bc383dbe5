package main

import (
	"bytes"
	"os"
	"testing"
)

// TestRecordIsDerived: the committed seed/data/record.jsonl is exactly
// what the sources give (it is never edited by hand: run go run ./seed/derive).
func TestRecordIsDerived(t *testing.T) {
	got, _, err := derive("../..")
	if err != nil {
		t.Fatal(err)
	}
	want, err := os.ReadFile("../data/record.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("seed/data/record.jsonl differs from what the sources give (%d vs %d bytes): run go run ./seed/derive", len(want), len(got))
	}
	again, _, _ := derive("../..")
	if !bytes.Equal(got, again) {
		t.Fatal("two runs gave different bytes")
	}
}
