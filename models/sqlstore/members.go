package sqlstore

import (
	"context"
	"slices"
	"sync"
	"time"
	"unsc/models"

	"gorm.io/gorm"
)

type memberRow struct {
	Code      string `gorm:"primaryKey"`
	Name      string
	Permanent bool
	CreatedAt time.Time
}

func (memberRow) TableName() string { return "members" }

type termRow struct {
	MemberCode string `gorm:"primaryKey"`
	StartYear  int    `gorm:"primaryKey;autoIncrement:false"`
	EndYear    int
}

func (termRow) TableName() string { return "terms" }

type nameRow struct {
	MemberCode string `gorm:"primaryKey"`
	Name       string
	FromOn     models.Date `gorm:"primaryKey"`
}

func (nameRow) TableName() string { return "member_names" }

// ListMembers lists members by code.
func (s *Store) ListMembers(ctx context.Context, f models.MemberFilter) (models.Page[models.Member], error) {
	key := func(m models.Member) models.CursorKey { return models.CursorKey{S: m.Code} }
	return readPage(s, ctx, f.Cursor, f.Limit, key, nil, func(tx *gorm.DB, k models.CursorKey, limit *int) ([]models.Member, error) {
		out, err := readMembers(tx, func(q *gorm.DB) *gorm.DB {
			q = q.Where("code > ?", k.S)
			if f.Permanent != nil {
				q = q.Where("permanent = ?", *f.Permanent)
			}
			if f.On != nil {
				y := f.On.Year()
				q = q.Where("permanent OR EXISTS (SELECT 1 FROM terms t WHERE t.member_code = members.code AND t.start_year <= ? AND t.end_year >= ?)", y, y)
			}
			return q.Limit(*limit + 1)
		})
		if err != nil || f.On == nil {
			return out, err
		}
		for i := range out {
			out[i] = out[i].On(*f.On)
		}
		return out, nil
	})
}

// readMembers is the one way members are read: the rows scope selects,
// ordered by code, each with its terms.
func readMembers(tx *gorm.DB, scope func(*gorm.DB) *gorm.DB) ([]models.Member, error) {
	var rows []memberRow
	if err := scope(tx.Model(&memberRow{})).Order("code").Find(&rows).Error; err != nil {
		return nil, err
	}
	out := make([]models.Member, len(rows))
	idx := make(map[string]int, len(rows))
	codes := make([]string, len(rows))
	for i, r := range rows {
		out[i] = models.Member{Code: r.Code, Name: r.Name, Permanent: r.Permanent, Terms: []models.Term{}}
		idx[r.Code] = i
		codes[i] = r.Code
	}
	if len(rows) == 0 {
		return out, nil
	}
	var terms []termRow
	q := tx.Order("member_code, start_year")
	if len(rows) < maxInList {
		q = q.Where("member_code IN ?", codes)
	}
	if err := q.Find(&terms).Error; err != nil {
		return nil, err
	}
	for _, t := range terms {
		if i, ok := idx[t.MemberCode]; ok {
			out[i].Terms = append(out[i].Terms, models.Term{Start: t.StartYear, End: t.EndYear})
		}
	}
	var names []nameRow
	q = tx.Order("member_code, from_on")
	if len(rows) < maxInList {
		q = q.Where("member_code IN ?", codes)
	}
	if err := q.Find(&names).Error; err != nil {
		return nil, err
	}
	byMember := map[string][]nameRow{}
	for _, n := range names {
		byMember[n.MemberCode] = append(byMember[n.MemberCode], n)
	}
	for i := range out {
		ns := byMember[out[i].Code]
		if len(ns) == 0 {
			out[i].Names = []models.Name{{Name: out[i].Name}}
			continue
		}
		texts, from := make([]string, len(ns)), make([]models.Date, len(ns))
		for j, n := range ns {
			texts[j], from[j] = n.Name, n.FromOn
		}
		out[i].Names = models.NamePeriods(texts, from)
	}
	return out, nil
}

// maxInList bounds the values bound into one IN list; past it, reading
// every row is simpler and as fast.
const maxInList = 500

// GetMember returns the member with code.
func (s *Store) GetMember(ctx context.Context, code string) (models.Member, error) {
	return readValue(s, ctx, func(tx *gorm.DB) (models.Member, error) { return getMember(tx, code) })
}

func getMember(tx *gorm.DB, code string) (models.Member, error) {
	ms, err := readMembers(tx, func(q *gorm.DB) *gorm.DB { return q.Where("code = ?", code) })
	if err != nil {
		return models.Member{}, err
	}
	if len(ms) == 0 {
		return models.Member{}, models.NotFound("no member %s", code)
	}
	return ms[0], nil
}

// sittingOn reads the members sitting on date d, by code, as named then:
// the fifteen (or eleven) rows, not the whole record.
func sittingOn(tx *gorm.DB, d models.Date) ([]models.Member, error) {
	y := d.Year()
	ms, err := readMembers(tx, func(q *gorm.DB) *gorm.DB {
		return q.Where("permanent OR EXISTS (SELECT 1 FROM terms t WHERE t.member_code = members.code AND t.start_year <= ? AND t.end_year >= ?)", y, y)
	})
	for i := range ms {
		ms[i] = ms[i].On(d)
	}
	return ms, err
}

// membersByCode indexes members by code.
func membersByCode(all []models.Member) map[string]models.Member {
	out := make(map[string]models.Member, len(all))
	for _, m := range all {
		out[m.Code] = m
	}
	return out
}

// allMembers loads every member with its terms: the Council's whole
// membership over time is a few hundred rows at most.
func allMembers(tx *gorm.DB) ([]models.Member, error) {
	return readMembers(tx, func(q *gorm.DB) *gorm.DB { return q })
}

// CreateMember adds a member, with its terms if elected.
func (s *Store) CreateMember(ctx context.Context, e Edit[models.Member], m models.Member) (models.Member, error) {
	m, err := models.PrepareMember(m)
	if err != nil {
		return models.Member{}, err
	}
	return writeTx(s, ctx, e, func(tx *gorm.DB) (models.Member, error) {
		return s.createMember(tx, e.By, m)
	})
}

// createMember adds a checked member within tx.
func (s *Store) createMember(tx *gorm.DB, by string, m models.Member) (models.Member, error) {
	all, err := allMembers(tx)
	if err != nil {
		return m, err
	}
	if err := models.CheckNewMember(all, m); err != nil {
		return m, err
	}
	if err := tx.Create(&memberRow{Code: m.Code, Name: m.Name, Permanent: m.Permanent, CreatedAt: s.now().UTC()}).Error; err != nil {
		return m, err
	}
	for _, t := range m.Terms {
		if err := tx.Create(&termRow{MemberCode: m.Code, StartYear: t.Start, EndYear: t.End}).Error; err != nil {
			return m, err
		}
	}
	for _, n := range m.Names {
		if n.From == nil {
			continue // a single present name needs no row
		}
		if err := tx.Create(&nameRow{MemberCode: m.Code, Name: n.Name, FromOn: *n.From}).Error; err != nil {
			return m, err
		}
	}
	s.membersWritten.Store(true)
	if err := s.logChange(tx, by, changed{kind: models.ChangeMemberCreated, entity: models.EntityMember, id: m.Code, member: &m.Code}); err != nil {
		return m, err
	}
	return getMember(tx, m.Code)
}

// AddTerm gives an elected member a new term.
func (s *Store) AddTerm(ctx context.Context, e Edit[models.Member], code string, t models.Term) (models.Member, error) {
	if err := models.ValidateTerm(t); err != nil {
		return models.Member{}, err
	}
	return writeTx(s, ctx, e, func(tx *gorm.DB) (models.Member, error) {
		return s.addTerm(tx, e.By, code, t)
	})
}

// addTerm gives a member a checked term within tx.
func (s *Store) addTerm(tx *gorm.DB, by string, code string, t models.Term) (models.Member, error) {
	all, err := allMembers(tx)
	if err != nil {
		return models.Member{}, err
	}
	i := slices.IndexFunc(all, func(o models.Member) bool { return o.Code == code })
	if i < 0 {
		return models.Member{}, models.NotFound("no member %s", code)
	}
	m := all[i]
	if err := models.CheckNewTerm(all, m, t); err != nil {
		return m, err
	}
	if err := tx.Create(&termRow{MemberCode: code, StartYear: t.Start, EndYear: t.End}).Error; err != nil {
		return m, err
	}
	m.Terms = append(slices.Clone(m.Terms), t)
	slices.SortFunc(m.Terms, func(a, b models.Term) int { return a.Start - b.Start })
	s.membersWritten.Store(true)
	return m, s.logChange(tx, by, changed{kind: models.ChangeTermAdded, entity: models.EntityMember, id: m.Code, member: &m.Code})
}

// NoMembers reports whether no member has been recorded yet: a new database.
func (s *Store) NoMembers(ctx context.Context) (bool, error) {
	var n int64
	err := s.r.WithContext(ctx).Model(&memberRow{}).Count(&n).Error
	return n == 0, err
}

// memberCache holds every member as last committed, read again whenever a
// member or a term is written by any process (the members count, see
// counters). Terms are only ever added and permanence never changes,
// so a cached member found sitting on a date sits then for certain; any
// other answer is checked against the write's own transaction.
type memberCache struct {
	mu      sync.Mutex
	version uint64
	loaded  bool
	byCode  map[string]models.Member
}

// cachedMember returns the member with code as last committed, if known.
func (s *Store) cachedMember(ctx context.Context, code string) (models.Member, bool, error) {
	now, err := s.versions.current(ctx)
	if err != nil {
		return models.Member{}, false, err
	}
	v := now.members
	c := &s.memberCache
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.loaded || c.version != v {
		var all []models.Member
		// On the prompt pool: the write waiting for it never queues
		// behind the readers.
		err := s.readOn(ctx, s.prompt, func(tx *gorm.DB) (err error) {
			all, err = allMembers(tx)
			return err
		})
		if err != nil {
			return models.Member{}, false, err
		}
		c.byCode = membersByCode(all)
		c.version, c.loaded = v, true
	}
	m, ok := c.byCode[code]
	return m, ok, nil
}
