-- 033: improvement actions (issue 15): a measure a manager decides from a
-- dashboard figure, with an owner, a due date, the metric it should move
-- (a key of the dashboard, optionally one type/reason/channel) and the
-- metric's value over the 28 days before it was opened (its baseline).
-- Its status changes, each with a note, are kept in improvement_notes;
-- audit_log records them too.
CREATE TABLE improvements (
  id          BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  title       VARCHAR(200) NOT NULL,
  problem     TEXT NOT NULL,
  cause       TEXT NOT NULL,
  measure     TEXT NOT NULL,
  owner_id    BIGINT NOT NULL,
  created_by  BIGINT NOT NULL,
  metric      VARCHAR(32) NOT NULL,
  dim         CHAR(1) NOT NULL DEFAULT 'a',
  val         VARCHAR(32) NOT NULL DEFAULT '',
  created_at  DATETIME NOT NULL,
  start_day   DATE NOT NULL,
  due         DATE NOT NULL,
  baseline    DOUBLE NULL,
  status      ENUM('open', 'done', 'dropped') NOT NULL DEFAULT 'open',
  closed_at   DATETIME NULL,
  KEY improvements_owner (owner_id, status, due),
  KEY improvements_created (created_at),
  KEY improvements_due (due),
  KEY improvements_closed (closed_at)
) ENGINE=InnoDB;

CREATE TABLE improvement_notes (
  id              BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  improvement_id  BIGINT NOT NULL,
  at              DATETIME NOT NULL,
  staff_id        BIGINT NOT NULL,
  status          ENUM('open', 'done', 'dropped') NOT NULL,
  note            VARCHAR(1000) NOT NULL DEFAULT '',
  KEY improvement_notes_of (improvement_id, id)
) ENGINE=InnoDB;
