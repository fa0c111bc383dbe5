package sqlstore

// Checks that count rows before going on.

import "gorm.io/gorm"

// mustExist returns missing when q selects no row.
func mustExist(q *gorm.DB, missing error) error {
	var n int64
	if err := q.Count(&n).Error; err != nil {
		return err
	}
	if n == 0 {
		return missing
	}
	return nil
}
