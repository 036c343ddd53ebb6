-- 002: distinct (street, place) pairs with their search keys and address counts. A names-only search
-- ("Zaandam", "zuidd") scores these pairs instead of every address, then takes addresses per pair in
-- natural order through the (straat, woonplaats, ord) index. Filled by the loader; backfilled here.

CREATE TABLE IF NOT EXISTS street_names (
  straat text NOT NULL,
  woonplaats text NOT NULL,
  search_text text NOT NULL,
  word_keys text[] NOT NULL,
  n integer NOT NULL,
  PRIMARY KEY (straat, woonplaats)
);
CREATE INDEX IF NOT EXISTS street_names_word_keys ON street_names USING gin (word_keys);
CREATE INDEX IF NOT EXISTS addresses_street_order ON addresses (straat, woonplaats, ord);

INSERT INTO street_names (straat, woonplaats, search_text, word_keys, n)
SELECT straat, woonplaats, min(search_text), min(word_keys), count(*)::int FROM addresses GROUP BY straat, woonplaats
ON CONFLICT (straat, woonplaats) DO NOTHING;
