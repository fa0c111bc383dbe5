package sqlstore

// Query helpers that more than one of the store's files uses.

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

// eachChild reads the rows of R whose column names one of parents, each
// parent's in their order (ord), and hands each to add.
func eachChild[R any, K comparable](tx *gorm.DB, column string, parents []K, add func(R)) error {
	var rows []R
	if err := tx.Where(column+" IN ?", parents).Order(column + ", ord").Find(&rows).Error; err != nil {
		return err
	}
	for _, r := range rows {
		add(r)
	}
	return nil
}
