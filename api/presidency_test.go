package api_test

import (
	"net/http"
	"testing"
)

// The seed's Council: in 2026 Bahrain, China, Colombia, the Democratic
// Republic of the Congo, Denmark, France, Greece, Latvia, Liberia,
// Pakistan, Panama, the Russian Federation, Somalia, the United Kingdom
// and the United States; on 1 January 2027 Austria, Kyrgyzstan,
// Portugal, Trinidad and Tobago and Zimbabwe replace Denmark, Greece,
// Pakistan, Panama and Somalia.
func TestPresidencyAcrossTheYear(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	before := e.digest()
	e.get("/v1/presidency?month=2026-12").problem(http.StatusConflict, "conflict") // nothing recorded to count from
	e.req(http.MethodPut, "/v1/presidency/2026-11", map[string]any{"member": "LVA"}).problem(http.StatusUnauthorized, "unauthorized")
	p := e.write(http.MethodPut, "/v1/presidency/2026-11", map[string]any{"member": "AUT"}).problem(http.StatusUnprocessableEntity, "invalid")
	if f := fields(p); len(f) != 1 || f[0] != "member" {
		t.Errorf("a member not sitting: fields %v", f)
	}
	e.write(http.MethodPut, "/v1/presidency/2026-13", map[string]any{"member": "LVA"}).problem(http.StatusNotFound, "not-found")
	e.get("/v1/presidency?month=2026-1").problem(http.StatusUnprocessableEntity, "invalid")
	if e.digest() != before {
		t.Fatal("a refused request changed the database")
	}

	got := e.write(http.MethodPut, "/v1/presidency/2026-11", map[string]any{"member": "lva"}).expect(http.StatusOK).json()
	if got["basis"] != "recorded" || got["member"].(map[string]any)["code"] != "LVA" {
		t.Errorf("recorded: %v", got)
	}
	if n := e.count("SELECT COUNT(*) FROM presidencies WHERE month = '2026-11' AND member_code = 'LVA'"); n != 1 {
		t.Fatalf("%d rows recorded", n)
	}
	if n := e.count("SELECT COUNT(*) FROM changes WHERE kind = 'presidency.recorded' AND entity_id = '2026-11' AND member_code = 'LVA'"); n != 1 {
		t.Errorf("%d presidency.recorded changes", n)
	}
	president := func(month string) (string, string) {
		t.Helper()
		p := e.get("/v1/presidency?month=" + month).expect(http.StatusOK).json()
		return p["member"].(map[string]any)["code"].(string), p["basis"].(string)
	}
	// After Liberia in December, the first name after it among the 2027
	// Council is Portugal's; then the Russian Federation, then Trinidad
	// and Tobago. Back from November: Greece in October, France in
	// September.
	for month, want := range map[string]string{"2026-12": "LBR", "2027-01": "PRT", "2027-02": "RUS", "2027-03": "TTO", "2026-10": "GRC", "2026-09": "FRA"} {
		if code, basis := president(month); code != want || basis != "computed" {
			t.Errorf("%s: %s (%s), want %s computed", month, code, basis, want)
		}
	}

	// An exception: the United States presides in February 2027. March
	// counts from it; January still from November.
	e.write(http.MethodPut, "/v1/presidency/2027-02", map[string]any{"member": "USA"}).expect(http.StatusOK)
	for month, want := range map[string][2]string{"2027-02": {"USA", "recorded"}, "2027-03": {"ZWE", "computed"}, "2027-01": {"PRT", "computed"}} {
		if code, basis := president(month); code != want[0] || basis != want[1] {
			t.Errorf("%s: %s (%s), want %v", month, code, basis, want)
		}
	}
	// 2028 has only ten seats recorded: its presidency cannot be counted.
	e.get("/v1/presidency?month=2028-02").problem(http.StatusConflict, "conflict")
}
