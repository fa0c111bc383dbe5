package undl

// Neutralise makes a text cell safe for a spreadsheet, for any CSV the
// tracker writes: a cell that starts (past any quotes) with = + - @, a tab
// or a carriage return is written behind one more quote, as OWASP advises
// against CSV injection, and the Library's files are written alike.
func Neutralise(cell string) string { return neutralise(cell) }
