package sqlstore

import (
	"strings"
	"testing"

	"github.com/pressly/goose/v3"

	"unsc/models"
	"unsc/models/dbtest"
)

// TestSearchFoldAsTheDomainFolds: PostgreSQL's search_fold, which skips
// translate() for a text with no letter to fold, answers what the fold by
// the domain's table (models.FoldFrom, FoldTo) answers, for every letter
// of the table in either case and for texts with and without them.
func TestSearchFoldAsTheDomainFolds(t *testing.T) {
	t.Parallel()
	dbtest.PostgresOnly(t, "search_fold is PostgreSQL's; SQLite's tokenizer folds by itself")
	db := dbtest.Open(t, dbtest.Location(t))
	migratedWith(t, db, goose.DialectPostgres, 0)
	texts := []string{"", "Plain ASCII: S/PV.6711, 13-2.", "“Curly” quotes — and dashes…", "Ménard à Genève", "ŞİŞLİ Ødegaard Łódź", "東京 ДА ÀÉÎÕÜ"}
	for _, r := range models.FoldFrom() {
		texts = append(texts, string(r), strings.ToUpper(string(r)), "word"+string(r)+"word")
	}
	for _, text := range texts {
		var got, want string
		err := db.QueryRow(`SELECT search_fold($1), regexp_replace(translate(lower($1), $2, $3), '[^[:alnum:]]+', ' ', 'g')`,
			text, models.FoldFrom(), models.FoldTo()).Scan(&got, &want)
		if err != nil {
			t.Fatal(err)
		}
		if got != want {
			t.Errorf("search_fold(%q) = %q, the domain's table folds it to %q", text, got, want)
		}
	}
}
