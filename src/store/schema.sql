-- parley's event store, schema version 5 (PRAGMA user_version = 5).
-- Stage 3 (store). The contract between the store (writers) and ask (readers);
-- documented for analysts in docs/schema.md. Dates are stored twice: as ISO
-- text for people and as integer days YYYYMMDD for fast range scans.
-- Version history: 1 the first contract; 2 added the columns and objects
-- marked "v2" (columns appended at the end of their table, so that a
-- migrated version 1 database is identical to a new one); 3 dropped the
-- index events_dyad_code (a prefix of events_ask_dyad_code); 4 made
-- events_doc and events_group partial; 5 added the "v5" columns of events
-- (a GDELT record's geography, IsRootEvent and DATEADDED, typed; the
-- migration moves them out of extra_json). The migrations are in
-- src/store/sqlite_backend.c. This file is run as is on a new database;
-- src/store/schema_sql.c embeds it (a unit test keeps the two identical).

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
  added_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')),
  has_text    INTEGER NOT NULL DEFAULT 1  -- v2: 0 when known only from `parley load` (text is '')
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
  group_id        INTEGER REFERENCES event_groups(id),
  base_code       TEXT,                 -- v2: CAMEO base code (3 digits; GDELT EventBaseCode)
  source_type     TEXT,                 -- v2: CAMEO actor type (GOV, MIL, COP; GDELT Actor1Type1Code)
  target_type     TEXT,                 -- v2
  -- v5: the rest of a GDELT record, typed (were keys of extra_json)
  is_root         INTEGER,              -- GDELT IsRootEvent (0/1)
  date_added      INTEGER,              -- GDELT DATEADDED (YYYYMMDDHHMMSS in 2.0, YYYYMMDD in 1.0)
  location_type   INTEGER,              -- GDELT ActionGeo_Type: 1 country, 2 US state, 3 US city, 4 world city, 5 world state
  location_fips   TEXT,                 -- ActionGeo_CountryCode as given (FIPS 10-4; location_country is its ISO alpha-3)
  location_adm1   TEXT,                 -- ActionGeo_ADM1Code
  location_adm2   TEXT,                 -- ActionGeo_ADM2Code (GDELT 2.0)
  location_feature TEXT,                -- ActionGeo_FeatureID (GNS/GNIS id or a country/ADM1 code)
  source_geo_type INTEGER,              -- Actor1Geo_*: where the source actor is (same meanings as location_*)
  source_geo_name TEXT,
  source_geo_country TEXT,              -- ISO alpha-3, mapped from source_geo_fips
  source_geo_fips TEXT,
  source_geo_adm1 TEXT,
  source_geo_adm2 TEXT,
  source_geo_lat  REAL,
  source_geo_lon  REAL,
  source_geo_feature TEXT,
  target_geo_type INTEGER,              -- Actor2Geo_*
  target_geo_name TEXT,
  target_geo_country TEXT,
  target_geo_fips TEXT,
  target_geo_adm1 TEXT,
  target_geo_adm2 TEXT,
  target_geo_lat  REAL,
  target_geo_lon  REAL,
  target_geo_feature TEXT
);
CREATE INDEX IF NOT EXISTS events_dyad ON events(source_country, target_country, day);
CREATE INDEX IF NOT EXISTS events_day ON events(day);
-- v4: partial: imported records have neither (most rows of a large store)
CREATE INDEX IF NOT EXISTS events_doc ON events(doc_id) WHERE doc_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS events_group ON events(group_id) WHERE group_id IS NOT NULL;
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
  last_report     TEXT,
  date_precision  INTEGER               -- v2: 3 day, 2 month, 1 year, NULL undated; only equal ones merge
);
CREATE INDEX IF NOT EXISTS event_groups_dyad ON event_groups(source_country, target_country, day_first);
-- v2: finding the group an event joins.
CREATE INDEX IF NOT EXISTS event_groups_key ON event_groups(source_code, target_code, root_code, day_first);
-- v2: the outlets of each group (num_sources is kept up to date from it).
CREATE TABLE IF NOT EXISTS event_group_sources (
  group_id        INTEGER NOT NULL REFERENCES event_groups(id) ON DELETE CASCADE,
  outlet          TEXT NOT NULL,        -- documents.source, or '#<documents.id>' when it has none
  PRIMARY KEY (group_id, outlet)
) WITHOUT ROWID;

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

-- v2: settings of this database (dedup_window_days: see docs/schema.md).
CREATE TABLE IF NOT EXISTS store_meta (
  key             TEXT PRIMARY KEY,
  value           TEXT NOT NULL
);
INSERT OR IGNORE INTO store_meta (key, value) VALUES ('dedup_window_days', '2');

-- v2: GDELT 2.0 mentions files: one row per article mentioning an event.
-- Join to events with origin = 'gdelt2' AND events.event_key = gdelt_mentions.event_key.
CREATE TABLE IF NOT EXISTS gdelt_mentions (
  id              INTEGER PRIMARY KEY,
  event_key       TEXT NOT NULL,        -- GLOBALEVENTID
  event_time      INTEGER,              -- EventTimeDate, YYYYMMDDHHMMSS
  mention_time    INTEGER,              -- MentionTimeDate
  mention_type    INTEGER,              -- 1 web, 2 citation only, 3 core, 4 DTIC, 5 JSTOR, 6 non-textual
  source_name     TEXT,                 -- MentionSourceName
  identifier      TEXT NOT NULL,        -- MentionIdentifier: URL, DOI or citation
  sentence_id     INTEGER,
  actor1_offset   INTEGER,
  actor2_offset   INTEGER,
  action_offset   INTEGER,
  in_raw_text     INTEGER,
  confidence      INTEGER,              -- 10..100
  doc_len         INTEGER,
  doc_tone        REAL,
  translation_info TEXT,
  extras          TEXT,
  UNIQUE (event_key, identifier, sentence_id)
);

-- v2: one row per distinct event: an event group of coded text, or an
-- imported record (GDELT, ICEWS and ACLED rows are events already).
CREATE VIEW IF NOT EXISTS events_dedup AS
  SELECT 'parley' AS origin, g.id AS group_id, NULL AS event_id,
         g.day_first, g.day_last, g.source_code, g.source_country, g.target_code, g.target_country,
         g.event_code, g.root_code, g.num_mentions, g.num_sources, g.num_articles
    FROM event_groups g
  UNION ALL
  SELECT e.origin, NULL, e.id,
         e.day, coalesce(e.day_end, e.day), e.source_code, e.source_country, e.target_code, e.target_country,
         e.event_code, e.root_code, coalesce(e.num_mentions, 1), coalesce(e.num_sources, 1), coalesce(e.num_articles, 1)
    FROM events e
   WHERE e.group_id IS NULL;

-- ---------------------------------------------------------------------------
-- Ask section (stage 4, owned by the ask engineer; docs/schema.md "Ask").
-- Everything below only speeds up reading; the tables above stay the truth.
--
-- dyad_day: per directed country pair, day, root code and quad class, the
-- number of ungrouped event rows and their Goldstein sum. Ungrouped rows are
-- imported datasets' events (GDELT, ICEWS, ACLED: one row = one event);
-- grouped rows (coded text, group_id set) are always read from events, so
-- the rollup never has to follow regrouping. Kept exact by the triggers
-- below on every insert, delete and update; filled once for rows stored
-- before it existed (ask_meta 'dyad_day'). parley's own writes do not run
-- the triggers (a per-row trigger costs ~5 us even when its WHEN is false):
-- its connection turns triggers off and adds each transaction's rows with
-- one INSERT ... SELECT ... GROUP BY just before COMMIT (ST_ROLLUP in
-- src/store/sqlite_backend.c); any other writer (the sqlite3 shell) runs
-- them. `parley dyad/compare/peak/rhythm/
-- partners/summary` read it when the question allows (country-level actors,
-- no 3-4 digit code, origin or claims filter), else the indexes below.
CREATE TABLE IF NOT EXISTS dyad_day (
  source_country  TEXT NOT NULL,
  target_country  TEXT NOT NULL,
  day             INTEGER NOT NULL,     -- YYYYMMDD
  root_code       TEXT NOT NULL,
  quad_class      INTEGER NOT NULL,     -- 0 when the events row has none
  events          INTEGER NOT NULL,     -- ungrouped events rows
  goldstein_sum   REAL NOT NULL,
  goldstein_n     INTEGER NOT NULL,     -- rows with a Goldstein value
  PRIMARY KEY (source_country, target_country, day, root_code, quad_class)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS dyad_day_target ON dyad_day(target_country, source_country, day);

CREATE TABLE IF NOT EXISTS ask_meta (key TEXT PRIMARY KEY, value TEXT);

INSERT INTO dyad_day (source_country, target_country, day, root_code, quad_class, events, goldstein_sum, goldstein_n)
  SELECT e.source_country, e.target_country, e.day, e.root_code, COALESCE(e.quad_class, 0), COUNT(*),
         COALESCE(SUM(e.goldstein), 0), COUNT(e.goldstein)
  -- the one-row (or empty) table first: once done, events is not even scanned
  FROM (SELECT 1 AS todo WHERE NOT EXISTS (SELECT 1 FROM ask_meta WHERE key = 'dyad_day')) AS t
  CROSS JOIN events AS e
  WHERE e.group_id IS NULL AND e.source_country IS NOT NULL AND e.target_country IS NOT NULL
  GROUP BY e.source_country, e.target_country, e.day, e.root_code, COALESCE(e.quad_class, 0);
INSERT OR IGNORE INTO ask_meta (key, value) VALUES ('dyad_day', '1');

CREATE TRIGGER IF NOT EXISTS events_dyad_day_insert AFTER INSERT ON events
WHEN NEW.group_id IS NULL AND NEW.source_country IS NOT NULL AND NEW.target_country IS NOT NULL
BEGIN
  INSERT INTO dyad_day (source_country, target_country, day, root_code, quad_class, events, goldstein_sum, goldstein_n)
  VALUES (NEW.source_country, NEW.target_country, NEW.day, NEW.root_code, COALESCE(NEW.quad_class, 0), 1,
          COALESCE(NEW.goldstein, 0), NEW.goldstein IS NOT NULL)
  ON CONFLICT (source_country, target_country, day, root_code, quad_class) DO UPDATE SET
    events = events + 1, goldstein_sum = goldstein_sum + excluded.goldstein_sum,
    goldstein_n = goldstein_n + excluded.goldstein_n;
END;

CREATE TRIGGER IF NOT EXISTS events_dyad_day_delete AFTER DELETE ON events
WHEN OLD.group_id IS NULL AND OLD.source_country IS NOT NULL AND OLD.target_country IS NOT NULL
BEGIN
  UPDATE dyad_day SET events = events - 1, goldstein_sum = goldstein_sum - COALESCE(OLD.goldstein, 0),
    goldstein_n = goldstein_n - (OLD.goldstein IS NOT NULL)
  WHERE source_country = OLD.source_country AND target_country = OLD.target_country AND day = OLD.day
    AND root_code = OLD.root_code AND quad_class = COALESCE(OLD.quad_class, 0);
  DELETE FROM dyad_day
  WHERE source_country = OLD.source_country AND target_country = OLD.target_country AND day = OLD.day
    AND root_code = OLD.root_code AND quad_class = COALESCE(OLD.quad_class, 0) AND events <= 0;
END;

CREATE TRIGGER IF NOT EXISTS events_dyad_day_update
AFTER UPDATE OF group_id, source_country, target_country, day, root_code, quad_class, goldstein ON events
BEGIN
  UPDATE dyad_day SET events = events - 1, goldstein_sum = goldstein_sum - COALESCE(OLD.goldstein, 0),
    goldstein_n = goldstein_n - (OLD.goldstein IS NOT NULL)
  WHERE OLD.group_id IS NULL AND source_country = OLD.source_country AND target_country = OLD.target_country
    AND day = OLD.day AND root_code = OLD.root_code AND quad_class = COALESCE(OLD.quad_class, 0);
  DELETE FROM dyad_day
  WHERE source_country = OLD.source_country AND target_country = OLD.target_country AND day = OLD.day
    AND root_code = OLD.root_code AND quad_class = COALESCE(OLD.quad_class, 0) AND events <= 0;
  INSERT INTO dyad_day (source_country, target_country, day, root_code, quad_class, events, goldstein_sum, goldstein_n)
  SELECT NEW.source_country, NEW.target_country, NEW.day, NEW.root_code, COALESCE(NEW.quad_class, 0), 1,
         COALESCE(NEW.goldstein, 0), NEW.goldstein IS NOT NULL
  WHERE NEW.group_id IS NULL AND NEW.source_country IS NOT NULL AND NEW.target_country IS NOT NULL
  ON CONFLICT (source_country, target_country, day, root_code, quad_class) DO UPDATE SET
    events = events + 1, goldstein_sum = goldstein_sum + excluded.goldstein_sum,
    goldstein_n = goldstein_n + excluded.goldstein_n;
END;

-- Covering index for code-level dyads (USAGOV-RUSGOV) and filters the rollup
-- cannot answer: every column the dyad query reads, so the table is not read.
CREATE INDEX IF NOT EXISTS events_ask_dyad_code
  ON events(source_code, target_code, day, root_code, quad_class, goldstein, group_id);
-- Grouped (coded-text) rows of a country dyad, read beside the rollup.
CREATE INDEX IF NOT EXISTS events_ask_grouped
  ON events(source_country, target_country, day) WHERE group_id IS NOT NULL;
