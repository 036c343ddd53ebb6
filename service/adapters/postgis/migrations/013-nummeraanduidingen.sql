-- 012: BAG nummeraanduiding → addressable object links (dataset file nummeraanduidingen.csv.gz, written
-- by the BAG import), so a lookup by nummeraanduiding id answers the address it belongs to. No foreign
-- key: the loader truncates and refills addresses and links in one transaction.

CREATE TABLE nummeraanduidingen (
  nummeraanduiding_id text PRIMARY KEY,
  verblijfsobject_id text NOT NULL
);
