package httpx

import "encoding/json"

// Clearable is a text field of a PATCH body that null clears: unlike a
// pointer, it tells a field left out (leave it alone) from null.
type Clearable struct {
	set   bool
	value *string // nil for null
}

// UnmarshalJSON is called for null too, since Clearable is no pointer.
func (f *Clearable) UnmarshalJSON(b []byte) error {
	f.set = true
	if string(b) == "null" {
		f.value = nil
		return nil
	}
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return err
	}
	f.value = &s
	return nil
}

// Patch is the field as models.DraftPatch takes it: nil to leave the
// field alone, empty to remove it.
func (f Clearable) Patch() *string {
	switch {
	case !f.set:
		return nil
	case f.value == nil:
		return new(string)
	}
	return f.value
}

// Value tells a field left out (set false) from null (nil) and from a
// value, for a field whose empty value is no removal but a mistake.
func (f Clearable) Value() (set bool, v *string) { return f.set, f.value }
