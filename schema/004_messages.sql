-- 004: the message thread of a case between the customer and the team.
CREATE TABLE messages (
  id            BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  case_id       BIGINT NOT NULL,
  author_kind   CHAR(1) NOT NULL,              -- c customer, s staff
  author_id     BIGINT NOT NULL,
  body          TEXT NOT NULL,
  attachment_id BIGINT NULL,
  created_at    DATETIME NOT NULL,
  KEY messages_case (case_id, id),
  CONSTRAINT messages_case_fk FOREIGN KEY (case_id) REFERENCES cases (id),
  CONSTRAINT messages_attachment_fk FOREIGN KEY (attachment_id) REFERENCES attachments (id)
) ENGINE=InnoDB;
