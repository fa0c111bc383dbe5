-- +goose Up
-- search_fold in PL/pgSQL, with the very steps of 00015. As an SQL
-- function it was inlined into the search document's generated column,
-- and PostgreSQL plans a generated column's expression each time a
-- statement starts: every position written parsed and planned the
-- function's body twice (head and body), a tenth of the writing
-- backend's time. A PL/pgSQL function is compiled once per connection
-- and its expressions' plans kept. Same answers, so the stored vectors
-- stand; CREATE OR REPLACE keeps the OID the column depends on.
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION search_fold(t text) RETURNS text LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
    l text := lower(t);
BEGIN
    IF l ~ '[àáâãäåāăąǎǻȁȃȧçćĉċčďèéêëēĕėęěȅȇȩĝğġģǧĥìíîïĩīĭįǐȉȋĵķǩĺļľñńņňǹòóôõöōŏőǒȍȏȯŕŗřȑȓśŝşšșţťțùúûüũūŭůűųǔǖǘǚǜȕȗŵýÿŷźżž]' THEN
        l := translate(l, 'àáâãäåāăąǎǻȁȃȧçćĉċčďèéêëēĕėęěȅȇȩĝğġģǧĥìíîïĩīĭįǐȉȋĵķǩĺļľñńņňǹòóôõöōŏőǒȍȏȯŕŗřȑȓśŝşšșţťțùúûüũūŭůűųǔǖǘǚǜȕȗŵýÿŷźżž', 'aaaaaaaaaaaaaacccccdeeeeeeeeeeeeggggghiiiiiiiiiiijkklllnnnnnoooooooooooorrrrrssssstttuuuuuuuuuuuuuuuuuwyyyzzz');
    END IF;
    RETURN regexp_replace(l, '[^[:alnum:]]+', ' ', 'g');
END
$$;
-- +goose StatementEnd

-- +goose Down
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION search_fold(t text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT regexp_replace(CASE WHEN lower(t) ~ '[àáâãäåāăąǎǻȁȃȧçćĉċčďèéêëēĕėęěȅȇȩĝğġģǧĥìíîïĩīĭįǐȉȋĵķǩĺļľñńņňǹòóôõöōŏőǒȍȏȯŕŗřȑȓśŝşšșţťțùúûüũūŭůűųǔǖǘǚǜȕȗŵýÿŷźżž]'
        THEN translate(lower(t), 'àáâãäåāăąǎǻȁȃȧçćĉċčďèéêëēĕėęěȅȇȩĝğġģǧĥìíîïĩīĭįǐȉȋĵķǩĺļľñńņňǹòóôõöōŏőǒȍȏȯŕŗřȑȓśŝşšșţťțùúûüũūŭůűųǔǖǘǚǜȕȗŵýÿŷźżž', 'aaaaaaaaaaaaaacccccdeeeeeeeeeeeeggggghiiiiiiiiiiijkklllnnnnnoooooooooooorrrrrssssstttuuuuuuuuuuuuuuuuuwyyyzzz')
        ELSE lower(t) END, '[^[:alnum:]]+', ' ', 'g')
$$;
-- +goose StatementEnd

