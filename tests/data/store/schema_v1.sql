-- parley's event store, schema version 1 (PRAGMA user_version = 1).
-- Stage 3 (store). The contract between the store (writers) and ask (readers);
-- documented for analysts in docs/schema.md. Dates are stored twice: as ISO
-- text for people and as integer days YYYYMMDD for fast range scans.

CREATE TABLE IF NOT EXISTS documents (
  id          INTEGER PRIMARY KEY,
  doc_key     TEXT NOT NULL,          -- the document's id as given (JSONL id, file name)
  hash        TEXT NOT NULL UNIQUE,   -- 128-bit content hash: the same text is stored once
  date        TEXT,                   -- YYYY-MM-DD (metadata, or guessed from text/sources)
  source      TEXT,                   -- outlet
  url         TEXT,
  title       TEXT,
  lang        TEXT,
  file        TEXT,                   -- where it was read from
  meta_json   TEXT,                   -- unknown JSON Lines keys
  notice      TEXT,                   -- platform disclaimer, never coded
  text        TEXT NOT NULL,          -- original text; all spans are byte offsets into it
  added_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now'))
);

CREATE TABLE IF NOT EXISTS doc_references (   -- a document's trailing source list
  doc_id      INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  idx         INTEGER NOT NULL,
  outlet      TEXT,
  date        TEXT,
  headline    TEXT,
  span_start  INTEGER,
  span_end    INTEGER,
  PRIMARY KEY (doc_id, idx)
);

CREATE TABLE IF NOT EXISTS sentences (
  doc_id      INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  idx         INTEGER NOT NULL,
  span_start  INTEGER NOT NULL,
  span_end    INTEGER NOT NULL,
  lang        TEXT,
  PRIMARY KEY (doc_id, idx)
);

CREATE TABLE IF NOT EXISTS actors (           -- every actor code seen, with a display name
  code        TEXT PRIMARY KEY,
  country     TEXT,
  name        TEXT
);

-- One row per report of an event (a "mention" in GDELT's sense for coded text;
-- one row per record for imported datasets).
CREATE TABLE IF NOT EXISTS events (
  id              INTEGER PRIMARY KEY,
  origin          TEXT NOT NULL,        -- parley | gdelt1 | gdelt2 | icews | acled
  event_key       TEXT,                 -- doc#n, GLOBALEVENTID, ICEWS Event ID, ACLED EVENT_ID_CNTY
  doc_id          INTEGER REFERENCES documents(id) ON DELETE CASCADE,
  sentence        INTEGER,
  span_start      INTEGER,
  span_end        INTEGER,
  day             INTEGER NOT NULL,     -- YYYYMMDD
  day_end         INTEGER,              -- YYYYMMDD for ranges
  date_basis      TEXT,                 -- explicit | relative | carried | document (coded text)
  date_precision  INTEGER,              -- 3 day, 2 month, 1 year
  source_code     TEXT,                 -- CAMEO actor code (USAGOV)
  source_country  TEXT,                 -- ISO 3166 alpha-3 (EUR for the EU)
  source_name     TEXT,
  target_code     TEXT,
  target_country  TEXT,
  target_name     TEXT,
  event_code      TEXT NOT NULL,        -- CAMEO event code (042)
  root_code       TEXT NOT NULL,        -- 04
  quad_class      INTEGER,              -- 1..4
  goldstein       REAL,
  count           INTEGER,              -- a stated count ("ten calls")
  trigger         TEXT,
  pattern         TEXT,
  lang            TEXT,
  location        TEXT,
  location_country TEXT,
  lat             REAL,
  lon             REAL,
  num_mentions    INTEGER,              -- imported datasets' own counts
  num_sources     INTEGER,
  num_articles    INTEGER,
  avg_tone        REAL,
  fatalities      INTEGER,              -- ACLED
  source_url      TEXT,
  extra_json      TEXT,                 -- every other field of an imported record
  group_id        INTEGER REFERENCES event_groups(id)
);
CREATE INDEX IF NOT EXISTS events_dyad ON events(source_country, target_country, day);
CREATE INDEX IF NOT EXISTS events_dyad_code ON events(source_code, target_code, day);
CREATE INDEX IF NOT EXISTS events_day ON events(day);
CREATE INDEX IF NOT EXISTS events_doc ON events(doc_id);
CREATE INDEX IF NOT EXISTS events_group ON events(group_id);
CREATE UNIQUE INDEX IF NOT EXISTS events_origin_key ON events(origin, event_key);

-- Reports of the same event (same dyad, same code family, dates within the
-- dedup window) across sentences and documents.
CREATE TABLE IF NOT EXISTS event_groups (
  id              INTEGER PRIMARY KEY,
  source_code     TEXT,
  target_code     TEXT,
  source_country  TEXT,
  target_country  TEXT,
  root_code       TEXT NOT NULL,
  event_code      TEXT NOT NULL,        -- the most specific code reported
  day_first       INTEGER NOT NULL,     -- the event's earliest reported date
  day_last        INTEGER NOT NULL,
  num_mentions    INTEGER NOT NULL,     -- events rows in the group
  num_sources     INTEGER NOT NULL,     -- distinct outlets
  num_articles    INTEGER NOT NULL,     -- distinct documents
  first_report    TEXT,                 -- earliest document date reporting it
  last_report     TEXT
);
CREATE INDEX IF NOT EXISTS event_groups_dyad ON event_groups(source_country, target_country, day_first);

CREATE TABLE IF NOT EXISTS claims (
  id              INTEGER PRIMARY KEY,
  event_id        INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
  group_id        INTEGER REFERENCES event_groups(id),
  actor_code      TEXT NOT NULL,
  actor_country   TEXT,
  actor_name      TEXT,
  stance          TEXT NOT NULL CHECK (stance IN ('asserts', 'denies', 'doubts')),
  doc_id          INTEGER REFERENCES documents(id) ON DELETE CASCADE,
  sentence        INTEGER,
  span_start      INTEGER,
  span_end        INTEGER,
  cue             TEXT
);
CREATE INDEX IF NOT EXISTS claims_event ON claims(event_id);
CREATE INDEX IF NOT EXISTS claims_group ON claims(group_id);

CREATE TABLE IF NOT EXISTS imports (           -- one row per imported file: re-import is a no-op
  id              INTEGER PRIMARY KEY,
  kind            TEXT NOT NULL,        -- gdelt1 | gdelt2 | gdelt2-mentions | icews | acled | events-jsonl
  file            TEXT NOT NULL,
  hash            TEXT NOT NULL,
  rows_read       INTEGER NOT NULL,
  rows_stored     INTEGER NOT NULL,
  rows_skipped    INTEGER NOT NULL,
  finished_at     TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')),
  UNIQUE (kind, hash)
);
