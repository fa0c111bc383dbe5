-- +goose Up
-- The names a member used on the Council and from when: the USSR's seat
-- passed to the Russian Federation, Ceylon became Sri Lanka, Zaire the
-- Democratic Republic of the Congo. members.name keeps the present name.
CREATE TABLE member_names (
    member_code TEXT NOT NULL REFERENCES members (code),
    name        TEXT NOT NULL,
    from_on     TEXT NOT NULL,
    PRIMARY KEY (member_code, from_on)
);

-- +goose Down
DROP TABLE member_names;
